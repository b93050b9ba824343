// The legs' records in the registry, where no Actions cache is offered (outside GitHub Actions, GHES without the
// cache): one tag per leg and attempt, written by that leg alone, so nothing another job does can drop it. The
// tag holds a small index whose one entry is the leg's own index, which it so keeps from garbage collection. The
// merge deletes the records it merged, and records older than the retention, where the registry allows DELETE.
import * as core from '@actions/core';

import { RegistryError } from '../core/errors.js';
import { isTransientFailure, REGISTRY_RETRY, retryDelay, type RetryPolicy, withRetry } from '../core/retry.js';
import { digestOf } from '../image/digests.js';
import { type Descriptor, OCI_INDEX } from '../image/oci.js';
import { type RegistryClient, registryReason } from '../registry/client.js';
import {
  dayOf,
  describeGroup,
  groupPrefix,
  isStaleRecordTag,
  type LegGroup,
  type LegRecord,
  parseRecordName,
  recordTag,
} from './records.js';

const MARK = 'buildx-multiarch.record';
const KEY = {
  run: 'buildx-multiarch.run',
  variant: 'buildx-multiarch.variant',
  platform: 'buildx-multiarch.platform',
  attempt: 'buildx-multiarch.attempt',
  created: 'org.opencontainers.image.created',
};

/** A record's bytes: an OCI index whose one entry is the leg's pushed index (or image). */
export function recordJson(group: LegGroup, record: LegRecord, leg: { mediaType: string; size: number }, now: number): string {
  const annotations = {
    [KEY.run]: group.run,
    [KEY.variant]: group.variant,
    [KEY.platform]: record.platform,
    [KEY.attempt]: String(record.attempt),
    [KEY.created]: new Date(now).toISOString(),
  };
  const manifests = [{ mediaType: leg.mediaType, digest: record.digest, size: leg.size, annotations }];
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests,
    annotations: { [MARK]: 'a leg of a native multi-runner build, waiting for its merge step' },
  });
}

/** The digest a tag holds, or undefined when there is no such tag; a refusal throws with the registry's reason. */
async function heldDigest(client: RegistryClient, tag: string): Promise<{ digest: string; json: string } | undefined> {
  const response = await client.request('GET', `/manifests/${tag}`, { Accept: OCI_INDEX });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new RegistryError(`reading ${tag}`, response.status, await registryReason(response));
  const bytes = Buffer.from(await response.arrayBuffer());
  return { digest: digestOf(bytes), json: bytes.toString('utf8') };
}

/**
 * Writes a leg's record and returns its tag once the registry serves it. The tag is this leg's alone and the
 * bytes are the same on every try, so a PUT is repeated freely; whether it landed is decided by reading it back,
 * never by the PUT's answer (one that timed out may land later, and that is harmless).
 */
export async function recordInRegistry(
  client: RegistryClient,
  group: LegGroup,
  record: LegRecord,
  leg: { mediaType: string; size: number },
  policy: RetryPolicy = REGISTRY_RETRY,
): Promise<string> {
  const now = Date.now();
  const tag = recordTag(group, record, dayOf(now));
  const body = recordJson(group, record, leg, now);
  for (let tries = 1; ; tries++) {
    const failure = await (async () => {
      const response = await client.request('PUT', `/manifests/${tag}`, { 'Content-Type': OCI_INDEX }, body);
      if (!response.ok) throw new RegistryError(`writing ${tag}`, response.status, await registryReason(response));
      return undefined;
    })().catch((error: Error) => error);
    if (failure && !isTransientFailure(failure))
      throw new Error(`recording ${record.platform} of ${describeGroup(group)}: ${failure.message}`);
    const held = await heldDigest(client, tag).catch((error: Error) => (isTransientFailure(error) ? undefined : Promise.reject(error)));
    if (held?.digest === digestOf(body)) return tag;
    const why = failure?.message ?? 'the registry does not serve it yet';
    if (tries >= policy.attempts)
      throw new Error(
        `recording ${record.platform} of ${describeGroup(group)} in ${tag} failed: ${why} (tried ${tries} times); re-run this job`,
      );
    core.warning(`recording ${record.platform} of ${describeGroup(group)}: ${why}; reading it back and writing it again`);
    await new Promise((resolve) => setTimeout(resolve, retryDelay(policy, tries)));
  }
}

/** Every tag of the repository, page by page (registries answer a page at a time, `Link: <…>; rel="next"`). */
async function allTags(client: RegistryClient): Promise<string[]> {
  const tags: string[] = [];
  for (let page: string | undefined = '/tags/list?n=1000'; page;) {
    const response = await client.request('GET', page);
    if (response.status === 404) return tags;
    if (!response.ok) throw new RegistryError('listing the tags', response.status, await registryReason(response));
    tags.push(...(((await response.json()) as { tags?: string[] | null }).tags ?? []));
    page = /<[^>]*?(\/tags\/list[^>]*)>;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return tags;
}

/** What the registry holds for a merge: the group's records, their tags, and other groups' stale record tags. */
export interface RegistryRecords {
  readonly records: LegRecord[];
  readonly tags: { readonly tag: string; readonly platform: string }[];
  readonly stale: string[];
}

/** The group's records of the newest attempt up to `attempt` per platform (every leg of it), read from their tags. */
export async function findInRegistry(client: RegistryClient, group: LegGroup, attempt: number): Promise<RegistryRecords> {
  return withRetry(`reading the legs' records of ${describeGroup(group)}`, REGISTRY_RETRY, async () => {
    const tags = await allTags(client);
    const ours = tags.flatMap((tag) => {
      const parsed = parseRecordName(tag, group);
      return parsed && parsed.attempt <= attempt ? [{ tag, platform: parsed.platform, attempt: parsed.attempt }] : [];
    });
    const newest = (platform: string): number => Math.max(...ours.filter((o) => o.platform === platform).map((o) => o.attempt));
    const read = ours.filter((o) => o.attempt === newest(o.platform));
    const records = await Promise.all(
      read.map(async ({ tag, platform, attempt: recorded }) => {
        const held = await heldDigest(client, tag);
        const entry = held && ((JSON.parse(held.json) as { manifests?: Descriptor[] }).manifests ?? [])[0];
        return entry ? [{ platform, attempt: recorded, digest: entry.digest }] : [];
      }),
    );
    const stale = tags.filter((tag) => !tag.startsWith(groupPrefix(group)) && isStaleRecordTag(tag, Date.now()));
    return { records: records.flat(), tags: ours.map(({ tag, platform }) => ({ tag, platform })), stale };
  });
}

/**
 * Deletes record tags (by the digest each holds: registries delete manifests, and a record's manifest is its
 * own); returns why not when the registry refuses (Docker Hub, GHCR: 405), at the first refusal.
 */
export async function deleteRecords(client: RegistryClient, tags: readonly string[]): Promise<string | undefined> {
  for (const tag of tags) {
    const refusal = await withRetry(`deleting ${tag}`, REGISTRY_RETRY, async () => {
      const held = await heldDigest(client, tag);
      if (!held) return undefined;
      const response = await client.request('DELETE', `/manifests/${held.digest}`);
      if (response.ok || response.status === 404) return undefined;
      const reason = await registryReason(response);
      if (response.status >= 500 || response.status === 429) throw new RegistryError(`deleting ${tag}`, response.status, reason);
      return reason;
    });
    if (refusal) return refusal;
  }
  return undefined;
}
