// Native multi-runner legs as users' jobs meet them: a registry that refuses DELETE (as Docker Hub and GHCR do), the
// Actions cache where the runner offers one (actions-cache.ts, as github.com's service behaves), re-run failed jobs,
// a merge that verifies its index before any tag moves, and legs of platforms a merge did not ask for. The action
// runs as the runner runs it (GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT in its environment); every check reads the
// registry's HTTP API, never the action's log. Faults on the legs' writes: legs.registry.test.ts.
import { beforeAll, describe, expect, test } from '@jest/globals';

import { groupId } from '../../src/legs/records.js';
import { type ActionRun, errorsOf, indexPlatforms, nonce, OK, ok } from './harness.js';
import { ARCH, auth, context, leg, legsRegistries, manifestOf, merge, s, tagsOf, warningsOf } from './legs-support.js';

const r = legsRegistries();

describe('a registry that refuses DELETE, legs recorded in the Actions cache', () => {
  const repository = `e2e/refuse-${nonce()}`;
  const runs: ActionRun[] = [];

  beforeAll(async () => {
    const ctx = context('refuse', ARCH);
    for (const run of ['101', '102']) {
      const where = { host: r.refusing.host, run, cached: true };
      runs.push(...(await Promise.all(['linux/amd64', 'linux/arm64'].map((platform) => leg(where, repository, 'latest', platform, ctx)))));
      runs.push(await merge(where, repository, ['latest', `r${run}`], 'linux/amd64,linux/arm64'));
    }
  }, 900_000);

  test('refuses a manifest DELETE with 405 UNSUPPORTED, as Docker Hub and GHCR do', async () => {
    const latest = await manifestOf(r.refusing.host, repository, 'latest');
    const response = await fetch(`http://${r.refusing.host}/v2/${repository}/manifests/${latest.digest}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect({ status: response.status, body: await response.text() }).toEqual({ status: 405, body: expect.stringContaining('UNSUPPORTED') });
  });

  test("two full runs leave the user's tags and each leg's cache, nothing per run; the records are cache entries", async () => {
    for (const run of runs) expect(ok(run)).toEqual(OK);
    expect(await tagsOf(r.refusing.host, repository)).toEqual([
      'buildcache-latest-linux-amd64',
      'buildcache-latest-linux-arm64',
      'latest',
      'r101',
      'r102',
    ]);
    expect((await manifestOf(r.refusing.host, repository, 'latest')).digest).toBe(runs[5].outputs.digest);
    const ids = ['101', '102'].map((run) => groupId({ repository: `${r.refusing.host}/${repository}`, run, variant: 'latest' }));
    const platformsOf = (id: string): string[] =>
      r.cache
        .keys()
        .flatMap((key) => (key.includes(id) ? [/-(linux_[a-z0-9_]+)-a1-[a-f0-9]{64}-/.exec(key)?.[1]] : []))
        .sort() as string[];
    for (const id of ids) expect(platformsOf(id)).toEqual(['linux_amd64', 'linux_arm64']);
  });
});

describe('re-run failed jobs (the Actions cache)', () => {
  const repository = `e2e/rerun-${nonce()}`;
  const runs: Record<string, ActionRun> = {};

  beforeAll(async () => {
    // attempt 1 fails on arm64 (a flaky step), attempt 2 re-runs that leg and the merge only
    const flaky = context('flaky', `FROM ${s.baseImage}\nRUN test "$(uname -m)" != aarch64 && uname -m > /arch\n`);
    const first = { host: r.refusing.host, run: '201', cached: true };
    const second = { ...first, attempt: 2 };
    [runs.amd64, runs.arm64First] = await Promise.all([
      leg(first, repository, 'latest', 'linux/amd64', flaky),
      leg(first, repository, 'latest', 'linux/arm64', flaky),
    ]);
    runs.mergeFirst = await merge(first, repository, ['latest'], 'linux/amd64,linux/arm64');
    runs.arm64Again = await leg(second, repository, 'latest', 'linux/arm64', context('fixed', ARCH));
    runs.mergeAgain = await merge(second, repository, ['latest'], 'linux/amd64,linux/arm64');
  }, 900_000);

  test('a leg that never finished fails the merge, naming the platform, the run and the variant; no tag exists', async () => {
    expect(ok(runs.amd64)).toEqual(OK);
    expect(runs.arm64First.main.code).toBe(1);
    expect(runs.mergeFirst.main.code).toBe(1);
    expect(errorsOf(runs.mergeFirst)).toEqual([
      `::error::no leg of run 201, variant "latest" in ${r.refusing.host}/${repository} recorded linux/arm64 (the Actions cache or the registry's record tags; found linux/amd64 (attempt 1)): did that platform's build job finish? Re-run it, then the merge; legs and merge need the same first tag's repository, and the same merge-key or first tag`,
    ]);
  });

  test("the re-run attempt's merge takes attempt 1's amd64 leg and attempt 2's arm64 leg", async () => {
    expect(ok(runs.arm64Again)).toEqual(OK);
    expect(ok(runs.mergeAgain)).toEqual(OK);
    const latest = await manifestOf(r.refusing.host, repository, 'latest');
    expect(latest.digest).toBe(runs.mergeAgain.outputs.digest);
    expect(indexPlatforms(latest.body)).toEqual({
      'linux/amd64': JSON.parse(runs.amd64.outputs['platform-digests'])['linux/amd64'],
      'linux/arm64': JSON.parse(runs.arm64Again.outputs['platform-digests'])['linux/arm64'],
    });
  });
});

