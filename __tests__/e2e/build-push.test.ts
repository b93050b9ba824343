// The core flow on the real stack, with both drivers: QEMU, builder, login, 3-platform build with registry cache,
// push, digests. Results are checked in the registry, in the Docker config and by running the pushed images.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import {
  type ActionRun,
  docker,
  errorLines,
  indexPlatforms,
  nonce,
  registeredEmulators,
  registryBlob,
  registryManifest,
  stack,
  unregisterEmulators,
  Workspace,
} from './harness.js';

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
const UNAME: Record<string, string> = { 'linux/amd64': 'x86_64', 'linux/arm64': 'aarch64', 'linux/arm/v7': 'armv7l' };
const s = stack();

// The docker-container builder runs BuildKit in a container: it reaches the loopback registry through the host's
// network, and only over plain HTTP when its buildkitd config says so.
const DRIVERS: [string, Record<string, string>][] = [
  ['docker-container', { 'driver-opts': 'network=host', 'buildkitd-config-inline': `[registry."${s.registry}"]\n  http = true\n` }],
  ['docker', { driver: 'docker' }],
];

function dockerfile(runNonce: string): string {
  return [`FROM ${s.baseImage}`, `RUN echo ${runNonce} > /nonce && uname -m > /arch`, 'CMD ["cat", "/arch"]', ''].join('\n');
}

/** Every RUN step of the Dockerfile, per platform, as the plain progress output reports it: CACHED or run. */
function runStepsCached(log: string): Record<string, boolean> {
  const cached: Record<string, boolean> = {};
  const vertex = new Map<string, string>();
  for (const line of log.split('\n')) {
    const start = /^#(\d+) \[(linux\/[a-z0-9/]+) \d+\/\d+\] RUN /.exec(line);
    if (start) {
      vertex.set(start[1], start[2]);
      cached[start[2]] = cached[start[2]] ?? false;
    }
    const hit = /^#(\d+) CACHED$/.exec(line);
    if (hit && vertex.has(hit[1])) cached[vertex.get(hit[1]) as string] = true;
  }
  return cached;
}

