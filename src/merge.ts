import { runOrThrow, type Exec } from './exec.js';
import { REGISTRY_RETRY, withRetry, type RetryPolicy } from './retry.js';

export function imagetoolsCreateArgs(builder: string, tags: readonly string[], sources: readonly string[]): string[] {
  return ['buildx', 'imagetools', 'create', '--builder', builder, ...tags.flatMap((tag) => ['--tag', tag]), ...sources];
}

/** The digest imagetools create pushed, from its progress ("pushing sha256:… to ghcr.io/acme/app:1"). */
export function createdDigest(output: string): string | undefined {
  return /pushing (sha256:[a-f0-9]{64}) to /.exec(output)?.[1];
}

/** Creates (or moves) the tags onto one index made of the sources; returns the index digest. */
export async function createIndex(exec: Exec, builder: string, tags: readonly string[], sources: readonly string[], policy: RetryPolicy = REGISTRY_RETRY): Promise<string> {
  const result = await withRetry(`creating ${tags[0]}`, policy, () =>
    runOrThrow(exec, `creating ${tags.join(', ')} from ${sources.join(', ')}`, 'docker', imagetoolsCreateArgs(builder, tags, sources)),
  );
  const digest = createdDigest(`${result.stderr}\n${result.stdout}`);
  if (!digest) throw new Error(`imagetools create did not say which index it pushed to ${tags[0]}`);
  return digest;
}
