import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import type { RawInputs } from '../../../src/config/index.js';
import { createBuilder } from '../../../src/setup/builder.js';
import { setUp } from '../../../src/setup/index.js';
import { binfmtImage, hasHubMirrors, mirroredDriverOpts, mirroredImage, withMirror } from '../../../src/setup/mirror.js';
import { pullsAfterLogin } from '../../../src/setup/qemu.js';
import { FakeExec } from '../fake-exec.js';
import { configOf, fixture, thrown } from '../support.js';

const TAG = 'ghcr.io/acme/app:1';
const MIRROR = 'mirror.gcr.io';

describe('images on Docker Hub, from the mirror', () => {
  test.each<[string, string, string]>([
    ['docker.io/tonistiigi/binfmt:latest', MIRROR, 'mirror.gcr.io/tonistiigi/binfmt:latest'],
    ['moby/buildkit:buildx-stable-1', '127.0.0.1:5001', '127.0.0.1:5001/moby/buildkit:buildx-stable-1'],
    ['busybox', MIRROR, 'mirror.gcr.io/library/busybox'],
    ['index.docker.io/library/alpine:3.20@sha256:' + 'a'.repeat(64), MIRROR, `mirror.gcr.io/library/alpine:3.20@sha256:${'a'.repeat(64)}`],
    ['ghcr.io/acme/binfmt:1', MIRROR, 'ghcr.io/acme/binfmt:1'],
    ['docker.io/tonistiigi/binfmt:latest', '', 'docker.io/tonistiigi/binfmt:latest'],
  ])('%s through %j', (image, mirror, expected) => {
    expect(mirroredImage(image, mirror)).toBe(expected);
  });

  test('the host emulators need no image', () => {
    expect(binfmtImage({ qemuImage: 'host', registryMirror: MIRROR })).toBe('host');
  });

  test.each<[string, string[], string, string, string[]]>([
    [
      "buildx's default image",
      ['network=host'],
      'docker-container',
      MIRROR,
      ['network=host', 'image=mirror.gcr.io/moby/buildkit:buildx-stable-1'],
    ],
    [
      'a Docker Hub image of the user',
      ['image=moby/buildkit:v0.25.0'],
      'docker-container',
      MIRROR,
      ['image=mirror.gcr.io/moby/buildkit:v0.25.0'],
    ],
    ['an image elsewhere', ['image=ghcr.io/acme/buildkit:1'], 'docker-container', MIRROR, ['image=ghcr.io/acme/buildkit:1']],
    ['no mirror', ['network=host'], 'docker-container', '', ['network=host']],
    ['pods pull with the cluster', [], 'kubernetes', MIRROR, []],
  ])('driver-opts: %s', (_, opts, driver, mirror, expected) => {
    expect(mirroredDriverOpts(opts, driver, mirror)).toEqual(expected);
  });
});

