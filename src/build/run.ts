// The one function that runs the build: the argv of command.ts, retried on a registry hiccup, the log read as it goes.
import type { Config } from '../config/index.js';
import type { Exec } from '../core/exec.js';
import { REGISTRY_RETRY, type RetryPolicy, withRetry } from '../core/retry.js';
import { buildCommand, buildDescription, type PushPlan, pushPlan } from './command.js';
import { buildError, isRetriableBuildFailure } from './failure.js';
import { BuildLogStats, type BuildStats } from './log-stats.js';
import { exportsOciArchive, loadAndPush, ociArchive } from './reproducible.js';

export interface BuildOptions {
  /** False for the docker driver on the classic image store, which cannot export a cache. */
  readonly canExportCache: boolean;
  /** Where the build pushes; default: what the config asks (pushPlan). */
  readonly plan?: PushPlan;
  readonly policy?: RetryPolicy;
}

/** Builds and pushes; a registry hiccup (token, blob upload, manifest put) reruns the build, which the cache makes cheap. */
export async function build(exec: Exec, config: Config, builder: string, metadataFile: string, options: BuildOptions): Promise<BuildStats> {
  const { canExportCache, plan = pushPlan(config), policy = REGISTRY_RETRY } = options;
  const command = buildCommand(config, builder, metadataFile, canExportCache, plan);
  return withRetry(
    buildDescription(config, plan),
    policy,
    async () => {
      const log = new BuildLogStats();
      const result = await exec('docker', command.args, { env: command.env, onLine: (line) => log.addLine(line) });
      if (result.exitCode !== 0) throw buildError(config, result, plan);
      if (exportsOciArchive(config)) await loadAndPush(exec, ociArchive(metadataFile), config.push ? plan.buildTags : []);
      return log.stats();
    },
    { retriable: isRetriableBuildFailure },
  );
}
