import { type BuildSpec, defaultCacheTo, pushedByDigest } from '../build/command.js';
import type { Config } from '../config/index.js';
import { platformTagText } from '../image/platforms.js';
import { derivedRef } from '../image/reference.js';
import type { StepResult } from '../report/result.js';
import type { BuilderInUse, StepContext } from '../setup/index.js';
import { Leg } from './leg.js';
import { Merge } from './merge.js';
import type { RunPhases } from './mode.js';
import { PerPlatformBuilds } from './per-platform.js';
import { SingleBuild } from './single-build.js';

export type { Mode } from './mode.js';
export { runPhases } from './mode.js';

/** Runs the mode the config asks for; several nodes get one build per platform where that keeps every cache warm. */
export function runMode(ctx: StepContext, builder: BuilderInUse, run: RunPhases): Promise<StepResult> {
  if (ctx.config.mode === 'merge') return run(new Merge(ctx, builder));
  if (ctx.config.mode === 'leg') return run(new Leg(ctx, builder));
  const split = perPlatformBuilds(ctx.config);
  return split ? run(new PerPlatformBuilds(ctx, builder, split)) : run(new SingleBuild(ctx, builder));
}

/**
 * With several nodes, one build per platform, each exporting its own cache ref derived from cache-ref and all
 * of them imported: with one shared ref every node overwrites it and only the last one's platform stays warm
 * (docker/buildx#1044, moby/buildkit#2758). Undefined when one build is right: one node, a raw cache-from/-to,
 * no cache, no push, or a leg.
 */
export function perPlatformBuilds(config: Config): BuildSpec[] | undefined {
  const defaultCache = config.cache && config.cacheRef !== '' && config.cacheFrom.length === 0 && config.cacheTo.length === 0;
  if (config.nodes.length < 2 || !defaultCache || !config.push || config.mode !== 'build' || config.platforms.length < 2) return undefined;
  const refs = config.platforms.map((platform) => derivedRef(config.cacheRef, platformTagText(platform)));
  // each platform's image goes by digest; the tags get the index of all of them
  return config.platforms.map((platform, i) => {
    const one = {
      ...config,
      platforms: [platform],
      cacheFrom: refs.map((ref) => `type=registry,ref=${ref}`),
      cacheTo: [defaultCacheTo(refs[i])],
    };
    return { config: one, plan: pushedByDigest(one) };
  });
}
