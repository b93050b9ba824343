// The options section: what docker/build-push-action and setup-buildx-action take beyond the build itself, under
// their names (secrets of every kind, ssh, build contexts, the flags that map onto one buildx option each, the
// builder's name and cleanup). The value parsers live in build-flags.ts and secrets.ts.
import type { BuildConfig } from './build.js';
import {
  checkBuilderName,
  checkCall,
  isSubrequest,
  type LocalFacts,
  parseAddHosts,
  parseAllow,
  parseAttests,
  parseBuildContexts,
  parseBuilderName,
  parseCall,
  parseCgroupParent,
  parseNetwork,
  parseNoCacheFilters,
  parseShmSize,
  parseSsh,
  parseUlimits,
} from './build-flags.js';
import type { BuilderConfig } from './builder.js';
import type { MergeConfig } from './mode.js';
import { defaultProvenance, repositoryIsPrivate } from './provenance.js';
import {
  type BuildSecret,
  checkSecretIdsUnique,
  gitAuthSecret,
  parseSecretEnvs,
  parseSecretFiles,
  parseSecrets,
  type SecretEnv,
  type SecretFile,
} from './secrets.js';
import { inputReader, listInput, type SectionInputs } from './values.js';

/** The section's inputs and their defaults (empty: none); github-token's `${{ github.token }}` is action.yml's. */
export const OPTION_INPUTS = {
  secrets: '',
  'secret-files': '',
  'secret-envs': '',
  'github-token': '',
  ssh: '',
  'build-contexts': '',
  'add-hosts': '',
  network: '',
  'shm-size': '',
  ulimit: '',
  'cgroup-parent': '',
  'no-cache-filters': '',
  allow: '',
  attests: '',
  call: '',
  name: '',
  cleanup: 'true',
} as const;

export interface OptionsConfig {
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
  /** The event payload says the repository is private (as build-push-action reads it): its text stays out of provenance. */
  readonly privateRepository: boolean;
  /** The name of the builder to create, or reuse when it exists (setup-buildx-action's `name`); '' for a new name. */
  readonly builderName: string;
  /** Whether post removes the builder (setup-buildx-action's `cleanup`). */
  readonly cleanup: boolean;
  /** What the inputs skipped, for the log (an empty secret, as build-push-action skips it). */
  readonly warnings: readonly string[];
}

/** What the section may look at: the workspace, the step's environment, and the sections it depends on. */
export interface OptionFacts {
  readonly local: LocalFacts;
  readonly isFile: (p: string) => boolean;
  readonly readText: (p: string) => string;
  readonly builder: Pick<BuilderConfig, 'builder' | 'driver'>;
  readonly build: Pick<BuildConfig, 'context' | 'testCommand'>;
  readonly merge: Pick<MergeConfig, 'mode'>;
}

export function parseOptions(raw: SectionInputs<typeof OPTION_INPUTS>, facts: OptionFacts): OptionsConfig {
  const input = inputReader(raw, OPTION_INPUTS);
  const { env } = facts.local;
  const builderName = parseBuilderName(input.text('name'));
  checkBuilderName(builderName, facts.builder.builder, facts.builder.driver);
  const call = parseCall(input.text('call'));
  checkCall(call, facts.merge.mode, facts.build.testCommand);
  // a secret's value is kept as written (readConfig reads it untrimmed), as build-push-action keeps it
  const userSecrets = parseSecrets(raw.secrets);
  const secretFiles = parseSecretFiles(input.given('secret-files'), facts.isFile);
  const secretEnvs = parseSecretEnvs(listInput('secret-envs', input.given('secret-envs'), 'commas'), env);
  checkSecretIdsUnique([
    ['secrets', userSecrets.values],
    ['secret-files', secretFiles.values],
    ['secret-envs', secretEnvs.values],
  ]);
  const buildContexts = parseBuildContexts(listInput('build-contexts', input.given('build-contexts'), 'records'), facts.local);
  const secretIds = [...userSecrets.values, ...secretFiles.values, ...secretEnvs.values].map((secret) => secret.id);
  const contexts = [facts.build.context, ...buildContexts.map((c) => c.slice(c.indexOf('=') + 1))];
  const privateRepository = repositoryIsPrivate({ env, readText: facts.readText });
  const gitToken = gitAuthSecret(input.text('github-token'), env.GITHUB_SERVER_URL, contexts, secretIds);
  return {
    secrets: gitToken ? [...userSecrets.values, gitToken] : userSecrets.values,
    secretFiles: secretFiles.values,
    secretEnvs: secretEnvs.values,
    ssh: parseSsh(listInput('ssh', input.given('ssh'), 'commas'), facts.local),
    buildContexts,
    addHosts: parseAddHosts(listInput('add-hosts', input.given('add-hosts'), 'commas')),
    network: parseNetwork(input.text('network')),
    shmSize: parseShmSize(input.text('shm-size')),
    ulimits: parseUlimits(listInput('ulimit', input.given('ulimit'), 'records')),
    cgroupParent: parseCgroupParent(input.text('cgroup-parent')),
    noCacheFilters: parseNoCacheFilters(listInput('no-cache-filters', input.given('no-cache-filters'), 'commas')),
    allow: parseAllow(listInput('allow', input.given('allow'), 'commas')),
    attests: parseAttests(listInput('attests', input.given('attests'), 'records')),
    call,
    defaultProvenance: defaultProvenance(env, privateRepository),
    privateRepository,
    builderName,
    cleanup: input.bool('cleanup'),
    warnings: [...userSecrets.warnings, ...secretFiles.warnings, ...secretEnvs.warnings],
  };
}

/** A check (outline, targets) evaluates the build and exports nothing, as buildx does: no push then. */
export function pushes(push: boolean, call: string): boolean {
  return push && !isSubrequest(call);
}
