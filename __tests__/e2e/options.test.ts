// Inputs beyond the default flow, on the real stack: a pinned buildx release from the tool cache, the host's
// QEMU, a single-platform image without attestations (a plain manifest, not an index), an existing builder.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { docker, errorsOf, nonce, registeredEmulators, registryManifest, stack, unregisterEmulators, Workspace } from './harness.js';

const s = stack();
const ws = new Workspace('options');
const login = { registry: s.registry, username: s.username, password: s.password };

beforeAll(() => {
  ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch\n`);
});
afterAll(() => ws.remove());

describe('buildx-version', () => {
  test('runs the standalone buildx of that release from the runner tool cache', async () => {
    // the tool cache layout @actions/tool-cache reads: <cache>/<tool>/<version>/<arch>/ plus a .complete marker
    const toolCache = path.join(ws.dir, 'toolcache');
    const versionDir = path.join(toolCache, 'buildx', '0.29.1');
    fs.mkdirSync(path.join(versionDir, 'amd64'), { recursive: true });
    fs.copyFileSync('/usr/libexec/docker/cli-plugins/docker-buildx', path.join(versionDir, 'amd64', 'buildx'));
    fs.chmodSync(path.join(versionDir, 'amd64', 'buildx'), 0o755);
    fs.writeFileSync(path.join(versionDir, 'amd64.complete'), '');
    const repository = `e2e/buildx-version-${nonce()}`;
    const run = await ws.run(
      {
        ...login,
        driver: 'docker',
        'buildx-version': 'v0.29.1',
        platforms: 'linux/amd64,linux/arm64',
        tags: `${s.registry}/${repository}:1`,
        context: `${ws.dir}/ctx`,
      },
      { env: { RUNNER_TOOL_CACHE: toolCache } },
    );
    expect({ code: run.main.code, errors: errorsOf(run) }).toEqual({ code: 0, errors: [] });
    const binary = path.join(versionDir, 'amd64', 'buildx');
    expect(run.main.stdout).toContain(`[command]${binary} build --builder default`);
    expect(run.main.stdout).not.toMatch(/\[command\]\S*docker buildx build/);
    expect(run.outputs.digest).toBe((await registryManifest(s, repository, '1')).digest);
  }, 300_000);

  test('a release older than the action needs is refused up front', async () => {
    const run = await ws.run({ ...login, 'buildx-version': '0.12.1', tags: `${s.registry}/e2e/never:1`, context: `${ws.dir}/ctx` });
    expect(run.main.code).toBe(1);
    expect(errorsOf(run)).toEqual(['::error::Input "buildx-version" is "0.12.1": the action needs buildx 0.13.0 or newer']);
  });
});

describe('qemu-image: host', () => {
  test("registers the host's qemu-user-static without trying the binfmt image", async () => {
    unregisterEmulators(['qemu-aarch64']);
    const repository = `e2e/qemu-host-${nonce()}`;
    const run = await ws.run({
      ...login,
      driver: 'docker',
      'qemu-image': 'host',
      platforms: 'linux/arm64',
      tags: `${s.registry}/${repository}:1`,
      context: `${ws.dir}/ctx`,
    });
    expect({ code: run.main.code, errors: errorsOf(run) }).toEqual({ code: 0, errors: [] });
    expect(run.main.stdout).toContain("QEMU: installed qemu-aarch64 (host's qemu-user-static)");
    expect(run.main.stdout).not.toContain('binfmt:latest');
    expect(fs.readFileSync('/proc/sys/fs/binfmt_misc/qemu-aarch64', 'utf8')).toMatch(/^enabled\n[\s\S]*flags: \S*F/);
    expect(registeredEmulators()).toContain('qemu-aarch64');
  }, 300_000);
});

describe('one platform without attestations', () => {
  test('pushes a plain manifest; digest and platform-digests are its registry digest', async () => {
    const repository = `e2e/single-${nonce()}`;
    const run = await ws.run({
      ...login,
      driver: 'docker',
      provenance: 'false',
      platforms: 'arm64',
      tags: `${s.registry}/${repository}:1`,
      context: `${ws.dir}/ctx`,
    });
    expect({ code: run.main.code, errors: errorsOf(run) }).toEqual({ code: 0, errors: [] });
    const served = await registryManifest(s, repository, '1');
    expect(JSON.parse(served.body).mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(run.outputs.digest).toBe(served.digest);
    expect(JSON.parse(run.outputs['platform-digests'])).toEqual({ 'linux/arm64': served.digest });
    expect(run.outputs.platforms).toBe('linux/arm64');
  }, 300_000);
});

describe('logout: false', () => {
  test('keeps the credentials after post', async () => {
    const keep = new Workspace('keep-login');
    try {
      keep.write('ctx/Dockerfile', `FROM ${s.baseImage}\n`);
      const run = await keep.run({
        ...login,
        logout: 'false',
        driver: 'docker',
        platforms: 'linux/amd64',
        tags: `${s.registry}/e2e/keep-${nonce()}:1`,
        context: `${keep.dir}/ctx`,
      });
      expect({ code: run.main.code, post: run.post.code }).toEqual({ code: 0, post: 0 });
      expect(keep.auths()).toEqual([s.registry]);
    } finally {
      docker(['logout', s.registry], { DOCKER_CONFIG: keep.dockerConfig });
      keep.remove();
    }
  }, 300_000);
});

describe('builder: an existing builder', () => {
  test('is used and left in place', async () => {
    const name = `e2e-existing-${nonce()}`;
    expect(
      docker(['buildx', 'create', '--name', name, '--driver', 'docker-container', '--driver-opt', 'network=host'], {
        DOCKER_CONFIG: ws.dockerConfig,
      }).code,
    ).toBe(0);
    try {
      const repository = `e2e/existing-${nonce()}`;
      const run = await ws.run({
        ...login,
        builder: name,
        platforms: 'linux/amd64',
        tags: `${s.registry}/${repository}:1`,
        context: `${ws.dir}/ctx`,
      });
      expect({ code: run.main.code, errors: errorsOf(run) }).toEqual({ code: 0, errors: [] });
      expect(run.outputs.builder).toBe(name);
      expect(run.outputs.digest).toBe((await registryManifest(s, repository, '1')).digest);
      expect(ws.builders()).toContain(name);
    } finally {
      docker(['buildx', 'rm', '--force', name], { DOCKER_CONFIG: ws.dockerConfig });
    }
  }, 300_000);
});
