// The check of an index before any tag moves onto it: exactly the platforms asked for, each once, each the image
// its leg (or per-platform build) pushed, and each image's config saying the platform its entry claims.
import type { StepRegistry } from '../registry/step-registry.js';
import { configMismatches, type ImageConfig, platformDigests, platformMismatch } from './digests.js';

/** What the index's images must be, where the step knows it, and where each is read from. */
export interface ExpectedImages {
  /** The image each platform must be (a leg's, a per-platform build's); none for a merge of sources. */
  readonly digests?: Readonly<Record<string, string>>;
  /** The repository that holds an image. */
  readonly repositoryOf: (digest: string) => string;
}

/** Where the images are read from: the step's registries (registry/step-registry.ts). */
export type ImageReader = Pick<StepRegistry, 'image'>;

/**
 * Checks a planned index and returns its platform digests and sizes; throws, naming the platform, when it is not
 * what was asked for.
 */
export async function verifyIndex(
  planned: { json: string; digest: string },
  requested: readonly string[],
  expected: ExpectedImages,
  registry: ImageReader,
): Promise<{ digests: Record<string, string>; sizes: Record<string, number> }> {
  const digests = platformDigests(planned.json, [], planned.digest);
  const { missing, extra } = platformMismatch(digests, requested);
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `the index ${planned.digest} does not hold the requested platforms (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'}): no tag was moved`,
    );
  }
  const want = expected.digests ?? {};
  const wrong = requested.filter((platform) => want[platform] !== undefined && want[platform] !== digests[platform]);
  if (wrong.length > 0) {
    const said = wrong.map((p) => `${p} is ${digests[p]} where ${want[p]} was pushed for it`).join('; ');
    throw new Error(
      `the index ${planned.digest} holds other images than were pushed for its platforms (${said}): do two legs build the same platform? No tag was moved`,
    );
  }
  const images = await Promise.all(requested.map((p) => registry.image(expected.repositoryOf(digests[p]), digests[p])));
  const configs: Record<string, ImageConfig> = Object.fromEntries(requested.map((p, i) => [p, images[i].config]));
  const mismatches = configMismatches({ manifestJson: planned.json, configs }, digests);
  if (mismatches.length > 0)
    throw new Error(`the index ${planned.digest} lists an image under the wrong platform: ${mismatches.join('; ')}; no tag was moved`);
  return { digests, sizes: Object.fromEntries(requested.map((p, i) => [p, images[i].size])) };
}
