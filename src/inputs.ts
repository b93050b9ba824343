import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import semver from 'semver';
import { InputError, quote } from './errors.js';
import { ACCEPTED_ALIASES, ACCEPTED_PLATFORMS, canonicalPlatform } from './platforms.js';
import { referenceProblem, repositoryOf } from './reference.js';

/** Multiple exporters (push and load at once) and ignore-error cache exports need buildx 0.13. */
export const MIN_BUILDX = '0.13.0';

export type Driver = 'docker-container' | 'docker';
export const DRIVERS: readonly Driver[] = ['docker-container', 'docker'];

export interface BuildSecret {
  readonly id: string;
  readonly value: string;
}

export interface Config {
  readonly qemu: boolean;
  /** An image reference, or "host" for the host's qemu-user-static. */
  readonly qemuImage: string;
  readonly driver: Driver;
  readonly driverOpts: readonly string[];
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
  readonly tags: readonly string[];
  readonly labels: readonly string[];
  readonly annotations: readonly string[];
  readonly buildArgs: readonly string[];
  readonly target: string;
  readonly secrets: readonly BuildSecret[];
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

/** Input defaults; action.yml declares the same ones (a unit test keeps them equal). */
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
};

export const INPUT_NAMES = [
  'qemu', 'qemu-image', 'driver', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline',
  'builder', 'buildx-version', 'registry', 'username', 'password', 'logout', 'context', 'file', 'platforms', 'tags',
  'labels', 'annotations', 'build-args', 'target', 'secrets', 'push', 'load', 'outputs', 'provenance', 'sbom',
  'no-cache', 'pull', 'cache', 'cache-ref', 'cache-from', 'cache-to',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export type RawInputs = Partial<Record<InputName, string>>;

export interface FileSystemFacts {
  isDirectory(p: string): boolean;
  isFile(p: string): boolean;
}

const realFileSystem: FileSystemFacts = {
  isDirectory: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isFile: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
};

/**
 * Checks every input and returns the one typed configuration the rest of the action reads. Throws an
 * InputError for the first bad input. Reads the file system (context, Dockerfile) and nothing else.
 */
export function parseConfig(raw: RawInputs, files: FileSystemFacts = realFileSystem): Config {
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
  }
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
  const tags = listInput('tags', raw.tags, 'commas');
  for (const tag of tags) {
    const problem = referenceProblem(tag);
    if (problem) throw new InputError('tags', `has ${quote(tag)}, which ${problem}`);
    if (tag.includes('@')) throw new InputError('tags', `has ${quote(tag)}: a tag cannot hold a digest`);
  }
  const push = bool('push');
  const load = bool('load');
  const outputs = listInput('outputs', raw.outputs, 'lines');
  if (push && tags.length === 0) throw new InputError('tags', 'is empty but "push" is true: give at least one tag to push, or set push: false');

  const context = value('context');
  const isRemoteContext = /^(?:https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context);
  if (context === '-') throw new InputError('context', 'is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL');
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
  const secrets = parseSecrets(raw.secrets);

  const cache = bool('cache');
  const cacheRefInput = value('cache-ref');
  if (cacheRefInput !== '') checkReference('cache-ref', cacheRefInput);
  const cacheRef = cacheRefInput !== '' ? cacheRefInput : tags.length > 0 ? `${repositoryOf(tags[0])}:buildcache` : '';

  return Object.freeze({
    qemu: bool('qemu'),
    qemuImage,
    driver: driver as Driver,
    driverOpts,
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
    tags,
    labels,
    annotations,
    buildArgs,
    target: value('target'),
    secrets,
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

/** Build secrets as `id=value` lines. A bad line is named by its id or position, never by its value. */
function parseSecrets(text: string | undefined): BuildSecret[] {
  const secrets: BuildSecret[] = [];
  (text ?? '').split(/\r?\n/).forEach((line, index) => {
    const entry = line.trim();
    if (entry === '') return;
    const eq = entry.indexOf('=');
    const id = eq > 0 ? entry.slice(0, eq) : '';
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) {
      throw new InputError('secrets', `has an entry on line ${index + 1} without a valid id: expected id=value (id of letters, digits, "_", "." and "-")`);
    }
    if (secrets.some((secret) => secret.id === id)) throw new InputError('secrets', `has the id "${id}" twice`);
    secrets.push({ id, value: entry.slice(eq + 1) });
  });
  return secrets;
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
