import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import semver from 'semver';
import * as core from '@actions/core';
import { InputError, quote } from './errors.js';
import { ACCEPTED_ALIASES, ACCEPTED_PLATFORMS, canonicalPlatform } from './platforms.js';
import { checkNodes, endpointProblem, nodeFor, nodePlatforms, parseAppend, type BuilderNode } from './nodes.js';
import { derivedRef, referenceProblem, repositoryOf } from './reference.js';
import { checkSecretIdsUnique, gitAuthSecret, maskedParts, parseSecretEnvs, parseSecretFiles, parseSecrets, secretTextsToMask, type BuildSecret, type SecretEnv, type SecretFile } from './secret-inputs.js';
import {
  checkBuilderName, checkCall, isSubrequest, parseAddHosts, parseAllow, parseAttests, parseBuildContexts, parseBuilderName, parseCall, parseCgroupParent,
  parseNetwork, parseNoCacheFilters, parseShmSize, parseSsh, parseUlimits, type LocalFacts,
} from './build-inputs.js';
import { defaultProvenance } from './provenance.js';

export type { BuildSecret } from './secret-inputs.js';

/** Multiple exporters (push and load at once) and ignore-error cache exports need buildx 0.13. */
export const MIN_BUILDX = '0.13.0';

export type Driver = 'docker-container' | 'docker' | 'remote' | 'kubernetes';
export const DRIVERS: readonly Driver[] = ['docker-container', 'docker', 'remote', 'kubernetes'];

