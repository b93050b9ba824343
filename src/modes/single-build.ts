import * as fs from 'node:fs';
import * as path from 'node:path';

import * as core from '@actions/core';

import { annotateCheckWarnings, checkWarnings, dockerfilePath } from '../build/annotations.js';
import { type PushPlan, pushPlan } from '../build/command.js';
import { withoutEventPayload } from '../build/event-payload.js';
import type { BuildStats } from '../build/log-stats.js';
import { nodesProblem, type ReproducibleStart, startReproducible } from '../build/reproducible.js';
import { build } from '../build/run.js';
import { isSubrequest } from '../config/build-flags.js';
import { type BuildMetadata, parseMetadata, platformDigests, verifyPushed } from '../image/digests.js';
import { testImages } from '../image/imagetest.js';
import { tagTested } from '../image/imagetools.js';
import { nativePlatforms } from '../image/platforms.js';
import { parseReference, repositoryOf } from '../image/reference.js';
import type { RegistryClient } from '../registry/client.js';
import type { StepRegistry } from '../registry/step-registry.js';
import { executionOf, nodeReports } from '../report/nodes.js';
import { type StepResult, stepResult } from '../report/result.js';
import { buildNodes } from '../setup/builder.js';
import { type NodeStatus } from '../setup/builder-inspect.js';
import type { BuilderInUse, StepContext } from '../setup/index.js';
import { canExportCache, type Mode, stepRegistry } from './mode.js';

/** What the build left: its metadata, its figures, and its builder's nodes (asked while it ran). */
export interface Built {
  readonly metadataJson: string;
  readonly metadata: BuildMetadata;
  readonly stats: BuildStats | undefined;
  readonly buildSeconds: number;
  readonly reproducible: ReproducibleStart;
  readonly nodes: () => Promise<readonly NodeStatus[]>;
}

/** What the registry holds of the build, checked: the image the tags get, its platforms' digests and sizes. */
export interface Verified {
  readonly built: Built;
  /** The build's, or the registry's where a load shared the metadata file with the push. */
  readonly metadata: BuildMetadata;
  readonly digests: Record<string, string>;
  readonly sizes: Record<string, number> | undefined;
  readonly statuses: readonly NodeStatus[];
}

/** One buildx build of every platform, pushed under the tags (or by digest, while test-command must pass first). */
export class SingleBuild implements Mode<Built, Verified> {
  private readonly plan: PushPlan;
  private readonly repository: string;
  protected readonly registry: StepRegistry;
  /** The client of the pushed repository: the build warms its connection and token, the reads and a leg's record use them. */
  protected readonly client: RegistryClient | undefined;

  constructor(
    protected readonly ctx: StepContext,
    protected readonly builder: BuilderInUse,
  ) {
    const { config } = ctx;
    this.plan = pushPlan(config);
    this.repository = config.push ? (this.plan.byDigestTo ?? repositoryOf(this.plan.buildTags[0])) : '';
    this.registry = stepRegistry(ctx, builder);
    this.client = config.push ? this.registry.client(repositoryOf(config.tags[0])) : undefined;
  }

  async build(): Promise<Built> {
    const { config, exec, tempDir } = this.ctx;
    const metadataFile = path.join(tempDir, 'metadata.json');
    const started = Date.now();
    // while BuildKit works: open the connection (and get a token) for reading the pushed image back
    this.client?.warmUp();
    const nodes = buildNodes(exec, this.builder, this.ctx.docker.socket);
    let reproducible: ReproducibleStart;
    let stats: BuildStats | undefined;
    try {
      reproducible = await startReproducible(exec, config, this.builder.nodes);
      stats = await build(nodes.exec, reproducible.config, this.builder.name, metadataFile, { canExportCache: canExportCache(this.ctx) });
    } catch (error) {
      // a failed check still reports its findings in metadata, as build-push-action does
      if (isSubrequest(config.call) && fs.existsSync(metadataFile))
        core.setOutput('metadata', withoutEventPayload(fs.readFileSync(metadataFile, 'utf8')));
      throw error;
    }
    const buildSeconds = (Date.now() - started) / 1000;
    const metadataJson = withoutEventPayload(fs.readFileSync(metadataFile, 'utf8'));
    annotateCheckWarnings(checkWarnings(metadataJson, dockerfilePath(config.context, config.file)));
    return { metadataJson, metadata: parseMetadata(metadataJson), stats, buildSeconds, reproducible, nodes: () => nodes.nodes() };
  }

  async verify(built: Built): Promise<Verified> {
    const asked = built.nodes();
    const [readBack, nodes] = await Promise.allSettled([this.readBack(built.metadata), asked]);
    if (readBack.status === 'rejected') throw readBack.reason;
    if (nodes.status === 'rejected') throw nodes.reason;
    const statuses = nodes.value;
    // a builder the build started told its BuildKit only once up
    const problem = this.ctx.config.reproducible ? nodesProblem(statuses) : undefined;
    if (problem) throw new Error(problem);
    return { built, ...readBack.value, statuses };
  }

  private async readBack(built: BuildMetadata): Promise<Pick<Verified, 'metadata' | 'digests' | 'sizes'>> {
    const { config } = this.ctx;
    let metadata = built;
    if (config.push && config.load && !this.plan.byDigestTo && this.client) {
      // two exporters, one metadata file: what the tags hold is the registry's to say, not the loaded image's
      const pushed = await this.client.taggedDigest(parseReference(this.plan.buildTags[0]).tag ?? 'latest');
      metadata = { digest: pushed, configDigest: pushed === built.digest ? built.configDigest : undefined };
    }
    const digest = metadata.digest;
    if (!config.push || !digest) return { metadata, digests: {}, sizes: undefined };
    const pushed = await this.registry.pushed(this.repository, digest);
    const digests = platformDigests(pushed.manifestJson, config.platforms, digest);
    verifyPushed(pushed, digests, config.platforms, digest);
    return { metadata, digests, sizes: pushed.sizes };
  }

  async test(verified: Verified): Promise<void> {
    const { config, exec } = this.ctx;
    if (config.push && verified.metadata.digest) await testImages(exec, this.repository, verified.digests, config.testCommand);
  }

  async tag(verified: Verified): Promise<StepResult> {
    const { config, docker, exec } = this.ctx;
    const { built, metadata, statuses } = verified;
    const digest = metadata.digest;
    if (config.push && digest && this.plan.tagAfter.length > 0) {
      await tagTested(exec, this.builder.name, this.plan.tagAfter, this.repository, digest);
    }
    return stepResult(config, this.builder.name, {
      digest,
      imageid: metadata.configDigest ?? digest,
      metadataJson: built.metadataJson,
      platformDigests: verified.digests,
      execution: executionOf(config.platforms, config.nodes, config.driver, nativePlatforms(docker.hostPlatform), statuses),
      nodes: nodeReports(statuses, config.nodes, config.platforms),
      buildSeconds: built.buildSeconds,
      stats: built.stats,
      sizes: verified.sizes,
      sourceDateEpoch: built.reproducible.config.sourceDateEpoch || undefined,
      heldBefore: built.reproducible.heldBefore,
    });
  }
}
