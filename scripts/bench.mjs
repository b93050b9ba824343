// Measures the action's own overhead over the raw docker commands it runs, on the real stack of scripts/stack.sh,
// and writes BENCHMARKS.md at the repository root.
//
//   node scripts/bench.mjs            # BENCH_RUNS=7 by default (timed runs of A and of B, and cold-start samples)
//
// A = dist/index.js run as the runner runs it (INPUT_* variables, runner files, main then post, driver docker).
// B = the minimal raw sequence for the same result: docker login, docker buildx build --push, docker buildx
//     imagetools inspect --raw, docker logout, each its own process.
// Every process is timed by bash's `time` (wall, and user+sys of the whole process tree that was waited for).
// Also: the post step alone, cold start to the first command, bundle size and lazy chunks, the commands spawned,
// the docker-container driver cold and warm, and what QEMU registration costs. Must run as root (binfmt_misc).
import { readStackEnv } from './stack-env.mjs';
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import * as zlib from 'node:zlib';
import { actionDefaults, parseCommandFile, ROOT } from './runner.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? '7');
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`BENCH_RUNS must be a positive integer, got "${process.env.BENCH_RUNS}"`);
  process.exit(2);
}
const SIDE_RUNS = 3; // docker-container cold/warm and QEMU unregistered/registered
const BINFMT = '/proc/sys/fs/binfmt_misc';
const BINFMT_D = '/usr/lib/binfmt.d';
const KEEP_REGISTERED = ['qemu-aarch64', 'qemu-arm'];
const PLATFORMS = 'linux/amd64,linux/arm64';
const WARM_BUILDER = 'bench-warm';
const POST_TARGET_MS = 300;
const RATIO_TARGET = 1.25;
const T0 = Date.now();

