import * as core from '@actions/core';

import type { Config } from '../config/index.js';
import { StepRegistry } from '../registry/step-registry.js';
import type { StepResult } from '../report/result.js';
import type { BuilderInUse, StepContext } from '../setup/index.js';

/**
 * One way of making the image (one build, per-platform builds on several nodes, a leg, a merge), as the phases
 * main runs in order, each given what the one before returned; `tag` ends with the step's result.
 */
export interface Mode<Built, Verified> {
  /**
   * Builds and pushes, by digest (the docker driver: under one fixed tag of the action's, build/command.ts's
   * pushPlan); a merge finds its images and plans its index, pushing nothing. No tag of the user's moves here.
   */
  build(): Promise<Built>;
  /** Reads what the registry holds back and checks it against what was asked for. */
  verify(built: Built): Promise<Verified>;
  /** Runs test-command in every platform's pushed image, before any tag moves; a merge has none (rules.ts). */
  test?(verified: Verified): Promise<void>;
  /** Points the tags at the verified (and tested) image, and reports: no other phase moves a tag. */
  tag(verified: Verified): Promise<StepResult>;
}

/** What runs a mode's phases (main, each in its group), whatever the mode hands from one to the next. */
export type RunPhases = <Built, Verified>(mode: Mode<Built, Verified>) => Promise<StepResult>;

/** Runs one phase under a heading of the log: core.group in main; a unit suite may keep its output plain. */
export type PhaseGroup = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/** The mode's phases in order, each in its group, each given what the one before returned. */
export async function runPhases<Built, Verified>(
  config: Config,
  mode: Mode<Built, Verified>,
  group: PhaseGroup = core.group,
): Promise<StepResult> {
  const built = await group(config.mode === 'merge' ? 'Merge' : 'Build', () => mode.build());
  const verified = await group('Read back and verify', () => mode.verify(built));
  if (config.testCommand !== '' && mode.test) await group('Test', async () => mode.test?.(verified));
  return group('Tag', () => mode.tag(verified));
}

/** The docker driver on the classic image store cannot export a cache. */
export function canExportCache({ config, docker }: StepContext): boolean {
  return config.driver !== 'docker' || docker.containerdStore;
}

/** The step's registries, for the mode's reads, writes and deletes (buildx reads through the step's builder). */
export function stepRegistry(ctx: StepContext, builder: BuilderInUse): StepRegistry {
  const { config, exec } = ctx;
  return new StepRegistry({ exec, builder: builder.name, logins: config.logins, insecure: config.insecureRegistries });
}
