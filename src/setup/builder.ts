import * as crypto from 'node:crypto';

import * as core from '@actions/core';

import { eventPayloadDriverOpts } from '../build/event-payload.js';
import type { Config } from '../config/index.js';
import { type BuilderNode } from '../config/nodes.js';
import { CommandError } from '../core/errors.js';
import { type Exec, failureReason, runOrThrow } from '../core/exec.js';
import { execInContainer } from '../docker/engine-api.js';
import { type NodeStatus, parseBuilderInspect, parseBuildkitdVersion } from './builder-inspect.js';
import type { BuilderInUse } from './index.js';
import { mirroredDriverOpts } from './mirror.js';

/** The builder a build runs on, and whether the action created it (and so must remove it). */
export interface Builder {
  readonly name: string;
  readonly created: boolean;
}

export function newBuilderName(): string {
  return `buildx-multiarch-${crypto.randomBytes(4).toString('hex')}`;
}

/** The builder the config asks for when the action creates none: a named one, or the docker driver's own. */
export function existingBuilder(config: Config): string | undefined {
  if (config.builder !== '') return config.builder;
  if (config.driver === 'docker') return 'default';
  return undefined;
}

/** What a `docker buildx create` needs besides the config: the buildkitd.toml written for it, and buildx's version. */
export interface CreateOptions {
  readonly buildkitdConfigPath?: string;
  readonly buildxVersion?: string;
}

export function createArgs(config: Config, name: string, { buildkitdConfigPath, buildxVersion }: CreateOptions = {}): string[] {
  const args = ['buildx', 'create', '--name', name, '--driver', config.driver];
  const first = config.nodes[0];
  if (first && first.platforms.length > 0) args.push('--platform', first.platforms.join(','));
  const driverOpts = first?.driverOpts ?? [];
  for (const opt of [...driverOpts, ...eventPayloadDriverOpts(config, driverOpts, buildxVersion)]) args.push('--driver-opt', opt);
  // a remote daemon runs with its own flags
  const given = first?.buildkitdFlags ?? '';
  const flags = given !== '' || config.driver === 'remote' ? given : entitlementFlags(config);
  if (flags !== '') args.push('--buildkitd-flags', flags);
  if (buildkitdConfigPath) args.push('--buildkitd-config', buildkitdConfigPath);
  if (first && first.endpoint !== '') args.push(first.endpoint);
  return args;
}

/**
 * The insecure entitlements the build asks for (`allow`, `network: host`), allowed on the builder this step creates
 * when `buildkitd-flags` is empty: setup-buildx-action allows both there by default, so a copied `allow` works.
 */
export function entitlementFlags(config: Pick<Config, 'allow' | 'network'>): string {
  const wanted = ['network.host', 'security.insecure'].filter(
    (e) => config.allow.includes(e) || (e === 'network.host' && config.network === 'host'),
  );
  return wanted.map((e) => `--allow-insecure-entitlement ${e}`).join(' ');
}

/** Adds one more node to the builder (its driver is the builder's). */
export function appendArgs(
  builder: string,
  node: BuilderNode,
  buildkitdConfigPath: string | undefined,
  extraDriverOpts: readonly string[] = [],
): string[] {
  const args = ['buildx', 'create', '--append', '--name', builder];
  if (node.name !== '') args.push('--node', node.name);
  if (node.platforms.length > 0) args.push('--platform', node.platforms.join(','));
  for (const opt of [...node.driverOpts, ...extraDriverOpts]) args.push('--driver-opt', opt);
  if (node.buildkitdFlags !== '') args.push('--buildkitd-flags', node.buildkitdFlags);
  if (buildkitdConfigPath) args.push('--buildkitd-config', buildkitdConfigPath);
  if (node.endpoint !== '') args.push(node.endpoint);
  return args;
}

/**
 * The created builder's buildkitd.toml: the user's, plus a registry section per insecure registry (plain HTTP,
 * and no certificate check where it does speak TLS).
 */
export function buildkitdConfigText(base: string, insecureRegistries: readonly string[]): string {
  const sections = insecureRegistries.map((host) => `[registry."${host}"]\n  http = true\n  insecure = true`);
  const parts = [base.trim(), ...sections].filter((part) => part !== '');
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}

export function bootstrapArgs(name: string): string[] {
  return ['buildx', 'inspect', '--bootstrap', '--builder', name];
}

export function removeArgs(name: string): string[] {
  return ['buildx', 'rm', '--force', name];
}

/**
 * Creates the builder with its first node, then appends the others, one after the other (buildx rewrites one file);
 * `buildxVersion` is the buildx that runs, which decides the driver options it knows.
 */
