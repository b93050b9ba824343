// Fault injection at the registry, on the real stack: a registry that is not listening, a flaky one (a proxy of our
// own that answers 503 or resets the connection) and a wrong password. Each scenario checks the error, what the
// registry holds and that post cleaned up; the leak check after the file (leaks.ts) finds no secret in any run.
import { spawn } from 'node:child_process';

import { describe, expect, test } from '@jest/globals';

import {
  commandsOf,
  type Driver,
  driverInputs,
  expectCleanedUp,
  expectFailedFastAndCleanedUp,
  PLATFORMS,
  runAction,
  s,
  TIMEOUT,
  withWorkspace,
  WRONG_PASSWORD,
} from './faults-support.js';
import { type Fault, type FaultKind, FlakyRegistry } from './flaky-registry.js';
import { type ActionRun, errorMessages, freePort, indexPlatforms, nonce, registryManifest, Workspace } from './harness.js';

describe('registry not listening', () => {
  test(
    'login fails at once naming the registry; post removes the created builder',
    () =>
      withWorkspace('no-registry-login', async (ws) => {
        const registry = `127.0.0.1:${await freePort()}`;
        ws.write('ctx/Dockerfile', `FROM ${registry}/base/busybox:1\nRUN true\n`);
        const run = await runAction(ws, {
          ...driverInputs('docker-container', registry),
          registry,
          username: s.username,
          password: s.password,
          platforms: PLATFORMS,
          tags: `${registry}/e2e/absent-${nonce()}:1`,
          context: `${ws.dir}/ctx`,
        });
        expectFailedFastAndCleanedUp(ws, run);
        expect(errorMessages(run)).toEqual([
          expect.stringMatching(new RegExp(`^login to ${registry} failed: .*${registry}.*connection refused`)),
        ]);
        expect(commandsOf(run, 'docker buildx build')).toEqual([]);
        // a builder was created (in parallel with the login), and post removed it
        expect(run.state.builder).toMatch(/^buildx-multiarch-/);
        expect(run.post.stdout).toContain(`Builder ${run.state.builder}: removed`);
      }),
    TIMEOUT,
  );

  test(
    'without a login the push fails naming the registry; post removes the started builder',
    () =>
      withWorkspace('no-registry-push', async (ws) => {
        const registry = `127.0.0.1:${await freePort()}`;
        ws.write('ctx/Dockerfile', 'FROM scratch\nCOPY hello /hello\n');
        ws.write('ctx/hello', 'hello\n');
        const run = await runAction(ws, {
          ...driverInputs('docker-container', registry),
          platforms: PLATFORMS,
          tags: `${registry}/e2e/absent-${nonce()}:1`,
          context: `${ws.dir}/ctx`,
        });
        expectFailedFastAndCleanedUp(ws, run);
        const errors = errorMessages(run);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`pushing by digest to ${registry}/`);
        expect(errors[0]).toMatch(/connection refused/);
        expect(run.post.stdout).toContain(`Builder ${run.state.builder}: removed`);
      }),
    TIMEOUT,
  );
});

