import { describe, expect, test } from '@jest/globals';

import { buildCommand, buildDescription, cacheFlags, type PushPlan, pushPlan, secretEnvName } from '../../../src/build/command.js';
import { buildError, failedStep, isRetriableBuildFailure } from '../../../src/build/failure.js';
import { type Config, parseConfig, type RawInputs } from '../../../src/config/index.js';
import { configOf, fakeFiles, fixture, runFalseFailure } from '../support.js';
import { BOTH, buildxArgv, ECR_CACHE_OPTIONS, registryCache } from './buildx-argv.js';

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
      expected(BOTH, ['--tag', TAG, ...registryCache(CACHE), '--push']),
    ],
    [
      'push false: cache read, not written',
      { tags: TAG, push: 'false', platforms: 'linux/arm64' },
      expected('linux/arm64', ['--tag', TAG, '--cache-from', `type=registry,ref=${CACHE}`]),
    ],
    ['push false and no tags: no cache ref, no cache', { push: 'false' }, expected(BOTH, [])],
    ['cache false: no cache flags', { tags: TAG, cache: 'false' }, expected(BOTH, ['--tag', TAG, '--push'])],
    [
      'explicit cache-ref',
      { tags: TAG, 'cache-ref': 'localhost:5000/cache/app:main' },
      expected(BOTH, [
        '--tag',
        TAG,
        '--cache-from',
        'type=registry,ref=localhost:5000/cache/app:main',
        '--cache-to',
        'type=registry,ref=localhost:5000/cache/app:main,mode=max,ignore-error=true',
        '--push',
      ]),
    ],
    [
      'raw cache-from replaces the default from, keeps the default to',
      { tags: TAG, 'cache-from': 'type=gha\ntype=registry,ref=ghcr.io/acme/app:main' },
      expected(BOTH, [
        '--tag',
        TAG,
        '--cache-from',
        'type=gha',
        '--cache-from',
        'type=registry,ref=ghcr.io/acme/app:main',
        '--cache-to',
        `type=registry,ref=${CACHE},mode=max,ignore-error=true`,
        '--push',
      ]),
    ],
    [
      'raw cache-to replaces the default to, keeps the default from',
      { tags: TAG, 'cache-to': 'type=gha,mode=max' },
      expected(BOTH, ['--tag', TAG, '--cache-from', `type=registry,ref=${CACHE}`, '--cache-to', 'type=gha,mode=max', '--push']),
    ],
    [
      'ECR cache ref: image manifest with OCI media types',
      { tags: `${ECR}/app:1`, platforms: 'linux/amd64' },
      expected('linux/amd64', ['--tag', `${ECR}/app:1`, ...registryCache(`${ECR}/app:buildcache`, ECR_CACHE_OPTIONS), '--push']),
    ],
    [
      'ECR Public cache ref',
      { tags: 'public.ecr.aws/acme/app:1', platforms: 'linux/amd64' },
      expected('linux/amd64', [
        '--tag',
        'public.ecr.aws/acme/app:1',
        ...registryCache('public.ecr.aws/acme/app:buildcache', ECR_CACHE_OPTIONS),
        '--push',
      ]),
    ],
    [
      'ECR tag with a cache-ref elsewhere: no ECR options',
      { tags: `${ECR}/app:1`, platforms: 'linux/amd64', 'cache-ref': 'ghcr.io/acme/cache' },
      expected('linux/amd64', ['--tag', `${ECR}/app:1`, ...registryCache('ghcr.io/acme/cache'), '--push']),
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
          '--tag',
          TAG,
          '--tag',
          'ghcr.io/acme/app:latest',
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
          '--push',
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
      'load and push with the docker driver: no --load, the daemon keeps what it pushes',
      { tags: TAG, driver: 'docker', load: 'true', platforms: 'linux/amd64', cache: 'false' },
      expected('linux/amd64', ['--tag', TAG, '--push']),
    ],
    [
      'load and push with docker-container: both exporters',
      { tags: TAG, load: 'true', platforms: 'linux/amd64', cache: 'false' },
      expected('linux/amd64', ['--tag', TAG, '--push', '--load']),
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
      ...configOf({ tags: TAG, cache: 'false' }),
      tags: ['ghcr.io/acme/app:$(id)', 'ghcr.io/acme/app:"a b"', 'ghcr.io/acme/app:ü;rm'],
    };
    expect(buildCommand(config, 'b1', META).args).toEqual(
      expected(BOTH, ['--tag', 'ghcr.io/acme/app:$(id)', '--tag', 'ghcr.io/acme/app:"a b"', '--tag', 'ghcr.io/acme/app:ü;rm', '--push']),
    );
  });

  test('secrets go to the environment and only their names to argv', () => {
    const command = buildCommand(configOf({ tags: TAG, cache: 'false', secrets: `npm_token=${SECRET}\ngithub.token=a=b` }), 'b1', META);
    expect(command.args).toEqual(
      expected(BOTH, [
        '--tag',
        TAG,
        '--secret',
        'id=npm_token,env=BUILDX_MULTIARCH_SECRET_0',
        '--secret',
        'id=github.token,env=BUILDX_MULTIARCH_SECRET_1',
        '--push',
      ]),
    );
    expect(command.args.join(' ')).not.toContain(SECRET);
    expect(command.env).toEqual({ BUILDX_METADATA_WARNINGS: '1', BUILDX_MULTIARCH_SECRET_0: SECRET, BUILDX_MULTIARCH_SECRET_1: 'a=b' });
  });

  test("no secrets: only the switch that puts the build checks' warnings in the metadata file", () => {
    expect(buildCommand(configOf({ tags: TAG }), 'b1', META).env).toEqual({ BUILDX_METADATA_WARNINGS: '1' });
  });
});

