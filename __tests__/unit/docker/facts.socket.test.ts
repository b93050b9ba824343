// The fast path to the Docker facts, end to end without Docker: a daemon socket that answers /info with the captured
// `docker info`, and a buildx plugin (a script in $DOCKER_CONFIG/cli-plugins) that answers `version` with the
// captured `docker buildx version`. The minimum buildx version must be checked on this path too. The same socket
// answers an exec in the builder's container with the captured Engine API stream, as the daemon did.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';

import { checkAgainstDocker } from '../../../src/config/index.js';
import { demultiplex } from '../../../src/docker/engine-api.js';
import { askDocker, parseBuildxVersion } from '../../../src/docker/facts.js';
import { localBuilderNode } from '../../../src/setup/builder.js';
import { configOf, fixture, FIXTURES, thrown } from '../support.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-socket-test-'));
const socket = path.join(dir, 'docker.sock');
const dockerConfig = path.join(dir, 'config');
const saved = {
  DOCKER_HOST: process.env.DOCKER_HOST,
  DOCKER_CONFIG: process.env.DOCKER_CONFIG,
  DOCKER_CONTEXT: process.env.DOCKER_CONTEXT,
};
let server: http.Server;
let infoRequests = 0;

/** The plugin answers `version` with `output`. */
function plugin(output: string, exitCode = 0): void {
  fs.mkdirSync(path.join(dockerConfig, 'cli-plugins'), { recursive: true });
  fs.writeFileSync(path.join(dockerConfig, 'output.txt'), output);
  fs.writeFileSync(
    path.join(dockerConfig, 'cli-plugins', 'docker-buildx'),
    `#!/bin/sh\n[ "$1" = version ] || exit 2\ncat '${dockerConfig}/output.txt'\nexit ${exitCode}\n`,
    { mode: 0o755 },
  );
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/info') infoRequests++;
    const [status, type, body] = daemonAnswer(req);
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  process.env.DOCKER_HOST = `unix://${socket}`;
  process.env.DOCKER_CONFIG = dockerConfig;
  delete process.env.DOCKER_CONTEXT;
});

/** The daemon's captured answers: /info, and an exec of `buildkitd --version` in the container of node fixtures0. */
function daemonAnswer(req: http.IncomingMessage): [number, string, string | Buffer] {
  const json = 'application/json';
  if (req.url === '/info') return [200, json, fixture('docker-info.json')];
  if (req.method === 'POST' && req.url === '/containers/buildx_buildkit_fixtures0/exec') return [201, json, '{"Id":"4f1c"}'];
  if (req.method === 'POST' && req.url === '/exec/4f1c/start')
    return [200, 'application/vnd.docker.raw-stream', fs.readFileSync(path.join(FIXTURES, 'engine-exec-buildkitd-version.bin'))];
  if (req.method === 'POST' && /^\/containers\/[^/]+\/exec$/.test(req.url ?? ''))
    return [404, json, fixture('engine-exec-no-such-container.json')];
  return [404, json, '{"message":"page not found"}'];
}

afterEach(() => fs.rmSync(path.join(dockerConfig, 'cli-plugins'), { recursive: true, force: true }));

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parseBuildxVersion', () => {
  test.each<[string, string, string | undefined]>([
    ['captured (Debian)', fixture('buildx-version.txt'), '0.29.1+ds1'],
    ['an upstream release', 'github.com/docker/buildx v0.30.1 9e66234aa13328a5e75b75aa5574e1ca6d6d9c01\n', '0.30.1'],
    ['Docker Desktop', 'github.com/docker/buildx v0.12.1-desktop.4 6996841df2f61988c2794d84d33205368f96c317\n', '0.12.1-desktop.4'],
    ['not buildx', 'Usage: docker [OPTIONS] COMMAND\n', undefined],
  ])('%s', (_, output, version) => {
    expect(parseBuildxVersion(output)).toBe(version);
  });
});

describe('askDocker, from the socket', () => {
  test('the version comes from the plugin found, asked at the same time as the socket, once however often it is read', async () => {
    plugin(fixture('buildx-version.txt'));
    infoRequests = 0;
    const docker = askDocker();
    expect(await docker.daemon()).toEqual({ hostPlatform: 'linux/amd64', containerdStore: true, socket });
    expect(await docker.buildx()).toBe('0.29.1+ds1');
    expect([await docker.daemon(), await docker.buildx()]).toEqual([
      { hostPlatform: 'linux/amd64', containerdStore: true, socket },
      '0.29.1+ds1',
    ]);
    expect(infoRequests).toBe(1);
  });

  test('a plugin older than 0.13 is refused on this path too, as main checks it', async () => {
    plugin('github.com/docker/buildx v0.12.1 bd0b4a58e6e3c5a2a5b2b2f4f1e2f0d1c1b0a9f8\n');
    const docker = askDocker();
    const facts = { ...(await docker.daemon()), buildxVersion: await docker.buildx() };
    expect(facts.buildxVersion).toBe('0.12.1');
    expect(thrown(() => checkAgainstDocker(configOf({ tags: 'ghcr.io/acme/app:1' }), facts))?.message).toBe(
      'Input "buildx-version" is empty and the installed buildx is 0.12.1, older than 0.13.0: upgrade docker-buildx, or set buildx-version to download a release',
    );
  });
});

describe('the node of a builder the build started, asked of its container over the Engine API', () => {
  test('the captured stream of an exec without a TTY is stdout frames', () => {
    expect(demultiplex(fs.readFileSync(path.join(FIXTURES, 'engine-exec-buildkitd-version.bin')))).toEqual({
      stdout: 'buildkitd github.com/moby/buildkit v0.25.2+debian debian-docker.io\n',
      stderr: '',
    });
  });

  test('frames of both streams, interleaved, and a frame cut short', () => {
    const frame = (stream: number, text: string): Buffer =>
      Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, Buffer.byteLength(text)]), Buffer.from(text)]);
    const raw = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err\n'), frame(1, 'out 2\n'), frame(1, 'cut').subarray(0, 6)]);
    expect(demultiplex(raw)).toEqual({ stdout: 'out 1\nout 2\n', stderr: 'err\n' });
  });

  test('named, addressed and versioned as `docker buildx inspect` names them (captured of the same builder)', async () => {
    const inspected = fixture('buildx-inspect-docker-container.txt');
    const [node] = await localBuilderNode(socket, 'fixtures');
    expect(node).toEqual({ name: 'fixtures0', endpoint: `unix://${socket}`, status: 'running', buildkit: 'v0.25.2+debian', platforms: [] });
    expect(inspected).toContain(`Name:                  ${node.name}\n`);
    expect(inspected).toContain(`BuildKit version:      ${node.buildkit}\n`);
  });

  test("a container that is not there is the daemon's own words", async () => {
    await expect(localBuilderNode(socket, 'absent')).rejects.toThrow(
      'exec in container buildx_buildkit_absent0: the daemon answered 404 No such container: buildx_buildkit_absent0',
    );
  });
});
