// The rules between inputs, as data: the input an error blames, when the rule is broken, and what the error says
// after the input's name. They are checked once every section has parsed its inputs; the first broken rule, in
// table order, is the error. The order is the one the action has always checked them in, so that inputs that
// break two rules keep getting the same error.
import * as path from 'node:path';

import semver from 'semver';

import { InputError, quote } from '../core/errors.js';
import { hasHubMirrors } from '../setup/mirror.js';
import { isRemoteSource } from './build-flags.js';
import { builderOptionRules, nodeOptionRules } from './builder-rules.js';
import { endpointProblem, nodeFor } from './nodes.js';
import type { Config, FileSystemFacts, InputName } from './parse.js';
import { buildkitTooOld, imageBuildkitVersion, MIN_BUILDKIT } from './reproducible.js';
import { isLoopback } from './values.js';

export interface Rule<Facts> {
  readonly input: InputName;
  readonly broken: (config: Config, facts: Facts) => boolean;
  readonly message: string | ((config: Config, facts: Facts) => string);
}

/** Throws the InputError of the first broken rule. */
export function enforceRules<Facts>(rules: readonly Rule<Facts>[], config: Config, facts: Facts): void {
  const rule = rules.find((candidate) => candidate.broken(config, facts));
  if (rule) throw new InputError(rule.input, typeof rule.message === 'string' ? rule.message : rule.message(config, facts));
}

const firstEndpoint = (config: Config): string => config.nodes[0].endpoint;

/** A platform that no node of the created builder may build: every node is pinned, none to it. */
function unservedPlatform(config: Config): string | undefined {
  return config.platforms.find((platform) => nodeFor(platform, config.nodes) === undefined);
}

/** A merge builds nothing, and buildx fetches a Git or HTTP context itself: neither is looked for on disk. */
function contextOnDisk(config: Config): boolean {
  return config.mode !== 'merge' && !isRemoteSource(config.context);
}

const dockerfileOf = (config: Config): string => (config.file !== '' ? config.file : path.join(config.context, 'Dockerfile'));

/** Insecure registries the docker driver cannot reach without the daemon's own configuration. */
const nonLoopback = (config: Config): string[] => config.insecureRegistries.filter((host) => !isLoopback(host));

/** The user's buildkitd.toml: the file's text or the inline one. */
const userBuildkitdConfig = (config: Config, files: FileSystemFacts): string =>
  config.buildkitdConfig !== '' ? (files.readText?.(config.buildkitdConfig) ?? '') : config.buildkitdConfigInline;

/** An insecure registry that the user's buildkitd config already has a section for. */
function configuredTwice(config: Config, files: FileSystemFacts): string | undefined {
  const base = userBuildkitdConfig(config, files);
  return config.insecureRegistries.find((host) => base.includes(`[registry."${host}"]`));
}

/** The tag of a leg's own cache ref (variant and platforms appended to it). */
const legCacheTag = (config: Config): string => config.cacheRef.slice(config.cacheRef.lastIndexOf(':') + 1);

/** A node of the created builder whose driver-opts image is a BuildKit release without rewrite-timestamp. */
const oldBuildkitImage = (c: Config): string | undefined =>
  c.builder === '' ? c.nodes.map((node) => imageBuildkitVersion(node.driverOpts)).find((version) => buildkitTooOld(version)) : undefined;

/** A leg, or a merge of legs: the run and the merge key are what tie them together. */
const joinsLegs = (config: Config): boolean => config.mode !== 'build' && config.sources.length === 0;

/** Multiple exporters (push and load at once) and ignore-error cache exports need buildx 0.13. */
export const MIN_BUILDX = '0.13.0';

