// buildCommand's argv for each input it maps, its cache flags and secret env names, and how a build names itself in errors.
import { describe, expect, test } from '@jest/globals';

import { buildCommand, buildDescription, cacheFlags, secretEnvName } from '../../../src/build/command.js';
import type { RawInputs } from '../../../src/config/index.js';
import { configOf } from '../support.js';
import { BOTH, buildxArgv, byDigest, ECR_CACHE_OPTIONS, registryCache } from './buildx-argv.js';

const SECRET = 'sk-live-4242-DO-NOT-LEAK';
const META = '/tmp/buildx-multiarch-x/metadata.json';
const TAG = 'ghcr.io/acme/app:1';
const CACHE = 'ghcr.io/acme/app:buildcache';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

function argv(raw: RawInputs): string[] {
  return buildCommand(configOf(raw), 'b1', META).args;
}

/** The argv of builder b1 writing META, for `platforms`, with `flags`. */
const expected = (platforms: string, flags: string[], context = '.'): string[] => buildxArgv(META, platforms, flags, context);

describe('buildCommand argv', () => {
  test.each<[string, RawInputs, string[]]>([
    [
      'defaults: registry cache from and to the first tag',
      { tags: TAG },
      expected(BOTH, [...registryCache(CACHE), ...byDigest('ghcr.io/acme/app')]),
    ],
    [
      'push false: cache read, not written',
      { tags: TAG, push: 'false', platforms: 'linux/arm64' },
      expected('linux/arm64', ['--tag', TAG, '--cache-from', `type=registry,ref=${CACHE}`]),
    ],
    ['push false and no tags: no cache ref, no cache', { push: 'false' }, expected(BOTH, [])],
    ['cache false: no cache flags', { tags: TAG, cache: 'false' }, expected(BOTH, [...byDigest('ghcr.io/acme/app')])],
    [
      'explicit cache-ref',
      { tags: TAG, 'cache-ref': 'localhost:5000/cache/app:main' },
      expected(BOTH, [
        '--cache-from',
        'type=registry,ref=localhost:5000/cache/app:main',
        '--cache-to',
        'type=registry,ref=localhost:5000/cache/app:main,mode=max,ignore-error=true',
        ...byDigest('ghcr.io/acme/app'),
      ]),
    ],
    [
      'raw cache-from replaces the default from, keeps the default to',
      { tags: TAG, 'cache-from': 'type=gha\ntype=registry,ref=ghcr.io/acme/app:main' },
      expected(BOTH, [
        '--cache-from',
        'type=gha',
        '--cache-from',
        'type=registry,ref=ghcr.io/acme/app:main',
        '--cache-to',
        `type=registry,ref=${CACHE},mode=max,ignore-error=true`,
        ...byDigest('ghcr.io/acme/app'),
      ]),
    ],
    [
      'raw cache-to replaces the default to, keeps the default from',
      { tags: TAG, 'cache-to': 'type=gha,mode=max' },
      expected(BOTH, ['--cache-from', `type=registry,ref=${CACHE}`, '--cache-to', 'type=gha,mode=max', ...byDigest('ghcr.io/acme/app')]),
    ],
    [
      'ECR cache ref: image manifest with OCI media types',
      { tags: `${ECR}/app:1`, platforms: 'linux/amd64' },
      expected('linux/amd64', [...registryCache(`${ECR}/app:buildcache`, ECR_CACHE_OPTIONS), ...byDigest(`${ECR}/app`)]),
    ],
    [
      'ECR Public cache ref',
      { tags: 'public.ecr.aws/acme/app:1', platforms: 'linux/amd64' },
      expected('linux/amd64', [
        ...registryCache('public.ecr.aws/acme/app:buildcache', ECR_CACHE_OPTIONS),
        ...byDigest('public.ecr.aws/acme/app'),
      ]),
    ],
    [
      'ECR tag with a cache-ref elsewhere: no ECR options',
      { tags: `${ECR}/app:1`, platforms: 'linux/amd64', 'cache-ref': 'ghcr.io/acme/cache' },
      expected('linux/amd64', [...registryCache('ghcr.io/acme/cache'), ...byDigest(`${ECR}/app`)]),
    ],
    [
      'every build option, in order',
      {
        tags: `${TAG}, ghcr.io/acme/app:latest`,
        platforms: 'linux/amd64,armhf',
        context: 'app',
        file: 'docker/Dockerfile.prod',
        labels: 'org.opencontainers.image.title=App\norg.opencontainers.image.version=1',
        annotations: 'index:org.opencontainers.image.description=multi-arch',
        'build-args': 'VERSION=1\nHTTP_PROXY',
        target: 'release',
        provenance: 'mode=max',
        sbom: 'true',
        'no-cache': 'true',
        pull: 'true',
        cache: 'false',
      },
      expected(
        'linux/amd64,linux/arm/v7',
        [
          '--file',
          'docker/Dockerfile.prod',
          '--label',
          'org.opencontainers.image.title=App',
          '--label',
          'org.opencontainers.image.version=1',
          '--annotation',
          'index:org.opencontainers.image.description=multi-arch',
          '--build-arg',
          'VERSION=1',
          '--build-arg',
          'HTTP_PROXY',
          '--target',
          'release',
          '--provenance=mode=max',
          '--sbom=true',
          '--no-cache',
          '--pull',
          ...byDigest('ghcr.io/acme/app'),
        ],
        'app',
      ),
    ],
    [
      'load and outputs, no push',
      {
        push: 'false',
        load: 'true',
        platforms: 'linux/arm64',
        outputs: 'type=local,dest=out\ntype=oci,dest=image.tar',
        provenance: 'false',
      },
      expected('linux/arm64', ['--provenance=false', '--load', '--output', 'type=local,dest=out', '--output', 'type=oci,dest=image.tar']),
    ],
    [
      'load and push with the docker driver: no --load, the daemon keeps what it pushes (under the fixed untested tag)',
      { tags: TAG, driver: 'docker', load: 'true', platforms: 'linux/amd64', cache: 'false' },
      expected('linux/amd64', ['--tag', 'ghcr.io/acme/app:buildx-multiarch-untested', '--push']),
    ],
    [
      'load and push with docker-container: the load, named by the tags, then the push, whose digest the metadata reports',
      { tags: `${TAG},ghcr.io/acme/app:latest`, load: 'true', platforms: 'linux/amd64', cache: 'false' },
      expected('linux/amd64', ['--output', `type=docker,"name=${TAG},ghcr.io/acme/app:latest"`, ...byDigest('ghcr.io/acme/app')]),
    ],
    [
      'load and push of one tag: its name needs no quotes',
      { tags: TAG, load: 'true', platforms: 'linux/amd64', cache: 'false' },
      expected('linux/amd64', ['--output', `type=docker,name=${TAG}`, ...byDigest('ghcr.io/acme/app')]),
    ],
    [
      'remote context',
      { push: 'false', context: 'https://github.com/acme/app.git#main:docker', cache: 'false' },
      expected(BOTH, [], 'https://github.com/acme/app.git#main:docker'),
    ],
    [
      'shell metacharacters, quotes and unicode stay single argv elements',
      {
        push: 'false',
        labels: `title=it's "quoted" $(touch /tmp/pwned); \`id\` | cat > x && ünïcødé 🚀`,
        'build-args': "CMD=sh -c 'echo $HOME' ; rm -rf /",
        target: 'stage$1',
      },
      expected(BOTH, [
        '--label',
        `title=it's "quoted" $(touch /tmp/pwned); \`id\` | cat > x && ünïcødé 🚀`,
        '--build-arg',
        "CMD=sh -c 'echo $HOME' ; rm -rf /",
        '--target',
        'stage$1',
      ]),
    ],
  ])('%s', (_, raw, argvExpected) => {
    expect(argv(raw)).toEqual(argvExpected);
  });

  test('tags arrive as exact argv elements whatever they hold', () => {
    const config = {
      ...configOf({ tags: TAG, cache: 'false', push: 'false' }),
      tags: ['ghcr.io/acme/app:$(id)', 'ghcr.io/acme/app:"a b"', 'ghcr.io/acme/app:ü;rm'],
    };
    expect(buildCommand(config, 'b1', META).args).toEqual(
      expected(BOTH, ['--tag', 'ghcr.io/acme/app:$(id)', '--tag', 'ghcr.io/acme/app:"a b"', '--tag', 'ghcr.io/acme/app:ü;rm']),
    );
  });

  test('secrets go to the environment and only their names to argv', () => {
    const command = buildCommand(configOf({ tags: TAG, cache: 'false', secrets: `npm_token=${SECRET}\ngithub.token=a=b` }), 'b1', META);
    expect(command.args).toEqual(
      expected(BOTH, [
        '--secret',
        'id=npm_token,env=BUILDX_MULTIARCH_SECRET_0',
        '--secret',
        'id=github.token,env=BUILDX_MULTIARCH_SECRET_1',
        ...byDigest('ghcr.io/acme/app'),
      ]),
    );
    expect(command.args.join(' ')).not.toContain(SECRET);
    expect(command.env).toEqual({ BUILDX_METADATA_WARNINGS: '1', BUILDX_MULTIARCH_SECRET_0: SECRET, BUILDX_MULTIARCH_SECRET_1: 'a=b' });
  });

  test("no secrets: only the switch that puts the build checks' warnings in the metadata file", () => {
    expect(buildCommand(configOf({ tags: TAG }), 'b1', META).env).toEqual({ BUILDX_METADATA_WARNINGS: '1' });
  });
});

