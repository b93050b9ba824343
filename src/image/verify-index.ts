// The check of an index before any tag moves onto it: exactly the platforms asked for, each once, each the image
// its leg (or per-platform build) pushed, and each image's config saying the platform its entry claims.
import * as core from '@actions/core';

import type { RegistryLogin } from '../config/index.js';
import type { Exec } from '../core/exec.js';
import { registryClient } from '../registry/client.js';
import { configMismatches, type ImageConfig, inspectPushed, platformDigests, platformMismatch } from './digests.js';
import { readImage } from './pushed-image.js';

/** What the index's images must be, where the step knows it, and where each is read from. */
export interface ExpectedImages {
  /** The image each platform must be (a leg's, a per-platform build's); none for a merge of sources. */
  readonly digests?: Readonly<Record<string, string>>;
  /** The repository that holds an image. */
  readonly repositoryOf: (digest: string) => string;
}

export interface RegistryAccess {
  readonly exec: Exec;
  readonly builder: string;
  readonly logins: readonly RegistryLogin[];
  readonly insecure: readonly string[];
}

/** An image's config and compressed size, over the registry API, else through buildx. */
async function readImageOf(access: RegistryAccess, repository: string, digest: string): Promise<{ config: ImageConfig; size: number }> {
  try {
    return await readImage(registryClient(repository, access.logins, access.insecure), digest);
  } catch (error) {
    core.debug(`reading ${repository}@${digest} over the registry API failed (${(error as Error).message}); asking buildx`);
    const inspected = await inspectPushed(access.exec, repository, digest, access.builder);
    return { config: inspected.configs[''] ?? Object.values(inspected.configs)[0] ?? {}, size: 0 };
  }
}

/**
 * Checks a planned index and returns its platform digests and sizes; throws, naming the platform, when it is not
 * what was asked for.
 */
export async function verifyIndex(
  planned: { json: string; digest: string },
  requested: readonly string[],
  expected: ExpectedImages,
  access: RegistryAccess,
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
  const images = await Promise.all(requested.map((p) => readImageOf(access, expected.repositoryOf(digests[p]), digests[p])));
  const configs: Record<string, ImageConfig> = Object.fromEntries(requested.map((p, i) => [p, images[i].config]));
  const mismatches = configMismatches({ manifestJson: planned.json, configs }, digests);
  if (mismatches.length > 0)
    throw new Error(`the index ${planned.digest} lists an image under the wrong platform: ${mismatches.join('; ')}; no tag was moved`);
  return { digests, sizes: Object.fromEntries(requested.map((p, i) => [p, images[i].size])) };
}