/** The rules between inputs (and the files they name), checked once every section is parsed. */
export const INPUT_RULES: readonly Rule<FileSystemFacts>[] = [
  ...builderOptionRules,
  {
    input: 'endpoint',
    broken: (c) => firstEndpoint(c) !== '' && c.driver === 'kubernetes',
    message: 'cannot be used with driver "kubernetes": it reaches the cluster through the kubeconfig; use driver-opts (namespace=…)',
  },
  {
    input: 'endpoint',
    broken: (c) => firstEndpoint(c) !== '' && endpointProblem(firstEndpoint(c), c.driver) !== undefined,
    message: (c) => `is ${quote(firstEndpoint(c))}, which ${endpointProblem(firstEndpoint(c), c.driver)}`,
  },
  {
    input: 'endpoint',
    broken: (c) => firstEndpoint(c) === '' && c.driver === 'remote',
    message: 'is empty but driver is "remote": give the BuildKit daemon\'s address, e.g. tcp://buildkitd:1234',
  },
  ...nodeOptionRules,
  {
    input: 'buildkitd-config-inline',
    broken: (c) => c.buildkitdConfig !== '' && c.buildkitdConfigInline !== '',
    message: 'cannot be used together with "buildkitd-config": give one of them',
  },
  {
    input: 'buildkitd-config',
    broken: (c, files) => c.buildkitdConfig !== '' && !files.isFile(c.buildkitdConfig),
    message: (c) => `is ${quote(c.buildkitdConfig)}: no such file`,
  },
  {
    input: 'platforms',
    broken: (c) => c.builder === '' && c.driver !== 'docker' && unservedPlatform(c) !== undefined,
    message: (c) =>
      `has ${unservedPlatform(c)}, which no node of the builder is pinned to (each node has fixed platforms): add it to a node's platforms, or add a node without platforms`,
  },
  {
    input: 'tags',
    broken: (c) => (c.push || c.mode !== 'build') && c.tags.length === 0,
    message: (c) =>
      c.mode === 'build'
        ? 'is empty but "push" is true: give at least one tag to push, or set push: false'
        : `is empty: the ${c.mode === 'leg' ? 'leg pushes to' : 'merge tags'} the repository of the first tag`,
  },
  {
    input: 'push',
    broken: (c) => c.mode === 'merge' && !c.push,
    message: 'is false but "merge" is true: a merge pushes the index it creates',
  },
  {
    input: 'push',
    broken: (c) => c.mode === 'leg' && !c.push,
    message: 'is false but "push-by-digest" is true: a leg pushes its platforms for the merge step',
  },
  {
    input: 'sources',
    broken: (c) => c.sources.length > 0 && c.mode !== 'merge',
    message: 'is set but "merge" is false: sources are the images a merge step combines',
  },
  {
    input: 'run-id',
    broken: (c) => joinsLegs(c) && c.run.id === '',
    message:
      'is empty and no run is known (no GITHUB_RUN_ID, CI_PIPELINE_ID, BUILDKITE_BUILD_ID, CIRCLE_WORKFLOW_ID or BUILD_BUILDID): give the legs and the merge step of one pipeline run the same run-id, and each pipeline run its own',
  },
  {
    input: 'run-id',
    broken: (c) => joinsLegs(c) && !/^[\x21-\x7e]{1,200}$/.test(c.run.id),
    message: (c) => `is ${quote(c.run.id)}: up to 200 printable characters, no spaces`,
  },
  {
    input: 'push-by-digest',
    broken: (c) => c.mode === 'leg' && c.driver === 'docker',
    message: 'cannot be used with driver "docker", which cannot push by digest: use driver docker-container',
  },
  {
    input: 'merge-key',
    broken: (c) => joinsLegs(c) && !/^[A-Za-z0-9_.-]{1,60}$/.test(c.mergeKey),
    message: (c) => `is ${quote(c.mergeKey)}: up to 60 letters, digits, "_", "." and "-"`,
  },
  {
    input: 'cache-ref',
    broken: (c) => c.mode === 'leg' && c.cache && legCacheTag(c).length > 128,
    message: (c) =>
      `gives this leg's cache the tag ${quote(legCacheTag(c))}, ${legCacheTag(c).length} characters where a tag has at most 128: shorten merge-key (or the first tag's tag), or give a shorter cache-ref`,
  },
  {
    input: 'test-command',
    broken: (c) => c.testCommand !== '' && (!c.push || c.mode === 'merge'),
    message: (c) =>
      c.mode === 'merge'
        ? 'cannot be used with "merge": test in the legs, which push the images'
        : 'is set but "push" is false: the test runs in the pushed images before tags move',
  },
  {
    input: 'context',
    broken: (c) => c.context === '-' && c.mode !== 'merge',
    message: 'is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL',
  },
  {
    input: 'context',
    broken: (c, files) => contextOnDisk(c) && !files.isDirectory(c.context),
    message: (c) => `is ${quote(c.context)}: no such directory`,
  },
  {
    input: 'file',
    broken: (c, files) => contextOnDisk(c) && !files.isFile(dockerfileOf(c)),
    message: (c) => `is ${quote(dockerfileOf(c))}: no such file${c.file === '' ? ' (the default is Dockerfile in the context)' : ''}`,
  },
  {
    input: 'insecure-registries',
    broken: (c) => c.insecureRegistries.length > 0 && c.driver === 'remote',
    message: 'cannot be used with driver "remote": a remote daemon reads its own buildkitd.toml; mark the registries there (http = true)',
  },
  {
    input: 'insecure-registries',
    broken: (c) => c.insecureRegistries.length > 0 && c.builder !== '',
    message: 'cannot be used with "builder": configure that builder\'s buildkitd.toml',
  },
  {
    input: 'insecure-registries',
    broken: (c) => nonLoopback(c).length > 0 && c.driver === 'docker',
    message: (c) =>
      `has ${nonLoopback(c).join(', ')}, but driver "docker" pushes through the daemon: list them in the daemon's "insecure-registries" (daemon.json)`,
  },
  {
    input: 'insecure-registries',
    broken: (c, files) => configuredTwice(c, files) !== undefined,
    message: (c, files) => {
      const host = configuredTwice(c, files);
      return `has ${host}, which the buildkitd config already has a [registry."${host}"] section for: put http = true there, or drop it from one of them`;
    },
  },
  {
    input: 'registry-mirror',
    broken: (c, files) => c.registryMirror !== '' && hasHubMirrors(userBuildkitdConfig(c, files)),
    message: (c) =>
      `is ${quote(c.registryMirror)}, but the buildkitd config already has mirrors for [registry."docker.io"]: give the mirror in one of them`,
  },
  {
    input: 'buildx-version',
    broken: (c) => c.buildxVersion !== '' && c.buildxVersion !== 'latest' && semver.lt(c.buildxVersion, MIN_BUILDX),
    message: (c) => `is ${quote(c.buildxVersion)}: the action needs buildx ${MIN_BUILDX} or newer`,
  },
  {
    input: 'reproducible',
    broken: (c) => c.reproducible && c.mode === 'merge',
    message: '(or source-date-epoch) cannot be used with "merge", which builds nothing: give it to the legs',
  },
  {
    input: 'reproducible',
    broken: (c) => c.reproducible && c.sourceDateEpoch === '' && c.mode !== 'merge' && !contextOnDisk(c),
    message: (c) =>
      `is true but the context ${quote(c.context)} is a URL, with no checkout to read the commit time from: give source-date-epoch`,
  },
  {
    input: 'build-args',
    broken: (c) => c.reproducible && c.buildArgs.some((arg) => arg.startsWith('SOURCE_DATE_EPOCH=')),
    message: 'has SOURCE_DATE_EPOCH, which reproducible sets: give the value as source-date-epoch instead',
  },
  {
    input: 'driver-opts',
    broken: (c) => c.reproducible && oldBuildkitImage(c) !== undefined,
    message: (c) =>
      `has a BuildKit ${oldBuildkitImage(c)} image, but reproducible builds need BuildKit ${MIN_BUILDKIT} or newer (the image exporter's rewrite-timestamp)`,
  },
];

