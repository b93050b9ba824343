// The cache section: the registry cache every build imports and a pushing build exports, or raw cache flags.
import { InputError, quote } from '../core/errors.js';
import { platformTagText } from '../image/platforms.js';
import { derivedRef, repositoryOf } from '../image/reference.js';
import type { BuildConfig } from './build.js';
import type { MergeConfig } from './mode.js';
import { checkReferences, inputReader, listInput, type SectionInputs } from './values.js';

/** The section's inputs and their defaults (empty: none). */
export const CACHE_INPUTS = {
  cache: 'true',
  'cache-ref': '',
  'cache-from': '',
  'cache-to': '',
} as const;

export interface CacheConfig {
  readonly cache: boolean;
  /** The registry cache ref used when cache is on and no raw cache-from/cache-to is given; empty when none applies. */
  readonly cacheRef: string;
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
}

/** The default cache ref lives next to the first tag, and each leg has its own (see cacheRefOf). */
export function parseCache(
  raw: SectionInputs<typeof CACHE_INPUTS>,
  build: Pick<BuildConfig, 'tags' | 'platforms'>,
  merge: Pick<MergeConfig, 'mode' | 'mergeKey'>,
): CacheConfig {
  const input = inputReader(raw, CACHE_INPUTS);
  const cache = input.bool('cache');
  const cacheRef = input.text('cache-ref');
  if (cacheRef !== '') checkReferences('cache-ref', [cacheRef], 'is');
  if (cacheRef.includes('@')) throw new InputError('cache-ref', `is ${quote(cacheRef)}: a cache is written under a tag, not a digest`);
  return {
    cache,
    cacheRef: cacheRefOf(cacheRef, build, merge),
    cacheFrom: listInput('cache-from', input.given('cache-from'), 'records'),
    cacheTo: listInput('cache-to', input.given('cache-to'), 'records'),
  };
}

function cacheRefOf(given: string, build: Pick<BuildConfig, 'tags' | 'platforms'>, merge: Pick<MergeConfig, 'mode' | 'mergeKey'>): string {
  const base = given !== '' ? given : build.tags.length > 0 ? `${repositoryOf(build.tags[0])}:buildcache` : '';
  // legs build in parallel: one cache ref per variant and platform, or the last leg to finish would overwrite the
  // others' cache (and a slim image's cache the full one's)
  if (merge.mode !== 'leg' || base === '') return base;
  return derivedRef(base, `${merge.mergeKey}-${build.platforms.map(platformTagText).join('_')}`);
}
