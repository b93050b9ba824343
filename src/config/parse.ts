// Every input, parsed and checked before anything runs: one parser per section returns its typed part, then the
// rules between inputs (rules.ts) are checked against the whole. A section refuses a combination of its own
// inputs only where its part could not hold it (a user without a password, a leg that is also the merge).
import * as fs from 'node:fs';

import { BUILD_INPUTS, type BuildConfig, parseBuild } from './build.js';
import { BUILDER_INPUTS, type BuilderConfig, parseBuilder } from './builder.js';
import { CACHE_INPUTS, type CacheConfig, parseCache } from './cache.js';
import { LOGIN_INPUTS, type LoginConfig, parseLogins } from './logins.js';
import { MIRROR_INPUTS, type MirrorConfig, parseMirror } from './mirror.js';
import { MERGE_INPUTS, type MergeConfig, parseMerge, withTagVariant, type WorkflowRun } from './mode.js';
import { OPTION_INPUTS, type OptionsConfig, parseOptions, pushes } from './options.js';
import { parseQemu, QEMU_INPUTS, type QemuConfig } from './qemu.js';
import { parseReproducible, REPRODUCIBLE_INPUTS, type ReproducibleConfig } from './reproducible.js';
import { BUILDX_RULES, DAEMON_RULES, type DockerInstallation, enforceRules, INPUT_RULES } from './rules.js';
import { runnerOsProblem } from './runner.js';

/** The one typed configuration the rest of the action reads; each field has one home, in one section. */
export type Config = QemuConfig &
  BuilderConfig &
  LoginConfig &
  MergeConfig &
  BuildConfig &
  CacheConfig &
  OptionsConfig &
  ReproducibleConfig &
  MirrorConfig;

const SECTION_INPUTS = [
  QEMU_INPUTS,
  BUILDER_INPUTS,
  LOGIN_INPUTS,
  MERGE_INPUTS,
  BUILD_INPUTS,
  CACHE_INPUTS,
  OPTION_INPUTS,
  REPRODUCIBLE_INPUTS,
  MIRROR_INPUTS,
] as const;

export type InputName =
  | keyof typeof QEMU_INPUTS
  | keyof typeof BUILDER_INPUTS
  | keyof typeof LOGIN_INPUTS
  | keyof typeof MERGE_INPUTS
  | keyof typeof BUILD_INPUTS
  | keyof typeof CACHE_INPUTS
  | keyof typeof OPTION_INPUTS
  | keyof typeof REPRODUCIBLE_INPUTS
  | keyof typeof MIRROR_INPUTS;

export type RawInputs = Partial<Record<InputName, string>>;

/** Every input the action reads; action.yml declares the same ones (a unit test keeps them equal). */
export const INPUT_NAMES: readonly InputName[] = SECTION_INPUTS.flatMap((section) => Object.keys(section) as InputName[]);

/**
 * The inputs that have a default. action.yml declares the same ones (a unit test keeps them equal), except
 * platforms: a merge of sources takes what the sources hold unless platforms is given, so the runner must not
 * fill it in.
 */
export const DEFAULTS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(SECTION_INPUTS.flatMap((section) => Object.entries(section)).filter(([, fallback]) => fallback !== '')),
);

export interface FileSystemFacts {
  isDirectory(p: string): boolean;
  isFile(p: string): boolean;
  readText?(p: string): string;
  /** Anything at all there (an agent socket too); without it, a file or a directory. */
  exists?(p: string): boolean;
}

export const realFileSystem: FileSystemFacts = {
  isDirectory: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isFile: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  readText: (p) => fs.readFileSync(p, 'utf8'),
  exists: (p) => fs.existsSync(p),
};

/** What parsing may look at besides the inputs. */
export interface ParseContext {
  /** The workspace, for the context, the Dockerfile and the buildkitd config the inputs name. */
  readonly files: FileSystemFacts;
  readonly run?: WorkflowRun;
  /** A YAML parser, loaded only when `registry-auth` or `append` is given. */
  readonly parseYaml?: (text: string) => unknown;
  /** The step's environment (secret-envs, SSH_AUTH_SOCK, GITHUB_EVENT_PATH, GITHUB_SERVER_URL); none when not given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Checks the runner, then every input, and returns the configuration. Throws an InputError for the first bad input. */
export function parseConfig(raw: RawInputs, ctx: ParseContext): Config {
  const runner = runnerOsProblem(ctx.env ?? {});
  if (runner) throw new Error(runner);
  const builder = parseBuilder(raw, ctx.parseYaml);
  const qemu = parseQemu(raw);
  const logins = parseLogins(raw, ctx.parseYaml);
  const mergeSection = parseMerge(raw, ctx.run);
  const build = parseBuild(raw, mergeSection);
  const merge = withTagVariant(mergeSection, build.tags);
  const cache = parseCache(raw, build, merge);
  const { files } = ctx;
  const local = {
    exists: (p: string) => files.exists?.(p) ?? (files.isFile(p) || files.isDirectory(p)),
    isDirectory: (p: string) => files.isDirectory(p),
    env: ctx.env ?? {},
  };
  const readText = (p: string): string => (files.readText ?? ((f: string) => fs.readFileSync(f, 'utf8')))(p);
  const options = parseOptions(raw, { local, isFile: (p) => files.isFile(p), readText, builder, build, merge });
  const reproducible = parseReproducible(raw);
  const config: Config = Object.freeze({
    ...qemu,
    ...builder,
    ...logins,
    ...merge,
    ...build,
    push: pushes(build.push, options.call),
    ...cache,
    ...options,
    ...reproducible,
    ...parseMirror(raw),
  });
  enforceRules(INPUT_RULES, config, ctx.files);
  return config;
}

/** The checks that need a fact of the Docker installation (read-only), before anything runs: buildx's, then the daemon's. */
export function checkAgainstDocker(config: Config, docker: DockerInstallation): void {
  enforceRules(BUILDX_RULES, config, docker);
  enforceRules(DAEMON_RULES, config, docker);
}
