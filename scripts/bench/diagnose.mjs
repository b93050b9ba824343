// Diagnostic runs of A with scripts/bench/docker-timer.sh first on PATH as `docker`: which commands the action
// spawns, when, and what each costs. Kept apart from the A/B figures, which carry no wrapper (bash adds ~3 ms a
// command).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ROOT } from '../runner.mjs';
import { sh } from './measure.mjs';
import { runA } from './runs.mjs';

let logs = 0;

function wrapperDir(fx) {
  const dir = path.join(fx.work, 'wrap');
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(ROOT, 'scripts', 'bench', 'docker-timer.sh'), path.join(dir, 'docker'));
  }
  return dir;
}

function parseLog(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [start, end, rc, wall, user, sys, ...args] = line.split(' ');
      const seconds = (value) => Number(value) * 1000;
      return {
        start: seconds(start),
        end: seconds(end),
        rc: Number(rc),
        wall: seconds(wall),
        cpu: seconds(user) + seconds(sys),
        args: args.join(' '),
      };
    });
}

/** `buildx build --builder …` -> `docker buildx build`: a command's name without its arguments. */
export function commandName(args) {
  const words = args.split(' ');
  return ['docker', ...words.slice(0, words[0] === 'buildx' ? (words[1] === 'imagetools' ? 3 : 2) : 1)].join(' ');
}

/** A step's node time outside docker commands: before the first, between them (none running), after the last. */
function nodeTime(step, commands) {
  const mine = commands.filter((c) => c.start >= step.start && c.start <= step.end);
  if (mine.length === 0) return { before: step.end - step.start, between: 0, after: 0 };
  let between = 0;
  let busyUntil = mine[0].end;
  for (const command of mine.slice(1)) {
    between += Math.max(0, command.start - busyUntil);
    busyUntil = Math.max(busyUntil, command.end);
  }
  return { before: mine[0].start - step.start, between, after: step.end - busyUntil };
}

/** One run of A with every docker command it spawns logged and timed. */
export async function diagnosticRun(fx, inputs) {
  const log = path.join(fx.work, `docker-${++logs}.log`);
  const env = {
    PATH: `${wrapperDir(fx)}:${process.env.PATH}`,
    BENCH_DOCKER_LOG: log,
    BENCH_REAL_DOCKER: sh('sh', ['-c', 'command -v docker']).stdout,
  };
  const run = await runA(fx, inputs, env);
  const commands = parseLog(log);
  const inMain = commands.filter((c) => c.start <= run.main.end);
  return { run, commands, inMain, node: { main: nodeTime(run.main, commands), post: nodeTime(run.post, commands) } };
}

/** Command lines that occur more than once in one run. */
export function repeated(commands) {
  const seen = new Set();
  const twice = new Set();
  for (const { args } of commands) (seen.has(args) ? twice : seen).add(args);
  return [...twice];
}
