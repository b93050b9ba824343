import * as fs from 'node:fs';
import * as core from '@actions/core';
import { removeBuilder } from './builder.js';
import { logout } from './login.js';
import * as state from './state.js';

/** Undoes what main recorded, last first; one failed cleanup does not stop the others. */
export async function post(): Promise<void> {
  const saved = state.load();
  const failures: string[] = [];
  const attempt = async (what: string, undo: () => Promise<unknown>): Promise<void> => {
    try {
      await undo();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  if (saved.builder) {
    const builder = saved.builder;
    await attempt(`removing builder ${builder}`, async () => core.info(`Builder ${builder}: ${await removeBuilder(builder)}`));
  }
  for (const registry of (saved.loggedIn ?? '').split(',').filter(Boolean).reverse()) {
    await attempt(`logging out of ${registry}`, () => logout(registry));
  }
  if (saved.tempDir) fs.rmSync(saved.tempDir, { recursive: true, force: true });
  // a cleanup that failed leaves something behind on a possibly shared runner: say so, but the job's result stands
  for (const failure of failures) core.warning(failure);
}