describe('flaky registry', () => {
  // the GETs of manifests in the pushed repositories: the action's read-back (the build only HEADs before a PUT)
  const READ_BACK = /^GET \/v2\/e2e\//;
  /** Faults of one kind, answered one way, met by one driver at the requests of `what` (or those `match` selects). */
  interface FaultRow {
    kind: FaultKind;
    mode: Fault['mode'];
    driver: Driver;
    what: string;
    match?: RegExp;
  }
  // N = 2 faults, within the budget of 4 tries; each kind and each mode with both drivers
  const WITHIN: FaultRow[] = [
    { kind: 'token', mode: '503', driver: 'docker', what: 'docker login' },
    { kind: 'token', mode: 'reset', driver: 'docker-container', what: 'docker login' },
    { kind: 'blob-upload', mode: 'reset', driver: 'docker', what: 'the first uploads' },
    { kind: 'blob-upload', mode: '503', driver: 'docker-container', what: 'the first uploads' },
    { kind: 'manifest-put', mode: '503', driver: 'docker', what: 'the first manifests' },
    { kind: 'manifest-put', mode: 'reset', driver: 'docker-container', what: 'the first manifests' },
    { kind: 'manifest-get', mode: 'reset', driver: 'docker', what: 'the base image (FROM goes through the proxy too)' },
    { kind: 'manifest-get', mode: '503', driver: 'docker-container', what: 'the base image (FROM goes through the proxy too)' },
    { kind: 'manifest-get', mode: '503', driver: 'docker', what: "the action's read-back of the pushed index", match: READ_BACK },
    {
      kind: 'manifest-get',
      mode: 'reset',
      driver: 'docker-container',
      what: "the action's read-back of the pushed index",
      match: READ_BACK,
    },
  ];

  /** Builds a new layer (nothing runs under QEMU) and pushes it through the proxy, logged in through it too. */
  async function pushThrough(
    proxy: FlakyRegistry,
    ws: Workspace,
    driver: Driver,
    label: string,
  ): Promise<{ repository: string; run: ActionRun }> {
    const repository = `e2e/${label.split(' ').slice(0, 2).join('-')}-${nonce()}`;
    ws.write('ctx/Dockerfile', `FROM ${proxy.address}/base/busybox:1\nCOPY n /n\n`);
    ws.write('ctx/n', `${nonce()}\n`);
    const run = await runAction(ws, {
      ...driverInputs(driver, proxy.address),
      registry: proxy.address,
      username: s.username,
      password: s.password,
      platforms: PLATFORMS,
      tags: `${proxy.address}/${repository}:1`,
      context: `${ws.dir}/ctx`,
    });
    return { repository, run };
  }

  test.each(WITHIN)(
    '2 × $kind answered $mode ($driver driver, $what): the action succeeds and its outputs are the registry’s',
    async ({ kind, mode, driver, match }) => {
      const proxy = await FlakyRegistry.start(s.registry, [{ kind, mode, times: 2, match }]);
      try {
        await withWorkspace(`flaky-${kind}`, async (ws) => {
          const { repository, run } = await pushThrough(proxy, ws, driver, `flaky ${kind} ${mode} ${driver}`);
          expectCleanedUp(ws, run);
          expect({ main: run.main.code, errors: errorMessages(run) }).toEqual({ main: 0, errors: [] });

          // the faults were injected, and each faulted request was made again and answered
          const injected = proxy.injected();
          expect(injected.map((r) => [r.kind, r.status])).toEqual([
            [kind, mode === 'reset' ? 'reset' : 503],
            [kind, mode === 'reset' ? 'reset' : 503],
          ]);
          const last = proxy.requests.lastIndexOf(injected[1]);
          const retried = proxy.requests
            .slice(last + 1)
            .find((r) => r.method === injected[1].method && r.path === injected[1].path && typeof r.status === 'number' && r.status < 300);
          expect({ retried: retried !== undefined, log: retried ? '' : proxy.log() }).toEqual({ retried: true, log: '' });

          const served = await registryManifest(s, repository, '1');
          expect(served.status).toBe(200);
          expect(run.outputs.digest).toBe(served.digest);
          expect(JSON.parse(run.outputs['platform-digests'])).toEqual(indexPlatforms(served.body));
          expect(Object.keys(JSON.parse(run.outputs['platform-digests'])).sort()).toEqual(PLATFORMS.split(','));
        });
      } finally {
        await proxy.close();
      }
    },
    TIMEOUT,
  );

  /** A fault at every try of `command` (if the log names it), and the registry's last answer; the tag never moves. */
  interface DownRow extends FaultRow {
    command?: string;
    lastAnswer: RegExp;
  }
  // always failing: beyond the 4 tries, the error says it retried and what the registry last answered
  const BEYOND: DownRow[] = [
    {
      kind: 'token',
      mode: '503',
      driver: 'docker',
      what: 'all',
      command: 'docker login',
      lastAnswer: /503 Service Unavailable/,
    },
    {
      kind: 'token',
      mode: 'reset',
      driver: 'docker',
      what: 'all',
      command: 'docker login',
      lastAnswer: /EOF|connection reset/,
    },
    {
      kind: 'manifest-put',
      mode: '503',
      driver: 'docker-container',
      what: 'all',
      command: 'docker buildx build',
      lastAnswer: /503 Service Unavailable/,
    },
    {
      kind: 'manifest-put',
      mode: 'reset',
      driver: 'docker',
      what: 'all',
      command: 'docker buildx build',
      lastAnswer: /EOF|connection reset|closed network connection/,
    },
    {
      kind: 'blob-upload',
      mode: 'reset',
      driver: 'docker-container',
      what: 'all',
      command: 'docker buildx build',
      lastAnswer: /EOF|connection reset|closed network connection/,
    },
    // the read-back comes after the push, which went under the docker driver's fixed untested tag: no tag moved
    {
      kind: 'manifest-get',
      mode: '503',
      driver: 'docker',
      what: 'read-back',
      match: READ_BACK,
      lastAnswer: /503 Service Unavailable/,
    },
  ];

  test.each(BEYOND)(
    '$kind always answered $mode ($driver driver, $what requests): fails after 4 tries with the last answer',
    async ({ kind, mode, driver, match, command, lastAnswer }) => {
      const proxy = await FlakyRegistry.start(s.registry, [{ kind, mode, times: Infinity, match }]);
      try {
        await withWorkspace(`down-${kind}`, async (ws) => {
          const { repository, run } = await pushThrough(proxy, ws, driver, `down ${kind} ${mode} ${driver}`);
          expectCleanedUp(ws, run);
          expect(run.main.code).toBe(1);
          const errors = errorMessages(run);
          expect(errors).toHaveLength(1);
          expect(errors[0]).toContain('(tried 4 times)');
          expect(errors[0]).toMatch(lastAnswer);
          if (command) expect(commandsOf(run, command)).toHaveLength(4);
          expect(proxy.injected().length).toBeGreaterThanOrEqual(4);
          expect(proxy.injected().every((r) => r.kind === kind)).toBe(true);
          expect((await registryManifest(s, repository, '1')).status).toBe(404);
        });
      } finally {
        await proxy.close();
      }
    },
    TIMEOUT,
  );
});

