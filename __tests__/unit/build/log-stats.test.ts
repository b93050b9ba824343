import { describe, expect, test } from '@jest/globals';

import { type BuildStats, buildStats, mergeStats } from '../../../src/build/log-stats.js';
import { fixture } from '../support.js';

const BASE = '127.0.0.1:5000/base/busybox:1@sha256:5dc00a8f69ada3e8aff52edb7a1c422a965cbfc105d4adcd1c32e1fc6d645248';

// A second run of the fixtures' 3-platform build (FROM busybox, RUN uname -m > /arch) in buildx's plain progress
// format: the base image and the amd64 and arm64 RUN come from the registry cache, arm/v7 runs again, and its
// vertex is named twice because another vertex's output came in between.
const LOG_3 = `#0 building with "buildx-multiarch-1a2b3c4d" instance using docker-container driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 86B done
#1 DONE 0.0s

#2 [linux/arm64 internal] load metadata for 127.0.0.1:5000/base/busybox:1
#2 DONE 0.1s

#3 [linux/amd64 internal] load metadata for 127.0.0.1:5000/base/busybox:1
#3 DONE 0.1s

#4 [linux/arm/v7 internal] load metadata for 127.0.0.1:5000/base/busybox:1
#4 DONE 0.1s

#5 [internal] load .dockerignore
#5 transferring context: 2B done
#5 DONE 0.0s

#6 importing cache manifest from 127.0.0.1:5000/fixtures/app:buildcache
#6 inferred cache manifest type: application/vnd.oci.image.index.v1+json done
#6 DONE 0.0s

#7 [linux/arm64 1/2] FROM ${BASE}
#7 resolve ${BASE} done
#7 CACHED

#8 [linux/arm/v7 1/2] FROM ${BASE}
#8 resolve ${BASE} done
#8 CACHED

#9 [linux/amd64 1/2] FROM ${BASE}
#9 resolve ${BASE} 0.0s done
#9 CACHED

#10 [linux/amd64 2/2] RUN uname -m > /arch
#10 CACHED

#11 [linux/arm/v7 2/2] RUN uname -m > /arch
#11 0.151 CACHED

#12 [linux/arm64 2/2] RUN uname -m > /arch
#12 CACHED

#11 [linux/arm/v7 2/2] RUN uname -m > /arch
#11 DONE 0.4s

#13 exporting to image
#13 exporting layers 0.1s done
#13 exporting manifest list sha256:5eced6f8a049a1329935fe84b2f6abcbe2bf4a18343a37086407cc6e447e8b50 done
#13 pushing layers 0.1s done
#13 DONE 0.6s

#14 exporting cache to registry
#14 preparing build cache for export 0.1s done
#14 DONE 0.2s
`;

// One platform: buildx names the steps without a platform.
const LOG_1 = `#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 52B done
#1 DONE 0.0s

#4 [1/2] FROM ${BASE}
#4 resolve ${BASE} done
#4 CACHED

#5 [2/2] RUN true
#5 DONE 0.1s

#6 exporting to image
#6 DONE 0.1s
`;

describe('buildStats', () => {
  test.each<[string, string, Omit<BuildStats, 'seconds'>]>([
    [
      'a 3-platform build, partly from the cache',
      LOG_3,
      {
        steps: { 'linux/arm64': 2, 'linux/arm/v7': 2, 'linux/amd64': 2 },
        cached: { 'linux/arm64': 2, 'linux/arm/v7': 1, 'linux/amd64': 2 },
      },
    ],
    [
      'the same with CRLF line ends',
      LOG_3.replace(/\n/g, '\r\n'),
      {
        steps: { 'linux/arm64': 2, 'linux/arm/v7': 2, 'linux/amd64': 2 },
        cached: { 'linux/arm64': 2, 'linux/arm/v7': 1, 'linux/amd64': 2 },
      },
    ],
    [
      'the captured failed build: FROM cached, RUN not',
      fixture('stderr-build-run-fails-arm64.txt'),
      {
        steps: { 'linux/arm64': 2, 'linux/arm/v7': 2, 'linux/amd64': 2 },
        cached: { 'linux/arm64': 1, 'linux/arm/v7': 1, 'linux/amd64': 1 },
      },
    ],
    ['one platform: counted under ""', LOG_1, { steps: { '': 2 }, cached: { '': 1 } }],
    [
      'captured: a fully cached build on a new builder (the FROMs resolve but pull nothing)',
      fixture('stderr-build-fully-cached.txt'),
      { steps: { 'linux/amd64': 3, 'linux/arm64': 3 }, cached: { 'linux/amd64': 3, 'linux/arm64': 3 } },
    ],
    [
      'captured: the same build the first time (base layers extracted, steps run)',
      fixture('stderr-build-cold.txt'),
      { steps: { 'linux/amd64': 3, 'linux/arm64': 3 }, cached: { 'linux/amd64': 0, 'linux/arm64': 0 } },
    ],
    ['nothing cached', '#5 [2/2] RUN true\n#5 DONE 0.1s\n', { steps: { '': 1 }, cached: { '': 0 } }],
    ['no Dockerfile steps', '#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n', { steps: {}, cached: {} }],
    ['empty', '', { steps: {}, cached: {} }],
  ])('%s', (_, log, expected) => {
    const { steps, cached } = buildStats(log);
    expect({ steps, cached }).toEqual(expected);
  });
});

