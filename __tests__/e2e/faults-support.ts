// What the fault-injection suites share (faults.registry.test.ts, faults.test.ts): the inputs of each driver, a run
// with a build secret the leak check looks for, and what every scenario must leave behind.
import { type ActionRun, actionTempDirs, docker, nonce, stack, Workspace } from './harness.js';

export const s = stack();
export const TIMEOUT = 300_000;
export const PLATFORMS = 'linux/amd64,linux/arm64';
// passed to every run, and delivered to one build for real: it must never show up in what the runner keeps
export const SECRET = `bxm-secret-${nonce()}-value`;
export const WRONG_PASSWORD = `wrong-${nonce()}`;

export type Driver = 'docker' | 'docker-container';

/** The inputs that select a driver; a created builder reaches the loopback `registries` over plain HTTP. */
export function driverInputs(driver: Driver, ...registries: string[]): Record<string, string> {
  if (driver === 'docker') return { driver: 'docker' };
  return {
    'driver-opts': 'network=host',
    'buildkitd-config-inline': registries.map((r) => `[registry."${r}"]\n  http = true\n`).join(''),
  };
}

// @actions/exec logs each command as "[command]" and its resolved path: "[command]/usr/bin/docker buildx build …"
export const commandsOf = (run: ActionRun, prefix: string): string[] =>
  run.main.stdout
    .split('\n')
    .filter((line) => line.startsWith('[command]') && line.replace(/^\[command\](?:\S*\/)?/, '').startsWith(prefix));

/** Runs the action in `ws` with a build secret (the leak check after this file looks for it). */
export function runAction(
  ws: Workspace,
  inputs: Record<string, string>,
  options: Parameters<Workspace['run']>[1] = {},
): Promise<ActionRun> {
  return ws.run({ secrets: `mysecret=${SECRET}`, ...inputs }, options);
}

/** A registry that is not there fails the step within seconds (no retry of connection refused), and post cleans up. */
export function expectFailedFastAndCleanedUp(ws: Workspace, run: ActionRun): void {
  expectCleanedUp(ws, run);
  expect({ main: run.main.code, fast: run.main.ms < 30_000 }).toEqual({ main: 1, fast: true });
}

/** What every scenario must leave: no credentials, no builder of ours (nor its container), no temp dir of the action. */
export function expectCleanedUp(ws: Workspace, run: ActionRun): void {
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

export async function withWorkspace(label: string, body: (ws: Workspace) => Promise<void>): Promise<void> {
  const ws = new Workspace(label);
  try {
    await body(ws);
  } finally {
    ws.remove();
  }
}