// A leg pushes by digest to the first tag's repository and tags nothing (the legs' ledger finds it); with a
// test-command a build pushes by digest only and the tags are set once the test passed.
const BY_DIGEST = 'type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=true';
const fromRun = (raw: RawInputs): Config => parseConfig(raw, { files: fakeFiles, run: { id: '9876543210', attempt: '2' } });

describe('pushPlan', () => {
  test.each<[string, Config, PushPlan]>([
    [
      'a build: the tags at once',
      configOf({ tags: `${TAG},ghcr.io/acme/app:latest` }),
      { buildTags: [TAG, 'ghcr.io/acme/app:latest'], tagAfter: [] },
    ],
    [
      'a build not pushed: the tags name the loaded image',
      configOf({ tags: TAG, push: 'false', load: 'true', platforms: 'linux/amd64' }),
      { buildTags: [TAG], tagAfter: [] },
    ],
    [
      'a leg of one platform: by digest, no tag',
      configOf({ tags: TAG, 'push-by-digest': 'true', 'run-id': 'p7', 'merge-key': 'k1', platforms: 'arm64' }),
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [] },
    ],
    [
      "a leg of two platforms in a run: by digest to the first tag's repository only",
      fromRun({ tags: `${TAG},docker.io/acme/app:1`, 'push-by-digest': 'true', platforms: 'linux/amd64,linux/arm/v7' }),
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [] },
    ],
    [
      'a test-command: by digest, then the tags',
      configOf({ tags: `${TAG},ghcr.io/acme/app:latest`, 'test-command': './smoke.sh' }),
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [TAG, 'ghcr.io/acme/app:latest'] },
    ],
    [
      'a test-command with the docker driver, which cannot push by digest: one fixed untested tag, then the tags',
      configOf({ tags: `${TAG},ghcr.io/acme/app:latest`, 'test-command': './smoke.sh', driver: 'docker' }),
      { buildTags: ['ghcr.io/acme/app:buildx-multiarch-untested'], tagAfter: [TAG, 'ghcr.io/acme/app:latest'] },
    ],
    [
      'a test-command with tags in two repositories: by digest to the first',
      configOf({ tags: 'localhost:5000/acme/app:1,ghcr.io/acme/app:1', 'test-command': 'true' }),
      { buildTags: [], byDigestTo: 'localhost:5000/acme/app', tagAfter: ['localhost:5000/acme/app:1', 'ghcr.io/acme/app:1'] },
    ],
    [
      'a leg with a test-command: by digest, no tag after the test either',
      configOf({
        tags: TAG,
        'push-by-digest': 'true',
        'run-id': 'p7',
        'merge-key': 'k1',
        platforms: 'linux/amd64,linux/arm64',
        'test-command': '/app --version',
      }),
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [] },
    ],
  ])('%s', (_, config, plan) => {
    expect(pushPlan(config)).toEqual(plan);
  });
});