describe("buildStats: the build time of each platform, the sum of its steps' times", () => {
  test.each<[string, string, BuildStats]>([
    [
      'a 3-platform build, partly from the cache: only the arm/v7 RUN took time',
      LOG_3,
      {
        steps: { 'linux/arm64': 2, 'linux/arm/v7': 2, 'linux/amd64': 2 },
        cached: { 'linux/arm64': 2, 'linux/arm/v7': 1, 'linux/amd64': 2 },
        seconds: { 'linux/arm64': 0, 'linux/arm/v7': 0.4, 'linux/amd64': 0 },
      },
    ],
    ['one platform', LOG_1, { steps: { '': 2 }, cached: { '': 1 }, seconds: { '': 0.1 } }],
    [
      'a FROM that extracted layers took time and is not cached',
      `#7 [linux/amd64 1/1] FROM ${BASE}\n#7 CACHED\n\n#8 [linux/arm64 1/1] FROM ${BASE}\n#8 extracting sha256:${'d'.repeat(64)} 0.1s done\n#8 DONE 0.2s\n`,
      {
        steps: { 'linux/amd64': 1, 'linux/arm64': 1 },
        cached: { 'linux/amd64': 1, 'linux/arm64': 0 },
        seconds: { 'linux/amd64': 0, 'linux/arm64': 0.2 },
      },
    ],
  ])('%s', (_, log, expected) => {
    expect(buildStats(log)).toEqual(expected);
  });
});

describe('buildStats reads every form of step name buildx prints', () => {
  test.each<[string, string, Omit<BuildStats, 'seconds'>]>([
    [
      'a named stage',
      '#8 [linux/arm64 build 2/3] RUN make\n#8 CACHED\n#9 [linux/arm64 stage-1 1/1] COPY --from=build /app /',
      { steps: { 'linux/arm64': 2 }, cached: { 'linux/arm64': 1 } },
    ],
    [
      'padding from ten steps on',
      '#5 [linux/amd64  1/12] FROM x\n#5 CACHED\n#6 [ 2/12] RUN y',
      { steps: { 'linux/amd64': 1, '': 1 }, cached: { 'linux/amd64': 1, '': 0 } },
    ],
    [
      'cross-compiling',
      '#7 [linux/amd64->arm64 build 2/3] RUN go build\n#7 CACHED',
      { steps: { 'linux/amd64': 1 }, cached: { 'linux/amd64': 1 } },
    ],
    ['an unnamed stage without platform', '#4 [stage-1 2/2] RUN true', { steps: { '': 1 }, cached: { '': 0 } }],
  ])('%s', (_, log, expected) => {
    const { steps, cached } = buildStats(log);
    expect({ steps, cached }).toEqual(expected);
  });
});

describe('mergeStats', () => {
  // no step took time here (the build times have rows of their own): a platform's steps add up to 0 s
  const stats = (
    steps: Record<string, number>,
    cached: Record<string, number>,
    seconds = Object.fromEntries(Object.keys(steps).map((p) => [p, 0])),
  ): BuildStats => ({
    steps,
    cached,
    seconds,
  });
  test.each<[string, [string, BuildStats][], BuildStats]>([
    ['no builds', [], stats({}, {})],
    [
      'one-platform builds: steps filed under no platform move to theirs',
      [
        ['linux/amd64', stats({ '': 3 }, { '': 1 })],
        ['linux/arm64', stats({ '': 3 }, { '': 3 })],
      ],
      stats({ 'linux/amd64': 3, 'linux/arm64': 3 }, { 'linux/amd64': 1, 'linux/arm64': 3 }),
    ],
    [
      'steps under a platform and under none are added up',
      [['linux/arm/v7', stats({ 'linux/arm/v7': 2, '': 1 }, { 'linux/arm/v7': 1, '': 1 })]],
      stats({ 'linux/arm/v7': 3 }, { 'linux/arm/v7': 2 }),
    ],
    [
      'the build times of one-platform builds, filed under their platforms',
      [
        ['linux/amd64', stats({ '': 2 }, { '': 0 }, { '': 4.2 })],
        ['linux/arm64', stats({ '': 2, 'linux/arm64': 1 }, { '': 0 }, { '': 54.3, 'linux/arm64': 0.1 })],
      ],
      stats({ 'linux/amd64': 2, 'linux/arm64': 3 }, { 'linux/amd64': 0, 'linux/arm64': 0 }, { 'linux/amd64': 4.2, 'linux/arm64': 54.4 }),
    ],
    ['no cache hit recorded: 0 cached', [['linux/amd64', stats({ '': 4 }, {})]], stats({ 'linux/amd64': 4 }, { 'linux/amd64': 0 })],
    ['a build without steps', [['linux/s390x', stats({}, {})]], stats({ 'linux/s390x': 0 }, { 'linux/s390x': 0 })],
    [
      'the order of the builds kept',
      [
        ['linux/arm64', stats({ '': 2 }, { '': 0 })],
        ['linux/amd64', stats({ '': 5 }, { '': 5 })],
      ],
      stats({ 'linux/arm64': 2, 'linux/amd64': 5 }, { 'linux/arm64': 0, 'linux/amd64': 5 }),
    ],
  ])('%s', (_, perPlatform, merged) => {
    const result = mergeStats(perPlatform);
    expect({ result, order: Object.keys(result.steps) }).toEqual({ result: merged, order: Object.keys(merged.steps) });
  });
});
