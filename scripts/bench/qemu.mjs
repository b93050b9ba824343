// QEMU: the action registers only the emulators the platforms need, while it logs in. Measured by unregistering
// qemu-aarch64 before a diagnostic run (the action registers it) and comparing with a run where it is registered
// (the action skips it). binfmt_misc is the machine's: what the bench removes, it puts back.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { diagnosticRun } from './diagnose.mjs';
import { actionInputs } from './fixture.mjs';

const BINFMT = '/proc/sys/fs/binfmt_misc';
const HOST_LINES = '/usr/lib/binfmt.d';
const NEEDED = 'qemu-aarch64';
// what the stack registers, and so what the bench leaves registered
const KEEP = ['qemu-aarch64', 'qemu-arm'];

export function registered() {
  return fs
    .readdirSync(BINFMT)
    .filter((name) => name.startsWith('qemu-'))
    .sort();
}

export function binfmtMounted() {
  return fs.existsSync(path.join(BINFMT, 'register'));
}

function unregister(name) {
  if (fs.existsSync(path.join(BINFMT, name))) fs.writeFileSync(path.join(BINFMT, name), '-1');
}

export function restoreBinfmt() {
  for (const name of KEEP) {
    if (fs.existsSync(path.join(BINFMT, name))) continue;
    try {
      const line = fs
        .readFileSync(path.join(HOST_LINES, `${name}.conf`), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`:${name}:`));
      fs.writeFileSync(path.join(BINFMT, 'register'), line);
    } catch (error) {
      console.error(`could not register ${name} again: ${error.message}`);
    }
  }
}

function overlap(a, b) {
  return a && b ? Math.min(a.end, b.end) - Math.max(a.start, b.start) : NaN;
}

/** `runs` pairs of main with qemu-aarch64 unregistered and registered, driver docker. */
export async function qemuRuns(fx, runs, beforeEach) {
  const inputs = actionInputs(fx, 'docker');
  const before = registered();
  const unregisteredRuns = [];
  const registeredRuns = [];
  for (let i = 0; i < runs; i++) {
    await beforeEach();
    unregister(NEEDED);
    const pre = registered();
    const run = await diagnosticRun(fx, inputs);
    const login = run.inMain.find((c) => c.args.startsWith('login '));
    const install = run.inMain.find((c) => c.args.includes('--install'));
    // binfmt_misc after post is what main left: post does not touch emulators
    unregisteredRuns.push({ ...run, added: registered().filter((name) => !pre.includes(name)), install, overlap: overlap(login, install) });
    registeredRuns.push(await diagnosticRun(fx, inputs));
  }
  restoreBinfmt();
  return { before, after: registered(), unregistered: unregisteredRuns, registered: registeredRuns };
}
