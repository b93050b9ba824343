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
  const attempt = async (what: string, undo: () => Promise<unknown>): Promise<void> => {
    try {
      await undo();
    } catch (error) {
      // a CommandError names what it was doing ("removing builder b1 failed: …"): not named twice
      const message = (error as Error).message;
      failures.push(message.startsWith(what) ? message : `${what}: ${message}`);
    }
  };
  const builder = saved.builder;
  if (builder) {
    await core.group('Remove builder', () =>
      attempt(`removing builder ${builder}`, async () => core.info(`Builder ${builder}: ${await removeBuilder(exec, builder)}`)),
    );
  }
  const registries = (saved.loggedIn ?? '').split(',').filter(Boolean).reverse();
  if (registries.length > 0) {
    await core.group('Log out', async () => {
      for (const registry of registries) await attempt(`logging out of ${registry}`, () => logout(exec, registry));
    });
  }
  if (saved.tempDir) fs.rmSync(saved.tempDir, { recursive: true, force: true });
  // a cleanup that failed leaves something behind on a possibly shared runner: say so, but the job's result stands
  for (const failure of failures) core.warning(failure);
}
