import { describe, expect, test } from '@jest/globals';
import { summaryMarkdown, type BuildResult } from '../../src/summary.js';

const AMD64 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';
const ARM64 = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
const ARMV7 = 'sha256:ac97d8bcc498a728af01860973b714600fd6bd60b6e6f1160a7a0b21f5477401';
const INDEX = 'sha256:5eced6f8a049a1329935fe84b2f6abcbe2bf4a18343a37086407cc6e447e8b50';

describe('summaryMarkdown', () => {
  test.each<[string, BuildResult, string]>([
    [
      '3 platforms pushed',
      {
        builder: 'buildx-multiarch-1a2b3c4d',
        platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'],
        digest: INDEX,
        platformDigests: { 'linux/amd64': AMD64, 'linux/arm64': ARM64, 'linux/arm/v7': ARMV7 },
        tags: ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest'],
        pushed: true,
        execution: { 'linux/amd64': 'native', 'linux/arm64': 'QEMU', 'linux/arm/v7': 'QEMU' },
      },
      [
        '### Pushed 3 platforms',
        '',
        `Index digest: \`${INDEX}\``,
        '',
        'Tags: `ghcr.io/acme/app:1`, `ghcr.io/acme/app:latest`',
        '',
        '| Platform | Digest | Ran |',
        '| --- | --- | --- |',
        `| linux/amd64 | \`${AMD64}\` | native |`,
        `| linux/arm64 | \`${ARM64}\` | QEMU |`,
        `| linux/arm/v7 | \`${ARMV7}\` | QEMU |`,
        '',
        'Builder: `buildx-multiarch-1a2b3c4d`',
        '',
      ].join('\n'),
    ],
    [
      '1 platform built, not pushed, no tags',
      { builder: 'default', platforms: ['linux/arm64'], digest: undefined, platformDigests: {}, tags: [], pushed: false, execution: {} },
      ['### Built 1 platform', '', '| Platform | Digest | Ran |', '| --- | --- | --- |', '| linux/arm64 | not pushed | native |', '', 'Builder: `default`', ''].join('\n'),
    ],
    [
      '2 platforms pushed, one digest missing',
      {
        builder: 'ci',
        platforms: ['linux/amd64', 'linux/arm64'],
        digest: INDEX,
        platformDigests: { 'linux/amd64': AMD64 },
        tags: ['localhost:5000/app:1'],
        pushed: true,
        execution: { 'linux/arm64': 'QEMU' },
      },
      [
        '### Pushed 2 platforms',
        '',
        `Index digest: \`${INDEX}\``,
        '',
        'Tags: `localhost:5000/app:1`',
        '',
        '| Platform | Digest | Ran |',
        '| --- | --- | --- |',
        `| linux/amd64 | \`${AMD64}\` | native |`,
        '| linux/arm64 | not pushed | QEMU |',
        '',
        'Builder: `ci`',
        '',
      ].join('\n'),
    ],
  ])('%s', (_, result, markdown) => {
    expect(summaryMarkdown(result)).toBe(markdown);
  });
});
