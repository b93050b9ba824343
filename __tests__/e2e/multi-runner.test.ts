// Beyond the chain of docker actions, on the real stack: native multi-runner builds (legs pushed by digest, then
// a merge), merging existing per-arch images, verify-and-test before any tag moves, several registries in one
// step, and plain-HTTP registries by name.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { type ActionRun, errorsOf, indexPlatforms, nonce, OK, ok, registryManifest, type Stack, stack, Workspace } from './harness.js';

const s = stack();
const login = { registry: s.registry, username: s.username, password: s.password };
const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
// the default docker-container builder, reaching the loopback registry over plain HTTP
const containerBuilder = { 'driver-opts': 'network=host', 'insecure-registries': s.registry };

async function tagsOf(registry: Stack, repository: string): Promise<string[]> {
  const response = await fetch(`http://${registry.registry}/v2/${repository}/tags/list`, {
    headers: { Authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}` },
  });
  return ((await response.json()) as { tags: string[] | null }).tags?.sort() ?? [];
}

describe('native multi-runner build: legs push by digest, one merge step assembles and tags', () => {
  const repository = `e2e/multi-${nonce()}`;
  const tags = `${s.registry}/${repository}:latest,${s.registry}/${repository}:v1`;
  const runner = (name: string): Workspace => {
    const ws = new Workspace(`leg-${name}`);
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
    return ws;
  };
  // each leg on its own "runner" (own Docker config), as a matrix job would be; the run ids come from the runner env
  const runEnv = { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' };
  const legs: Record<string, ActionRun> = {};
  let merge: ActionRun;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    for (const platform of PLATFORMS) {
      const ws = runner(platform.replace(/\//g, '-'));
      workspaces.push(ws);
      legs[platform] = await ws.run(
        { ...login, ...containerBuilder, 'push-by-digest': 'true', platforms: platform, tags, context: `${ws.dir}/ctx` },
        { env: runEnv },
      );
    }
    const mergeWs = new Workspace('merge');
    workspaces.push(mergeWs);
    merge = await mergeWs.run({ ...login, merge: 'true', platforms: PLATFORMS.join(','), tags }, { env: runEnv });
  }, 900_000);
  afterAll(() => workspaces.forEach((ws) => ws.remove()));

  test('every leg and the merge succeed', () => {
    for (const platform of PLATFORMS) expect({ platform, ...ok(legs[platform]) }).toEqual({ platform, ...OK });
    expect(ok(merge)).toEqual(OK);
  });

  test("the merged index holds each leg's platform image, under every tag, as the outputs say", async () => {
    const latest = await registryManifest(s, repository, 'latest');
    expect(merge.outputs.digest).toBe(latest.digest);
    expect((await registryManifest(s, repository, 'v1')).digest).toBe(latest.digest);
    const fromLegs = Object.fromEntries(PLATFORMS.map((p) => [p, JSON.parse(legs[p].outputs['platform-digests'])[p]]));
    expect(indexPlatforms(latest.body)).toEqual(fromLegs);
    expect(JSON.parse(merge.outputs['platform-digests'])).toEqual(fromLegs);
  });

  test("nothing per run is left in a registry that allows DELETE: the tags and each leg's cache; the legs' records and own indexes are deleted", async () => {
    expect(await tagsOf(s, repository)).toEqual([
      'buildcache-latest-linux-amd64',
      'buildcache-latest-linux-arm-v7',
      'buildcache-latest-linux-arm64',
      'latest',
      'v1',
    ]);
    for (const platform of PLATFORMS)
      expect({ platform, status: (await registryManifest(s, repository, legs[platform].outputs.digest)).status }).toEqual({
        platform,
        status: 404,
      });
  });
});

describe('outside GitHub Actions: two overlapping pipelines (CI_PIPELINE_ID) of one variant, one with a leg missing', () => {
  const ws = new Workspace('merge-missing');
  const repository = `e2e/concurrent-${nonce()}`;
  beforeAll(() => {
    ws.write('a/Dockerfile', `FROM ${s.baseImage}\nRUN echo run-a > /run\n`);
    ws.write('b/Dockerfile', `FROM ${s.baseImage}\nRUN echo run-b > /run\n`);
  });
  afterAll(() => ws.remove());

  test("each merge takes only its own pipeline's legs; a missing leg fails the merge naming the platform; the cache refs are the variant's", async () => {
    const tag = `${s.registry}/${repository}:app`;
    const pipeline = (id: string): { env: Record<string, string> } => ({ env: { CI_PIPELINE_ID: id } });
    // without attestations a leg pushes one image, which the merged index then refers to: it must not be deleted
    const leg = (id: string, platform: string, dir: string): Promise<ActionRun> =>
      ws.run(
        {
          ...login,
          ...containerBuilder,
          'push-by-digest': 'true',
          provenance: 'false',
          platforms: platform,
          tags: tag,
          context: `${ws.dir}/${dir}`,
        },
        pipeline(id),
      );
    const [a1, b1, a2] = [await leg('501', 'linux/amd64', 'a'), await leg('502', 'linux/amd64', 'b'), await leg('501', 'linux/arm64', 'a')];
    for (const run of [a1, b1, a2]) expect(ok(run)).toEqual(OK);
    const mergeA = await ws.run({ ...login, merge: 'true', platforms: 'linux/amd64,linux/arm64', tags: tag }, pipeline('501'));
    expect(ok(mergeA)).toEqual(OK);
    expect(JSON.parse(mergeA.outputs['platform-digests'])).toEqual({
      'linux/amd64': JSON.parse(a1.outputs['platform-digests'])['linux/amd64'],
      'linux/arm64': JSON.parse(a2.outputs['platform-digests'])['linux/arm64'],
    });
    for (const run of [a1, a2]) expect((await registryManifest(s, repository, run.outputs.digest)).status).toBe(200);
    const mergeB = await ws.run(
      { ...login, merge: 'true', 'merge-key': 'app', platforms: 'linux/amd64,linux/arm64', tags: `${tag}-b` },
      pipeline('502'),
    );
    expect(mergeB.main.code).toBe(1);
    expect(errorsOf(mergeB)).toEqual([
      `::error::no leg of run CI_PIPELINE_ID=502, variant "app" in ${s.registry}/${repository} recorded linux/arm64 (the registry's record tags; found linux/amd64 (attempt 1)): did that platform's build job finish? Re-run it, then the merge; legs and merge need the same first tag's repository, and the same merge-key or first tag`,
    ]);
    // pipeline 502's finished leg stays recorded for a merge that can complete; 501's records are gone
    const tags = await tagsOf(s, repository);
    expect(tags.filter((t) => !t.startsWith('buildx-multiarch-leg-'))).toEqual([
      'app',
      'buildcache-app-linux-amd64',
      'buildcache-app-linux-arm64',
    ]);
    expect(tags.filter((t) => t.startsWith('buildx-multiarch-leg-'))).toEqual([
      expect.stringMatching(/^buildx-multiarch-leg-[a-f0-9]{16}-linux_amd64-a1-\d{8}-[a-f0-9]{16}$/),
    ]);
    expect((await registryManifest(s, repository, tags.find((t) => t.startsWith('buildx-multiarch-leg-')) as string)).body).toContain(
      b1.outputs.digest,
    );
  }, 600_000);
});

