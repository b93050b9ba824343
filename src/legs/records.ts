// What ties the legs of a native multi-runner build to their merge, and the names their records go by.
//
// Why a leg that exits 0 is in its merge, whatever the registry's or the cache's latency:
// 1. A record's name is its writer's alone: the group (repository, run, variant), the platform and the attempt,
//    and the leg's digest (plus, in the Actions cache, a nonce per try). No other job writes that name.
// 2. Nothing is read, changed and written back: a record is created, never updated, so no write of any other
//    job, however late it lands, can remove or replace it. A late write of the leg's own is the same record.
// 3. A leg exits 0 only after reading its record back (legs.ts, recordLeg). So every green leg's record exists.
// 4. Only the merge of the same group deletes records, after its tags moved, and only those it merged.
// 5. The merge finds every record of its group: by name prefix in the cache (newest attempt first) and by a
//    listing of the tags in the registry, then picks the newest attempt up to its own per platform.
// This module is the pure part: the names, how they are read back, and which record a merge takes.
import { createHash } from 'node:crypto';

/** Which legs belong together: one repository, one workflow run (all its attempts) and one variant of the image. */
export interface LegGroup {
  readonly repository: string;
  readonly run: string;
  readonly variant: string;
}

/** One platform a leg pushed: the leg's own index (or image), by digest, and which attempt pushed it. */
export interface LegRecord {
  readonly platform: string;
  readonly attempt: number;
  readonly digest: string;
}

/** Records of a registry that never got merged are dropped by a merge of the repository after this long. */
export const RECORD_RETENTION_DAYS = 7;

const PREFIX = 'buildx-multiarch-leg';

/**
 * The variant a leg or merge belongs to when `merge-key` does not say: the first tag's tag, so that a matrix
 * pushing `app:slim` and `app:full` in one run keeps them apart. Long tags are shortened with a hash, so that the
 * variant fits into the legs' cache tags (128 characters at most).
 */
export function variantOf(firstTag: string): string {
  const at = firstTag.lastIndexOf(':');
  const tag = at > firstTag.lastIndexOf('/') ? firstTag.slice(at + 1) : 'latest';
  return tag.length <= 40 ? tag : `${tag.slice(0, 31)}-${createHash('sha256').update(tag).digest('hex').slice(0, 8)}`;
}

/** 16 hex digits naming a group: names stay short, and a repository name cannot break them. */
export function groupId(group: LegGroup): string {
  return createHash('sha256').update(`${group.repository}\n${group.run}\n${group.variant}`).digest('hex').slice(0, 16);
}

/** "linux/arm/v7" -> "linux_arm_v7": "-" separates the fields of a name, "_" cannot start a new one. */
export function platformSlug(platform: string): string {
  return platform.replace(/\//g, '_');
}

function slugPlatform(slug: string): string {
  return slug.replace(/_/g, '/');
}

/** The start every name of a group's records shares. */
export function groupPrefix(group: LegGroup): string {
  return `${PREFIX}-${groupId(group)}-`;
}

/** The start of the names of one platform's record of one attempt (the attempt's "-" ends the prefix). */
export function attemptPrefix(group: LegGroup, platform: string, attempt: number): string {
  return `${groupPrefix(group)}${platformSlug(platform)}-a${attempt}-`;
}

/** An Actions cache key, unique to this try of this leg: keys are write-once, so a retry takes a new nonce. */
export function cacheKey(group: LegGroup, record: LegRecord, nonce: string): string {
  return `${attemptPrefix(group, record.platform, record.attempt)}${record.digest.replace(/^sha256:/, '')}-${nonce}`;
}

/**
 * A registry tag (at most 128 characters) for a leg's record: dated, so that stale ones can be told by name, and
 * ending in the leg's digest, so that two legs building one platform (a mistake) write two tags, not one.
 */
export function recordTag(group: LegGroup, record: LegRecord, day: string): string {
  return `${attemptPrefix(group, record.platform, record.attempt)}${day}-${record.digest.replace(/^sha256:/, '').slice(0, 16)}`;
}

/** "20261202": the day in a record tag's name. */
export function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The platform and attempt of a group's record name, and what follows them (digest and nonce, or day). */
export function parseRecordName(name: string, group: LegGroup): { platform: string; attempt: number; rest: string } | undefined {
  const prefix = groupPrefix(group);
  if (!name.startsWith(prefix)) return undefined;
  const match = /^([A-Za-z0-9_.]+)-a(\d+)-(.+)$/.exec(name.slice(prefix.length));
  return match ? { platform: slugPlatform(match[1]), attempt: Number(match[2]), rest: match[3] } : undefined;
}

/** A cache key's record, or undefined when it is not one of the group's. */
export function recordOfCacheKey(key: string, group: LegGroup): LegRecord | undefined {
  const parsed = parseRecordName(key, group);
  const digest = parsed && /^([a-f0-9]{64})-/.exec(parsed.rest)?.[1];
  return parsed && digest ? { platform: parsed.platform, attempt: parsed.attempt, digest: `sha256:${digest}` } : undefined;
}

/** Whether a record tag of any group (not one of a user's own tags) was written before the retention. */
export function isStaleRecordTag(tag: string, now: number): boolean {
  const day = new RegExp(`^${PREFIX}-[a-f0-9]{16}-.+-a\\d+-(\\d{8})-[a-f0-9]{16}$`).exec(tag)?.[1];
  if (!day) return false;
  const written = Date.parse(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T00:00:00Z`);
  return now - written > (RECORD_RETENTION_DAYS + 1) * 24 * 3600 * 1000;
}

/**
 * What a merge takes, per platform: the record of the newest attempt up to its own ("re-run failed jobs" re-runs
 * a leg under a new attempt; nothing real writes a later attempt than the merge's own, so such a record is
 * ignored). Platforms with records the merge did not ask for are `unasked`; `conflicts` are platforms that two
 * legs of one attempt recorded with different images, which no merge can choose between.
 */
export function pickLegs(
  records: readonly LegRecord[],
  platforms: readonly string[] | undefined,
  attempt: number,
): { picked: LegRecord[]; missing: string[]; unasked: string[]; conflicts: string[] } {
  const usable = records.filter((record) => record.attempt <= attempt);
  const recorded = [...new Set(usable.map((record) => record.platform))].sort();
  const wanted = platforms ?? recorded;
  const picked: LegRecord[] = [];
  const missing: string[] = [];
  const conflicts: string[] = [];
  for (const platform of wanted) {
    const candidates = usable.filter((record) => record.platform === platform);
    if (candidates.length === 0) {
      missing.push(platform);
      continue;
    }
    const newest = candidates.reduce((a, b) => (b.attempt > a.attempt ? b : a));
    const rivals = candidates.filter((record) => record.attempt === newest.attempt && record.digest !== newest.digest);
    if (rivals.length > 0)
      conflicts.push(`${platform} (attempt ${newest.attempt}: ${[newest, ...rivals].map((r) => r.digest).join(', ')})`);
    picked.push(newest);
  }
  return { picked, missing, unasked: recorded.filter((platform) => !wanted.includes(platform)), conflicts };
}

/** "run 4242, variant "slim"": how errors and logs name a group. */
export function describeGroup(group: LegGroup): string {
  return `run ${group.run}, variant "${group.variant}"`;
}