/** Credentials for one registry. */
export interface RegistryLogin {
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

/**
 * What the step does: `build` (build, push, tag), `leg` (one job of a native multi-runner build: push this job's
 * platforms for the merge step, under temporary tags), `merge` (assemble the legs, or `sources`, into one index).
 */
export type Mode = 'build' | 'leg' | 'merge';

export interface Config {
  readonly mode: Mode;
  /** Tells one workflow run attempt's legs from another's (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT by default). */
  readonly mergeKey: string;
  /** Existing images to merge into one index (mode merge). */
  readonly sources: readonly string[];
  /** Run in every platform's pushed image before any tag moves. */
  readonly testCommand: string;
  /** Every registry to log in to: `registry`/`username`/`password` first, then `registry-auth`. */
  readonly logins: readonly RegistryLogin[];
  /** Registries reached over plain HTTP (or with a self-signed certificate). */
  readonly insecureRegistries: readonly string[];
  readonly qemu: boolean;
  /** An image reference, or "host" for the host's qemu-user-static. */
  readonly qemuImage: string;
  readonly driver: Driver;
  readonly driverOpts: readonly string[];
  /** Every node of the builder the action creates: the first (endpoint, node-platforms), then `append`. */
  readonly nodes: readonly BuilderNode[];
  readonly buildkitdFlags: string;
  readonly buildkitdConfig: string;
  readonly buildkitdConfigInline: string;
  /** An existing builder to use instead of creating one. */
  readonly builder: string;
  readonly buildxVersion: string;
  readonly registry: string;
  readonly username: string;
  readonly password: string;
  readonly logout: boolean;
  readonly context: string;
  /** The Dockerfile; empty means buildx's default, Dockerfile in the context. */
  readonly file: string;
  readonly platforms: readonly string[];
  /** Whether `platforms` was given (a merge of sources then checks the result against it). */
  readonly platformsGiven: boolean;
  readonly tags: readonly string[];
  readonly labels: readonly string[];
  readonly annotations: readonly string[];
  readonly buildArgs: readonly string[];
  readonly target: string;
  /** `secrets`, then the GIT_AUTH_TOKEN.<host> secret `github-token` gives for a Git context on the GitHub server. */
  readonly secrets: readonly BuildSecret[];
  readonly secretFiles: readonly SecretFile[];
  readonly secretEnvs: readonly SecretEnv[];
  /** `--ssh` values: default, or id=socket-or-key paths. */
  readonly ssh: readonly string[];
  /** `--build-context` values, name=value. */
  readonly buildContexts: readonly string[];
  readonly addHosts: readonly string[];
  readonly network: string;
  readonly shmSize: string;
  readonly ulimits: readonly string[];
  readonly cgroupParent: string;
  readonly noCacheFilters: readonly string[];
  readonly allow: readonly string[];
  readonly attests: readonly string[];
  /** `--call`: empty or build builds; check, outline, targets evaluate the build only (nothing pushed). */
  readonly call: string;
  /** The `--attest` an empty provenance asks for, as build-push-action decides it; '' keeps buildx's default. */
  readonly defaultProvenance: string;
  /** The name of the builder to create, or reuse when it exists (setup-buildx-action's `name`); '' for a new name. */
  readonly builderName: string;
  /** Whether post removes the builder (setup-buildx-action's `cleanup`). */
  readonly cleanup: boolean;
  /** What the inputs skipped, for the log (an empty secret, as the peer skips it). */
  readonly warnings: readonly string[];
  readonly push: boolean;
  readonly load: boolean;
  readonly outputs: readonly string[];
  readonly provenance: string;
  readonly sbom: string;
  readonly noCache: boolean;
  readonly pull: boolean;
  readonly cache: boolean;
  /** The registry cache ref used when cache is on and no raw cache-from/cache-to is given; empty when none applies. */
  readonly cacheRef: string;
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
}

/** Input defaults. action.yml declares the same ones (a unit test keeps them equal), except platforms: a merge of
 * sources takes what the sources hold unless platforms is given, so the runner must not fill it in. */
export const DEFAULTS: Readonly<Record<string, string>> = {
  qemu: 'true',
  'qemu-image': 'docker.io/tonistiigi/binfmt:latest',
  driver: 'docker-container',
  registry: 'docker.io',
  logout: 'true',
  context: '.',
  platforms: 'linux/amd64,linux/arm64',
  push: 'true',
  load: 'false',
  'no-cache': 'false',
  pull: 'false',
  cache: 'true',
  'push-by-digest': 'false',
  merge: 'false',
  cleanup: 'true',
};

export const INPUT_NAMES = [
  'qemu', 'qemu-image', 'driver', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline',
  'builder', 'buildx-version', 'registry', 'username', 'password', 'logout', 'context', 'file', 'platforms', 'tags',
  'labels', 'annotations', 'build-args', 'target', 'secrets', 'push', 'load', 'outputs', 'provenance', 'sbom',
  'no-cache', 'pull', 'cache', 'cache-ref', 'cache-from', 'cache-to', 'push-by-digest', 'merge', 'merge-key', 'sources',
  'test-command', 'registry-auth', 'insecure-registries', 'endpoint', 'node-platforms', 'append',
  'secret-files', 'secret-envs', 'ssh', 'build-contexts', 'add-hosts', 'network', 'shm-size', 'ulimit', 'cgroup-parent',
  'no-cache-filters', 'allow', 'attests', 'call', 'github-token', 'name', 'cleanup',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export type RawInputs = Partial<Record<InputName, string>>;

export interface FileSystemFacts {
  isDirectory(p: string): boolean;
  isFile(p: string): boolean;
  readText?(p: string): string;
  /** Anything at all there (an agent socket too); without it, a file or a directory. */
  exists?(p: string): boolean;
}

const realFileSystem: FileSystemFacts = {
  isDirectory: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isFile: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  readText: (p) => fs.readFileSync(p, 'utf8'),
  exists: (p) => fs.existsSync(p),
};

/**
 * Checks every input and returns the one typed configuration the rest of the action reads. Throws an
 * InputError for the first bad input. Reads the file system (context, Dockerfile) and nothing else.
 */
export interface ParseContext {
  readonly files?: FileSystemFacts;
  /** The environment's GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, for the default merge key. */
  readonly run?: { readonly id?: string; readonly attempt?: string };
  /** A YAML parser, loaded only when `registry-auth` is given. */
  readonly parseYaml?: (text: string) => unknown;
  /** The step's environment (secret-envs, SSH_AUTH_SOCK, GITHUB_EVENT_PATH, GITHUB_SERVER_URL); none when not given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function parseConfig(raw: RawInputs, facts: FileSystemFacts | ParseContext = realFileSystem): Config {
  const ctx: ParseContext = 'isFile' in facts ? { files: facts } : facts;
  const files = ctx.files ?? realFileSystem;
  const value = (name: InputName): string => (raw[name] ?? '').trim() || (DEFAULTS[name] ?? '');
  const bool = (name: InputName): boolean => parseBoolean(name, value(name));

  const driver = value('driver');
  if (!(DRIVERS as readonly string[]).includes(driver)) {
    throw new InputError('driver', `is ${quote(driver)}: supported drivers are ${DRIVERS.join(', ')}`);
  }
  const builder = value('builder');
  if (builder !== '' && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(builder)) {
    throw new InputError('builder', `is ${quote(builder)}: a builder name has letters, digits, "_", "." and "-"`);
  }
  const builderName = parseBuilderName(value('name'));
  checkBuilderName(builderName, builder, driver);
  const driverOpts = listInput('driver-opts', raw['driver-opts'], 'lines');
  const buildkitdFlags = value('buildkitd-flags');
  const buildkitdConfig = value('buildkitd-config');
  const buildkitdConfigInline = (raw['buildkitd-config-inline'] ?? '').trim();
  const builderOnly: [InputName, boolean][] = [
    ['driver-opts', driverOpts.length > 0],
    ['buildkitd-flags', buildkitdFlags !== ''],
    ['buildkitd-config', buildkitdConfig !== ''],
    ['buildkitd-config-inline', buildkitdConfigInline !== ''],
  ];
  for (const [name, given] of builderOnly) {
    if (given && builder !== '') throw new InputError(name, `cannot be used with "builder": the action does not create a builder then`);
    if (given && driver === 'docker') throw new InputError(name, `cannot be used with driver "docker": it configures a builder the action creates (driver docker-container)`);
    if (given && driver === 'remote' && name.startsWith('buildkitd')) throw new InputError(name, 'cannot be used with driver "remote": the remote BuildKit daemon runs with its own flags and config');
  }
  const endpoint = value('endpoint');
  if (endpoint !== '' && driver === 'kubernetes') throw new InputError('endpoint', 'cannot be used with driver "kubernetes": it reaches the cluster through the kubeconfig; use driver-opts (namespace=…)');
  const endpointIssue = endpoint === '' ? undefined : endpointProblem(endpoint, driver);
  if (endpointIssue) throw new InputError('endpoint', `is ${quote(endpoint)}, which ${endpointIssue}`);
  if (driver === 'remote' && endpoint === '') throw new InputError('endpoint', 'is empty but driver is "remote": give the BuildKit daemon\'s address, e.g. tcp://buildkitd:1234');
  const appendParsed = (raw.append ?? '').trim() === '' ? undefined : parseYamlInput('append', raw.append as string, ctx.parseYaml);
  const appended = parseAppend(appendParsed, driver);
  const firstPinned = nodePlatforms('node-platforms', '', value('node-platforms'));
  const nodeInputs: [InputName, boolean][] = [['endpoint', endpoint !== ''], ['node-platforms', firstPinned.length > 0], ['append', appended.length > 0]];
  for (const [name, given] of nodeInputs) {
    if (given && builder !== '') throw new InputError(name, 'cannot be used with "builder": the action does not create a builder then');
    if (given && driver === 'docker') throw new InputError(name, 'cannot be used with driver "docker", which has one node, the Docker daemon');
  }
  const nodes: BuilderNode[] = [{ name: '', endpoint, platforms: firstPinned, driverOpts, buildkitdFlags }, ...appended];
  checkNodes(nodes);
  if (buildkitdConfig !== '' && buildkitdConfigInline !== '') {
    throw new InputError('buildkitd-config-inline', 'cannot be used together with "buildkitd-config": give one of them');
  }
  if (buildkitdConfig !== '' && !files.isFile(buildkitdConfig)) {
    throw new InputError('buildkitd-config', `is ${quote(buildkitdConfig)}: no such file`);
  }
  const buildxVersion = value('buildx-version').replace(/^v/, '');
  if (buildxVersion !== '' && buildxVersion !== 'latest' && semver.valid(buildxVersion) !== buildxVersion) {
    throw new InputError('buildx-version', `is ${quote(value('buildx-version'))}: expected a buildx release such as 0.29.1 or "latest"`);
  }

  const qemuImage = value('qemu-image');
  if (qemuImage !== 'host') checkReference('qemu-image', qemuImage);

  const registry = value('registry');
  if (!/^[a-zA-Z0-9.-]+(?::[0-9]{1,5})?$|^\[[a-fA-F0-9:]+\](?::[0-9]{1,5})?$/.test(registry) || referenceProblem(`${registry}/x`) !== undefined) {
    throw new InputError('registry', `is ${quote(registry)}: expected a registry host such as docker.io, ghcr.io or localhost:5000`);
  }
  const username = value('username');
  const password = raw.password ?? '';
  if (username !== '' && password === '') throw new InputError('password', 'is empty but "username" is set: give both or neither');
  if (username === '' && password !== '') throw new InputError('username', 'is empty but "password" is set: give both or neither');

  const platforms = parsePlatforms(raw.platforms ?? '', value('platforms'));
  const unserved = platforms.find((platform) => nodeFor(platform, nodes) === undefined);
  if (unserved && builder === '' && driver !== 'docker') {
    throw new InputError('platforms', `has ${unserved}, which no node of the builder is pinned to (each node has fixed platforms): add it to a node's platforms, or add a node without platforms`);
  }
  const tags = listInput('tags', raw.tags, 'commas');
  for (const tag of tags) {
    const problem = referenceProblem(tag);
    if (problem) throw new InputError('tags', `has ${quote(tag)}, which ${problem}`);
    if (tag.includes('@')) throw new InputError('tags', `has ${quote(tag)}: a tag cannot hold a digest`);
  }
  const call = parseCall(value('call'));
  // a check (outline, targets) evaluates the build and exports nothing, as buildx does: no push, no tags needed
  const push = bool('push') && !isSubrequest(call);
  const load = bool('load');
  const outputs = listInput('outputs', raw.outputs, 'lines');
  const pushByDigest = bool('push-by-digest');
  const merge = bool('merge');
  const mode: Mode = merge ? 'merge' : pushByDigest ? 'leg' : 'build';
  if (pushByDigest && merge) throw new InputError('merge', 'is true and so is "push-by-digest": a step either pushes one leg or merges them');
  if ((push || mode !== 'build') && tags.length === 0) {
    throw new InputError('tags', mode === 'build' ? 'is empty but "push" is true: give at least one tag to push, or set push: false' : `is empty: the ${mode === 'leg' ? 'leg pushes to' : 'merge tags'} the repository of the first tag`);
  }
  checkCall(call, mode, value('test-command'));
  if (merge && !push) throw new InputError('push', 'is false but "merge" is true: a merge pushes the index it creates');
  if (pushByDigest && !push) throw new InputError('push', 'is false but "push-by-digest" is true: a leg pushes its platforms for the merge step');
  const sources = listInput('sources', raw.sources, 'commas');
  if (sources.length > 0 && mode !== 'merge') throw new InputError('sources', 'is set but "merge" is false: sources are the images a merge step combines');
  for (const source of sources) {
    const problem = referenceProblem(source);
    if (problem) throw new InputError('sources', `has ${quote(source)}, which ${problem}`);
  }
  const mergeKey = value('merge-key') || (ctx.run?.id ? `${ctx.run.id}-${ctx.run.attempt || '1'}` : '');
  if (mode !== 'build' && sources.length === 0) {
    if (mergeKey === '') throw new InputError('merge-key', 'is empty and GITHUB_RUN_ID is not set: give the same merge-key to the legs and the merge step of one run');
    if (!/^[A-Za-z0-9_.-]{1,60}$/.test(mergeKey)) throw new InputError('merge-key', `is ${quote(mergeKey)}: up to 60 letters, digits, "_", "." and "-"`);
  }
  const testCommand = (raw['test-command'] ?? '').trim();
  if (testCommand !== '' && driver === 'docker') {
    // the images are pushed by digest first, so that no tag moves before the tests pass; the docker driver cannot
    throw new InputError('test-command', 'cannot be used with driver "docker", which cannot push by digest: use driver docker-container');
  }
  if (testCommand !== '' && (!push || mode === 'merge')) {
    throw new InputError('test-command', mode === 'merge' ? 'cannot be used with "merge": test in the legs, which push the images' : 'is set but "push" is false: the test runs in the pushed images before tags move');
  }

  const context = value('context');
  // a merge builds nothing: its context and Dockerfile are not looked at
  const isRemoteContext = mode === 'merge' || /^(?:https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context);
  if (context === '-' && mode !== 'merge') throw new InputError('context', 'is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL');
  if (!isRemoteContext && !files.isDirectory(context)) {
    throw new InputError('context', `is ${quote(context)}: no such directory`);
  }
  const file = value('file');
  if (!isRemoteContext) {
    const dockerfile = file !== '' ? file : path.join(context, 'Dockerfile');
    if (!files.isFile(dockerfile)) {
      throw new InputError('file', `is ${quote(dockerfile)}: no such file${file === '' ? ' (the default is Dockerfile in the context)' : ''}`);
    }
  }

  const buildArgs = keyValueList('build-args', raw['build-args'], false);
  const labels = keyValueList('labels', raw.labels, true);
  const annotations = keyValueList('annotations', raw.annotations, true);
  const env = ctx.env ?? {};
  const local: LocalFacts = { exists: (p) => files.exists?.(p) ?? (files.isFile(p) || files.isDirectory(p)), isDirectory: (p) => files.isDirectory(p), env };
  const userSecrets = parseSecrets(raw.secrets);
  const secretFiles = parseSecretFiles(raw['secret-files'], (p) => files.isFile(p));
  const secretEnvs = parseSecretEnvs(listInput('secret-envs', raw['secret-envs'], 'commas'), env);
  checkSecretIdsUnique([['secrets', userSecrets.values], ['secret-files', secretFiles], ['secret-envs', secretEnvs.values]]);
  const buildContexts = parseBuildContexts(listInput('build-contexts', raw['build-contexts'], 'lines'), local);
  const secretIds = [...userSecrets.values, ...secretFiles, ...secretEnvs.values].map((secret) => secret.id);
  const gitToken = gitAuthSecret((raw['github-token'] ?? '').trim(), env.GITHUB_SERVER_URL, [context, ...buildContexts.map((c) => c.slice(c.indexOf('=') + 1))], secretIds);
  const secrets = gitToken ? [...userSecrets.values, gitToken] : userSecrets.values;

  const cache = bool('cache');
  const cacheRefInput = value('cache-ref');
  if (cacheRefInput !== '') checkReference('cache-ref', cacheRefInput);
  if (cacheRefInput.includes('@')) throw new InputError('cache-ref', `is ${quote(cacheRefInput)}: a cache is written under a tag, not a digest`);
  // legs build in parallel: one cache ref each, or the last leg to finish would overwrite the others' cache
  const baseCacheRef = cacheRefInput !== '' ? cacheRefInput : tags.length > 0 ? `${repositoryOf(tags[0])}:buildcache` : '';
  const cacheRef = mode === 'leg' && baseCacheRef !== '' ? derivedRef(baseCacheRef, platforms.map((p) => p.replace(/\//g, '-')).join('_')) : baseCacheRef;

  const insecureRegistries = listInput('insecure-registries', raw['insecure-registries'], 'commas');
  for (const host of insecureRegistries) {
    if (!isRegistryHost(host)) throw new InputError('insecure-registries', `has ${quote(host)}: expected a registry host such as localhost:5000 or registry.internal`);
  }
  if (insecureRegistries.length > 0 && driver === 'remote') {
    throw new InputError('insecure-registries', 'cannot be used with driver "remote": a remote daemon reads its own buildkitd.toml; mark the registries there (http = true)');
  }
  if (insecureRegistries.length > 0 && builder !== '') throw new InputError('insecure-registries', 'cannot be used with "builder": configure that builder\'s buildkitd.toml');
  const remoteInsecure = insecureRegistries.filter((host) => !isLoopback(host));
  if (remoteInsecure.length > 0 && driver === 'docker') {
    throw new InputError('insecure-registries', `has ${remoteInsecure.join(', ')}, but driver "docker" pushes through the daemon: list them in the daemon's "insecure-registries" (daemon.json)`);
  }
  const baseBuildkitdConfig = buildkitdConfig !== '' ? (files.readText?.(buildkitdConfig) ?? '') : buildkitdConfigInline;
  const clash = insecureRegistries.find((host) => baseBuildkitdConfig.includes(`[registry."${host}"]`));
  if (clash) {
    throw new InputError('insecure-registries', `has ${clash}, which the buildkitd config already has a [registry."${clash}"] section for: put http = true there, or drop it from one of them`);
  }

  const logins = registryLogins(registry, username, password, raw['registry-auth'], ctx.parseYaml);

  return Object.freeze({
    mode,
    mergeKey,
    sources,
    testCommand,
    logins,
    insecureRegistries,
    qemu: bool('qemu'),
    qemuImage,
    driver: driver as Driver,
    driverOpts,
    nodes,
    buildkitdFlags,
    buildkitdConfig,
    buildkitdConfigInline,
    builder,
    buildxVersion,
    registry,
    username,
    password,
    logout: bool('logout'),
    context,
    file,
    platforms,
    platformsGiven: (raw.platforms ?? '').trim() !== '',
    tags,
    labels,
    annotations,
    buildArgs,
    target: value('target'),
    secrets,
    secretFiles,
    secretEnvs: secretEnvs.values,
    ssh: parseSsh(listInput('ssh', raw.ssh, 'commas'), local),
    buildContexts,
    addHosts: parseAddHosts(listInput('add-hosts', raw['add-hosts'], 'commas')),
    network: parseNetwork(value('network')),
    shmSize: parseShmSize(value('shm-size')),
    ulimits: parseUlimits(listInput('ulimit', raw.ulimit, 'lines')),
    cgroupParent: parseCgroupParent(value('cgroup-parent')),
    noCacheFilters: parseNoCacheFilters(listInput('no-cache-filters', raw['no-cache-filters'], 'commas')),
    allow: parseAllow(listInput('allow', raw.allow, 'commas')),
    attests: parseAttests(listInput('attests', raw.attests, 'lines')),
    call,
    defaultProvenance: defaultProvenance({ env, readText: (p) => (files.readText ?? ((f: string) => fs.readFileSync(f, 'utf8')))(p) }),
    builderName,
    cleanup: bool('cleanup'),
    warnings: [...userSecrets.warnings, ...secretEnvs.warnings],
    push,
    load,
    outputs,
    provenance: value('provenance'),
    sbom: value('sbom'),
    noCache: bool('no-cache'),
    pull: bool('pull'),
    cache,
    cacheRef,
    cacheFrom: listInput('cache-from', raw['cache-from'], 'lines'),
    cacheTo: listInput('cache-to', raw['cache-to'], 'lines'),
  });
}

const REGISTRY_HOST = /^[a-zA-Z0-9.-]+(?::[0-9]{1,5})?$|^\[[a-fA-F0-9:]+\](?::[0-9]{1,5})?$/;

function isRegistryHost(host: string): boolean {
  return REGISTRY_HOST.test(host) && referenceProblem(`${host}/x`) === undefined;
}

/** Docker treats loopback registries as insecure on its own. */
export function isLoopback(host: string): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/.test(host);
}

/**
 * The logins: the `registry`/`username`/`password` inputs, then each entry of `registry-auth`, a YAML list of
 * `{registry, username, password}` as docker/login-action reads it. Errors name the entry, never its password.
 */
function registryLogins(registry: string, username: string, password: string, yamlText: string | undefined, parseYaml?: (text: string) => unknown): RegistryLogin[] {
  const logins: RegistryLogin[] = username !== '' ? [{ registry, username, password }] : [];
  if ((yamlText ?? '').trim() === '') return logins;
  const entries = parseYamlInput('registry-auth', yamlText as string, parseYaml);
  if (!Array.isArray(entries)) throw new InputError('registry-auth', 'is not a YAML list: expected "- registry: …" entries with username and password');
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new InputError('registry-auth', `${where} is not a mapping of registry, username and password`);
    const fields = entry as Record<string, unknown>;
    // a mis-split flow mapping can turn part of a password into a key or a registry: such text is never repeated
    if (Object.keys(fields).some((key) => !['registry', 'username', 'password'].includes(key))) {
      throw new InputError('registry-auth', `${where} has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")`);
    }
    for (const key of ['registry', 'username', 'password']) {
      if (fields[key] !== undefined && fields[key] !== null && typeof fields[key] !== 'string') {
        throw new InputError('registry-auth', `${where} has a ${key} that is not a string: quote it`);
      }
    }
    const text = (key: string): string => ((fields[key] as string | undefined | null) ?? '').trim();
    const entryRegistry = text('registry') || 'docker.io';
    if (!isRegistryHost(entryRegistry)) throw new InputError('registry-auth', `${where} has a registry that is not a registry host such as ghcr.io`);
    if (text('username') === '' || text('password') === '') throw new InputError('registry-auth', `${where} (${entryRegistry}) needs both username and password`);
    if (logins.some((login) => login.registry === entryRegistry)) throw new InputError('registry-auth', `${where} logs in to ${entryRegistry} a second time`);
    logins.push({ registry: entryRegistry, username: text('username'), password: text('password') });
  });
  return logins;
}

