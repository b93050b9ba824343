// Bad input is refused before anything runs: one error line naming the input, and nothing created, logged in,
// pulled, registered or pushed. Reading facts (docker info, binfmt_misc) is all the action may do first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import {
  docker,
  e2eFile,
  errorsOf,
  nonce,
  registeredEmulators,
  registerEmulators,
  registryManifest,
  unregisterEmulators,
} from './harness.js';

const { s, ws, repository } = e2eFile('bad-input');
const tag = `${s.registry}/${repository}:1`;

const good = (): Record<string, string> => ({
  registry: s.registry,
  username: s.username,
  password: s.password,
  platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
  tags: tag,
  context: `${ws.dir}/ctx`,
});

// [what, inputs over the good ones, the error line expected]
const ROWS: [string, Record<string, string>, RegExp][] = [
  [
    'unknown platform',
    { platforms: 'linux/amd64,linux/sparc' },
    /^Input "platforms" has "linux\/sparc", which is not a known platform: use linux\/amd64, /,
  ],
  [
    'empty entry between commas',
    { platforms: 'linux/amd64,,linux/arm64' },
    /^Input "platforms" has an empty entry in "linux\/amd64,,linux\/arm64"/,
  ],
  [
    'upper-case repository',
    { tags: `${s.registry}/Acme/app:1` },
    /^Input "tags" has ".*Acme\/app:1", which has an upper-case repository name "Acme"/,
  ],
  ['tag with a space', { tags: `${s.registry}/acme/app:1 2` }, /^Input "tags" has ".*", which contains whitespace/],
  [
    'bad port',
    { tags: '127.0.0.1:99999/acme/app:1' },
    /^Input "tags" has "127\.0\.0\.1:99999\/acme\/app:1", which has an invalid registry port "99999"/,
  ],
  ['boolean that is not one', { push: 'yes' }, /^Input "push" is "yes": expected true or false$/],
  ['push without tags', { tags: '' }, /^Input "tags" is empty but "push" is true/],
  ['username without password', { password: '' }, /^Input "password" is empty but "username" is set/],
  ['password without username', { username: '' }, /^Input "username" is empty but "password" is set/],
  ['missing context', { context: `${ws.dir}/nope` }, /^Input "context" is ".*\/nope": no such directory$/],
  ['missing Dockerfile', { file: `${ws.dir}/ctx/Nope.Dockerfile` }, /^Input "file" is ".*Nope\.Dockerfile": no such file$/],
  [
    'unsupported driver',
    { driver: 'podman' },
    /^Input "driver" is "podman": supported drivers are docker-container, docker, remote, kubernetes$/,
  ],
  [
    'builder options with the docker driver',
    { driver: 'docker', 'driver-opts': 'network=host' },
    /^Input "driver-opts" cannot be used with driver "docker"/,
  ],
  [
    'a registry mirror with the docker driver',
    { driver: 'docker', 'registry-mirror': 'mirror.gcr.io' },
    /^Input "registry-mirror" cannot be used with driver "docker"/,
  ],
];

describe('bad input is refused before anything runs', () => {
  let emulatorsBefore: string[];

  beforeAll(() => {
    ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN true\n`);
    unregisterEmulators(['qemu-arm']);
    emulatorsBefore = registeredEmulators();
  });
  afterAll(() => {
    ws.remove();
    registerEmulators(['qemu-arm']);
  });

  test.each(ROWS)('%s', async (_what, inputs, expected) => {
    const run = await ws.run({ ...good(), ...inputs });
    const errors = errorsOf(run);
    expect(run.main.code).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0].replace('::error::', '')).toMatch(expected);
    // the only command before the refusal may be the read-only `docker info`
    expect(run.main.stdout).not.toMatch(/\[command\]/);
    expect(run.post.code).toBe(0);
    expect(ws.builders()).toEqual(['default']);
    expect(ws.auths()).toEqual([]);
    expect(registeredEmulators()).toEqual(emulatorsBefore);
    expect((await registryManifest(s, repository, '1')).status).toBe(404);
    expect(run.everything).not.toContain(s.password);
  });

  test.each([['Windows'], ['macOS']])('a %s runner is refused, naming RUNNER_OS, before any command', async (os) => {
    const run = await ws.run(good(), { env: { RUNNER_OS: os } });
    expect({ code: run.main.code, errors: errorsOf(run).map((line) => line.replace('::error::', '')) }).toEqual({
      code: 1,
      errors: [
        `RUNNER_OS is "${os}": this action runs on Linux runners only (runs-on: ubuntu-latest, ubuntu-24.04-arm, or a self-hosted Linux runner)`,
      ],
    });
    expect(run.main.stdout).not.toMatch(/\[command\]/);
    expect(ws.builders()).toEqual(['default']);
    expect(ws.auths()).toEqual([]);
    expect(registeredEmulators()).toEqual(emulatorsBefore);
  });

  test('load of several platforms is allowed on the containerd image store (no push)', async () => {
    const local = `e2e/load-${nonce()}:1`;
    const run = await ws.run({
      ...good(),
      driver: 'docker',
      push: 'false',
      load: 'true',
      tags: local,
      platforms: 'linux/amd64,linux/arm64',
    });
    expect({ code: run.main.code, errors: errorsOf(run) }).toEqual({ code: 0, errors: [] });
    const platforms = docker(['image', 'inspect', '--platform', 'linux/arm64', '--format', '{{.Architecture}}', local]);
    expect(platforms.stdout.trim()).toBe('arm64');
    docker(['image', 'rm', local]);
  }, 300_000);
});
