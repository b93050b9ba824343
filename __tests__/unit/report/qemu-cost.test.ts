import { describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';

import { buildStats, mergeStats } from '../../../src/build/log-stats.js';
import { qemuCostLines, slowEmulated } from '../../../src/report/qemu-cost.js';
import type { StepResult } from '../../../src/report/result.js';
import { summaryMarkdown } from '../../../src/report/summary.js';
import { fixture } from '../support.js';

const P3 = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
const ON_AMD64 = { 'linux/amd64': 'native', 'linux/arm64': 'QEMU', 'linux/arm/v7': 'QEMU' };
// real emulated builds on the stack's amd64 host (capture-qemu-cost.sh): a shell loop of 2,000,000 turns, and one
// of 200,000 turns
const SLOW = fixture('stderr-build-qemu-slow.txt');
const SHORT = fixture('stderr-build-qemu-short.txt');

function resultOf(log: string, platforms: string[], execution: Record<string, string>, extra: Partial<StepResult> = {}): StepResult {
  return {
    mode: 'build',
    builder: 'b1',
    platforms,
    digest: undefined,
    imageid: undefined,
    metadataJson: '',
    platformDigests: {},
    tags: ['ghcr.io/acme/app:latest'],
    pushed: true,
    execution,
    stats: buildStats(log),
    ...extra,
  };
}

describe('build time per platform, from the captured logs of emulated builds', () => {
  test.each<[string, string, Record<string, number>]>([
    // the platforms' steps interleave in the log; each DONE counts for its own vertex's platform
    ['2,000,000 turns on three platforms', SLOW, { 'linux/amd64': 4.5, 'linux/arm64': 54.8, 'linux/arm/v7': 72.8 }],
    ['200,000 turns on two', SHORT, { 'linux/amd64': 0.9, 'linux/arm64': 4.6 }],
    ['a fully cached build: no step did work', fixture('stderr-build-fully-cached.txt'), { 'linux/amd64': 0, 'linux/arm64': 0 }],
  ])('%s', (_, log, seconds) => {
    expect(buildStats(log).seconds).toEqual(seconds);
  });
});

// The legs on native runners and the merge that SLOW's build on amd64 becomes: arm64 has a hosted runner of its own.
const LEGS_OF_SLOW_BUILD = {
  jobs: {
    build: {
      strategy: {
        matrix: {
          include: [
            { runner: 'ubuntu-24.04', platforms: 'linux/amd64,linux/arm/v7' },
            { runner: 'ubuntu-24.04-arm', platforms: 'linux/arm64' },
          ],
        },
      },
      'runs-on': '${{ matrix.runner }}',
      steps: [
        { uses: 'actions/checkout@v5' },
        {
          uses: 'acme/buildx-multiarch@v1',
          with: { platforms: '${{ matrix.platforms }}', tags: 'ghcr.io/acme/app:latest\n', 'push-by-digest': true },
        },
      ],
    },
    merge: {
      needs: 'build',
      'runs-on': 'ubuntu-latest',
      steps: [{ uses: 'acme/buildx-multiarch@v1', with: { platforms: P3.join(','), tags: 'ghcr.io/acme/app:latest\n', merge: true } }],
    },
  },
};

describe('the QEMU cost line', () => {
  test('emulated platforms taking minutes where the native one takes seconds: one line, and the legs to copy', () => {
    const lines = qemuCostLines(resultOf(SLOW, P3, ON_AMD64), 'acme/buildx-multiarch@v1');
    const fence = { open: lines.indexOf('```yaml'), close: lines.lastIndexOf('```') };
    expect(lines.slice(0, fence.open + 1)).toEqual([
      "QEMU cost: linux/arm/v7 took 16.2× and linux/arm64 12.2× as long under emulation as linux/amd64 natively (72.8 s, 54.8 s against 4.5 s): build linux/arm64 on `ubuntu-24.04-arm` with this action's legs (YAML below), or cross-compile in a `FROM --platform=$BUILDPLATFORM` stage.",
      '',
      '<details><summary>The same build as legs on native runners</summary>',
      '',
      '```yaml',
    ]);
    expect(lines.slice(fence.close)).toEqual(['```', '', '</details>', '']);
    // the workflow as GitHub reads it: checked as parsed YAML, so that the test says what the jobs are rather than
    // restating the source's lines
    const yaml = lines.slice(fence.open + 1, fence.close).join('\n');
    expect(parseYaml(yaml)).toEqual(LEGS_OF_SLOW_BUILD);
    // both steps of the action need the login inputs the reader's step has, which the YAML cannot know
    expect(yaml.match(/^ {8}with: {2}# and this step's login inputs$/gm)).toHaveLength(2);
  });

  test('only a platform no hosted runner runs natively is slow: cross-compiling is the way, no YAML', () => {
    const result = resultOf(SLOW, ['linux/amd64', 'linux/arm/v7'], { 'linux/amd64': 'native', 'linux/arm/v7': 'QEMU' });
    expect(qemuCostLines(result, 'acme/buildx-multiarch@v1')).toEqual([
      'QEMU cost: linux/arm/v7 took 16.2× as long under emulation as linux/amd64 natively (72.8 s against 4.5 s): cross-compile in a `FROM --platform=$BUILDPLATFORM` stage.',
      '',
    ]);
  });

  test.each<[string, StepResult]>([
    ['5× slower but by seconds only', resultOf(SHORT, ['linux/amd64', 'linux/arm64'], ON_AMD64)],
    ['a fully cached build', resultOf(fixture('stderr-build-fully-cached.txt'), ['linux/amd64', 'linux/arm64'], ON_AMD64)],
    ['no native platform to compare with', resultOf(SLOW, ['linux/arm64', 'linux/arm/v7'], ON_AMD64)],
    [
      'every platform native (several nodes)',
      resultOf(SLOW, P3, { 'linux/amd64': 'native on b0', 'linux/arm64': 'native on arm', 'linux/arm/v7': 'native on arm' }),
    ],
    ['no log read (a merge)', { ...resultOf('', P3, ON_AMD64), stats: undefined }],
  ])('nothing when nothing is slow: %s', (_, result) => {
    expect(qemuCostLines(result, 'acme/buildx-multiarch@v1')).toEqual([]);
  });

  test('one build per platform on several nodes: the times filed under their platforms', () => {
    const perPlatform = mergeStats([
      [
        'linux/amd64',
        buildStats(
          SLOW.split('\n')
            .filter((line) => !/linux\/arm/.test(line))
            .join('\n'),
        ),
      ],
      ['linux/arm64', buildStats(SLOW)],
    ]);
    expect(perPlatform.seconds).toEqual({ 'linux/amd64': 4.5, 'linux/arm64': 132.1 });
    const result = {
      ...resultOf('', ['linux/amd64', 'linux/arm64'], { 'linux/amd64': 'native on b0', 'linux/arm64': 'QEMU on b0' }),
      stats: perPlatform,
    };
    expect(slowEmulated(result)).toEqual({
      native: 'linux/amd64',
      nativeSeconds: 4.5,
      slow: [{ platform: 'linux/arm64', seconds: 132.1 }],
    });
  });

  test('in the summary: the build time column, then the line', () => {
    const lines = summaryMarkdown(resultOf(SLOW, P3, ON_AMD64)).split('\n');
    expect(lines.filter((line) => line.startsWith('| linux/'))).toEqual([
      '| linux/amd64 | not pushed |  | native | 4.5 s | 0/3 |',
      '| linux/arm64 | not pushed |  | QEMU | 54.8 s | 0/3 |',
      '| linux/arm/v7 | not pushed |  | QEMU | 72.8 s | 0/3 |',
    ]);
    expect(lines).toContain('      - uses: OWNER/buildx-multiarch@v1');
    expect(lines.filter((line) => line.startsWith('QEMU cost: '))).toHaveLength(1);
  });
});
