// The mirror section: a registry mirror for the created builder's Docker Hub pulls (issue 19), so that a job can
// avoid anonymous Docker Hub pulls and their limits.
import { InputError, quote } from '../core/errors.js';
import { inputReader, isRegistryHost, type SectionInputs } from './values.js';

/** The section's inputs and their defaults (empty: none). */
export const MIRROR_INPUTS = {
  'registry-mirror': '',
} as const;

export interface MirrorConfig {
  /** The host (and port) that stands in for Docker Hub: in the builder's buildkitd.toml, and for the binfmt and BuildKit images. */
  readonly registryMirror: string;
}

export function parseMirror(raw: SectionInputs<typeof MIRROR_INPUTS>): MirrorConfig {
  const mirror = inputReader(raw, MIRROR_INPUTS).text('registry-mirror');
  if (mirror !== '' && !isRegistryHost(mirror)) {
    const hint = /^[a-z]+:\/\//i.test(mirror) ? ' (without the scheme: plain HTTP is for insecure-registries to say)' : '';
    throw new InputError('registry-mirror', `is ${quote(mirror)}: expected a registry host such as mirror.gcr.io or localhost:5001${hint}`);
  }
  return { registryMirror: mirror };
}
