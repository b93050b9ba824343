import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CommandError } from '../core/errors.js';
import type { Exec } from '../core/exec.js';
import { canonicalPlatform } from '../image/platforms.js';
import { engineRequest } from './engine-api.js';

/** What the action needs to know of the Docker installation, read once with one `docker info`. */
export interface DockerFacts {
  /** The daemon's platform (the one builds run on natively). */
  readonly hostPlatform: string | undefined;
  /** The containerd image store, which can hold multi-platform images (the classic store cannot). */
  readonly containerdStore: boolean;
  /** The buildx plugin's version, without the leading "v"; undefined when missing or broken. */
  readonly buildxVersion: string | undefined;
  /** The local daemon's socket, when the docker CLI talks to it: what the Engine API can tell is asked there. */
  readonly socket?: string;
}

interface DockerInfo {
  Architecture?: string;
  Driver?: string;
  DriverStatus?: [string, string][] | null;
  ServerErrors?: string[];
  ClientInfo?: { Plugins?: { Name?: string; Version?: string; Err?: string }[] };
}

/** Facts from `docker info --format '{{json .}}'` output; throws when the daemon could not be reached. */
export function parseDockerInfo(json: string): DockerFacts {
  const info = JSON.parse(json) as DockerInfo;
  if (info.ServerErrors && info.ServerErrors.length > 0) {
    throw new Error(`the Docker daemon is not reachable: ${info.ServerErrors[0]}`);
  }
  const buildx = info.ClientInfo?.Plugins?.find((plugin) => plugin.Name === 'buildx' && !plugin.Err);
  const architecture = info.Architecture === undefined ? undefined : canonicalPlatform(info.Architecture);
  return {
    hostPlatform: architecture,
    containerdStore: (info.DriverStatus ?? []).some(([key, value]) => key === 'driver-type' && value === 'io.containerd.snapshotter.v1'),
    buildxVersion: buildx?.Version?.replace(/^v/, ''),
  };
}

/** The version in `docker buildx version` output ("github.com/docker/buildx v0.30.1 <commit>"), without the "v". */
export function parseBuildxVersion(output: string): string | undefined {
  return /^github\.com\/docker\/buildx v?(\S+)/m.exec(output)?.[1];
}

/** What the daemon says of itself; the buildx plugin's version comes apart (see askDocker). */
export type DaemonFacts = Omit<DockerFacts, 'buildxVersion'>;

/** The Docker installation, asked once: each method answers from the same requests, however often it is called. */
export interface Docker {
  /** The daemon's facts: from its socket in a few milliseconds where Docker is the plain local one, else `docker info`. */
  daemon(): Promise<DaemonFacts>;
  /** The buildx plugin's version, without the "v"; undefined when it is missing or broken. */
  buildx(): Promise<string | undefined>;
}

/**
 * Starts asking at once, in two parts: the daemon answers its socket in milliseconds, the buildx plugin's own
 * `version` takes a process of some 30 ms. The entry asks before the toolkit loads, so both answers arrive while
 * node loads the rest; anything unusual (another host, a context, no plugin where the CLI looks) is `docker info`'s.
 */
export function askDocker(): Docker {
  let fast: ReturnType<typeof socketReads>;
  try {
    fast = socketReads();
  } catch {
    fast = undefined; // an unreadable config.json: docker info explains
  }
  const all = (async (): Promise<DockerFacts> => {
    const [info, version] = fast
      ? await Promise.all([fast.info, fast.version]).catch(() => [undefined, undefined])
      : [undefined, undefined];
    // a plugin that does not answer as buildx, or a daemon that does not answer, is for `docker info` to explain
    return info !== undefined && version !== undefined
      ? { ...parseDockerInfo(info), buildxVersion: version, socket: fast?.socket }
      : dockerInfoFacts();
  })();
  const daemon: Promise<DaemonFacts> = fast
    ? fast.info.then((info) => daemonPart(info, fast.socket)).catch(() => all.then(withoutBuildx))
    : all.then(withoutBuildx);
  const buildx = all.then((facts) => facts.buildxVersion);
  // asked before anyone waits: a failure is reported where it is awaited, not as an unhandled rejection
  for (const answer of [daemon, buildx]) answer.catch(() => undefined);
  return { daemon: () => daemon, buildx: () => buildx };
}

function withoutBuildx({ hostPlatform, containerdStore, socket }: DockerFacts): DaemonFacts {
  return { hostPlatform, containerdStore, socket };
}

