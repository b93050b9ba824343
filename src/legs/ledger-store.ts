// Reading and writing the legs' ledger (ledger.ts) over the registry API. The registry offers no compare-and-swap
// for a tag (a manifest PUT has no If-Match), so a change is a read-modify-write that is verified by reading the
// ledger back after a jittered wait, and applied again when a concurrent writer's PUT, made from an older read,
// dropped it. Why that converges: each writer starts its PUT at most maxReadToWriteMs after the read it is
// based on, and waits longer than that before checking, so any PUT that could still drop its change lands before
// its check and is seen; it then re-applies on top of the newest ledger, which keeps the other writer's change.
// Among writers that collide, the last PUT wins a round, so each round satisfies at least one of them, and the
// random wait keeps the others from colliding again in step.
import * as core from '@actions/core';
import { digestOf } from '../digests.js';
import type { RegistryClient } from '../registry.js';
import { isTransientFailure, REGISTRY_RETRY, withRetry } from '../retry.js';
import { RegistryError } from '../errors.js';
import { LEDGER_TAG, ledgerJson, OCI_INDEX, parseLedger, type LegRecord } from './ledger.js';

/** How long a write may follow its read, how long to wait before reading back, and how often to try. */
export interface LedgerTiming {
  readonly maxReadToWriteMs: number;
  readonly settleMs: number;
  readonly jitterMs: number;
  readonly rounds: number;
}

const TIMING: LedgerTiming = { maxReadToWriteMs: 1500, settleMs: 2000, jitterMs: 2000, rounds: 8 };

/** A change to the ledger and how to tell, from a later read, that it is in. */
export interface LedgerChange {
  /** What the change is, for errors and logs ("recording linux/arm64 of run 42, variant "slim""). */
  readonly doing: string;
  readonly apply: (records: readonly LegRecord[], now: number) => LegRecord[];
  readonly holds: (records: readonly LegRecord[]) => boolean;
}

/** The registry's own words from an error response: its `errors[].code/message/detail`, else the status line. */
async function registryReason(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string; detail?: unknown }[] }).errors ?? [];
    const said = errors.map((e) => [e.code, e.message, e.detail === undefined ? '' : JSON.stringify(e.detail)].filter(Boolean).join(' ')).join('; ');
    return `${response.status} ${said || response.statusText}`.trim();
  } catch {
    return `${response.status} ${response.statusText}`.trim();
  }
}

/** The ledger's records as the registry holds them now; none when the tag does not exist yet. */
export async function readLedger(client: RegistryClient, where: string): Promise<LegRecord[]> {
  const response = await client.request('GET', `/manifests/${LEDGER_TAG}`, { Accept: OCI_INDEX });
  if (response.status === 404) {
    await response.arrayBuffer();
    return [];
  }
  if (!response.ok) throw new RegistryError(`reading ${where}`, response.status, await registryReason(response));
  const bytes = Buffer.from(await response.arrayBuffer());
  const served = response.headers.get('docker-content-digest');
  if (served && served !== digestOf(bytes)) throw new Error(`reading ${where}: the registry served ${served} with digest ${digestOf(bytes)}`);
  return parseLedger(bytes.toString('utf8'), where);
}

/**
 * PUTs the ledger. A registry that no longer has a manifest a record refers to (deleted since: a merge of another
 * run removed its legs after our read) refuses the index naming it; such records are dropped and the PUT retried.
 */
async function writeLedger(client: RegistryClient, where: string, records: LegRecord[]): Promise<void> {
  for (let left = records; ; ) {
    const response = await client.request('PUT', `/manifests/${LEDGER_TAG}`, { 'Content-Type': OCI_INDEX }, ledgerJson(left));
    if (response.ok) return void (await response.arrayBuffer());
    const reason = await registryReason(response);
    const gone = left.filter((record) => reason.includes(record.digest));
    if (!/MANIFEST_BLOB_UNKNOWN|MANIFEST_UNKNOWN|BLOB_UNKNOWN/.test(reason) || gone.length === 0) throw new RegistryError(`writing ${where}`, response.status, reason);
    core.info(`${where}: dropping the records of ${gone.map((r) => r.digest).join(', ')}, which the registry no longer has`);
    left = left.filter((record) => !gone.includes(record));
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Applies a change to the ledger and returns the ledger as read back holding it (see the top of this file). */
export async function changeLedger(client: RegistryClient, repository: string, change: LedgerChange, timing: LedgerTiming = TIMING): Promise<LegRecord[]> {
  const where = `${repository}:${LEDGER_TAG}`;
  const read = (): Promise<LegRecord[]> => withRetry(`reading ${where}`, REGISTRY_RETRY, () => readLedger(client, where));
  for (let round = 1; round <= timing.rounds; round++) {
    const current = await read();
    const readAt = Date.now();
    const next = change.apply(current, readAt);
    if (ledgerJson(next) === ledgerJson(current) && change.holds(current)) return current;
    // a read gone stale while we worked is read again rather than written over newer entries
    if (Date.now() - readAt > timing.maxReadToWriteMs) continue;
    // a failed PUT is not retried as is: the next round reads again, so no retry lands on a stale read
    const failure = await writeLedger(client, where, next).then(() => undefined, (error: Error) => error);
    if (failure && !isTransientFailure(failure)) throw new Error(`${change.doing}: ${failure.message}`);
    if (failure) {
      core.warning(`${change.doing}: ${failure.message}; reading ${where} again`);
      await pause(timing.settleMs);
      continue;
    }
    await pause(timing.settleMs + Math.random() * timing.jitterMs);
    const after = await read();
    if (change.holds(after)) return after;
    core.info(`${change.doing}: a concurrent write to ${where} replaced ours; writing it again (round ${round + 1})`);
  }
  throw new Error(`${change.doing} in ${where} failed: after ${timing.rounds} rounds other writers still replaced it`);
}
