import { describe, expect, test } from '@jest/globals';

import { BoundedText, createExec, failureReason, OUTPUT_LIMIT, signalChildren } from '../../../src/core/exec.js';
import { fixture, runFalseFailure } from '../support.js';

const BUILDX_PROGRESS = `#0 building with "buildx-multiarch-1a2b3c4d" instance using docker-container driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 93B done
#1 DONE 0.0s

${runFalseFailure('[linux/arm64 2/2]')}`;

const DOCKER_RUN_PULL_FAILURE = `Unable to find image 'tonistiigi/binfmt:nope' locally
docker: Error response from daemon: manifest for tonistiigi/binfmt:nope not found: manifest unknown: manifest unknown

Run 'docker run --help' for more information
`;

// buildx's stderr when BuildKit's git was refused by a Git server (the e2e git-context test, driver docker)
const BUILDX_GIT_FAILURE = `#1 [internal] load git source http://127.0.0.1:37881/app.git
#1 0.015 fatal: could not read Username for 'http://127.0.0.1:37881': terminal prompts disabled
#1 ERROR: error fetching default branch for repository http://127.0.0.1:37881/app.git: git stderr:
fatal: could not read Username for 'http://127.0.0.1:37881': terminal prompts disabled
: exit status 128
------
 > [internal] load git source http://127.0.0.1:37881/app.git:
0.015 fatal: could not read Username for 'http://127.0.0.1:37881': terminal prompts disabled
------
ERROR: failed to build: failed to solve: failed to read dockerfile: failed to load cache key: error fetching default branch for repository http://127.0.0.1:37881/app.git: git stderr:
fatal: could not read Username for 'http://127.0.0.1:37881': terminal prompts disabled
: exit status 128
`;

