// The merge section: what the step does (build, one leg of a native multi-runner build, or the merge), and
// what ties the legs to their merge.
import { InputError } from '../core/errors.js';
import { variantOf } from '../legs/records.js';
import { checkReferences, inputReader, listInput, type SectionInputs } from './values.js';

/**
 * What the step does: `build` (build, push, tag), `leg` (one job of a native multi-runner build: push this job's
 * platforms by digest and record them for the merge step), `merge` (assemble the legs, or `sources`, into one index).
 */
export type Mode = 'build' | 'leg' | 'merge';

/** The section's inputs and their defaults (empty: none). */
export const MERGE_INPUTS = {
  'push-by-digest': 'false',
  merge: 'false',
  'merge-key': '',
  'run-id': '',
  sources: '',
} as const;

export interface MergeConfig {
  readonly mode: Mode;
  /** The variant of the image a leg or merge belongs to (`merge-key`, else the first tag's tag); '' for a build. */
  readonly mergeKey: string;
  /** Whether `merge-key` was given. */
  readonly mergeKeyGiven: boolean;
  /**
   * The run that ties legs to their merge (`run-id`, else GITHUB_RUN_ID, else the CI's own pipeline id; '' when
   * none is known) and its attempt (GITHUB_RUN_ATTEMPT), which picks the newest leg of each platform.
   */
  readonly run: { readonly id: string; readonly attempt: number };
  /** Existing images to merge into one index (mode merge). */
  readonly sources: readonly string[];
}

/** The run the environment names (GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, or another CI's pipeline id). */
export interface WorkflowRun {
  readonly id?: string;
  readonly attempt?: string;
}

/**
 * The pipeline ids of CIs other than GitHub Actions, for legs and merges run there: one pipeline's jobs share
 * it, the next pipeline gets another. GitLab, Buildkite, CircleCI (the workflow), Azure Pipelines.
 */
const PIPELINE_IDS = ['CI_PIPELINE_ID', 'BUILDKITE_BUILD_ID', 'CIRCLE_WORKFLOW_ID', 'BUILD_BUILDID'] as const;

/** The environment's run: GitHub's, else the first pipeline id another CI sets, named by its variable. */
export function workflowRun(env: NodeJS.ProcessEnv): WorkflowRun {
  if (env.GITHUB_RUN_ID) return { id: env.GITHUB_RUN_ID, attempt: env.GITHUB_RUN_ATTEMPT };
  const variable = PIPELINE_IDS.find((name) => env[name]);
  return variable ? { id: `${variable}=${env[variable]}` } : {};
}

/** The mode and what ties a leg to its merge; `withTagVariant` fills in the variant `merge-key` leaves to the tags. */
export function parseMerge(raw: SectionInputs<typeof MERGE_INPUTS>, run: WorkflowRun | undefined): MergeConfig {
  const input = inputReader(raw, MERGE_INPUTS);
  const pushByDigest = input.bool('push-by-digest');
  const merge = input.bool('merge');
  // checked here, not among the rules: one mode cannot say both
  if (pushByDigest && merge)
    throw new InputError('merge', 'is true and so is "push-by-digest": a step either pushes one leg or merges them');
  const sources = listInput('sources', input.given('sources'), 'commas');
  // without merge the rules refuse sources whatever they are, and say so first
  if (merge) checkReferences('sources', sources, 'has');
  const mode: Mode = merge ? 'merge' : pushByDigest ? 'leg' : 'build';
  const given = input.text('merge-key');
  const runId = input.text('run-id');
  return {
    mode,
    mergeKey: mode === 'build' ? '' : given,
    mergeKeyGiven: given !== '',
    run: { id: runId || (run?.id ?? ''), attempt: Number(run?.attempt) || 1 },
    sources,
  };
}

/** A leg or merge without `merge-key` is the variant its first tag's tag names (the build section checked the tags). */
export function withTagVariant(merge: MergeConfig, tags: readonly string[]): MergeConfig {
  if (merge.mode === 'build' || merge.mergeKeyGiven || tags.length === 0) return merge;
  return { ...merge, mergeKey: variantOf(tags[0]) };
}
