// runMode's choice of a mode, and perPlatformBuilds: when several nodes get one build per platform, and what each
// of those builds is.
import { describe, expect, test } from '@jest/globals';

import { buildCommand, type PushPlan } from '../../../src/build/command.js';
import { type Config, type RawInputs } from '../../../src/config/index.js';
import { perPlatformBuilds, runMode } from '../../../src/modes/index.js';
import { stepResult } from '../../../src/report/result.js';
import type { BuilderInUse } from '../../../src/setup/index.js';
import { FakeExec } from '../fake-exec.js';
import { REMOTE_TWO, stepContext, TAG, THREE, yamlConfigOf as configOf } from '../support.js';

const META = '/tmp/buildx-multiarch-x/metadata.json';
const CACHE = 'ghcr.io/acme/app:buildcache';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DIGEST = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
// Two nodes, none pinned: the local Docker and a Docker context.
const LOCAL_AND_CONTEXT: RawInputs = { tags: TAG, append: '- endpoint: arm-box\n', platforms: THREE };

describe('runMode', () => {
  const builder: BuilderInUse = { name: 'b1', nodes: [], startedByBuild: false };
  test.each<[string, RawInputs, string]>([
    ['one node', { tags: TAG, platforms: THREE }, 'SingleBuild'],
    ['several nodes, the default cache, pushed', REMOTE_TWO, 'PerPlatformBuilds'],
    ['several nodes, no cache: one build', { ...REMOTE_TWO, cache: 'false' }, 'SingleBuild'],
    ['a leg', { tags: TAG, 'push-by-digest': 'true', 'run-id': 'p7', 'merge-key': 'k1' }, 'Leg'],
    ['a merge', { merge: 'true', tags: TAG, sources: `ghcr.io/acme/app@${DIGEST}`, platforms: 'linux/arm64' }, 'Merge'],
  ])('%s: %s', async (_, raw, mode) => {
    const config = configOf(raw);
    const result = stepResult(config, builder.name, { digest: DIGEST, platformDigests: {} });
    const ran: string[] = [];
    const returned = await runMode(stepContext(config, new FakeExec({}).exec, '/nonexistent'), builder, async (picked) => {
      ran.push(picked.constructor.name);
      return result;
    });
    expect({ ran, returned }).toEqual({ ran: [mode], returned: result });
  });
});

