import type { StepResult } from '../result.js';
import type { BuilderInUse, StepContext } from '../setup.js';

/**
 * One way of making the image (one build, per-platform builds on several nodes, a leg, a merge), as the phases
 * main runs in order. Each phase works on what the one before left; `tag` ends with the step's result.
 */
export interface Mode {
  /** Builds and pushes (by digest while tags must wait); a merge assembles its index. */
  build(): Promise<void>;
  /** Reads what the registry holds back and checks it against what was asked for. */
  verify(): Promise<void>;
  /** Runs test-command in every platform's pushed image, before any tag moves. */
  test(): Promise<void>;
  /** Points the tags at the verified image (where they wait for it) and reports. */
  tag(): Promise<StepResult>;
}

export type ModeFactory = (ctx: StepContext, builder: BuilderInUse) => Mode;

/** The docker driver on the classic image store cannot export a cache. */
export function canExportCache({ config, docker }: StepContext): boolean {
  return config.driver !== 'docker' || docker.containerdStore;
}
