import * as fs from 'node:fs';
import * as path from 'node:path';

import { annotateCheckWarnings, checkWarnings, type DockerfileAnnotation, dockerfilePath } from '../annotations.js';
import { build } from '../build.js';
import { type BuildStats, mergeStats } from '../build-log.js';
import type { Config } from '../config/index.js';
import { parseMetadata, platformDigests, verifyPushed } from '../digests.js';
import { withoutEventPayload } from '../event-payload.js';
import { type Exec, execWithOutput, stopRunningCommands } from '../exec.js';
import { testImages } from '../imagetest.js';
import { PrefixedLog } from '../log.js';
import { createIndex, planIndex } from '../merge.js';
import { executionOf, nodeReports } from '../nodes.js';
import { nativePlatforms } from '../platforms.js';
import { repositoryOf } from '../reference.js';
import { readPushed } from '../registry.js';
import { type ReproducibleStart, startReproducible } from '../reproducible.js';
import { type StepResult, stepResult } from '../result.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import { verifyIndex } from '../verify-index.js';
import { canExportCache, type Mode } from './mode.js';

/**
 * Several nodes: one build per platform, in parallel, each pushed by digest with its own cache ref; then each and
 * the index they make are verified (and tested), and only then is that index pushed under the tags.
 */
export class PerPlatformBuilds implements Mode {
  private readonly repository: string;
  private pushed: { platform: string; digest: string; metadata: unknown }[] = [];
  private stats: BuildStats | undefined;
  private buildSeconds = 0;
  private digests: Record<string, string> = {};
  private planned = { json: '', digest: '' };
  private sizes: Record<string, number> = {};
  private reproducible: ReproducibleStart | undefined;

  constructor(
    private readonly ctx: StepContext,
    private readonly builder: BuilderInUse,
    private readonly builds: readonly Config[],
  ) {
    this.repository = repositoryOf(ctx.config.tags[0]);
  }

  async build(): Promise<void> {
    const { exec, tempDir } = this.ctx;
    const started = Date.now();
    const files = this.builds.map((_, i) => path.join(tempDir, `metadata-${i}.json`));
    // the builds' progress would interleave, with the same step numbers: each line says whose it is
    const execFor = (platform: string): Exec => execWithOutput(exec, new PrefixedLog(`[${platform}] `));
    this.reproducible = await startReproducible(exec, this.ctx.config, this.builder.nodes);
    const epoch = this.reproducible.config.sourceDateEpoch;
    const builds = this.builds.map((one) => ({ ...one, sourceDateEpoch: epoch }));
    const stats = await allOrNone(
      builds.map((one, i) => build(execFor(one.platforms[0]), one, this.builder.name, files[i], canExportCache(this.ctx), true)),
    );
    this.buildSeconds = (Date.now() - started) / 1000;
    const dockerfile = dockerfilePath(this.ctx.config.context, this.ctx.config.file);
    const warnings: DockerfileAnnotation[] = [];
    this.pushed = this.builds.map((one, i) => {
      const json = withoutEventPayload(fs.readFileSync(files[i], 'utf8'));
      warnings.push(...checkWarnings(json, dockerfile));
      return { platform: one.platforms[0], digest: parseMetadata(json).digest as string, metadata: JSON.parse(json) as unknown };
    });
    annotateCheckWarnings(warnings);
    // each build has one platform, so buildx names its steps without one: file them under their platform
    this.stats = mergeStats(stats.map((one, i) => [this.builds[i].platforms[0], one]));
  }

  async verify(): Promise<void> {
    const { config, exec } = this.ctx;
    const perPlatform: Record<string, string> = {};
    await Promise.all(
      this.pushed.map(async ({ platform, digest }) => {
        const inspected = await readPushed(exec, this.repository, digest, this.builder.name, config.logins, config.insecureRegistries);
        const digests = platformDigests(inspected.manifestJson, [platform], digest);
        verifyPushed(inspected, digests, [platform], digest);
        perPlatform[platform] = digests[platform];
      }),
    );
    this.digests = Object.fromEntries(config.platforms.map((p) => [p, perPlatform[p]]));
    // the index the tags will get, checked before "Tag" moves any of them
    this.planned = await planIndex(exec, this.builder.name, this.sources());
    const access = { exec, builder: this.builder.name, logins: config.logins, insecure: config.insecureRegistries };
    this.sizes = (
      await verifyIndex(this.planned, config.platforms, { digests: this.digests, repositoryOf: () => this.repository }, access)
    ).sizes;
  }

  private sources(): string[] {
    return this.pushed.map((one) => `${this.repository}@${one.digest}`);
  }

  async test(): Promise<void> {
    await testImages(this.ctx.exec, this.repository, this.digests, this.ctx.config.testCommand);
  }

  async tag(): Promise<StepResult> {
    const { config, docker, exec } = this.ctx;
    const digest = this.planned.digest;
    await createIndex(exec, this.builder.name, config.tags, this.sources(), digest);
    return stepResult(config, this.builder.name, {
      digest,
      metadataJson: JSON.stringify(Object.fromEntries(this.pushed.map((one) => [one.platform, one.metadata]))),
      platformDigests: this.digests,
      execution: executionOf(config.platforms, config.nodes, config.driver, nativePlatforms(docker.hostPlatform), this.builder.nodes),
      nodes: nodeReports(this.builder.nodes, config.nodes, config.platforms),
      buildSeconds: this.buildSeconds,
      stats: this.stats,
      sizes: this.sizes,
      sourceDateEpoch: this.reproducible?.config.sourceDateEpoch || undefined,
      heldBefore: this.reproducible?.heldBefore,
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