/** The local daemon's socket when nothing points the CLI elsewhere (DOCKER_HOST, DOCKER_CONTEXT, a current context). */
export function localSocket(env: NodeJS.ProcessEnv, configJson: string | undefined): string | undefined {
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') return undefined;
  const context = configJson ? (JSON.parse(configJson) as { currentContext?: string }).currentContext : undefined;
  if (context && context !== 'default') return undefined;
  if (!env.DOCKER_HOST) return '/var/run/docker.sock';
  return env.DOCKER_HOST.startsWith('unix://') ? env.DOCKER_HOST.slice('unix://'.length) : undefined;
}

/** Where the docker CLI looks for its buildx plugin (the user's plugins first, as the CLI does). */
export function pluginDirs(dockerConfig: string, configJson: string | undefined): string[] {
  const extra = configJson ? ((JSON.parse(configJson) as { cliPluginsExtraDirs?: string[] }).cliPluginsExtraDirs ?? []) : [];
  return [
    path.join(dockerConfig, 'cli-plugins'),
    ...extra,
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
  ];
}

/** The docker CLI's configuration directory (config.json, cli-plugins). */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

function daemonPart(info: string, socket: string): DaemonFacts {
  const { hostPlatform, containerdStore } = parseDockerInfo(info);
  return { hostPlatform, containerdStore, socket };
}

/** The daemon's /info and the plugin's version, both asked at once; undefined when the CLI would use another daemon or plugin. */
function socketReads(): { socket: string; info: Promise<string>; version: Promise<string | undefined> } | undefined {
  const dockerConfig = dockerConfigDir();
  let configJson: string | undefined;
  try {
    configJson = fs.readFileSync(path.join(dockerConfig, 'config.json'), 'utf8');
  } catch {
    configJson = undefined;
  }
  const socket = localSocket(process.env, configJson);
  if (!socket) return undefined;
  // a plugin that is not there, or not where the CLI looks, is for `docker info` to explain
  const plugin = pluginDirs(dockerConfig, configJson)
    .map((dir) => path.join(dir, 'docker-buildx'))
    .find((file) => fs.existsSync(file));
  if (!plugin) return undefined;
  // the plugin's version is asked of the plugin itself, while the daemon answers: `docker info` would run the same
  // plugin for its metadata, so this costs no more than the slow path does, and the minimum version is checked
  // whichever path the facts come from
  const info = daemonInfo(socket);
  info.catch(() => undefined);
  return { socket, info, version: pluginVersion(plugin) };
}

async function daemonInfo(socket: string): Promise<string> {
  const response = await engineRequest(socket, 'GET', '/info');
  if (response.status !== 200) throw new Error(`daemon answered ${response.status}`);
  return response.body.toString('utf8');
}

/**
 * `docker-buildx version`, run directly (no docker CLI in between); undefined when it does not answer as buildx.
 * Not through the exec seam: it runs before the toolkit has loaded, which is what hides its cost.
 */
function pluginVersion(plugin: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(plugin, ['version'], { timeout: 5000 }, (error, stdout) => resolve(error ? undefined : parseBuildxVersion(stdout)));
  });
}

/** The facts from a `docker info` process: works for every kind of Docker host and context. */
export async function dockerInfoFacts(exec?: Exec): Promise<DockerFacts> {
  // loaded here, not at the top: the socket read above must not wait for the toolkit
  const { createExec, failureReason } = await import('../core/exec.js');
  const result = await (exec ?? createExec())('docker', ['info', '--format', '{{json .}}'], { silent: true });
  // an unreachable daemon: exit code 1, the reason on stderr, and still a JSON of empty fields on stdout
  if (result.exitCode !== 0 || !result.stdout.trim().startsWith('{')) {
    throw new CommandError('reaching the Docker daemon (docker info)', result.exitCode, failureReason(result));
  }
  return parseDockerInfo(result.stdout.trim());
}

/** One line for the log: what the action builds on (`buildx`: the plugin's version, when that is what builds). */
export function describeDocker(daemon: DaemonFacts, buildx?: string): string {
  const store = `${daemon.containerdStore ? 'containerd' : 'classic'} image store`;
  return `Docker daemon on ${daemon.hostPlatform ?? 'an unknown platform'}, ${store}${buildx ? `; buildx ${buildx} (the docker CLI plugin)` : ''}`;
}
