// Runs the bundled action as the GitHub runner does: action.yml's defaults and the given inputs as INPUT_*
// variables, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files, main, then post with the saved state as
// STATE_*. Shared by the end-to-end tests, the demo and the benchmark.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse as parseYaml } from 'yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, 'dist', 'index.js');
// The node that runs the action may differ from the one running the caller: the tests run under jest on Node 20
// while action.yml declares node24, so scripts/test.sh runs the end-to-end tests once with each.
export const ACTION_NODE = process.env.ACTION_NODE || process.execPath;

/** The binary a process runs, as the kernel sees it. */
function executableOf(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

const versions = new Map();
/** `v24.1.0`: asked once per binary, after the step's time was taken (the benchmark times these steps). */
function nodeVersion(binary) {
  if (!binary) return 'unknown';
  if (!versions.has(binary)) versions.set(binary, spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'unknown');
  return versions.get(binary);
}

export function actionDefaults() {
  const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const defaults = {};
  for (const [name, input] of Object.entries(action.inputs))
    if (input.default !== undefined) defaults[name] = evaluate(name, String(input.default));
  return defaults;
}

/**
 * A default as the runner hands it over: `${{ github.token }}` is the job's token (here GITHUB_TOKEN, else none).
 * No other expression is used in action.yml; one added must be evaluated here rather than passed on as text.
 */
function evaluate(name, value) {
  const evaluated = value.replace(/\$\{\{\s*github\.token\s*\}\}/g, process.env.GITHUB_TOKEN ?? '');
  if (evaluated.includes('${{'))
    throw new Error(`action.yml: the default of ${name} holds an expression the local runner does not evaluate: ${value}`);
  return evaluated;
}

/** Parses the runner's command-file format (`name<<delimiter` … `delimiter`, or `name=value`). */
export function parseCommandFile(text) {
  const values = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      values[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
    }
  }
  return values;
}

// The runner consumes ::add-mask:: commands and never shows them, so neither the echo nor `everything` carries them.
const isMask = (line) => line.startsWith('::add-mask::');

/** A writer to `stream` that drops mask commands; whole lines only, since a chunk can end inside one. */
function echoTo(stream) {
  let pending = '';
  const write = (text) => {
    const lines = (pending + text).split(/(?<=\n)/);
    pending = lines.at(-1).endsWith('\n') ? '' : lines.pop();
    const shown = lines.filter((line) => !isMask(line)).join('');
    if (shown) stream.write(shown);
  };
  return { write, end: () => write('\n'.repeat(pending ? 1 : 0)) };
}

function runStep(env, cwd, echo, onStart) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(ACTION_NODE, [BUNDLE], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    // spawn returns once the child has exec'd, so /proc names the binary that really runs the bundle
    const binary = child.pid ? executableOf(child.pid) : undefined;
    const out = echoTo(process.stdout);
    const err = echoTo(process.stderr);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (echo) out.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (echo) err.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (echo) [out, err].forEach((writer) => writer.end());
      resolve({ code, signal, stdout, stderr, ms, node: nodeVersion(binary) });
    });
    if (onStart && child.pid) onStart(child.pid);
  });
}

/**
 * The runner's environment for one run of an action in runDir: action.yml's defaults and the inputs as INPUT_*
 * variables, and empty GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files. Exported for the benchmark,
 * which spawns the steps itself to time them with their children.
 * @param {{ inputs: Record<string,string>, runDir: string, env?: Record<string,string> }} options
 */
export function actionEnv({ inputs, runDir, env: extraEnv = {} }) {
  const files = { output: path.join(runDir, 'output'), state: path.join(runDir, 'state'), summary: path.join(runDir, 'summary') };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  const env = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: process.env.HOME ?? '/root',
    RUNNER_TEMP: runDir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs }))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { env, files };
}

/** Post's environment: main's, plus the state main saved, as STATE_* variables. */
export function postEnv(env, files) {
  const state = parseCommandFile(fs.readFileSync(files.state, 'utf8'));
  const withState = { ...env };
  for (const [key, value] of Object.entries(state)) withState[`STATE_${key}`] = value;
  return { env: withState, state };
}

/**
 * @param {{ inputs: Record<string,string>, dir: string, env?: Record<string,string>, echo?: boolean,
 *           onMainStart?: (pid: number) => void, beforePost?: () => void }} options
 */
export async function runAction({ inputs, dir, env: extraEnv = {}, echo = false, onMainStart, beforePost }) {
  fs.mkdirSync(dir, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(dir, 'run-'));
  const { env, files } = actionEnv({ inputs, runDir, env: extraEnv });
  const main = await runStep(env, dir, echo, onMainStart);
  const { env: envWithState, state } = postEnv(env, files);
  // what happens on the runner between the two steps (the job's later steps), for a test to stage
  beforePost?.();
  const post = await runStep(envWithState, dir, echo);
  const outputs = parseCommandFile(fs.readFileSync(files.output, 'utf8'));
  const summary = fs.readFileSync(files.summary, 'utf8');
  const everything = [main.stdout, main.stderr, post.stdout, post.stderr, JSON.stringify(outputs), summary, JSON.stringify(state)]
    .join('\n')
    .split('\n')
    .filter((line) => !isMask(line))
    .join('\n');
  return { main, post, outputs, state, summary, everything };
}