describe("the builder's buildkitd.toml", () => {
  test.each<[string, string, string]>([
    ['none of the user', '', '[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]'],
    [
      'other sections: one of its own after them',
      '[registry."localhost:5000"]\n  http = true\n',
      '[registry."localhost:5000"]\n  http = true\n\n[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]',
    ],
    [
      'a docker.io section: the mirror goes into it',
      'debug = true\n[registry."docker.io"]\n  insecure = false\n[registry."q.io"]\n  http = true\n',
      'debug = true\n[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]\n  insecure = false\n[registry."q.io"]\n  http = true\n',
    ],
  ])('%s', (_, base, expected) => {
    expect(withMirror(base, MIRROR)).toBe(expected);
  });

  test.each<[string, boolean]>([
    ['[registry."docker.io"]\n  mirrors = ["a.io"]\n', true],
    ['[registry."docker.io"]\n  http = false\n[registry."a.io"]\n  mirrors = ["b.io"]\n', false],
    ['[registry."a.io"]\n  mirrors = ["b.io"]\n', false],
  ])('mirrors for Docker Hub already in %j: %s', (toml, has) => {
    expect(hasHubMirrors(toml)).toBe(has);
  });

  test('the file the created builder gets, and its BuildKit image, with the mirror', async () => {
    const config = configOf({
      tags: TAG,
      name: 'fixtures-cmd',
      qemu: 'false',
      'registry-mirror': MIRROR,
      'buildkitd-config-inline': '[registry."docker.io"]\n  http = false\n',
    });
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-test-'));
    const toml = path.join(tempDir, 'buildkitd.toml');
    const create = `docker buildx create --name fixtures-cmd --driver docker-container --driver-opt image=mirror.gcr.io/moby/buildkit:buildx-stable-1 --buildkitd-config ${toml}`;
    const fake = new FakeExec({
      'docker buildx inspect fixtures-cmd': { exitCode: 1, stderr: fixture('cmd-inspect-absent.stderr') },
      [create]: { stdout: fixture('cmd-create.stdout') },
    });
    try {
      await setUp({
        config,
        docker: { hostPlatform: 'linux/amd64', containerdStore: true },
        buildxVersion: '0.29.1',
        exec: fake.exec,
        tempDir,
      });
      expect(fake.argvs).toEqual(['docker buildx inspect fixtures-cmd', create]);
      expect(fs.readFileSync(toml, 'utf8')).toBe('[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]\n  http = false\n');
    } finally {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  });

  test('appended docker-container nodes get the mirrored image too', async () => {
    const config = configOf({ tags: TAG, 'registry-mirror': MIRROR });
    const withNode = {
      ...config,
      nodes: [...config.nodes, { name: 'arm', endpoint: 'arm-box', platforms: [], driverOpts: [], buildkitdFlags: '' }],
    };
    const image = '--driver-opt image=mirror.gcr.io/moby/buildkit:buildx-stable-1';
    const first = `docker buildx create --name b1 --driver docker-container ${image}`;
    const append = `docker buildx create --append --name b1 --node arm ${image} arm-box`;
    const fake = new FakeExec({ [first]: {}, [append]: {} });
    await createBuilder(fake.exec, withNode, 'b1', undefined);
    expect(fake.argvs).toEqual([first, append]);
  });
});

describe('registry-mirror input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'a URL',
      { tags: TAG, 'registry-mirror': 'https://mirror.gcr.io' },
      'Input "registry-mirror" is "https://mirror.gcr.io": expected a registry host such as mirror.gcr.io or localhost:5001 (without the scheme: plain HTTP is for insecure-registries to say)',
    ],
    [
      'a path',
      { tags: TAG, 'registry-mirror': 'mirror.gcr.io/x' },
      'Input "registry-mirror" is "mirror.gcr.io/x": expected a registry host such as mirror.gcr.io or localhost:5001',
    ],
    [
      'an existing builder',
      { tags: TAG, 'registry-mirror': MIRROR, builder: 'b1' },
      'Input "registry-mirror" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'the docker driver',
      { tags: TAG, 'registry-mirror': MIRROR, driver: 'docker' },
      'Input "registry-mirror" cannot be used with driver "docker": it configures a builder the action creates (driver docker-container)',
    ],
    [
      'mirrors in the user config already',
      { tags: TAG, 'registry-mirror': MIRROR, 'buildkitd-config-inline': '[registry."docker.io"]\n  mirrors = ["m.example"]' },
      'Input "registry-mirror" is "mirror.gcr.io", but the buildkitd config already has mirrors for [registry."docker.io"]: give the mirror in one of them',
    ],
  ])('%s', (_, raw, message) => {
    expect(thrown(() => configOf(raw))?.message).toBe(message);
  });
});

describe('the binfmt image waits for the login to its registry', () => {
  const hub = [{ registry: 'docker.io' }];
  test.each<[string, string, { registry: string }[], boolean]>([
    ['Docker Hub, logged in there', 'docker.io/tonistiigi/binfmt:latest', hub, true],
    ['Docker Hub by its other name', 'tonistiigi/binfmt', [{ registry: 'index.docker.io' }], true],
    ['Docker Hub, no login there', 'docker.io/tonistiigi/binfmt:latest', [{ registry: 'ghcr.io' }], false],
    ['from a mirror the step does not log in to', 'mirror.gcr.io/tonistiigi/binfmt:latest', hub, false],
    ['from a mirror the step logs in to', '127.0.0.1:5001/tonistiigi/binfmt:latest', [{ registry: '127.0.0.1:5001' }], true],
    ['the host emulators', 'host', hub, false],
  ])('%s', (_, image, logins, waits) => {
    expect(pullsAfterLogin(image, logins)).toBe(waits);
  });
});
