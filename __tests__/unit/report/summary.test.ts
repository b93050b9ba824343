import { describe, expect, test } from '@jest/globals';

import { type BuildStats, buildStats } from '../../../src/build/log-stats.js';
import type { StepResult } from '../../../src/report/result.js';
import { formatSize, summaryMarkdown } from '../../../src/report/summary.js';
import { fixture } from '../support.js';

const AMD64 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';
const ARM64 = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
const ARMV7 = 'sha256:ac97d8bcc498a728af01860973b714600fd6bd60b6e6f1160a7a0b21f5477401';
const INDEX = 'sha256:5eced6f8a049a1329935fe84b2f6abcbe2bf4a18343a37086407cc6e447e8b50';
const BASE = '127.0.0.1:5000/base/busybox:1@sha256:5dc00a8f69ada3e8aff52edb7a1c422a965cbfc105d4adcd1c32e1fc6d645248';
const P3 = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

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

describe('formatSize', () => {
  test.each<[number, string]>([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1036426, '1012.1 KiB'],
    [1048576, '1.0 MiB'],
    [5347737, '5.1 MiB'],
    [52953088, '50.5 MiB'],
  ])('%d -> %j', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});

describe('summaryMarkdown', () => {
  test.each<[string, StepResult, string]>([
    [
      'a build of 3 platforms, pushed',
      {
        mode: 'build',
        builder: 'buildx-multiarch-1a2b3c4d',
        platforms: P3,
        digest: INDEX,
        imageid: INDEX,
        metadataJson: '{}',
        platformDigests: { 'linux/amd64': AMD64, 'linux/arm64': ARM64, 'linux/arm/v7': ARMV7 },
        tags: ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest'],
        pushed: true,
        execution: { 'linux/amd64': 'native', 'linux/arm64': 'QEMU', 'linux/arm/v7': 'QEMU' },
        buildSeconds: 73.46,
        stats: buildStats(LOG_3),
        sizes: { 'linux/amd64': 1036426, 'linux/arm64': 5347737, 'linux/arm/v7': 914302 },
      },
      [
        '### Pushed: 3 platforms',
        '',
        `Index digest: \`${INDEX}\``,
        '',
        'Tags: `ghcr.io/acme/app:1`, `ghcr.io/acme/app:latest`',
        '',
        '| Platform | Digest | Size | Ran | Build time | Cached steps |',
        '| --- | --- | --- | --- | --- | --- |',
        `| linux/amd64 | \`${AMD64}\` | 1012.1 KiB | native | 0.0 s | 2/2 |`,
        `| linux/arm64 | \`${ARM64}\` | 5.1 MiB | QEMU | 0.0 s | 2/2 |`,
        `| linux/arm/v7 | \`${ARMV7}\` | 892.9 KiB | QEMU | 0.4 s | 1/2 |`,
        '',
        'Build: 73.5 s on builder `buildx-multiarch-1a2b3c4d`',
        '',
      ].join('\n'),
    ],
    [
      'a leg of one platform: no tags line, steps counted without a platform',
      {
        mode: 'leg',
        builder: 'buildx-multiarch-5e6f7a8b',
        platforms: ['linux/arm64'],
        digest: INDEX,
        imageid: INDEX,
        metadataJson: '{}',
        platformDigests: { 'linux/arm64': ARM64 },
        tags: [],
        pushed: true,
        execution: { 'linux/arm64': 'native' },
        buildSeconds: 12,
        stats: buildStats(LOG_1),
        sizes: { 'linux/arm64': 1036426 },
      },
      [
        '### Pushed for the merge step: 1 platform',
        '',
        `Index digest: \`${INDEX}\``,
        '',
        '| Platform | Digest | Size | Ran | Build time | Cached steps |',
        '| --- | --- | --- | --- | --- | --- |',
        `| linux/arm64 | \`${ARM64}\` | 1012.1 KiB | native | 0.1 s | 1/2 |`,
        '',
        'Build: 12.0 s on builder `buildx-multiarch-5e6f7a8b`',
        '',
      ].join('\n'),
    ],
    [
      'a merge: digest and size only, no build line',
      {
        mode: 'merge',
        builder: 'default',
        platforms: P3,
        digest: INDEX,
        imageid: INDEX,
        metadataJson: '',
        platformDigests: { 'linux/amd64': AMD64, 'linux/arm64': ARM64, 'linux/arm/v7': ARMV7 },
        tags: ['ghcr.io/acme/app:1'],
        pushed: true,
        execution: {},
        sizes: { 'linux/amd64': 1036426, 'linux/arm/v7': 914302 },
      },
      [
        '### Merged: 3 platforms',
        '',
        `Index digest: \`${INDEX}\``,
        '',
        'Tags: `ghcr.io/acme/app:1`',
        '',
        '| Platform | Digest | Size |',
        '| --- | --- | --- |',
        `| linux/amd64 | \`${AMD64}\` | 1012.1 KiB |`,
        `| linux/arm64 | \`${ARM64}\` |  |`,
        `| linux/arm/v7 | \`${ARMV7}\` | 892.9 KiB |`,
        '',
      ].join('\n'),
    ],
    [
      'a build not pushed: no index digest even when the metadata has one',
      {
        mode: 'build',
        builder: 'default',
        platforms: ['linux/amd64', 'linux/arm64'],
        digest: INDEX,
        imageid: AMD64,
        metadataJson: '{}',
        platformDigests: {},
        tags: [],
        pushed: false,
        execution: { 'linux/arm64': 'QEMU' },
        buildSeconds: 0.04,
        stats: buildStats(
          `#7 [linux/amd64 1/1] FROM ${BASE}\n#7 CACHED\n\n#8 [linux/arm64 1/1] FROM ${BASE}\n#8 extracting sha256:${'d'.repeat(64)} 0.1s done\n#8 DONE 0.2s\n`,
        ),
      },
      [
        '### Built: 2 platforms',
        '',
        '| Platform | Digest | Size | Ran | Build time | Cached steps |',
        '| --- | --- | --- | --- | --- | --- |',
        '| linux/amd64 | not pushed |  | native | 0.0 s | 1/1 |',
        '| linux/arm64 | not pushed |  | QEMU | 0.2 s | 0/1 |',
        '',
        'Build: 0.0 s on builder `default`',
        '',
      ].join('\n'),
    ],
    [
      'a push with a digest missing, no sizes, no stats, no build time',
      {
        mode: 'build',
        builder: 'ci',
        platforms: ['linux/amd64', 'linux/arm64'],
        digest: INDEX,
        imageid: INDEX,
        metadataJson: '{}',
        platformDigests: { 'linux/amd64': AMD64 },
        tags: ['localhost:5000/app:1'],
        pushed: true,
        execution: { 'linux/arm64': 'QEMU' },
      },
      [
        '### Pushed: 2 platforms',
        '',
        `Index digest: \`${INDEX}\``,
        '',
        'Tags: `localhost:5000/app:1`',
        '',
        '| Platform | Digest | Size | Ran | Build time | Cached steps |',
        '| --- | --- | --- | --- | --- | --- |',
        `| linux/amd64 | \`${AMD64}\` |  | native |  |  |`,
        '| linux/arm64 | not pushed |  | QEMU |  |  |',
        '',
      ].join('\n'),
    ],
  ])('%s', (_, result, markdown) => {
    expect(summaryMarkdown(result)).toBe(markdown);
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

  test('a size just under 1 MiB rounds to MiB, not to 1024.0 KiB', () => {
    expect(formatSize(1048575)).toBe('1.0 MiB');
  });
});
