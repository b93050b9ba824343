// The modules that run commands, driven through the exec seam by a fake keyed by argv that answers with output
// captured from the real stack (fixtures/cmd-*, made by fixtures/capture-commands.sh): what they run, in which
// order, what they make of the answers, and which failures they retry.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, test } from '@jest/globals';

import { build } from '../../../src/build/run.js';
import type { RetryPolicy } from '../../../src/core/retry.js';
import { digestOf, platformDigests } from '../../../src/image/digests.js';
import { testImages } from '../../../src/image/imagetest.js';
import { createIndex, planIndex } from '../../../src/image/imagetools.js';
import { tagTested } from '../../../src/image/imagetools.js';
import { post } from '../../../src/post.js';
import { bootstrapBuilder, createArgs, removeBuilder } from '../../../src/setup/builder.js';
import { setUp } from '../../../src/setup/index.js';
import { login } from '../../../src/setup/login.js';
import { installEmulators } from '../../../src/setup/qemu.js';
import { type Answer, FakeExec } from '../fake-exec.js';
import { captured, configOf, fixture } from '../support.js';

/** The real policy's four tries, without the waits. */
const NO_WAIT: RetryPolicy = { attempts: 4, firstDelayMs: 0, maxDelayMs: 0 };
const PASSWORD = 'pw-never-in-argv';
const R = '127.0.0.1:5000';

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: Error) => error,
  );
}

const LOGIN = `docker login ${R} --username e2e --password-stdin`;
const NAMED = configOf({ name: 'fixtures-cmd', qemu: 'false', tags: `${R}/fixtures/app:1` });
const createArgv = ['docker', ...createArgs(NAMED, 'fixtures-cmd', undefined)].join(' ');

