// Past one machine: a builder of two remote BuildKit daemons (one pinned to amd64, one to the arm platforms), and
// a registry cache that keeps every platform warm where one shared ref does not.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import {
  type ActionRun,
  docker,
  errorsOf,
  freePort,
  indexPlatforms,
  nonce,
  registerEmulators,
  registryManifest,
  stack,
  Workspace,
} from './harness.js';

const s = stack();
const login = { registry: s.registry, username: s.username, password: s.password };
const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

interface Daemon {
  name: string;
  port: number;
}

/** Starts a BuildKit daemon from the local BuildKit image, listening on 127.0.0.1:port, with an empty state. */
function startDaemon(daemon: Daemon, configDir: string): void {
  docker(['rm', '-f', '-v', daemon.name]);
  const started = docker([
    'run',
    '-d',
    '--name',
    daemon.name,
    '--privileged',
    '--network',
    'host',
    '-v',
    `${configDir}:/etc/buildkit`,
    'moby/buildkit:buildx-stable-1',
    '--addr',
    `tcp://127.0.0.1:${daemon.port}`,
  ]);
  expect({ code: started.code, err: started.stderr }).toEqual({ code: 0, err: '' });
}

async function waitForDaemon(daemon: Daemon): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = docker(['exec', daemon.name, 'buildctl', '--addr', `tcp://127.0.0.1:${daemon.port}`, 'debug', 'workers']);
    if (up.code === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`BuildKit daemon ${daemon.name} did not come up: ${docker(['logs', daemon.name]).stderr}`);
}

/**
 * How many of the Dockerfile's RUN steps a daemon executed, by its own cache records: an executed step leaves
 * "mount / from exec /bin/sh -c …", a step served from a registry cache only "imported sha256:…" layers.
 */
function runStepsExecutedOn(daemon: Daemon): number {
  const du = docker(['exec', daemon.name, 'buildctl', '--addr', `tcp://127.0.0.1:${daemon.port}`, 'du', '--verbose']);
  return [...du.stdout.matchAll(/^Description:\s+mount \/ from exec \/bin\/sh -c uname -m/gm)].length;
}

