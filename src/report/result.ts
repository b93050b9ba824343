import * as core from '@actions/core';

import type { BuildStats } from '../build/log-stats.js';
import type { HeldBefore } from '../build/reproducible.js';
import type { Config, Mode } from '../config/index.js';
import type { NodeReport } from './nodes.js';

/** What one step did, for its outputs and job summary. */
export interface StepResult {
  readonly mode: Mode;
  readonly builder: string;
  readonly platforms: readonly string[];
  readonly digest: string | undefined;
  readonly imageid: string | undefined;
  readonly metadataJson: string;
  readonly platformDigests: Readonly<Record<string, string>>;
  readonly tags: readonly string[];
  readonly pushed: boolean;
  /** How each platform ran: "native" or "QEMU" (empty for a merge, which builds nothing). */
  readonly execution: Readonly<Record<string, string>>;
  readonly buildSeconds?: number;
  readonly stats?: BuildStats;
  /** Compressed size of each platform image, where the registry told it. */
  readonly sizes?: Readonly<Record<string, number>>;
  /** The builder's nodes, for the `nodes` output; none for the docker driver's own builder. */
  readonly nodes?: readonly NodeReport[];
  /** A reproducible build's SOURCE_DATE_EPOCH. */
  readonly sourceDateEpoch?: string;
  /** A reproducible build's tags: the platform images each held before the step (null: none, undefined: unread). */
  readonly heldBefore?: Readonly<Record<string, HeldBefore>>;
}

/** What a mode found out; the rest of a result follows from the config. */
export type ModeFindings = Pick<StepResult, 'digest' | 'platformDigests'> & Partial<Omit<StepResult, 'mode' | 'builder' | 'pushed'>>;

/**
 * The one constructor of a step's result. A leg pushes by digest and moves no tag (the merge step owns the tags),
 * so it reports none; an image that was not pushed has no tags either.
 */
export function stepResult(config: Config, builder: string, findings: ModeFindings): StepResult {
  return {
    mode: config.mode,
    builder,
    platforms: config.platforms,
    imageid: findings.digest,
    metadataJson: '',
    tags: config.push && config.mode !== 'leg' ? config.tags : [],
    execution: {},
    ...findings,
    pushed: config.push,
  };
}

export function setOutputs(result: StepResult): void {
  core.setOutput('digest', result.digest ?? '');
  core.setOutput('platform-digests', JSON.stringify(result.platformDigests));
  core.setOutput('imageid', result.imageid ?? '');
  core.setOutput('metadata', result.metadataJson);
  core.setOutput('builder', result.builder);
  core.setOutput('platforms', result.platforms.join(','));
  if (result.nodes && result.nodes.length > 0) core.setOutput('nodes', JSON.stringify(result.nodes));
}
