// Native multi-runner legs as users' jobs meet them: a registry that refuses DELETE (as Docker Hub and GHCR do),
// the Actions cache where the runner offers one (actions-cache.ts, as github.com's service behaves), and a
// fault-injecting proxy (flaky-registry.ts) between the legs and a real Distribution that holds chosen writes,
// resets a connection, answers 500 or 429. The action runs as the runner runs it (GITHUB_RUN_ID and
// GITHUB_RUN_ATTEMPT in its environment); every check reads the registry's HTTP API, never the action's log.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { groupId } from '../../src/legs/records.js';
import { ActionsCache } from './actions-cache.js';
import { Distribution, TokenIssuer } from './distribution.js';
import { type Fault, FlakyRegistry } from './flaky-registry.js';
import { type ActionRun, errorsOf, indexPlatforms, nonce, stack, Workspace } from './harness.js';

const s = stack();
const user = { username: 'legs', password: `legs-${nonce()}` };
let refusing: Distribution;
let deleting: Distribution;
let cache: ActionsCache;
const workspaces: Workspace[] = [];
// every error line, with or without properties (::error file=…::), as ::error::<message>
const warningsOf = (run: ActionRun): string[] => run.main.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
const ok = (run: ActionRun): { main: number | null; post: number | null; errors: string[] } => ({
  main: run.main.code,
  post: run.post.code,
  errors: errorsOf(run),
});
const OK = { main: 0, post: 0, errors: [] };
const ACCEPT = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json';
const auth = (): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
});
const isRecord = (tag: string): boolean => tag.startsWith('buildx-multiarch-leg-');

async function tagsOf(host: string, repository: string): Promise<string[]> {
  const response = await fetch(`http://${host}/v2/${repository}/tags/list`, { headers: auth() });
  return ((await response.json()) as { tags: string[] | null }).tags?.sort() ?? [];
}

async function manifestOf(host: string, repository: string, reference: string): Promise<{ status: number; digest: string; body: string }> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { headers: { ...auth(), Accept: ACCEPT } });
  return { status: response.status, digest: response.headers.get('docker-content-digest') ?? '', body: await response.text() };
}

interface Job {
  readonly host: string;
  readonly run: string;
  readonly attempt?: number;
  /** With the Actions cache service in the job's environment. */
  readonly cached?: boolean;
}

/** One job of a workflow run: its own runner (workspace), the run id and attempt in the environment. */
function job(label: string, inputs: Record<string, string>, where: Job): Promise<ActionRun> {
  const ws = new Workspace(label);
  workspaces.push(ws);
  const env = { GITHUB_RUN_ID: where.run, GITHUB_RUN_ATTEMPT: String(where.attempt ?? 1), ...(where.cached ? cache.env() : {}) };
  const base = {
    registry: where.host,
    username: user.username,
    password: user.password,
    'driver-opts': 'network=host',
    'insecure-registries': `${s.registry},${where.host}`,
  };
  // the base image comes from the stack's registry
  const stackLogin = { 'registry-auth': `- registry: ${s.registry}\n  username: ${s.username}\n  password: ${s.password}\n` };
  return ws.run({ ...base, ...stackLogin, ...inputs }, { env });
}

function context(name: string, dockerfile: string): string {
  const ws = new Workspace(`ctx-${name}`);
  workspaces.push(ws);
  ws.write('Dockerfile', dockerfile);
  return ws.dir;
}

const image = (where: Job, repository: string, tag: string): string => `${where.host}/${repository}:${tag}`;

function leg(
  where: Job,
  repository: string,
  tag: string,
  platforms: string,
  ctx: string,
  extra: Record<string, string> = {},
): Promise<ActionRun> {
  return job(
    `leg-${platforms.replace(/[/,]/g, '-')}`,
    { 'push-by-digest': 'true', platforms, tags: image(where, repository, tag), context: ctx, ...extra },
    where,
  );
}

function merge(where: Job, repository: string, tags: string[], platforms?: string, extra: Record<string, string> = {}): Promise<ActionRun> {
  return job(
    'merge',
    { merge: 'true', ...(platforms ? { platforms } : {}), tags: tags.map((tag) => image(where, repository, tag)).join(','), ...extra },
    where,
  );
}

const ARCH = `FROM ${s.baseImage}\nRUN uname -m > /arch\n`;

beforeAll(async () => {
  [refusing, deleting, cache] = await Promise.all([
    Distribution.start({ auth: { htpasswd: user }, deleteEnabled: false }),
    Distribution.start({ auth: { htpasswd: user }, deleteEnabled: true }),
    ActionsCache.start(),
  ]);
}, 60_000);
afterAll(async () => {
  workspaces.forEach((ws) => ws.remove());
  await Promise.all([refusing.stop(), deleting.stop(), cache.close()]);
});

