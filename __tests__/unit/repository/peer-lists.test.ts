// The line inputs read as build-push-action and setup-buildx-action read them (actions-toolkit's getInputList), so
// that a `with:` block copied from them reaches buildx the same: the rows are the peers' own cases
// (build-push-action __tests__/context.test.ts, actions-toolkit __tests__/util.test.ts) and whole-line quotes.
import { describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import { type FileSystemFacts, parseConfig, type RawInputs } from '../../../src/config/index.js';
import { createArgs } from '../../../src/setup/builder.js';
import { thrown } from '../support.js';

const files: FileSystemFacts = {
  isDirectory: (p) => ['.', 'ctx/extra'].includes(p),
  isFile: (p) => ['Dockerfile'].includes(p),
};

/** The values buildx receives after `flag`, in order. */
function valuesOf(raw: RawInputs, flag: string): string[] {
  const config = parseConfig({ push: 'false', platforms: 'linux/amd64', ...raw }, { files, env: {} });
  const args = flag === '--driver-opt' ? createArgs(config, 'b1') : buildCommand(config, 'b1', '/tmp/m.json').args;
  return args.flatMap((arg, i) => (i > 0 && args[i - 1] === flag ? [arg] : []));
}

describe('a line input reaches buildx as the peer passes it', () => {
  test.each<[string, RawInputs, string, string[]]>([
    ['build-args: a line quoted whole loses its quotes', { 'build-args': '"FOO=a,b"' }, '--build-arg', ['FOO=a,b']],
    [
      "build-args: the peer's commas, and a quoted value spanning lines",
      { 'build-args': 'MY_ARG=val1,val2,val3\nARG=val\n"MULTILINE=aaaa\nbbbb\nccc"' },
      '--build-arg',
      ['MY_ARG=val1,val2,val3', 'ARG=val', 'MULTILINE=aaaa\nbbbb\nccc'],
    ],
    ['build-args: "#" is no comment', { 'build-args': 'FOO=bar#baz' }, '--build-arg', ['FOO=bar#baz']],
    ['build-args: a quote inside a value stays', { 'build-args': 'FOO="a,b"' }, '--build-arg', ['FOO="a,b"']],
    [
      'build-args: a doubled quote inside a quoted line is one quote',
      { 'build-args': '"MSG=say ""hi"", then go"' },
      '--build-arg',
      ['MSG=say "hi", then go'],
    ],
    [
      "labels: the peer's commas and quotes inside a value",
      {
        labels:
          'org.opencontainers.image.title=buildkit\norg.opencontainers.image.description=concurrent, cache-efficient, and Dockerfile-agnostic builder toolkit\n' +
          'org.opencontainers.image.source=Reference implementation of operation "filter results (top-n)"',
      },
      '--label',
      [
        'org.opencontainers.image.title=buildkit',
        'org.opencontainers.image.description=concurrent, cache-efficient, and Dockerfile-agnostic builder toolkit',
        'org.opencontainers.image.source=Reference implementation of operation "filter results (top-n)"',
      ],
    ],
    [
      'labels: a line quoted whole',
      { labels: '"org.opencontainers.image.authors=Jane, John"' },
      '--label',
      ['org.opencontainers.image.authors=Jane, John'],
    ],
    [
      "annotations: the peer's levels",
      { annotations: 'example1=www\nindex:example2=xxx\nmanifest:example3=yyy\nmanifest-descriptor[linux/amd64]:example4=zzz' },
      '--annotation',
      ['example1=www', 'index:example2=xxx', 'manifest:example3=yyy', 'manifest-descriptor[linux/amd64]:example4=zzz'],
    ],
    [
      'annotations: a line quoted whole',
      { annotations: '"index:org.opencontainers.image.description=fast, small"' },
      '--annotation',
      ['index:org.opencontainers.image.description=fast, small'],
    ],
    [
      "cache-from: the peer's lines, and one quoted whole",
      { 'cache-from': 'user/app:cache\ntype=local,src=path/to/dir\n"type=registry,ref=ghcr.io/acme/app:cache"' },
      '--cache-from',
      ['user/app:cache', 'type=local,src=path/to/dir', 'type=registry,ref=ghcr.io/acme/app:cache'],
    ],
    [
      'cache-to: a line quoted whole',
      { 'cache-to': '"type=local,dest=path/to/dir,mode=max"' },
      '--cache-to',
      ['type=local,dest=path/to/dir,mode=max'],
    ],
    // buildx reads these as CSV itself: a quoted field inside a line keeps the quotes that hold its comma
    [
      'cache-to: a quoted field inside a line stays as written',
      { 'cache-to': 'type=registry,"ref=ghcr.io/acme/app:cache",mode=max' },
      '--cache-to',
      ['type=registry,"ref=ghcr.io/acme/app:cache",mode=max'],
    ],
    ["ulimit: the peer's lines", { ulimit: 'nofile=1024:1024\nnproc=3' }, '--ulimit', ['nofile=1024:1024', 'nproc=3']],
    ['ulimit: a line quoted whole', { ulimit: '"nofile=1024:1024"' }, '--ulimit', ['nofile=1024:1024']],
    [
      'build-contexts: a line quoted whole',
      { 'build-contexts': '"alpine=docker-image://alpine:3.20"\nextra=ctx/extra' },
      '--build-context',
      ['alpine=docker-image://alpine:3.20', 'extra=ctx/extra'],
    ],
    [
      'attests: a line quoted whole',
      { attests: '"type=sbom,generator=image"', provenance: 'false' },
      '--attest',
      ['type=sbom,generator=image'],
    ],
    // outputs and driver-opts are read with quote: false by the peers: buildx reads the quotes itself
    [
      'outputs: the peer keeps quotes',
      {
        outputs:
          'type=image,"name=localhost:5000/name/app:latest,localhost:5000/name/app:foo",push-by-digest=true,name-canonical=true,push=true',
      },
      '--output',
      ['type=image,"name=localhost:5000/name/app:latest,localhost:5000/name/app:foo",push-by-digest=true,name-canonical=true,push=true'],
    ],
    [
      'driver-opts: setup-buildx-action keeps quotes',
      { 'driver-opts': '"env.no_proxy=localhost,127.0.0.1,.mydomain"' },
      '--driver-opt',
      ['"env.no_proxy=localhost,127.0.0.1,.mydomain"'],
    ],
  ])('%s', (_, raw, flag, expected) => {
    expect(valuesOf(raw, flag)).toEqual(expected);
  });
});

test.each<[RawInputs, string]>([
  [
    { 'build-args': 'A=1\n"B=2' },
    'Input "build-args" is not a valid list (line 2): one entry per line; an entry double-quoted whole may hold commas and span lines ("KEY=line 1…line 2")',
  ],
  [
    { 'cache-from': '"type=gha' },
    'Input "cache-from" is not a valid list (line 1): one entry per line; an entry double-quoted whole may hold commas and span lines ("KEY=line 1…line 2")',
  ],
])('an unclosed quote is refused, naming the input and the line: %j', (raw, message) => {
  expect(thrown(() => valuesOf(raw, '--build-arg'))?.message).toBe(message);
});

describe('a comma-separated input: a line quoted whole is split on its commas, as the peer splits it', () => {
  test.each<[RawInputs, keyof ReturnType<typeof parseConfig>, string[]]>([
    [{ platforms: 'linux/amd64\n"linux/arm64,linux/arm/v7"' }, 'platforms', ['linux/amd64', 'linux/arm64', 'linux/arm/v7']],
    [{ tags: '"ghcr.io/acme/app:1, ghcr.io/acme/app:latest"' }, 'tags', ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest']],
    [{ 'no-cache-filters': '"deps,build"' }, 'noCacheFilters', ['deps', 'build']],
  ])('%j', (raw, field, expected) => {
    expect(parseConfig({ push: 'false', ...raw }, { files, env: {} })[field]).toEqual(expected);
  });

  test('an empty entry inside the quotes is refused as between bare commas', () => {
    expect(thrown(() => parseConfig({ platforms: '"linux/amd64,"' }, { files, env: {} }))?.message).toBe(
      'Input "platforms" has an empty entry in "\\"linux/amd64,\\"": remove the extra comma (an empty ${{ }} expression?)',
    );
  });
});
