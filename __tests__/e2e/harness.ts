// The end-to-end tests' view of the real stack: a workspace per test (its own Docker config, so credentials and
// builders are checked where the action left them), the registry read over its HTTP API, and binfmt_misc.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ACTION_NODE, type ActionRun, runAction } from '../../scripts/runner.mjs';
import { readStackEnv } from '../../scripts/stack-env.mjs';
import { ACCEPT_ANY_MANIFEST } from '../../src/image/oci.js';
import { keepForLeakCheck, secretsOf } from './leaks.js';

export { type ActionRun, ROOT } from '../../scripts/runner.mjs';
export { freePort } from './distribution.js';

export interface Stack {
  registry: string;
  username: string;
  password: string;
  baseImage: string;
}

/** The stack scripts/stack.sh brought up. */
export function stack(): Stack {
  return readStackEnv();
}

/** A workspace for one test: its own DOCKER_CONFIG (credentials, buildx builders) and runner files. */
export class Workspace {
  readonly dir: string;
  readonly dockerConfig: string;

  constructor(readonly label: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${label}-`));
    this.dockerConfig = path.join(this.dir, 'docker-config');
    fs.mkdirSync(this.dockerConfig);
  }

  write(relative: string, content: string): string {
    const file = path.join(this.dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  /** Runs main, then post with what main saved, as the runner does, with this workspace's Docker config. */
  async run(
    inputs: Record<string, string>,
    options: { onMainStart?: (pid: number) => void; beforePost?: () => void; env?: Record<string, string> } = {},
  ): Promise<ActionRun> {
    const run = await runAction({
      inputs,
      dir: this.dir,
      env: { DOCKER_CONFIG: this.dockerConfig, ...options.env },
      onMainStart: options.onMainStart,
      beforePost: options.beforePost,
    });
    expectActionNode(run);
    keepForLeakCheck(this.label, run, secretsOf(inputs, options.env));
    return run;
  }

  /** The credentials left in this workspace's Docker config. */
  auths(): string[] {
    const file = path.join(this.dockerConfig, 'config.json');
    if (!fs.existsSync(file)) return [];
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { auths?: Record<string, unknown> };
    return Object.keys(config.auths ?? {});
  }

  /** Builders buildx knows in this workspace's Docker config. */
  builders(): string[] {
    // JSON Lines, one builder a line (the table format lists nodes too)
    return docker(['buildx', 'ls', '--format', 'json'], { DOCKER_CONFIG: this.dockerConfig })
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { Name: string }).Name);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * scripts/test.sh runs these tests once per node the action must work on, naming the major version in
 * ACTION_NODE_MAJOR: every run proves, from the processes themselves, that main and post ran on that node.
 */
function expectActionNode(run: ActionRun): void {
  const major = process.env.ACTION_NODE_MAJOR;
  if (!major) return;
  for (const [step, { node }] of Object.entries({ main: run.main, post: run.post })) {
    if (!node.startsWith(`v${major}.`))
      throw new Error(`the action's ${step} step ran on node ${node}, not on node ${major} (ACTION_NODE=${ACTION_NODE})`);
  }
}

