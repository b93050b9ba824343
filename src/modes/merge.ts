import * as core from '@actions/core';

import { REGISTRY_RETRY, withRetry } from '../core/retry.js';
import { digestOf, platformDigests } from '../image/digests.js';
import { createIndex, planIndex } from '../image/imagetools.js';
import type { Manifest } from '../image/oci.js';
import { parseReference, repositoryOf } from '../image/reference.js';
import { type ExpectedImages, verifyIndex } from '../image/verify-index.js';
import { findLegs, type FoundLegs, legGroupOf, releaseLegs } from '../legs/legs.js';
import { describeGroup } from '../legs/records.js';
import type { RegistryClient } from '../registry/client.js';
import type { StepRegistry } from '../registry/step-registry.js';
import { type StepResult, stepResult } from '../report/result.js';
import type { BuilderInUse, StepContext } from '../setup/index.js';
import { type Mode, stepRegistry } from './mode.js';

/** The merge's images, found, and the index they make, planned (imagetools --dry-run): nothing is pushed yet. */
export interface MergeBuilt {
  /** The legs picked, where the merge takes legs (not `sources`): their records are let go of after the tags. */
  readonly legs: FoundLegs | undefined;
  readonly sources: readonly string[];
  readonly expected: ExpectedImages;
  readonly planned: { readonly json: string; readonly digest: string };
}

/** The planned index, checked: its platforms' digests and sizes. */
export interface MergeVerified {
  readonly built: MergeBuilt;
  readonly digests: Record<string, string>;
  readonly sizes: Record<string, number>;
}

/**
 * Merge: one index from the legs' pushed platforms (or from `sources`). "Build" finds them and plans the index
 * (imagetools --dry-run: nothing is pushed), "Verify" checks the plan, and only "Tag" pushes it under the tags;
 * the legs' records are let go of after that, and nothing then can fail the step.
 */
export class Merge implements Mode<MergeBuilt, MergeVerified> {
  private readonly repository: string;
  private readonly registry: StepRegistry;
  /** The client of the tags' repository, where the legs pushed and recorded. */
  private readonly client: RegistryClient;

  constructor(
    private readonly ctx: StepContext,
    private readonly builder: BuilderInUse,
  ) {
    this.repository = repositoryOf(ctx.config.tags[0]);
    this.registry = stepRegistry(ctx, builder);
    this.client = this.registry.client(this.repository);
  }

  async build(): Promise<MergeBuilt> {
    const { config, exec } = this.ctx;
    const found =
      config.sources.length === 0
        ? await this.legSources()
        : { legs: undefined, sources: [...config.sources], expected: await this.sourceImages() };
    const planned = await planIndex(exec, this.builder.name, found.sources);
    core.info(`The index of ${found.sources.length} source(s) would be ${planned.digest}`);
    return { ...found, planned };
  }

  /** The legs recorded for the platforms, each leg's image a source. */
  private async legSources(): Promise<Omit<MergeBuilt, 'planned'>> {
    const { config } = this.ctx;
    const asked = config.platforms.length > 0 ? config.platforms : undefined;
    const legs = await findLegs(this.client, legGroupOf(config), asked, config.run.attempt);
    const sources = [...new Set(legs.picked.map((leg) => `${this.repository}@${leg.digest}`))];
    return { legs, sources, expected: await this.legImages(legs) };
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
        const client = this.registry.client(repository);
        const ref = parseReference(source);
        const read = async (): Promise<string> => client.manifest(ref.digest ?? (await client.taggedDigest(ref.tag ?? 'latest')));
        // a source the registry API cannot read (an unusual token service) is left to buildx in the check
        const raw = await withRetry(`reading ${source}`, REGISTRY_RETRY, read).catch(
          (error: Error) => void core.debug(`reading ${source}: ${error.message}`),
        );
        if (raw === undefined) return;
        const digest = ref.digest ?? digestOf(raw);
        const manifest = JSON.parse(raw) as Manifest;
        for (const entry of manifest.manifests ?? [{ digest }]) where.set(entry.digest, repository);
      }),
    );
    return { repositoryOf: (digest) => where.get(digest) ?? repositoryOf(config.sources[0]) };
  }

  async verify(built: MergeBuilt): Promise<MergeVerified> {
    const { config } = this.ctx;
    const { planned } = built;
    const recorded = built.legs?.picked.map((leg) => leg.platform);
    const asked =
      config.platforms.length > 0 ? config.platforms : (recorded ?? Object.keys(platformDigests(planned.json, [], planned.digest)));
    return { built, ...(await verifyIndex(planned, asked, built.expected, this.registry)) };
  }

  async tag(verified: MergeVerified): Promise<StepResult> {
    const { config } = this.ctx;
    const { legs, sources, planned } = verified.built;
    await createIndex(this.ctx.exec, this.builder.name, config.tags, sources, planned.digest);
    if (legs) {
      const group = legGroupOf(config);
      const notes = await releaseLegs(this.client, legs, { digest: planned.digest, indexJson: planned.json });
      for (const note of notes) core.warning(`${config.tags.join(', ')} now point at ${planned.digest}; ${note}`);
      core.info(`Merged the legs of ${describeGroup(group)}`);
    }
    return stepResult(config, this.builder.name, {
      platforms: Object.keys(verified.digests),
      digest: planned.digest,
      platformDigests: verified.digests,
      sizes: verified.sizes,
    });
  }
}