describe('failureReason', () => {
  test.each<[string, { exitCode: number; stderr: string; stdout: string }, string]>([
    [
      'buildx progress then the error',
      { exitCode: 1, stderr: BUILDX_PROGRESS, stdout: '' },
      'failed to build: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    ],
    [
      'CRLF buildx output',
      { exitCode: 1, stderr: BUILDX_PROGRESS.replace(/\n/g, '\r\n'), stdout: '' },
      'failed to build: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    ],
    [
      'docker run pull failure',
      { exitCode: 125, stderr: DOCKER_RUN_PULL_FAILURE, stdout: '' },
      'docker: Error response from daemon: manifest for tonistiigi/binfmt:nope not found: manifest unknown: manifest unknown',
    ],
    [
      'docker: Error: prefix',
      { exitCode: 125, stderr: "docker: Error: unknown flag: --bogus\n\nRun 'docker run --help' for more information\n", stdout: '' },
      'unknown flag: --bogus',
    ],
    ['a last line without "error"', { exitCode: 1, stderr: 'no builder "bx1" found\n', stdout: '' }, 'no builder "bx1" found'],
    ['dashes only lines skipped', { exitCode: 1, stderr: 'something went wrong\n------\n', stdout: '' }, 'something went wrong'],
    ['empty stderr', { exitCode: 125, stderr: '', stdout: '' }, 'exit code 125'],
    ['blank stderr', { exitCode: 1, stderr: '\n  \n', stdout: '' }, 'exit code 1'],
    [
      'stderr explains, stdout holds JSON',
      { exitCode: 1, stderr: 'denied: requested access to the resource is denied\n', stdout: '{\n  "supported": []\n}\n' },
      'denied: requested access to the resource is denied',
    ],
    [
      "an error that goes on in the lines below it (git's own stderr)",
      { exitCode: 1, stderr: BUILDX_GIT_FAILURE, stdout: '' },
      "failed to build: failed to solve: failed to read dockerfile: failed to load cache key: error fetching default branch for repository http://127.0.0.1:37881/app.git: git stderr: fatal: could not read Username for 'http://127.0.0.1:37881': terminal prompts disabled: exit status 128",
    ],
    [
      'only stdout said something',
      { exitCode: 2, stderr: '', stdout: 'installing: arm64 cannot register: permission denied\n' },
      'installing: arm64 cannot register: permission denied',
    ],
  ])('%s', (_, result, reason) => {
    expect(failureReason(result)).toBe(reason);
  });

  test.each<[string, string]>([
    [
      'stderr-build-run-fails-arm64.txt',
      'failed to build: failed to solve: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1',
    ],
    [
      'stderr-push-no-auth.txt',
      'failed to build: failed to solve: failed to push 127.0.0.1:5000/fixtures/scratch:1: unexpected status from HEAD request to http://127.0.0.1:5000/v2/fixtures/scratch/blobs/sha256:b819f243dbada89da5d21813cfa0a728cca44b883cfee2bae0a596c2b1c3e1d2: 401 Unauthorized',
    ],
    ['stderr-docker-driver-classic-push-no-auth.txt', 'failed to build: no basic auth credentials'],
    ['stderr-docker-driver-classic-multiplatform.txt', 'failed to build: Multi-platform build is not supported for the docker driver.'],
    [
      'stderr-login-wrong-password.txt',
      'Error response from daemon: login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized',
    ],
    [
      'stderr-login-connection-refused.txt',
      'Error response from daemon: Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
    ],
  ])('captured %s', (name, reason) => {
    expect(failureReason({ exitCode: 1, stderr: fixture(name), stdout: '' })).toBe(reason);
  });
});

// The real seam (@actions/exec underneath), on real processes.
describe('createExec', () => {
  const exec = createExec();

  test('exit code, stdout and stderr of the command, never a shell', async () => {
    await expect(exec('sh', ['-c', 'echo out; echo err >&2; exit 3'], { silent: true })).resolves.toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    await expect(exec('echo', ['$HOME', '; true'], { silent: true })).resolves.toEqual({
      exitCode: 0,
      stdout: '$HOME ; true\n',
      stderr: '',
    });
  });

  test('a secret reaches the command on stdin only', async () => {
    await expect(exec('cat', [], { input: 'pw-on-stdin', silent: true })).resolves.toMatchObject({ stdout: 'pw-on-stdin' });
  });

  test('a command that is not installed: exit code 127 and a reason', async () => {
    await expect(exec('no-such-command-here', ['x'], { silent: true })).resolves.toEqual({
      exitCode: 127,
      stdout: '',
      stderr: 'no-such-command-here: command not found\n',
    });
  });

  test('a huge log keeps only its last part, while every line is seen as it comes', async () => {
    let lines = 0;
    let last = '';
    // 12 MiB of output, three times OUTPUT_LIMIT
    const result = await exec('sh', ['-c', `yes 'step ${'x'.repeat(1018)}' | head -n 12288; echo the-end`], {
      silent: true,
      onLine: (line) => {
        lines += 1;
        last = line;
      },
    });
    expect({
      lines,
      last,
      kept: result.stdout.length <= OUTPUT_LIMIT,
      end: result.stdout.endsWith('step ' + 'x'.repeat(1018) + '\nthe-end\n'),
    }).toEqual({
      lines: 12289,
      last: 'the-end',
      kept: true,
      end: true,
    });
  });

  test('cancellation stops the running command at once (@actions/exec cannot: it keeps its child process)', async () => {
    const started = Date.now();
    const running = exec('sleep', ['30'], { silent: true });
    let stopped: number[] = [];
    for (let i = 0; i < 50 && stopped.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stopped = signalChildren('SIGTERM');
    }
    const result = await running;
    expect({ stopped: stopped.length, exitCode: result.exitCode, quick: Date.now() - started < 5000 }).toEqual({
      stopped: 1,
      exitCode: 128,
      quick: true,
    });
  });
});

describe('BoundedText', () => {
  test.each<[string, string[], number, string]>([
    ['under the limit: everything', ['ab', 'cd'], 10, 'abcd'],
    ['over the limit: the last characters', ['abcdef', 'ghij', 'kl'], 5, 'hijkl'],
    ['one chunk larger than the limit', ['0123456789abcdef'], 4, 'cdef'],
  ])('%s', (_, chunks, limit, kept) => {
    const text = new BoundedText(limit);
    for (const chunk of chunks) text.append(chunk);
    expect(text.toString()).toBe(kept);
  });
});
