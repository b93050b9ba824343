// Where a build pushes (pushPlan) and the argv that follows from it: a leg pushes by digest and tags nothing; any
// other build pushes by digest (the docker driver: under one fixed tag) and is tagged once verified and tested.
import { describe, expect, test } from '@jest/globals';

import { buildCommand, type PushPlan, pushPlan } from '../../../src/build/command.js';
import { type Config, parseConfig, type RawInputs } from '../../../src/config/index.js';
import { configOf, fakeFiles, TAG } from '../support.js';
import { BOTH, buildxArgv, registryCache } from './buildx-argv.js';

const META = '/tmp/buildx-multiarch-x/metadata.json';
const CACHE = 'ghcr.io/acme/app:buildcache';
const expected = (platforms: string, flags: string[], context = '.'): string[] => buildxArgv(META, platforms, flags, context);

// A leg pushes by digest to the first tag's repository and tags nothing (the legs' ledger finds it); any other
// build pushes by digest only and its tags are set once it is verified (and its test-command passed).
const BY_DIGEST = 'type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=true';
const fromRun = (raw: RawInputs): Config => parseConfig(raw, { files: fakeFiles, run: { id: '9876543210', attempt: '2' } });

describe('pushPlan', () => {
  test.each<[string, Config, PushPlan]>([
    [
      'a build: by digest, then the tags, once verified',
      configOf({ tags: `${TAG},ghcr.io/acme/app:latest` }),
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [TAG, 'ghcr.io/acme/app:latest'] },
    ],
    [
      'a build with the docker driver, which cannot push by digest: one fixed untested tag, then the tags',
      configOf({ tags: `${TAG},ghcr.io/acme/app:latest`, driver: 'docker' }),
      { buildTags: ['ghcr.io/acme/app:buildx-multiarch-untested'], tagAfter: [TAG, 'ghcr.io/acme/app:latest'] },
    ],
    [
      'a build on a named builder of the docker driver kind: by digest (only the default docker builder cannot)',
      configOf({ tags: TAG, driver: 'docker', builder: 'remote-bk' }),
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [TAG] },
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
      'a test-command with load and another output: both kept, the load ahead of the push',
      configOf({
        tags: TAG,
        'test-command': 'true',
        platforms: 'linux/amd64',
        cache: 'false',
        load: 'true',
        outputs: 'type=local,dest=out',
      }),
      expected('linux/amd64', ['--output', `type=docker,name=${TAG}`, '--output', BY_DIGEST, '--output', 'type=local,dest=out']),
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
