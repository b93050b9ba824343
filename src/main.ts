import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { build, perPlatformBuilds, pushPlan } from './build.js';
import { bootstrapBuilder, buildkitdConfigText, createBuilder, existingBuilder, newBuilderName } from './builder.js';
import { parseMetadata, platformDigests, verifyPushed } from './digests.js';
import { dockerFacts, type DockerFacts } from './docker.js';
import { stopCommandsOnCancel, useBuildxBinary } from './exec.js';
import { testImages } from './imagetest.js';
import { checkAgainstDocker, readConfig, type Config } from './config/index.js';
import { login } from './login.js';
import { removeLegs } from './cleanup.js';
import { createIndex, readLegs } from './merge.js';
import { nodeFor, type BuilderNode, type NodeStatus } from './nodes.js';
import { nativePlatforms } from './platforms.js';
import { installEmulators, qemuPlan, readRegistrations } from './qemu.js';
import { repositoryOf } from './reference.js';
import { readPushed, registryClient } from './registry.js';
import * as state from './state.js';
import { buildStats, mergeStats, writeSummary, type StepResult } from './summary.js';

export async function main(facts: Promise<DockerFacts> = dockerFacts()): Promise<void> {
  state.markMainStarted();
  stopCommandsOnCancel();
  const config = await readConfig();
  const docker = await facts;
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
    await writeSummary(result);
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Build (or one leg of a multi-runner build): set up, build and push, verify, test, then tag. */
async function buildImages(config: Config, docker: DockerFacts, tempDir: string): Promise<StepResult> {
  const builder = existingBuilder(config) ?? newBuilderName();
  await allSettled([loginStep(config), qemuStep(config, docker), createBuilderStep(config, builder, tempDir)]);
  // the docker driver's builder is the daemon itself, always up: nothing to start
  const nodes = config.driver === 'docker' && config.builder === '' ? [] : await bootstrapBuilder(builder);
  if (nodes.length > 1) core.setOutput('nodes', JSON.stringify(nodes));

  const canExportCache = config.driver !== 'docker' || docker.containerdStore;
  const split = perPlatformBuilds(config);
  if (split) return buildPerPlatform(config, split, builder, nodes, docker, tempDir, canExportCache);

  const metadataFile = path.join(tempDir, 'metadata.json');
  const started = Date.now();
  // while BuildKit works: open the connection (and get a token) for reading the pushed image back
  const registry = config.push ? registryClient(repositoryOf(config.tags[0]), config.logins, config.insecureRegistries) : undefined;
  registry?.warm().catch(() => undefined);
  const log = await build(config, builder, metadataFile, canExportCache);
  const buildSeconds = (Date.now() - started) / 1000;
  const metadataJson = fs.readFileSync(metadataFile, 'utf8');
  const metadata = parseMetadata(metadataJson);

  let digests: Record<string, string> = {};
  let sizes: Record<string, number> | undefined;
  const plan = pushPlan(config);
  if (config.push && metadata.digest) {
    const repository = plan.byDigestTo ?? repositoryOf(plan.buildTags[0]);
    const pushed = await readPushed(repository, metadata.digest, builder, config.logins, config.insecureRegistries, registry);
    sizes = pushed.sizes;
    digests = platformDigests(pushed.manifestJson, config.platforms, metadata.digest);
    verifyPushed(pushed, digests, config.platforms, metadata.digest);
    if (config.testCommand !== '') await testImages(repository, digests, config.testCommand);
    if (plan.tagAfter.length > 0) {
      const tagged = await createIndex(builder, plan.tagAfter, [`${repository}@${metadata.digest}`]);
      if (tagged !== metadata.digest) throw new Error(`tagging ${plan.tagAfter[0]} pushed ${tagged}, not the tested ${metadata.digest}`);
    }
  }
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
    execution: executionOf(config, docker, nodes),
    buildSeconds,
    stats: buildStats(log),
    sizes,
  };
}

/**
 * Several nodes: one build per platform, in parallel, each pushed by digest with its own cache ref; then
 * verified (and tested), and one index made of them under the tags.
 */
