import * as core from '@actions/core';

import { digestOf, platformDigests } from '../digests.js';
import { findLegs, type FoundLegs, legGroupOf, releaseLegs } from '../legs/legs.js';
import { describeGroup } from '../legs/records.js';
import { createIndex, planIndex } from '../merge.js';
import { parseReference, repositoryOf } from '../reference.js';
import { type RegistryClient, registryClient } from '../registry.js';
import { type StepResult, stepResult } from '../result.js';
import { REGISTRY_RETRY, withRetry } from '../retry.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import { type ExpectedImages, verifyIndex } from '../verify-index.js';
import type { Mode } from './mode.js';

/**
 * Merge: one index from the legs' pushed platforms (or from `sources`). "Build" finds them and plans the index
 * (imagetools --dry-run: nothing is pushed), "Verify" checks the plan, and only "Tag" pushes it under the tags;
 * the legs' records are let go of after that, and nothing then can fail the step.
 */
export class Merge implements Mode {
  private readonly repository: string;
  private readonly client: RegistryClient;
  private legs: FoundLegs | undefined;
  private sources: string[] = [];
  private expected: ExpectedImages | undefined;
  private planned = { json: '', digest: '' };
  private verified: { digests: Record<string, string>; sizes: Record<string, number> } = { digests: {}, sizes: {} };

  constructor(
    private readonly ctx: StepContext,
    private readonly builder: BuilderInUse,
  ) {
    this.repository = repositoryOf(ctx.config.tags[0]);
    this.client = registryClient(this.repository, ctx.config.logins, ctx.config.insecureRegistries);
  }

  async build(): Promise<void> {
    const { config, exec } = this.ctx;
    if (config.sources.length === 0) {
      const asked = config.platforms.length > 0 ? config.platforms : undefined;
      this.legs = await findLegs(this.client, legGroupOf(config), asked, config.run.attempt);
      this.sources = [...new Set(this.legs.picked.map((leg) => `${this.repository}@${leg.digest}`))];
      this.expected = await this.legImages(this.legs);
    } else {
      this.sources = [...config.sources];
      this.expected = await this.sourceImages();
    }
    this.planned = await planIndex(exec, this.builder.name, this.sources);
    core.info(`The index of ${this.sources.length} source(s) would be ${this.planned.digest}`);
  }

  /** Each picked leg's image of its platform, read from the leg's own index. */
  private async legImages(legs: FoundLegs): Promise<ExpectedImages> {
    const digests: Record<string, string> = {};
    await Promise.all(
      legs.picked.map(async (leg) => {
        const index = await withRetry(`reading ${this.repository}@${leg.digest}`, REGISTRY_RETRY, () => this.client.manifest(leg.digest));
        const held = platformDigests(index, [leg.platform], leg.digest);
        if (!held[leg.platform])
          throw new Error(
            `the leg recorded for ${leg.platform} (${this.repository}@${leg.digest}, attempt ${leg.attempt}) holds no ${leg.platform} image`,
          );
        digests[leg.platform] = held[leg.platform];
      }),
    );
    return { digests, repositoryOf: () => this.repository };
  }

  /** Which repository holds each image of the sources (they may come from several). */
  private async sourceImages(): Promise<ExpectedImages> {
    const { config } = this.ctx;
    const where = new Map<string, string>();
    await Promise.all(
      config.sources.map(async (source) => {
        const repository = repositoryOf(source);
        const client = registryClient(repository, config.logins, config.insecureRegistries);
        const ref = parseReference(source);
        const read = async (): Promise<string> => client.manifest(ref.digest ?? (await client.taggedDigest(ref.tag ?? 'latest')));
        // a source the registry API cannot read (an unusual token service) is left to buildx in the check
        const raw = await withRetry(`reading ${source}`, REGISTRY_RETRY, read).catch(
          (error: Error) => void core.debug(`reading ${source}: ${error.message}`),
        );
        if (raw === undefined) return;
        const digest = ref.digest ?? digestOf(raw);
        const manifest = JSON.parse(raw) as { manifests?: { digest: string }[] };
        for (const entry of manifest.manifests ?? [{ digest }]) where.set(entry.digest, repository);
      }),
    );
    return { repositoryOf: (digest) => where.get(digest) ?? repositoryOf(config.sources[0]) };
  }

  async verify(): Promise<void> {
    const { config, exec } = this.ctx;
    const recorded = this.legs?.picked.map((leg) => leg.platform);
    const asked =
      config.platforms.length > 0
        ? config.platforms
        : (recorded ?? Object.keys(platformDigests(this.planned.json, [], this.planned.digest)));
    const access = { exec, builder: this.builder.name, logins: config.logins, insecure: config.insecureRegistries };
    this.verified = await verifyIndex(this.planned, asked, this.expected as ExpectedImages, access);
  }

  async test(): Promise<void> {
    core.info('A merge runs no test: the legs test the images they push');
  }

  async tag(): Promise<StepResult> {
    const { config } = this.ctx;
    await createIndex(this.ctx.exec, this.builder.name, config.tags, this.sources, this.planned.digest);
    if (this.legs) {
      const group = legGroupOf(config);
      const notes = await releaseLegs(
        this.client,
        group,
        this.legs,
        { digest: this.planned.digest, indexJson: this.planned.json },
        config.logins,
        config.insecureRegistries,
      );
      for (const note of notes) core.warning(`${config.tags.join(', ')} now point at ${this.planned.digest}; ${note}`);
      core.info(`Merged the legs of ${describeGroup(group)}`);
    }
    return stepResult(config, this.builder.name, {
      platforms: Object.keys(this.verified.digests),
      digest: this.planned.digest,
      platformDigests: this.verified.digests,
      sizes: this.verified.sizes,
    });
  }
}