describe('merge of existing per-architecture images', () => {
  test('one step creates the multi-arch tag, each entry annotated with the platform of its image config', async () => {
    const ws = new Workspace('sources');
    try {
      const repository = `e2e/sources-${nonce()}`;
      ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
      const sources: string[] = [];
      for (const [platform, tag] of [
        ['linux/amd64', 'amd64'],
        ['linux/arm64', 'arm64'],
        ['linux/arm/v7', 'armv7'],
      ]) {
        // the "hard way" images: one plain manifest per architecture, no index
        const run = await ws.run({
          ...login,
          driver: 'docker',
          provenance: 'false',
          platforms: platform,
          tags: `${s.registry}/${repository}:${tag}`,
          context: `${ws.dir}/ctx`,
        });
        expect(ok(run)).toEqual(OK);
        sources.push(`${s.registry}/${repository}:${tag}`);
      }
      const merged = await ws.run({ ...login, merge: 'true', sources: sources.join(','), tags: `${s.registry}/${repository}:latest` });
      expect(ok(merged)).toEqual(OK);
      const index = await registryManifest(s, repository, 'latest');
      expect(merged.outputs.digest).toBe(index.digest);
      const expected: Record<string, string> = {};
      for (const [platform, tag] of [
        ['linux/amd64', 'amd64'],
        ['linux/arm64', 'arm64'],
        ['linux/arm/v7', 'armv7'],
      ])
        expected[platform] = (await registryManifest(s, repository, tag)).digest;
      expect(indexPlatforms(index.body)).toEqual(expected);
      expect(JSON.parse(merged.outputs['platform-digests'])).toEqual(expected);
      expect(merged.outputs.platforms.split(',').sort()).toEqual([...PLATFORMS].sort());
    } finally {
      ws.remove();
    }
  }, 600_000);
});

