import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import * as core from '@actions/core';

import { isSubrequest } from './config/build-flags.js';
import { checkAgainstDocker, type Config, readConfig } from './config/index.js';
import { createExec, type Exec, stopCommandsOnCancel } from './core/exec.js';
import { askDocker, describeDocker, type Docker } from './docker/facts.js';
import { runMode, runPhases } from './modes/index.js';
import { setOutputs } from './report/result.js';
import { writeSummary } from './report/summary.js';
import { setUp } from './setup/index.js';
import * as state from './state.js';

/** The action's main step: read the config, set up, build, verify, test, tag, report. */
export async function main(asked: Docker = askDocker()): Promise<void> {
  stopCommandsOnCancel();
  state.markMainStarted();
  const config = await readConfig();
  const { docker, buildx } = await core.group('Docker', async () => {
    const [daemon, plugin] = await Promise.all([asked.daemon(), asked.buildx()]);
    core.info(describeDocker(daemon, config.buildxVersion === '' ? plugin : undefined));
    checkAgainstDocker(config, { ...daemon, buildxVersion: plugin });
    return { docker: daemon, buildx: plugin };
  });
  const exec = await commandRunner(config);
  const tempDir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'buildx-multiarch-'));
  state.save('tempDir', tempDir);
  try {
    const ctx = { config, docker, buildxVersion: config.buildxVersion || buildx, exec, tempDir };
    const builder = await setUp(ctx); // each of its phases logs in a group of its own
    const result = await runMode(ctx, builder, (mode) => runPhases(config, mode));
    setOutputs(result);
    // a check (outline, targets) built nothing to report, and build-push-action writes no summary for it either
    if (!isSubrequest(config.call)) await writeSummary(result);
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** The exec seam; with `buildx-version`, `docker buildx` runs that release's standalone binary. */
async function commandRunner(config: Config): Promise<Exec> {
  if (config.buildxVersion === '') return createExec();
  const { installBuildx } = await import('./setup/buildx-install.js');
  return createExec(await installBuildx(createExec(), config.buildxVersion));
}
