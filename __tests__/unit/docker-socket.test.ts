// The fast path to the Docker facts, end to end without Docker: a daemon socket that answers /info with the captured
// `docker info`, and a buildx plugin (a script in $DOCKER_CONFIG/cli-plugins) that answers `version` with the
// captured `docker buildx version`. The minimum buildx version must be checked on this path too.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { dockerFacts, parseBuildxVersion } from '../../src/docker.js';
import { checkAgainstDocker } from '../../src/config/index.js';
import { configOf, fixture, thrown } from './support.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-socket-test-'));
const socket = path.join(dir, 'docker.sock');
const dockerConfig = path.join(dir, 'config');
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONFIG: process.env.DOCKER_CONFIG, DOCKER_CONTEXT: process.env.DOCKER_CONTEXT };
let server: http.Server;
let infoRequests = 0;

/** The plugin answers `version` with `output`. */
function plugin(output: string, exitCode = 0): void {
  fs.mkdirSync(path.join(dockerConfig, 'cli-plugins'), { recursive: true });
  fs.writeFileSync(path.join(dockerConfig, 'output.txt'), output);
  fs.writeFileSync(path.join(dockerConfig, 'cli-plugins', 'docker-buildx'), `#!/bin/sh\n[ "$1" = version ] || exit 2\ncat '${dockerConfig}/output.txt'\nexit ${exitCode}\n`, { mode: 0o755 });
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    infoRequests++;
    res.writeHead(req.url === '/info' ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(req.url === '/info' ? fixture('docker-info.json') : '{}');
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  process.env.DOCKER_HOST = `unix://${socket}`;
  process.env.DOCKER_CONFIG = dockerConfig;
  delete process.env.DOCKER_CONTEXT;
});

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

describe('dockerFacts from the socket', () => {
  test('the version comes from the plugin found, asked at the same time as the socket', async () => {
    plugin(fixture('buildx-version.txt'));
    infoRequests = 0;
    expect(await dockerFacts()).toEqual({ hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: '0.29.1+ds1' });
    expect(infoRequests).toBe(1);
  });

  test('a plugin older than 0.13 is refused on this path too', async () => {
    plugin('github.com/docker/buildx v0.12.1 bd0b4a58e6e3c5a2a5b2b2f4f1e2f0d1c1b0a9f8\n');
    const facts = await dockerFacts();
    expect(facts.buildxVersion).toBe('0.12.1');
    expect(thrown(() => checkAgainstDocker(configOf({ tags: 'ghcr.io/acme/app:1' }), facts))?.message).toBe(
      'Input "buildx-version" is empty and the installed buildx is 0.12.1, older than 0.13.0: upgrade docker-buildx, or set buildx-version to download a release',
    );
  });
});
