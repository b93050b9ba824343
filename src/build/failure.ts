// A failed build, read from buildx's output: which step failed, where in the Dockerfile, and whether a rerun can help.
import { isSubrequest } from '../config/build-flags.js';
import type { Config } from '../config/index.js';
import { CommandError } from '../core/errors.js';
import { type CommandResult, failureReason } from '../core/exec.js';
import { isTransientFailure } from '../core/retry.js';
import { dockerfilePath, failedLine } from './annotations.js';
import { buildDescription, pushPlan } from './command.js';

/** The step that failed, as buildx names it in its error summary (" > [linux/arm64 2/2] RUN …:"). */
export function failedStep(stderr: string): { platform?: string; step: string } | undefined {
  const lines = stderr.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^\s*> \[(?:([a-z0-9]+\/[a-z0-9]+(?:\/[a-z0-9]+)?) )?([^\]]+)\] (.+):$/.exec(lines[i]);
    if (match) return { platform: match[1], step: `[${match[2]}] ${match[3]}` };
  }
  return undefined;
}

/**
 * A failed build. `userStep` is true when one of the Dockerfile's own RUN steps failed: that is the project's
 * error, never retried, even when its output happens to look like a registry hiccup.
 */
export class BuildError extends CommandError {
  constructor(
    doing: string,
    exitCode: number,
    reason: string,
    readonly userStep: boolean,
    /** The Dockerfile line the failure points at, for the error's annotation. */
    readonly location?: { readonly file: string; readonly line: number },
  ) {
    super(doing, exitCode, reason);
  }
}

export function buildError(config: Config, result: CommandResult, plan = pushPlan(config)): BuildError {
  // a check's findings go to stdout, their count on its first line ("Check complete, 1 warning has been found!")
  const finding = isSubrequest(config.call) ? result.stdout.trim().split(/\r?\n/)[0] : '';
  if (finding) return new BuildError(`${config.call.split(',')[0]} of the build`, result.exitCode, finding, true);
  const step = failedStep(result.stderr);
  const doing = step ? `building ${step.platform ?? config.platforms.join(', ')} (step ${step.step})` : buildDescription(config, plan);
  const line = failedLine(result.stderr);
  const location = line === undefined ? undefined : { file: dockerfilePath(config.context, config.file), line };
  return new BuildError(doing, result.exitCode, failureReason(result), step !== undefined && /^\[[^\]]*\] RUN /.test(step.step), location);
}

/** A registry hiccup outside the Dockerfile's own steps: worth a rerun. */
export function isRetriableBuildFailure(error: Error): boolean {
  return error instanceof BuildError && !error.userStep && isTransientFailure(error);
}