const { registry: REGISTRY, username: USERNAME, password: PASSWORD, baseImage: BASE_IMAGE } = readStackEnv();
const REPO = `${REGISTRY}/bench/app`;
const TAG = `${REPO}:latest`;
const CACHE_REF = `${REPO}:buildcache`;
const BUILDKITD_TOML = `[registry."${REGISTRY}"]\n  http = true\n`;

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'buildx-multiarch-bench-'));
const CTX = path.join(WORK, 'ctx');
const DOCKER_CONFIG = path.join(WORK, 'docker-config');
fs.mkdirSync(CTX);
fs.mkdirSync(DOCKER_CONFIG);
fs.writeFileSync(path.join(CTX, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN uname -m > /arch\n`);
// a snapshot of dist/ and of action.yml's defaults: a rebuild during the bench must not mix two bundles
const DIST = path.join(WORK, 'dist');
fs.cpSync(path.join(ROOT, 'dist'), DIST, { recursive: true });
const BUNDLE = path.join(DIST, 'index.js');
const DEFAULTS = actionDefaults();

/** The environment both A and B run in (A adds the runner's files and INPUT_* variables). */
const BASE_ENV = {
  PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: process.env.HOME ?? '/root',
  GITHUB_ACTIONS: 'true',
  DOCKER_CONFIG,
};

class RunFailed extends Error {}

function log(message) {
  console.log(`[${String(Math.round((Date.now() - T0) / 1000)).padStart(4)}s] ${message}`);
}

// ------------------------------------------------------------------------------------------------ measuring

let timeFileSeq = 0;
/**
 * Runs argv under `bash -c 'time …'`: wall (%R) and user+sys (%U %S) of the command and every descendant it
 * waited for. The timing goes to a file so that the command's own stderr stays untouched. Lines of stdout are
 * time-stamped (ms since spawn) for the `::debug::run:` timeline.
 */
function timed(argv, { env, cwd = WORK, input } = {}) {
  const timeFile = path.join(WORK, `time-${++timeFileSeq}`);
  const script = 'TIMEFORMAT="%3R %3U %3S"; f=$1; shift; { time "$@" 2>&3 3>&-; } 3>&2 2>"$f"';
  return new Promise((resolve, reject) => {
    const startEpoch = performance.timeOrigin + performance.now();
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn('/bin/bash', ['-c', script, 'bash', timeFile, ...argv], {
      env,
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const runs = [];
    child.stdout.on('data', (chunk) => {
      const t = since();
      stdout += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) if (line.startsWith('::debug::run: ')) runs.push({ t, cmd: line.slice('::debug::run: '.length).trim() });
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = since();
      let wall = NaN;
      let user = NaN;
      let sys = NaN;
      try {
        const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(fs.readFileSync(timeFile, 'utf8'));
        if (m) [wall, user, sys] = m.slice(1).map((v) => Number(v) * 1000);
        fs.rmSync(timeFile, { force: true });
      } catch {
        // no timing: the wall/cpu stay NaN and the caller fails the run
      }
      resolve({ argv, code, signal, stdout, stderr, ms, wall, user, sys, cpu: user + sys, runs, startEpoch, endEpoch: startEpoch + ms });
    });
  });
}

function failRun(label, steps) {
  for (const [name, step] of Object.entries(steps)) {
    if (!step) continue;
    console.error(`\n---- ${label}: ${name}: ${step.argv.join(' ')}  => exit ${step.code}${step.signal ? ` (${step.signal})` : ''}`);
    // the runner never shows ::add-mask:: commands (they carry the secrets)
    const shown = (text) => text.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    console.error(`---- stdout:\n${shown(step.stdout)}`);
    console.error(`---- stderr:\n${shown(step.stderr)}`);
  }
  throw new RunFailed(`${label} failed`);
}

function ok(step) {
  return step.code === 0 && Number.isFinite(step.wall);
}

/** The action's environment as scripts/runner.mjs builds it (copied: its runAction spawns node itself, so it cannot be timed with its children). */
function actionEnv(runDir, inputs, extraEnv) {
  const files = { output: path.join(runDir, 'output'), state: path.join(runDir, 'state'), summary: path.join(runDir, 'summary') };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  const env = {
    ...BASE_ENV,
    RUNNER_TEMP: runDir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_DEBUG: '1',
    ...extraEnv,
  };
  for (const [name, value] of Object.entries({ ...DEFAULTS, ...inputs })) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { env, files };
}

/** A: main, then post with main's state, as the runner does; each step timed with its children. */
async function actionRun(label, inputs, { extraEnv = {}, prefix, afterMain } = {}) {
  const runDir = fs.mkdtempSync(path.join(WORK, 'run-'));
  const { env, files } = actionEnv(runDir, inputs, extraEnv);
  const main = await timed([...(prefix ? prefix('main') : []), process.execPath, BUNDLE], { env });
  const afterMainValue = afterMain ? afterMain() : undefined;
  const state = parseCommandFile(fs.readFileSync(files.state, 'utf8'));
  const postEnv = { ...env };
  for (const [key, value] of Object.entries(state)) postEnv[`STATE_${key}`] = value;
  const post = await timed([...(prefix ? prefix('post') : []), process.execPath, BUNDLE], { env: postEnv });
  const outputs = parseCommandFile(fs.readFileSync(files.output, 'utf8'));
  fs.rmSync(runDir, { recursive: true, force: true });
  if (!ok(main) || !ok(post) || !/^sha256:[0-9a-f]{64}$/.test(outputs.digest ?? '')) failRun(`A (${label})`, { main, post });
  return {
    main,
    post,
    outputs,
    afterMain: afterMainValue,
    wall: main.wall + post.wall,
    cpu: main.cpu + post.cpu,
    commands: [...main.runs, ...post.runs].map((r) => r.cmd),
    cached: runStepsCached(main.stdout + main.stderr),
  };
}

/** B: the minimal raw sequence, each command its own process. */
async function rawRun(label) {
  const env = { ...BASE_ENV, RUNNER_TEMP: WORK };
  const metadataFile = path.join(WORK, 'b-metadata.json');
  fs.rmSync(metadataFile, { force: true });
  const steps = {};
  steps.login = await timed(['docker', 'login', REGISTRY, '-u', USERNAME, '--password-stdin'], { env, input: PASSWORD });
  if (!ok(steps.login)) failRun(`B (${label})`, steps);
  steps.build = await timed(
    ['docker', 'buildx', 'build', '--builder', 'default', '--platform', PLATFORMS, '--tag', TAG,
      '--cache-from', `type=registry,ref=${CACHE_REF}`, '--cache-to', `type=registry,ref=${CACHE_REF},mode=max,ignore-error=true`,
      '--push', '--metadata-file', metadataFile, CTX],
    { env },
  );
  if (!ok(steps.build)) failRun(`B (${label})`, steps);
  const digest = JSON.parse(fs.readFileSync(metadataFile, 'utf8'))['containerimage.digest'];
  steps.inspect = await timed(['docker', 'buildx', 'imagetools', 'inspect', '--builder', 'default', '--raw', `${REPO}@${digest}`], { env });
  if (!ok(steps.inspect) || !steps.inspect.stdout.includes('"manifests"')) failRun(`B (${label})`, steps);
  steps.logout = await timed(['docker', 'logout', REGISTRY], { env });
  if (!ok(steps.logout)) failRun(`B (${label})`, steps);
  const all = Object.values(steps);
  return { steps, digest, wall: sum(all.map((s) => s.wall)), cpu: sum(all.map((s) => s.cpu)), cached: runStepsCached(steps.build.stderr) };
}

/** Whether every platform's RUN step was served from the cache (buildx's plain progress output). */
function runStepsCached(logText) {
  const vertex = new Map();
  const cached = {};
  for (const line of logText.split('\n')) {
    const start = /^#(\d+) \[(linux\/[a-z0-9/]+) \d+\/\d+\] RUN /.exec(line);
    if (start) {
      vertex.set(start[1], start[2]);
      cached[start[2]] = cached[start[2]] ?? false;
    }
    const hit = /^#(\d+) CACHED$/.exec(line);
    if (hit && vertex.has(hit[1])) cached[vertex.get(hit[1])] = true;
  }
  const values = Object.values(cached);
  return values.length > 0 && values.every(Boolean);
}

/** Spawn time to the first `::debug::run:` line of dist/index.js (the process is killed there), and of `node -e ''` to its exit. */
function startTimes() {
  const runDir = fs.mkdtempSync(path.join(WORK, 'cold-'));
  const { env } = actionEnv(runDir, dockerDriverInputs(), {});
  const firstCommand = () =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      // its own process group: the kill takes the `docker info` it may have started with it
      const child = spawn(process.execPath, [BUNDLE], { env, cwd: WORK, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let out = '';
      let at;
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (at === undefined && out.includes('::debug::run: ')) {
          at = Number(process.hrtime.bigint() - started) / 1e6;
          process.kill(-child.pid, 'SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('close', () => (at === undefined ? reject(new Error(`dist/index.js printed no ::debug::run: line:\n${out}`)) : resolve({ ms: at, first: /::debug::run: (.*)/.exec(out)[1] })));
    });
  const nodeEmpty = () =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn(process.execPath, ['-e', ''], { env: BASE_ENV, stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    });
  return { firstCommand, nodeEmpty, cleanup: () => fs.rmSync(runDir, { recursive: true, force: true }) };
}

// ------------------------------------------------------------------------------------------------ other activity

function processTable() {
  const table = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      table.set(Number(entry), { ppid, argv });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** Command lines of the docker/buildx clients, action runs and jest runs on the machine that are not this bench's. */
function foreignNow() {
  const procs = processTable();
  const mine = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = procs.get(p)?.ppid ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  const foreign = [];
  for (const [pid, { argv }] of procs) {
    const base = path.basename(argv[0] ?? '');
    const line = argv.join(' ');
    if ((base === 'docker' || base === 'docker-buildx' || /dist\/index\.js|\bjest\b/.test(line)) && !mine(pid)) foreign.push(line.slice(0, 120));
  }
  return foreign;
}

/** Another build on the daemon or the registry changes the figures: sampled once a second. */
const activity = { samples: 0, busyTimes: [], seen: new Map(), waitedMs: 0 };

function startActivityMonitor() {
  const timer = setInterval(() => {
    const foreign = foreignNow();
    activity.samples++;
    if (foreign.length) activity.busyTimes.push(performance.timeOrigin + performance.now());
    for (const f of foreign) activity.seen.set(f, (activity.seen.get(f) ?? 0) + 1);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Whether other activity was sampled during [start, end] (or within a second of it). */
function disturbed(start, end) {
  return activity.busyTimes.some((t) => t >= start - 1000 && t <= end + 1000);
}

/** A note on how many of these action runs saw other docker activity. */
function disturbedNote(runs) {
  const n = runs.filter((r) => disturbed(r.main.startEpoch, r.post.endEpoch)).length;
  return n === 0 ? 'No other docker/jest activity was sampled during these runs.' : `Other docker/jest activity was sampled during ${n} of these ${runs.length} runs: their figures are disturbed.`;
}

const QUIET_BUDGET_MS = 180_000;
/** Before a timed pair: waits (2 s steps, at most 3 minutes over the whole bench) while others use docker. */
async function waitQuiet() {
  let announced = false;
  while (activity.waitedMs < QUIET_BUDGET_MS && foreignNow().length > 0) {
    if (!announced) log('other docker/jest activity on the machine: waiting for it to end');
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    activity.waitedMs += 2000;
  }
}

// ------------------------------------------------------------------------------------------------ helpers

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

function fmtMs(ms) {
  return Number.isFinite(ms) ? `${Math.round(ms)}` : 'n/a';
}

function fmtRange(values) {
  const v = values.filter(Number.isFinite);
  return v.length ? `${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))}` : 'n/a';
}

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** `docker buildx build --builder …` -> `docker buildx build`: the command's name without its arguments. */
function commandKey(cmd) {
  const words = cmd.split(' ');
  return words.slice(0, words[1] === 'buildx' ? (words[2] === 'imagetools' ? 4 : 3) : 2).join(' ');
}

/** Per step: ms from spawn to the first command, from each command's spawn to the next spawn (the last: to exit). */
function timeline(step) {
  const phases = [['start → first command', step.runs.length ? step.runs[0].t : step.ms]];
  step.runs.forEach((r, i) => phases.push([commandKey(r.cmd), (i + 1 < step.runs.length ? step.runs[i + 1].t : step.ms) - r.t]));
  return phases;
}

/** Median of each timeline phase over runs (phases matched by position, named by the first run). */
function medianTimeline(steps) {
  const lines = steps.map(timeline);
  return lines[0].map(([name], i) => [name, median(lines.map((l) => (l[i] && l[i][0] === name ? l[i][1] : NaN)))]);
}

function duplicates(commands) {
  const seen = new Set();
  const dup = new Set();
  for (const c of commands) (seen.has(c) ? dup : seen).add(c);
  return [...dup];
}

function sh(command, args, env = { ...process.env, DOCKER_CONFIG }) {
  const r = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: (r.stdout ?? '').trim(), stderr: (r.stderr ?? '').trim() };
}

function dockerDriverInputs() {
  return { driver: 'docker', registry: REGISTRY, username: USERNAME, password: PASSWORD, platforms: PLATFORMS, tags: TAG, context: CTX };
}

// ------------------------------------------------------------------------------------------------ binfmt_misc

function registered() {
  return fs.readdirSync(BINFMT).filter((n) => n.startsWith('qemu-')).sort();
}

function unregister(name) {
  if (fs.existsSync(path.join(BINFMT, name))) fs.writeFileSync(path.join(BINFMT, name), '-1');
}

function confLine(name) {
  return fs
    .readFileSync(path.join(BINFMT_D, `${name}.conf`), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`:${name}:`));
}

function register(name) {
  if (!fs.existsSync(path.join(BINFMT, name))) fs.writeFileSync(path.join(BINFMT, 'register'), confLine(name));
}

function restoreBinfmt() {
  for (const name of KEEP_REGISTERED) {
    try {
      register(name);
    } catch (error) {
      console.error(`could not register ${name}: ${error.message}`);
    }
  }
}

// ------------------------------------------------------------------------------------------------ docker wrapper

let wrapSeq = 0;
/**
 * A run of A with a `docker` wrapper first on PATH: it times each docker command the action spawns (bash `time`:
 * wall, user+sys of the command's tree) and logs its start and end. Not used for the A/B figures (bash adds a few ms).
 */
async function wrappedRun(label, inputs, options = {}) {
  const wrapDir = path.join(WORK, 'wrap');
  const wrapLog = path.join(WORK, `wrap-${++wrapSeq}.log`);
  if (!fs.existsSync(wrapDir)) {
    fs.mkdirSync(wrapDir);
    const realDocker = sh('sh', ['-c', 'command -v docker']).stdout;
    fs.writeFileSync(
      path.join(wrapDir, 'docker'),
      [
        '#!/bin/bash',
        's=$EPOCHREALTIME',
        'TIMEFORMAT="%3R %3U %3S"',
        `{ time ${realDocker} "$@" 2>&3 3>&-; } 3>&2 2>"$BENCH_WRAP_LOG.$$"`,
        'rc=$?',
        'printf \'%s %s %s %s %s\\n\' "$s" "$EPOCHREALTIME" "$rc" "$(<"$BENCH_WRAP_LOG.$$")" "$*" >> "$BENCH_WRAP_LOG"',
        'rm -f "$BENCH_WRAP_LOG.$$"',
        'exit $rc',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  }
  const run = await actionRun(label, inputs, { ...options, extraEnv: { PATH: `${wrapDir}:${BASE_ENV.PATH}`, BENCH_WRAP_LOG: wrapLog } });
  const commands = fs.existsSync(wrapLog)
    ? fs
        .readFileSync(wrapLog, 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const [s, e, rc, wall, user, sys, ...cmd] = l.split(' ');
          return {
            start: Number(s) * 1000,
            end: Number(e) * 1000,
            rc: Number(rc),
            wall: Number(wall) * 1000,
            cpu: (Number(user) + Number(sys)) * 1000,
            cmd: cmd.join(' '),
            key: commandKey(`docker ${cmd.join(' ')}`),
          };
        })
    : [];
  return { run, commands, gaps: { main: nodeGaps(run.main, commands), post: nodeGaps(run.post, commands) } };
}

/** A step's time outside its docker commands: before the first, between them (none running), after the last. */
function nodeGaps(step, commands) {
  const mine = commands.filter((c) => c.start >= step.startEpoch && c.start <= step.endEpoch).sort((x, y) => x.start - y.start);
  if (mine.length === 0) return { before: step.ms, between: 0, after: 0 };
  let between = 0;
  let busyUntil = mine[0].end;
  for (const c of mine.slice(1)) {
    if (c.start > busyUntil) between += c.start - busyUntil;
    busyUntil = Math.max(busyUntil, c.end);
  }
  return { before: mine[0].start - step.startEpoch, between, after: step.endEpoch - busyUntil };
}

// ------------------------------------------------------------------------------------------------ the bench

const results = {};

async function abRuns() {
  const inputs = dockerDriverInputs();
  log('warm-up: A (under strace, for the chunk check) and B');
  const strace = sh('sh', ['-c', 'command -v strace']).stdout;
  const traceFile = (step) => path.join(WORK, `strace-${step}.txt`);
  const warmA = await actionRun('warm-up', inputs, { prefix: strace ? (step) => [strace, '-f', '-qq', '--seccomp-bpf', '-e', 'trace=openat', '-o', traceFile(step)] : undefined });
  results.trace = {};
  for (const step of ['main', 'post']) if (strace && fs.existsSync(traceFile(step))) results.trace[step] = fs.readFileSync(traceFile(step), 'utf8');
  await rawRun('warm-up');
  const a = [];
  const b = [];
  for (let i = 1; i <= RUNS; i++) {
    await waitQuiet();
    a.push(await actionRun(`run ${i}`, inputs));
    b.push(await rawRun(`run ${i}`));
    log(`run ${i}/${RUNS}: A ${fmtMs(a.at(-1).wall)} ms (main ${fmtMs(a.at(-1).main.wall)}, post ${fmtMs(a.at(-1).post.wall)}), B ${fmtMs(b.at(-1).wall)} ms`);
  }
  for (const r of a) r.disturbed = disturbed(r.main.startEpoch, r.post.endEpoch);
  for (const r of b) r.disturbed = disturbed(r.steps.login.startEpoch, r.steps.logout.endEpoch);
  results.a = a;
  results.b = b;
  log(`${SIDE_RUNS} more runs of A with a timing wrapper around each docker command`);
  results.wrapped = [];
  for (let i = 1; i <= SIDE_RUNS; i++) results.wrapped.push(await wrappedRun(`per-command ${i}`, inputs));
  results.warmA = warmA;
}

async function coldStartRuns() {
  log(`cold start: ${RUNS} × (node -e '' , dist/index.js to its first command)`);
  const s = startTimes();
  const node = [];
  const first = [];
  let firstCommand = '';
  try {
    for (let i = 0; i < RUNS; i++) {
      await waitQuiet();
      node.push(await s.nodeEmpty());
      const f = await s.firstCommand();
      first.push(f.ms);
      firstCommand = f.first;
    }
  } finally {
    s.cleanup();
  }
  // what one node process costs on its own, for the CPU figures
  const nodeCpu = [];
  for (let i = 0; i < RUNS; i++) nodeCpu.push((await timed([process.execPath, '-e', ''], { env: BASE_ENV })).cpu);
  results.cold = { node, first, firstCommand, nodeCpu };
}

async function containerDriverRuns() {
  const common = { registry: REGISTRY, username: USERNAME, password: PASSWORD, platforms: PLATFORMS, tags: TAG, context: CTX };
  const cold = [];
  for (let i = 1; i <= SIDE_RUNS; i++) {
    await waitQuiet();
    cold.push(await actionRun(`docker-container cold ${i}`, { ...common, driver: 'docker-container', 'driver-opts': 'network=host', 'buildkitd-config-inline': BUILDKITD_TOML }));
    log(`docker-container cold ${i}/${SIDE_RUNS}: main ${fmtMs(cold.at(-1).main.wall)} ms, post ${fmtMs(cold.at(-1).post.wall)} ms`);
  }
  // a leftover of an interrupted bench would hold the name
  sh('docker', ['rm', '--force', '--volumes', `buildx_buildkit_${WARM_BUILDER}0`]);
  sh('docker', ['volume', 'rm', '--force', `buildx_buildkit_${WARM_BUILDER}0_state`]);
  const tomlFile = path.join(WORK, 'buildkitd.toml');
  fs.writeFileSync(tomlFile, BUILDKITD_TOML);
  const t = process.hrtime.bigint();
  for (const args of [
    ['buildx', 'create', '--name', WARM_BUILDER, '--driver', 'docker-container', '--driver-opt', 'network=host', '--buildkitd-config', tomlFile],
    ['buildx', 'inspect', '--bootstrap', WARM_BUILDER],
  ]) {
    const r = sh('docker', args);
    if (r.code !== 0) {
      console.error(`docker ${args.join(' ')} => exit ${r.code}\n${r.stdout}\n${r.stderr}`);
      throw new RunFailed(`creating ${WARM_BUILDER} failed`);
    }
  }
  const createMs = Number(process.hrtime.bigint() - t) / 1e6;
  const warm = [];
  log(`${WARM_BUILDER} created and bootstrapped in ${fmtMs(createMs)} ms; warm-up run, then ${SIDE_RUNS} timed`);
  await actionRun('docker-container warm warm-up', { ...common, builder: WARM_BUILDER });
  for (let i = 1; i <= SIDE_RUNS; i++) {
    await waitQuiet();
    warm.push(await actionRun(`docker-container warm ${i}`, { ...common, builder: WARM_BUILDER }));
    log(`docker-container warm ${i}/${SIDE_RUNS}: main ${fmtMs(warm.at(-1).main.wall)} ms, post ${fmtMs(warm.at(-1).post.wall)} ms`);
  }
  results.container = { cold, warm, createMs };
}

function removeWarmBuilder() {
  sh('docker', ['buildx', 'rm', '--force', WARM_BUILDER]);
}

async function qemuRuns() {
  const inputs = dockerDriverInputs();
  const before = registered();
  // 1. a diagnostic run with the `docker` wrapper on PATH, which logs each command's start and end: were the
  //    login and the QEMU registration running at the same time?
  unregister('qemu-aarch64');
  const { run: diag, commands: intervals } = await wrappedRun('QEMU diagnostic (docker wrapper)', inputs, { afterMain: registered });
  const loginI = intervals.find((i) => i.cmd.startsWith('login '));
  const qemuI = intervals.find((i) => i.cmd.startsWith('run ') && i.cmd.includes('--install'));
  const overlap = loginI && qemuI ? Math.min(loginI.end, qemuI.end) - Math.max(loginI.start, qemuI.start) : NaN;

  // 2. timed: main with qemu-aarch64 unregistered (the action registers it) versus registered (it skips)
  const unreg = [];
  const reg = [];
  const added = [];
  for (let i = 1; i <= RUNS; i++) {
    await waitQuiet();
    unregister('qemu-aarch64');
    const pre = registered();
    const u = await actionRun(`QEMU unregistered ${i}`, inputs, { afterMain: registered });
    added.push(u.afterMain.filter((n) => !pre.includes(n)));
    // what the action says it installed (binfmt_misc is shared: a concurrent run elsewhere can add entries too)
    u.installed = (/QEMU: installed ([^(\n]*)/.exec(u.main.stdout)?.[1] ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    unreg.push(u);
    reg.push(await actionRun(`QEMU registered ${i}`, inputs));
    log(`QEMU ${i}/${RUNS}: main unregistered ${fmtMs(unreg.at(-1).main.wall)} ms, registered ${fmtMs(reg.at(-1).main.wall)} ms`);
  }

  // 3. "install all": every qemu-* line qemu-user-static ships, written to binfmt_misc/register, versus the one needed
  const confs = fs
    .readdirSync(BINFMT_D)
    .filter((f) => /^qemu-.*\.conf$/.test(f))
    .map((f) => f.replace(/\.conf$/, ''))
    .sort();
  const allMs = [];
  const oneMs = [];
  let allCount = 0;
  let failures = [];
  for (let i = 0; i < 5; i++) {
    unregister('qemu-aarch64');
    let t = process.hrtime.bigint();
    fs.writeFileSync(path.join(BINFMT, 'register'), confLine('qemu-aarch64'));
    oneMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    unregister('qemu-aarch64');
    const pre = registered();
    const mine = [];
    failures = [];
    t = process.hrtime.bigint();
    for (const name of confs) {
      if (pre.includes(name)) continue;
      const line = fs
        .readFileSync(path.join(BINFMT_D, `${name}.conf`), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`:${name}:`));
      try {
        fs.writeFileSync(path.join(BINFMT, 'register'), line);
        mine.push(name);
      } catch (error) {
        failures.push(`${name}: ${error.message}`);
      }
    }
    allMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    allCount = mine.length;
    for (const name of mine) unregister(name);
  }
  restoreBinfmt();
  results.qemu = { before, diag, intervals, loginI, qemuI, overlap, unreg, reg, added, confs, allMs, oneMs, allCount, failures, after: registered() };
}

function bundleFacts() {
  const files = fs.readdirSync(DIST).filter((f) => /^(\d+\.)?index\.js$/.test(f));
  const text = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(DIST, f), 'utf8')]));
  // ncc loads a chunk with `<require>.e(<id>)`: which file asks for which chunk, and what the caller takes from it
  // (`const{main:e}=await …e(454)…` or `(await …e(815)…).parse`), as far as a minified bundle tells
  const loadedFrom = {};
  for (const [file, body] of Object.entries(text)) {
    for (const m of body.matchAll(/\b[A-Za-z_$][\w$]*\.e\((\d+)\)/g)) {
      const before = /const\s*\{\s*(\w+)(?:\s*:\s*\w+)?\s*\}\s*=\s*await\s+(?:Promise\.all\((?:\/\*[^*]*\*\/)?\[)?(?:[\w$]+\.e\(\d+\),?\s*)*$/.exec(
        body.slice(Math.max(0, m.index - 160), m.index),
      );
      const after = /^[^;]{0,80}?\)\)\)\.(\w+)/.exec(body.slice(m.index, m.index + 120));
      const takes = before?.[1] ?? after?.[1];
      (loadedFrom[`${m[1]}.index.js`] ??= []).push(`${file}${takes ? ` (for \`${takes}\`)` : ''}`);
    }
  }
  const chunks = files
    .filter((f) => f !== 'index.js')
    .map((f) => ({
      name: f,
      size: Buffer.byteLength(text[f]),
      gzip: zlib.gzipSync(text[f]).length,
      from: [...new Set(loadedFrom[f] ?? [])],
      static: new RegExp(`from\\s*["']\\./${f.replace('.', '\\.')}["']`).test(text['index.js']),
    }));
  const opened = {};
  for (const [step, trace] of Object.entries(results.trace ?? {})) {
    opened[step] = /\/index\.js/.test(trace) ? [...new Set([...trace.matchAll(/dist\/(\d+\.index\.js)/g)].map((m) => m[1]))] : undefined;
  }
  const index = text['index.js'];
  return { size: Buffer.byteLength(index), gzip: zlib.gzipSync(index).length, chunks, opened, sha: crypto.createHash('sha256').update(index).digest('hex').slice(0, 12) };
}

