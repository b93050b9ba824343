import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { build } from './build.js';
import { bootstrapBuilder, createBuilder, existingBuilder, newBuilderName } from './builder.js';
import { inspectPushed, parseMetadata, platformDigests, verifyPushed } from './digests.js';
import { dockerFacts, type DockerFacts } from './docker.js';
import { useBuildxBinary } from './exec.js';
import { checkAgainstDocker, INPUT_NAMES, parseConfig, type Config, type RawInputs } from './inputs.js';
import { hasCredentials, login } from './login.js';
import { nativePlatforms } from './platforms.js';
import { installEmulators, qemuPlan, readRegistrations } from './qemu.js';
import { repositoryOf } from './reference.js';
import * as state from './state.js';
import { writeSummary, type BuildResult } from './summary.js';

export async function main(): Promise<void> {
  state.markMainStarted();
  const config = readConfig();
  const docker = await dockerFacts();
  checkAgainstDocker(config, docker);
  if (config.buildxVersion !== '') {
    const { installBuildx } = await import('./buildx-install.js');
    useBuildxBinary(await installBuildx(config.buildxVersion, docker.hostPlatform ?? 'linux/amd64'));
  }

  const tempDir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'buildx-multiarch-'));
  state.save('tempDir', tempDir);
  try {
    const builder = existingBuilder(config) ?? newBuilderName();
    await allSettled([loginStep(config), qemuStep(config, docker), createBuilderStep(config, builder, tempDir)]);
    await bootstrapBuilder(builder);

    const metadataFile = path.join(tempDir, 'metadata.json');
    await build(config, builder, metadataFile, config.driver !== 'docker' || docker.containerdStore);
    const result = await readResult(config, builder, docker, metadataFile);
    await writeSummary(result);
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Waits for every step (none is left running against a removed temp dir), then throws the first failure. */
async function allSettled(steps: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(steps)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The one place inputs are read; secrets are masked before anything can log them. */
function readConfig(): Config {
  const raw: RawInputs = {};
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name);
  if (raw.password) core.setSecret(raw.password);
  for (const line of (raw.secrets ?? '').split(/\r?\n/)) {
    const value = line.slice(line.indexOf('=') + 1).trim();
    if (line.includes('=') && value !== '') core.setSecret(value);
  }
  return parseConfig(raw);
}

async function loginStep(config: Config): Promise<void> {
  if (!hasCredentials(config)) {
    core.info('No username/password given: not logging in');
    return;
  }
  if (config.logout) state.save('loggedIn', config.registry);
  await login(config);
}

async function qemuStep(config: Config, docker: DockerFacts): Promise<void> {
  if (!config.qemu) return;
  const plan = qemuPlan(config.platforms, docker.hostPlatform, readRegistrations());
  if (plan.native.length > 0) core.info(`QEMU: native, no emulator needed: ${plan.native.join(', ')}`);
  if (plan.registered.length > 0) core.info(`QEMU: already registered: ${plan.registered.map((e) => e.entry).join(', ')}`);
  if (plan.missing.length === 0) return;
  const how = await installEmulators(config.qemuImage, plan.missing);
  core.info(`QEMU: installed ${plan.missing.map((e) => e.entry).join(', ')} (${how === 'host' ? "host's qemu-user-static" : config.qemuImage})`);
}

async function createBuilderStep(config: Config, builder: string, tempDir: string): Promise<void> {
  if (existingBuilder(config)) return;
  let buildkitdConfig = config.buildkitdConfig || undefined;
  if (config.buildkitdConfigInline !== '') {
    buildkitdConfig = path.join(tempDir, 'buildkitd.toml');
    fs.writeFileSync(buildkitdConfig, config.buildkitdConfigInline);
  }
  state.save('builder', builder);
  await createBuilder(config, builder, buildkitdConfig);
}

async function readResult(config: Config, builder: string, docker: DockerFacts, metadataFile: string): Promise<BuildResult> {
  const metadataJson = fs.readFileSync(metadataFile, 'utf8');
  const metadata = parseMetadata(metadataJson);
  let digests: Record<string, string> = {};
  if (config.push && metadata.digest) {
    const pushed = await inspectPushed(repositoryOf(config.tags[0]), metadata.digest, builder);
    digests = platformDigests(pushed.manifestJson, config.platforms, metadata.digest);
    verifyPushed(pushed, digests, config.platforms, metadata.digest);
  }
  const native = nativePlatforms(docker.hostPlatform);
  const result: BuildResult = {
    builder,
    platforms: config.platforms,
    digest: metadata.digest,
    platformDigests: digests,
    tags: config.tags,
    pushed: config.push,
    execution: Object.fromEntries(config.platforms.map((p) => [p, native.includes(p) ? 'native' : 'QEMU'])),
  };
  core.setOutput('digest', metadata.digest ?? '');
  core.setOutput('platform-digests', JSON.stringify(digests));
  core.setOutput('imageid', metadata.configDigest ?? metadata.digest ?? '');
  core.setOutput('metadata', metadataJson);
  core.setOutput('builder', builder);
  core.setOutput('platforms', config.platforms.join(','));
  return result;
}
