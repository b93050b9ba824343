// `docker buildx imagetools`. `create`: one index from several sources, run twice: first with --dry-run, which
// prints the index it would push and pushes nothing, so that the index can be verified before any tag moves; then
// with the tags, which must push that very index (imagetools builds the same bytes from the same sources).
// `inspect`: what a registry holds, when the action's own registry client cannot read it (registry/step-registry.ts).
import { type Exec, runOrThrow } from '../core/exec.js';
import { REGISTRY_RETRY, type RetryPolicy, withRetry } from '../core/retry.js';
import { digestOf, parseInspect, type PushedImage } from './digests.js';

export interface CreateOptions {
  /** Where the index goes; none with dryRun. */
  readonly tags?: readonly string[];
  /** Print the index instead of pushing it. */
  readonly dryRun?: boolean;
  /** false: one source that is a manifest is copied as it is, not wrapped in a new index. */
  readonly preferIndex?: boolean;
}

export function imagetoolsCreateArgs(builder: string, sources: readonly string[], options: CreateOptions = {}): string[] {
  return [
    'buildx',
    'imagetools',
    'create',
    '--builder',
    builder,
    ...(options.dryRun ? ['--dry-run'] : []),
    ...(options.preferIndex === false ? ['--prefer-index=false'] : []),
    ...(options.tags ?? []).flatMap((tag) => ['--tag', tag]),
    ...sources,
  ];
}

/** The digest imagetools create pushed, from its progress ("pushing sha256:… to ghcr.io/acme/app:1"). */
export function createdDigest(output: string): string | undefined {
  return /pushing (sha256:[a-f0-9]{64}) to /.exec(output)?.[1];
}

/** The index the sources make, as imagetools would push it (its bytes, and their digest); nothing is pushed. */
export async function planIndex(
  exec: Exec,
  builder: string,
  sources: readonly string[],
  policy: RetryPolicy = REGISTRY_RETRY,
): Promise<{ json: string; digest: string }> {
  const result = await withRetry(`assembling the index of ${sources[0]}`, policy, () =>
    runOrThrow(
      exec,
      `assembling one index from ${sources.join(', ')}`,
      'docker',
      imagetoolsCreateArgs(builder, sources, { dryRun: true }),
      { silent: true },
    ),
  );
  // buildx prints the bytes it would push, then a newline
  const json = result.stdout.replace(/\n$/, '');
  return { json, digest: digestOf(json) };
}

/** Creates (or moves) the tags onto the index of the sources; throws unless imagetools pushed `planned`. */
export async function createIndex(
  exec: Exec,
  builder: string,
  tags: readonly string[],
  sources: readonly string[],
  planned: string,
  policy: RetryPolicy = REGISTRY_RETRY,
): Promise<void> {
  const result = await withRetry(`creating ${tags[0]}`, policy, () =>
    runOrThrow(exec, `creating ${tags.join(', ')} from ${sources.join(', ')}`, 'docker', imagetoolsCreateArgs(builder, sources, { tags })),
  );
  const pushed = createdDigest(`${result.stderr}\n${result.stdout}`);
  if (pushed !== planned)
    throw new Error(
      `creating ${tags.join(', ')} pushed ${pushed ?? 'an index imagetools did not name'}, not the verified ${planned}: the tags now point at it`,
    );
}

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

/**
 * Reads what the registry holds at `repository@digest` with one command: the index (fetched by digest, so the
 * registry's content is checked against it) and each platform's image config.
 */
export async function inspectPushed(exec: Exec, repository: string, digest: string, builder: string): Promise<PushedImage> {
  const ref = `${repository}@${digest}`;
  const result = await withRetry(`reading ${ref}`, REGISTRY_RETRY, () =>
    runOrThrow(
      exec,
      `reading the pushed image ${ref}`,
      'docker',
      ['buildx', 'imagetools', 'inspect', '--builder', builder, '--format', '{{json .}}', ref],
      { silent: true },
    ),
  );
  return parseInspect(result.stdout);
}
