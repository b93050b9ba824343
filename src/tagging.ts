import { runOrThrow, type Exec } from './exec.js';
import { createdDigest } from './merge.js';
import { REGISTRY_RETRY, withRetry, type RetryPolicy } from './retry.js';

/**
 * Points the tags at the tested image, byte for byte: `--prefer-index=false` makes imagetools copy a single
 * manifest as it is, where by default it would wrap it in a new index with another digest (an image of one
 * platform without attestations is a manifest, not an index).
 */
export function tagArgs(builder: string, tags: readonly string[], source: string): string[] {
  return ['buildx', 'imagetools', 'create', '--builder', builder, '--prefer-index=false', ...tags.flatMap((tag) => ['--tag', tag]), source];
}

/** Tags `repository@digest`; throws unless the tags then hold exactly that digest. */
export async function tagTested(exec: Exec, builder: string, tags: readonly string[], repository: string, digest: string, policy: RetryPolicy = REGISTRY_RETRY): Promise<void> {
  const source = `${repository}@${digest}`;
  const result = await withRetry(`tagging ${tags[0]}`, policy, () => runOrThrow(exec, `tagging ${tags.join(', ')} with ${source}`, 'docker', tagArgs(builder, tags, source)));
  const tagged = createdDigest(`${result.stderr}\n${result.stdout}`);
  if (tagged !== digest) throw new Error(`tagging ${tags[0]} pushed ${tagged ?? 'an unknown digest'}, not the tested ${digest}`);
}
