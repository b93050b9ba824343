// The provenance attestation an empty `provenance` asks for, decided as docker/build-push-action decides it, so that
// an image keeps the provenance it had when a workflow switches: mode=max for a public repository, and
// mode=min,inline-only=true (buildx's own default) for a private one, read from the event payload's repository.
import { hasAttestType } from './build-flags.js';

export interface ProvenanceFacts {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads the event payload file; throws when it cannot. */
  readonly readText: (p: string) => string;
}

/**
 * The `--attest` value for an empty `provenance`, or '' to leave buildx's default: outside a workflow run (no
 * GITHUB_EVENT_PATH), or when BUILDX_NO_DEFAULT_ATTESTATIONS turns default attestations off, as for build-push-action.
 */
export function defaultProvenance(env: ProvenanceFacts['env'], privateRepository: boolean): string {
  if (!env.GITHUB_EVENT_PATH || isTrue(env.BUILDX_NO_DEFAULT_ATTESTATIONS)) return '';
  const mode = privateRepository ? 'mode=min,inline-only=true' : 'mode=max';
  const builderId =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `,builder-id=${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`
      : '';
  return `type=provenance,${mode}${builderId}`;
}

/**
 * As build-push-action reads it (build-push-action src/context.ts: `payload.repository?.private ?? false`): private only when
 * the event payload says `repository.private: true`; public when it says nothing, or there is none.
 */
export function repositoryIsPrivate({ env, readText }: ProvenanceFacts): boolean {
  if (!env.GITHUB_EVENT_PATH) return false;
  try {
    const payload = JSON.parse(readText(env.GITHUB_EVENT_PATH)) as { repository?: { private?: unknown } };
    return payload.repository?.private === true;
  } catch {
    return false;
  }
}

function isTrue(text: string | undefined): boolean {
  return ['1', 't', 'true', 'T', 'TRUE', 'True'].includes(text ?? '');
}

/**
 * Whether the default provenance applies to this build: no `provenance`, no provenance among `attests`, and no
 * export to the Docker daemon (load, type=docker), where build-push-action leaves it out too; `canAttest` is false for the
 * docker driver on the classic image store, which stores no attestation.
 */
export function wantsDefaultProvenance(
  config: { provenance: string; attests: readonly string[]; load: boolean; outputs: readonly string[]; defaultProvenance: string },
  canAttest: boolean,
): boolean {
  const dockerExport = config.load || config.outputs.some((output) => output.split(',').some((field) => field.trim() === 'type=docker'));
  return (
    config.defaultProvenance !== '' &&
    config.provenance === '' &&
    !hasAttestType(config.attests, 'provenance') &&
    !dockerExport &&
    canAttest
  );
}