function parseYamlInput(name: InputName, text: string, parseYaml: ((text: string) => unknown) | undefined): unknown {
  if (!parseYaml) throw new Error(`${name} needs the YAML parser`);
  try {
    return parseYaml(text);
  } catch (error) {
    // the parser's message quotes the text around the fault, which may hold a password: keep only the position
    const at = /line (\d+)/.exec((error as Error).message)?.[1];
    throw new InputError(name, `is not valid YAML${at ? ` (line ${at})` : ''}: expected a YAML list`);
  }
}

/** YAML 1.2 core booleans, as the Actions runner documents them. */
export function parseBoolean(name: string, text: string): boolean {
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(name, `is ${quote(text)}: expected true or false`);
}

/**
 * A list input: one entry per line, and with `commas` also comma-separated with CSV quoting for values that
 * hold a comma. Blank lines are skipped (a YAML block's trailing newline included), but an empty entry between
 * commas is refused: it is nearly always a `${{ }}` expression that came out empty.
 */
export function listInput(name: string, text: string | undefined, separators: 'commas' | 'lines'): string[] {
  const entries: string[] = [];
  for (const line of (text ?? '').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (separators === 'lines') {
      entries.push(line.trim());
      continue;
    }
    let fields: string[];
    try {
      fields = (parseCsv(line, { relax_quotes: true, trim: true, relax_column_count: true }) as string[][]).flat();
    } catch (error) {
      throw new InputError(name, `has ${quote(line)}, which is not a valid comma-separated list: ${(error as Error).message.split('\n')[0]}`);
    }
    if (fields.some((field) => field === '')) {
      throw new InputError(name, `has an empty entry in ${quote(line)}: remove the extra comma (an empty \${{ }} expression?)`);
    }
    entries.push(...fields);
  }
  return entries;
}