describe('test-command: verify every platform before any tag moves', () => {
  const ws = new Workspace('test-command');
  const repository = `e2e/verify-${nonce()}`;
  const tag = `${s.registry}/${repository}:latest`;
  beforeAll(() => {
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
  });
  afterAll(() => ws.remove());
  const runWithTest = (testCommand: string): Promise<ActionRun> =>
    ws.run({
      ...login,
      ...containerBuilder,
      platforms: PLATFORMS.join(','),
      tags: tag,
      context: `${ws.dir}/ctx`,
      'test-command': testCommand,
    });

  test('passing tests on every platform, then the tag is created', async () => {
    const run = await runWithTest('test "$(cat /arch)" = "$(uname -m)"');
    expect(ok(run)).toEqual(OK);
    for (const platform of PLATFORMS) expect(run.main.stdout).toContain(`test-command on ${platform}`);
    expect(run.outputs.digest).toBe((await registryManifest(s, repository, 'latest')).digest);
  }, 600_000);

  test('a test failing on one platform leaves the tag where it was and names the platform', async () => {
    const before = await registryManifest(s, repository, 'latest');
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch && echo changed > /changed\n`);
    const run = await runWithTest('echo "arch is $(uname -m)"; [ "$(uname -m)" != aarch64 ]');
    expect(run.main.code).toBe(1);
    expect(errorsOf(run)[0]).toMatch(/^::error::test-command output on linux\/arm64 \(last lines\):%0Aarch is aarch64/);
    expect(errorsOf(run).at(-1)).toBe(
      '::error::test-command failed on linux/arm64 (exit code 1); no tag was created or moved. Last output: arch is aarch64',
    );
    expect((await registryManifest(s, repository, 'latest')).digest).toBe(before.digest);
  }, 600_000);
});

describe('several registries in one step, and insecure-registries', () => {
  const second = { registry: '127.0.0.1:5011', username: 'second', password: `second-${nonce()}`, baseImage: '' };
  let registryProcess: ChildProcess;
  const ws = new Workspace('registries');

  beforeAll(async () => {
    const dir = path.join(ws.dir, 'registry2');
    fs.mkdirSync(dir, { recursive: true });
    const htpasswd = spawnSync('htpasswd', ['-Bbn', second.username, second.password], { encoding: 'utf8' }).stdout;
    fs.writeFileSync(path.join(dir, 'htpasswd'), htpasswd);
    fs.writeFileSync(
      path.join(dir, 'config.yml'),
      [
        'version: 0.1',
        'log: {level: error, accesslog: {disabled: true}}',
        `storage: {filesystem: {rootdirectory: ${dir}/data}, delete: {enabled: true}}`,
        `http: {addr: ${second.registry}, secret: ${nonce()}}`,
        `auth: {htpasswd: {realm: second, path: ${dir}/htpasswd}}`,
        '',
      ].join('\n'),
    );
    registryProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      const up = await fetch(`http://${second.registry}/v2/`).then(
        (r) => r.status === 401,
        () => false,
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
  }, 60_000);
  afterAll(() => {
    registryProcess.kill();
    ws.remove();
  });

  test('one push to two registries with two logins, each masked and each logged out in post', async () => {
    const repository = `e2e/two-${nonce()}`;
    const run = await ws.run({
      ...login,
      'registry-auth': `- registry: ${second.registry}\n  username: ${second.username}\n  password: ${second.password}\n`,
      // the builder's BuildKit reaches both loopback registries over plain HTTP, named once
      'insecure-registries': `${s.registry},${second.registry}`,
      'driver-opts': 'network=host',
      platforms: 'linux/amd64,linux/arm64',
      tags: `${s.registry}/${repository}:1\n${second.registry}/${repository}:1`,
      context: `${ws.dir}/ctx`,
    });
    expect(ok(run)).toEqual(OK);
    const first = await registryManifest(s, repository, '1');
    const copy = await registryManifest(second as Stack, repository, '1');
    expect(run.outputs.digest).toBe(first.digest);
    expect(copy.digest).toBe(first.digest);
    expect(ws.auths()).toEqual([]);
    expect(run.everything).not.toContain(second.password);
    expect(run.everything).not.toContain(s.password);
    expect(run.summary).toMatch(/\| linux\/arm64 \| `sha256:[a-f0-9]{64}` \| \d+(\.\d)? (B|KiB|MiB) \| QEMU \| \d+(\.\d)? s \| 0\/2 \|/);
  }, 600_000);
});
