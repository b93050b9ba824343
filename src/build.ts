import { dockerfilePath, failedLine } from './annotations.js';
import { hasAttestType, isSubrequest } from './build-inputs.js';
import { BuildLogStats, type BuildStats } from './build-log.js';
import type { Config } from './config/index.js';
import { CommandError } from './errors.js';
import { type CommandResult, type Exec, failureReason } from './exec.js';
import { platformTagText } from './platforms.js';
import { wantsDefaultProvenance } from './provenance.js';
import { derivedRef, registryOf, repositoryOf } from './reference.js';
import { exportsOciArchive, loadAndPush, ociArchive } from './reproducible.js';
import { isTransientFailure, REGISTRY_RETRY, type RetryPolicy, withRetry } from './retry.js';

export interface CacheFlags {
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export interface BuildCommand {
  readonly args: string[];
  /** Build secrets travel in the child's environment, referenced by name from argv. */
  readonly env: Record<string, string>;
}

const ECR = /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$|^public\.ecr\.aws$/;

/**
 * The registry cache: from and to `cache-ref` with mode=max by default, raw `cache-from`/`cache-to` replacing
 * their half. The default export never fails a good build (ignore-error), and is written only when pushing.
 */
export function cacheFlags(config: Config, canExport = true): CacheFlags {
  const useDefault = config.cache && config.cacheRef !== '';
  const ref = config.cacheRef;
  // ECR refuses the cache's own manifest type; an image manifest with OCI media types it stores (buildkit#3687)
  const from = config.cacheFrom.length > 0 ? config.cacheFrom : useDefault ? [`type=registry,ref=${ref}`] : [];
  const to = config.cacheTo.length > 0 ? config.cacheTo : useDefault && config.push && canExport ? [defaultCacheTo(ref)] : [];
  return { from, to };
}

function defaultCacheTo(ref: string): string {
  // ECR refuses the cache's own manifest type; an image manifest with OCI media types it stores (buildkit#3687)
  const ecr = ECR.test(registryOf(ref)) ? ',image-manifest=true,oci-mediatypes=true' : '';
  return `type=registry,ref=${ref},mode=max,ignore-error=true${ecr}`;
}

/**
 * With several nodes, one build per platform, each exporting its own cache ref derived from cache-ref and all
 * of them imported: with one shared ref every node overwrites it and only the last one's platform stays warm
 * (docker/buildx#1044, moby/buildkit#2758). Undefined when one build is right: one node, a raw cache-from/-to,
 * no cache, no push, or a leg.
 */
export function perPlatformBuilds(config: Config): Config[] | undefined {
  const defaultCache = config.cache && config.cacheRef !== '' && config.cacheFrom.length === 0 && config.cacheTo.length === 0;
  if (config.nodes.length < 2 || !defaultCache || !config.push || config.mode !== 'build' || config.platforms.length < 2) return undefined;
  const refs = config.platforms.map((platform) => derivedRef(config.cacheRef, platformTagText(platform)));
  return config.platforms.map((platform, i) => ({
    ...config,
    platforms: [platform],
    cacheFrom: refs.map((ref) => `type=registry,ref=${ref}`),
    cacheTo: [defaultCacheTo(refs[i])],
  }));
}

export function secretEnvName(index: number): string {
  return `BUILDX_MULTIARCH_SECRET_${index}`;
}

/**
 * Where the build pushes: under tags at once, or by digest only (to the first tag's repository) when the tags
 * must wait, for a test-command to pass first. `tagAfter` are the tags set once the pushed images are verified.
 */
export interface PushPlan {
  readonly buildTags: readonly string[];
  readonly byDigestTo?: string;
  readonly tagAfter: readonly string[];
}

/**
 * `byDigest`: push by digest whatever the config says (one platform of a per-platform build). A leg pushes by
 * digest and tags nothing: the merge step owns the tags, and finds the leg by its record (legs/records.ts).
 */
export function pushPlan(config: Config, byDigest = false): PushPlan {
  const tags = config.mode === 'leg' ? [] : config.tags;
  if (config.testCommand === '' && !byDigest && config.mode !== 'leg') return { buildTags: tags, tagAfter: [] };
  // the docker driver cannot push by digest: it pushes under one fixed tag per repository, which never holds
  // anything but the image being tested (a registry that refuses DELETE keeps it, a single tag, not one per run)
  if (config.driver === 'docker' && config.builder === '' && !byDigest) return { buildTags: [untestedTag(config.tags[0])], tagAfter: tags };
  return { buildTags: [], byDigestTo: repositoryOf(config.tags[0]), tagAfter: tags };
}

/** Where the docker driver pushes an image that test-command has yet to pass. */
export function untestedTag(tag: string): string {
  return `${repositoryOf(tag)}:buildx-multiarch-untested`;
}

/** `canExportCache` is false for the docker driver on the classic image store, which cannot export a cache. */
export function buildCommand(config: Config, builder: string, metadataFile: string, canExportCache = true, byDigest = false): BuildCommand {
  const args = ['buildx', 'build', '--builder', builder, '--platform', config.platforms.join(',')];
  // the build checks' warnings, with their Dockerfile lines, in the metadata file: they become annotations
  const env: Record<string, string> = { BUILDX_METADATA_WARNINGS: '1' };
  const plan = pushPlan(config, byDigest);
  if (config.file !== '') args.push('--file', config.file);
  for (const tag of plan.buildTags) args.push('--tag', tag);
  for (const label of config.labels) args.push('--label', label);
  for (const annotation of config.annotations) args.push('--annotation', annotation);
  for (const buildArg of config.buildArgs) args.push('--build-arg', buildArg);
  if (config.reproducible) args.push('--build-arg', `SOURCE_DATE_EPOCH=${config.sourceDateEpoch}`);
  if (config.target !== '') args.push('--target', config.target);
  args.push(...secretArgs(config, env), ...runArgs(config));
  const cache = cacheFlags(config, canExportCache);
  for (const from of cache.from) args.push('--cache-from', from);
  for (const to of cache.to) args.push('--cache-to', to);
  args.push(...attestArgs(config, canExportCache));
  if (config.noCache) args.push('--no-cache');
  if (config.pull) args.push('--pull');
  // the layers' file times and the image's created time become SOURCE_DATE_EPOCH only where the exporter rewrites them
  const rewrite = config.reproducible ? ',rewrite-timestamp=true' : '';
  if (exportsOciArchive(config)) args.push('--output', `type=oci,dest=${ociArchive(metadataFile)}${rewrite}`);
  else if (config.push && plan.byDigestTo)
    args.push('--output', `type=image,name=${plan.byDigestTo},push-by-digest=true,name-canonical=true,push=true${rewrite}`);
  else if (config.push) args.push(...(rewrite ? ['--output', `type=image,push=true${rewrite}`] : ['--push']));
  // the docker driver's image exporter always stores the image in the daemon; a --load beside --push exports it
  // there a second time, which fails now and then with "image … already exists"
  const loadedAnyway = config.driver === 'docker' && config.builder === '' && (config.push || exportsOciArchive(config));
  if (config.load && !loadedAnyway) args.push(...(rewrite ? ['--output', `type=docker${rewrite}`] : ['--load']));
  for (const output of config.outputs) args.push('--output', output);
  args.push('--metadata-file', metadataFile, config.context);
  return { args, env };
}

/**
 * The secrets: values through the child's environment (argv names the variable only), files by path, secret-envs
 * by the name of the variable the step already has.
 */
function secretArgs(config: Config, env: Record<string, string>): string[] {
  const args: string[] = [];
  config.secrets.forEach((secret, index) => {
    env[secretEnvName(index)] = secret.value;
    args.push('--secret', `id=${secret.id},env=${secretEnvName(index)}`);
  });
  for (const file of config.secretFiles) args.push('--secret', `id=${file.id},${csvField(`src=${file.path}`)}`);
  for (const secret of config.secretEnvs) args.push('--secret', `id=${secret.id},env=${secret.variable}`);
  return args;
}

/** buildx reads --secret as CSV: a field holding a comma or a quote is quoted. */
function csvField(field: string): string {
  return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** What the RUN steps get (ssh, hosts, network, limits, entitlements) and what else the build is given or asked. */
function runArgs(config: Config): string[] {
  const args: string[] = [];
  for (const ssh of config.ssh) args.push('--ssh', ssh);
  for (const context of config.buildContexts) args.push('--build-context', context);
  for (const host of config.addHosts) args.push('--add-host', host);
  if (config.network !== '') args.push('--network', config.network);
  if (config.shmSize !== '') args.push('--shm-size', config.shmSize);
  for (const ulimit of config.ulimits) args.push('--ulimit', ulimit);
  if (config.cgroupParent !== '') args.push('--cgroup-parent', config.cgroupParent);
  for (const stage of config.noCacheFilters) args.push('--no-cache-filter', stage);
  for (const entitlement of config.allow) args.push('--allow', entitlement);
  if (config.call !== '') args.push('--call', config.call);
  return args;
}

/**
 * Attestations: `provenance` and `sbom` win over an `attests` entry of their type, as in build-push-action; an
 * empty `provenance` gets the peer's default for the repository (public: mode=max, private: mode=min).
 */
function attestArgs(config: Config, canAttest: boolean): string[] {
  const args: string[] = [];
  if (config.provenance !== '') args.push(`--provenance=${config.provenance}`);
  else if (wantsDefaultProvenance(config, canAttest)) args.push('--attest', config.defaultProvenance);
  if (config.sbom !== '') args.push(`--sbom=${config.sbom}`);
  for (const attest of config.attests) {
    const overridden =
      (config.provenance !== '' && hasAttestType([attest], 'provenance')) || (config.sbom !== '' && hasAttestType([attest], 'sbom'));
    if (!overridden) args.push('--attest', attest);
  }
  return args;
}

/** The step that failed, as buildx names it in its error summary (" > [linux/arm64 2/2] RUN …:"). */
export function failedStep(stderr: string): { platform?: string; step: string } | undefined {
  const lines = stderr.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^\s*> \[(?:([a-z0-9]+\/[a-z0-9]+(?:\/[a-z0-9]+)?) )?([^\]]+)\] (.+):$/.exec(lines[i]);
    if (match) return { platform: match[1], step: `[${match[2]}] ${match[3]}` };
  }
  return undefined;
}

