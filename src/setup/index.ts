import * as fs from 'node:fs';
import * as path from 'node:path';

import * as core from '@actions/core';

import type { Config } from '../config/index.js';
import { type Exec, execWithOutput } from '../core/exec.js';
import { PhaseLog } from '../core/log.js';
import type { DaemonFacts } from '../docker/facts.js';
import { registryOf } from '../image/reference.js';
import * as state from '../state.js';
import { bootstrapBuilder, builderExists, buildkitdConfigText, createBuilder, existingBuilder, newBuilderName } from './builder.js';
import { type NodeStatus } from './builder-inspect.js';
import { login } from './login.js';
import { binfmtImage, withMirror } from './mirror.js';
import { installEmulators, platformsRunHere, pullsAfterLogin, qemuPlan, readRegistrations } from './qemu.js';

/** What every phase of a step works with. */
export interface StepContext {
  readonly config: Config;
  readonly docker: DaemonFacts;
  /** The buildx that runs: `buildx-version`'s release, else the docker CLI plugin's version (undefined: not known). */
  readonly buildxVersion: string | undefined;
  readonly exec: Exec;
  /** The action's temporary directory, removed when main ends (and by post, should main be cancelled). */
  readonly tempDir: string;
}

/** The builder the step runs on. */
export interface BuilderInUse {
  readonly name: string;
  /**
   * What buildx says of each node, once started: empty for the docker driver's own builder, which needs no start,
   * and for a builder of one local node, which the build itself starts (a separate start costs a process).
   */
  readonly nodes: readonly NodeStatus[];
  /** The build starts the builder: its nodes are asked for after it. */
  readonly startedByBuild: boolean;
}

/**
 * Login, QEMU and the builder, side by side (none needs another; the builder's nodes read the emulators when they
 * boot, so they start after all three). A merge builds nothing: it needs no emulators and starts no builder.
 */
export async function setUp(ctx: StepContext): Promise<BuilderInUse> {
  const { config, exec } = ctx;
  if (config.mode === 'merge') return setUpForMerge(ctx);
  const name = existingBuilder(config) ?? (config.builderName || newBuilderName());
  const logs = [new PhaseLog('Login'), new PhaseLog('QEMU'), new PhaseLog(`Builder ${name}`)] as const;
  // QEMU is handed the login: a binfmt image from a registry the step logs in to is pulled once logged in
  const loggedIn = logIn(ctx, logs[0]);
  const [, , created] = await sideBySide(logs, [
    loggedIn,
    registerEmulators(ctx, logs[1], loggedIn),
    createBuilderUnlessGiven(ctx, name, logs[2]),
  ] as const);
  // the docker driver's builder is the daemon itself, always up: nothing to start. One local docker-container node
  // this step created is started by the build itself, which finds the emulators registered by then; several nodes,
  // remote or pods, and a named builder reused as it is, are started first, so that one that does not come up is
  // named before any build begins (and the nodes are those buildx reports, not those the inputs describe)
  const startedByBuild = created && startsWithBuild(config);
  if ((config.driver === 'docker' && config.builder === '') || startedByBuild) return { name, nodes: [], startedByBuild };
  const nodes = await core.group(`Start builder ${name}`, () => bootstrapBuilder(exec, name));
  return { name, nodes, startedByBuild };
}

/** A builder this step creates with one node on this machine's Docker: the build can start it. */
export function startsWithBuild(config: Config): boolean {
  return config.builder === '' && config.driver === 'docker-container' && config.nodes.length === 1 && config.nodes[0].endpoint === '';
}

async function setUpForMerge(ctx: StepContext): Promise<BuilderInUse> {
  const { config } = ctx;
  // imagetools reads plain-HTTP registries from a builder's buildkitd config, which a builder can carry unstarted
  const created = config.builder === '' && config.driver !== 'docker' && config.insecureRegistries.length > 0;
  const name = config.builder || (created ? newBuilderName() : 'default');
  const login = new PhaseLog('Login');
  if (!created) await sideBySide([login], [logIn(ctx, login)]);
  else {
    const builder = new PhaseLog(`Builder ${name}`);
    await sideBySide([login, builder], [logIn(ctx, login), createBuilderUnlessGiven(ctx, name, builder)]);
  }
  return { name, nodes: [], startedByBuild: false };
}

