import { type Exec, runOrThrow } from './exec.js';
import { createdDigest, imagetoolsCreateArgs } from './merge.js';
import { REGISTRY_RETRY, type RetryPolicy, withRetry } from './retry.js';

/**
 * Tags `repository@digest`, byte for byte (`--prefer-index=false`: an image of one platform without attestations
 * is a manifest, which imagetools would otherwise wrap in a new index); throws unless the tags then hold it.
 */
export async function tagTested(
  exec: Exec,
  builder: string,
  tags: readonly string[],
  repository: string,
  digest: string,
  policy: RetryPolicy = REGISTRY_RETRY,
): Promise<void> {
  const source = `${repository}@${digest}`;
  const args = imagetoolsCreateArgs(builder, [source], { tags, preferIndex: false });
  const result = await withRetry(`tagging ${tags[0]}`, policy, () =>
    runOrThrow(exec, `tagging ${tags.join(', ')} with ${source}`, 'docker', args),
  );
  const tagged = createdDigest(`${result.stderr}\n${result.stdout}`);
  if (tagged !== digest) throw new Error(`tagging ${tags[0]} pushed ${tagged ?? 'an unknown digest'}, not the tested ${digest}`);
}
