import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, expect } from '@jest/globals';
import { parse as parseYaml } from 'yaml';

import { type Config, type FileSystemFacts, parseConfig, type ParseContext, type RawInputs } from '../../src/config/index.js';
import type { BuilderNode } from '../../src/config/nodes.js';
import { InputError } from '../../src/core/errors.js';
import type { Exec } from '../../src/core/exec.js';
import type { RetryPolicy } from '../../src/core/retry.js';
import { type Mode, runPhases } from '../../src/modes/mode.js';
import type { StepResult } from '../../src/report/result.js';
import type { StepContext } from '../../src/setup/index.js';
import type { Answer } from './fake-exec.js';

/** A workspace with a context ".", a context "app" and an empty directory "empty". */
export const fakeFiles: FileSystemFacts = {
  isDirectory: (p) => ['.', 'app', 'empty'].includes(p),
  isFile: (p) => ['Dockerfile', 'app/Dockerfile', 'docker/Dockerfile.prod', 'buildkitd.toml'].includes(p),
};

/** A Config as the action parses it, from the inputs a row gives, in the fake workspace. */
export function configOf(raw: RawInputs): Config {
  return parseConfig(raw, { files: fakeFiles });
}

/** A Config as main.ts parses it, with the YAML parser it loads for `append` and `registry-auth` (failsafe schema). */
export function yamlConfigOf(raw: RawInputs): Config {
  return parseConfig(raw, { files: fakeFiles, run: {}, parseYaml: (text) => parseYaml(text, { schema: 'failsafe' }) });
}

export const TAG = 'ghcr.io/acme/app:1';
export const THREE = 'linux/amd64,linux/arm64,linux/arm/v7';

// Two BuildKit daemons reached over TCP with TLS, the first pinned to amd64, the second to arm64 and arm/v7.
export const TLS_OPTS = 'cacert=/certs/ca.pem\ncert=/certs/cert.pem\nkey=/certs/key.pem';
export const ARM_NODE = `- name: arm
  endpoint: tcp://10.0.0.2:1234
  platforms: linux/arm64,linux/arm/v7
  driver-opts:
    - cacert=/certs/ca.pem
    - cert=/certs/arm-cert.pem
    - key=/certs/arm-key.pem
`;
export const REMOTE_TWO: RawInputs = {
  tags: TAG,
  driver: 'remote',
  endpoint: 'tcp://10.0.0.1:1234',
  'node-platforms': 'linux/amd64',
  'driver-opts': TLS_OPTS,
  append: ARM_NODE,
  platforms: THREE,
};

/** What a step's phases work with, on an amd64 host with the containerd image store and buildx 0.29.1. */
export function stepContext(config: Config, exec: Exec, tempDir: string): StepContext {
  return { config, docker: { hostPlatform: 'linux/amd64', containerdStore: true }, buildxVersion: '0.29.1', exec, tempDir };
}

/** The error a function throws, or undefined when it returns. */
export function thrown(fn: () => unknown): Error | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** The password the config suites' rows run with, and the secrets their rows give: no error message may hold one. */
export const PASSWORD = 'pw-Zq7$Xk!9-never-print-me';
export const SECRET = 'sk-live-4242-DO-NOT-LEAK';
export const AUTH_PASSWORD = 'ghp_AuthOnly-7f3K9q-never-print';

/** A digest of the right form, for references that pin one. */
export const DIGEST = `sha256:${'a1'.repeat(32)}`;

/** What a tag may hold, as the refusal of a bad one (in tags, cache-ref) says it. */
export const TAG_CHARS = '(letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")';

/** A pushing build's tag, with credentials whose password is distinctive: a row's inputs go over them. */
export const CREDENTIALS: RawInputs = { tags: 'ghcr.io/acme/app:1', username: 'octocat', password: PASSWORD };

/** The fake workspace with no workflow run known (a leg or a merge names its run-id) and a YAML parser for registry-auth. */
export const NO_RUN: ParseContext = { files: fakeFiles, run: {}, parseYaml };

/** A Config of the inputs a row gives over CREDENTIALS. */
export function configWithCredentials(raw: RawInputs, ctx: ParseContext = NO_RUN): Config {
  return parseConfig({ ...CREDENTIALS, ...raw }, ctx);
}

/** The inputs a row gives over CREDENTIALS are refused with exactly `message`: an InputError that shows no password or secret. */
export function expectRefusal(raw: RawInputs, message: string): void {
  const error = thrown(() => configWithCredentials(raw));
  expect(error).toBeInstanceOf(InputError);
  expect(error?.message).toBe(message);
  for (const secret of [PASSWORD, SECRET, AUTH_PASSWORD]) expect(error?.message).not.toContain(secret);
}

/** The error a promise rejects with; one that resolves is an error of its own, so the test's check of the text fails. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: Error) => error,
  );
}

/** The real registry policy's four tries, without the waits. */
export const NO_WAIT: RetryPolicy = { attempts: 4, firstDelayMs: 0, maxDelayMs: 0 };

/** The repository's root: the drift suites read action.yml, the README and the docs from it. */
export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const FIXTURES = path.join(ROOT, '__tests__', 'fixtures');

/** A captured fixture's exact text; a missing fixture fails the test rather than skipping it. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The captured answer of one command of fixtures/capture-commands.sh. */
export function captured(name: string): Answer {
  const code = /^(\S+)=(\d+)$/m;
  const codes = Object.fromEntries(
    fixture('cmd-exit-codes.txt')
      .split('\n')
      .map((line) => code.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], Number(m[2])]),
  );
  return { exitCode: codes[name], stdout: fixture(`cmd-${name}.stdout`), stderr: fixture(`cmd-${name}.stderr`) };
}

/** How buildx ends a build whose `RUN false` failed, after the step's own lines (its error summary). */
export function runFalseFailure(step: string): string {
  return `#5 ${step} RUN false
#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1
------
 > ${step} RUN false:
------
Dockerfile:2
--------------------
   1 |     FROM alpine:3.20
   2 | >>> RUN false
--------------------
ERROR: failed to build: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1
`;
}

/** A temporary directory made before each test of the suite that calls this, and removed after it. */
export function tempDirForEachTest(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir as string;
}

/** A mode's phases as main runs them (modes/mode.ts), each phase's log group left out of the test's output. */
export function runUngrouped<Built, Verified>(mode: Mode<Built, Verified>, config: Config): Promise<StepResult> {
  return runPhases(config, mode, (_name, fn) => fn());
}

/** A node of the builder's inputs, at an endpoint (empty: the local Docker), pinned to `platforms` if any. */
export function builderNode(endpoint: string, platforms: string[] = []): BuilderNode {
  return { name: '', endpoint, platforms, driverOpts: [], buildkitdFlags: '' };
}
