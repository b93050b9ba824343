// The builder section: the driver, an existing builder or the nodes of the one the action creates, its
// buildkitd configuration, and the buildx release to run.
import semver from 'semver';

import { InputError, quote } from '../core/errors.js';
import { type BuilderNode, checkNodes, isBuilderName, nodePlatforms, parseAppend } from './nodes.js';
import { inputReader, listInput, parseYamlInput, type SectionInputs } from './values.js';

export type Driver = 'docker-container' | 'docker' | 'remote' | 'kubernetes';
export const DRIVERS: readonly Driver[] = ['docker-container', 'docker', 'remote', 'kubernetes'];

/** The section's inputs and their defaults (empty: none). */
export const BUILDER_INPUTS = {
  driver: 'docker-container',
  'driver-opts': '',
  endpoint: '',
  'node-platforms': '',
  append: '',
  'buildkitd-flags': '',
  'buildkitd-config': '',
  'buildkitd-config-inline': '',
  builder: '',
  'buildx-version': '',
} as const;

export interface BuilderConfig {
  readonly driver: Driver;
  /**
   * Every node of the builder the action creates: the first (endpoint, node-platforms, driver-opts,
   * buildkitd-flags), then `append`. The first node is always there, even when the action creates no builder.
   */
  readonly nodes: readonly BuilderNode[];
  readonly buildkitdConfig: string;
  readonly buildkitdConfigInline: string;
  /** An existing builder to use instead of creating one. */
  readonly builder: string;
  /** A buildx release without its "v", "latest", or empty for the installed plugin. */
  readonly buildxVersion: string;
}

export function parseBuilder(raw: SectionInputs<typeof BUILDER_INPUTS>, parseYaml: ((text: string) => unknown) | undefined): BuilderConfig {
  const input = inputReader(raw, BUILDER_INPUTS);
  const driver = input.text('driver');
  if (!(DRIVERS as readonly string[]).includes(driver)) {
    throw new InputError('driver', `is ${quote(driver)}: supported drivers are ${DRIVERS.join(', ')}`);
  }
  const builder = input.text('builder');
  if (builder !== '' && !isBuilderName(builder)) {
    throw new InputError('builder', `is ${quote(builder)}: a builder name has letters, digits, "_", "." and "-"`);
  }
  const appendText = input.given('append');
  const appended = parseAppend(appendText.trim() === '' ? undefined : parseYamlInput('append', appendText, parseYaml), driver);
  const first: BuilderNode = {
    name: '',
    endpoint: input.text('endpoint'),
    platforms: nodePlatforms('node-platforms', '', input.text('node-platforms')),
    driverOpts: listInput('driver-opts', input.given('driver-opts'), 'lines'),
    buildkitdFlags: input.text('buildkitd-flags'),
  };
  const nodes = [first, ...appended];
  checkNodes(nodes);
  return {
    driver: driver as Driver,
    nodes,
    buildkitdConfig: input.text('buildkitd-config'),
    buildkitdConfigInline: input.text('buildkitd-config-inline'),
    builder,
    buildxVersion: parseBuildxVersion(input.text('buildx-version')),
  };
}

function parseBuildxVersion(text: string): string {
  const version = text.replace(/^v/, '');
  if (version !== '' && version !== 'latest' && semver.valid(version) !== version) {
    throw new InputError('buildx-version', `is ${quote(text)}: expected a buildx release such as 0.29.1 or "latest"`);
  }
  return version;
}
