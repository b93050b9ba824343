// The legs' records in the Actions cache, written and found with the real @actions/cache against a cache
// service on 127.0.0.1 that behaves as github.com's does where the records rely on it (actions-cache.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import type { RetryPolicy } from '../../../src/core/retry.js';
import { actionsCache, type CacheService, findInCache, recordInCache } from '../../../src/legs/cache-records.js';
import type { LegGroup } from '../../../src/legs/records.js';
import { ActionsCache } from '../../e2e/actions-cache.js';

const NO_WAIT: RetryPolicy = { attempts: 3, firstDelayMs: 0, maxDelayMs: 0 };
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const GROUP: LegGroup = { repository: 'ghcr.io/acme/app', run: '4242', variant: 'latest' };

let service: ActionsCache;
let cache: CacheService;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  service = await ActionsCache.start();
  const env = { ...service.env(), RUNNER_TEMP: fs.mkdtempSync(path.join(os.tmpdir(), 'cache-records-')) };
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  cache = (await actionsCache('write')) as CacheService;
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await service.close();
});
beforeEach(() => {
  service.entries.splice(0);
});

describe('actionsCache: the channel the runner offers', () => {
  test.each<[string, 'read' | 'write', Record<string, string>, boolean]>([
    ['no cache service in the environment', 'write', {}, false],
    ['a leg where the cache mode is read', 'write', { ACTIONS_RESULTS_URL: 'http://x/', ACTIONS_CACHE_MODE: 'read' }, false],
    ['a merge where the cache mode is read', 'read', { ACTIONS_RESULTS_URL: 'http://x/', ACTIONS_CACHE_MODE: 'read' }, true],
    ['a merge where the cache mode is none', 'read', { ACTIONS_RESULTS_URL: 'http://x/', ACTIONS_CACHE_MODE: 'none' }, false],
  ])('%s', async (_, access, env, offered) => {
    expect((await actionsCache(access, env)) !== undefined).toBe(offered);
  });
});

describe('recordInCache and findInCache', () => {
  test('a recorded platform is found, with its digest and attempt; nothing is found of another group', async () => {
    await recordInCache(cache, GROUP, { platform: 'linux/arm/v7', attempt: 1, digest: D1 }, NO_WAIT);
    expect(await findInCache(cache, GROUP, undefined, 1, NO_WAIT)).toEqual([{ platform: 'linux/arm/v7', attempt: 1, digest: D1 }]);
    expect(await findInCache(cache, { ...GROUP, variant: 'slim' }, undefined, 1, NO_WAIT)).toEqual([]);
    expect(await findInCache(cache, { ...GROUP, run: '4243' }, undefined, 1, NO_WAIT)).toEqual([]);
  });

  test("linux/arm's records are not linux/arm64's, nor the other way round", async () => {
    await recordInCache(cache, GROUP, { platform: 'linux/arm64', attempt: 1, digest: D1 }, NO_WAIT);
    expect(await findInCache(cache, GROUP, ['linux/arm/v7', 'linux/arm64'], 1, NO_WAIT)).toEqual([
      { platform: 'linux/arm64', attempt: 1, digest: D1 },
    ]);
  });

  test("the newest attempt up to the merge's own wins; a later attempt than the merge's is ignored", async () => {
    await recordInCache(cache, GROUP, { platform: 'linux/amd64', attempt: 2, digest: D2 }, NO_WAIT);
    await recordInCache(cache, GROUP, { platform: 'linux/amd64', attempt: 1, digest: D1 }, NO_WAIT);
    await recordInCache(cache, GROUP, { platform: 'linux/amd64', attempt: 3, digest: D1 }, NO_WAIT);
    expect(await findInCache(cache, GROUP, ['linux/amd64'], 2, NO_WAIT)).toEqual([{ platform: 'linux/amd64', attempt: 2, digest: D2 }]);
    expect(await findInCache(cache, GROUP, ['linux/amd64'], 1, NO_WAIT)).toEqual([{ platform: 'linux/amd64', attempt: 1, digest: D1 }]);
  });

  test('a reservation the service refused is tried again under a new key, and the record is found', async () => {
    service.failNext('CreateCacheEntry', 2, 400);
    await recordInCache(cache, GROUP, { platform: 'linux/amd64', attempt: 1, digest: D1 }, NO_WAIT);
    expect(service.keys()).toHaveLength(1);
    expect(
      service.calls
        .filter((call) => call.method === 'CreateCacheEntry')
        .map((call) => call.key)
        .slice(-3),
    ).toEqual([expect.stringMatching(/-a1-1{64}-[a-f0-9]{8}$/), expect.stringMatching(/-a1-1{64}-[a-f0-9]{8}$/), service.keys()[0]]);
    expect(
      new Set(
        service.calls
          .filter((call) => call.method === 'CreateCacheEntry')
          .slice(-3)
          .map((call) => call.key),
      ).size,
    ).toBe(3);
    expect(await findInCache(cache, GROUP, ['linux/amd64'], 1, NO_WAIT)).toEqual([{ platform: 'linux/amd64', attempt: 1, digest: D1 }]);
  });

  test('a lookup the service failed once is made again before a platform counts as missing', async () => {
    await recordInCache(cache, GROUP, { platform: 'linux/amd64', attempt: 1, digest: D1 }, NO_WAIT);
    service.failNext('GetCacheEntryDownloadURL', 16, 400);
    expect(await findInCache(cache, GROUP, ['linux/amd64'], 1, NO_WAIT)).toEqual([{ platform: 'linux/amd64', attempt: 1, digest: D1 }]);
  });

  test('a service that keeps nothing fails the leg, saying so', async () => {
    service.failNext('FinalizeCacheEntryUpload', 100, 400);
    await expect(recordInCache(cache, GROUP, { platform: 'linux/amd64', attempt: 1, digest: D1 }, NO_WAIT)).rejects.toThrow(
      'recording linux/amd64 of run 4242, variant "latest" in the Actions cache failed: the cache service did not keep it after 3 tries (its answers are in the log above); re-run this job',
    );
    service.failNext('FinalizeCacheEntryUpload', 0);
  });
});
