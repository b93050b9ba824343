// A and B, each one run of the cached 2-platform push.
//   A: the action's main and post, each a node process in the runner's environment (scripts/runner.mjs).
//   B: an empty JavaScript action's main and post in the same environment, plus the raw commands that give the
//      same result: the runner's cost of starting a JavaScript step is on both sides.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { actionEnv, parseCommandFile, postEnv } from '../runner.mjs';
import { PLATFORMS } from './fixture.mjs';
import { NODE, succeeded, sum, timed } from './measure.mjs';

export class RunFailed extends Error {}

function fail(label, processes) {
  for (const run of processes) {
    console.error(`\n---- ${label}: ${run.argv.join(' ')} => exit ${run.code}`);
    // the runner never shows ::add-mask:: commands: they carry the secrets
    const shown = (text) =>
      text
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
    console.error(`---- stdout:\n${shown(run.stdout)}\n---- stderr:\n${shown(run.stderr)}`);
  }
  throw new RunFailed(`${label} failed`);
}

/** main, then post with main's state, of a JavaScript action, each timed with its children. */
export async function actionRun(fx, script, inputs, extraEnv = {}) {
  const runDir = fs.mkdtempSync(path.join(fx.work, 'run-'));
  const { env, files } = actionEnv({ inputs, runDir, env: { DOCKER_CONFIG: fx.dockerConfig, ...extraEnv } });
  const main = await timed([NODE, script], { env, cwd: fx.work });
  const post = await timed([NODE, script], { env: postEnv(env, files).env, cwd: fx.work });
  const outputs = parseCommandFile(fs.readFileSync(files.output, 'utf8'));
  fs.rmSync(runDir, { recursive: true, force: true });
  if (!succeeded(main) || !succeeded(post)) fail(`${path.basename(script)} in ${runDir}`, [main, post]);
  return { main, post, outputs, env, wall: main.wall + post.wall, cpu: main.cpu + post.cpu, start: main.start, end: post.end };
}

/** A: the action; its main's output holds buildx's log. */
export async function runA(fx, inputs, extraEnv = {}) {
  const run = await actionRun(fx, fx.bundle, inputs, extraEnv);
  if (!/^sha256:[0-9a-f]{64}$/.test(run.outputs.digest ?? '')) fail('A: no digest output', [run.main, run.post]);
  return { ...run, log: run.main.stdout + run.main.stderr };
}

/** The raw commands a workflow without the action runs for the same result, in order. */
function rawCommands(fx, driver, builder, metadataFile) {
  const { registry, username } = fx.stack;
  const container = driver === 'docker-container';
  const build = ['buildx', 'build', '--builder', container ? builder : 'default', '--platform', PLATFORMS, '--tag', fx.tag];
  build.push(
    '--cache-from',
    `type=registry,ref=${fx.cacheRef}`,
    '--cache-to',
    `type=registry,ref=${fx.cacheRef},mode=max,ignore-error=true`,
  );
  build.push('--push', '--metadata-file', metadataFile, fx.context);
  const create = [
    'buildx',
    'create',
    '--name',
    builder,
    '--driver',
    'docker-container',
    '--driver-opt',
    'network=host',
    '--buildkitd-config',
    fx.buildkitdToml,
  ];
  return [
    ['login', ['login', registry, '-u', username, '--password-stdin']],
    ...(container ? [['create', create]] : []),
    ['build', build],
    // the digest is known only once the build wrote its metadata: filled in then
    ['inspect', ['buildx', 'imagetools', 'inspect', '--builder', container ? builder : 'default', '--raw']],
    ...(container ? [['rm', ['buildx', 'rm', builder]]] : []),
    ['logout', ['logout', registry]],
  ];
}

/** B: the empty action's main and post, then the raw commands, each its own process; its figures are their sum. */
export async function runB(fx, driver) {
  const builder = `bench-raw-${crypto.randomBytes(4).toString('hex')}`;
  const metadataFile = path.join(fx.work, `metadata-${builder}.json`);
  const empty = await actionRun(fx, fx.emptyAction, {});
  const commands = {};
  for (const [name, args] of rawCommands(fx, driver, builder, metadataFile)) {
    if (name === 'inspect') args.push(`${fx.repository}@${JSON.parse(fs.readFileSync(metadataFile, 'utf8'))['containerimage.digest']}`);
    const input = name === 'login' ? fx.stack.password : undefined;
    commands[name] = await timed(['docker', ...args], { env: empty.env, cwd: fx.work, input });
    if (!succeeded(commands[name])) fail(`B (${driver})`, Object.values(commands));
  }
  fs.rmSync(metadataFile, { force: true });
  const processes = [empty.main, ...Object.values(commands), empty.post];
  const wall = sum(processes.map((p) => p.wall));
  return {
    empty,
    commands,
    log: commands.build.stderr,
    wall,
    cpu: sum(processes.map((p) => p.cpu)),
    start: empty.main.start,
    end: commands.logout.end,
  };
}