describe('a merge verifies its index before any tag moves', () => {
  const repository = `e2e/verify-${nonce()}`;
  const runs: Record<string, ActionRun> = {};
  let before = '';

  beforeAll(async () => {
    const ctx = context('verify', ARCH);
    const good = { host: r.deleting.host, run: '401' };
    await Promise.all(['linux/amd64', 'linux/arm64'].map((platform) => leg(good, repository, 'latest', platform, ctx)));
    runs.good = await merge(good, repository, ['latest']);
    before = (await manifestOf(r.deleting.host, repository, 'latest')).digest;
    // one leg built two platforms; the merge asks for one
    const wide = { host: r.deleting.host, run: '402' };
    runs.wideLeg = await leg(wide, repository, 'latest', 'linux/amd64,linux/arm64', ctx);
    runs.wideMerge = await merge(wide, repository, ['latest'], 'linux/amd64');
    // two legs whose indexes overlap: both hold linux/arm64
    const overlap = { host: r.deleting.host, run: '403' };
    [runs.overlapA, runs.overlapB] = await Promise.all([
      leg(overlap, repository, 'latest', 'linux/amd64,linux/arm64', ctx),
      leg(overlap, repository, 'latest', 'linux/arm64', ctx),
    ]);
    runs.overlapMerge = await merge(overlap, repository, ['latest'], 'linux/amd64,linux/arm64');
  }, 900_000);

  test('a merge without platforms takes every platform its legs recorded', () => {
    expect(ok(runs.good)).toEqual(OK);
    expect(Object.keys(JSON.parse(runs.good.outputs['platform-digests'])).sort()).toEqual(['linux/amd64', 'linux/arm64']);
  });

  test('an index with a platform not asked for fails before the tags move; the tag keeps its digest', async () => {
    expect(ok(runs.wideLeg)).toEqual(OK);
    expect(runs.wideMerge.main.code).toBe(1);
    expect(errorsOf(runs.wideMerge)).toEqual([
      expect.stringMatching(
        /^::error::the index sha256:[a-f0-9]{64} does not hold the requested platforms \(missing: none; unexpected: linux\/arm64\): no tag was moved$/,
      ),
    ]);
    expect((await manifestOf(r.deleting.host, repository, 'latest')).digest).toBe(before);
  });

  test('legs whose indexes overlap fail the merge before the tags move', async () => {
    expect(ok(runs.overlapA)).toEqual(OK);
    expect(ok(runs.overlapB)).toEqual(OK);
    expect(runs.overlapMerge.main.code).toBe(1);
    expect(errorsOf(runs.overlapMerge).join('\n')).toMatch(/linux\/arm64/);
    expect((await manifestOf(r.deleting.host, repository, 'latest')).digest).toBe(before);
  });
});

describe('legs recorded for platforms a merge did not ask for', () => {
  const repository = `e2e/unasked-${nonce()}`;
  const runs: ActionRun[] = [];

  beforeAll(async () => {
    const ctx = context('unasked', ARCH);
    const where = { host: r.refusing.host, run: '501', cached: true };
    runs.push(
      ...(await Promise.all(
        ['linux/amd64', 'linux/arm64', 'linux/arm/v7'].map((platform) => leg(where, repository, 'latest', platform, ctx)),
      )),
    );
    // the legs' variant is their first tag's, "latest"; these merges name it, to push under other tags
    runs.push(await merge(where, repository, ['two'], 'linux/amd64,linux/arm64', { 'merge-key': 'latest' }));
    runs.push(await merge(where, repository, ['all'], undefined, { 'merge-key': 'latest' }));
  }, 900_000);

  test('are named in a warning and kept: a merge without platforms then takes all three', async () => {
    for (const run of runs) expect(ok(run)).toEqual(OK);
    expect(warningsOf(runs[3]).join('\n')).toContain(
      'legs recorded linux/arm/v7, which this merge did not ask for: left out of the image and kept',
    );
    expect(Object.keys(indexPlatforms((await manifestOf(r.refusing.host, repository, 'two')).body)).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    expect(Object.keys(indexPlatforms((await manifestOf(r.refusing.host, repository, 'all')).body)).sort()).toEqual([
      'linux/amd64',
      'linux/arm/v7',
      'linux/arm64',
    ]);
  });
});
