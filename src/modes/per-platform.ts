import * as fs from 'node:fs';
import * as path from 'node:path';

import { annotateCheckWarnings, checkWarnings, type DockerfileAnnotation, dockerfilePath } from '../build/annotations.js';
import type { BuildSpec } from '../build/command.js';
import { withoutEventPayload } from '../build/event-payload.js';
import { type BuildStats, mergeStats } from '../build/log-stats.js';
import { type ReproducibleStart, startReproducible } from '../build/reproducible.js';
import { build } from '../build/run.js';
import { type Exec, execWithOutput, stopRunningCommands } from '../core/exec.js';
import { PrefixedLog } from '../core/log.js';
import { parseMetadata, platformDigests, verifyPushed } from '../image/digests.js';
import { testImages } from '../image/imagetest.js';
import { createIndex, planIndex } from '../image/imagetools.js';
import { nativePlatforms } from '../image/platforms.js';
import { repositoryOf } from '../image/reference.js';
import { verifyIndex } from '../image/verify-index.js';
import type { StepRegistry } from '../registry/step-registry.js';
import { executionOf, nodeReports } from '../report/nodes.js';
import { type StepResult, stepResult } from '../report/result.js';
import type { BuilderInUse, StepContext } from '../setup/index.js';
import { canExportCache, type Mode, stepRegistry } from './mode.js';

/** One platform's build, pushed by digest. */
interface PlatformPushed {
  readonly platform: string;
  readonly digest: string;
  readonly metadata: unknown;
}

/** What the builds left: each platform's pushed image and the builds' figures. */
export interface PlatformsBuilt {
  readonly pushed: readonly PlatformPushed[];
  readonly stats: BuildStats | undefined;
  readonly buildSeconds: number;
  readonly reproducible: ReproducibleStart;
}

/** Each pushed image read back and checked, and the index they make, planned and checked. */
export interface PlatformsVerified {
  readonly built: PlatformsBuilt;
  readonly digests: Record<string, string>;
  readonly planned: { readonly json: string; readonly digest: string };
  readonly sizes: Record<string, number>;
}

/**
 * Several nodes: one build per platform, in parallel, each pushed by digest with its own cache ref; then each and
 * the index they make are verified (and tested), and only then is that index pushed under the tags.
 */
export class PerPlatformBuilds implements Mode<PlatformsBuilt, PlatformsVerified> {
  private readonly repository: string;
  private readonly registry: StepRegistry;

  constructor(
    private readonly ctx: StepContext,
    private readonly builder: BuilderInUse,
    private readonly builds: readonly BuildSpec[],
  ) {
    this.repository = repositoryOf(ctx.config.tags[0]);
    this.registry = stepRegistry(ctx, builder);
  }

  async build(): Promise<PlatformsBuilt> {
    const { exec, tempDir } = this.ctx;
    const started = Date.now();
    const files = this.builds.map((_, i) => path.join(tempDir, `metadata-${i}.json`));
    // the builds' progress would interleave, with the same step numbers: each line says whose it is
    const execFor = (platform: string): Exec => execWithOutput(exec, new PrefixedLog(`[${platform}] `));
    const reproducible = await startReproducible(exec, this.ctx.config, this.builder.nodes);
    const epoch = reproducible.config.sourceDateEpoch;
    const builds = this.builds.map(({ config, plan }) => ({ config: { ...config, sourceDateEpoch: epoch }, plan }));
    const stats = await allOrNone(
      builds.map(({ config, plan }, i) =>
        build(execFor(config.platforms[0]), config, this.builder.name, files[i], { canExportCache: canExportCache(this.ctx), plan }),
      ),
    );
    const buildSeconds = (Date.now() - started) / 1000;
    const dockerfile = dockerfilePath(this.ctx.config.context, this.ctx.config.file);
    const warnings: DockerfileAnnotation[] = [];
    const pushed = this.builds.map((one, i) => {
      const json = withoutEventPayload(fs.readFileSync(files[i], 'utf8'));
      warnings.push(...checkWarnings(json, dockerfile));
      return { platform: one.config.platforms[0], digest: parseMetadata(json).digest as string, metadata: JSON.parse(json) as unknown };
    });
    annotateCheckWarnings(warnings);
    // each build has one platform, so buildx names its steps without one: file them under their platform
    return { pushed, stats: mergeStats(stats.map((one, i) => [this.builds[i].config.platforms[0], one])), buildSeconds, reproducible };
  }

  async verify(built: PlatformsBuilt): Promise<PlatformsVerified> {
    const { config, exec } = this.ctx;
    const perPlatform: Record<string, string> = {};
    await Promise.all(
      built.pushed.map(async ({ platform, digest }) => {
        const inspected = await this.registry.pushed(this.repository, digest);
        const digests = platformDigests(inspected.manifestJson, [platform], digest);
        verifyPushed(inspected, digests, [platform], digest);
        perPlatform[platform] = digests[platform];
      }),
    );
    const digests = Object.fromEntries(config.platforms.map((p) => [p, perPlatform[p]]));
    // the index the tags will get, checked before "Tag" moves any of them
    const planned = await planIndex(exec, this.builder.name, this.sources(built));
    const { sizes } = await verifyIndex(planned, config.platforms, { digests, repositoryOf: () => this.repository }, this.registry);
    return { built, digests, planned, sizes };
  }

  private sources(built: PlatformsBuilt): string[] {
    return built.pushed.map((one) => `${this.repository}@${one.digest}`);
  }

  async test(verified: PlatformsVerified): Promise<void> {
    await testImages(this.ctx.exec, this.repository, verified.digests, this.ctx.config.testCommand);
  }

  async tag(verified: PlatformsVerified): Promise<StepResult> {
    const { config, docker, exec } = this.ctx;
    const { built, planned } = verified;
    const digest = planned.digest;
    await createIndex(exec, this.builder.name, config.tags, this.sources(built), digest);
    return stepResult(config, this.builder.name, {
      digest,
      metadataJson: JSON.stringify(Object.fromEntries(built.pushed.map((one) => [one.platform, one.metadata]))),
      platformDigests: verified.digests,
      execution: executionOf(config.platforms, config.nodes, config.driver, nativePlatforms(docker.hostPlatform), this.builder.nodes),
      nodes: nodeReports(this.builder.nodes, config.nodes, config.platforms),
      buildSeconds: built.buildSeconds,
      stats: built.stats,
      sizes: verified.sizes,
      sourceDateEpoch: built.reproducible.config.sourceDateEpoch || undefined,
      heldBefore: built.reproducible.heldBefore,
    });
  }
}

/**
 * Waits for every build; the first to fail stops the others (their pushes would serve no index, and nothing may go
 * on writing into the temp dir the step removes), then its error is thrown once all have ended.
 */
async function allOrNone<T>(builds: Promise<T>[]): Promise<T[]> {
  let first: unknown;
  const settled = await Promise.allSettled(
    builds.map((one) =>
      one.catch((error: unknown) => {
        if (first === undefined) {
          first = error;
          stopRunningCommands();
        }
        throw error;
      }),
    ),
  );
  if (first !== undefined) throw first;
  return settled.map((one) => (one as PromiseFulfilledResult<T>).value);
}