/** Canonical platforms in the order given, duplicates (after aliases are resolved) dropped. */
export function parsePlatforms(text: string, fallback: string): string[] {
  const names = listInput('platforms', text.trim() === '' ? fallback : text, 'commas');
  const platforms: string[] = [];
  for (const name of names) {
    const canonical = canonicalPlatform(name);
    if (!canonical) {
      throw new InputError('platforms', `has ${quote(name)}, which is not a known platform: use ${ACCEPTED_PLATFORMS} (or an alias: ${ACCEPTED_ALIASES})`);
    }
    if (!platforms.includes(canonical)) platforms.push(canonical);
  }
  if (platforms.length === 0) throw new InputError('platforms', 'is empty: give at least one platform');
  return platforms;
}

function keyValueList(name: InputName, text: string | undefined, valueRequired: boolean): string[] {
  const entries = listInput(name, text, 'lines');
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq >= 0 ? entry.slice(0, eq) : entry;
    if (key.trim() === '' || /\s/.test(key) || (valueRequired && eq < 0)) {
      throw new InputError(name, `has ${quote(entry)}: expected KEY=VALUE${valueRequired ? '' : ' (or KEY to pass it from the environment)'}`);
    }
  }
  return entries;
}

function checkReference(name: InputName, ref: string): void {
  const problem = referenceProblem(ref);
  if (problem) throw new InputError(name, `is ${quote(ref)}, which ${problem}`);
}

