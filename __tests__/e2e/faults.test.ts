// Fault injection on the real stack: a registry that is not listening, a flaky registry (a proxy of our own that
// answers 503 or resets the connection), a wrong password, no Docker daemon, no buildx, a RUN step failing on one
// platform, and a cancelled job. Each scenario checks the error, what the registry holds, and that post cleaned up;
// every run gets a build secret, and the leak check after the file (leaks.ts) finds it, or a password, nowhere.
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { type Fault, type FaultKind, FlakyRegistry } from './flaky-registry.js';
import {
  type ActionRun,
  actionTempDirs,
  docker,
  errorMessages,
  freePort,
  indexPlatforms,
  nonce,
  processesWith,
  registryBlob,
  registryManifest,
  ROOT,
  stack,
  Workspace,
} from './harness.js';
import { keepForLeakCheck, type KeptRun, leaksIn, secretsOf } from './leaks.js';

const s = stack();
const TIMEOUT = 300_000;
const PLATFORMS = 'linux/amd64,linux/arm64';
// passed to every run, and delivered to one build for real: it must never show up in what the runner keeps
const SECRET = `bxm-secret-${nonce()}-value`;
const WRONG_PASSWORD = `wrong-${nonce()}`;

type Driver = 'docker' | 'docker-container';

/** The inputs that select a driver; a created builder reaches the loopback `registries` over plain HTTP. */
function driverInputs(driver: Driver, ...registries: string[]): Record<string, string> {
  if (driver === 'docker') return { driver: 'docker' };
  return {
    'driver-opts': 'network=host',
    'buildkitd-config-inline': registries.map((r) => `[registry."${r}"]\n  http = true\n`).join(''),
  };
}

// @actions/exec logs each command as "[command]" and its resolved path: "[command]/usr/bin/docker buildx build …"
const commandsOf = (run: ActionRun, prefix: string): string[] =>
  run.main.stdout
    .split('\n')
    .filter((line) => line.startsWith('[command]') && line.replace(/^\[command\](?:\S*\/)?/, '').startsWith(prefix));

/** Runs the action in `ws` with a build secret (the leak check after this file looks for it). */
function runAction(ws: Workspace, inputs: Record<string, string>, options: Parameters<Workspace['run']>[1] = {}): Promise<ActionRun> {
  return ws.run({ secrets: `mysecret=${SECRET}`, ...inputs }, options);
}

/** What every scenario must leave: no credentials, no builder of ours (nor its container), no temp dir of the action. */
/** A registry that is not there fails the step within seconds (no retry of connection refused), and post cleans up. */
function expectFailedFastAndCleanedUp(ws: Workspace, run: ActionRun): void {
  expectCleanedUp(ws, run);
  expect({ main: run.main.code, fast: run.main.ms < 30_000 }).toEqual({ main: 1, fast: true });
}

function expectCleanedUp(ws: Workspace, run: ActionRun): void {
  const containers = run.state.builder
    ? docker(['ps', '-a', '--format', '{{.Names}}'])
        .stdout.split('\n')
        .filter((name) => name.includes(run.state.builder))
    : [];
  expect({ post: run.post.code, auths: ws.auths(), builders: ws.builders(), containers, tempDirs: actionTempDirs(ws.dir) }).toEqual({
    post: 0,
    auths: [],
    builders: ['default'],
    containers: [],
    tempDirs: [],
  });
}