describe('buildCommand argv for legs and test-command', () => {
  test.each<[string, Config, string[]]>([
    [
      'a leg: no tag, pushed by digest, a cache ref of its own variant and platform',
      configOf({
        tags: `${TAG},ghcr.io/acme/app:latest`,
        'push-by-digest': 'true',
        'run-id': 'p7',
        'merge-key': 'k1',
        platforms: 'linux/arm64',
      }),
      // each leg its own cache ref: parallel legs (and variants) would overwrite one shared ref
      expected('linux/arm64', [...registryCache(`${CACHE}-k1-linux-arm64`), '--output', BY_DIGEST]),
    ],
    [
      'a leg of two platforms in a run',
      fromRun({ tags: TAG, 'push-by-digest': 'true', platforms: 'linux/amd64,linux/arm/v7', cache: 'false' }),
      expected('linux/amd64,linux/arm/v7', ['--output', BY_DIGEST]),
    ],
    [
      'a test-command: no tag, pushed by digest',
      configOf({ tags: `${TAG},ghcr.io/acme/app:latest`, 'test-command': './smoke.sh' }),
      expected(BOTH, [...registryCache(CACHE), '--output', BY_DIGEST]),
    ],
    [
      'a test-command with load and another output: both kept',
      configOf({
        tags: TAG,
        'test-command': 'true',
        platforms: 'linux/amd64',
        cache: 'false',
        load: 'true',
        outputs: 'type=local,dest=out',
      }),
      expected('linux/amd64', ['--output', BY_DIGEST, '--load', '--output', 'type=local,dest=out']),
    ],
    [
      'a leg with a test-command: no tag, pushed by digest',
      configOf({
        tags: TAG,
        'push-by-digest': 'true',
        'run-id': 'p7',
        'merge-key': 'k1',
        platforms: 'linux/arm64',
        'test-command': '/app --version',
        cache: 'false',
      }),
      expected('linux/arm64', ['--output', BY_DIGEST]),
    ],
  ])('%s', (_, config, argvExpected) => {
    expect(buildCommand(config, 'b1', META).args).toEqual(argvExpected);
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
    [
      { tags: `${TAG},ghcr.io/acme/app:latest` },
      'building linux/amd64, linux/arm64 and pushing to ghcr.io/acme/app:1, ghcr.io/acme/app:latest',
    ],
    [{ push: 'false', platforms: 'arm64' }, 'building linux/arm64'],
  ])('%j -> %j', (raw, description) => {
    expect(buildDescription(configOf(raw))).toBe(description);
  });
});

const MULTI_PLATFORM_FAILURE = `#0 building with "buildx-multiarch-1a2b3c4d" instance using docker-container driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 93B done
#1 DONE 0.0s

#5 [linux/amd64 2/2] RUN [ "$(uname -m)" != aarch64 ]
#5 DONE 0.2s

#6 [linux/arm64 2/2] RUN [ "$(uname -m)" != aarch64 ]
#6 ERROR: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1
------
 > [linux/arm64 2/2] RUN [ "$(uname -m)" != aarch64 ]:
------
Dockerfile:2
--------------------
   1 |     FROM alpine:3.20
   2 | >>> RUN [ "$(uname -m)" != aarch64 ]
   3 |
--------------------
ERROR: failed to build: failed to solve: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1
`;

const SINGLE_PLATFORM_FAILURE = runFalseFailure('[2/2]');

