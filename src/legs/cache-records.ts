// The legs' records in the GitHub Actions cache, where the runner offers one (every github.com runner, hosted or
// self-hosted, and GHES with the cache on). A record is the key of a cache entry, which the cache service creates
// once and never lets anyone overwrite; the merge finds it by prefix (`lookupOnly`: nothing is downloaded). The
// service keeps entries 7 days after their last use and evicts them by itself: nothing of a run stays anywhere.
// @actions/cache is loaded only here, by legs and merges: it is the heaviest dependency the action has.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';

import * as core from '@actions/core';

import { REGISTRY_RETRY, retryDelay, type RetryPolicy } from '../core/retry.js';
import { KNOWN_PLATFORMS } from '../image/platforms.js';
import { attemptPrefix, cacheKey, describeGroup, type LegGroup, type LegRecord, recordOfCacheKey } from './records.js';

/** The part of @actions/cache the records use. */
export interface CacheService {
  isFeatureAvailable(): boolean;
  saveCache(paths: string[], key: string): Promise<number>;
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
    options?: { lookupOnly?: boolean },
  ): Promise<string | undefined>;
}

// The entries' version hashes the paths, so every leg and merge must name the same one, on every runner: an
// absolute path (Linux runners only) whose contents nobody reads. Its text says what it is for whoever finds it.
const RECORD_PATH = '/tmp/buildx-multiarch-leg-record';
const RECORD_TEXT = 'buildx-multiarch: the records of native multi-runner legs are the keys of their Actions cache entries\n';

/** At most 10 keys go into one lookup: the attempt's own prefix and the nine before it. */
const ATTEMPTS_LOOKED_BACK = 9;

/** The Actions cache when the runner offers one that this step may write (a leg) or read (a merge). */
export async function actionsCache(access: 'read' | 'write', env: NodeJS.ProcessEnv = process.env): Promise<CacheService | undefined> {
  const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
  // the runner's cache mode: read, write, write-only or none; unset or unknown allows both, as @actions/cache reads it
  const allowed = access === 'read' ? !['none', 'write-only'].includes(mode) : !['none', 'read'].includes(mode);
  if (!allowed || !(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL)) return undefined;
  const cache = await import('@actions/cache');
  return cache.isFeatureAvailable() ? cache : undefined;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records one platform of a leg and returns once a lookup finds it. @actions/cache reports a failed save only in
 * its log (and a failed lookup as a miss), so the lookup is what decides: a try that is not found is made again
 * under a new key (a key whose upload broke off may stay reserved), and after the last the leg fails.
 */
export async function recordInCache(
  cache: CacheService,
  group: LegGroup,
  record: LegRecord,
  policy: RetryPolicy = REGISTRY_RETRY,
): Promise<string> {
  // another user's leg on a shared self-hosted machine may have written it: its text is all that matters
  if (!fs.existsSync(RECORD_PATH) || fs.readFileSync(RECORD_PATH, 'utf8') !== RECORD_TEXT) fs.writeFileSync(RECORD_PATH, RECORD_TEXT);
  for (let tries = 1; ; tries++) {
    const key = cacheKey(group, record, randomBytes(4).toString('hex'));
    await cache.saveCache([RECORD_PATH], key);
    if ((await cache.restoreCache([RECORD_PATH], key, [], { lookupOnly: true })) === key) return key;
    if (tries >= policy.attempts) {
      throw new Error(
        `recording ${record.platform} of ${describeGroup(group)} in the Actions cache failed: the cache service did not keep it after ${tries} tries (its answers are in the log above); re-run this job`,
      );
    }
    core.warning(`recording ${record.platform} of ${describeGroup(group)} in the Actions cache: not found after saving; trying again`);
    await pause(retryDelay(policy, tries));
  }
}

/** The newest record up to `attempt` of one platform, in one lookup (restore keys are tried in order). */
async function lookUp(cache: CacheService, group: LegGroup, platform: string, attempt: number): Promise<LegRecord | undefined> {
  const prefixes: string[] = [];
  for (let a = attempt; a >= 1 && prefixes.length <= ATTEMPTS_LOOKED_BACK; a--) prefixes.push(attemptPrefix(group, platform, a));
  const key = await cache.restoreCache([RECORD_PATH], prefixes[0], prefixes.slice(1), { lookupOnly: true });
  return key ? recordOfCacheKey(key, group) : undefined;
}

/**
 * The group's records of the platforms asked for (every platform the action knows when none were), and of every
 * other known platform, so that a merge can name legs it leaves out. A platform asked for and not found is looked
 * up again with backoff: a lookup the service failed looks like a miss.
 */
export async function findInCache(
  cache: CacheService,
  group: LegGroup,
  asked: readonly string[] | undefined,
  attempt: number,
  policy: RetryPolicy = REGISTRY_RETRY,
): Promise<LegRecord[]> {
  const platforms = [...new Set([...(asked ?? []), ...KNOWN_PLATFORMS])];
  const found = await Promise.all(platforms.map((platform) => lookUp(cache, group, platform, attempt)));
  const records = found.filter((record): record is LegRecord => record !== undefined);
  let missing = (asked ?? []).filter((platform) => !records.some((record) => record.platform === platform));
  for (let retry = 1; missing.length > 0 && retry < policy.attempts; retry++) {
    await pause(retryDelay(policy, retry));
    const again = (await Promise.all(missing.map((platform) => lookUp(cache, group, platform, attempt)))).filter(
      (r): r is LegRecord => r !== undefined,
    );
    records.push(...again);
    missing = missing.filter((platform) => !again.some((record) => record.platform === platform));
  }
  return records;
}
