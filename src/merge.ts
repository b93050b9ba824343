import type { Config } from './config/index.js';
import { CommandError } from './errors.js';
import { failureReason, runOrThrow, type Exec } from './exec.js';
import { parseInspect, platformDigests, type PushedImage } from './digests.js';
import { REGISTRY_RETRY, withRetry, type RetryPolicy } from './retry.js';

// Legs of a native multi-runner build meet in the registry, under temporary tags in the image's own repository:
// that works wherever the image can be pushed (self-hosted runners, GitHub Enterprise Server), needs nothing passed
// between jobs, and the merge step removes the tags. The merge key (run id and attempt) keeps concurrent runs and
// re-run attempts apart.
const LEG_PREFIX = 'buildx-multiarch-leg';

/** The temporary tag under which a leg leaves one platform for the merge step. */
export function legTag(repository: string, mergeKey: string, platform: string): string {
  return `${repository}:${LEG_PREFIX}-${mergeKey}-${platform.replace(/\//g, '-')}`;
}

/** One leg as the merge step finds it: the index it pushed and the platforms in it. */
export interface Leg {
  readonly platform: string;
  readonly digest: string;
  readonly platforms: Readonly<Record<string, string>>;
}

export function imagetoolsCreateArgs(builder: string, tags: readonly string[], sources: readonly string[]): string[] {
  return ['buildx', 'imagetools', 'create', '--builder', builder, ...tags.flatMap((tag) => ['--tag', tag]), ...sources];
}

/** The digest imagetools create pushed, from its progress ("pushing sha256:… to ghcr.io/acme/app:1"). */
export function createdDigest(output: string): string | undefined {
  return /pushing (sha256:[a-f0-9]{64}) to /.exec(output)?.[1];
}

/** The legs' platforms, each from its temporary tag; a platform no leg pushed fails the merge, named. */
export async function readLegs(exec: Exec, config: Config, repository: string, builder: string): Promise<Leg[]> {
  const legs = await Promise.all(
    config.platforms.map(async (platform): Promise<Leg> => {
      const tag = legTag(repository, config.mergeKey, platform);
      const result = await withRetry(`reading ${tag}`, REGISTRY_RETRY, async () => {
        const inspected = await exec('docker', ['buildx', 'imagetools', 'inspect', '--builder', builder, '--format', '{{json .}}', tag], { silent: true });
        if (inspected.exitCode === 0 || /not found|manifest unknown/i.test(inspected.stderr)) return inspected;
        throw new CommandError(`reading ${tag}`, inspected.exitCode, failureReason(inspected));
      });
      if (result.exitCode !== 0) {
        throw new Error(`no leg pushed ${platform} for merge key ${config.mergeKey} (${tag} does not exist): did that platform's build job finish, in this run attempt?`);
      }
      const pushed: PushedImage = parseInspect(result.stdout);
      const digest = (JSON.parse(pushed.manifestJson) as { digest: string }).digest;
      const platforms = platformDigests(pushed.manifestJson, [platform], digest);
      if (!platforms[platform]) throw new Error(`the leg under ${tag} does not hold ${platform} (it holds ${Object.keys(platforms).join(', ')})`);
      return { platform, digest, platforms };
    }),
  );
  return legs;
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