export function docker(args: string[], env: Record<string, string> = {}, input?: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('docker', args, { env: { ...process.env, ...env }, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A file of a linux/amd64 image, read by running it with the credentials of `dockerConfig`. */
export function fileInImage(image: string, file: string, dockerConfig: string): string {
  const ran = docker(['run', '--rm', '--quiet', '--platform', 'linux/amd64', image, 'cat', file], { DOCKER_CONFIG: dockerConfig });
  if (ran.code !== 0) throw new Error(`cat ${file} in ${image}: ${ran.stderr}`);
  return ran.stdout;
}

export function nonce(): string {
  return crypto.randomBytes(5).toString('hex');
}

/** What most e2e files start from: the stack, a workspace named after the file, and a repository no other run uses. */
export function e2eFile(label: string): { s: Stack; ws: Workspace; repository: string } {
  return { s: stack(), ws: new Workspace(label), repository: `e2e/${label}-${nonce()}` };
}

/** The value of an Authorization header for Basic auth. */
export const basicAuth = (username: string, password: string): string =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** Reads a manifest straight from the registry's HTTP API: the registry's word, not the action's. */
export async function registryManifest(
  s: Stack,
  repository: string,
  reference: string,
): Promise<{ status: number; digest: string; body: string }> {
  const response = await fetch(`http://${s.registry}/v2/${repository}/manifests/${reference}`, {
    headers: { Accept: ACCEPT_ANY_MANIFEST, Authorization: basicAuth(s.username, s.password) },
  });
  return { status: response.status, digest: response.headers.get('docker-content-digest') ?? '', body: await response.text() };
}

export async function registryBlob(s: Stack, repository: string, digest: string): Promise<string> {
  const response = await fetch(`http://${s.registry}/v2/${repository}/blobs/${digest}`, {
    headers: { Authorization: basicAuth(s.username, s.password) },
  });
  if (!response.ok) throw new Error(`blob ${digest}: HTTP ${response.status}`);
  return response.text();
}

/** `{platform: digest}` of the image entries of an index as the registry holds it (attestations left out). */
export function indexPlatforms(body: string): Record<string, string> {
  const index = JSON.parse(body) as {
    manifests: {
      digest: string;
      platform?: { os: string; architecture: string; variant?: string };
      annotations?: Record<string, string>;
    }[];
  };
  const entries: Record<string, string> = {};
  for (const entry of index.manifests) {
    if (!entry.platform || entry.platform.os === 'unknown') continue;
    const { os: o, architecture, variant } = entry.platform;
    entries[[o, architecture, architecture === 'arm64' ? undefined : variant].filter(Boolean).join('/')] = entry.digest;
  }
  return entries;
}

/** Removes the QEMU emulators for these binfmt_misc entries, so the action has to register them itself. */
export function unregisterEmulators(entries: string[]): void {
  for (const entry of entries) {
    const file = `/proc/sys/fs/binfmt_misc/${entry}`;
    if (fs.existsSync(file)) fs.writeFileSync(file, '-1');
  }
}

export function registeredEmulators(): string[] {
  try {
    return fs.readdirSync('/proc/sys/fs/binfmt_misc').filter((name) => name.startsWith('qemu-'));
  } catch {
    return [];
  }
}

/** The action's temporary directories (buildx-multiarch-*) left in the RUNNER_TEMP of any run in `dir`. */
export function actionTempDirs(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('run-'))
    .flatMap((run) =>
      fs
        .readdirSync(path.join(dir, run))
        .filter((name) => name.startsWith('buildx-multiarch-'))
        .map((name) => path.join(dir, run, name)),
    );
}

/** The pids of the host's processes whose command line contains `text` (containers' processes included). */
export function processesWith(text: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(text)) pids.push(Number(name));
    } catch {
      // the process ended while we read the list
    }
  }
  return pids;
}

/** Registers the host's qemu-user-static emulators for these binfmt_misc entries (what a native node would not need). */
export function registerEmulators(entries: string[]): void {
  for (const entry of entries) {
    if (fs.existsSync(`/proc/sys/fs/binfmt_misc/${entry}`)) continue;
    const line = fs
      .readFileSync(`/usr/lib/binfmt.d/${entry}.conf`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`:${entry}:`));
    if (line) fs.writeFileSync('/proc/sys/fs/binfmt_misc/register', line);
  }
}

/**
 * The error annotations a step printed, as `::error::message` whatever their properties (a failed Dockerfile
 * instruction's error carries its file and line: `::error file=Dockerfile,line=2::…`).
 */
export function errorLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^::error(?: [^:]*)?::/.test(line))
    .map((line) => line.replace(/^::error(?: [^:]*)?::/, '::error::'));
}

/** The error annotations main printed, as `::error::message` (errorLines): what a step that passed must not have. */
export function errorsOf(run: ActionRun): string[] {
  return errorLines(run.main.stdout);
}

/** How a run ended: both steps' exit codes and main's error annotations; OK is a run that passed. */
export const ok = (run: ActionRun): { main: number | null; post: number | null; errors: string[] } => ({
  main: run.main.code,
  post: run.post.code,
  errors: errorsOf(run),
});
export const OK = { main: 0, post: 0, errors: [] };

/** The messages of every error annotation main and post printed, without the `::error::`: what a fault test reads. */
export function errorMessages(run: ActionRun): string[] {
  return errorLines(run.everything).map((line) => line.slice('::error::'.length));
}
