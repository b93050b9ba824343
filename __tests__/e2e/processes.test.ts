// The processes the action spawns, as it reports each one (::debug::run: with RUNNER_DEBUG=1): every command
// runs once for its fact, and a cached docker-driver push takes no more processes than the raw commands need.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { type ActionRun, docker, nonce, stack, Workspace } from './harness.js';

const s = stack();

function spawned(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('::debug::run: '))
    .map((line) => line.slice('::debug::run: '.length));
}

describe('processes per run', () => {
  const ws = new Workspace('processes');
  const repository = `${s.registry}/e2e/processes-${nonce()}`;
  let dockerDriver: ActionRun;
  let containerDriver: ActionRun;
  let inspected: string;

  beforeAll(async () => {
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
    const common = {
      registry: s.registry,
      username: s.username,
      password: s.password,
      platforms: 'linux/amd64,linux/arm64',
      context: `${ws.dir}/ctx`,
    };
    dockerDriver = await ws.run({ ...common, driver: 'docker', tags: `${repository}:docker` }, { env: { RUNNER_DEBUG: '1' } });
    containerDriver = await ws.run(
      { ...common, 'driver-opts': 'network=host', 'insecure-registries': s.registry, tags: `${repository}:container` },
      { env: { RUNNER_DEBUG: '1' } },
    );
    // what buildx itself says of a node of the same image, for the nodes the action reports without asking buildx
    const reference = `e2e-processes-${nonce()}`;
    docker(['buildx', 'create', '--name', reference, '--driver', 'docker-container', '--driver-opt', 'network=host']);
    try {
      inspected = docker(['buildx', 'inspect', '--bootstrap', reference]).stdout;
    } finally {
      docker(['buildx', 'rm', reference]);
    }
  }, 600_000);
  afterAll(() => ws.remove());

  // a performance contract, not a behaviour: a second run of a command would cost its process start and its answer
  test('performance: no command runs twice in a step (each step reported the commands it ran)', () => {
    for (const run of [dockerDriver, containerDriver]) {
      for (const step of [run.main, run.post]) {
        const commands = spawned(step.stdout);
        // every step runs at least its login or logout: an empty list means the debug line changed, not that nothing ran
        expect(commands.some((c) => /^docker log(in|out) /.test(c))).toBe(true);
        expect(commands.filter((c, i) => commands.indexOf(c) !== i)).toEqual([]);
      }
    }
  });

  test('docker driver: login and build only (facts from the daemon socket, the pushed image read over the registry API); post logs out', () => {
    expect(dockerDriver.main.code).toBe(0);
    expect(spawned(dockerDriver.main.stdout).map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'docker login 127.0.0.1:5000',
      'docker buildx build',
    ]);
    expect(spawned(dockerDriver.post.stdout)).toEqual([`docker logout ${s.registry}`]);
  });

  test('docker-container driver: the builder is created once, started by the build, asked of over the Engine API, and removed once', () => {
    expect(containerDriver.main.code).toBe(0);
    const main = spawned(containerDriver.main.stdout);
    expect(main.filter((c) => c.startsWith('docker buildx create '))).toHaveLength(1);
    expect(main.filter((c) => c.startsWith('docker buildx inspect '))).toEqual([]);
    // the build started the builder: its one node is reported as buildx names it, running, with the platforms it built
    const version = /^BuildKit version:\s+(\S+)$/m.exec(inspected)?.[1];
    expect(version).toMatch(/^v\d+\.\d+/);
    expect(/^Endpoint:\s+(\S+)$/m.exec(inspected)?.[1]).toBe('unix:///var/run/docker.sock');
    expect(JSON.parse(containerDriver.outputs.nodes)).toEqual([
      {
        name: `${containerDriver.state.builder}0`,
        endpoint: 'unix:///var/run/docker.sock',
        status: 'running',
        buildkit: version,
        platforms: ['linux/amd64', 'linux/arm64'],
      },
    ]);
    expect(dockerDriver.outputs.nodes).toBeUndefined();
    expect(main.filter((c) => c.startsWith('docker info '))).toHaveLength(0);
    expect(spawned(containerDriver.post.stdout).map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'docker buildx rm',
      `docker logout ${s.registry}`,
    ]);
  });
});