describe.each(DRIVERS)('driver %s: 3-platform build and push', (driver, driverInputs) => {
  const ws = new Workspace(driver);
  const repository = `e2e/${driver}-${nonce()}`;
  const tag = `${s.registry}/${repository}:latest`;
  const runNonce = nonce();
  let first: ActionRun;
  let second: ActionRun;

  const inputs = (): Record<string, string> => ({
    ...driverInputs,
    registry: s.registry,
    username: s.username,
    password: s.password,
    platforms: PLATFORMS.join(','),
    tags: `${tag}\n${s.registry}/${repository}:${runNonce}\n`,
    context: ws.dir + '/ctx',
  });

  beforeAll(async () => {
    ws.write('ctx/Dockerfile', dockerfile(runNonce));
    // the action must find the emulators missing and register them (the binfmt image cannot be pulled here,
    // so this also exercises the fall-back to the host's qemu-user-static)
    unregisterEmulators(['qemu-aarch64', 'qemu-arm']);
    first = await ws.run(inputs());
    // empty every local build cache, so that only the registry cache can serve the second build
    if (driver === 'docker') docker(['buildx', 'prune', '--all', '--force', '--builder', 'default'], { DOCKER_CONFIG: ws.dockerConfig });
    second = await ws.run(inputs());
  }, 1_200_000);

  afterAll(() => ws.remove());

  test('main and post succeed', () => {
    for (const run of [first, second]) {
      const errors = errorLines(run.everything);
      expect({ main: run.main.code, post: run.post.code, errors }).toEqual({ main: 0, post: 0, errors: [] });
    }
  });

  test('QEMU emulators were registered for the foreign platforms only', () => {
    expect(first.main.stdout).toMatch(/QEMU: installed qemu-aarch64, qemu-arm/);
    expect(first.main.stdout).toMatch(/QEMU: native, no emulator needed: linux\/amd64/);
    expect(registeredEmulators()).toEqual(expect.arrayContaining(['qemu-aarch64', 'qemu-arm']));
    expect(second.main.stdout).toMatch(/QEMU: already registered: qemu-aarch64, qemu-arm/);
    expect(second.main.stdout).not.toMatch(/update-binfmts|tonistiigi\/binfmt/);
  });

  test('digest is the digest the registry serves for every tag', async () => {
    const latest = await registryManifest(s, repository, 'latest');
    const byNonce = await registryManifest(s, repository, runNonce);
    expect(latest.status).toBe(200);
    expect(second.outputs.digest).toBe(latest.digest);
    expect(byNonce.digest).toBe(latest.digest);
    expect(first.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  test('platform-digests equals the index platform entries in the registry', async () => {
    for (const run of [first, second]) {
      const index = await registryManifest(s, repository, run.outputs.digest);
      expect(JSON.parse(run.outputs['platform-digests'])).toEqual(indexPlatforms(index.body));
    }
    expect(Object.keys(JSON.parse(second.outputs['platform-digests'])).sort()).toEqual([...PLATFORMS].sort());
    expect(second.outputs.platforms).toBe(PLATFORMS.join(','));
  });

  test("each platform's image config matches its index entry and runs as its own architecture", async () => {
    const digests = JSON.parse(second.outputs['platform-digests']) as Record<string, string>;
    const pullConfig = new Workspace(`${driver}-pull`);
    try {
      expect(
        docker(['login', s.registry, '-u', s.username, '--password-stdin'], { DOCKER_CONFIG: pullConfig.dockerConfig }, s.password).code,
      ).toBe(0);
      for (const platform of PLATFORMS) {
        const manifest = JSON.parse((await registryManifest(s, repository, digests[platform])).body) as { config: { digest: string } };
        const config = JSON.parse(await registryBlob(s, repository, manifest.config.digest)) as { architecture: string; variant?: string };
        expect([config.architecture, config.variant].filter(Boolean).join('/')).toBe(platform.replace('linux/', ''));
        const ran = docker(['run', '--rm', '--quiet', '--platform', platform, `${s.registry}/${repository}@${digests[platform]}`], {
          DOCKER_CONFIG: pullConfig.dockerConfig,
        });
        expect({ platform, out: ran.stdout.trim(), code: ran.code, err: ran.stderr.trim() }).toEqual({
          platform,
          out: UNAME[platform],
          code: 0,
          err: '',
        });
      }
    } finally {
      docker(['logout', s.registry], { DOCKER_CONFIG: pullConfig.dockerConfig });
      pullConfig.remove();
    }
  }, 300_000);

  test('the first build runs every RUN step; the second is served from the registry cache', () => {
    expect(runStepsCached(first.main.stderr + first.main.stdout)).toEqual({
      'linux/amd64': false,
      'linux/arm64': false,
      'linux/arm/v7': false,
    });
    expect(runStepsCached(second.main.stderr + second.main.stdout)).toEqual({
      'linux/amd64': true,
      'linux/arm64': true,
      'linux/arm/v7': true,
    });
  });

  test('the registry holds the cache at the default cache ref', async () => {
    expect((await registryManifest(s, repository, 'buildcache')).status).toBe(200);
  });

  test('post removed the builder it created and logged out', () => {
    const builder = second.outputs.builder;
    if (driver === 'docker') {
      expect(builder).toBe('default');
    } else {
      expect(builder).toMatch(/^buildx-multiarch-[0-9a-f]{8}$/);
      expect(first.outputs.builder).not.toBe(builder);
      expect(ws.builders()).not.toContain(builder);
      expect(ws.builders()).not.toContain(first.outputs.builder);
      expect(docker(['ps', '-a', '--format', '{{.Names}}']).stdout).not.toContain(builder);
    }
    expect(ws.auths()).toEqual([]);
  });

  test('the password appears nowhere the runner would show or keep', () => {
    for (const run of [first, second]) expect(run.everything).not.toContain(s.password);
  });

  test('the job summary lists every platform with its digest', () => {
    const digests = JSON.parse(second.outputs['platform-digests']) as Record<string, string>;
    for (const platform of PLATFORMS) expect(second.summary).toContain(`| ${platform} | \`${digests[platform]}\` |`);
    expect(second.summary).toContain(second.outputs.digest);
  });
});
