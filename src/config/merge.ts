// The merge section: what the step does (build, one leg of a native multi-runner build, or the merge), and
// what ties the legs to their merge.
import { InputError } from '../errors.js';
import { checkReferences, inputReader, listInput, type SectionInputs } from './values.js';

/**
 * What the step does: `build` (build, push, tag), `leg` (one job of a native multi-runner build: push this job's
 * platforms for the merge step, under temporary tags), `merge` (assemble the legs, or `sources`, into one index).
 */
export type Mode = 'build' | 'leg' | 'merge';

/** The section's inputs and their defaults (empty: none). */
export const MERGE_INPUTS = {
  'push-by-digest': 'false',
  merge: 'false',
  'merge-key': '',
  sources: '',
} as const;

export interface MergeConfig {
  readonly mode: Mode;
  /** Tells one workflow run attempt's legs from another's (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT by default). */
  readonly mergeKey: string;
  /** Existing images to merge into one index (mode merge). */
  readonly sources: readonly string[];
}

/** The environment's GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, for the default merge key. */
export interface WorkflowRun {
  readonly id?: string;
  readonly attempt?: string;
}

export function parseMerge(raw: SectionInputs<typeof MERGE_INPUTS>, run: WorkflowRun | undefined): MergeConfig {
  const input = inputReader(raw, MERGE_INPUTS);
  const pushByDigest = input.bool('push-by-digest');
  const merge = input.bool('merge');
  // checked here, not among the rules: one mode cannot say both
  if (pushByDigest && merge) throw new InputError('merge', 'is true and so is "push-by-digest": a step either pushes one leg or merges them');
  const sources = listInput('sources', input.given('sources'), 'commas');
  // without merge the rules refuse sources whatever they are, and say so first
  if (merge) checkReferences('sources', sources, 'has');
  return {
    mode: merge ? 'merge' : pushByDigest ? 'leg' : 'build',
    mergeKey: input.text('merge-key') || (run?.id ? `${run.id}-${run.attempt || '1'}` : ''),
    sources,
  };
}
