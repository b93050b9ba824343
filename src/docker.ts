import { CommandError } from './errors.js';
import { failureReason, run } from './exec.js';
import { canonicalPlatform } from './platforms.js';

/** What the action needs to know of the Docker installation, read once with one `docker info`. */
export interface DockerFacts {
  /** The daemon's platform (the one builds run on natively). */
  readonly hostPlatform: string | undefined;
  /** The containerd image store, which can hold multi-platform images (the classic store cannot). */
  readonly containerdStore: boolean;
  /** The buildx plugin's version, without the leading "v"; undefined when the plugin is missing. */
  readonly buildxVersion: string | undefined;
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

export async function dockerFacts(): Promise<DockerFacts> {
  const result = await run('docker', ['info', '--format', '{{json .}}'], { silent: true });
  // an unreachable daemon: exit code 1, the reason on stderr, and still a JSON of empty fields on stdout
  if (result.exitCode !== 0 || !result.stdout.trim().startsWith('{')) {
    throw new CommandError('reaching the Docker daemon (docker info)', result.exitCode, failureReason(result));
  }
  return parseDockerInfo(result.stdout.trim());
}
