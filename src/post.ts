import * as fs from 'node:fs';

import * as core from '@actions/core';

import { createExec, type Exec } from './core/exec.js';
import { removeBuilder } from './setup/builder.js';
import { logout } from './setup/login.js';
import * as state from './state.js';

/** Undoes what main recorded, last first; one failed cleanup does not stop the others. */
export async function post(exec: Exec = createExec()): Promise<void> {
  const saved = state.load();
  const failures: string[] = [];
  // each undo's error names what it was doing ("removing builder b1 failed: …"); the exec seam never throws
  const attempt = async (undo: () => Promise<unknown>): Promise<void> => {
    try {
      await undo();
    } catch (error) {
      failures.push((error as Error).message);
    }
  };
  const builder = saved.builder;
  if (builder) {
    await core.group('Remove builder', () => attempt(async () => core.info(`Builder ${builder}: ${await removeBuilder(exec, builder)}`)));
  }
  const registries = (saved.loggedIn ?? '').split(',').filter(Boolean).reverse();
  if (registries.length > 0) {
    await core.group('Log out', async () => {
      for (const registry of registries) await attempt(() => logout(exec, registry));
    });
  }
  if (saved.tempDir) fs.rmSync(saved.tempDir, { recursive: true, force: true });
  // a cleanup that failed leaves something behind on a possibly shared runner: say so, but the job's result stands
  for (const failure of failures) core.warning(failure);
}
