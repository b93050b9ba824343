import * as core from '@actions/core';
import { removeLegs } from '../cleanup.js';
import { platformDigests, verifyPushed, type PushedImage } from '../digests.js';
import { createIndex, readLegs, type Leg } from '../merge.js';
import { repositoryOf } from '../reference.js';
import { readPushed } from '../registry.js';
import { stepResult, type StepResult } from '../result.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import type { Mode } from './mode.js';

/** Merge: one index from the legs' pushed platforms (or from `sources`), under the tags; the legs' temporary tags go. */
export class Merge implements Mode {
  private readonly repository: string;
  private legs: Leg[] = [];
  private digest = '';
  private pushed: (PushedImage & { sizes?: Record<string, number> }) | undefined;
  private digests: Record<string, string> = {};

  constructor(
    private readonly ctx: StepContext,
    private readonly builder: BuilderInUse,
  ) {
    this.repository = repositoryOf(ctx.config.tags[0]);
  }

  async build(): Promise<void> {
    const { config, exec } = this.ctx;
    this.legs = config.sources.length > 0 ? [] : await readLegs(exec, config, this.repository, this.builder.name);
    const sources = config.sources.length > 0 ? config.sources : [...new Set(this.legs.map((leg) => `${this.repository}@${leg.digest}`))];
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
    if (this.legs.length > 0) await removeLegs(config, this.repository, this.legs, this.digest);
    return stepResult(config, this.builder.name, {
      platforms: Object.keys(this.digests),
      digest: this.digest,
      platformDigests: this.digests,
      sizes: this.pushed?.sizes,
    });
  }
}
