import * as core from '@actions/core';

import { REGISTRY_RETRY, withRetry } from '../core/retry.js';
import { type Manifest, OCI_INDEX } from '../image/oci.js';
import { repositoryOf } from '../image/reference.js';
import { legGroupOf, recordLeg } from '../legs/legs.js';
import { describeGroup } from '../legs/records.js';
import type { StepResult } from '../report/result.js';
import { SingleBuild, type Verified } from './single-build.js';

/**
 * One job of a native multi-runner build: a single build of this job's platforms, pushed by digest only (no tag,
 * pushPlan in build/command.ts), verified and tested like any build, then recorded for the merge step (legs/legs.ts),
 * which owns the real tags; its result reports none (stepResult). The leg fails unless its record reads back.
 */
export class Leg extends SingleBuild {
  override async tag(verified: Verified): Promise<StepResult> {
    const result = await super.tag(verified);
    if (result.digest) await this.record(result.digest);
    return result;
  }

  /** Records each platform of the leg, written once under names of its own, and read back (legs/records.ts). */
  private async record(digest: string): Promise<void> {
    const { config } = this.ctx;
    const repository = repositoryOf(config.tags[0]);
    // the build's client: its connection and credentials serve the record too
    const client = this.registry.client(repository);
    const pushed = await withRetry(`reading ${repository}@${digest}`, REGISTRY_RETRY, () => client.manifest(digest));
    const mediaType = (JSON.parse(pushed) as Manifest).mediaType ?? OCI_INDEX;
    const group = legGroupOf(config);
    const records = config.platforms.map((platform) => ({ platform, attempt: config.run.attempt, digest }));
    const where = await recordLeg(client, group, records, { mediaType, size: Buffer.byteLength(pushed) });
    core.info(
      `Recorded ${repository}@${digest} for the merge step: ${config.platforms.join(', ')} of ${describeGroup(group)}, attempt ${config.run.attempt}, in ${where}`,
    );
  }
}
