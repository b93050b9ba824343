import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { build, pushPlan } from './build.js';
import { bootstrapBuilder, buildkitdConfigText, createBuilder, existingBuilder, newBuilderName } from './builder.js';
import { inspectPushed, parseMetadata, platformDigests, verifyPushed } from './digests.js';
import { dockerFacts, type DockerFacts } from './docker.js';
import { useBuildxBinary } from './exec.js';
import { testImages } from './imagetest.js';
import { checkAgainstDocker, INPUT_NAMES, parseConfig, type Config, type RawInputs } from './inputs.js';
import { login } from './login.js';
import { removeLegs } from './cleanup.js';
import { createIndex, readLegs } from './merge.js';
import { nativePlatforms } from './platforms.js';
import { installEmulators, qemuPlan, readRegistrations } from './qemu.js';
import { repositoryOf } from './reference.js';
import { compressedSizes } from './registry.js';
import * as state from './state.js';
import { buildStats, writeSummary, type StepResult } from './summary.js';

export async function main(): Promise<void> {
  state.markMainStarted();
  const config = await readConfig();
  const docker = await dockerFacts();
  checkAgainstDocker(config, docker);
  if (config.buildxVersion !== '') {
    const { installBuildx } = await import('./buildx-install.js');
    useBuildxBinary(await installBuildx(config.buildxVersion, docker.hostPlatform ?? 'linux/amd64'));
  }

  const tempDir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'buildx-multiarch-'));
  state.save('tempDir', tempDir);
  try {
    const result = config.mode === 'merge' ? await mergeImages(config, tempDir) : await buildImages(config, docker, tempDir);
    setOutputs(result);
    if (process.env.GITHUB_STEP_SUMMARY && result.pushed) {
      const sizes = await compressedSizes(repositoryOf(config.tags[0]), result.platformDigests, config.logins, config.insecureRegistries);
      await writeSummary({ ...result, sizes });
    } else {
      await writeSummary(result);
    }
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Build (or one leg of a multi-runner build): set up, build and push, verify, test, then tag. */
async function buildImages(config: Config, docker: DockerFacts, tempDir: string): Promise<StepResult> {
  const builder = existingBuilder(config) ?? newBuilderName();
  await allSettled([loginStep(config), qemuStep(config, docker), createBuilderStep(config, builder, tempDir)]);
  await bootstrapBuilder(builder);

  const metadataFile = path.join(tempDir, 'metadata.json');
  const started = Date.now();
  const log = await build(config, builder, metadataFile, config.driver !== 'docker' || docker.containerdStore);
  const buildSeconds = (Date.now() - started) / 1000;
  const metadataJson = fs.readFileSync(metadataFile, 'utf8');
  const metadata = parseMetadata(metadataJson);

  let digests: Record<string, string> = {};
  const plan = pushPlan(config);
  if (config.push && metadata.digest) {
    const repository = plan.byDigestTo ?? repositoryOf(plan.buildTags[0]);
    const pushed = await inspectPushed(repository, metadata.digest, builder);
    digests = platformDigests(pushed.manifestJson, config.platforms, metadata.digest);
    verifyPushed(pushed, digests, config.platforms, metadata.digest);
    if (config.testCommand !== '') await testImages(repository, digests, config.testCommand);
    if (plan.tagAfter.length > 0) {
      const tagged = await createIndex(builder, plan.tagAfter, [`${repository}@${metadata.digest}`]);
      if (tagged !== metadata.digest) throw new Error(`tagging ${plan.tagAfter[0]} pushed ${tagged}, not the tested ${metadata.digest}`);
    }
  }
  const native = nativePlatforms(docker.hostPlatform);
  return {
    mode: config.mode,
    builder,
    platforms: config.platforms,
    digest: metadata.digest,
    imageid: metadata.configDigest ?? metadata.digest,
    metadataJson,
    platformDigests: digests,
    tags: config.push ? (config.mode === 'leg' ? [] : config.tags) : [],
    pushed: config.push,
    execution: Object.fromEntries(config.platforms.map((p) => [p, native.includes(p) ? 'native' : 'QEMU'])),
    buildSeconds,
    stats: buildStats(log),
  };
}

/** Merge: one index from the legs' pushed platforms (or from `sources`), under the tags; the legs' temporary tags go. */
async function mergeImages(config: Config, tempDir: string): Promise<StepResult> {
  // imagetools reads plain-HTTP registries from a builder's buildkitd config, which a builder can carry unstarted
  const created = config.builder === '' && config.driver !== 'docker' && config.insecureRegistries.length > 0;
  const builder = config.builder || (created ? newBuilderName() : 'default');
  await allSettled([loginStep(config), created ? createBuilderStep(config, builder, tempDir) : Promise.resolve()]);
  const repository = repositoryOf(config.tags[0]);
  const legs = config.sources.length > 0 ? [] : await readLegs(config, repository, builder);
  const sources = config.sources.length > 0 ? config.sources : [...new Set(legs.map((leg) => `${repository}@${leg.digest}`))];
  const digest = await createIndex(builder, config.tags, sources);
  const pushed = await inspectPushed(repository, digest, builder);
  const requested = config.platformsGiven || legs.length > 0 ? config.platforms : undefined;
  const digests = platformDigests(pushed.manifestJson, requested ?? [], digest);
  verifyPushed(pushed, digests, requested ?? Object.keys(digests), digest);
  if (legs.length > 0) await removeLegs(config, repository, legs, digest);
  return {
    mode: 'merge',
    builder,
    platforms: Object.keys(digests),
    digest,
    imageid: digest,
    metadataJson: '',
    platformDigests: digests,
    tags: config.tags,
    pushed: true,
    execution: {},
  };
}

/** Waits for every step (none is left running against a removed temp dir), then throws the first failure. */
async function allSettled(steps: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(steps)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The one place inputs are read; secrets are masked before anything can log them. */
async function readConfig(): Promise<Config> {
  const raw: RawInputs = {};
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name);
  if (raw.password) core.setSecret(raw.password);
  for (const line of (raw.secrets ?? '').split(/\r?\n/)) {
    const value = line.slice(line.indexOf('=') + 1).trim();
    if (line.includes('=') && value !== '') core.setSecret(value);
  }
  // registry-auth is rare: its YAML parser loads only when it is given. Every scalar stays a string (failsafe
  // schema): a password like 0123 or 1e3 must not turn into a number
  const yaml = raw['registry-auth']?.trim() ? await import('yaml') : undefined;
  const parseYaml = yaml ? (text: string): unknown => yaml.parse(text, { schema: 'failsafe' }) : undefined;
  const config = parseConfig(raw, { run: { id: process.env.GITHUB_RUN_ID, attempt: process.env.GITHUB_RUN_ATTEMPT }, parseYaml });
  for (const credentials of config.logins) core.setSecret(credentials.password);
  return config;
}

async function loginStep(config: Config): Promise<void> {
  if (config.logins.length === 0) {
    core.info('No credentials given: not logging in');
    return;
  }
  // one after the other: docker login rewrites one config file
  const loggedIn: string[] = [];
  for (const credentials of config.logins) {
    loggedIn.push(credentials.registry);
    if (config.logout) state.save('loggedIn', loggedIn.join(','));
    await login(credentials);
  }
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
  const base = config.buildkitdConfig !== '' ? fs.readFileSync(config.buildkitdConfig, 'utf8') : config.buildkitdConfigInline;
  const text = buildkitdConfigText(base, config.insecureRegistries);
  let configFile: string | undefined;
  if (text !== '') {
    configFile = path.join(tempDir, 'buildkitd.toml');
    fs.writeFileSync(configFile, text);
  }
  state.save('builder', builder);
  await createBuilder(config, builder, configFile);
}

function setOutputs(result: StepResult): void {
  core.setOutput('digest', result.digest ?? '');
  core.setOutput('platform-digests', JSON.stringify(result.platformDigests));
  core.setOutput('imageid', result.imageid ?? '');
  core.setOutput('metadata', result.metadataJson);
  core.setOutput('builder', result.builder);
  core.setOutput('platforms', result.platforms.join(','));
}
