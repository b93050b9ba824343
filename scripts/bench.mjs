// npm run bench: the action against an empty JavaScript action plus the raw docker commands, on the real stack of
// scripts/stack.sh, written to BENCHMARKS.md. Run as root, under the stack's lock: flock /tmp/stack.lock …
//
//   BENCH_RUNS=9                timed A/B pairs per driver
//   BENCH_SIDE_RUNS=3           diagnostic runs per driver, and QEMU pairs
//   BENCH_DRIVERS=docker-container,docker
//   BENCH_STARTS=40             node start-ups per toolkit bundle
//   BENCH_QEMU=1                0 leaves binfmt_misc alone
//   BENCH_REPORT=BENCHMARKS.md  where the report goes (a trial run need not overwrite the committed one)
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSampler } from './bench/activity.mjs';
import { compileLogParser } from './bench/buildlog.mjs';
import { diagnosticRun } from './bench/diagnose.mjs';
import { actionInputs, DRIVERS, makeFixture } from './bench/fixture.mjs';
import { bundleFiles, machineFacts } from './bench/machine.mjs';
import { ms, sh } from './bench/measure.mjs';
import { binfmtMounted, qemuRuns, restoreBinfmt } from './bench/qemu.mjs';
import { renderReport } from './bench/report.mjs';
import { runA, runB, RunFailed } from './bench/runs.mjs';
import { toolkitLoadCost } from './bench/toolkit.mjs';
import { ROOT } from './runner.mjs';

const T0 = Date.now();

function knob(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new RunFailed(`${name} must be a whole number, got "${process.env[name]}"`);
  return value;
}

function log(message) {
  console.log(`[${String(Math.round((Date.now() - T0) / 1000)).padStart(4)}s] ${message}`);
}

/** Warm-up, then timed A/B pairs, then diagnostic runs of A, for one driver. */
async function measureDriver(fx, driver, { runs, sideRuns }, sampler) {
  const inputs = actionInputs(fx, driver);
  log(`${driver}: warm-up of A and B (fills the registry cache)`);
  await runA(fx, inputs);
  await runB(fx, driver);
  const a = [];
  const b = [];
  for (let i = 1; i <= runs; i++) {
    await sampler.waitForQuiet(log);
    // the order alternates, so that neither side always runs right after the other
    const order = i % 2 ? ['a', 'b'] : ['b', 'a'];
    for (const side of order) (side === 'a' ? a : b).push(side === 'a' ? await runA(fx, inputs) : await runB(fx, driver));
    log(`${driver} ${i}/${runs}: A ${ms(a.at(-1).wall)} ms, B ${ms(b.at(-1).wall)} ms`);
  }
  log(`${driver}: ${sideRuns} diagnostic runs of A with every docker command logged`);
  const diagnostic = [];
  for (let i = 0; i < sideRuns; i++) diagnostic.push(await diagnosticRun(fx, inputs));
  return { a, b, diagnostic };
}

async function bench(fx) {
  const knobs = { runs: knob('BENCH_RUNS', 9), sideRuns: knob('BENCH_SIDE_RUNS', 3), starts: knob('BENCH_STARTS', 40) };
  const drivers = (process.env.BENCH_DRIVERS ?? DRIVERS.join(',')).split(',').filter(Boolean);
  if (drivers.some((d) => !DRIVERS.includes(d))) throw new RunFailed(`BENCH_DRIVERS takes ${DRIVERS.join(', ')}`);
  await compileLogParser();
  log(`toolkit load cost: ncc bundles, ${knobs.starts} start-ups each`);
  const toolkit = toolkitLoadCost(knobs.starts);
  const sampler = startSampler();
  const byDriver = {};
  for (const driver of drivers) byDriver[driver] = await measureDriver(fx, driver, knobs, sampler);
  let qemu;
  if (process.env.BENCH_QEMU !== '0' && knobs.sideRuns > 0) {
    log(`QEMU: ${knobs.sideRuns} runs with qemu-aarch64 unregistered, each followed by one with it registered`);
    qemu = await qemuRuns(fx, knobs.sideRuns, () => sampler.waitForQuiet(log));
  }
  sampler.stop();
  const facts = { machine: machineFacts(), bundle: bundleFiles(path.dirname(fx.bundle)), seconds: Math.round((Date.now() - T0) / 1000) };
  return renderReport({ fx, knobs, byDriver, toolkit, qemu, activity: sampler.summary(), disturbed: sampler.disturbed, ...facts });
}

/** Builders are kept in the bench's own Docker config: any left there is one a failed run did not remove. */
function cleanUp(fx) {
  const env = { ...process.env, DOCKER_CONFIG: fx.dockerConfig };
  for (const name of sh('docker', ['buildx', 'ls', '--format', '{{.Name}}'], env).stdout.split('\n')) {
    if (name && name !== 'default') sh('docker', ['buildx', 'rm', '--force', name], env);
  }
  sh('docker', ['logout', fx.stack.registry], env);
  restoreBinfmt();
  fs.rmSync(fx.work, { recursive: true, force: true });
}

let fx;
try {
  if (process.getuid?.() !== 0) throw new RunFailed('run as root: binfmt_misc registrations are measured');
  if (!binfmtMounted()) throw new RunFailed('binfmt_misc is not mounted: run scripts/stack.sh first');
  fx = makeFixture();
  log(`work dir ${fx.work}`);
  const report = await bench(fx);
  const reportFile = path.resolve(ROOT, process.env.BENCH_REPORT ?? 'BENCHMARKS.md');
  fs.writeFileSync(reportFile, report.markdown);
  console.log(`\n${report.markdown}`);
  log(`wrote ${reportFile}; targets: ${report.targets.map((t) => t.result).join(' ')}`);
} catch (error) {
  console.error(`\nbench: ${error instanceof RunFailed ? error.message : error.stack}`);
  process.exitCode = 1;
} finally {
  if (fx) cleanUp(fx);
}