async function withWorkspace(label: string, body: (ws: Workspace) => Promise<void>): Promise<void> {
  const ws = new Workspace(label);
  try {
    await body(ws);
  } finally {
    ws.remove();
  }
}

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
        expect(errors[0]).toContain(`pushing to ${registry}/`);
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

  /** A fault at every try of `command` (if the log names it), the registry's last answer, and whether the tag moved. */
  interface DownRow extends FaultRow {
    command?: string;
    lastAnswer: RegExp;
    pushed: boolean;
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
      pushed: false,
    },
    {
      kind: 'token',
      mode: 'reset',
      driver: 'docker',
      what: 'all',
      command: 'docker login',
      lastAnswer: /EOF|connection reset/,
      pushed: false,
    },
    {
      kind: 'manifest-put',
      mode: '503',
      driver: 'docker-container',
      what: 'all',
      command: 'docker buildx build',
      lastAnswer: /503 Service Unavailable/,
      pushed: false,
    },
    {
      kind: 'manifest-put',
      mode: 'reset',
      driver: 'docker',
      what: 'all',
      command: 'docker buildx build',
      lastAnswer: /EOF|connection reset|closed network connection/,
      pushed: false,
    },
    {
      kind: 'blob-upload',
      mode: 'reset',
      driver: 'docker-container',
      what: 'all',
      command: 'docker buildx build',
      lastAnswer: /EOF|connection reset|closed network connection/,
      pushed: false,
    },
    // the read-back comes after the push: the tag has moved, but the step cannot report the digests, so it fails
    {
      kind: 'manifest-get',
      mode: '503',
      driver: 'docker',
      what: 'read-back',
      match: READ_BACK,
      lastAnswer: /503 Service Unavailable/,
      pushed: true,
    },
  ];

  test.each(BEYOND)(
    '$kind always answered $mode ($driver driver, $what requests): fails after 4 tries with the last answer',
    async ({ kind, mode, driver, match, command, lastAnswer, pushed }) => {
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
          expect((await registryManifest(s, repository, '1')).status).toBe(pushed ? 200 : 404);
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

describe('no Docker to work with', () => {
  const inputs = (ws: Workspace): Record<string, string> => ({
    registry: s.registry,
    username: s.username,
    password: s.password,
    platforms: PLATFORMS,
    tags: `${s.registry}/e2e/never-${nonce()}:1`,
    context: `${ws.dir}/ctx`,
  });

  /** Nothing ran: no command, no builder, no login saved for post. */
  function expectNothingDone(run: ActionRun): void {
    expect(run.main.stdout).not.toMatch(/\[command\]/);
    expect(run.state.builder).toBeUndefined();
    expect(run.state.loggedIn).toBeUndefined();
    expect(run.post.stdout).not.toMatch(/\[command\]/);
  }

  test(
    'daemon unreachable: one clear error before any work',
    () =>
      withWorkspace('no-daemon', async (ws) => {
        ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\n`);
        const run = await runAction(ws, inputs(ws), { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
        expectCleanedUp(ws, run);
        expect(run.main.code).toBe(1);
        expect(errorMessages(run)).toEqual([
          expect.stringMatching(/Docker daemon.*unix:\/\/\/nonexistent\/docker\.sock|unix:\/\/\/nonexistent\/docker\.sock.*Docker daemon/i),
        ]);
        expectNothingDone(run);
      }),
    TIMEOUT,
  );

  test(
    'buildx plugin missing: one clear error before any work',
    () =>
      withWorkspace('no-buildx', async (ws) => {
        ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\n`);
        const withSecret = { secrets: `mysecret=${SECRET}`, ...inputs(ws) };
        const run = await runWithoutBuildx(ws, withSecret);
        keepForLeakCheck('no buildx', run, secretsOf(withSecret));
        expectCleanedUp(ws, run);
        expect(run.main.code).toBe(1);
        expect(errorMessages(run)).toEqual([expect.stringMatching(/buildx.*not installed/)]);
        expectNothingDone(run);
      }),
    TIMEOUT,
  );
});

describe.each(['docker', 'docker-container'] as Driver[])('a RUN step failing on linux/arm64 only (%s driver)', (driver) => {
  test(
    'names the platform and the step, is not retried, and the tags keep their digest',
    () =>
      withWorkspace(`run-fails-${driver}`, async (ws) => {
        const repository = `e2e/run-fails-${nonce()}`;
        const tags = [`${s.registry}/${repository}:1`, `${s.registry}/${repository}:stable`];
        const inputs = (context: string): Record<string, string> => ({
          ...driverInputs(driver, s.registry),
          registry: s.registry,
          username: s.username,
          password: s.password,
          platforms: PLATFORMS,
          tags: tags.join('\n'),
          context: `${ws.dir}/${context}`,
        });
        ws.write('good/Dockerfile', `FROM ${s.baseImage}\nRUN echo good-${nonce()} > /good\n`);
        const good = await runAction(ws, inputs('good'));
        expectCleanedUp(ws, good);
        expect({ main: good.main.code, errors: errorMessages(good) }).toEqual({ main: 0, errors: [] });
        const before = await Promise.all(['1', 'stable'].map((tag) => registryManifest(s, repository, tag)));
        expect(before.map((m) => m.digest)).toEqual([good.outputs.digest, good.outputs.digest]);

        ws.write('bad/Dockerfile', `FROM ${s.baseImage}\nRUN [ "$(uname -m)" != aarch64 ]\n`);
        const bad = await runAction(ws, inputs('bad'));
        expectCleanedUp(ws, bad);
        expect(bad.main.code).toBe(1);
        const errors = errorMessages(bad);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain('linux/arm64');
        expect(errors[0]).toContain('RUN [ "$(uname -m)" != aarch64 ]');
        // the error annotation points at the failing instruction, as docker/build-push-action's does
        expect(bad.main.stdout).toMatch(new RegExp(`^::error file=${ws.dir}/bad/Dockerfile,line=2::building linux/arm64`, 'm'));
        expect(commandsOf(bad, 'docker buildx build')).toHaveLength(1);
        expect(bad.everything).not.toMatch(/retrying/);
        const after = await Promise.all(['1', 'stable'].map((tag) => registryManifest(s, repository, tag)));
        expect(after.map((m) => m.digest)).toEqual([good.outputs.digest, good.outputs.digest]);
      }),
    TIMEOUT,
  );
});

describe.each(['docker-container', 'docker'] as Driver[])('cancellation (%s driver)', (driver) => {
  test(
    'SIGTERM during the build stops it; post removes the builder and logs out; nothing is pushed',
    () =>
      withWorkspace(`cancel-${driver}`, async (ws) => {
        const SLEEP = 60;
        const marker = `cancel-${nonce()}`;
        const repository = `e2e/cancel-${nonce()}`;
        // the marker after the sleep keeps the shell (whose command line holds it) alive: busybox sh execs a last command
        ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN sleep ${SLEEP} && echo ${marker} > /marker\n`);
        const started = Date.now();
        let signalled: number | undefined;
        let poll: NodeJS.Timeout | undefined;
        const run = await runAction(
          ws,
          {
            ...driverInputs(driver, s.registry),
            registry: s.registry,
            username: s.username,
            password: s.password,
            platforms: PLATFORMS,
            tags: `${s.registry}/${repository}:1`,
            context: `${ws.dir}/ctx`,
          },
          {
            // the signal goes once the RUN step's own process is running, in BuildKit's container
            onMainStart: (pid) => {
              poll = setInterval(() => {
                if (signalled === undefined && processesWith(marker).length > 0) {
                  signalled = Date.now();
                  process.kill(pid, 'SIGTERM');
                }
              }, 200);
            },
          },
        ).finally(() => clearInterval(poll));
        expectCleanedUp(ws, run);
        const ended = Date.now();

        expect(signalled).toBeDefined();
        expect(run.main.code).toBe(1);
        expect(errorMessages(run)[0]).toMatch(/Cancelled \(SIGTERM\)/);
        // the build was stopped, not waited for: main and post ended long before the RUN's sleep would have
        expect(ended - (signalled as number)).toBeLessThan(15_000);
        expect(ended - started).toBeLessThan((SLEEP * 1000) / 2);
        expect(processesWith(marker)).toEqual([]);
        expect((await registryManifest(s, repository, '1')).status).toBe(404);
        if (driver === 'docker-container') expect(run.post.stdout).toContain(`Builder ${run.state.builder}: removed`);
        expect(run.post.stdout).toMatch(new RegExp(`^\\[command\\]\\S*docker logout ${s.registry}$`, 'm'));
      }),
    TIMEOUT,
  );
});

describe('values reach buildx as exact argv', () => {
  // shell metacharacters, both quotes, a command substitution, backslashes and non-ASCII
  const NOTE = `$(touch /tmp/pwned) "quoted" 'single' ; | & \`touch /tmp/pwned\` $HOME \\n back\\slash ünïcödé ✓`;
  const PWNED = '/tmp/pwned';

  test(
    'labels, build-args and odd tags arrive unchanged; a build secret is delivered',
    () =>
      withWorkspace('argv', async (ws) => {
        fs.rmSync(PWNED, { force: true });
        const repository = `e2e/argv-${nonce()}`;
        const tags = ['v1.0_rc-1', 'UPPER.lower_9-x'];
        const secretHash = crypto.createHash('sha256').update(SECRET).digest('hex');
        ws.write(
          'ctx/Dockerfile',
          [
            `FROM ${s.baseImage}`,
            'ARG NOTE',
            'LABEL org.example.arg="${NOTE}"',
            // the secret is compared by its hash, so that the value never appears in the build's own output
            `RUN --mount=type=secret,id=mysecret,required=true test "$(sha256sum < /run/secrets/mysecret | cut -d' ' -f1)" = "${secretHash}"`,
            '',
          ].join('\n'),
        );
        const run = await runAction(ws, {
          ...driverInputs('docker-container', s.registry),
          registry: s.registry,
          username: s.username,
          password: s.password,
          platforms: PLATFORMS,
          tags: tags.map((t) => `${s.registry}/${repository}:${t}`).join('\n'),
          labels: `org.example.note=${NOTE}\norg.example.plain=plain`,
          'build-args': `NOTE=${NOTE}`,
          context: `${ws.dir}/ctx`,
        });
        expectCleanedUp(ws, run);
        expect({ main: run.main.code, errors: errorMessages(run) }).toEqual({ main: 0, errors: [] });
        for (const tag of tags) expect((await registryManifest(s, repository, tag)).digest).toBe(run.outputs.digest);
        const digests = JSON.parse(run.outputs['platform-digests']) as Record<string, string>;
        for (const platform of PLATFORMS.split(',')) {
          const manifest = JSON.parse((await registryManifest(s, repository, digests[platform])).body) as { config: { digest: string } };
          const config = JSON.parse(await registryBlob(s, repository, manifest.config.digest)) as {
            config: { Labels: Record<string, string> };
          };
          expect(config.config.Labels).toEqual({ 'org.example.note': NOTE, 'org.example.arg': NOTE, 'org.example.plain': 'plain' });
        }
        expect(fs.existsSync(PWNED)).toBe(false);
      }),
    TIMEOUT,
  );
});

describe('secrets', () => {
  test('the leak check after this file finds a build secret or a password in what a run left', () => {
    const run = (everything: string): KeptRun => ({
      label: 'a run',
      everything,
      secrets: secretsOf({ password: WRONG_PASSWORD, secrets: `mysecret=${SECRET}` }),
    });
    expect(leaksIn([run('nothing private here'), run(`echoed ${SECRET}`), run(`login with ${WRONG_PASSWORD}`), run(s.password)])).toEqual([
      'a run: secrets, line 1',
      'a run: password',
      'a run: the stack password',
    ]);
  });
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

/**
 * Runs the action (main and post) in a mount namespace of its own where the buildx plugin directory is an empty
 * directory: `docker` there really has no buildx, while the host, and every other test, keeps it.
 */
function runWithoutBuildx(ws: Workspace, inputs: Record<string, string>): Promise<ActionRun> {
  const empty = path.join(ws.dir, 'no-cli-plugins');
  fs.mkdirSync(empty);
  const script = [
    `import { runAction } from ${JSON.stringify(path.join(ROOT, 'scripts', 'runner.mjs'))};`,
    'const options = JSON.parse(process.env.E2E_RUN_OPTIONS);',
    'process.stdout.write(JSON.stringify(await runAction(options)));',
  ].join('\n');
  const options = { inputs, dir: ws.dir, env: { DOCKER_CONFIG: ws.dockerConfig } };
  const shell = `mount --bind "$1" /usr/libexec/docker/cli-plugins && exec "$2" --input-type=module -e "$3"`;
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', shell, 'sh', empty, process.execPath, script], {
      env: { ...process.env, E2E_RUN_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout) as ActionRun) : reject(new Error(`unshare exited ${code}: ${stderr}`)),
    );
  });
}
