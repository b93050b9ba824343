// What QEMU cost this build (issue 19): each platform's build time beside how it ran, and, when an emulated
// platform took much longer than a native one, one line saying by how much and what would cut it.
import type { StepResult } from './result.js';

/** An emulated platform is worth a line when it took this many times a native one's time, */
export const SLOW_FACTOR = 3;
/** and this many seconds more: a few seconds lost to QEMU are not worth a runner of their own. */
export const SLOW_SECONDS = 30;

/** GitHub's hosted runners that run a platform natively (arm/v7 has none: the arm64 runners run no AArch32). */
export const NATIVE_RUNNERS: Readonly<Record<string, string>> = { 'linux/amd64': 'ubuntu-24.04', 'linux/arm64': 'ubuntu-24.04-arm' };

/** The runner a leg of a platform goes to: its native one, else the x86-64 runner, under QEMU there too. */
const runnerOf = (platform: string): string => NATIVE_RUNNERS[platform] ?? NATIVE_RUNNERS['linux/amd64'];

/** A platform's build time, where the log told it (one-platform builds file theirs under ""). */
export function buildSeconds(result: StepResult, platform: string): number | undefined {
  const seconds = result.stats?.seconds;
  if (!seconds) return undefined;
  return seconds[platform] ?? (result.platforms.length === 1 ? seconds[''] : undefined);
}

export const formatSeconds = (seconds: number): string => `${seconds.toFixed(1)} s`;

const ran = (result: StepResult, platform: string): string => result.execution[platform] ?? 'native';

/** The emulated platforms much slower than the slowest native one, slowest first, and that native time. */
export function slowEmulated(
  result: StepResult,
): { native: string; nativeSeconds: number; slow: { platform: string; seconds: number }[] } | undefined {
  const timed = result.platforms.flatMap((platform) => {
    const seconds = buildSeconds(result, platform);
    return seconds === undefined ? [] : [{ platform, seconds, how: ran(result, platform) }];
  });
  const natives = timed.filter((one) => one.how.startsWith('native')).sort((a, b) => b.seconds - a.seconds);
  if (natives.length === 0) return undefined;
  const reference = natives[0];
  const slow = timed
    .filter((one) => one.how.startsWith('QEMU'))
    .filter((one) => one.seconds >= SLOW_FACTOR * reference.seconds && one.seconds - reference.seconds >= SLOW_SECONDS)
    .sort((a, b) => b.seconds - a.seconds)
    .map(({ platform, seconds }) => ({ platform, seconds }));
  return slow.length === 0 ? undefined : { native: reference.platform, nativeSeconds: reference.seconds, slow };
}

/**
 * The summary's lines on QEMU's cost: none when no emulated platform is much slower than a native one; else one
 * line, and the YAML of this build as legs on native runners when a hosted runner runs a slow platform natively.
 */
export function qemuCostLines(result: StepResult, action: string): string[] {
  const found = slowEmulated(result);
  if (!found) return [];
  const factor = (seconds: number): string => `${(seconds / Math.max(found.nativeSeconds, 0.1)).toFixed(1)}×`;
  const which = found.slow.map((one, i) => `${one.platform} ${i === 0 ? 'took ' : ''}${factor(one.seconds)}`).join(' and ');
  const times = found.slow.map((one) => formatSeconds(one.seconds)).join(', ');
  const movable = found.slow.filter((one) => NATIVE_RUNNERS[one.platform] !== undefined);
  const runners = movable.map((one) => `${one.platform} on \`${NATIVE_RUNNERS[one.platform]}\``).join(', ');
  const cure = movable.length > 0 ? `build ${runners} with this action's legs (YAML below), or cross-compile` : 'cross-compile';
  const line =
    `QEMU cost: ${which} as long under emulation as ${found.native} natively (${times} against ${formatSeconds(found.nativeSeconds)}): ` +
    `${cure} in a \`FROM --platform=$BUILDPLATFORM\` stage.`;
  return movable.length > 0 ? [line, '', ...legsYaml(result, action), ''] : [line, ''];
}

/** This build as legs on native runners and a merge step, collapsed, to copy into the workflow. */
function legsYaml(result: StepResult, action: string): string[] {
  const byRunner = new Map<string, string[]>();
  for (const platform of result.platforms) byRunner.set(runnerOf(platform), [...(byRunner.get(runnerOf(platform)) ?? []), platform]);
  const tags = result.tags.length > 0 ? result.tags : ['ghcr.io/OWNER/IMAGE:latest'];
  const tagLines = (indent: string): string[] => ['tags: |', ...tags.map((tag) => `  ${tag}`)].map((line) => `${indent}${line}`);
  const matrix = [...byRunner].flatMap(([runner, platforms]) => [
    `          - runner: ${runner}`,
    `            platforms: ${platforms.join(',')}`,
  ]);
  return [
    '<details><summary>The same build as legs on native runners</summary>',
    '',
    '```yaml',
    'jobs:',
    '  build:',
    '    strategy:',
    '      matrix:',
    '        include:',
    ...matrix,
    '    runs-on: ${{ matrix.runner }}',
    '    steps:',
    '      - uses: actions/checkout@v5',
    `      - uses: ${action}`,
    "        with:  # and this step's login inputs",
    '          platforms: ${{ matrix.platforms }}',
    ...tagLines('          '),
    '          push-by-digest: true',
    '  merge:',
    '    needs: build',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: ${action}`,
    "        with:  # and this step's login inputs",
    `          platforms: ${result.platforms.join(',')}`,
    ...tagLines('          '),
    '          merge: true',
    '```',
    '',
    '</details>',
  ];
}