function machine() {
  const cpu = (/^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8')) ?? [])[1] ?? 'unknown';
  const memKb = Number((/^MemTotal:\s*(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8')) ?? [])[1]);
  const versions = sh('docker', ['version', '--format', '{{.Server.Version}}|{{.Client.Version}}']).stdout.split('|');
  return {
    nproc: sh('nproc', []).stdout || String(os.availableParallelism()),
    cpu,
    kernel: os.release(),
    memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    dockerServer: versions[0] ?? '?',
    dockerClient: versions[1] ?? '?',
    buildx: sh('docker', ['buildx', 'version']).stdout,
    storage: sh('docker', ['info', '--format', '{{range .DriverStatus}}{{if eq (index . 0) "driver-type"}}{{index . 1}}{{end}}{{end}}']).stdout,
    node: process.version,
    commit: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).stdout || 'unknown',
    distDirty: sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'dist']).stdout !== '',
  };
}

// ------------------------------------------------------------------------------------------------ report

function report(m, bundle, totalS) {
  const { cold, container, qemu } = results;
  const out = [];
  // runs during which other docker activity was sampled are left out when enough undisturbed ones remain
  const cleanA = results.a.filter((r) => !r.disturbed);
  const cleanB = results.b.filter((r) => !r.disturbed);
  const dropped = results.a.length - cleanA.length + results.b.length - cleanB.length;
  const useClean = dropped > 0 && cleanA.length >= 3 && cleanB.length >= 3;
  const a = useClean ? cleanA : results.a;
  const b = useClean ? cleanB : results.b;
  const aWall = median(a.map((r) => r.wall));
  const bWall = median(b.map((r) => r.wall));
  const aCpu = median(a.map((r) => r.cpu));
  const bCpu = median(b.map((r) => r.cpu));
  const wallRatio = aWall / bWall;
  const cpuRatio = aCpu / bCpu;
  const postWall = median(a.map((r) => r.post.wall));
  const allCached = [...a, ...b].every((r) => r.cached);

  out.push('## A (the action) versus B (the raw commands): cached 2-platform build, driver docker\n');
  out.push(
    table(
      ['', 'A: action (main + post)', 'B: raw commands', 'A/B'],
      [
        ['wall, median ms', fmtMs(aWall), fmtMs(bWall), wallRatio.toFixed(2)],
        ['wall, range ms', fmtRange(a.map((r) => r.wall)), fmtRange(b.map((r) => r.wall)), ''],
        ['CPU user+sys, median ms', fmtMs(aCpu), fmtMs(bCpu), cpuRatio.toFixed(2)],
        ['CPU, range ms', fmtRange(a.map((r) => r.cpu)), fmtRange(b.map((r) => r.cpu)), ''],
        ['processes per run', `${median(a.map((r) => r.commands.length)) + 2} (2 node, ${median(a.map((r) => r.commands.length))} docker)`, '4', ''],
      ],
    ),
  );
  out.push(
    `\n${RUNS} timed runs each, alternating A and B after one warm-up of each. The RUN step was served from the cache in ${allCached ? 'every' : 'NOT every'} timed run. ` +
      (dropped === 0
        ? 'No other docker/jest activity was sampled during these runs.'
        : useClean
          ? `Other docker/jest activity was sampled during ${results.a.length - cleanA.length} A and ${results.b.length - cleanB.length} B runs: the figures here are of the ${a.length} A and ${b.length} B undisturbed runs.`
          : `Other docker/jest activity was sampled during ${results.a.length - cleanA.length} A and ${results.b.length - cleanB.length} B runs, too many to leave out: the figures are disturbed.`),
  );
  out.push(`A/B overhead: ${fmtMs(aWall - bWall)} ms wall, ${fmtMs(aCpu - bCpu)} ms CPU per run.\n`);

  // where the time goes
  const mainTl = medianTimeline(a.map((r) => r.main));
  const postTl = medianTimeline(a.map((r) => r.post));
  const bOf = { 'docker login': 'login', 'docker buildx build': 'build', 'docker buildx imagetools inspect': 'inspect', 'docker logout': 'logout' };
  const rows = [];
  for (const [stepName, tl] of [['main', mainTl], ['post', postTl]]) {
    for (const [phase, ms] of tl) {
      const bStep = bOf[phase];
      const bMs = bStep ? median(b.map((r) => r.steps[bStep].wall)) : NaN;
      rows.push([`${stepName}: ${phase}`, fmtMs(ms), bStep ? fmtMs(bMs) : '—', bStep ? fmtMs(ms - bMs) : fmtMs(ms)]);
    }
  }
  // B's commands the action does not run as a process (it may do their work in-process)
  const aKeys = new Set([...mainTl, ...postTl].map(([phase]) => phase));
  for (const [key, bStep] of Object.entries(bOf)) {
    if (!aKeys.has(key)) rows.push([`(not run by A) ${key}`, '—', fmtMs(median(b.map((r) => r.steps[bStep].wall))), fmtMs(-median(b.map((r) => r.steps[bStep].wall)))]);
  }
  out.push('### Where the time goes (medians, ms)\n');
  out.push(
    table(['A step: phase', 'A', 'B (same command)', 'A − B'], rows),
  );
  out.push(
    '\nA phases are measured from the spawn of each command (its `::debug::run:` line) to the spawn of the next, the ' +
      'last one to the exit of the step, so they include the action\'s own work in between; "start → first command" ' +
      'is node start-up, bundle load and input checks. B is the wall time of each process.\n',
  );
  const cmdCpu = table(
    ['B process', 'wall median ms', 'CPU median ms'],
    Object.keys(b[0].steps).map((k) => [k, fmtMs(median(b.map((r) => r.steps[k].wall))), fmtMs(median(b.map((r) => r.steps[k].cpu)))]),
  );
  const stepCpu = table(
    ['A step', 'wall median ms', 'CPU median ms'],
    [
      ['main', fmtMs(median(a.map((r) => r.main.wall))), fmtMs(median(a.map((r) => r.main.cpu)))],
      ['post', fmtMs(postWall), fmtMs(median(a.map((r) => r.post.cpu)))],
    ],
  );
  out.push(`${stepCpu}\n\n${cmdCpu}\n`);

  // each of A's commands timed on its own (wrapper runs), next to B's
  const w = results.wrapped;
  const keys = [...new Set(w.flatMap((r) => r.commands.map((c) => c.key)))];
  const perKey = (k, f) => median(w.map((r) => sum(r.commands.filter((c) => c.key === k).map(f))));
  const wRows = keys.map((k) => {
    const bStep = bOf[k];
    return [
      `\`${k}\``,
      fmtMs(perKey(k, (c) => c.wall)),
      fmtMs(perKey(k, (c) => c.cpu)),
      bStep ? fmtMs(median(b.map((r) => r.steps[bStep].wall))) : '—',
      bStep ? fmtMs(median(b.map((r) => r.steps[bStep].cpu))) : '—',
    ];
  });
  for (const [key, bStep] of Object.entries(bOf)) {
    if (!keys.includes(key)) wRows.push([`(not run by A) \`${key}\``, '—', '—', fmtMs(median(b.map((r) => r.steps[bStep].wall))), fmtMs(median(b.map((r) => r.steps[bStep].cpu)))]);
  }
  const nodeCpu = median(w.map((r) => r.run.cpu - sum(r.commands.map((c) => c.cpu))));
  const nodeWall = median(w.map((r) => r.run.wall - sum(r.commands.map((c) => c.wall))));
  wRows.push(['node itself (main + post, everything outside the docker commands; includes the wrapper bash, ~3 ms a command)', fmtMs(nodeWall), fmtMs(nodeCpu), '—', '—']);
  wRows.push(["for scale: two bare node start-ups (`node -e ''`)", fmtMs(2 * median(results.cold.node)), fmtMs(2 * median(results.cold.nodeCpu)), '—', '—']);
  out.push(`### A's commands one by one (${w.length} extra runs with a timing wrapper around \`docker\`; medians, ms)\n`);
  out.push(table(['command', 'A wall', 'A CPU', 'B wall', 'B CPU'], wRows));
  const gap = (stepName, part) => fmtMs(median(w.map((r) => r.gaps[stepName][part])));
  out.push("\nnode's own wall time in the same runs, when no docker command is running (medians, ms):\n");
  out.push(
    table(
      ['step', 'before the first command', 'between commands', 'after the last command'],
      [
        ['main', gap('main', 'before'), gap('main', 'between'), gap('main', 'after')],
        ['post', gap('post', 'before'), gap('post', 'between'), gap('post', 'after')],
      ],
    ),
  );
  const aInspect = w[0].commands.find((c) => c.key === 'docker buildx imagetools inspect');
  if (aInspect && !aInspect.cmd.includes('--raw')) {
    out.push(`\nA reads the pushed image with \`docker ${aInspect.cmd.replace(/sha256:[0-9a-f]+/, 'sha256:…')}\` (the index and every image config), B with \`--raw\` (the index only).`);
  }
  out.push('');

  out.push('## Post step alone (driver docker)\n');
  out.push(table(['', 'median ms', 'range ms', 'target'], [['post wall', fmtMs(postWall), fmtRange(a.map((r) => r.post.wall)), `≤ ${POST_TARGET_MS}`]]));

  const nodeMs = median(cold.node);
  const firstMs = median(cold.first);
  out.push('\n## Cold start: spawn of node to the first command\n');
  out.push(
    table(
      ['', 'median ms', 'range ms'],
      [
        [`node dist/index.js → first \`::debug::run:\` line (\`${commandKey(cold.firstCommand)}\`)`, fmtMs(firstMs), fmtRange(cold.first)],
        ["node -e '' (spawn to exit)", fmtMs(nodeMs), fmtRange(cold.node)],
        ["node -e '': CPU user+sys", fmtMs(median(cold.nodeCpu)), fmtRange(cold.nodeCpu)],
        ['difference: loading the bundle, reading and checking the inputs', fmtMs(firstMs - nodeMs), ''],
      ],
    ),
  );

  out.push('\n## Bundle\n');
  const openedIn = (name) =>
    ['main', 'post']
      .filter((step) => bundle.opened[step]?.includes(name) || (name === 'index.js' && bundle.opened[step]))
      .join(' + ') || 'neither';
  out.push(
    table(
      ['file', 'bytes', 'gzip bytes', 'loaded by', 'opened in a run (driver docker)'],
      [
        ['dist/index.js', String(bundle.size), String(bundle.gzip), 'node', openedIn('index.js')],
        ...bundle.chunks.map((c) => [
          `dist/${c.name}`,
          String(c.size),
          String(c.gzip),
          c.static ? 'STATIC import in index.js' : c.from.join(', ') || '— (referenced by no file)',
          bundle.opened.main || bundle.opened.post ? openedIn(c.name) : 'not traced',
        ]),
      ],
    ),
  );
  out.push(
    '\n"Loaded by" is where ncc\'s chunk loader (`require.e(<chunk id>)`) asks for the chunk, and what the caller takes from it; ' +
      '"opened" is from `strace -f -e trace=openat` around the warm-up run\'s main and post' +
      (bundle.opened.main || bundle.opened.post ? '.' : ' (strace unavailable or it did not see dist/index.js: not traced).'),
  );

  const perRun = a.map((r) => r.commands);
  const dupAll = [...a, results.warmA, ...container.cold, ...container.warm, ...qemu.unreg, ...qemu.reg, qemu.diag].map((r) => duplicates(r.commands)).filter((d) => d.length);
  out.push('\n## Commands the action spawns per run (driver docker, from the `::debug::run:` lines)\n');
  const sample = perRun[0].map((c) => c.replaceAll(WORK, '$TMP'));
  out.push(['```', ...sample.map((c, i) => `${i < a[0].main.runs.length ? 'main' : 'post'}: ${c}`), '```'].join('\n'));
  const sameEverywhere = perRun.every((c) => JSON.stringify(c.map(commandKey)) === JSON.stringify(perRun[0].map(commandKey)));
  out.push(
    `\n${sample.length} commands per run (${a[0].main.runs.length} in main, ${a[0].post.runs.length} in post), the same in all ${a.length} timed runs: ${sameEverywhere ? 'yes' : 'NO'}. ` +
      `B runs 4 (login, build, imagetools inspect, logout): the action adds ${perRun[0]
        .map(commandKey)
        .filter((k) => !Object.keys(bOf).includes(k))
        .map((k) => `\`${k}\``)
        .join(', ')}. ` +
      `A command line occurring twice in one run (any run of this bench, all drivers): ${dupAll.length ? `YES: ${JSON.stringify(dupAll)}` : 'none'}.`,
  );
  const cTl = medianTimeline(container.cold.map((r) => r.main));
  const containerCmds = container.cold[0].commands.map((c) => c.replaceAll(WORK, '$TMP'));

  out.push('\n## Driver docker-container: a builder per run (cold) versus an existing bootstrapped builder (warm)\n');
  out.push(
    table(
      ['', 'cold: created + bootstrapped per run', `warm: \`builder: ${WARM_BUILDER}\``, 'driver docker (above)'],
      [
        ['main wall, median ms', fmtMs(median(container.cold.map((r) => r.main.wall))), fmtMs(median(container.warm.map((r) => r.main.wall))), fmtMs(median(a.map((r) => r.main.wall)))],
        ['post wall, median ms', fmtMs(median(container.cold.map((r) => r.post.wall))), fmtMs(median(container.warm.map((r) => r.post.wall))), fmtMs(postWall)],
        ['total wall, median ms', fmtMs(median(container.cold.map((r) => r.wall))), fmtMs(median(container.warm.map((r) => r.wall))), fmtMs(aWall)],
        ['total CPU, median ms', fmtMs(median(container.cold.map((r) => r.cpu))), fmtMs(median(container.warm.map((r) => r.cpu))), fmtMs(aCpu)],
        ['total wall, range ms', fmtRange(container.cold.map((r) => r.wall)), fmtRange(container.warm.map((r) => r.wall)), fmtRange(a.map((r) => r.wall))],
        ['RUN step cached (all runs)', container.cold.every((r) => r.cached) ? 'yes' : 'no', container.warm.every((r) => r.cached) ? 'yes' : 'no', allCached ? 'yes' : 'no'],
      ],
    ),
  );
  out.push(`\n${SIDE_RUNS} runs each; creating and bootstrapping ${WARM_BUILDER} once took ${fmtMs(container.createMs)} ms (not in the warm figures; one untimed warm-up run preceded the warm runs). ${disturbedNote([...container.cold, ...container.warm])} Cold main timeline (medians, ms):\n`);
  out.push(table(['phase (cold, main)', 'ms'], cTl.map(([p, ms]) => [p, fmtMs(ms)])));
  out.push(['\nCold run commands:\n', '```', ...containerCmds, '```'].join('\n'));

  const uMain = median(qemu.unreg.map((r) => r.main.wall));
  const rMain = median(qemu.reg.map((r) => r.main.wall));
  const qemuCmds = qemu.unreg[0].commands.filter((c) => c.includes('binfmt') || c.includes('--install'));
  out.push('\n## QEMU: registering only the needed emulators\n');
  out.push(
    table(
      ['', 'median ms', 'range ms'],
      [
        ['main wall, qemu-aarch64 unregistered (the action registers it)', fmtMs(uMain), fmtRange(qemu.unreg.map((r) => r.main.wall))],
        ['main wall, qemu-aarch64 registered (skipped)', fmtMs(rMain), fmtRange(qemu.reg.map((r) => r.main.wall))],
        ['difference', fmtMs(uMain - rMain), ''],
        ['write the one needed line (qemu-aarch64) to binfmt_misc/register', median(qemu.oneMs).toFixed(2), ''],
        [`write every qemu-* line of ${BINFMT_D} ("install all": ${qemu.allCount} entries not yet registered of ${qemu.confs.length})`, median(qemu.allMs).toFixed(2), ''],
      ],
    ),
  );
  const li = qemu.loginI;
  const qi = qemu.qemuI;
  const t0 = qemu.intervals.length ? qemu.intervals.map((i) => i.start).reduce((x, y) => Math.min(x, y)) : 0;
  out.push(
    `\nCommands for the emulator (unregistered run): ${qemuCmds.length ? qemuCmds.map((c) => `\`${c}\``).join(', ') : 'none'}` +
      ` (the binfmt image cannot be pulled here, so the action falls back to writing the host's line to binfmt_misc itself). ` +
      `${RUNS} runs each, alternating. ${disturbedNote([...qemu.unreg, ...qemu.reg])} ` +
      `Per unregistered run, the action's log \`QEMU: installed …\`: ${qemu.unreg.map((r) => r.installed.join(', ') || 'nothing').join(' / ')}; ` +
      `entries new in binfmt_misc after its main: ${qemu.added.map((x) => x.join(', ') || 'none').join(' / ')}.`,
  );
  out.push(
    `\nConcurrency (diagnostic run with a \`docker\` wrapper logging each command's start and end, ms from its first command): ` +
      (li && qi
        ? `\`docker login\` ${fmtMs(li.start - t0)}–${fmtMs(li.end - t0)}, \`docker ${qi.cmd.split(' ').slice(0, 4).join(' ')} …\` ${fmtMs(qi.start - t0)}–${fmtMs(qi.end - t0)} (exit ${qi.rc}): overlap ${fmtMs(qemu.overlap)} ms.`
        : `login or QEMU command not seen (login: ${li ? 'yes' : 'no'}, QEMU: ${qi ? 'yes' : 'no'}).`),
  );
  if (qemu.failures.length) out.push(`\nLines the kernel refused: ${qemu.failures.join('; ')}.`);
  out.push(`\nqemu-* entries registered before the bench: ${qemu.before.join(', ') || 'none'}; after: ${qemu.after.join(', ') || 'none'}.`);

  // targets
  // the action's own account, its command lines, and binfmt_misc in the runs no one else disturbed
  const cleanAdded = qemu.unreg.map((r, i) => (disturbed(r.main.startEpoch, r.post.endEpoch) ? undefined : qemu.added[i])).filter(Boolean);
  const onlyNeeded =
    qemu.unreg.every((r) => r.installed.join(',') === 'qemu-aarch64') &&
    qemuCmds.every((c) => /--install arm64$/.test(c)) &&
    cleanAdded.every((x) => x.join(',') === 'qemu-aarch64');
  const targets = [
    [`A/B wall ratio on the cached build ≤ ${RATIO_TARGET}`, wallRatio.toFixed(2), wallRatio <= RATIO_TARGET],
    [`post step median wall ≤ ${POST_TARGET_MS} ms (driver docker)`, `${fmtMs(postWall)} ms`, postWall <= POST_TARGET_MS],
    ['no command line runs twice in a run', dupAll.length ? `${dupAll.length} run(s) with duplicates` : 'none twice', dupAll.length === 0],
    ['login and QEMU registration run concurrently', Number.isFinite(qemu.overlap) ? `overlap ${fmtMs(qemu.overlap)} ms` : 'not observed', qemu.overlap > 0],
    [
      'only the needed emulators are registered',
      `installed: ${[...new Set(qemu.unreg.map((r) => r.installed.join('+') || 'nothing'))].join(' / ')}; \`--install\` ${[...new Set(qemuCmds.map((c) => /--install (\S+)/.exec(c)?.[1]))].join(', ') || 'not run'}`,
      onlyNeeded,
    ],
  ];
  out.push('\n## Targets\n');
  out.push(table(['target', 'measured', 'result'], targets.map(([t, v, pass]) => [t, v, pass ? 'PASS' : 'FAIL'])));
  const busy = activity.busyTimes.length;
  out.push(
    `\nBench wall time: ${totalS} s${activity.waitedMs ? `, of which ${Math.round(activity.waitedMs / 1000)} s waiting for other docker activity to end` : ''}. ` +
      'Other docker/buildx clients, action runs or jest runs on the machine (sampled every second): ' +
      (busy === 0
        ? `none in ${activity.samples} samples.`
        : `present in ${busy} of ${activity.samples} samples; the figures of the sections other than A/B may be disturbed. Seen: ${[...activity.seen.entries()]
            .sort((x, y) => y[1] - x[1])
            .slice(0, 5)
            .map(([line, n]) => `\`${line}\` (${n}×)`)
            .join(', ')}.`),
  );

  const machineTable = table(
    ['', ''],
    [
      ['CPUs (nproc)', m.nproc],
      ['CPU model', m.cpu],
      ['kernel', m.kernel],
      ['memory', m.memory],
      ['Docker server / client', `${m.dockerServer} / ${m.dockerClient} (image store: ${m.storage || 'classic'})`],
      ['buildx', m.buildx],
      ['node', m.node],
      ['action measured', `dist/ of commit ${m.commit}${m.distDirty ? ' with uncommitted changes to dist/' : ''} (index.js sha256 ${bundle.sha}…), copied at the start of the bench`],
    ],
  );
  const method =
    'Every process is started as `/bin/bash -c \'TIMEFORMAT="%3R %3U %3S"; time <command>\'`: wall is bash\'s real time, ' +
    'CPU is user+sys of the whole process tree bash waited for (node and every docker CLI and buildx plugin process under it). ' +
    'A is `dist/index.js` run as the runner runs it (the environment of scripts/runner.mjs: action.yml defaults and the inputs as INPUT_* ' +
    'variables, GITHUB_OUTPUT/STATE/STEP_SUMMARY files, main, then post with main\'s state), with `RUNNER_DEBUG=1` so that each command ' +
    'it spawns is printed (`::debug::run:`) and time-stamped; its wall and CPU are main + post. B is the minimal raw sequence for the ' +
    'same result, four processes (`docker login --password-stdin`, `docker buildx build --builder default --push` with the same ' +
    'registry cache flags and `--metadata-file`, `docker buildx imagetools inspect --raw` of the pushed digest, `docker logout`), ' +
    'summed. Fixture: `FROM ' + BASE_IMAGE + '` + `RUN uname -m > /arch` for ' + PLATFORMS + ', tag ' + TAG + ', cache ' + CACHE_REF +
    ', a temporary DOCKER_CONFIG; one warm-up of each, then ' + RUNS + ' runs of each, alternating, so every timed build is fully ' +
    'cached. Figures are medians. The BuildKit daemon\'s CPU (inside dockerd, or the builder container) is outside both ' +
    'measurements and is the same work for A and B. Where A\'s extra time goes is measured in separate runs with a `docker` ' +
    'wrapper first on PATH that times each command the action spawns (so the A/B figures carry no wrapper). Once a second the ' +
    'bench samples the process table for docker/buildx clients, action runs and jest runs that are not its own; a timed pair waits ' +
    'for such activity to end, and A/B runs during which it was seen anyway are left out of the A/B figures when at least 3 of each remain.';
  return { body: out.join('\n'), machineTable, method, targets };
}

