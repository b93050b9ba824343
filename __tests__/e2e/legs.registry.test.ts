// Native multi-runner legs whose records live in the registry: legs started at the same instant through a
// fault-injecting proxy (flaky-registry.ts) that holds chosen record writes, resets a connection, answers 500 or
// 429, a dozen legs of four variants, and a Bearer token that expires while a write is held.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { groupId } from '../../src/legs/records.js';
import { Distribution } from './distribution.js';
import { type Fault, FlakyRegistry } from './flaky-registry.js';
import { type ActionRun, indexPlatforms, nonce, OK, ok } from './harness.js';
import { ARCH, context, isRecord, leg, legsRegistries, manifestOf, merge, tagsOf, user, warningsOf } from './legs-support.js';
import { TokenIssuer } from './token-issuer.js';

const r = legsRegistries();

/** A proxy fault on the record PUT of one leg (its group, platform and attempt 1), found by the tag it writes. */
function onRecord(repository: string, run: string, variant: string, platform: string, fault: Omit<Fault, 'kind' | 'match'>): Fault {
  const id = groupId({ repository, run, variant });
  return {
    kind: 'manifest-put',
    match: new RegExp(`^PUT /v2/.+/manifests/buildx-multiarch-leg-${id}-${platform.replace(/\//g, '_')}-a1-`),
    ...fault,
  };
}

describe('legs recorded in the registry, started at the same instant, with faults on their record writes', () => {
  const repository = `e2e/faults-${nonce()}`;
  const runs: Record<string, ActionRun> = {};
  let proxy: FlakyRegistry;

  beforeAll(async () => {
    proxy = await FlakyRegistry.start(r.deleting.host);
    const where = { host: proxy.address, run: '601' };
    const full = `${proxy.address}/${repository}`;
    // held 5 s; held past the 20 s request timeout and landing afterwards; a reset; a 500; a 429
    proxy.inject([
      onRecord(full, '601', 'a', 'linux/amd64', { times: 1, mode: 'delay', delayMs: 5000 }),
      onRecord(full, '601', 'a', 'linux/arm64', { times: 1, mode: 'delay', delayMs: 25_000 }),
      onRecord(full, '601', 'a', 'linux/arm/v7', { times: 1, mode: 'reset' }),
      onRecord(full, '601', 'b', 'linux/amd64', { times: 1, mode: '500' }),
      onRecord(full, '601', 'b', 'linux/arm64', { times: 1, mode: '429' }),
    ]);
    const ctx = context('faults', ARCH);
    const legs = ['a', 'b'].flatMap((variant) => ['linux/amd64', 'linux/arm64', 'linux/arm/v7'].map((platform) => [variant, platform]));
    const done = await Promise.all(legs.map(([variant, platform]) => leg(where, repository, variant, platform, ctx, { cache: 'false' })));
    legs.forEach(([variant, platform], i) => (runs[`${variant} ${platform}`] = done[i]));
    [runs.mergeA, runs.mergeB] = await Promise.all([merge(where, repository, ['a']), merge(where, repository, ['b'])]);
  }, 900_000);
  afterAll(() => proxy.close());

  test('every fault was met, and the held writes landed after all (one after its writer gave up on it)', async () => {
    // the write held past the timeout lands some 25 s after it was sent, whenever the merges are done
    for (let waited = 0; proxy.injected().some((r) => r.status === 'error') && waited < 30_000; waited += 500)
      await new Promise((resolve) => setTimeout(resolve, 500));
    const byMode = (path: string): string => String(proxy.injected().find((r) => r.path.includes(path))?.status);
    expect(proxy.injected()).toHaveLength(5);
    // a held write reaches the registry in the end: 201, or 400 MANIFEST_BLOB_UNKNOWN when the merge had deleted
    // the leg's index it names by then; either way it changes nothing
    const a = groupId({ repository: `${proxy.address}/${repository}`, run: '601', variant: 'a' });
    for (const held of ['linux_amd64-a1-', 'linux_arm64-a1-']) expect(byMode(`${a}-${held}`)).toMatch(/^(201|400)$/);
    expect(
      proxy
        .injected()
        .map((r) => r.status)
        .filter((status) => typeof status !== 'number' || status >= 429)
        .sort(),
    ).toEqual([429, 500, 'reset']);
  }, 60_000);

  test('every leg and both merges are green, each merge with all three legs', async () => {
    for (const [name, run] of Object.entries(runs)) expect({ name, ...ok(run) }).toEqual({ name, ...OK });
    for (const variant of ['a', 'b']) {
      const index = indexPlatforms((await manifestOf(r.deleting.host, repository, variant)).body);
      expect(index).toEqual(
        Object.fromEntries(
          ['linux/amd64', 'linux/arm64', 'linux/arm/v7'].map((p) => [
            p,
            JSON.parse(runs[`${variant} ${p}`].outputs['platform-digests'])[p],
          ]),
        ),
      );
    }
  });
});

