import { describe, expect, test } from '@jest/globals';

import type { BuildStats } from '../../../src/build/log-stats.js';
import type { StepResult } from '../../../src/report/result.js';
import { formatSize, summaryMarkdown } from '../../../src/report/summary.js';

const AMD64 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';
const ARM64 = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
const ARMV7 = 'sha256:ac97d8bcc498a728af01860973b714600fd6bd60b6e6f1160a7a0b21f5477401';
const INDEX = 'sha256:5eced6f8a049a1329935fe84b2f6abcbe2bf4a18343a37086407cc6e447e8b50';
const P3 = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

// What buildx's log of a 3-platform build partly from the cache, and of a one-platform build, count (the logs
// and their counts are in build/log-stats.test.ts)
const STATS_3: BuildStats = {
  steps: { 'linux/arm64': 2, 'linux/arm/v7': 2, 'linux/amd64': 2 },
  cached: { 'linux/arm64': 2, 'linux/arm/v7': 1, 'linux/amd64': 2 },
  seconds: { 'linux/arm64': 0, 'linux/arm/v7': 0.4, 'linux/amd64': 0 },
};
const STATS_1: BuildStats = { steps: { '': 2 }, cached: { '': 1 }, seconds: { '': 0.1 } };

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

  test('a size just under 1 MiB rounds to MiB, not to 1024.0 KiB', () => {
    expect(formatSize(1048575)).toBe('1.0 MiB');
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
        stats: STATS_3,
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
        stats: STATS_1,
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
        stats: {
          steps: { 'linux/amd64': 1, 'linux/arm64': 1 },
          cached: { 'linux/amd64': 1, 'linux/arm64': 0 },
          seconds: { 'linux/amd64': 0, 'linux/arm64': 0.2 },
        },
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
