// What the summary says of a reproducible build: its epoch, and how each platform image compares with what the
// tags held before the step.
import { describe, expect, test } from '@jest/globals';

import { comparedLines, type HeldBefore } from '../../../src/build/reproducible.js';
import type { StepResult } from '../../../src/report/result.js';
import { summaryMarkdown } from '../../../src/report/summary.js';

const AMD64 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';
const ARM64 = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
const OTHER = 'sha256:0000000000000000000000000000000000000000000000000000000000000001';

describe('the summary of a reproducible build', () => {
  const after = { 'linux/amd64': AMD64, 'linux/arm64': ARM64 };

  test.each<[string, Record<string, HeldBefore>, string[]]>([
    [
      'the same images',
      { 'r/app:1': { 'linux/amd64': AMD64, 'linux/arm64': ARM64, 'unknown/unknown': OTHER } },
      ['Every platform image equals what `r/app:1` held before this step (2 of 2).'],
    ],
    [
      'one changed',
      { 'r/app:1': { 'linux/amd64': AMD64, 'linux/arm64': OTHER } },
      ['Changed from what `r/app:1` held before this step: linux/arm64; unchanged: linux/amd64.'],
    ],
    [
      'all changed',
      { 'r/app:1': { 'linux/amd64': OTHER } },
      ['Changed from what `r/app:1` held before this step: linux/amd64, linux/arm64.'],
    ],
    [
      'tags that held the same share a line',
      { 'r/app:1': null, 'r/app:latest': { 'linux/amd64': AMD64, 'linux/arm64': ARM64 }, 'r/app:2': null, 'q/app:1': undefined },
      [
        '`r/app:1`, `r/app:2` held nothing before this step.',
        'Every platform image equals what `r/app:latest` held before this step (2 of 2).',
        'What `q/app:1` held before this step could not be read.',
      ],
    ],
  ])('%s', (_, before, lines) => {
    expect(comparedLines(before, after)).toEqual(lines);
  });

  test('the epoch and the comparison below the table', () => {
    const result: StepResult = {
      mode: 'build',
      builder: 'b1',
      platforms: ['linux/amd64', 'linux/arm64'],
      digest: OTHER,
      imageid: OTHER,
      metadataJson: '{}',
      platformDigests: after,
      tags: ['r/app:1'],
      pushed: true,
      execution: {},
      sourceDateEpoch: '1735689600',
      heldBefore: { 'r/app:1': after },
    };
    const lines = summaryMarkdown(result).split('\n');
    const table = lines.indexOf('| linux/arm64 | `' + ARM64 + '` |  | native |  |  |');
    expect(lines.slice(table + 1)).toEqual([
      '',
      'Reproducible: created and file times are `SOURCE_DATE_EPOCH=1735689600` (2025-01-01T00:00:00Z)',
      '',
      'Every platform image equals what `r/app:1` held before this step (2 of 2).',
      '',
    ]);
  });
});