describe('login', () => {
  test('the password goes on stdin, never in argv', async () => {
    const fake = new FakeExec({ [LOGIN]: captured('login-ok') });
    await login(fake.exec, { registry: R, username: 'e2e', password: PASSWORD }, NO_WAIT);
    expect(fake.calls).toEqual([{ argv: LOGIN, input: PASSWORD, env: undefined }]);
  });

  test('a registry answering 503 is tried four times, then named with its own reason', async () => {
    const argv = 'docker login 127.0.0.1:5998 --username e2e --password-stdin';
    const fake = new FakeExec({ [argv]: captured('login-unavailable') });
    const error = await failure(login(fake.exec, { registry: '127.0.0.1:5998', username: 'e2e', password: PASSWORD }, NO_WAIT));
    expect(fake.argvs).toEqual([argv, argv, argv, argv]);
    expect(error.message).toBe(
      'login to 127.0.0.1:5998 failed: Error response from daemon: login attempt to http://127.0.0.1:5998/v2/ failed with status: 503 Service Unavailable (tried 4 times)',
    );
  });

  test('a hiccup, then success: two tries', async () => {
    const argv = `docker login ${R} --username e2e --password-stdin`;
    const unavailable = captured('login-unavailable');
    const fake = new FakeExec({ [argv]: [unavailable, captured('login-ok')] });
    await login(fake.exec, { registry: R, username: 'e2e', password: PASSWORD }, NO_WAIT);
    expect(fake.argvs).toEqual([argv, argv]);
  });

  test('a wrong password is not retried', async () => {
    const fake = new FakeExec({ [LOGIN]: { exitCode: 1, stderr: fixture('stderr-login-wrong-password.txt') } });
    const error = await failure(login(fake.exec, { registry: R, username: 'e2e', password: PASSWORD }, NO_WAIT));
    expect(fake.argvs).toEqual([LOGIN]);
    expect(error.message).toBe(
      `login to ${R} failed: Error response from daemon: login attempt to http://${R}/v2/ failed with status: 401 Unauthorized`,
    );
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe('builder', () => {
  test('bootstrap reads the nodes buildx reports', async () => {
    const fake = new FakeExec({ 'docker buildx inspect --bootstrap --builder fixtures-cmd': captured('bootstrap') });
    const nodes = await bootstrapBuilder(fake.exec, 'fixtures-cmd');
    expect(nodes.map((node) => [node.name, node.status, node.buildkit])).toEqual([['fixtures-cmd0', 'running', 'v0.25.2+debian']]);
  });

  test.each<[string, Answer, string]>([
    ['removed', captured('rm'), 'removed'],
    ['already gone: not an error', captured('rm-absent'), 'absent'],
  ])('remove: %s', async (_, answer, outcome) => {
    const fake = new FakeExec({ 'docker buildx rm --force fixtures-cmd': answer });
    await expect(removeBuilder(fake.exec, 'fixtures-cmd')).resolves.toBe(outcome);
  });

  test.each<[string, Answer, string[], boolean]>([
    // a builder this step creates with one local node is started by the build, which saves a process
    [
      'a named builder not there yet is created, and the build starts it',
      captured('inspect-absent'),
      ['docker buildx inspect fixtures-cmd', createArgv],
      true,
    ],
    // a reused one is whatever it is (other nodes, another driver): started first, its nodes as buildx reports them
    [
      'a named builder that exists is reused as it is, and started first',
      { stdout: fixture('buildx-inspect-docker-container.txt') },
      ['docker buildx inspect fixtures-cmd', 'docker buildx inspect --bootstrap --builder fixtures-cmd'],
      false,
    ],
  ])('setUp: %s', async (_, exists, argvs, startedByBuild) => {
    const fake = new FakeExec({
      'docker buildx inspect fixtures-cmd': exists,
      [createArgv]: captured('create'),
      'docker buildx inspect --bootstrap --builder fixtures-cmd': captured('bootstrap'),
    });
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-test-'));
    try {
      const ctx = {
        config: NAMED,
        docker: { hostPlatform: 'linux/amd64', containerdStore: true },
        buildxVersion: '0.29.1',
        exec: fake.exec,
        tempDir,
      };
      const builder = await setUp(ctx);
      expect(fake.argvs).toEqual(argvs);
      expect(builder.startedByBuild).toBe(startedByBuild);
      expect(builder.nodes.map((node) => node.name)).toEqual(startedByBuild ? [] : ['fixtures-cmd0']);
    } finally {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  });

  test('remove: any other failure is an error naming the builder', async () => {
    const fake = new FakeExec({
      'docker buildx rm --force b1': {
        exitCode: 1,
        stderr: 'ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      },
    });
    expect((await failure(removeBuilder(fake.exec, 'b1'))).message).toBe(
      'removing builder b1 failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
  });
});

describe('planIndex', () => {
  const argv = `docker buildx imagetools create --builder default --dry-run ${R}/base/busybox:1`;

  test('returns the bytes imagetools would push and their digest, pushing nothing', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-plan') });
    const plan = await planIndex(fake.exec, 'default', [`${R}/base/busybox:1`], NO_WAIT);
    expect(`${plan.json}\n`).toBe(captured('imagetools-plan').stdout);
    expect(plan.digest).toBe(digestOf(plan.json));
    expect(Object.keys(platformDigests(plan.json, [], plan.digest)).sort()).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
  });

  test('a 503 from the registry is retried', async () => {
    const fake = new FakeExec({
      [argv]: [
        { exitCode: 1, stderr: 'ERROR: unexpected status from GET request: 503 Service Unavailable\n' },
        captured('imagetools-plan'),
      ],
    });
    await planIndex(fake.exec, 'default', [`${R}/base/busybox:1`], NO_WAIT);
    expect(fake.argvs).toEqual([argv, argv]);
  });
});

describe('createIndex', () => {
  const argv = `docker buildx imagetools create --builder default --tag ${R}/fixtures/cmd:1 ${R}/base/busybox:1`;
  const pushed = /pushing (sha256:[a-f0-9]{64})/.exec(captured('imagetools-create').stderr ?? '')?.[1] as string;

  test('passes when imagetools pushed the planned index', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create') });
    await createIndex(fake.exec, 'default', [`${R}/fixtures/cmd:1`], [`${R}/base/busybox:1`], pushed, NO_WAIT);
    expect(fake.argvs).toEqual([argv]);
  });

  test('another index than the planned one fails, saying the tags now point at it', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create') });
    const planned = `sha256:${'0'.repeat(64)}`;
    const error = await failure(createIndex(fake.exec, 'default', [`${R}/fixtures/cmd:1`], [`${R}/base/busybox:1`], planned, NO_WAIT));
    expect(error.message).toBe(`creating ${R}/fixtures/cmd:1 pushed ${pushed}, not the verified ${planned}: the tags now point at it`);
  });

  test('a 503 from the registry is retried, then the index is created', async () => {
    const fake = new FakeExec({
      [argv]: [
        { exitCode: 1, stderr: 'ERROR: unexpected status from PUT request: 503 Service Unavailable\n' },
        captured('imagetools-create'),
      ],
    });
    await createIndex(fake.exec, 'default', [`${R}/fixtures/cmd:1`], [`${R}/base/busybox:1`], pushed, NO_WAIT);
    expect(fake.argvs).toEqual([argv, argv]);
  });
});

describe('tagTested', () => {
  const single = 'sha256:8f492249c159e51fbe9218fc61126fbd9dba73a6a652f596c7c7a7ea00cbd439';
  const argv = `docker buildx imagetools create --builder b1 --prefer-index=false --tag ${R}/exp/single:1 ${R}/exp/single@${single}`;

  test('a single manifest is copied as it is: the tag holds the tested digest', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create-single') });
    await tagTested(fake.exec, 'b1', [`${R}/exp/single:1`], `${R}/exp/single`, single, NO_WAIT);
    expect(fake.argvs).toEqual([argv]);
  });

  test('a tag that ends on another digest (a wrapping index) fails the step, naming both', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create') });
    const error = await failure(tagTested(fake.exec, 'b1', [`${R}/exp/single:1`], `${R}/exp/single`, single, NO_WAIT));
    expect(error.message).toMatch(new RegExp(`^tagging ${R}/exp/single:1 pushed sha256:[a-f0-9]{64}, not the tested ${single}$`));
  });
});

describe('build', () => {
  const config = configOf({ tags: `${R}/app:1`, platforms: 'linux/arm64', cache: 'false' });
  const argv = `docker buildx build --builder b1 --platform linux/arm64 --tag ${R}/app:1 --push --metadata-file /m.json .`;

  test("a failing RUN step is the project's error: built once, not retried, named by platform and step", async () => {
    const fake = new FakeExec({ [argv]: { exitCode: 1, stderr: fixture('stderr-build-run-fails-arm64.txt') } });
    const error = await failure(build(fake.exec, config, 'b1', '/m.json', { canExportCache: true, policy: NO_WAIT }));
    expect(fake.argvs).toEqual([argv]);
    expect(error.message).toMatch(/^building linux\/arm64 \(step \[2\/2\] RUN \[ "\$\(uname -m\)" != aarch64 \]\) failed: /);
  });

  test('the step counts and times come from the streamed log', async () => {
    const log = `#5 [linux/arm64 1/2] FROM ${R}/base/busybox:1\n#5 CACHED\n\n#6 [linux/arm64 2/2] RUN true\n#6 DONE 0.1s\n`;
    const fake = new FakeExec({ [argv]: { exitCode: 0, stderr: log } });
    await expect(build(fake.exec, config, 'b1', '/m.json', { canExportCache: true, policy: NO_WAIT })).resolves.toEqual({
      steps: { 'linux/arm64': 2 },
      cached: { 'linux/arm64': 1 },
      seconds: { 'linux/arm64': 0.1 },
    });
  });
});

describe('testImages', () => {
  const image = `${R}/app@sha256:${'a'.repeat(64)}`;
  const run = `docker run --rm --quiet --platform linux/arm64 --entrypoint /bin/sh ${image} -c test -x /bin/sh`;

  test('a failing test names its platform and stops there', async () => {
    const fake = new FakeExec({ [run]: { exitCode: 1, stdout: 'checking\n', stderr: 'sh: bad\n' } });
    const error = await failure(testImages(fake.exec, `${R}/app`, { 'linux/arm64': `sha256:${'a'.repeat(64)}` }, 'test -x /bin/sh'));
    expect(error.message).toBe('test-command failed on linux/arm64 (exit code 1); no tag was created or moved. Last output: sh: bad');
  });

  test('passing tests, then the pulled test images are removed', async () => {
    const fake = new FakeExec({ [run]: { exitCode: 0 }, [`docker image rm ${image}`]: { exitCode: 0 } });
    await testImages(fake.exec, `${R}/app`, { 'linux/arm64': `sha256:${'a'.repeat(64)}` }, 'test -x /bin/sh');
    expect(fake.argvs).toEqual([run, `docker image rm ${image}`]);
  });
});

describe('QEMU', () => {
  const arm64 = [{ arch: 'arm64', entry: 'qemu-aarch64' }];
  const binfmtRun = 'docker run --rm --privileged docker.io/tonistiigi/binfmt:latest --install arm64';

  /** A binfmt_misc stand-in (its register file) and a binfmt.d with qemu-user-static's real line. */
  function dirs(): { binfmt: string; conf: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qemu-'));
    fs.mkdirSync(path.join(root, 'binfmt'));
    fs.writeFileSync(path.join(root, 'binfmt', 'register'), '');
    fs.mkdirSync(path.join(root, 'conf'));
    fs.writeFileSync(path.join(root, 'conf', 'qemu-aarch64.conf'), fixture('binfmt.d-qemu-aarch64.conf'));
    return { binfmt: path.join(root, 'binfmt'), conf: path.join(root, 'conf') };
  }

  test("the binfmt image cannot be pulled: the host's qemu-user-static line is registered instead", async () => {
    const fake = new FakeExec({ [binfmtRun]: captured('binfmt-unpullable') });
    const where = dirs();
    await expect(installEmulators(fake.exec, 'docker.io/tonistiigi/binfmt:latest', arm64, where)).resolves.toBe('host');
    expect(fs.readFileSync(path.join(where.binfmt, 'register'), 'utf8')).toBe(fixture('binfmt.d-qemu-aarch64.conf').trim());
  });

  test('the binfmt image ran and failed: no fallback, the tool is named', async () => {
    const fake = new FakeExec({
      [binfmtRun]: {
        exitCode: 1,
        stdout: '',
        stderr:
          'installing: arm64 cannot register "/usr/bin/qemu-aarch64" to /proc/sys/fs/binfmt_misc/register: write /proc/sys/fs/binfmt_misc/register: permission denied\n',
      },
    });
    const where = dirs();
    const error = await failure(installEmulators(fake.exec, 'docker.io/tonistiigi/binfmt:latest', arm64, where));
    expect(error.message).toMatch(
      /^installing QEMU emulators arm64 with docker\.io\/tonistiigi\/binfmt:latest failed: installing: arm64 cannot register/,
    );
    expect(fs.readFileSync(path.join(where.binfmt, 'register'), 'utf8')).toBe('');
  });

  test('qemu-image "host" runs no container', async () => {
    const fake = new FakeExec({});
    await expect(installEmulators(fake.exec, 'host', arm64, dirs())).resolves.toBe('host');
    expect(fake.argvs).toEqual([]);
  });
});

describe('post', () => {
  const saved = ['STATE_builder', 'STATE_loggedIn', 'STATE_tempDir'];
  afterEach(() => {
    for (const name of saved) delete process.env[name];
  });

  test('removes the builder, then logs out, last login first', async () => {
    Object.assign(process.env, { STATE_builder: 'fixtures-cmd', STATE_loggedIn: `${R},ghcr.io` });
    const fake = new FakeExec({
      'docker buildx rm --force fixtures-cmd': captured('rm'),
      'docker logout ghcr.io': captured('logout'),
      [`docker logout ${R}`]: captured('logout'),
    });
    await post(fake.exec);
    expect(fake.argvs).toEqual(['docker buildx rm --force fixtures-cmd', 'docker logout ghcr.io', `docker logout ${R}`]);
  });

  test('a builder that cannot be removed does not stop the logout', async () => {
    Object.assign(process.env, { STATE_builder: 'b1', STATE_loggedIn: R });
    const fake = new FakeExec({
      'docker buildx rm --force b1': { exitCode: 1, stderr: 'ERROR: context deadline exceeded\n' },
      [`docker logout ${R}`]: captured('logout'),
    });
    await post(fake.exec);
    expect(fake.argvs).toEqual(['docker buildx rm --force b1', `docker logout ${R}`]);
  });

  test('after a main that failed before creating anything: nothing to undo, nothing run', async () => {
    const fake = new FakeExec({});
    await post(fake.exec);
    expect(fake.argvs).toEqual([]);
  });
});
