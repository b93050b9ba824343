// The GitHub event payload (pull-request bodies, commit messages: user text) that buildx 0.30 and later's
// docker-container driver hands BuildKit for every build's provenance when the builder is created in a GitHub
// Actions job (it writes provenance.d/github_actions_context.json into the builder). Pure: what to strip from the
// metadata buildx writes, and which builders are told to leave it out.
import semver from 'semver';

import type { Config } from '../config/index.js';

/**
 * The metadata file without the GitHub event payload that buildx 0.30 and later's docker-container driver puts in
 * every build's provenance (`buildx.build.provenance` and `buildx.build.provenance/<platform>`, at
 * `invocation.environment.github_event_payload`), also with provenance off: pull-request bodies and commit messages
 * are user text, which neither the `metadata` output nor the log may carry. Otherwise the text as buildx wrote it.
 */
export function withoutEventPayload(json: string): string {
  let metadata: Record<string, unknown>;
  try {
    metadata = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  let removed = false;
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key !== 'buildx.build.provenance' && !key.startsWith('buildx.build.provenance/')) continue;
    const environment = (value as { invocation?: { environment?: Record<string, unknown> } } | null)?.invocation?.environment;
    if (environment && typeof environment === 'object' && 'github_event_payload' in environment) {
      delete environment.github_event_payload;
      removed = true;
    }
  }
  return removed ? JSON.stringify(metadata, null, 2) : json;
}

/**
 * Whether this buildx's docker-container driver adds the payload, and so knows `provenance-add-gha` (older ones
 * refuse an unknown driver option). `latest` is buildx-version's newest release, past 0.30 since 2025.
 */
export function buildxAddsEventPayload(version: string | undefined): boolean {
  if (version === 'latest') return true;
  const coerced = semver.coerce(version ?? '');
  return coerced !== null && semver.gte(coerced, '0.30.0');
}

/**
 * The driver options a node of the docker-container builder this step creates gets besides its `driver-opts`:
 * `provenance-add-gha=false` for a private repository, whose pull-request and commit text would otherwise reach the
 * registry inside the provenance (also the `mode=min,inline-only=true` build-push-action gives it). A public
 * repository's payload is public: it keeps what setup-buildx-action's builder gives. A `provenance-add-gha` in `driver-opts` wins.
 */
export function eventPayloadDriverOpts(
  config: Pick<Config, 'driver' | 'privateRepository'>,
  given: readonly string[],
  buildxVersion: string | undefined,
): string[] {
  if (config.driver !== 'docker-container' || !config.privateRepository || !buildxAddsEventPayload(buildxVersion)) return [];
  if (given.some((opt) => opt.trim().startsWith('provenance-add-gha='))) return [];
  return ['provenance-add-gha=false'];
}
