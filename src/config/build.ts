// The build section: what is built from where, for which platforms, under which tags, and what becomes of it.
import { InputError, quote } from '../core/errors.js';
import { referenceProblem } from '../image/reference.js';
import type { MergeConfig } from './mode.js';
import { inputReader, keyValueList, listInput, parsePlatforms, type SectionInputs } from './values.js';

/**
 * The section's inputs and their defaults (empty: none). action.yml declares the same ones but for platforms: a
 * merge takes what its sources or legs hold unless platforms is given, so the runner must not fill it in.
 */
export const BUILD_INPUTS = {
  context: '.',
  file: '',
  platforms: 'linux/amd64,linux/arm64',
  tags: '',
  labels: '',
  annotations: '',
  'build-args': '',
  target: '',
  push: 'true',
  load: 'false',
  outputs: '',
  provenance: '',
  sbom: '',
  'no-cache': 'false',
  pull: 'false',
  'test-command': '',
} as const;

export interface BuildConfig {
  readonly context: string;
  /** The Dockerfile; empty means buildx's default, Dockerfile in the context. */
  readonly file: string;
  /** Canonical platforms; empty only for a merge without `platforms`: what its sources or legs hold. */
  readonly platforms: readonly string[];
  readonly tags: readonly string[];
  readonly labels: readonly string[];
  readonly annotations: readonly string[];
  readonly buildArgs: readonly string[];
  readonly target: string;
  readonly push: boolean;
  readonly load: boolean;
  readonly outputs: readonly string[];
  readonly provenance: string;
  readonly sbom: string;
  readonly noCache: boolean;
  readonly pull: boolean;
  /** Run in every platform's pushed image before any tag moves. */
  readonly testCommand: string;
}

/** `merge` decides whether the platforms default applies: a merge takes what its sources or legs hold. */
export function parseBuild(raw: SectionInputs<typeof BUILD_INPUTS>, merge: MergeConfig): BuildConfig {
  const input = inputReader(raw, BUILD_INPUTS);
  const platformsGiven = input.given('platforms').trim() !== '';
  return {
    platforms: platformsGiven || merge.mode !== 'merge' ? parsePlatforms(input.given('platforms'), input.text('platforms')) : [],
    tags: parseTags(input.given('tags')),
    push: input.bool('push'),
    load: input.bool('load'),
    outputs: listInput('outputs', input.given('outputs'), 'lines'),
    testCommand: input.text('test-command'),
    context: input.text('context'),
    file: input.text('file'),
    buildArgs: keyValueList('build-args', input.given('build-args'), false),
    labels: keyValueList('labels', input.given('labels'), true),
    annotations: keyValueList('annotations', input.given('annotations'), true),
    target: input.text('target'),
    provenance: input.text('provenance'),
    sbom: input.text('sbom'),
    noCache: input.bool('no-cache'),
    pull: input.bool('pull'),
  };
}

function parseTags(text: string): string[] {
  const tags = listInput('tags', text, 'commas');
  for (const tag of tags) {
    const problem = referenceProblem(tag);
    if (problem) throw new InputError('tags', `has ${quote(tag)}, which ${problem}`);
    if (tag.includes('@')) throw new InputError('tags', `has ${quote(tag)}: a tag cannot hold a digest`);
  }
  return tags;
}
