// The argv of `docker buildx create` for the builder's first node and of each `--append`ed node: the flags each
// node's inputs become, in the order buildx takes them.
import { describe, expect, test } from '@jest/globals';

import type { RawInputs } from '../../../src/config/index.js';
import type { BuilderNode } from '../../../src/config/nodes.js';
import { appendArgs, createArgs } from '../../../src/setup/builder.js';
import { REMOTE_TWO, TAG, TLS_OPTS, yamlConfigOf as configOf } from '../support.js';
import { appendArgv, createArgv, driverOptFlags } from './create-argv.js';

describe('createArgs for the first node', () => {
  test.each<[string, RawInputs, string | undefined, string[]]>([
    [
      'remote: platforms, TLS driver-opts, the endpoint last',
      {
        tags: TAG,
        driver: 'remote',
        endpoint: 'tcp://buildkitd:1234',
        'node-platforms': 'amd64,linux/amd64/v2',
        'driver-opts': TLS_OPTS,
        platforms: 'linux/amd64',
      },
      undefined,
      createArgv('remote', [
        '--platform',
        'linux/amd64,linux/amd64/v2',
        ...driverOptFlags('cacert=/certs/ca.pem', 'cert=/certs/cert.pem', 'key=/certs/key.pem'),
        'tcp://buildkitd:1234',
      ]),
    ],
    [
      'remote over a unix socket, nothing else',
      { tags: TAG, driver: 'remote', endpoint: 'unix:///run/buildkit/buildkitd.sock' },
      undefined,
      createArgv('remote', ['unix:///run/buildkit/buildkitd.sock']),
    ],
    [
      'kubernetes with driver-opts: no endpoint',
      {
        tags: TAG,
        driver: 'kubernetes',
        'driver-opts': 'replicas=2\nnamespace=buildkit\nnodeselector=kubernetes.io/arch=arm64\nloadbalance=random',
      },
      undefined,
      createArgv(
        'kubernetes',
        driverOptFlags('replicas=2', 'namespace=buildkit', 'nodeselector=kubernetes.io/arch=arm64', 'loadbalance=random'),
      ),
    ],
    [
      'docker-container on a Docker context, with flags and a config file',
      {
        tags: TAG,
        endpoint: 'arm-box',
        'node-platforms': 'arm64',
        platforms: 'linux/arm64',
        'buildkitd-flags': '--debug',
        'buildkitd-config': 'buildkitd.toml',
      },
      'buildkitd.toml',
      createArgv('docker-container', [
        '--platform',
        'linux/arm64',
        '--buildkitd-flags',
        '--debug',
        '--buildkitd-config',
        'buildkitd.toml',
        'arm-box',
      ]),
    ],
    [
      'docker-container on an ssh host',
      { tags: TAG, endpoint: 'ssh://ci@arm-box' },
      undefined,
      createArgv('docker-container', ['ssh://ci@arm-box']),
    ],
  ])('%s', (_, raw, configPath, expected) => {
    expect(createArgs(configOf(raw), 'bx1', { buildkitdConfigPath: configPath })).toEqual(expected);
  });
});

describe('appendArgs per node', () => {
  const bare: BuilderNode = { name: '', endpoint: 'tcp://10.0.0.2:1234', platforms: [], driverOpts: [], buildkitdFlags: '' };
  test.each<[string, BuilderNode, string | undefined, string[]]>([
    ['endpoint only', bare, undefined, appendArgv([], 'tcp://10.0.0.2:1234')],
    ['with a name', { ...bare, name: 'arm' }, undefined, appendArgv(['--node', 'arm'], 'tcp://10.0.0.2:1234')],
    [
      'with platforms',
      { ...bare, platforms: ['linux/arm64', 'linux/arm/v7'] },
      undefined,
      appendArgv(['--platform', 'linux/arm64,linux/arm/v7'], 'tcp://10.0.0.2:1234'),
    ],
    [
      'with driver-opts',
      { ...bare, driverOpts: ['cacert=/certs/ca.pem', 'cert=/certs/cert.pem'] },
      undefined,
      appendArgv(driverOptFlags('cacert=/certs/ca.pem', 'cert=/certs/cert.pem'), 'tcp://10.0.0.2:1234'),
    ],
    [
      'with buildkitd-flags and the buildkitd config path',
      { ...bare, endpoint: 'arm-box', buildkitdFlags: '--debug --allow-insecure-entitlement network.host' },
      '/tmp/run/buildkitd.toml',
      appendArgv(
        ['--buildkitd-flags', '--debug --allow-insecure-entitlement network.host', '--buildkitd-config', '/tmp/run/buildkitd.toml'],
        'arm-box',
      ),
    ],
    [
      'everything, in that order',
      { name: 'arm', endpoint: 'ssh://ci@arm-box', platforms: ['linux/arm64'], driverOpts: ['network=host'], buildkitdFlags: '--debug' },
      '/tmp/run/buildkitd.toml',
      appendArgv(
        [
          '--node',
          'arm',
          '--platform',
          'linux/arm64',
          ...driverOptFlags('network=host'),
          '--buildkitd-flags',
          '--debug',
          '--buildkitd-config',
          '/tmp/run/buildkitd.toml',
        ],
        'ssh://ci@arm-box',
      ),
    ],
  ])('%s', (_, node, configPath, expected) => {
    expect(appendArgs('bx1', node, configPath)).toEqual(expected);
  });

  test('the appended nodes of a parsed config', () => {
    expect(
      configOf(REMOTE_TWO)
        .nodes.slice(1)
        .map((node) => appendArgs('bx1', node, undefined)),
    ).toEqual([
      appendArgv(
        [
          '--node',
          'arm',
          '--platform',
          'linux/arm64,linux/arm/v7',
          ...driverOptFlags('cacert=/certs/ca.pem', 'cert=/certs/arm-cert.pem', 'key=/certs/arm-key.pem'),
        ],
        'tcp://10.0.0.2:1234',
      ),
    ]);
  });
});
