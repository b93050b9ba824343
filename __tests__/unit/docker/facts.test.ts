import { describe, expect, test } from '@jest/globals';

import { type DockerFacts, parseDockerInfo } from '../../../src/docker/facts.js';
import { fixture, thrown } from '../support.js';

/** The captured `docker info` with some fields replaced. */
function infoWith(name: string, changes: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(fixture(name)) as Record<string, unknown>), ...changes });
}

const BUILDX_PLUGIN_BROKEN = {
  SchemaVersion: '0.1.0',
  Name: 'buildx',
  Path: '/usr/libexec/docker/cli-plugins/docker-buildx',
  Err: 'failed to fetch metadata: fork/exec /usr/libexec/docker/cli-plugins/docker-buildx: no such file or directory',
};

// What `docker info --format '{{json .}}'` prints (exit 1) when the daemon socket does not answer.
const DAEMON_DOWN = JSON.stringify({
  ID: '',
  Containers: 0,
  Driver: '',
  DriverStatus: null,
  ServerErrors: ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'],
  ClientInfo: {
    Debug: false,
    Version: '28.2.2',
    Context: 'default',
    Plugins: [{ SchemaVersion: '0.1.0', Vendor: 'Docker Inc.', Version: '0.29.1+ds1', Name: 'buildx' }],
  },
});

describe('parseDockerInfo', () => {
  test.each<[string, string, DockerFacts]>([
    [
      'captured, containerd image store',
      fixture('docker-info.json'),
      { hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: '0.29.1+ds1' },
    ],
    [
      'captured, classic image store',
      fixture('docker-info-classic.json'),
      { hostPlatform: 'linux/amd64', containerdStore: false, buildxVersion: '0.29.1+ds1' },
    ],
    [
      'arm64 daemon, buildx with a "v"',
      infoWith('docker-info.json', { Architecture: 'aarch64', ClientInfo: { Plugins: [{ Name: 'buildx', Version: 'v0.30.1' }] } }),
      { hostPlatform: 'linux/arm64', containerdStore: true, buildxVersion: '0.30.1' },
    ],
    [
      'buildx plugin missing',
      infoWith('docker-info.json', { ClientInfo: { Plugins: [] } }),
      { hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: undefined },
    ],
    [
      'buildx plugin broken',
      infoWith('docker-info-classic.json', { ClientInfo: { Plugins: [BUILDX_PLUGIN_BROKEN] } }),
      { hostPlatform: 'linux/amd64', containerdStore: false, buildxVersion: undefined },
    ],
    [
      'no ClientInfo',
      infoWith('docker-info.json', { ClientInfo: undefined }),
      { hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: undefined },
    ],
    [
      'unknown architecture',
      infoWith('docker-info.json', { Architecture: 'sparc64' }),
      { hostPlatform: undefined, containerdStore: true, buildxVersion: '0.29.1+ds1' },
    ],
  ])('%s', (_, json, facts) => {
    expect(parseDockerInfo(json)).toEqual(facts);
  });

  test('a daemon that cannot be reached throws its error', () => {
    expect(thrown(() => parseDockerInfo(DAEMON_DOWN))?.message).toBe(
      'the Docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
  });
});
