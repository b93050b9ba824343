import { perPlatformBuilds } from '../build.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import { SingleBuild } from './build.js';
import { Leg } from './leg.js';
import { Merge } from './merge.js';
import type { Mode } from './mode.js';
import { PerPlatformBuilds } from './per-platform.js';

export type { Mode } from './mode.js';

/** The mode the config asks for; several nodes get one build per platform where that keeps every cache warm. */
export function modeFor(ctx: StepContext, builder: BuilderInUse): Mode {
  if (ctx.config.mode === 'merge') return new Merge(ctx, builder);
  if (ctx.config.mode === 'leg') return new Leg(ctx, builder);
  const split = perPlatformBuilds(ctx.config);
  return split ? new PerPlatformBuilds(ctx, builder, split) : new SingleBuild(ctx, builder);
}