describe('failedStep', () => {
  test.each<[string, string, { platform?: string; step: string } | undefined]>([
    ['multi-platform RUN', MULTI_PLATFORM_FAILURE, { platform: 'linux/arm64', step: '[2/2] RUN [ "$(uname -m)" != aarch64 ]' }],
    ['single-platform RUN', SINGLE_PLATFORM_FAILURE, { platform: undefined, step: '[2/2] RUN false' }],
    ['CRLF line ends', SINGLE_PLATFORM_FAILURE.replace(/\n/g, '\r\n'), { platform: undefined, step: '[2/2] RUN false' }],
    [
      'three-part platform and a named stage',
      '------\n > [linux/arm/v7 build 3/4] RUN make -j4:\n------\nERROR: failed to build\n',
      { platform: 'linux/arm/v7', step: '[build 3/4] RUN make -j4' },
    ],
    [
      'RUN output inside the summary',
      '------\n > [linux/arm64 2/2] RUN echo boom && false:\n0.123 boom\n------\nERROR: x\n',
      { platform: 'linux/arm64', step: '[2/2] RUN echo boom && false' },
    ],
    [
      'base image not found',
      '------\n > [internal] load metadata for docker.io/library/nope:latest:\n------\nERROR: failed to build: failed to solve: nope: not found\n',
      { platform: undefined, step: '[internal] load metadata for docker.io/library/nope:latest' },
    ],
    [
      'last summary wins',
      '------\n > [linux/amd64 2/2] RUN a:\n------\n------\n > [linux/arm64 2/2] RUN b:\n------\n',
      { platform: 'linux/arm64', step: '[2/2] RUN b' },
    ],
    [
      'no summary',
      'ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n',
      undefined,
    ],
    ['progress line only (no ">")', '#6 [linux/arm64 2/2] RUN false\n#6 ERROR: exit code: 1\n', undefined],
    ['empty', '', undefined],
  ])('%s', (_, stderr, expected) => {
    expect(failedStep(stderr)).toEqual(expected);
  });
});

describe('failedStep on captured buildx stderr', () => {
  test.each<[string, { platform?: string; step: string } | undefined]>([
    ['stderr-build-run-fails-arm64.txt', { platform: 'linux/arm64', step: '[2/2] RUN [ "$(uname -m)" != aarch64 ]' }],
    ['stderr-push-no-auth.txt', undefined],
    ['stderr-docker-driver-push-no-auth.txt', undefined],
    ['stderr-docker-driver-classic-push-no-auth.txt', undefined],
    ['stderr-docker-driver-classic-multiplatform.txt', undefined],
  ])('%s', (name, expected) => {
    expect(failedStep(fixture(name))).toEqual(expected);
  });
});

describe('buildError: what failed, and whether a rerun could help', () => {
  const config = configOf({ tags: TAG, platforms: 'linux/amd64,linux/arm64,linux/arm/v7' });
  const PUSH_503 = [
    '#12 exporting to image',
    '#12 pushing layers 0.1s done',
    '#12 ERROR: failed to push ghcr.io/acme/app:1: unexpected status from PUT request to https://ghcr.io/v2/acme/app/manifests/1: 503 Service Unavailable',
    '------',
    ' > exporting to image:',
    '------',
    'ERROR: failed to build: failed to solve: failed to push ghcr.io/acme/app:1: unexpected status from PUT request to https://ghcr.io/v2/acme/app/manifests/1: 503 Service Unavailable',
  ].join('\n');
  const RUN_PRINTS_503 = [
    '------',
    ' > [linux/arm64 2/2] RUN curl -f http://example.invalid/ || (echo 503 Service Unavailable; exit 1):',
    '------',
    'ERROR: failed to build: failed to solve: process "/bin/sh -c curl -f http://example.invalid/ || (echo 503 Service Unavailable; exit 1)" did not complete successfully: exit code: 1',
  ].join('\n');

  test.each<[string, string, { message: string; userStep: boolean; retried: boolean }]>([
    [
      'a RUN step fails on arm64 (captured)',
      fixture('stderr-build-run-fails-arm64.txt'),
      {
        message:
          'building linux/arm64 (step [2/2] RUN [ "$(uname -m)" != aarch64 ]) failed: failed to build: failed to solve: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1',
        userStep: true,
        retried: false,
      },
    ],
    [
      'the registry answers 503 to the manifest push',
      PUSH_503,
      {
        message: `building linux/amd64, linux/arm64, linux/arm/v7 and pushing to ${TAG} failed: failed to build: failed to solve: failed to push ghcr.io/acme/app:1: unexpected status from PUT request to https://ghcr.io/v2/acme/app/manifests/1: 503 Service Unavailable`,
        userStep: false,
        retried: true,
      },
    ],
    [
      "a RUN step's own output looks like a registry hiccup",
      RUN_PRINTS_503,
      {
        message: expect.stringMatching(/^building linux\/arm64 \(step \[2\/2\] RUN curl/) as unknown as string,
        userStep: true,
        retried: false,
      },
    ],
  ])('%s', (_, stderr, expected) => {
    const error = buildError(config, { exitCode: 1, stdout: '', stderr });
    expect({ message: error.message, userStep: error.userStep, retried: isRetriableBuildFailure(error) }).toEqual(expected);
  });
});
