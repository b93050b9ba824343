import * as fs from 'node:fs';
import * as path from 'node:path';

import * as core from '@actions/core';

import { annotateCheckWarnings, checkWarnings, dockerfilePath } from '../build/annotations.js';
import { pushesUnderTags, type PushPlan, pushPlan } from '../build/command.js';
import { withoutEventPayload } from '../build/event-payload.js';
import type { BuildStats } from '../build/log-stats.js';
import { nodesProblem, type ReproducibleStart, startReproducible } from '../build/reproducible.js';
import { build } from '../build/run.js';
import { isSubrequest } from '../config/build-flags.js';
import { renameLocalImage } from '../docker/local-image.js';
import { type BuildMetadata, namedByTags, parseMetadata, platformDigests, verifyPushed } from '../image/digests.js';
import { testImages } from '../image/imagetest.js';
import { nativePlatforms } from '../image/platforms.js';
import { repositoryOf } from '../image/reference.js';
import type { RegistryClient } from '../registry/client.js';
import type { ReadBack, StepRegistry } from '../registry/step-registry.js';
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
  /** What the registry served of the pushed image, which the tags get byte for byte; none when nothing was pushed. */
  readonly pushed: ReadBack | undefined;
  readonly digests: Record<string, string>;
  readonly statuses: readonly NodeStatus[];
}

/**
 * One buildx build of every platform, pushed by digest (the docker driver: under one fixed tag of its own); the
 * tags move in Tag, once the image is read back, verified and tested.
 */
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

  /** The pushed image, fetched by the digest the build reported (with a load beside, the push's: build/command.ts). */
  private async readBack({ digest }: BuildMetadata): Promise<Pick<Verified, 'pushed' | 'digests'>> {
    const { config } = this.ctx;
    if (!config.push || !digest) return { pushed: undefined, digests: {} };
    const pushed = await this.registry.pushed(this.repository, digest);
    const digests = platformDigests(pushed.manifestJson, config.platforms, digest);
    verifyPushed(pushed, digests, config.platforms, digest);
    return { pushed, digests };
  }

  async test(verified: Verified): Promise<void> {
    const { config, exec } = this.ctx;
    if (verified.pushed) await testImages(exec, this.repository, verified.digests, config.testCommand);
  }

  async tag(verified: Verified): Promise<StepResult> {
    const { config, docker } = this.ctx;
    const { built, pushed, statuses } = verified;
    const { digest, configDigest } = built.metadata;
    const tagged = pushed ? this.plan.tagAfter : [];
    if (pushed) await this.registry.tag(tagged, pushed);
    if (pushed && pushesUnderTags(config)) await this.nameInDaemon(tagged);
    return stepResult(config, this.builder.name, {
      digest,
      imageid: configDigest ?? digest,
      metadataJson: tagged.length > 0 ? namedByTags(built.metadataJson, tagged) : built.metadataJson,
      platformDigests: verified.digests,
      execution: executionOf(config.platforms, config.nodes, config.driver, nativePlatforms(docker.hostPlatform), statuses),
      nodes: nodeReports(statuses, config.nodes, config.platforms),
      buildSeconds: built.buildSeconds,
      stats: built.stats,
      sizes: pushed?.sizes,
      sourceDateEpoch: built.reproducible.config.sourceDateEpoch || undefined,
      heldBefore: built.reproducible.heldBefore,
    });
  }

  /**
   * The docker driver's daemon holds the image under the fixed tag it pushed; it gets the tags instead. Once the
   * registry's tags moved, only a load the user asked for makes a failure here fail the step.
   */
  private async nameInDaemon(tags: readonly string[]): Promise<void> {
    const { config, docker, exec } = this.ctx;
    try {
      await renameLocalImage(exec, docker.socket, this.plan.buildTags[0], tags);
    } catch (error) {
      if (config.load) throw error;
      core.warning(`${(error as Error).message}; the tags in the registry hold the image`);
    }
  }
}