describe('a dozen legs of four variants at once, half of their record writes held 1-3 s, several rounds', () => {
  const repository = `e2e/dozen-${nonce()}`;
  const rounds: Record<string, ActionRun>[] = [];
  let proxy: FlakyRegistry;

  beforeAll(async () => {
    proxy = await FlakyRegistry.start(r.refusing.host);
    const ctx = context('dozen', ARCH);
    const variants = ['v1', 'v2', 'v3', 'v4'];
    const platforms = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
    for (const run of ['701', '702']) {
      const where = { host: proxy.address, run };
      const full = `${proxy.address}/${repository}`;
      const legs = variants.flatMap((variant) => platforms.map((platform) => [variant, platform]));
      proxy.inject(
        legs
          .filter((_, i) => i % 2 === 0)
          .map(([variant, platform], i) =>
            onRecord(full, run, variant, platform, { times: 1, mode: 'delay', delayMs: 1000 + (i % 3) * 1000 }),
          ),
      );
      const done = await Promise.all(
        legs.map(([variant, platform]) => leg(where, repository, variant, platform, ctx, { cache: 'false', provenance: 'false' })),
      );
      const round: Record<string, ActionRun> = Object.fromEntries(
        legs.map(([variant, platform], i) => [`${variant} ${platform}`, done[i]]),
      );
      // the matrix's merges finish at the same instant too
      const merges = await Promise.all(variants.map((variant) => merge(where, repository, [variant])));
      variants.forEach((variant, i) => (round[`merge ${variant}`] = merges[i]));
      rounds.push(round);
    }
  }, 1_800_000);
  afterAll(() => proxy.close());

  test('no leg that reported success is missing from its merge, in any round', () => {
    for (const [i, round] of rounds.entries()) {
      for (const [name, run] of Object.entries(round)) expect({ round: i, name, ...ok(run) }).toEqual({ round: i, name, ...OK });
      for (const variant of ['v1', 'v2', 'v3', 'v4']) {
        const merged = JSON.parse(round[`merge ${variant}`].outputs['platform-digests']) as Record<string, string>;
        for (const platform of ['linux/amd64', 'linux/arm64', 'linux/arm/v7']) {
          expect({ round: i, variant, platform, digest: merged[platform] }).toEqual({
            round: i,
            variant,
            platform,
            digest: JSON.parse(round[`${variant} ${platform}`].outputs['platform-digests'])[platform],
          });
        }
      }
    }
  });

  test('the registry refuses DELETE: the records stay as tags, one per leg, and the merges say so', async () => {
    const records = (await tagsOf(r.refusing.host, repository)).filter(isRecord);
    expect(records).toHaveLength(24);
    expect(warningsOf(rounds[1]['merge v1']).join('\n')).toContain("the registry kept the legs' record tags (405 UNSUPPORTED");
  });
});

describe("a Bearer token that expires while a leg's record write is held (3 s tokens; Docker Hub's live 300 s)", () => {
  const repository = `e2e/token-${nonce()}`;
  const runs: ActionRun[] = [];
  let issuer: TokenIssuer;
  let registry: Distribution;
  let proxy: FlakyRegistry;

  beforeAll(async () => {
    issuer = await TokenIssuer.start(user, 3);
    registry = await Distribution.start({ auth: { token: issuer } });
    proxy = await FlakyRegistry.start(registry.host);
    const where = { host: proxy.address, run: '801' };
    proxy.inject([onRecord(`${proxy.address}/${repository}`, '801', 'latest', 'linux/amd64', { times: 1, mode: 'delay', delayMs: 5000 })]);
    const ctx = context('token', ARCH);
    runs.push(
      ...(await Promise.all(
        ['linux/amd64', 'linux/arm64'].map((platform) => leg(where, repository, 'latest', platform, ctx, { cache: 'false' })),
      )),
    );
    runs.push(await merge(where, repository, ['latest']));
  }, 900_000);
  afterAll(async () => {
    await proxy.close();
    await registry.stop();
    await issuer.stop();
  });

  test('the held write is refused with 401 when it lands, the leg asks a new token, writes again and is green; the merge has both legs', () => {
    for (const run of runs) expect(ok(run)).toEqual(OK);
    expect(proxy.injected().map((r) => r.status)).toEqual([401]);
    const merged = JSON.parse(runs[2].outputs['platform-digests']) as Record<string, string>;
    expect(merged).toEqual({
      'linux/amd64': JSON.parse(runs[0].outputs['platform-digests'])['linux/amd64'],
      'linux/arm64': JSON.parse(runs[1].outputs['platform-digests'])['linux/arm64'],
    });
  });
});
