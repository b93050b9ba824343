import type { BuilderInUse, StepContext } from '../setup.js';
import { SingleBuild } from './build.js';
import type { Mode } from './mode.js';

/**
 * One job of a native multi-runner build: a single build of this job's platforms, pushed under temporary leg tags
 * (pushPlan in build.ts) for the merge step, which owns the real tags; its result reports none (stepResult).
 */
export function legBuild(ctx: StepContext, builder: BuilderInUse): Mode {
  return new SingleBuild(ctx, builder);
}
