import * as core from '@actions/core';
import type { Mode } from './config/index.js';

/** Steps and cache hits per platform, read from buildx's plain progress output. */
export interface BuildStats {
  readonly steps: Readonly<Record<string, number>>;
  readonly cached: Readonly<Record<string, number>>;
}

export interface StepResult {
  readonly mode: Mode;
  readonly builder: string;
  readonly platforms: readonly string[];
  readonly digest: string | undefined;
  readonly imageid: string | undefined;
  readonly metadataJson: string;
  readonly platformDigests: Readonly<Record<string, string>>;
  readonly tags: readonly string[];
  readonly pushed: boolean;
  /** How each platform ran: "native" or "QEMU" (empty for a merge, which builds nothing). */
  readonly execution: Readonly<Record<string, string>>;
  readonly buildSeconds?: number;
  readonly stats?: BuildStats;
  /** Compressed size of each platform image, where the registry told it. */
  readonly sizes?: Readonly<Record<string, number>>;
}

/**
 * Counts, per platform, the Dockerfile steps ("#7 [linux/arm64 2/3] RUN …") and those served from a cache
 * ("#7 CACHED"). Steps without a platform (single-platform builds) count under "".
 */
export function buildStats(log: string): BuildStats {
  const vertex = new Map<string, string>();
  const cachedVertices = new Set<string>();
  for (const line of log.split(/\r?\n/)) {
    // "[linux/arm64 2/3]", "[linux/amd64->arm64 build 2/3]", "[stage-1  1/12]"
    const step = /^#(\d+) \[\s*(?:([a-z0-9]+\/[a-z0-9]+(?:\/v[0-9]+)?)(?:->[a-z0-9/]+)?\s+)?(?:[\w.-]+\s+)?\d+\/\d+\] /.exec(line);
    if (step && !vertex.has(step[1])) vertex.set(step[1], step[2] ?? '');
    const hit = /^#(\d+) CACHED$/.exec(line);
    if (hit) cachedVertices.add(hit[1]);
  }
  const steps: Record<string, number> = {};
  const cached: Record<string, number> = {};
  for (const [id, platform] of vertex) {
    steps[platform] = (steps[platform] ?? 0) + 1;
    cached[platform] = (cached[platform] ?? 0) + (cachedVertices.has(id) ? 1 : 0);
  }
  return { steps, cached };
}

/** The stats of one-platform builds, each filed under its platform. */
export function mergeStats(perPlatform: readonly [string, BuildStats][]): BuildStats {
  const steps: Record<string, number> = {};
  const cached: Record<string, number> = {};
  for (const [platform, stats] of perPlatform) {
    steps[platform] = Object.values(stats.steps).reduce((a, b) => a + b, 0);
    cached[platform] = Object.values(stats.cached).reduce((a, b) => a + b, 0);
  }
  return { steps, cached };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024 - 51) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The job summary in Markdown: what was pushed where, then one row per platform. */
export function summaryMarkdown(result: StepResult): string {
  const what = result.mode === 'merge' ? 'Merged' : result.mode === 'leg' ? 'Pushed for the merge step' : result.pushed ? 'Pushed' : 'Built';
  const count = `${result.platforms.length} platform${result.platforms.length === 1 ? '' : 's'}`;
  const lines = [`### ${what}: ${count}`, ''];
  if (result.digest && result.pushed) lines.push(`Index digest: \`${result.digest}\``, '');
  if (result.tags.length > 0) lines.push(`Tags: ${result.tags.map((t) => `\`${t}\``).join(', ')}`, '');
  const building = result.mode !== 'merge';
  lines.push(building ? '| Platform | Digest | Size | Ran | Cached steps |' : '| Platform | Digest | Size |');
  lines.push(building ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- |');
  for (const platform of result.platforms) {
    const digest = result.platformDigests[platform];
    const size = result.sizes?.[platform];
    const cells = [platform, digest ? `\`${digest}\`` : 'not pushed', size === undefined ? '' : formatSize(size)];
    if (building) {
      const key = result.stats?.steps[platform] !== undefined ? platform : '';
      const steps = result.stats?.steps[key];
      cells.push(result.execution[platform] ?? 'native', steps === undefined ? '' : `${result.stats?.cached[key] ?? 0}/${steps}`);
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  if (result.buildSeconds !== undefined) lines.push(`Build: ${result.buildSeconds.toFixed(1)} s on builder \`${result.builder}\``, '');
  return lines.join('\n');
}

/** Appends the step's report to the job summary, when the runner asks for one. */
export async function writeSummary(result: StepResult): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(summaryMarkdown(result)).write();
}