/**
 * The checks that need a fact of the Docker installation (read-only): buildx present, and `load` of several
 * platforms only where the image store can hold a multi-platform image.
 */
export function checkAgainstDocker(config: Config, facts: { containerdStore: boolean; buildxVersion: string | undefined }): void {
  if (config.buildxVersion === '') {
    if (facts.buildxVersion === undefined) {
      throw new InputError('buildx-version', 'is empty and the docker buildx plugin is not installed: install docker-buildx, or set buildx-version to download a release');
    }
    const installed = semver.coerce(facts.buildxVersion);
    if (installed && semver.lt(installed, MIN_BUILDX)) {
      throw new InputError('buildx-version', `is empty and the installed buildx is ${facts.buildxVersion}, older than ${MIN_BUILDX}: upgrade docker-buildx, or set buildx-version to download a release`);
    }
  } else if (config.buildxVersion !== 'latest' && semver.lt(config.buildxVersion, MIN_BUILDX)) {
    throw new InputError('buildx-version', `is ${quote(config.buildxVersion)}: the action needs buildx ${MIN_BUILDX} or newer`);
  }
  if (config.driver === 'docker' && !facts.containerdStore) {
    if (config.platforms.length > 1) {
      throw new InputError(
        'platforms',
        `has ${config.platforms.length} platforms (${config.platforms.join(',')}), but driver "docker" on the classic image store builds one platform: use driver docker-container, or enable the containerd image store`,
      );
    }
    if (config.cacheTo.length > 0) {
      throw new InputError('cache-to', 'is set, but driver "docker" on the classic image store cannot export a cache: use driver docker-container, or enable the containerd image store');
    }
  }
  if (config.load && config.platforms.length > 1 && !facts.containerdStore) {
    throw new InputError(
      'load',
      `is true with ${config.platforms.length} platforms (${config.platforms.join(',')}), but the Docker daemon uses the classic image store, which cannot hold a multi-platform image: load one platform, or enable the containerd image store ("features": {"containerd-snapshotter": true})`,
    );
  }
}

