// Fault injection on the runner, on the real stack: no Docker daemon, no buildx, a RUN step failing on one platform,
// a cancelled job, and values that must reach buildx as exact argv. Each scenario checks the error, what the
// registry holds and that post cleaned up; the leak check after the file (leaks.ts) finds no secret in any run.
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import {
  commandsOf,
  type Driver,
  driverInputs,
  expectCleanedUp,
  PLATFORMS,
  runAction,
  s,
  SECRET,
  TIMEOUT,
  withWorkspace,
  WRONG_PASSWORD,
} from './faults-support.js';
import { type ActionRun, errorMessages, nonce, processesWith, registryBlob, registryManifest, ROOT, Workspace } from './harness.js';
import { keepForLeakCheck, type KeptRun, leaksIn, secretsOf } from './leaks.js';

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