describe('driver remote: two native nodes, per-platform registry cache', () => {
  const ws = new Workspace('multi-node');
  const amd: Daemon = { name: `e2e-bk-amd64-${nonce()}`, port: 0 };
  const arm: Daemon = { name: `e2e-bk-arm-${nonce()}`, port: 0 };
  const repository = `e2e/nodes-${nonce()}`;
  const configDir = path.join(ws.dir, 'buildkit');
  let first: ActionRun;
  let second: ActionRun;
  let executedFirst: { amd: number; arm: number };
  let executedSecond: { amd: number; arm: number };

  const restartDaemons = async (): Promise<void> => {
    startDaemon(amd, configDir);
    startDaemon(arm, configDir);
    await Promise.all([waitForDaemon(amd), waitForDaemon(arm)]);
  };
  const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...login,
    driver: 'remote',
    endpoint: `tcp://127.0.0.1:${amd.port}`,
    'node-platforms': 'linux/amd64',
    append: `- name: arm\n  endpoint: tcp://127.0.0.1:${arm.port}\n  platforms: linux/arm64,linux/arm/v7\n`,
    platforms: PLATFORMS.join(','),
    tags: `${s.registry}/${repository}:latest`,
    context: `${ws.dir}/ctx`,
    ...extra,
  });

  beforeAll(async () => {
    // both daemons share this machine's kernel: the "arm" node runs its platforms under the host's emulators,
    // which the action rightly leaves alone for remote nodes
    registerEmulators(['qemu-aarch64', 'qemu-arm']);
    amd.port = await freePort();
    arm.port = await freePort();
    fs.mkdirSync(configDir, { recursive: true });
    fs.writeFileSync(path.join(configDir, 'buildkitd.toml'), `[registry."${s.registry}"]\n  http = true\n`);
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch && echo ${nonce()} > /nonce\n`);
    await restartDaemons();
    first = await ws.run(inputs());
    executedFirst = { amd: runStepsExecutedOn(amd), arm: runStepsExecutedOn(arm) };
    // empty daemon caches: only the registry can serve the second build
    await restartDaemons();
    second = await ws.run(inputs());
    executedSecond = { amd: runStepsExecutedOn(amd), arm: runStepsExecutedOn(arm) };
  }, 900_000);

  afterAll(() => {
    docker(['rm', '-f', '-v', amd.name, arm.name]);
    ws.remove();
  });

  test('both runs succeed', () => {
    for (const run of [first, second])
      expect({ main: run.main.code, post: run.post.code, errors: errorsOf(run) }).toEqual({ main: 0, post: 0, errors: [] });
  });

  test('the pushed index holds the three platforms, as the outputs say', async () => {
    const index = await registryManifest(s, repository, 'latest');
    expect(second.outputs.digest).toBe(index.digest);
    expect(JSON.parse(second.outputs['platform-digests'])).toEqual(indexPlatforms(index.body));
    expect(Object.keys(indexPlatforms(index.body)).sort()).toEqual([...PLATFORMS].sort());
  });

  test('the nodes output lists both nodes, running, with their BuildKit version', () => {
    const nodes = JSON.parse(second.outputs.nodes) as { name: string; endpoint: string; status: string; buildkit: string }[];
    expect(nodes.map((n) => ({ endpoint: n.endpoint, status: n.status }))).toEqual([
      { endpoint: `tcp://127.0.0.1:${amd.port}`, status: 'running' },
      { endpoint: `tcp://127.0.0.1:${arm.port}`, status: 'running' },
    ]);
    expect(nodes[1].name).toBe('arm');
    for (const node of nodes) expect(node.buildkit).toMatch(/^v\d+\.\d+/);
  });

  test('each platform was built on its own node (the daemons say so): one RUN on the amd64 node, two on the arm node', () => {
    expect(executedFirst).toEqual({ amd: 1, arm: 2 });
  });

  test('with empty daemon caches, no node executes a RUN step: every platform comes from its own registry cache ref', async () => {
    expect(executedSecond).toEqual({ amd: 0, arm: 0 });
    for (const platform of ['linux-amd64', 'linux-arm64', 'linux-arm-v7'])
      expect((await registryManifest(s, repository, `buildcache-${platform}`)).status).toBe(200);
  });

  test('the summary says which node built which platform', () => {
    expect(second.summary).toMatch(/\| linux\/amd64 \| `sha256:[a-f0-9]{64}` \| [^|]* \| remote on \S+ \|/);
    expect(second.summary).toMatch(/\| linux\/arm64 \| `sha256:[a-f0-9]{64}` \| [^|]* \| remote on arm \|/);
  });

  test('post removed the builder and left the daemons running', () => {
    expect(ws.builders()).toEqual(['default']);
    const running = docker(['ps', '--format', '{{.Names}}']).stdout;
    expect(running).toContain(amd.name);
    expect(running).toContain(arm.name);
  });

  test('one platform fails: the builds of the others are stopped, they export nothing, and the step names the platform', async () => {
    const failing = `e2e/nodes-fail-${nonce()}`;
    // arm64 fails at once; amd64 and arm/v7 would go on for two minutes, then export their cache refs
    ws.write('fail/Dockerfile', `FROM ${s.baseImage}\nRUN if [ "$(uname -m)" = aarch64 ]; then exit 3; fi; sleep 120\n`);
    await restartDaemons();
    const run = await ws.run(inputs({ tags: `${s.registry}/${failing}:latest`, context: `${ws.dir}/fail` }));
    expect({ main: run.main.code, post: run.post.code }).toEqual({ main: 1, post: 0 });
    expect(errorsOf(run).some((line) => line.includes('linux/arm64'))).toBe(true);
    const caches = await Promise.all(
      ['linux-amd64', 'linux-arm-v7'].map((platform) => registryManifest(s, failing, `buildcache-${platform}`)),
    );
    expect(caches.map((cache) => cache.status)).toEqual([404, 404]);
    expect((await registryManifest(s, failing, 'latest')).status).toBe(404);
    expect(ws.builders()).toEqual(['default']);
  }, 600_000);

  test('with one shared cache ref the last node to export wins, and a platform rebuilds', async () => {
    const shared = `type=registry,ref=${s.registry}/${repository}:shared-cache`;
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch && echo ${nonce()} > /nonce\n`);
    await restartDaemons();
    const warm = await ws.run(inputs({ 'cache-from': shared, 'cache-to': `${shared},mode=max` }));
    await restartDaemons();
    const again = await ws.run(inputs({ 'cache-from': shared, 'cache-to': `${shared},mode=max` }));
    expect([warm.main.code, again.main.code]).toEqual([0, 0]);
    // one build on two nodes: both export to the one ref, the last one's platforms are all it keeps
    const rebuilt = runStepsExecutedOn(amd) + runStepsExecutedOn(arm);
    expect(rebuilt).toBeGreaterThan(0);
  }, 600_000);
});
