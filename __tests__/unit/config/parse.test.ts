// What parse.ts itself does: every section assembled into one frozen Config, the declared inputs and their
// defaults, and the checks against the Docker installation. Each section's rows are in its own suite.
import { describe, expect, test } from '@jest/globals';

import { checkAgainstDocker, type Config, DEFAULTS, INPUT_NAMES, type RawInputs } from '../../../src/config/index.js';
import { configOf, thrown } from '../support.js';

describe('parseConfig assembles the sections', () => {
  test('only tags: every default applied', () => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1' })).toEqual({
      mode: 'build',
      mergeKey: '',
      mergeKeyGiven: false,
      run: { id: '', attempt: 1 },
      sources: [],
      testCommand: '',
      logins: [],
      insecureRegistries: [],
      qemu: true,
      qemuImage: 'docker.io/tonistiigi/binfmt:latest',
      driver: 'docker-container',
      nodes: [{ name: '', endpoint: '', platforms: [], driverOpts: [], buildkitdFlags: '' }],
      buildkitdConfig: '',
      buildkitdConfigInline: '',
      builder: '',
      buildxVersion: '',
      logout: true,
      context: '.',
      file: '',
      platforms: ['linux/amd64', 'linux/arm64'],
      tags: ['ghcr.io/acme/app:1'],
      labels: [],
      annotations: [],
      buildArgs: [],
      target: '',
      secrets: [],
      secretFiles: [],
      secretEnvs: [],
      ssh: [],
      buildContexts: [],
      addHosts: [],
      network: '',
      shmSize: '',
      ulimits: [],
      cgroupParent: '',
      noCacheFilters: [],
      allow: [],
      attests: [],
      call: '',
      defaultProvenance: '',
      privateRepository: false,
      builderName: '',
      cleanup: true,
      warnings: [],
      push: true,
      load: false,
      outputs: [],
      provenance: '',
      sbom: '',
      noCache: false,
      pull: false,
      cache: true,
      cacheRef: 'ghcr.io/acme/app:buildcache',
      cacheFrom: [],
      cacheTo: [],
      reproducible: false,
      sourceDateEpoch: '',
      registryMirror: '',
    });
  });

  test('blank inputs as the runner gives them (empty strings) mean the defaults', () => {
    const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs;
    expect(configOf({ ...raw, tags: 'ghcr.io/acme/app:1' })).toEqual(configOf({ tags: 'ghcr.io/acme/app:1' }));
  });

  test('the config is frozen', () => {
    const config = configOf({ tags: 'ghcr.io/acme/app:1' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { push: boolean }).push = false;
    }).toThrow(TypeError);
  });
});

describe('checkAgainstDocker', () => {
  const loadTwo = configOf({ push: 'false', load: 'true', platforms: 'linux/amd64,linux/arm64' });
  const loadOne = configOf({ push: 'false', load: 'true', platforms: 'linux/arm64' });
  const pushTwo = configOf({ tags: 'ghcr.io/acme/app:1' });
  const withVersion = configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': '0.29.1' });
  const classic = { containerdStore: false, buildxVersion: '0.29.1' };
  const containerd = { containerdStore: true, buildxVersion: '0.29.1' };
  const MISSING_BUILDX =
    'Input "buildx-version" is empty and the docker buildx plugin is not installed: install docker-buildx, or set buildx-version to download a release';

  test.each<[string, Config, { containerdStore: boolean; buildxVersion: string | undefined }, string | undefined]>([
    [
      'load of 2 platforms on the classic store',
      loadTwo,
      classic,
      'Input "load" is true with 2 platforms (linux/amd64,linux/arm64), but the Docker daemon uses the classic image store, which cannot hold a multi-platform image: load one platform, or enable the containerd image store ("features": {"containerd-snapshotter": true})',
    ],
    ['load of 2 platforms on the containerd store', loadTwo, containerd, undefined],
    ['load of 1 platform on the classic store', loadOne, classic, undefined],
    ['push of 2 platforms on the classic store', pushTwo, classic, undefined],
    ['buildx plugin missing', pushTwo, { containerdStore: true, buildxVersion: undefined }, MISSING_BUILDX],
    ['buildx plugin missing is checked before load', loadTwo, { containerdStore: false, buildxVersion: undefined }, MISSING_BUILDX],
    ['buildx plugin missing with buildx-version given', withVersion, { containerdStore: false, buildxVersion: undefined }, undefined],
    [
      'buildx-version latest',
      configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': 'latest' }),
      { containerdStore: false, buildxVersion: undefined },
      undefined,
    ],
    ['Debian buildx 0.29.1+ds1 installed', pushTwo, { containerdStore: true, buildxVersion: '0.29.1+ds1' }, undefined],
    ['buildx 0.13.0 installed', pushTwo, { containerdStore: true, buildxVersion: '0.13.0' }, undefined],
    [
      'buildx 0.12.1 installed',
      pushTwo,
      { containerdStore: true, buildxVersion: '0.12.1' },
      'Input "buildx-version" is empty and the installed buildx is 0.12.1, older than 0.13.0: upgrade docker-buildx, or set buildx-version to download a release',
    ],
    [
      'driver docker, 2 platforms, classic store',
      configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker' }),
      classic,
      'Input "platforms" has 2 platforms (linux/amd64,linux/arm64), but driver "docker" on the classic image store builds one platform: use driver docker-container, or enable the containerd image store',
    ],
    ['driver docker, 2 platforms, containerd store', configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker' }), containerd, undefined],
    [
      'driver docker, raw cache-to, classic store',
      configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker', platforms: 'linux/amd64', 'cache-to': 'type=inline' }),
      classic,
      'Input "cache-to" is set, but driver "docker" on the classic image store cannot export a cache: use driver docker-container, or enable the containerd image store',
    ],
    [
      'driver docker, 1 platform, default cache, classic store',
      configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker', platforms: 'linux/amd64' }),
      classic,
      undefined,
    ],
    ['buildx-version 0.13.0 asked', configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': 'v0.13.0' }), classic, undefined],
  ])('%s', (_, config, facts, message) => {
    const error = thrown(() => checkAgainstDocker(config, facts));
    expect(error?.message).toBe(message);
  });
});

describe('DEFAULTS', () => {
  test('name only declared inputs', () => {
    expect(Object.keys(DEFAULTS).filter((name) => !(INPUT_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});