export async function createBuilder(
  exec: Exec,
  given: Config,
  name: string,
  buildkitdConfigPath: string | undefined,
  buildxVersion?: string,
): Promise<void> {
  // with a registry mirror, each docker-container node's BuildKit image comes from it too
  const nodes = given.nodes.map((node) => ({
    ...node,
    driverOpts: mirroredDriverOpts(node.driverOpts, given.driver, given.registryMirror),
  }));
  const config = { ...given, nodes };
  await runOrThrow(exec, `creating builder ${name}`, 'docker', createArgs(config, name, { buildkitdConfigPath, buildxVersion }));
  for (const node of config.nodes.slice(1)) {
    const extra = eventPayloadDriverOpts(config, node.driverOpts, buildxVersion);
    await runOrThrow(
      exec,
      `appending node ${node.name || node.endpoint} to builder ${name}`,
      'docker',
      appendArgs(name, node, buildkitdConfigPath, extra),
    );
  }
}

/**
 * Starts the builder's BuildKit nodes (they read the registered emulators when they boot, so QEMU comes first)
 * and returns what buildx says of each node.
 */
export async function bootstrapBuilder(exec: Exec, name: string): Promise<NodeStatus[]> {
  const result = await runOrThrow(exec, `starting builder ${name}`, 'docker', bootstrapArgs(name));
  return parseBuilderInspect(result.stdout);
}

/** What buildx says of each node of a builder that is up (the build started it), without starting it again. */
export async function builderNodes(exec: Exec, name: string): Promise<NodeStatus[]> {
  const result = await runOrThrow(exec, `inspecting builder ${name}`, 'docker', ['buildx', 'inspect', '--builder', name], { silent: true });
  return parseBuilderInspect(result.stdout);
}

/**
 * The one node of a builder on the local Docker, as `docker buildx inspect` reports it, asked of its container over
 * the Engine API instead of a buildx process. buildx names the node `<builder>0` and its container
 * `buildx_buildkit_<node>`; the version is the container's `buildkitd --version`. Platforms are not asked: the
 * `nodes` output lists those built.
 */
export async function localBuilderNode(socket: string, builder: string): Promise<NodeStatus[]> {
  const name = `${builder}0`;
  const { stdout, stderr } = await execInContainer(socket, `buildx_buildkit_${name}`, ['buildkitd', '--version']);
  const buildkit = parseBuildkitdVersion(stdout);
  if (!buildkit) throw new Error(`buildkitd --version in node ${name} said ${JSON.stringify((stdout + stderr).trim())}`);
  return [{ name, endpoint: `unix://${socket}`, status: 'running', buildkit, platforms: [] }];
}

/** The nodes of the builder a build runs on, and the exec that build runs with. */
export interface BuildNodes {
  /** The build's exec: it asks a builder the build starts for its nodes as soon as BuildKit is up. */
  readonly exec: Exec;
  /** What buildx says of each node, once the build has started the builder (asked now unless asked already). */
  nodes(): Promise<readonly NodeStatus[]>;
}

/**
 * A builder the build starts is asked for its nodes when BuildKit is up (it then loads the build definition): the
 * answer comes while the build goes on. Other builders' nodes are known from the setup.
 */
export function buildNodes(exec: Exec, builder: BuilderInUse, socket: string | undefined): BuildNodes {
  if (!builder.startedByBuild) return { exec, nodes: () => Promise.resolve(builder.nodes) };
  let asked: Promise<NodeStatus[]> | undefined;
  const watching: Exec = (command, args, options = {}) =>
    exec(command, args, {
      ...options,
      onLine: (line) => {
        options.onLine?.(line);
        if (asked || !/^#\d+ \[internal\] load build definition/.test(line)) return;
        asked = startedNodes(exec, builder.name, socket);
        asked.catch(() => undefined); // awaited by nodes(); a failed build never gets there
      },
    });
  return { exec: watching, nodes: () => asked ?? startedNodes(exec, builder.name, socket) };
}

/**
 * The node of a builder the build started: from its container over the Engine API when the CLI uses the local
 * daemon (a buildx process would take some 100 ms of CPU from the build it runs beside), else from buildx.
 */
function startedNodes(exec: Exec, builder: string, socket: string | undefined): Promise<NodeStatus[]> {
  if (!socket) return builderNodes(exec, builder);
  return localBuilderNode(socket, builder).catch((error: Error) => {
    core.debug(`asking the builder's container: ${error.message}; asking buildx`);
    return builderNodes(exec, builder);
  });
}

/** Whether buildx knows a builder of that name (a named builder is reused, as setup-buildx-action reuses it). */
export async function builderExists(exec: Exec, name: string): Promise<boolean> {
  return (await exec('docker', ['buildx', 'inspect', name], { silent: true })).exitCode === 0;
}

/** Removes a builder the action created; a builder already gone is not an error. */
export async function removeBuilder(exec: Exec, name: string): Promise<'removed' | 'absent'> {
  const result = await exec('docker', removeArgs(name));
  if (result.exitCode === 0) return 'removed';
  if (/no builder .* found|not found/i.test(result.stderr)) return 'absent';
  throw new CommandError(`removing builder ${name}`, result.exitCode, failureReason(result));
}