export function buildDescription(config: Config, byDigest = false): string {
  const plan = pushPlan(config, byDigest);
  const where = !config.push
    ? ''
    : plan.byDigestTo
      ? ` and pushing by digest to ${plan.byDigestTo}`
      : ` and pushing to ${plan.buildTags.join(', ')}`;
  return `building ${config.platforms.join(', ')}${where}`;
}

/**
 * A failed build. `userStep` is true when one of the Dockerfile's own RUN steps failed: that is the project's
 * error, never retried, even when its output happens to look like a registry hiccup.
 */
export class BuildError extends CommandError {
  constructor(
    doing: string,
    exitCode: number,
    reason: string,
    readonly userStep: boolean,
    /** The Dockerfile line the failure points at, for the error's annotation. */
    readonly location?: { readonly file: string; readonly line: number },
  ) {
    super(doing, exitCode, reason);
  }
}

export function buildError(config: Config, result: CommandResult, byDigest = false): BuildError {
  // a check's findings go to stdout, their count on its first line ("Check complete, 1 warning has been found!")
  const finding = isSubrequest(config.call) ? result.stdout.trim().split(/\r?\n/)[0] : '';
  if (finding) return new BuildError(`${config.call.split(',')[0]} of the build`, result.exitCode, finding, true);
  const step = failedStep(result.stderr);
  const doing = step ? `building ${step.platform ?? config.platforms.join(', ')} (step ${step.step})` : buildDescription(config, byDigest);
  const line = failedLine(result.stderr);
  const location = line === undefined ? undefined : { file: dockerfilePath(config.context, config.file), line };
  return new BuildError(doing, result.exitCode, failureReason(result), step !== undefined && /^\[[^\]]*\] RUN /.test(step.step), location);
}

/** Builds and pushes; a registry hiccup (token, blob upload, manifest put) reruns the build, which the cache makes cheap. */
export async function build(
  exec: Exec,
  config: Config,
  builder: string,
  metadataFile: string,
  canExportCache: boolean,
  byDigest = false,
  policy: RetryPolicy = REGISTRY_RETRY,
): Promise<BuildStats> {
  const command = buildCommand(config, builder, metadataFile, canExportCache, byDigest);
  return withRetry(
    buildDescription(config, byDigest),
    policy,
    async () => {
      const log = new BuildLogStats();
      const result = await exec('docker', command.args, { env: command.env, onLine: (line) => log.addLine(line) });
      if (result.exitCode !== 0) throw buildError(config, result, byDigest);
      if (exportsOciArchive(config))
        await loadAndPush(exec, ociArchive(metadataFile), config.push ? pushPlan(config, byDigest).buildTags : []);
      return log.stats();
    },
    undefined,
    isRetriableBuildFailure,
  );
}

/** A registry hiccup outside the Dockerfile's own steps: worth a rerun. */
export function isRetriableBuildFailure(error: Error): boolean {
  return error instanceof BuildError && !error.userStep && isTransientFailure(error);
}
