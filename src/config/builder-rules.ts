// The rows of the table of cross-input rules (rules.ts, INPUT_RULES) about the builder the action creates: its
// options and its nodes, refused where no builder is created or where the driver has no use for them.
import type { Config, InputName } from './parse.js';
import type { Rule } from './rules.js';

const NO_BUILDER_CREATED = 'cannot be used with "builder": the action does not create a builder then';

/** Inputs that configure the builder the action creates, and when each counts as given. */
const BUILDER_OPTIONS: readonly [InputName, (config: Config) => boolean][] = [
  ['driver-opts', (config) => config.nodes[0].driverOpts.length > 0],
  ['buildkitd-flags', (config) => config.nodes[0].buildkitdFlags !== ''],
  ['buildkitd-config', (config) => config.buildkitdConfig !== ''],
  ['buildkitd-config-inline', (config) => config.buildkitdConfigInline !== ''],
  ['registry-mirror', (config) => config.registryMirror !== ''],
];

/** Inputs that add nodes to the builder the action creates, and when each counts as given. */
const NODE_OPTIONS: readonly [InputName, (config: Config) => boolean][] = [
  ['endpoint', (config) => config.nodes[0].endpoint !== ''],
  ['node-platforms', (config) => config.nodes[0].platforms.length > 0],
  ['append', (config) => config.nodes.length > 1],
];

export const builderOptionRules = BUILDER_OPTIONS.flatMap(([input, given]): Rule<unknown>[] => [
  { input, broken: (c) => given(c) && c.builder !== '', message: NO_BUILDER_CREATED },
  {
    input,
    broken: (c) => given(c) && c.driver === 'docker',
    message: 'cannot be used with driver "docker": it configures a builder the action creates (driver docker-container)',
  },
  {
    input,
    // driver-opts stay allowed: they carry the remote driver's TLS files
    broken: (c) => given(c) && c.driver === 'remote' && input !== 'driver-opts',
    message: 'cannot be used with driver "remote": the remote BuildKit daemon runs with its own flags and config',
  },
]);

export const nodeOptionRules = NODE_OPTIONS.flatMap(([input, given]): Rule<unknown>[] => [
  { input, broken: (c) => given(c) && c.builder !== '', message: NO_BUILDER_CREATED },
  {
    input,
    broken: (c) => given(c) && c.driver === 'docker',
    message: 'cannot be used with driver "docker", which has one node, the Docker daemon',
  },
]);