describe('wrong password', () => {
  test(
    'login is refused once, without retries, and nothing is pushed',
    async () => {
      const proxy = await FlakyRegistry.start(s.registry);
      try {
        await withWorkspace('wrong-password', async (ws) => {
          // what one `docker login` with a wrong password costs the registry (the ping, then the refused try)
          const baseline = await dockerLogin(proxy.address, WRONG_PASSWORD, ws.dockerConfig);
          expect(baseline.code).not.toBe(0);
          const perLogin = proxy.ofKind('token').length;
          expect(perLogin).toBeGreaterThan(0);
          proxy.requests.length = 0;

          const repository = `e2e/wrong-password-${nonce()}`;
          ws.write('ctx/Dockerfile', `FROM ${proxy.address}/base/busybox:1\nRUN true\n`);
          const run = await runAction(ws, {
            driver: 'docker',
            registry: proxy.address,
            username: s.username,
            password: WRONG_PASSWORD,
            platforms: PLATFORMS,
            tags: `${proxy.address}/${repository}:1`,
            context: `${ws.dir}/ctx`,
          });
          expectCleanedUp(ws, run);
          expect(run.main.code).toBe(1);
          expect(errorMessages(run)).toEqual([expect.stringMatching(new RegExp(`^login to ${proxy.address} failed: .*unauthorized`, 'i'))]);
          expect(run.everything).not.toMatch(/retrying/);
          expect(commandsOf(run, 'docker login')).toHaveLength(1);
          expect(proxy.ofKind('token')).toHaveLength(perLogin);
          expect(proxy.requests.filter((r) => r.kind !== 'token')).toEqual([]);
          expect(commandsOf(run, 'docker buildx build')).toEqual([]);
          expect((await registryManifest(s, repository, '1')).status).toBe(404);
        });
      } finally {
        await proxy.close();
      }
    },
    TIMEOUT,
  );
});

/** `docker login` as a child process (the proxy runs in this process, so nothing may block the event loop). */
function dockerLogin(registry: string, password: string, dockerConfig: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['login', registry, '--username', s.username, '--password-stdin'], {
      env: { ...process.env, DOCKER_CONFIG: dockerConfig },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(password);
  });
}
