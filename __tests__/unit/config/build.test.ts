// The build section: platforms, tags, the build's key=value lists, context and file, outputs, test-command.
import { describe, expect, test } from '@jest/globals';

import { type Config, type ParseContext, type RawInputs } from '../../../src/config/index.js';
import { configOf, configWithCredentials, DIGEST, expectRefusal, NO_RUN, TAG_CHARS } from '../support.js';

const ACCEPTED =
  'use linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/amd64/v4, linux/arm64, linux/arm/v7, linux/arm/v6, linux/arm/v5, ' +
  'linux/386, linux/ppc64le, linux/s390x, linux/riscv64, linux/mips64le, linux/mips64, linux/loong64 ' +
  '(or an alias: amd64, x86_64, x86-64, x64, amd64/v2, amd64/v3, amd64/v4, arm64, aarch64, arm64/v8, arm64v8, arm/v7, armv7, ' +
  'armv7l, armhf, arm32v7, arm, arm/v6, armv6, armv6l, armel, arm32v6, arm/v5, armv5, armv5l, arm32v5, 386, i386, i686, x86, ' +
  'ppc64le, ppc64el, s390x, riscv64, mips64le, mips64el, mips64, loong64, loongarch64)';

describe('the build section refuses bad input with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    ['unknown platform', { platforms: 'linux/sparc' }, `Input "platforms" has "linux/sparc", which is not a known platform: ${ACCEPTED}`],
    [
      'platform without architecture',
      { platforms: 'linux/amd64,linux/' },
      `Input "platforms" has "linux/", which is not a known platform: ${ACCEPTED}`,
    ],
    [
      'platform with a space',
      { platforms: 'linux amd64' },
      `Input "platforms" has "linux amd64", which is not a known platform: ${ACCEPTED}`,
    ],
    [
      'windows platform',
      { platforms: 'windows/amd64' },
      `Input "platforms" has "windows/amd64", which is not a known platform: ${ACCEPTED}`,
    ],
    [
      'upper-case repository',
      { tags: 'ghcr.io/Acme/app:1' },
      'Input "tags" has "ghcr.io/Acme/app:1", which has an upper-case repository name "Acme" (repository names are lower case)',
    ],
    [
      'upper-case Docker Hub name',
      { tags: 'App:1' },
      'Input "tags" has "App:1", which has an upper-case repository name "App" (repository names are lower case)',
    ],
    ['space in a tag', { tags: 'ghcr.io/acme/my app:1' }, 'Input "tags" has "ghcr.io/acme/my app:1", which contains whitespace'],
    [
      'port out of range',
      { tags: 'localhost:99999/app:1' },
      'Input "tags" has "localhost:99999/app:1", which has an invalid registry port "99999" (1-65535)',
    ],
    [
      'port not a number',
      { tags: 'registry.local:abc/app:1' },
      'Input "tags" has "registry.local:abc/app:1", which has an invalid registry port "abc" (1-65535)',
    ],
    [
      'tag with "+"',
      { tags: 'ghcr.io/acme/app:v1+build' },
      `Input "tags" has "ghcr.io/acme/app:v1+build", which has an invalid tag "v1+build" ${TAG_CHARS}`,
    ],
    [
      'tag starting with "."',
      { tags: 'ghcr.io/acme/app:.x' },
      `Input "tags" has "ghcr.io/acme/app:.x", which has an invalid tag ".x" ${TAG_CHARS}`,
    ],
    [
      'empty tag after ":"',
      { tags: 'ghcr.io/acme/app:' },
      `Input "tags" has "ghcr.io/acme/app:", which has an invalid tag "" ${TAG_CHARS}`,
    ],
    [
      'tag with a valid digest',
      { tags: `ghcr.io/acme/app@${DIGEST}` },
      `Input "tags" has "ghcr.io/acme/app@${DIGEST}": a tag cannot hold a digest`,
    ],
    [
      'tag and digest',
      { tags: `ghcr.io/acme/app:1@${DIGEST}` },
      `Input "tags" has "ghcr.io/acme/app:1@${DIGEST}": a tag cannot hold a digest`,
    ],
    [
      'tag with a malformed digest',
      { tags: 'ghcr.io/acme/app@sha256:abc' },
      'Input "tags" has "ghcr.io/acme/app@sha256:abc", which has an invalid digest "sha256:abc"',
    ],
    [
      'second tag invalid',
      { tags: 'ghcr.io/acme/app:1\nghcr.io/acme/app:-x' },
      `Input "tags" has "ghcr.io/acme/app:-x", which has an invalid tag "-x" ${TAG_CHARS}`,
    ],
    [
      'build-arg without a key',
      { 'build-args': 'A=1\n=2' },
      'Input "build-args" has "=2": expected KEY=VALUE (or KEY to pass it from the environment)',
    ],
    [
      'build-arg key with a space',
      { 'build-args': 'MY ARG=1' },
      'Input "build-args" has "MY ARG=1": expected KEY=VALUE (or KEY to pass it from the environment)',
    ],
    [
      'label without "="',
      { labels: 'org.opencontainers.image.title' },
      'Input "labels" has "org.opencontainers.image.title": expected KEY=VALUE',
    ],
    ['label without a key', { labels: '=x' }, 'Input "labels" has "=x": expected KEY=VALUE'],
    [
      'annotation without "="',
      { annotations: 'index:org.opencontainers.image.title' },
      'Input "annotations" has "index:org.opencontainers.image.title": expected KEY=VALUE',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('the build section accepts', () => {
  test.each<[string, string[]]>([
    ['linux/amd64,linux/arm64', ['linux/amd64', 'linux/arm64']],
    ['amd64, x86_64, aarch64, armhf', ['linux/amd64', 'linux/arm64', 'linux/arm/v7']],
    ['linux/arm64/v8,arm64,linux/arm64', ['linux/arm64']],
    ['linux/arm,linux/arm/v7,linux/arm/v6', ['linux/arm/v7', 'linux/arm/v6']],
    ['Linux/AMD64', ['linux/amd64']],
    ['linux/amd64\n\n  linux/arm64\n', ['linux/amd64', 'linux/arm64']],
    ['linux/amd64,linux/arm64\nlinux/s390x\n', ['linux/amd64', 'linux/arm64', 'linux/s390x']],
    ['"linux/amd64", "linux/arm64"', ['linux/amd64', 'linux/arm64']],
    ['  \n', ['linux/amd64', 'linux/arm64']],
  ])('platforms %j -> %j', (platforms, expected) => {
    expect(configOf({ push: 'false', platforms }).platforms).toEqual(expected);
  });

  test.each<[string, string[]]>([
    ['"ghcr.io/acme/app:1","ghcr.io/acme/app:latest"', ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest']],
    ['ghcr.io/acme/app:1, ghcr.io/acme/app:2\nghcr.io/acme/app:3\n', ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:2', 'ghcr.io/acme/app:3']],
    ['localhost:5000/app:1\r\n[::1]:5000/a/b:t', ['localhost:5000/app:1', '[::1]:5000/a/b:t']],
  ])('tags %j -> %j', (tags, expected) => {
    expect(configOf({ tags }).tags).toEqual(expected);
  });

  test.each<[RawInputs, Partial<Config>]>([
    [{ context: 'app' }, { context: 'app', file: '' }],
    [
      { context: 'empty', file: 'docker/Dockerfile.prod' },
      { context: 'empty', file: 'docker/Dockerfile.prod' },
    ],
    [{ context: 'https://github.com/acme/app.git#main' }, { context: 'https://github.com/acme/app.git#main' }],
    [
      { context: 'git@github.com:acme/app.git', file: 'Dockerfile.remote' },
      { context: 'git@github.com:acme/app.git', file: 'Dockerfile.remote' },
    ],
    [{ 'build-args': 'VERSION=1.2.3\nHTTP_PROXY\nEMPTY=\nEXPR=a=b' }, { buildArgs: ['VERSION=1.2.3', 'HTTP_PROXY', 'EMPTY=', 'EXPR=a=b'] }],
    [{ labels: 'org.opencontainers.image.title=My App\n\nempty=' }, { labels: ['org.opencontainers.image.title=My App', 'empty='] }],
    [
      { annotations: 'index:org.opencontainers.image.description=multi, arch' },
      { annotations: ['index:org.opencontainers.image.description=multi, arch'] },
    ],
    [
      { outputs: 'type=local,dest=out\ntype=oci,dest=image.tar', push: 'false' },
      { outputs: ['type=local,dest=out', 'type=oci,dest=image.tar'], push: false },
    ],
    [
      { target: ' release ', provenance: 'mode=max', sbom: 'true' },
      { target: 'release', provenance: 'mode=max', sbom: 'true' },
    ],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });

  test.each<[string, RawInputs, ParseContext, Partial<Config>]>([
    ['test-command, trimmed', { 'test-command': '  ./smoke.sh --quick\n' }, NO_RUN, { mode: 'build', testCommand: './smoke.sh --quick' }],
    [
      'test-command on several lines',
      { 'test-command': 'set -e\n[ -x /app ]\n/app --version' },
      NO_RUN,
      { testCommand: 'set -e\n[ -x /app ]\n/app --version' },
    ],
    [
      'test-command in a leg',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', 'test-command': '/app --version' },
      NO_RUN,
      { mode: 'leg', testCommand: '/app --version' },
    ],
    ['platforms given', { platforms: 'linux/arm64' }, NO_RUN, { platforms: ['linux/arm64'] }],
    [
      'platforms given as the default list',
      { platforms: 'linux/amd64,linux/arm64' },
      NO_RUN,
      { platforms: ['linux/amd64', 'linux/arm64'] },
    ],
    ['platforms blank: not given', { platforms: ' \n ' }, NO_RUN, { platforms: ['linux/amd64', 'linux/arm64'] }],
    // a merge of sources checks the result against platforms only when they are given
    [
      'a merge of sources, platforms not given: what the sources hold',
      { merge: 'true', sources: 'ghcr.io/acme/app:a', platforms: ' \n ' },
      NO_RUN,
      { mode: 'merge', platforms: [] },
    ],
    [
      'a merge of sources, platforms given',
      { merge: 'true', sources: 'ghcr.io/acme/app:a', platforms: 'arm64' },
      NO_RUN,
      { mode: 'merge', platforms: ['linux/arm64'] },
    ],
    [
      'a merge of sources, platforms given as the default list',
      { merge: 'true', sources: 'ghcr.io/acme/app:a', platforms: 'linux/amd64,linux/arm64' },
      NO_RUN,
      { platforms: ['linux/amd64', 'linux/arm64'] },
    ],
  ])('%s', (_, raw, ctx, expected) => {
    expect(configWithCredentials(raw, ctx)).toMatchObject(expected);
  });
});
