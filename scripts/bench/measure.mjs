// How the bench times a process, and the few statistics it reports.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

// The node that runs every step, the action's and the empty action's alike: the runner's (ACTION_NODE, e.g. the
// Node 24 that action.yml declares), so both sides pay the same start-up
export { ACTION_NODE as NODE } from '../runner.mjs';

let timeFiles = 0;

/**
 * Runs argv under bash's `time`: wall (%R) and user+sys (%U %S) of the process and of every descendant it waited
 * for (node, and the docker CLI and buildx plugin processes under it). bash's own start-up is outside the figure.
 * The timing goes to a file, so the process's stderr reaches the caller untouched.
 * @returns {Promise<{argv: string[], code: number|null, stdout: string, stderr: string, wall: number, cpu: number,
 *   start: number, end: number}>} times in ms; start and end are epoch ms of the spawn and the exit
 */
export function timed(argv, { env, cwd, input }) {
  const timeFile = path.join(cwd, `.time-${++timeFiles}`);
  const script = 'TIMEFORMAT="%3R %3U %3S"; f=$1; shift; { time "$@" 2>&3 3>&-; } 3>&2 2>"$f"';
  return new Promise((resolve, reject) => {
    const start = performance.timeOrigin + performance.now();
    const child = spawn('/bin/bash', ['-c', script, 'bash', timeFile, ...argv], {
      env,
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      const end = performance.timeOrigin + performance.now();
      const [wall, user, sys] = readTimes(timeFile);
      resolve({ argv, code, stdout, stderr, wall, cpu: user + sys, start, end });
    });
  });
}

function readTimes(timeFile) {
  try {
    const match = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(fs.readFileSync(timeFile, 'utf8'));
    fs.rmSync(timeFile, { force: true });
    // no match leaves NaN, and the caller fails the run
    return match ? match.slice(1).map((value) => Number(value) * 1000) : [NaN, NaN, NaN];
  } catch {
    return [NaN, NaN, NaN];
  }
}

/** Whether a timed process exited 0 and was timed. */
export function succeeded(run) {
  return run.code === 0 && Number.isFinite(run.wall);
}

/** ms from spawn to exit, for processes too short for bash's millisecond resolution to tell apart. */
export function spawnToExit(argv, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs a command to completion for a fact or a clean-up, not for timing. */
export function sh(command, args, env = process.env) {
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: (result.stdout ?? '').trim(), stderr: (result.stderr ?? '').trim() };
}

export function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function ms(value) {
  return Number.isFinite(value) ? `${Math.round(value)}` : 'n/a';
}

export function range(values) {
  const finite = values.filter(Number.isFinite);
  return finite.length ? `${Math.round(Math.min(...finite))}–${Math.round(Math.max(...finite))}` : 'n/a';
}
