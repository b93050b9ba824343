// Native multi-runner legs on a registry that refuses DELETE, as Docker Hub and GHCR do (405 UNSUPPORTED): a
// Distribution with storage.delete.enabled false, started for this file (no stack lock needed for it; the builds
// still use the shared daemon). The action runs as the runner runs it, with GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT in
// its environment; every check reads the registry's HTTP API, never the action's log.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Distribution } from './distribution.js';
import { indexPlatforms, nonce, stack, Workspace, type ActionRun } from './harness.js';

const s = stack();
const user = { username: 'legs', password: `legs-${nonce()}` };
let registry: Distribution;
const workspaces: Workspace[] = [];
const errorsOf = (run: ActionRun): string[] => run.main.stdout.split('\n').filter((line) => line.startsWith('::error::'));
const ok = (run: ActionRun): { main: number | null; errors: string[] } => ({ main: run.main.code, errors: errorsOf(run) });
const OK = { main: 0, errors: [] };
const LEDGER = 'buildx-multiarch-legs';
const ACCEPT = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

const auth = (): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` });

async function tagsOf(repository: string): Promise<string[]> {
  const response = await registry.api(`/v2/${repository}/tags/list`, { headers: auth() });
  return ((await response.json()) as { tags: string[] | null }).tags?.sort() ?? [];
}

async function manifestOf(repository: string, reference: string): Promise<{ status: number; digest: string; body: string }> {
  const response = await registry.api(`/v2/${repository}/manifests/${reference}`, { headers: { ...auth(), Accept: ACCEPT } });
  return { status: response.status, digest: response.headers.get('docker-content-digest') ?? '', body: await response.text() };
}

/** The ledger's entries as `run/attempt/variant/platform`. */
async function ledgerOf(repository: string): Promise<string[]> {
  const index = JSON.parse((await manifestOf(repository, LEDGER)).body) as { manifests: { annotations: Record<string, string> }[] };
  return index.manifests.map(({ annotations: a }) => ['run', 'attempt', 'variant', 'platform'].map((key) => a[`buildx-multiarch.${key}`]).join('/')).sort();
}

/** A file of an image, from its last layer (a gzipped tar: 512-byte headers, name at 0, octal size at 124). */
async function fileIn(repository: string, image: string, file: string): Promise<string> {
  const manifest = JSON.parse((await manifestOf(repository, image)).body) as { layers: { digest: string }[] };
  const blob = await registry.api(`/v2/${repository}/blobs/${manifest.layers.at(-1)?.digest}`, { headers: auth() });
  const tar = gunzipSync(Buffer.from(await blob.arrayBuffer()));
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const size = parseInt(tar.toString('utf8', at + 124, at + 136).replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === file || name === `./${file}`) return tar.toString('utf8', at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${file} is not in the last layer of ${repository}@${image}`);
}

/** One job of a workflow run: its own runner (workspace), the run id and attempt in the environment. */
function job(label: string, inputs: Record<string, string>, run: string, attempt: number): Promise<ActionRun> {
  const ws = new Workspace(label);
  workspaces.push(ws);
  return ws.run(
    {
      registry: registry.host,
      username: user.username,
      password: user.password,
      // the base image comes from the stack's registry
      'registry-auth': `- registry: ${s.registry}\n  username: ${s.username}\n  password: ${s.password}\n`,
      'driver-opts': 'network=host',
      'insecure-registries': `${s.registry},${registry.host}`,
      ...inputs,
    },
    { env: { GITHUB_RUN_ID: run, GITHUB_RUN_ATTEMPT: String(attempt) } },
  );
}

function context(name: string, dockerfile: string): string {
  const ws = new Workspace(`ctx-${name}`);
  workspaces.push(ws);
  ws.write('Dockerfile', dockerfile);
  return ws.dir;
}

const leg = (repository: string, tag: string, platform: string, ctx: string, run: string, attempt: number): Promise<ActionRun> =>
  job(`leg-${platform.replace(/\//g, '-')}`, { 'push-by-digest': 'true', platforms: platform, tags: `${registry.host}/${repository}:${tag}`, context: ctx }, run, attempt);

const merge = (repository: string, tags: string[], run: string, attempt: number): Promise<ActionRun> =>
  job('merge', { merge: 'true', platforms: 'linux/amd64,linux/arm64', tags: tags.map((tag) => `${registry.host}/${repository}:${tag}`).join(',') }, run, attempt);

beforeAll(async () => {
  registry = await Distribution.start({ auth: { htpasswd: user }, deleteEnabled: false });
}, 60_000);
afterAll(async () => {
  workspaces.forEach((ws) => ws.remove());
  await registry.stop();
});

