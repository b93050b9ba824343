// The `docker buildx build` argv: what the config asks of the build, where it pushes, and its cache.
import { hasAttestType } from '../config/build-flags.js';
import type { Config } from '../config/index.js';
import { wantsDefaultProvenance } from '../config/provenance.js';
import { registryOf, repositoryOf } from '../image/reference.js';
import { exportsOciArchive, ociArchive } from './reproducible.js';

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
  const from = config.cacheFrom.length > 0 ? config.cacheFrom : useDefault ? [`type=registry,ref=${ref}`] : [];
  const to = config.cacheTo.length > 0 ? config.cacheTo : useDefault && config.push && canExport ? [defaultCacheTo(ref)] : [];
  return { from, to };
}

export function defaultCacheTo(ref: string): string {
  // ECR refuses the cache's own manifest type; an image manifest with OCI media types it stores (buildkit#3687)
  const ecr = ECR.test(registryOf(ref)) ? ',image-manifest=true,oci-mediatypes=true' : '';
  return `type=registry,ref=${ref},mode=max,ignore-error=true${ecr}`;
}

export function secretEnvName(index: number): string {
  return `BUILDX_MULTIARCH_SECRET_${index}`;
}

/**
 * Where the build pushes: by digest only (to the first tag's repository), or under one fixed tag no user reads
 * (the docker driver, which cannot push by digest). `tagAfter` are the tags set once what was pushed is verified
 * (and tested): no build moves a tag of the user's. A build that pushes nothing names its image with the tags.
 */
export interface PushPlan {
  readonly buildTags: readonly string[];
  readonly byDigestTo?: string;
  readonly tagAfter: readonly string[];
}

/** One build: what the config asks of it, and where it pushes. */
export interface BuildSpec {
  readonly config: Config;
  readonly plan: PushPlan;
}

/**
 * Where a build of the config pushes. A leg pushes by digest and tags nothing: the merge step owns the tags, and
 * finds the leg by its record (legs/records.ts).
 */
export function pushPlan(config: Config): PushPlan {
  if (!config.push) return { buildTags: config.tags, tagAfter: [] };
  if (config.mode === 'leg') return { ...pushedByDigest(config), tagAfter: [] };
  // the docker driver cannot push by digest: it pushes under one fixed tag per repository, which never holds
  // anything but the image being verified (a registry that refuses DELETE keeps it, a single tag, not one per run)
  if (pushesUnderTags(config)) return { buildTags: [untestedTag(config.tags[0])], tagAfter: config.tags };
  return pushedByDigest(config);
}

/** The docker driver's own builder: its exporter pushes only under a tag, and stores every image it builds in the daemon. */
export function pushesUnderTags(config: Config): boolean {
  return config.driver === 'docker' && config.builder === '';
}

/** By digest to the first tag's repository, the tags set once what was pushed is verified (and tested). */
export function pushedByDigest(config: Config): PushPlan {
  return { buildTags: [], byDigestTo: repositoryOf(config.tags[0]), tagAfter: config.tags };
}

/** Where the docker driver pushes an image that is yet to be verified (and tested). */
export function untestedTag(tag: string): string {
  return `${repositoryOf(tag)}:buildx-multiarch-untested`;
}

/** `canExportCache` is false for the docker driver on the classic image store, which cannot export a cache. */
export function buildCommand(
  config: Config,
  builder: string,
  metadataFile: string,
  canExportCache = true,
  plan = pushPlan(config),
): BuildCommand {
  const args = ['buildx', 'build', '--builder', builder, '--platform', config.platforms.join(',')];
  // the build checks' warnings, with their Dockerfile lines, in the metadata file: they become annotations
  const env: Record<string, string> = { BUILDX_METADATA_WARNINGS: '1' };
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
  else args.push(...loadArgs(config, plan, rewrite), ...pushArgs(config, plan, rewrite));
  for (const output of config.outputs) args.push('--output', output);
  args.push('--metadata-file', metadataFile, config.context);
  return { args, env };
}

function pushArgs(config: Config, plan: PushPlan, rewrite: string): string[] {
  if (!config.push) return [];
  if (plan.byDigestTo)
    return ['--output', `type=image,name=${plan.byDigestTo},push-by-digest=true,name-canonical=true,push=true${rewrite}`];
  return rewrite ? ['--output', `type=image,push=true${rewrite}`] : ['--push'];
}

/**
 * The load into the daemon, ahead of the push: with two exporters the metadata file reports the last one's
 * digest, which must be the pushed image's (the read-back fetches it by digest, so a loaded one would fail it).
 * Pushed by digest, the loaded image is named by the tags it gets in the registry.
 */
function loadArgs(config: Config, plan: PushPlan, rewrite: string): string[] {
  // the docker driver's image exporter always stores the image in the daemon; a --load beside --push exports it
  // there a second time, which fails now and then with "image … already exists"
  const loadedAnyway = pushesUnderTags(config) && (config.push || exportsOciArchive(config));
  if (!config.load || loadedAnyway) return [];
  const named = config.push && plan.byDigestTo && plan.tagAfter.length > 0 ? `,${csvField(`name=${plan.tagAfter.join(',')}`)}` : '';
  return named || rewrite ? ['--output', `type=docker${named}${rewrite}`] : ['--load'];
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

/** buildx reads --secret and --output as CSV: a field holding a comma or a quote is quoted. */
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
 * empty `provenance` gets build-push-action's default for the repository (public: mode=max, private: mode=min).
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

export function buildDescription(config: Config, plan = pushPlan(config)): string {
  const where = !config.push
    ? ''
    : plan.byDigestTo
      ? ` and pushing by digest to ${plan.byDigestTo}`
      : ` and pushing to ${plan.buildTags.join(', ')}`;
  return `building ${config.platforms.join(', ')}${where}`;
}
