import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { isSubrequest } from './build-inputs.js';
import { describeDocker, dockerFacts, type DockerFacts } from './docker.js';
import { createExec, stopCommandsOnCancel, type Exec } from './exec.js';
import { checkAgainstDocker, readConfig, type Config } from './inputs.js';
import { modeFor } from './modes/index.js';
import { setOutputs } from './result.js';
import { setUp } from './setup.js';
import * as state from './state.js';
import { writeSummary } from './summary.js';

/** The action's main step: read the config, set up, build, verify, test, tag, report. */
export async function main(facts: Promise<DockerFacts> = dockerFacts()): Promise<void> {
  stopCommandsOnCancel();
  state.markMainStarted();
  const config = await readConfig();
  const docker = await core.group('Docker', async () => {
    const known = await facts;
    core.info(describeDocker(known));
    checkAgainstDocker(config, known);
    return known;
  });
  const exec = await commandRunner(config, docker);
  const tempDir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'buildx-multiarch-'));
  state.save('tempDir', tempDir);
  try {
    const ctx = { config, docker, exec, tempDir };
    const builder = await core.group('Set up: login, QEMU, builder', () => setUp(ctx));
    const mode = modeFor(ctx, builder);
    await core.group(config.mode === 'merge' ? 'Merge' : 'Build', () => mode.build());
    await core.group('Read back and verify', () => mode.verify());
    if (config.testCommand !== '') await core.group('Test', () => mode.test());
    const result = await core.group('Tag', () => mode.tag());
    setOutputs(result);
    // a check (outline, targets) built nothing to report, and build-push-action writes no summary for it either
    if (!isSubrequest(config.call)) await writeSummary(result);
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** The exec seam; with `buildx-version`, `docker buildx` runs that release's standalone binary. */
async function commandRunner(config: Config, docker: DockerFacts): Promise<Exec> {
  if (config.buildxVersion === '') return createExec();
  const { installBuildx } = await import('./buildx-install.js');
  return createExec(await installBuildx(createExec(), config.buildxVersion, docker.hostPlatform ?? 'linux/amd64'));
}
