// The reproducible section: SOURCE_DATE_EPOCH for the build and rewrite-timestamp on the image, so that the same
// source gives the same per-platform image digests on every run and every runner (issue 19).
import semver from 'semver';

import { InputError, quote } from '../core/errors.js';
import { inputReader, type SectionInputs } from './values.js';

/** The section's inputs and their defaults (empty: none). */
export const REPRODUCIBLE_INPUTS = {
  reproducible: 'false',
  'source-date-epoch': '',
} as const;

export interface ReproducibleConfig {
  /** SOURCE_DATE_EPOCH as a build arg and rewrite-timestamp=true on the image outputs. */
  readonly reproducible: boolean;
  /**
   * The epoch, in seconds: the one given, else empty until the build reads the commit time of the context's
   * checkout (withSourceDateEpoch).
   */
  readonly sourceDateEpoch: string;
}

/** `source-date-epoch` alone turns reproducible builds on: a value given is a value meant to be used. */
export function parseReproducible(raw: SectionInputs<typeof REPRODUCIBLE_INPUTS>): ReproducibleConfig {
  const input = inputReader(raw, REPRODUCIBLE_INPUTS);
  const epoch = input.text('source-date-epoch');
  // BuildKit reads SOURCE_DATE_EPOCH as whole seconds since 1970; a date or a fraction is refused there, late
  if (epoch !== '' && !/^(0|[1-9][0-9]{0,11})$/.test(epoch)) {
    throw new InputError(
      'source-date-epoch',
      `is ${quote(epoch)}: expected whole seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct)`,
    );
  }
  return { reproducible: input.bool('reproducible') || epoch !== '', sourceDateEpoch: epoch };
}

/** The image exporter's rewrite-timestamp came in BuildKit 0.13 (moby/buildkit#4057); SOURCE_DATE_EPOCH in 0.11. */
export const MIN_BUILDKIT = '0.13.0';

/** A BuildKit version older than MIN_BUILDKIT; undefined or unreadable (a dev build) is not judged. */
export function buildkitTooOld(version: string | undefined): boolean {
  const parsed = semver.coerce(version ?? '');
  return parsed !== null && parsed.major + parsed.minor + parsed.patch > 0 && semver.lt(parsed, MIN_BUILDKIT);
}

/** The BuildKit release a driver-opts `image=` names by its tag (moby/buildkit:v0.12.5), if it names one. */
export function imageBuildkitVersion(driverOpts: readonly string[]): string | undefined {
  const image = driverOpts.find((opt) => opt.startsWith('image='))?.slice('image='.length);
  return image ? /:v?(\d+\.\d+\.\d+)(?:[-+][\w.-]*)?$/.exec(image)?.[1] : undefined;
}