describe('cacheFlags', () => {
  test.each<[RawInputs, { from: string[]; to: string[] }]>([
    [{ tags: TAG }, { from: [`type=registry,ref=${CACHE}`], to: [`type=registry,ref=${CACHE},mode=max,ignore-error=true`] }],
    [
      { tags: `${ECR.replace('eu-west-1', 'cn-north-1')}.cn/app:1` },
      {
        from: [`type=registry,ref=${ECR.replace('eu-west-1', 'cn-north-1')}.cn/app:buildcache`],
        to: [
          `type=registry,ref=${ECR.replace('eu-west-1', 'cn-north-1')}.cn/app:buildcache,mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true`,
        ],
      },
    ],
    [
      { tags: TAG, cache: 'false', 'cache-from': 'type=gha' },
      { from: ['type=gha'], to: [] },
    ],
    [
      { tags: TAG, push: 'false', 'cache-to': 'type=local,dest=/tmp/c' },
      { from: [`type=registry,ref=${CACHE}`], to: ['type=local,dest=/tmp/c'] },
    ],
  ])('%j -> %j', (raw, expected) => {
    expect(cacheFlags(configOf(raw))).toEqual(expected);
  });

  test('no default export where the builder cannot export a cache (docker driver, classic store)', () => {
    expect(cacheFlags(configOf({ tags: TAG }), false)).toEqual({ from: [`type=registry,ref=${CACHE}`], to: [] });
    expect(buildCommand(configOf({ tags: TAG }), 'default', META, false).args).not.toContain('--cache-to');
  });
});

test.each<[number, string]>([
  [0, 'BUILDX_MULTIARCH_SECRET_0'],
  [12, 'BUILDX_MULTIARCH_SECRET_12'],
])('secretEnvName(%d) = %j', (index, name) => {
  expect(secretEnvName(index)).toBe(name);
});

describe('buildDescription', () => {
  test.each<[RawInputs, string]>([
    [{ tags: `${TAG},ghcr.io/acme/app:latest` }, 'building linux/amd64, linux/arm64 and pushing by digest to ghcr.io/acme/app'],
    [
      { tags: `${TAG},ghcr.io/acme/app:latest`, driver: 'docker' },
      'building linux/amd64, linux/arm64 and pushing to ghcr.io/acme/app:buildx-multiarch-untested',
    ],
    [{ push: 'false', platforms: 'arm64' }, 'building linux/arm64'],
  ])('%j -> %j', (raw, description) => {
    expect(buildDescription(configOf(raw))).toBe(description);
  });
});