describe('a registry that refuses DELETE, legs recorded in the Actions cache', () => {
  const repository = `e2e/refuse-${nonce()}`;
  const runs: ActionRun[] = [];

  beforeAll(async () => {
    const ctx = context('refuse', ARCH);
    for (const run of ['101', '102']) {
      const where = { host: refusing.host, run, cached: true };
      runs.push(...(await Promise.all(['linux/amd64', 'linux/arm64'].map((platform) => leg(where, repository, 'latest', platform, ctx)))));
      runs.push(await merge(where, repository, ['latest', `r${run}`], 'linux/amd64,linux/arm64'));
    }
  }, 900_000);

  test('refuses a manifest DELETE with 405 UNSUPPORTED, as Docker Hub and GHCR do', async () => {
    const latest = await manifestOf(refusing.host, repository, 'latest');
    const response = await fetch(`http://${refusing.host}/v2/${repository}/manifests/${latest.digest}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect({ status: response.status, body: await response.text() }).toEqual({ status: 405, body: expect.stringContaining('UNSUPPORTED') });
  });

  test("two full runs leave the user's tags and each leg's cache, nothing per run; the records are cache entries", async () => {
    for (const run of runs) expect(ok(run)).toEqual(OK);
    expect(await tagsOf(refusing.host, repository)).toEqual([
      'buildcache-latest-linux-amd64',
      'buildcache-latest-linux-arm64',
      'latest',
      'r101',
      'r102',
    ]);
    expect((await manifestOf(refusing.host, repository, 'latest')).digest).toBe(runs[5].outputs.digest);
    const ids = ['101', '102'].map((run) => groupId({ repository: `${refusing.host}/${repository}`, run, variant: 'latest' }));
    const platformsOf = (id: string): string[] =>
      cache
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
    const first = { host: refusing.host, run: '201', cached: true };
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
      `::error::no leg of run 201, variant "latest" in ${refusing.host}/${repository} recorded linux/arm64 (the Actions cache or the registry's record tags; found linux/amd64 (attempt 1)): did that platform's build job finish? Re-run it, then the merge; legs and merge need the same first tag's repository, and the same merge-key or first tag`,
    ]);
  });

  test("the re-run attempt's merge takes attempt 1's amd64 leg and attempt 2's arm64 leg", async () => {
    expect(ok(runs.arm64Again)).toEqual(OK);
    expect(ok(runs.mergeAgain)).toEqual(OK);
    const latest = await manifestOf(refusing.host, repository, 'latest');
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
    const good = { host: deleting.host, run: '401' };
    await Promise.all(['linux/amd64', 'linux/arm64'].map((platform) => leg(good, repository, 'latest', platform, ctx)));
    runs.good = await merge(good, repository, ['latest']);
    before = (await manifestOf(deleting.host, repository, 'latest')).digest;
    // one leg built two platforms; the merge asks for one
    const wide = { host: deleting.host, run: '402' };
    runs.wideLeg = await leg(wide, repository, 'latest', 'linux/amd64,linux/arm64', ctx);
    runs.wideMerge = await merge(wide, repository, ['latest'], 'linux/amd64');
    // two legs whose indexes overlap: both hold linux/arm64
    const overlap = { host: deleting.host, run: '403' };
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
    expect((await manifestOf(deleting.host, repository, 'latest')).digest).toBe(before);
  });

  test('legs whose indexes overlap fail the merge before the tags move', async () => {
    expect(ok(runs.overlapA)).toEqual(OK);
    expect(ok(runs.overlapB)).toEqual(OK);
    expect(runs.overlapMerge.main.code).toBe(1);
    expect(errorsOf(runs.overlapMerge).join('\n')).toMatch(/linux\/arm64/);
    expect((await manifestOf(deleting.host, repository, 'latest')).digest).toBe(before);
  });
});

describe('legs recorded for platforms a merge did not ask for', () => {
  const repository = `e2e/unasked-${nonce()}`;
  const runs: ActionRun[] = [];

  beforeAll(async () => {
    const ctx = context('unasked', ARCH);
    const where = { host: refusing.host, run: '501', cached: true };
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
    expect(Object.keys(indexPlatforms((await manifestOf(refusing.host, repository, 'two')).body)).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    expect(Object.keys(indexPlatforms((await manifestOf(refusing.host, repository, 'all')).body)).sort()).toEqual([
      'linux/amd64',
      'linux/arm/v7',
      'linux/arm64',
    ]);
  });
});

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
    proxy = await FlakyRegistry.start(deleting.host);
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
      const index = indexPlatforms((await manifestOf(deleting.host, repository, variant)).body);
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
    proxy = await FlakyRegistry.start(refusing.host);
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
    const records = (await tagsOf(refusing.host, repository)).filter(isRecord);
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