// ------------------------------------------------------------------------------------------------ run

let exitCode = 0;
try {
  if (process.getuid && process.getuid() !== 0) throw new RunFailed('run as root (binfmt_misc registrations are measured)');
  if (!fs.existsSync(path.join(BINFMT, 'register'))) throw new RunFailed(`${BINFMT} is not mounted: run scripts/stack.sh first`);
  log(`work dir ${WORK}; ${RUNS} runs of A and B`);
  const m = machine();
  const stopMonitor = startActivityMonitor();
  // the QEMU measurement is the only one that changes registrations (if qemu-aarch64 is missing, the warm-up
  // run of the action registers it)
  await abRuns();
  await coldStartRuns();
  await containerDriverRuns();
  await qemuRuns();
  stopMonitor();
  const bundle = bundleFacts();
  const totalS = Math.round((Date.now() - T0) / 1000);
  const { body, machineTable, method, targets } = report(m, bundle, totalS);
  console.log(`\n${body}\n`);
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const md = [
    '# Benchmarks',
    '',
    `The action's own overhead over the raw docker commands it runs, on the local stack of \`scripts/stack.sh\`. ` +
      'Produced by `node scripts/bench.mjs` (`npm run bench`); rerun it to refresh this file.',
    '',
    `Date: ${date}`,
    '',
    '## Machine',
    '',
    machineTable,
    '',
    '## How it was measured',
    '',
    method,
    '',
    body,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md);
  log(`wrote ${path.join(ROOT, 'BENCHMARKS.md')}; targets: ${targets.map(([, , pass]) => (pass ? 'PASS' : 'FAIL')).join(' ')}`);
} catch (error) {
  console.error(`\nbench: ${error instanceof RunFailed ? error.message : error.stack}`);
  exitCode = 1;
} finally {
  removeWarmBuilder();
  restoreBinfmt();
  sh('docker', ['logout', REGISTRY]);
  fs.rmSync(WORK, { recursive: true, force: true });
}
process.exit(exitCode);
