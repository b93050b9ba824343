// Reproducible builds (issue 19): the epoch the build gets, the BuildKit it needs, and what the tags held before,
// so that the summary can say whether the same source gave the same platform images.
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as core from '@actions/core';

import type { Config } from '../config/index.js';
import { buildkitTooOld, MIN_BUILDKIT } from '../config/reproducible.js';
import { type Exec, runOrThrow } from '../core/exec.js';
import { REGISTRY_RETRY, withRetry } from '../core/retry.js';
import { isIndex, platformDigests } from '../image/digests.js';
import { ACCEPT_ANY_MANIFEST } from '../image/oci.js';
import { parseReference, repositoryOf } from '../image/reference.js';
import { registryClient } from '../registry/client.js';
import type { NodeStatus } from '../setup/builder-inspect.js';

/** Why these nodes cannot build reproducibly, or undefined. */
export function nodesProblem(nodes: readonly NodeStatus[]): string | undefined {
  const old = nodes.filter((node) => buildkitTooOld(node.buildkit));
  if (old.length === 0) return undefined;
  const which = old.map((node) => `${node.name} runs BuildKit ${node.buildkit}`).join(', ');
  return `reproducible builds need BuildKit ${MIN_BUILDKIT} or newer (the image exporter's rewrite-timestamp), but ${which}: use a newer BuildKit image (driver-opts image=moby/buildkit:…)`;
}

/** The commit time `git log -1 --format=%ct` printed: whole seconds. */
export function parseCommitTime(stdout: string, context: string): string {
  const epoch = stdout.trim();
  if (!/^\d+$/.test(epoch)) throw new Error(`reading the commit time of ${context}: git log printed ${JSON.stringify(epoch)}`);
  return epoch;
}

/** The config with its epoch: the one given, else the commit time of the checkout the context is in. */
export async function withSourceDateEpoch(exec: Exec, config: Config): Promise<Config> {
  if (!config.reproducible || config.sourceDateEpoch !== '') return config;
  const doing = `reading the commit time of the context ${config.context} (reproducible: true; give source-date-epoch where the context is no Git checkout)`;
  const result = await runOrThrow(exec, doing, 'git', ['-C', config.context, 'log', '-1', '--format=%ct'], { silent: true });
  const epoch = parseCommitTime(result.stdout, config.context);
  core.info(
    `SOURCE_DATE_EPOCH=${epoch}: the commit time of the checkout of ${config.context} (${new Date(Number(epoch) * 1000).toISOString()})`,
  );
  return { ...config, sourceDateEpoch: epoch };
}

/** What one tag held before the step: its platform images, none when the tag did not exist, undefined when unread. */
export type HeldBefore = Readonly<Record<string, string>> | null | undefined;

/**
 * The platform images each tag held before the step, read from the registry before the build pushes. A tag that
 * cannot be read is left unknown (a summary line is not worth failing a build for).
 */
export async function heldBefore(config: Config): Promise<Record<string, HeldBefore>> {
  const tags = config.mode === 'leg' ? [] : config.tags;
  const entries = await Promise.all(
    tags.map(async (tag): Promise<[string, HeldBefore]> => {
      try {
        const client = registryClient(repositoryOf(tag), config.logins, config.insecureRegistries);
        const response = await client.request('GET', `/manifests/${parseReference(tag).tag ?? 'latest'}`, { Accept: ACCEPT_ANY_MANIFEST });
        const body = await response.text();
        if (response.status === 404) return [tag, null];
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
        return [tag, heldDigests(body, config.platforms)];
      } catch (error) {
        core.debug(`reading what ${tag} held before the build: ${(error as Error).message}`);
        return [tag, undefined];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** The platform images a tag's manifest lists; a single image counts as the one platform built, if one was. */
export function heldDigests(body: string, platforms: readonly string[]): Record<string, string> {
  if (isIndex(JSON.parse(body) as object) || platforms.length === 1) return platformDigests(body, platforms);
  return {};
}

/**
 * The summary's line on what the tags held before: the same platform images, which changed, or nothing there.
 * Tags that held the same thing share a line.
 */
export function comparedLines(before: Readonly<Record<string, HeldBefore>>, after: Readonly<Record<string, string>>): string[] {
  const lines = new Map<string, string[]>();
  for (const [tag, held] of Object.entries(before)) {
    const line = comparedLine(held, after);
    lines.set(line, [...(lines.get(line) ?? []), tag]);
  }
  return [...lines].map(([line, tags]) => line.replace('{tags}', tags.map((t) => `\`${t}\``).join(', ')));
}

function comparedLine(held: HeldBefore, after: Readonly<Record<string, string>>): string {
  if (held === undefined) return 'What {tags} held before this step could not be read.';
  if (held === null) return '{tags} held nothing before this step.';
  const platforms = Object.keys(after);
  const changed = platforms.filter((p) => held[p] !== after[p]);
  if (changed.length === 0)
    return `Every platform image equals what {tags} held before this step (${platforms.length} of ${platforms.length}).`;
  const same = platforms.filter((p) => !changed.includes(p));
  return `Changed from what {tags} held before this step: ${changed.join(', ')}${same.length > 0 ? `; unchanged: ${same.join(', ')}` : ''}.`;
}

/** What a reproducible build starts from: the config with its epoch, and what the tags held before it pushes. */
export interface ReproducibleStart {
  readonly config: Config;
  readonly heldBefore?: Readonly<Record<string, HeldBefore>>;
}

/**
 * Before the build: the nodes' BuildKit checked (those known: a builder started first), the epoch read and the
 * tags' platform images read, side by side. Nothing at all when the build is not reproducible.
 */
export async function startReproducible(exec: Exec, config: Config, nodes: readonly NodeStatus[]): Promise<ReproducibleStart> {
  if (!config.reproducible) return { config };
  const problem = nodesProblem(nodes);
  if (problem) throw new Error(problem);
  const [withEpoch, before] = await Promise.all([withSourceDateEpoch(exec, config), config.push ? heldBefore(config) : undefined]);
  return { config: withEpoch, heldBefore: before };
}

/**
 * The docker driver's image exporter refuses rewrite-timestamp where it stores the image ("conflicts with unpack",
 * moby/buildkit#4230): a reproducible build there exports an OCI archive with the rewrite, loads it into the daemon
 * and pushes it, which keeps its digests.
 */
export function exportsOciArchive(config: Config): boolean {
  return config.reproducible && config.driver === 'docker' && config.builder === '';
}

/** Where that OCI archive goes: beside the build's metadata file, in the step's temporary directory. */
export function ociArchive(metadataFile: string): string {
  return path.join(path.dirname(metadataFile), 'image-oci.tar');
}

/** Loads the archive into the daemon, then pushes each tag from there (a registry hiccup retries the push). */
export async function loadAndPush(exec: Exec, archive: string, tags: readonly string[]): Promise<void> {
  await runOrThrow(exec, `loading the reproducible image ${archive} into the Docker daemon`, 'docker', ['load', '--input', archive]);
  for (const tag of tags) {
    await withRetry(`pushing ${tag}`, REGISTRY_RETRY, () => runOrThrow(exec, `pushing ${tag}`, 'docker', ['push', tag]));
  }
  fs.rmSync(archive, { force: true });
}
