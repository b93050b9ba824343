// The legs' ledger: one OCI image index per repository, under one fixed tag, whose entries are the indexes the
// legs of native multi-runner builds pushed by digest, each annotated with who pushed it (run, attempt, variant,
// platform) and when. Legs add themselves, the merge step reads it and drops what it merged. Why a manifest in the
// registry: it is the one place every job of a run can reach (hosted, self-hosted, GHES runners alike) without
// anything passed between jobs, and it is one tag that is overwritten, never a tag per run, so registries that
// refuse DELETE (Docker Hub, GHCR: 405 UNSUPPORTED) are left with nothing per run. Being an index that refers
// to the legs' manifests, it also keeps them from garbage collection until the merge has used them.
// This module is the pure part: the records, their JSON, and which of them a merge takes.
import { createHash } from 'node:crypto';
import type { Descriptor } from '../digests.js';

export const LEDGER_TAG = 'buildx-multiarch-legs';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** Entries older than this are dropped by any write: the legs of a run nobody merged, or a merge that failed. */
export const LEDGER_RETENTION_MS = 7 * 24 * 3600 * 1000;

const KEY = {
  run: 'buildx-multiarch.run',
  attempt: 'buildx-multiarch.attempt',
  variant: 'buildx-multiarch.variant',
  platform: 'buildx-multiarch.platform',
  recorded: 'org.opencontainers.image.created',
} as const;
const LEDGER_MARK = 'buildx-multiarch.ledger';

/** One platform a leg pushed: the leg's own index (or image) and whose it is. */
export interface LegRecord {
  readonly run: string;
  readonly attempt: number;
  readonly variant: string;
  readonly platform: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  /** When the leg recorded itself, ISO 8601. */
  readonly recorded: string;
}

/** Which legs belong together: one workflow run (all its attempts) and one variant of the image. */
export interface LegGroup {
  readonly run: string;
  readonly variant: string;
}

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

/** The group a leg or merge step belongs to: its run and its variant (`merge-key`, or the first tag's tag). */
export function legGroup(config: { readonly run: { readonly id: string }; readonly mergeKey: string }): LegGroup {
  return { run: config.run.id, variant: config.mergeKey };
}

export function inGroup(record: LegRecord, group: LegGroup): boolean {
  return record.run === group.run && record.variant === group.variant;
}

function sameLeg(a: LegRecord, b: LegRecord): boolean {
  return inGroup(a, b) && a.platform === b.platform && a.attempt === b.attempt;
}

/** Records whose time is older than the retention, at `now`; an unreadable time counts as old. */
function fresh(records: readonly LegRecord[], now: number): LegRecord[] {
  return records.filter((record) => now - Date.parse(record.recorded) < LEDGER_RETENTION_MS);
}

/** The ledger with `leg` in it: an earlier record of the same run, attempt, variant and platform is replaced. */
export function withLeg(records: readonly LegRecord[], leg: LegRecord, now: number): LegRecord[] {
  return [...fresh(records, now).filter((record) => !sameLeg(record, leg)), leg];
}

/** The ledger without a merged group (every attempt of it), and without expired records. */
export function withoutGroup(records: readonly LegRecord[], group: LegGroup, now: number): LegRecord[] {
  return fresh(records, now).filter((record) => !inGroup(record, group));
}

export function holdsLeg(records: readonly LegRecord[], leg: LegRecord): boolean {
  return records.some((record) => sameLeg(record, leg) && record.digest === leg.digest);
}

/** Of two records for one platform, the later attempt ("re-run failed jobs" re-runs a leg), then the later write. */
function newer(a: LegRecord, b: LegRecord): LegRecord {
  if (a.attempt !== b.attempt) return a.attempt > b.attempt ? a : b;
  return Date.parse(a.recorded) >= Date.parse(b.recorded) ? a : b;
}

/**
 * What a merge takes: per platform, the newest record of its group. A re-run attempt's merge so finds the legs
 * that succeeded in an earlier attempt next to the ones it re-ran. `missing` are the platforms no leg recorded.
 */
export function pickLegs(records: readonly LegRecord[], group: LegGroup, platforms: readonly string[]): { picked: LegRecord[]; missing: string[] } {
  const picked: LegRecord[] = [];
  const missing: string[] = [];
  for (const platform of platforms) {
    const candidates = records.filter((record) => inGroup(record, group) && record.platform === platform);
    if (candidates.length === 0) missing.push(platform);
    else picked.push(candidates.reduce(newer));
  }
  return { picked, missing };
}

/** The ledger's bytes: an OCI index, one entry per record, entries in the order given. */
export function ledgerJson(records: readonly LegRecord[]): string {
  const manifests = records.map((record) => ({
    mediaType: record.mediaType,
    digest: record.digest,
    size: record.size,
    annotations: {
      [KEY.run]: record.run,
      [KEY.attempt]: String(record.attempt),
      [KEY.variant]: record.variant,
      [KEY.platform]: record.platform,
      [KEY.recorded]: record.recorded,
    },
  }));
  const annotations = { [LEDGER_MARK]: 'legs of native multi-runner builds waiting for their merge step' };
  return JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests, annotations });
}

/**
 * The records of a ledger's bytes. Throws when the tag holds something else (an image someone pushed under the
 * same name): overwriting it would lose what is there.
 */
export function parseLedger(json: string, where: string): LegRecord[] {
  const index = JSON.parse(json) as { manifests?: Descriptor[]; annotations?: Record<string, string> };
  if (!index.annotations?.[LEDGER_MARK] || !Array.isArray(index.manifests)) {
    throw new Error(`${where} holds a manifest this action did not write (no "${LEDGER_MARK}" annotation): move that image to another tag`);
  }
  return index.manifests.flatMap((entry): LegRecord[] => {
    const a = entry.annotations ?? {};
    if (!a[KEY.run] && !a[KEY.variant]) return [];
    return [
      {
        run: a[KEY.run] ?? '',
        attempt: Number(a[KEY.attempt] ?? '1') || 1,
        variant: a[KEY.variant] ?? '',
        platform: a[KEY.platform] ?? '',
        digest: entry.digest,
        mediaType: entry.mediaType ?? OCI_INDEX,
        size: entry.size ?? 0,
        recorded: a[KEY.recorded] ?? '',
      },
    ];
  });
}

/** "run 4242, variant "slim"": how errors and logs name a group. */
export function describeGroup(group: LegGroup): string {
  return group.run === '' ? `merge-key "${group.variant}"` : `run ${group.run}, variant "${group.variant}"`;
}
