// The builder section: the driver, an existing builder's name, the created builder's options, buildx-version.
import { describe, expect, test } from '@jest/globals';

import { type Config, type RawInputs } from '../../../src/config/index.js';
import { configOf, expectRefusal } from '../support.js';

describe('the builder section refuses bad input with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'unknown driver',
      { driver: 'podman' },
      'Input "driver" is "podman": supported drivers are docker-container, docker, remote, kubernetes',
    ],
    [
      'driver in the wrong case',
      { driver: 'Docker' },
      'Input "driver" is "Docker": supported drivers are docker-container, docker, remote, kubernetes',
    ],
    [
      'builder name with a space',
      { builder: 'my builder' },
      'Input "builder" is "my builder": a builder name has letters, digits, "_", "." and "-"',
    ],
    ['builder name starting with "-"', { builder: '-x' }, 'Input "builder" is "-x": a builder name has letters, digits, "_", "." and "-"'],
    [
      'buildx-version without patch',
      { 'buildx-version': '0.29' },
      'Input "buildx-version" is "0.29": expected a buildx release such as 0.29.1 or "latest"',
    ],
    [
      'buildx-version "v" and words',
      { 'buildx-version': 'v0.x.1' },
      'Input "buildx-version" is "v0.x.1": expected a buildx release such as 0.29.1 or "latest"',
    ],
    [
      'buildx-version with a leading zero',
      { 'buildx-version': '0.013.0' },
      'Input "buildx-version" is "0.013.0": expected a buildx release such as 0.29.1 or "latest"',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('the builder section accepts', () => {
  test.each<[RawInputs, Partial<Config>]>([
    [{ 'buildx-version': 'v0.29.1' }, { buildxVersion: '0.29.1' }],
    [{ 'buildx-version': 'latest' }, { buildxVersion: 'latest' }],
    [{ 'buildx-version': '0.30.0-rc1' }, { buildxVersion: '0.30.0-rc1' }],
    [{ driver: 'docker' }, { driver: 'docker' }],
    [{ builder: 'ci-builder.1' }, { builder: 'ci-builder.1' }],
    [
      { 'driver-opts': 'network=host\nimage=moby/buildkit:v0.25.0\n', 'buildkitd-flags': '--debug', 'buildkitd-config': 'buildkitd.toml' },
      {
        nodes: [
          { name: '', endpoint: '', platforms: [], driverOpts: ['network=host', 'image=moby/buildkit:v0.25.0'], buildkitdFlags: '--debug' },
        ],
        buildkitdConfig: 'buildkitd.toml',
      },
    ],
    [
      { 'buildkitd-config-inline': '[registry."localhost:5000"]\n  http = true\n' },
      { buildkitdConfigInline: '[registry."localhost:5000"]\n  http = true' },
    ],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });
});
