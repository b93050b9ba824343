import * as fs from 'node:fs';
import * as path from 'node:path';

import * as core from '@actions/core';

import { annotateCheckWarnings, checkWarnings, dockerfilePath } from '../annotations.js';
import { build, pushPlan } from '../build.js';
import { isSubrequest } from '../build-inputs.js';
import type { BuildStats } from '../build-log.js';
import { builderNodes, localBuilderNode } from '../builder.js';
import { type BuildMetadata, parseMetadata, platformDigests, verifyPushed } from '../digests.js';
import { withoutEventPayload } from '../event-payload.js';
import type { Exec } from '../exec.js';
import { testImages } from '../imagetest.js';
import { executionOf, nodeReports, type NodeStatus } from '../nodes.js';
import { nativePlatforms } from '../platforms.js';
import { parseReference, repositoryOf } from '../reference.js';
import { readPushed, type RegistryClient, registryClient } from '../registry.js';
import { nodesProblem, type ReproducibleStart, startReproducible } from '../reproducible.js';
import { type StepResult, stepResult } from '../result.js';
import type { BuilderInUse, StepContext } from '../setup.js';
import { tagTested } from '../tagging.js';
import { canExportCache, type Mode } from './mode.js';

/** One buildx build of every platform, pushed under the tags (or by digest, while test-command must pass first). */
export class SingleBuild implements Mode {
  private metadataJson = '';
  private metadata: BuildMetadata = { digest: undefined, configDigest: undefined };
  private stats: BuildStats | undefined;
  private buildSeconds = 0;
  private digests: Record<string, string> = {};
  private sizes: Record<string, number> | undefined;
  private statuses: readonly NodeStatus[] = [];
  private reproducible: ReproducibleStart | undefined;
  private nodesAsked: Promise<NodeStatus[]> | undefined;
  private readonly plan;
  private readonly repository: string;
  private readonly registry: RegistryClient | undefined;

  constructor(
    private readonly ctx: StepContext,
    private readonly builder: BuilderInUse,
  ) {
    const { config } = ctx;
    this.plan = pushPlan(config);
    this.repository = config.push ? (this.plan.byDigestTo ?? repositoryOf(this.plan.buildTags[0])) : '';
    this.registry = config.push ? registryClient(repositoryOf(config.tags[0]), config.logins, config.insecureRegistries) : undefined;
  }

  /** The client that read the image back (its connection and token are warm), for what comes after the tags. */
  get registryClient(): RegistryClient | undefined {
    return this.registry;
  }

  async build(): Promise<void> {
    const { config, exec, tempDir } = this.ctx;
    const metadataFile = path.join(tempDir, 'metadata.json');
    const started = Date.now();
    // while BuildKit works: open the connection (and get a token) for reading the pushed image back
    this.registry?.warm().catch(() => undefined);
    try {
      this.reproducible = await startReproducible(exec, config, this.builder.nodes);
      this.stats = await build(
        this.watchingForNodes(exec),
        this.reproducible.config,
        this.builder.name,
        metadataFile,
        canExportCache(this.ctx),
      );
    } catch (error) {
      // a failed check still reports its findings in metadata, as build-push-action does
      if (isSubrequest(config.call) && fs.existsSync(metadataFile))
        core.setOutput('metadata', withoutEventPayload(fs.readFileSync(metadataFile, 'utf8')));
      throw error;
    }
    this.buildSeconds = (Date.now() - started) / 1000;
    this.metadataJson = withoutEventPayload(fs.readFileSync(metadataFile, 'utf8'));
    this.metadata = parseMetadata(this.metadataJson);
    annotateCheckWarnings(checkWarnings(this.metadataJson, dockerfilePath(config.context, config.file)));
  }

