import * as core from '@actions/core';

export interface BuildResult {
  readonly builder: string;
  readonly platforms: readonly string[];
  readonly digest: string | undefined;
  readonly platformDigests: Readonly<Record<string, string>>;
  readonly tags: readonly string[];
  readonly pushed: boolean;
  /** How each non-native platform ran: "native" or "QEMU". */
  readonly execution: Readonly<Record<string, string>>;
}

/** The job summary in Markdown: the index, its tags, and one row per platform. */
export function summaryMarkdown(result: BuildResult): string {
  const lines = [`### ${result.pushed ? 'Pushed' : 'Built'} ${result.platforms.length} platform${result.platforms.length === 1 ? '' : 's'}`, ''];
  if (result.digest) lines.push(`Index digest: \`${result.digest}\``, '');
  if (result.tags.length > 0) lines.push(`Tags: ${result.tags.map((t) => `\`${t}\``).join(', ')}`, '');
  lines.push('| Platform | Digest | Ran |', '| --- | --- | --- |');
  for (const platform of result.platforms) {
    const digest = result.platformDigests[platform];
    lines.push(`| ${platform} | ${digest ? `\`${digest}\`` : 'not pushed'} | ${result.execution[platform] ?? 'native'} |`);
  }
  lines.push('', `Builder: \`${result.builder}\``, '');
  return lines.join('\n');
}

export async function writeSummary(result: BuildResult): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(summaryMarkdown(result)).write();
}