describe('perPlatformBuilds', () => {
  test.each<[string, RawInputs]>([
    ['one node', { tags: TAG, platforms: THREE }],
    ['one remote node', { tags: TAG, driver: 'remote', endpoint: 'tcp://10.0.0.1:1234', platforms: THREE }],
    ['raw cache-from', { ...REMOTE_TWO, 'cache-from': 'type=gha' }],
    ['raw cache-to', { ...REMOTE_TWO, 'cache-to': 'type=gha,mode=max' }],
    ['cache false', { ...REMOTE_TWO, cache: 'false' }],
    ['push false', { ...REMOTE_TWO, push: 'false' }],
    ['a leg', { ...REMOTE_TWO, 'push-by-digest': 'true', 'run-id': 'p7', 'merge-key': 'k1' }],
    ['a single platform', { ...REMOTE_TWO, platforms: 'linux/arm64' }],
  ])('%s: one build', (_, raw) => {
    expect(perPlatformBuilds(configOf(raw))).toBeUndefined();
  });

  const refs = (cache: string): string[] => [`${cache}-linux-amd64`, `${cache}-linux-arm64`, `${cache}-linux-arm-v7`];
  const from = (cache: string): string[] => refs(cache).map((ref) => `type=registry,ref=${ref}`);

  test.each<[string, RawInputs, { platforms: string[]; cacheFrom: string[]; cacheTo: string[] }[]]>([
    [
      'two remote nodes, three platforms',
      REMOTE_TWO,
      refs(CACHE).map((ref, i) => ({
        platforms: [THREE.split(',')[i]],
        cacheFrom: from(CACHE),
        cacheTo: [`type=registry,ref=${ref},mode=max,ignore-error=true`],
      })),
    ],
    [
      'ECR: image manifest with OCI media types',
      { ...REMOTE_TWO, tags: `${ECR}/app:1` },
      refs(`${ECR}/app:buildcache`).map((ref, i) => ({
        platforms: [THREE.split(',')[i]],
        cacheFrom: from(`${ECR}/app:buildcache`),
        cacheTo: [`type=registry,ref=${ref},mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true`],
      })),
    ],
    [
      'an explicit cache-ref, local and Docker-context nodes',
      { ...LOCAL_AND_CONTEXT, 'cache-ref': 'localhost:5000/cache/app:main' },
      refs('localhost:5000/cache/app:main').map((ref, i) => ({
        platforms: [THREE.split(',')[i]],
        cacheFrom: from('localhost:5000/cache/app:main'),
        cacheTo: [`type=registry,ref=${ref},mode=max,ignore-error=true`],
      })),
    ],
  ])('%s', (_, raw, builds) => {
    expect(
      perPlatformBuilds(configOf(raw))?.map(({ config: { platforms, cacheFrom, cacheTo } }) => ({ platforms, cacheFrom, cacheTo })),
    ).toEqual(builds);
  });

  test("everything but the platform and the cache is the config's", () => {
    const config = configOf({ ...REMOTE_TWO, 'build-args': 'VERSION=1', labels: 'team=infra' });
    const rest = (c: Config): Config => ({ ...c, platforms: [], cacheFrom: [], cacheTo: [] });
    expect(perPlatformBuilds(config)?.map((one) => rest(one.config))).toEqual([rest(config), rest(config), rest(config)]);
  });

  const BY_DIGEST = 'type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=true';
  // each per-platform build reads the caches of all platforms: layers one platform built may serve another
  const IMPORTS_EVERY_PLATFORM = [
    '--cache-from',
    `type=registry,ref=${CACHE}-linux-amd64`,
    '--cache-from',
    `type=registry,ref=${CACHE}-linux-arm64`,
    '--cache-from',
    `type=registry,ref=${CACHE}-linux-arm-v7`,
  ];

  test.each<[string, RawInputs, number, string[]]>([
    [
      'the arm64 build: pushed by digest, no tag, every cache imported, its own exported',
      REMOTE_TWO,
      1,
      [
        'buildx',
        'build',
        '--builder',
        'b',
        '--platform',
        'linux/arm64',
        ...IMPORTS_EVERY_PLATFORM,
        '--cache-to',
        `type=registry,ref=${CACHE}-linux-arm64,mode=max,ignore-error=true`,
        '--output',
        BY_DIGEST,
        '--metadata-file',
        META,
        '.',
      ],
    ],
    [
      'the arm/v7 build with two tags and a test-command: still no tag',
      { ...REMOTE_TWO, tags: `${TAG},ghcr.io/acme/app:latest`, 'test-command': './smoke.sh' },
      2,
      [
        'buildx',
        'build',
        '--builder',
        'b',
        '--platform',
        'linux/arm/v7',
        ...IMPORTS_EVERY_PLATFORM,
        '--cache-to',
        `type=registry,ref=${CACHE}-linux-arm-v7,mode=max,ignore-error=true`,
        '--output',
        BY_DIGEST,
        '--metadata-file',
        META,
        '.',
      ],
    ],
  ])('buildCommand: %s', (_, raw, index, expected) => {
    const one = perPlatformBuilds(configOf(raw))?.[index];
    expect(one && buildCommand(one.config, 'b', META, true, one.plan)).toEqual({ args: expected, env: { BUILDX_METADATA_WARNINGS: '1' } });
  });

  test.each<[string, RawInputs, PushPlan]>([
    [
      'by digest, the tags after',
      { ...REMOTE_TWO, tags: `${TAG},ghcr.io/acme/app:latest` },
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [TAG, 'ghcr.io/acme/app:latest'] },
    ],
  ])('pushPlan: %s', (_, raw, plan) => {
    const one = perPlatformBuilds(configOf(raw))?.[0];
    expect(one?.plan).toEqual(plan);
  });
});

describe('per-platform and per-leg cache refs are sibling tags of cache-ref', () => {
  test('a cache-ref without a tag stays in its repository, per platform', () => {
    const builds = perPlatformBuilds(
      configOf({
        tags: TAG,
        driver: 'remote',
        endpoint: 'tcp://a:1',
        append: '- endpoint: tcp://b:1',
        'cache-ref': 'ghcr.io/acme/cache',
        platforms: 'linux/amd64,linux/arm64',
      }),
    );
    expect(builds?.map((b) => b.config.cacheTo)).toEqual([
      ['type=registry,ref=ghcr.io/acme/cache:latest-linux-amd64,mode=max,ignore-error=true'],
      ['type=registry,ref=ghcr.io/acme/cache:latest-linux-arm64,mode=max,ignore-error=true'],
    ]);
  });
});