/** The one place inputs are read; secrets are masked before anything can log them. */
export async function readConfig(): Promise<Config> {
  const raw: RawInputs = {};
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name);
  // a secret's value is taken as written, spaces and final newline included, as the peer takes it
  raw.secrets = core.getInput('secrets', { trimWhitespace: false });
  if (raw.password) core.setSecret(raw.password);
  if (raw['github-token']) core.setSecret(raw['github-token']);
  for (const part of secretTextsToMask(raw.secrets)) core.setSecret(part);
  // registry-auth and append are rare: the YAML parser loads only when one is given. Every scalar stays a string
  // (failsafe schema): a password like 0123 or 1e3 must not turn into a number
  const yaml = raw['registry-auth']?.trim() || raw.append?.trim() ? await import('yaml') : undefined;
  const parseYaml = yaml ? (text: string): unknown => yaml.parse(text, { schema: 'failsafe' }) : undefined;
  const config = parseConfig(raw, { run: { id: process.env.GITHUB_RUN_ID, attempt: process.env.GITHUB_RUN_ATTEMPT }, parseYaml, env: process.env });
  for (const credentials of config.logins) core.setSecret(credentials.password);
  for (const { variable } of config.secretEnvs) for (const part of maskedParts(process.env[variable] ?? '')) core.setSecret(part);
  for (const warning of config.warnings) core.warning(warning);
  return config;
}