async function buildPerPlatform(
  config: Config,
  builds: Config[],
  builder: string,
  nodes: NodeStatus[],
  docker: DockerFacts,
  tempDir: string,
  canExportCache: boolean,
): Promise<StepResult> {
  const repository = repositoryOf(config.tags[0]);
  const started = Date.now();
  const logs = await Promise.all(builds.map((one, i) => build(one, builder, path.join(tempDir, `metadata-${i}.json`), canExportCache, true)));
  const buildSeconds = (Date.now() - started) / 1000;
  const pushed = builds.map((one, i) => ({ platform: one.platforms[0], digest: parseMetadata(fs.readFileSync(path.join(tempDir, `metadata-${i}.json`), 'utf8')).digest as string }));
  const perPlatform: Record<string, string> = {};
  await Promise.all(
    pushed.map(async ({ platform, digest }) => {
      const inspected = await readPushed(repository, digest, builder, config.logins, config.insecureRegistries);
      const digests = platformDigests(inspected.manifestJson, [platform], digest);
      verifyPushed(inspected, digests, [platform], digest);
      perPlatform[platform] = digests[platform];
    }),
  );
  const digests = Object.fromEntries(config.platforms.map((p) => [p, perPlatform[p]]));
  if (config.testCommand !== '') await testImages(repository, digests, config.testCommand);
  const digest = await createIndex(builder, config.tags, pushed.map((one) => `${repository}@${one.digest}`));
  const merged = await readPushed(repository, digest, builder, config.logins, config.insecureRegistries);
  verifyPushed(merged, platformDigests(merged.manifestJson, config.platforms, digest), config.platforms, digest);
  return {
    mode: config.mode,
    builder,
    platforms: config.platforms,
    digest,
    imageid: digest,
    metadataJson: JSON.stringify(Object.fromEntries(builds.map((one, i) => [one.platforms[0], JSON.parse(fs.readFileSync(path.join(tempDir, `metadata-${i}.json`), 'utf8'))]))),
    platformDigests: digests,
    tags: config.tags,
    pushed: true,
    execution: executionOf(config, docker, nodes),
    buildSeconds,
    // each build has one platform, so buildx names its steps without one: file them under their platform
    stats: mergeStats(logs.map((log, i) => [builds[i].platforms[0], buildStats(log)])),
    sizes: merged.sizes,
  };
}

/** Where each platform ran: the node that built it, and native or QEMU on this machine's builder. */
function executionOf(config: Config, docker: DockerFacts, nodes: readonly NodeStatus[]): Record<string, string> {
  const native = nativePlatforms(docker.hostPlatform);
  return Object.fromEntries(
    config.platforms.map((platform) => {
      const index = nodeFor(platform, config.nodes) ?? 0;
      const ran = config.nodes[index]?.endpoint && config.driver === 'remote' ? 'remote' : native.includes(platform) ? 'native' : 'QEMU';
      return [platform, nodes.length > 1 ? `${ran} on ${nodes[index]?.name ?? `node ${index + 1}`}` : ran];
    }),
  );
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
  const pushed = await readPushed(repository, digest, builder, config.logins, config.insecureRegistries);
  // no platforms: a merge of sources takes what the sources hold
  const requested = config.platforms.length > 0 ? config.platforms : undefined;
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
    sizes: pushed.sizes,
  };
}

/** Waits for every step (none is left running against a removed temp dir), then throws the first failure. */
async function allSettled(steps: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(steps)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
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
  // emulators serve the builds that run on this machine's kernel; a remote node emulates (or not) on its own
  const local = config.platforms.filter((platform) => config.driver !== 'remote' && config.driver !== 'kubernetes' && isLocal(config.nodes[nodeFor(platform, config.nodes) ?? 0]));
  if (local.length < config.platforms.length) core.info(`QEMU: built on remote nodes, no local emulator needed: ${config.platforms.filter((p) => !local.includes(p)).join(', ')}`);
  const plan = qemuPlan(local, docker.hostPlatform, readRegistrations());
  if (plan.native.length > 0) core.info(`QEMU: native, no emulator needed: ${plan.native.join(', ')}`);
  if (plan.registered.length > 0) core.info(`QEMU: already registered: ${plan.registered.map((e) => e.entry).join(', ')}`);
  if (plan.missing.length === 0) return;
  const how = await installEmulators(config.qemuImage, plan.missing);
  core.info(`QEMU: installed ${plan.missing.map((e) => e.entry).join(', ')} (${how === 'host' ? "host's qemu-user-static" : config.qemuImage})`);
}

/** A node that runs on this machine's Docker (the local daemon's socket, or no endpoint at all). */
function isLocal(node: BuilderNode | undefined): boolean {
  return !node || node.endpoint === '' || node.endpoint === 'default' || node.endpoint === 'unix:///var/run/docker.sock';
}

async function createBuilderStep(config: Config, builder: string, tempDir: string): Promise<void> {
  if (existingBuilder(config)) return;
  const base = config.buildkitdConfig !== '' ? fs.readFileSync(config.buildkitdConfig, 'utf8') : config.buildkitdConfigInline;
  // a remote daemon reads its own buildkitd.toml; buildx has none to hand it
  const text = config.driver === 'remote' ? '' : buildkitdConfigText(base, config.insecureRegistries);
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