  /**
   * The build's exec, which asks a builder the build starts for its nodes as soon as BuildKit is up (it then loads
   * the build definition): the answer comes while the build goes on.
   */
  private watchingForNodes(exec: Exec): Exec {
    if (!this.builder.startedByBuild) return exec;
    return (command, args, options = {}) =>
      exec(command, args, {
        ...options,
        onLine: (line) => {
          options.onLine?.(line);
          if (this.nodesAsked || !/^#\d+ \[internal\] load build definition/.test(line)) return;
          this.nodesAsked = this.startedNodes(exec);
          this.nodesAsked.catch(() => undefined); // awaited by verify; a failed build never gets there
        },
      });
  }

  /**
   * The node of the builder the build started: from its container over the Engine API when the CLI uses the local
   * daemon (a buildx process would take some 100 ms of CPU from the build it runs beside), else from buildx.
   */
  private startedNodes(exec: Exec): Promise<NodeStatus[]> {
    const { socket } = this.ctx.docker;
    if (!socket) return builderNodes(exec, this.builder.name);
    return localBuilderNode(socket, this.builder.name).catch((error: Error) => {
      core.debug(`asking the builder's container: ${error.message}; asking buildx`);
      return builderNodes(exec, this.builder.name);
    });
  }

  async verify(): Promise<void> {
    const { exec } = this.ctx;
    const statuses = this.builder.startedByBuild ? (this.nodesAsked ?? this.startedNodes(exec)) : Promise.resolve(this.builder.nodes);
    const [readBack, nodes] = await Promise.allSettled([this.readBack(), statuses]);
    if (readBack.status === 'rejected') throw readBack.reason;
    if (nodes.status === 'rejected') throw nodes.reason;
    this.statuses = nodes.value;
    // a builder the build started told its BuildKit only once up
    const problem = this.ctx.config.reproducible ? nodesProblem(this.statuses) : undefined;
    if (problem) throw new Error(problem);
  }

  private async readBack(): Promise<void> {
    const { config, exec } = this.ctx;
    if (config.push && config.load && !this.plan.byDigestTo && this.registry) {
      // two exporters, one metadata file: what the tags hold is the registry's to say, not the loaded image's
      const pushed = await this.registry.taggedDigest(parseReference(this.plan.buildTags[0]).tag ?? 'latest');
      this.metadata = { digest: pushed, configDigest: pushed === this.metadata.digest ? this.metadata.configDigest : undefined };
    }
    const digest = this.metadata.digest;
    if (!config.push || !digest) return;
    const pushed = await readPushed(
      exec,
      this.repository,
      digest,
      this.builder.name,
      config.logins,
      config.insecureRegistries,
      this.registry,
    );
    this.sizes = pushed.sizes;
    this.digests = platformDigests(pushed.manifestJson, config.platforms, digest);
    verifyPushed(pushed, this.digests, config.platforms, digest);
  }

  async test(): Promise<void> {
    const { config, exec } = this.ctx;
    if (config.push && this.metadata.digest) await testImages(exec, this.repository, this.digests, config.testCommand);
  }

  async tag(): Promise<StepResult> {
    const { config, docker, exec } = this.ctx;
    const digest = this.metadata.digest;
    if (config.push && digest && this.plan.tagAfter.length > 0) {
      await tagTested(exec, this.builder.name, this.plan.tagAfter, this.repository, digest);
    }
    return stepResult(config, this.builder.name, {
      digest,
      imageid: this.metadata.configDigest ?? digest,
      metadataJson: this.metadataJson,
      platformDigests: this.digests,
      execution: executionOf(config.platforms, config.nodes, config.driver, nativePlatforms(docker.hostPlatform), this.statuses),
      nodes: nodeReports(this.statuses, config.nodes, config.platforms),
      buildSeconds: this.buildSeconds,
      stats: this.stats,
      sizes: this.sizes,
      sourceDateEpoch: this.reproducible?.config.sourceDateEpoch || undefined,
      heldBefore: this.reproducible?.heldBefore,
    });
  }
}
