import { perPlatformBuilds } from '../build.js';
import type { StepResult } from '../result.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import { SingleBuild } from './build.js';
import { Leg } from './leg.js';
import { Merge } from './merge.js';
import type { RunPhases } from './mode.js';
import { PerPlatformBuilds } from './per-platform.js';

export type { Mode } from './mode.js';

/** Runs the mode the config asks for; several nodes get one build per platform where that keeps every cache warm. */
export function runMode(ctx: StepContext, builder: BuilderInUse, run: RunPhases): Promise<StepResult> {
  if (ctx.config.mode === 'merge') return run(new Merge(ctx, builder));
  if (ctx.config.mode === 'leg') return run(new Leg(ctx, builder));
  const split = perPlatformBuilds(ctx.config);
  return split ? run(new PerPlatformBuilds(ctx, builder, split)) : run(new SingleBuild(ctx, builder));
}
