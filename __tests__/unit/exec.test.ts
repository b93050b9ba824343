import { describe, expect, test } from '@jest/globals';
import { failureReason } from '../../src/exec.js';
import { fixture } from './support.js';

const BUILDX_PROGRESS = `#0 building with "buildx-multiarch-1a2b3c4d" instance using docker-container driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 93B done
#1 DONE 0.0s

#5 [linux/arm64 2/2] RUN false
#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1
------
 > [linux/arm64 2/2] RUN false:
------
Dockerfile:2
--------------------
   1 |     FROM alpine:3.20
   2 | >>> RUN false
--------------------
ERROR: failed to build: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1
`;

const DOCKER_RUN_PULL_FAILURE = `Unable to find image 'tonistiigi/binfmt:nope' locally
docker: Error response from daemon: manifest for tonistiigi/binfmt:nope not found: manifest unknown: manifest unknown

Run 'docker run --help' for more information
`;

describe('failureReason', () => {
  test.each<[string, { exitCode: number; stderr: string; stdout: string }, string]>([
    ['buildx progress then the error', { exitCode: 1, stderr: BUILDX_PROGRESS, stdout: '' }, 'failed to build: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'],
    ['CRLF buildx output', { exitCode: 1, stderr: BUILDX_PROGRESS.replace(/\n/g, '\r\n'), stdout: '' }, 'failed to build: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'],
    ['docker run pull failure', { exitCode: 125, stderr: DOCKER_RUN_PULL_FAILURE, stdout: '' }, 'docker: Error response from daemon: manifest for tonistiigi/binfmt:nope not found: manifest unknown: manifest unknown'],
    ['docker: Error: prefix', { exitCode: 125, stderr: "docker: Error: unknown flag: --bogus\n\nRun 'docker run --help' for more information\n", stdout: '' }, 'unknown flag: --bogus'],
    ['a last line without "error"', { exitCode: 1, stderr: 'no builder "bx1" found\n', stdout: '' }, 'no builder "bx1" found'],
    ['dashes only lines skipped', { exitCode: 1, stderr: 'something went wrong\n------\n', stdout: '' }, 'something went wrong'],
    ['empty stderr', { exitCode: 125, stderr: '', stdout: '' }, 'exit code 125'],
    ['blank stderr', { exitCode: 1, stderr: '\n  \n', stdout: '' }, 'exit code 1'],
    ['stderr explains, stdout holds JSON', { exitCode: 1, stderr: 'denied: requested access to the resource is denied\n', stdout: '{\n  "supported": []\n}\n' }, 'denied: requested access to the resource is denied'],
    ['only stdout said something', { exitCode: 2, stderr: '', stdout: 'installing: arm64 cannot register: permission denied\n' }, 'installing: arm64 cannot register: permission denied'],
  ])('%s', (_, result, reason) => {
    expect(failureReason(result)).toBe(reason);
  });

  test.each<[string, string]>([
    ['stderr-build-run-fails-arm64.txt', 'failed to build: failed to solve: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1'],
    ['stderr-push-no-auth.txt', 'failed to build: failed to solve: failed to push 127.0.0.1:5000/fixtures/scratch:1: unexpected status from HEAD request to http://127.0.0.1:5000/v2/fixtures/scratch/blobs/sha256:b819f243dbada89da5d21813cfa0a728cca44b883cfee2bae0a596c2b1c3e1d2: 401 Unauthorized'],
    ['stderr-docker-driver-classic-push-no-auth.txt', 'failed to build: no basic auth credentials'],
    ['stderr-docker-driver-classic-multiplatform.txt', 'failed to build: Multi-platform build is not supported for the docker driver.'],
    ['stderr-login-wrong-password.txt', 'Error response from daemon: login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized'],
    ['stderr-login-connection-refused.txt', 'Error response from daemon: Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused'],
  ])('captured %s', (name, reason) => {
    expect(failureReason({ exitCode: 1, stderr: fixture(name), stdout: '' })).toBe(reason);
  });
});
