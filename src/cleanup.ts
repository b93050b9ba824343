import * as core from '@actions/core';
import type { Config, RegistryLogin } from './config/index.js';
import { legTag, type Leg } from './merge.js';
import { deleteManifest, manifestRef } from './registry.js';

/**
 * Removes the legs' temporary tags once the merged index holds their platforms: each leg's own index is deleted
 * by digest, which takes its tags with it. The platform images stay (the merged index refers to them). A leg
 * index that is byte for byte the merged index (a merge of one leg) stays, with its tag.
 */
export async function removeLegs(config: Config, repository: string, legs: readonly Leg[], mergedDigest: string): Promise<void> {
  const left: string[] = [];
  for (const digest of new Set(legs.map((leg) => leg.digest))) {
    const tags = legs.filter((leg) => leg.digest === digest).map((leg) => legTag(repository, config.mergeKey, leg.platform));
    if (digest === mergedDigest) {
      left.push(`${tags.join(', ')} (the merged index itself)`);
      continue;
    }
    const ref = manifestRef(repository, digest);
    const credentials: RegistryLogin | undefined = config.logins.find((login) => login.registry === ref.registry);
    const failure = await deleteManifest(ref, credentials, config.insecureRegistries).catch((error: Error) => error.message);
    if (failure) left.push(`${tags.join(', ')} (${failure})`);
  }
  if (left.length > 0) core.warning(`Could not remove the temporary leg tags: ${left.join('; ')}; delete them in the registry`);
  else core.info(`Removed the temporary leg tags of merge key ${config.mergeKey}`);
}