/**
 * Waits for phases that run at once, each logging into its own group, and shows the groups in order once all have
 * ended; waits for every phase (none is left running against a removed temp dir), then throws the first failure,
 * else returns what each phase returned.
 */
async function sideBySide<T extends readonly unknown[]>(
  logs: readonly PhaseLog[],
  running: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(running);
  for (const log of logs) await log.show();
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function logIn({ config, exec }: StepContext, log: PhaseLog): Promise<void> {
  if (config.logins.length === 0) {
    log.info('No credentials given: not logging in');
    return;
  }
  // one after the other: docker login rewrites one config file
  const loggedIn: string[] = [];
  for (const credentials of config.logins) {
    loggedIn.push(credentials.registry);
    // saved before the login runs: one cancelled midway may have stored the credentials, and post must remove them
    if (config.logout) state.save('loggedIn', loggedIn.join(','));
    await login(execWithOutput(exec, log), credentials);
  }
}

async function registerEmulators({ config, docker, exec }: StepContext, log: PhaseLog, loggedIn: Promise<void>): Promise<void> {
  if (!config.qemu) {
    log.info('QEMU: not set up (qemu: false)');
    return;
  }
  const local = platformsRunHere(config.platforms, config.nodes, config.driver, config.testCommand !== '');
  if (local.length < config.platforms.length)
    log.info(`QEMU: built on remote nodes, no local emulator needed: ${config.platforms.filter((p) => !local.includes(p)).join(', ')}`);
  const plan = qemuPlan(local, docker.hostPlatform, readRegistrations());
  if (plan.native.length > 0) log.info(`QEMU: native, no emulator needed: ${plan.native.join(', ')}`);
  if (plan.registered.length > 0) log.info(`QEMU: already registered: ${plan.registered.map((e) => e.entry).join(', ')}`);
  if (plan.missing.length === 0) return;
  const image = binfmtImage(config);
  // an anonymous pull counts against Docker Hub's limit for the runner's address: pull as the step's user
  if (pullsAfterLogin(image, config.logins)) {
    log.info(`QEMU: pulling ${image} once logged in to ${registryOf(image)}`);
    await loggedIn;
  }
  const how = await installEmulators(execWithOutput(exec, log), image, plan.missing);
  log.info(`QEMU: installed ${plan.missing.map((e) => e.entry).join(', ')} (${how === 'host' ? "host's qemu-user-static" : image})`);
}

/** Creates the builder unless one is given or a named one exists; true when it created it. */
async function createBuilderUnlessGiven(
  { config, exec, tempDir, buildxVersion }: StepContext,
  name: string,
  log: PhaseLog,
): Promise<boolean> {
  if (existingBuilder(config)) return false;
  // cleanup: false keeps the builder for later steps; with cleanup, post removes a reused one too, as setup-buildx-action does
  if (config.cleanup) state.save('builder', name);
  if (config.builderName !== '' && (await builderExists(exec, name))) {
    log.info(`Builder ${name} exists: reused as it is (the builder inputs apply only when it is created)`);
    return false;
  }
  const base = config.buildkitdConfig !== '' ? fs.readFileSync(config.buildkitdConfig, 'utf8') : config.buildkitdConfigInline;
  // a remote daemon reads its own buildkitd.toml; buildx has none to hand it
  const text = config.driver === 'remote' ? '' : buildkitdConfigText(withMirror(base, config.registryMirror), config.insecureRegistries);
  let configFile: string | undefined;
  if (text !== '') {
    configFile = path.join(tempDir, 'buildkitd.toml');
    fs.writeFileSync(configFile, text);
  }
  await createBuilder(execWithOutput(exec, log), config, name, configFile, buildxVersion);
  return true;
}
