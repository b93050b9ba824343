// The merge section: what the step does (build, one leg of a native multi-runner build, or the merge), and
// what ties the legs to their merge.
import { InputError } from '../errors.js';
import { variantOf } from '../legs/ledger.js';
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
  /** The variant of the image a leg or merge belongs to (`merge-key`, else the first tag's tag); '' for a build. */
  readonly mergeKey: string;
  /** Whether `merge-key` was given (outside Actions the legs have no run id and need one). */
  readonly mergeKeyGiven: boolean;
  /** The workflow run (GITHUB_RUN_ID, '' outside Actions) and its attempt (GITHUB_RUN_ATTEMPT), for the legs' ledger. */
  readonly run: { readonly id: string; readonly attempt: number };
  /** Existing images to merge into one index (mode merge). */
  readonly sources: readonly string[];
}

/** The environment's GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, for the default merge key. */
export interface WorkflowRun {
  readonly id?: string;
  readonly attempt?: string;
}

/** The mode and what ties a leg to its merge; `withTagVariant` fills in the variant `merge-key` leaves to the tags. */
export function parseMerge(raw: SectionInputs<typeof MERGE_INPUTS>, run: WorkflowRun | undefined): MergeConfig {
  const input = inputReader(raw, MERGE_INPUTS);
  const pushByDigest = input.bool('push-by-digest');
  const merge = input.bool('merge');
  // checked here, not among the rules: one mode cannot say both
  if (pushByDigest && merge) throw new InputError('merge', 'is true and so is "push-by-digest": a step either pushes one leg or merges them');
  const sources = listInput('sources', input.given('sources'), 'commas');
  // without merge the rules refuse sources whatever they are, and say so first
  if (merge) checkReferences('sources', sources, 'has');
  const mode: Mode = merge ? 'merge' : pushByDigest ? 'leg' : 'build';
  const given = input.text('merge-key');
  return {
    mode,
    mergeKey: mode === 'build' ? '' : given,
    mergeKeyGiven: given !== '',
    run: { id: run?.id ?? '', attempt: Number(run?.attempt) || 1 },
    sources,
  };
}

/** A leg or merge without `merge-key` is the variant its first tag's tag names (the build section checked the tags). */
export function withTagVariant(merge: MergeConfig, tags: readonly string[]): MergeConfig {
  if (merge.mode === 'build' || merge.mergeKeyGiven || tags.length === 0) return merge;
  return { ...merge, mergeKey: variantOf(tags[0]) };
}
