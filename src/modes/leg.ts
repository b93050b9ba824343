import * as core from '@actions/core';
import { describeGroup, holdsLeg, LEDGER_TAG, legGroup, withLeg, type LegRecord } from '../legs/ledger.js';
import { changeLedger } from '../legs/ledger-store.js';
import { repositoryOf } from '../reference.js';
import { registryClient } from '../registry.js';
import type { StepResult } from '../result.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import { SingleBuild } from './build.js';
import type { Mode } from './mode.js';

/**
 * One job of a native multi-runner build: a single build of this job's platforms, pushed by digest only (no tag,
 * pushPlan in build.ts), verified and tested like any build, then recorded in the repository's legs ledger for
 * the merge step, which owns the real tags; its result reports none (stepResult).
 */
export class Leg implements Mode {
  private readonly single: SingleBuild;

  constructor(
    private readonly ctx: StepContext,
    builder: BuilderInUse,
  ) {
    this.single = new SingleBuild(ctx, builder);
  }

  build(): Promise<void> {
    return this.single.build();
  }

  verify(): Promise<void> {
    return this.single.verify();
  }

  test(): Promise<void> {
    return this.single.test();
  }

  async tag(): Promise<StepResult> {
    const result = await this.single.tag();
    if (result.digest) await this.record(result.digest);
    return result;
  }

  /** Adds one record per platform to the ledger, verified (ledger-store.ts). */
  private async record(digest: string): Promise<void> {
    const { config } = this.ctx;
    const repository = repositoryOf(config.tags[0]);
    // the build's client: its connection and credentials serve the ledger too (a 401 on the PUT widens its token)
    const client = this.single.registryClient ?? registryClient(repository, config.logins, config.insecureRegistries);
    const pushed = await client.manifest(digest);
    const mediaType = (JSON.parse(pushed) as { mediaType?: string }).mediaType ?? 'application/vnd.oci.image.index.v1+json';
    const recorded = new Date().toISOString();
    const group = legGroup(config);
    const records: LegRecord[] = config.platforms.map((platform) => ({ ...group, attempt: config.run.attempt, platform, digest, mediaType, size: Buffer.byteLength(pushed), recorded }));
    const doing = `recording ${config.platforms.join(', ')} of ${describeGroup(group)} (attempt ${config.run.attempt})`;
    await changeLedger(client, repository, {
      doing,
      apply: (current, now) => records.reduce((all, record) => withLeg(all, record, now), [...current]),
      holds: (current) => records.every((record) => holdsLeg(current, record)),
    });
    core.info(`Recorded ${repository}@${digest} for the merge step in ${repository}:${LEDGER_TAG}: ${config.platforms.join(', ')} of ${describeGroup(group)}, attempt ${config.run.attempt}`);
  }
}