/** What the Docker installation says, read-only. */
export interface DockerInstallation {
  readonly containerdStore: boolean;
  /** The installed buildx plugin's version; undefined when there is none. */
  readonly buildxVersion: string | undefined;
}

const classicDockerDriver = (c: Config, docker: Pick<DockerInstallation, 'containerdStore'>): boolean =>
  c.driver === 'docker' && !docker.containerdStore;

const installedTooOld = (docker: DockerInstallation): boolean => {
  const installed = semver.coerce(docker.buildxVersion);
  return installed !== null && semver.lt(installed, MIN_BUILDX);
};

/** The rules on the buildx the action runs: present and recent enough. */
export const BUILDX_RULES: readonly Rule<DockerInstallation>[] = [
  {
    input: 'buildx-version',
    broken: (c, docker) => c.buildxVersion === '' && docker.buildxVersion === undefined,
    message: 'is empty and the docker buildx plugin is not installed: install docker-buildx, or set buildx-version to download a release',
  },
  {
    input: 'buildx-version',
    broken: (c, docker) => c.buildxVersion === '' && installedTooOld(docker),
    message: (_, docker) =>
      `is empty and the installed buildx is ${docker.buildxVersion}, older than ${MIN_BUILDX}: upgrade docker-buildx, or set buildx-version to download a release`,
  },
];

/** The rules on the daemon: several platforms only where the image store can hold a multi-platform image. */
export const DAEMON_RULES: readonly Rule<Pick<DockerInstallation, 'containerdStore'>>[] = [
  {
    input: 'platforms',
    broken: (c, docker) => classicDockerDriver(c, docker) && c.platforms.length > 1,
    message: (c) =>
      `has ${c.platforms.length} platforms (${c.platforms.join(',')}), but driver "docker" on the classic image store builds one platform: use driver docker-container, or enable the containerd image store`,
  },
  {
    input: 'cache-to',
    broken: (c, docker) => classicDockerDriver(c, docker) && c.cacheTo.length > 0,
    message:
      'is set, but driver "docker" on the classic image store cannot export a cache: use driver docker-container, or enable the containerd image store',
  },
  {
    input: 'reproducible',
    broken: (c, docker) => classicDockerDriver(c, docker) && c.reproducible,
    message:
      '(or source-date-epoch) is set, but driver "docker" on the classic image store cannot load the reproducible OCI export: use driver docker-container, or enable the containerd image store',
  },
  {
    input: 'load',
    broken: (c, docker) => c.load && c.platforms.length > 1 && !docker.containerdStore,
    message: (c) =>
      `is true with ${c.platforms.length} platforms (${c.platforms.join(',')}), but the Docker daemon uses the classic image store, which cannot hold a multi-platform image: load one platform, or enable the containerd image store ("features": {"containerd-snapshotter": true})`,
  },
];