describe('a registry that refuses DELETE', () => {
  const repository = `e2e/refuse-${nonce()}`;
  const runs: ActionRun[] = [];

  beforeAll(async () => {
    const ctx = context('refuse', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
    for (const run of ['101', '102']) {
      for (const platform of ['linux/amd64', 'linux/arm64']) runs.push(await leg(repository, 'latest', platform, ctx, run, 1));
      runs.push(await merge(repository, ['latest', `r${run}`], run, 1));
    }
  }, 900_000);

  test('refuses a manifest DELETE with 405 UNSUPPORTED, as Docker Hub and GHCR do', async () => {
    const latest = await manifestOf(repository, 'latest');
    const response = await registry.api(`/v2/${repository}/manifests/${latest.digest}`, { method: 'DELETE', headers: auth() });
    expect({ status: response.status, body: await response.text() }).toEqual({ status: 405, body: expect.stringContaining('UNSUPPORTED') });
  });

  test("two full runs leave the user's tags, each leg's cache and the one ledger tag, which is empty", async () => {
    for (const run of runs) expect(ok(run)).toEqual(OK);
    expect(await tagsOf(repository)).toEqual(['buildcache-latest-linux-amd64', 'buildcache-latest-linux-arm64', LEDGER, 'latest', 'r101', 'r102']);
    expect(await ledgerOf(repository)).toEqual([]);
    expect((await manifestOf(repository, 'latest')).digest).toBe(runs[5].outputs.digest);
    expect((await manifestOf(repository, 'r102')).digest).toBe(runs[5].outputs.digest);
    // the legs' own indexes could not be deleted: they stay, without a tag
    for (const run of [runs[0], runs[1], runs[3], runs[4]]) expect((await manifestOf(repository, run.outputs.digest)).status).toBe(200);
  });
});

describe('re-run failed jobs', () => {
  const repository = `e2e/rerun-${nonce()}`;
  const runs: Record<string, ActionRun> = {};

  beforeAll(async () => {
    // attempt 1 fails on arm64 (a flaky step), attempt 2 re-runs that leg only, where it passes
    const flaky = context('flaky', `FROM ${s.baseImage}\nRUN test "$(uname -m)" != aarch64 && uname -m > /arch\n`);
    const fixed = context('fixed', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
    runs.amd64 = await leg(repository, 'latest', 'linux/amd64', flaky, '201', 1);
    runs.arm64First = await leg(repository, 'latest', 'linux/arm64', flaky, '201', 1);
    runs.mergeFirst = await merge(repository, ['latest'], '201', 1);
    runs.arm64Again = await leg(repository, 'latest', 'linux/arm64', fixed, '201', 2);
    runs.mergeAgain = await merge(repository, ['latest'], '201', 2);
  }, 900_000);

  test('a leg that never finished fails the merge, naming the platform, the run and the variant', () => {
    expect(ok(runs.amd64)).toEqual(OK);
    expect(runs.arm64First.main.code).toBe(1);
    expect(runs.mergeFirst.main.code).toBe(1);
    expect(errorsOf(runs.mergeFirst)).toEqual([
      `::error::no leg of run 201, variant "latest" recorded linux/arm64 in ${registry.host}/${repository}:${LEDGER} (it has linux/amd64 (attempt 1)): did that platform's build job finish? Re-run it, then the merge`,
    ]);
  });

  test("the re-run attempt's merge takes attempt 1's amd64 leg and attempt 2's arm64 leg", async () => {
    expect(ok(runs.arm64Again)).toEqual(OK);
    expect(ok(runs.mergeAgain)).toEqual(OK);
    const latest = await manifestOf(repository, 'latest');
    expect(latest.digest).toBe(runs.mergeAgain.outputs.digest);
    expect(indexPlatforms(latest.body)).toEqual({
      'linux/amd64': JSON.parse(runs.amd64.outputs['platform-digests'])['linux/amd64'],
      'linux/arm64': JSON.parse(runs.arm64Again.outputs['platform-digests'])['linux/arm64'],
    });
    expect(await ledgerOf(repository)).toEqual([]);
    expect(await tagsOf(repository)).toEqual(['buildcache-latest-linux-amd64', 'buildcache-latest-linux-arm64', LEDGER, 'latest']);
  });
});

describe('variants of one run into one repository (app:slim and app:full), legs running at once', () => {
  const repository = `e2e/variants-${nonce()}`;
  const runs: Record<string, ActionRun> = {};

  beforeAll(async () => {
    const contexts = Object.fromEntries(['slim', 'full'].map((v) => [v, context(v, `FROM ${s.baseImage}\nRUN echo "${v} $(uname -m)" > /variant\n`)]));
    const legs = ['slim', 'full'].flatMap((variant) => ['linux/amd64', 'linux/arm64'].map((platform) => [variant, platform]));
    // the matrix's four jobs write the one ledger at the same time
    const done = await Promise.all(legs.map(([variant, platform]) => leg(repository, variant, platform, contexts[variant], '301', 1)));
    legs.forEach(([variant, platform], i) => (runs[`${variant} ${platform}`] = done[i]));
    runs.mergeSlim = await merge(repository, ['slim'], '301', 1);
    runs.mergeFull = await merge(repository, ['full'], '301', 1);
  }, 900_000);

  test('every leg and both merges succeed', () => {
    for (const [name, run] of Object.entries(runs)) expect({ name, ...ok(run) }).toEqual({ name, ...OK });
  });

  test.each<[string, string, string]>([
    ['slim', 'linux/amd64', 'slim x86_64'],
    ['slim', 'linux/arm64', 'slim aarch64'],
    ['full', 'linux/amd64', 'full x86_64'],
    ['full', 'linux/arm64', 'full aarch64'],
  ])('%s holds its own %s image', async (tag, platform, content) => {
    const image = indexPlatforms((await manifestOf(repository, tag)).body)[platform];
    expect(await fileIn(repository, image, 'variant')).toBe(`${content}\n`);
  });

  test('each variant has its own cache refs; the ledger is empty again', async () => {
    expect(await tagsOf(repository)).toEqual([
      'buildcache-full-linux-amd64', 'buildcache-full-linux-arm64', 'buildcache-slim-linux-amd64', 'buildcache-slim-linux-arm64', LEDGER, 'full', 'slim',
    ]);
    expect(await ledgerOf(repository)).toEqual([]);
  });
});
