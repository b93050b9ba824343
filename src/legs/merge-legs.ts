// The merge step's side of the legs' ledger (legs/ledger.ts): which legs it merges, and letting go of them once
// the merged index holds their platforms.
import * as core from '@actions/core';
import type { Descriptor } from '../digests.js';
import type { Config } from '../config/index.js';
import { describeGroup, inGroup, LEDGER_TAG, legGroup, pickLegs, withoutGroup, type LegGroup, type LegRecord } from './ledger.js';
import { changeLedger, readLedger } from './ledger-store.js';
import { deleteManifest, manifestRef, type RegistryClient } from '../registry.js';
import { REGISTRY_RETRY, withRetry } from '../retry.js';

/** What a merge found in the ledger: the legs it takes, and every record of its group (earlier attempts too). */
export interface FoundLegs {
  readonly picked: readonly LegRecord[];
  readonly group: readonly LegRecord[];
}

/** The legs of this run and variant, the newest attempt per platform; a platform without one fails the merge, named. */
export async function findLegs(client: RegistryClient, repository: string, group: LegGroup, platforms: readonly string[]): Promise<FoundLegs> {
  const where = `${repository}:${LEDGER_TAG}`;
  const records = await withRetry(`reading ${where}`, REGISTRY_RETRY, () => readLedger(client, where));
  const { picked, missing } = pickLegs(records, group, platforms);
  if (missing.length > 0) throw new Error(missingLegsMessage(records, group, missing, where));
  return { picked, group: records.filter((record) => inGroup(record, group)) };
}

export function missingLegsMessage(records: readonly LegRecord[], group: LegGroup, missing: readonly string[], where: string): string {
  const ours = records.filter((record) => inGroup(record, group));
  const found = ours.length > 0 ? `it has ${[...new Set(ours.map((r) => `${r.platform} (attempt ${r.attempt})`))].join(', ')}` : 'it has no leg of it at all';
  const otherVariants = [...new Set(records.filter((r) => r.run === group.run && r.variant !== group.variant).map((r) => `"${r.variant}"`))];
  const hint = ours.length === 0 && otherVariants.length > 0 ? `; this run has legs of variant ${otherVariants.join(', ')}: legs and merge need the same first tag, or the same merge-key` : '';
  return `no leg of ${describeGroup(group)} recorded ${missing.join(', ')} in ${where} (${found}${hint}): did that platform's build job finish? Re-run it, then the merge`;
}

/**
 * Once the merged index is verified: drops the group's records from the ledger (every attempt; verified, like
 * every ledger write), which also lets the registry collect the legs' own indexes, then deletes those indexes
 * where the registry allows it. Nothing is deleted that the merged index or another record still refers to:
 * a leg that pushed one image without attestations is itself an entry of the merged index.
 */
export async function releaseLegs(config: Config, client: RegistryClient, repository: string, found: FoundLegs, merged: { digest: string; manifestJson: string }): Promise<void> {
  const group = legGroup(config);
  const left = await changeLedger(client, repository, {
    doing: `dropping the merged legs of ${describeGroup(group)}`,
    apply: (records, now) => withoutGroup(records, group, now),
    holds: (records) => !records.some((record) => inGroup(record, group)),
  });
  const inUse = new Set([merged.digest, ...((JSON.parse(merged.manifestJson) as { manifests?: Descriptor[] }).manifests ?? []).map((m) => m.digest), ...left.map((r) => r.digest)]);
  const unused = [...new Set(found.group.map((record) => record.digest))].filter((digest) => !inUse.has(digest));
  const refused: string[] = [];
  for (const digest of unused) {
    const ref = manifestRef(repository, digest);
    const failure = await deleteManifest(ref, config.logins.find((login) => login.registry === ref.registry), config.insecureRegistries).catch((error: Error) => error.message);
    if (failure) refused.push(`${digest} (${failure})`);
  }
  // Docker Hub, GHCR and Distribution with deletes disabled answer 405: the legs' indexes stay, with no tag on them
  if (refused.length > 0) core.info(`The registry kept the legs' own untagged indexes: ${refused.join('; ')}`);
  core.info(`Dropped the merged legs of ${describeGroup(group)} from ${repository}:${LEDGER_TAG}`);
}
