import * as core from '@actions/core';
import { findLegs, releaseLegs, type FoundLegs } from '../legs/merge-legs.js';
import { platformDigests, verifyPushed, type PushedImage } from '../digests.js';
import { createIndex } from '../merge.js';
import { repositoryOf } from '../reference.js';
import { readPushed, registryClient, type RegistryClient } from '../registry.js';
import { legGroup } from '../legs/ledger.js';
import { stepResult, type StepResult } from '../result.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import type { Mode } from './mode.js';

/** Merge: one index from the legs' pushed platforms (or from `sources`), under the tags; the legs leave the ledger. */
export class Merge implements Mode {
  private readonly repository: string;
  private readonly client: RegistryClient;
  private legs: FoundLegs | undefined;
  private digest = '';
  private pushed: (PushedImage & { sizes?: Record<string, number> }) | undefined;
  private digests: Record<string, string> = {};

  constructor(
    private readonly ctx: StepContext,
    private readonly builder: BuilderInUse,
  ) {
    this.repository = repositoryOf(ctx.config.tags[0]);
    this.client = registryClient(this.repository, ctx.config.logins, ctx.config.insecureRegistries);
  }

  async build(): Promise<void> {
    const { config, exec } = this.ctx;
    this.legs = config.sources.length > 0 ? undefined : await findLegs(this.client, this.repository, legGroup(config), config.platforms);
    const sources = this.legs ? [...new Set(this.legs.picked.map((leg) => `${this.repository}@${leg.digest}`))] : config.sources;
    this.digest = await createIndex(exec, this.builder.name, config.tags, sources);
  }

  async verify(): Promise<void> {
    const { config, exec } = this.ctx;
    this.pushed = await readPushed(exec, this.repository, this.digest, this.builder.name, config.logins, config.insecureRegistries);
    // a merge of sources takes what they hold, unless platforms was given (the config has none then)
    const requested = config.platforms.length > 0 ? config.platforms : undefined;
    this.digests = platformDigests(this.pushed.manifestJson, requested ?? [], this.digest);
    verifyPushed(this.pushed, this.digests, requested ?? Object.keys(this.digests), this.digest);
  }

  async test(): Promise<void> {
    core.info('A merge runs no test: the legs test the images they push');
  }

  async tag(): Promise<StepResult> {
    const { config } = this.ctx;
    if (this.legs && this.pushed) await releaseLegs(config, this.client, this.repository, this.legs, { digest: this.digest, manifestJson: this.pushed.manifestJson });
    return stepResult(config, this.builder.name, {
      platforms: Object.keys(this.digests),
      digest: this.digest,
      platformDigests: this.digests,
      sizes: this.pushed?.sizes,
    });
  }
}
