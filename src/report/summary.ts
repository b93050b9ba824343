import * as core from '@actions/core';

import { comparedLines } from '../build/reproducible.js';
import { buildSeconds, formatSeconds, qemuCostLines } from './qemu-cost.js';
import type { StepResult } from './result.js';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024 - 51) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The job summary in Markdown: what was pushed where, then one row per platform. */
export function summaryMarkdown(result: StepResult, action = 'OWNER/buildx-multiarch@v1'): string {
  const what =
    result.mode === 'merge' ? 'Merged' : result.mode === 'leg' ? 'Pushed for the merge step' : result.pushed ? 'Pushed' : 'Built';
  const count = `${result.platforms.length} platform${result.platforms.length === 1 ? '' : 's'}`;
  const lines = [`### ${what}: ${count}`, ''];
  if (result.digest && result.pushed) lines.push(`Index digest: \`${result.digest}\``, '');
  if (result.tags.length > 0) lines.push(`Tags: ${result.tags.map((t) => `\`${t}\``).join(', ')}`, '');
  const building = result.mode !== 'merge';
  lines.push(building ? '| Platform | Digest | Size | Ran | Build time | Cached steps |' : '| Platform | Digest | Size |');
  lines.push(building ? '| --- | --- | --- | --- | --- | --- |' : '| --- | --- | --- |');
  for (const platform of result.platforms) {
    const digest = result.platformDigests[platform];
    const size = result.sizes?.[platform];
    const cells = [platform, digest ? `\`${digest}\`` : 'not pushed', size === undefined ? '' : formatSize(size)];
    if (building) {
      const key = result.stats?.steps[platform] !== undefined ? platform : '';
      const steps = result.stats?.steps[key];
      const seconds = buildSeconds(result, platform);
      cells.push(
        result.execution[platform] ?? 'native',
        seconds === undefined ? '' : formatSeconds(seconds),
        steps === undefined ? '' : `${result.stats?.cached[key] ?? 0}/${steps}`,
      );
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  if (building) lines.push(...qemuCostLines(result, action));
  lines.push(...reproducibleLines(result));
  if (result.buildSeconds !== undefined) lines.push(`Build: ${result.buildSeconds.toFixed(1)} s on builder \`${result.builder}\``, '');
  return lines.join('\n');
}

/** A reproducible build: its epoch, and whether the platform images are what the tags held before. */
function reproducibleLines(result: StepResult): string[] {
  if (result.sourceDateEpoch === undefined) return [];
  const when = new Date(Number(result.sourceDateEpoch) * 1000).toISOString().replace('.000Z', 'Z');
  const lines = [`Reproducible: created and file times are \`SOURCE_DATE_EPOCH=${result.sourceDateEpoch}\` (${when})`, ''];
  if (!result.heldBefore || !result.pushed) return lines;
  return [...lines, ...comparedLines(result.heldBefore, result.platformDigests).flatMap((line) => [line, ''])];
}

/** Appends the step's report to the job summary, when the runner asks for one. */
export async function writeSummary(result: StepResult): Promise<void> {
  // DOCKER_BUILD_SUMMARY=false turns it off, as it does for docker/build-push-action
  if (!process.env.GITHUB_STEP_SUMMARY || process.env.DOCKER_BUILD_SUMMARY === 'false') return;
  const { GITHUB_ACTION_REPOSITORY: repository, GITHUB_ACTION_REF: ref } = process.env;
  await core.summary.addRaw(summaryMarkdown(result, repository && ref ? `${repository}@${ref}` : undefined)).write();
}
