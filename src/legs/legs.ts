// Where a leg records itself and where a merge finds its legs: the Actions cache when the runner offers it
// (cache-records.ts), else the registry (registry-records.ts). A merge looks in both at once, so that it finds
// legs whichever way they recorded themselves, at the cost of one tag listing beside the cache lookups.
import * as core from '@actions/core';

import type { Descriptor } from '../image/oci.js';
import { repositoryOf } from '../image/reference.js';
import type { RegistryClient } from '../registry/client.js';
import { actionsCache, findInCache, recordInCache } from './cache-records.js';
import { describeGroup, type LegGroup, type LegRecord, pickLegs } from './records.js';
import { deleteRecords, findInRegistry, recordInRegistry } from './registry-records.js';

/** The group of a leg or merge step: the first tag's repository, the run, the variant. */
export function legGroupOf(config: {
  readonly tags: readonly string[];
  readonly run: { readonly id: string };
  readonly mergeKey: string;
}): LegGroup {
  return { repository: repositoryOf(config.tags[0]), run: config.run.id, variant: config.mergeKey };
}

/** Records each platform of a leg, once each can be read back; returns where, for the log. */
export async function recordLeg(
  client: RegistryClient,
  group: LegGroup,
  records: readonly LegRecord[],
  leg: { mediaType: string; size: number },
): Promise<string> {
  const cache = await actionsCache('write');
  if (cache) {
    const keys = await Promise.all(records.map((record) => recordInCache(cache, group, record)));
    return `the Actions cache (${keys.join(', ')})`;
  }
  const tags = await Promise.all(records.map((record) => recordInRegistry(client, group, record, leg)));
  return `${group.repository} (${tags.join(', ')})`;
}

/** What a merge found: the legs it takes, platforms recorded but not asked for, and the registry's record tags. */
export interface FoundLegs {
  readonly picked: readonly LegRecord[];
  readonly unasked: readonly string[];
  readonly recordTags: readonly string[];
  readonly staleTags: readonly string[];
}

/** The legs of the group, the newest attempt per platform; a platform asked for and not recorded fails, named. */
export async function findLegs(
  client: RegistryClient,
  group: LegGroup,
  platforms: readonly string[] | undefined,
  attempt: number,
): Promise<FoundLegs> {
  const cache = await actionsCache('read');
  const [cached, registry] = await Promise.all([
    cache ? findInCache(cache, group, platforms, attempt) : [],
    findInRegistry(client, group, attempt),
  ]);
  const { picked, missing, unasked, conflicts } = pickLegs(uniqueRecords([...cached, ...registry.records]), platforms, attempt);
  if (missing.length > 0 || picked.length === 0) throw new Error(missingLegsMessage(group, picked, missing, cache !== undefined));
  if (conflicts.length > 0)
    throw new Error(
      `two legs of ${describeGroup(group)} recorded ${conflicts.join('; ')}: give each leg platforms of its own; no tag was moved`,
    );
  // records of platforms left out stay for a merge that asks for them
  const recordTags = registry.tags.filter((record) => !unasked.includes(record.platform)).map((record) => record.tag);
  return { picked, unasked, recordTags, staleTags: registry.stale };
}

/** One record per leg and platform, found in the cache and the registry alike or not. */
function uniqueRecords(records: readonly LegRecord[]): LegRecord[] {
  const seen = new Map(records.map((record) => [`${record.platform} ${record.attempt} ${record.digest}`, record]));
  return [...seen.values()];
}

export function missingLegsMessage(group: LegGroup, found: readonly LegRecord[], missing: readonly string[], cache: boolean): string {
  const where = cache ? "the Actions cache or the registry's record tags" : "the registry's record tags";
  const has =
    found.length > 0 ? `found ${found.map((r) => `${r.platform} (attempt ${r.attempt})`).join(', ')}` : 'found no leg of it at all';
  const what = missing.length > 0 ? missing.join(', ') : 'any platform';
  return `no leg of ${describeGroup(group)} in ${group.repository} recorded ${what} (${where}; ${has}): did that platform's build job finish? Re-run it, then the merge; legs and merge need the same first tag's repository, and the same merge-key or first tag`;
}

/**
 * After the tags moved: deletes the merged legs' registry records and other runs' stale ones, and the legs' own
 * indexes the merged index does not refer to, where the registry allows DELETE. Never throws: the tags have
 * moved already; what could not be done is returned, to be said next to where the tags now point.
 */
export async function releaseLegs(
  client: RegistryClient,
  found: FoundLegs,
  merged: { digest: string; indexJson: string },
): Promise<string[]> {
  const notes: string[] = [];
  if (found.unasked.length > 0)
    notes.push(`legs recorded ${found.unasked.join(', ')}, which this merge did not ask for: left out of the image and kept`);
  const refused = await deleteRecords(client, [...found.recordTags, ...found.staleTags]).catch((error: Error) => error.message);
  if (refused) notes.push(`the registry kept the legs' record tags (${refused}); they are small and point at the legs' own indexes`);
  const inUse = new Set([
    merged.digest,
    ...((JSON.parse(merged.indexJson) as { manifests?: Descriptor[] }).manifests ?? []).map((m) => m.digest),
  ]);
  const unused = [...new Set(found.picked.map((record) => record.digest))].filter((digest) => !inUse.has(digest));
  for (const digest of unused) {
    const failure = await client.deleteManifest(digest).catch((error: Error) => error.message);
    // Docker Hub, GHCR and Distribution with deletes disabled answer 405: the legs' indexes stay, without a tag
    if (failure) core.info(`The registry kept the leg's own untagged index ${digest} (${failure})`);
  }
  return notes;
}
