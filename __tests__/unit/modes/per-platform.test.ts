import { describe, expect, test } from '@jest/globals';

import type { RawInputs } from '../../../src/config/index.js';
import type { BuilderNode } from '../../../src/config/nodes.js';
import { appendArgs, createArgs } from '../../../src/setup/builder.js';
import { appendArgv, createArgv, driverOptFlags } from '../setup/create-argv.js';
import { ARM_NODE, REMOTE_TWO, TAG, thrown, TLS_OPTS, yamlConfigOf as configOf } from '../support.js';

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
    expect(createArgs(configOf(raw), 'bx1', configPath)).toEqual(expected);
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

const REMOTE_FLAGS = 'the remote BuildKit daemon runs with its own flags and config';
const ONE_NODE = 'which has one node, the Docker daemon';
const NO_BUILDER = 'the action does not create a builder then';
const APPEND_KEYS = 'name, endpoint, platforms, driver-opts, buildkitd-flags';

describe('parseConfig refuses bad builder-node input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'remote without endpoint',
      { driver: 'remote' },
      'Input "endpoint" is empty but driver is "remote": give the BuildKit daemon\'s address, e.g. tcp://buildkitd:1234',
    ],
    [
      'remote with a blank endpoint',
      { driver: 'remote', endpoint: '  ' },
      'Input "endpoint" is empty but driver is "remote": give the BuildKit daemon\'s address, e.g. tcp://buildkitd:1234',
    ],
    [
      'remote with buildkitd-flags',
      { driver: 'remote', endpoint: 'tcp://a:1234', 'buildkitd-flags': '--debug' },
      `Input "buildkitd-flags" cannot be used with driver "remote": ${REMOTE_FLAGS}`,
    ],
    [
      'remote with buildkitd-config',
      { driver: 'remote', endpoint: 'tcp://a:1234', 'buildkitd-config': 'buildkitd.toml' },
      `Input "buildkitd-config" cannot be used with driver "remote": ${REMOTE_FLAGS}`,
    ],
    [
      'remote with buildkitd-config-inline',
      { driver: 'remote', endpoint: 'tcp://a:1234', 'buildkitd-config-inline': 'debug = true' },
      `Input "buildkitd-config-inline" cannot be used with driver "remote": ${REMOTE_FLAGS}`,
    ],
    ['an http endpoint', { endpoint: 'http://x' }, 'Input "endpoint" is "http://x", which is not a tcp://, unix://, ssh:// address'],
    [
      'an endpoint with a space',
      { endpoint: 'arm box' },
      'Input "endpoint" is "arm box", which is neither a tcp://, unix://, ssh:// address nor a Docker context name',
    ],
    [
      'endpoint with driver docker',
      { driver: 'docker', endpoint: 'tcp://a:1234' },
      `Input "endpoint" cannot be used with driver "docker", ${ONE_NODE}`,
    ],
    [
      'node-platforms with driver docker',
      { driver: 'docker', 'node-platforms': 'linux/amd64' },
      `Input "node-platforms" cannot be used with driver "docker", ${ONE_NODE}`,
    ],
    [
      'append with driver docker',
      { driver: 'docker', append: '- endpoint: tcp://b:1234\n' },
      `Input "append" cannot be used with driver "docker", ${ONE_NODE}`,
    ],
    [
      'endpoint with builder',
      { builder: 'ci-builder', endpoint: 'tcp://a:1234' },
      `Input "endpoint" cannot be used with "builder": ${NO_BUILDER}`,
    ],
    [
      'node-platforms with builder',
      { builder: 'ci-builder', 'node-platforms': 'linux/amd64' },
      `Input "node-platforms" cannot be used with "builder": ${NO_BUILDER}`,
    ],
    [
      'append with builder',
      { builder: 'ci-builder', append: '- endpoint: tcp://b:1234\n' },
      `Input "append" cannot be used with "builder": ${NO_BUILDER}`,
    ],
    [
      'append not a list',
      { append: 'endpoint: tcp://b:1234\n' },
      `Input "append" is not a YAML list: expected "- endpoint: …" entries (${APPEND_KEYS})`,
    ],
    [
      'append not YAML: an unclosed flow list, reported where the text ends',
      { append: '- endpoint: [tcp://b:1234\n' },
      'Input "append" is not valid YAML (line 2): expected a YAML list',
    ],
    ['append entry without endpoint', { append: '- name: arm\n' }, 'Input "append" node 1 has no endpoint: each appended node needs one'],
    [
      'append entry with a bad endpoint',
      { append: '- endpoint: https://arm-box:1234\n' },
      'Input "append" node 1 endpoint "https://arm-box:1234" is not a tcp://, unix://, ssh:// address',
    ],
    [
      'append entry with an unknown key',
      { append: '- endpoint: tcp://b:1234\n  config: buildkitd.toml\n' },
      `Input "append" node 1 has unknown key "config": allowed are ${APPEND_KEYS}`,
    ],
    [
      'append: the same endpoint twice',
      { append: '- endpoint: tcp://b:1234\n- endpoint: tcp://b:1234\n' },
      'Input "append" node 2 has endpoint "tcp://b:1234", which node 1 has already: one node per endpoint',
    ],
    [
      'append: the same name twice',
      { append: '- name: arm\n  endpoint: tcp://b:1234\n- name: arm\n  endpoint: tcp://c:1234\n' },
      'Input "append" names two nodes "arm"',
    ],
    [
      'every node pinned, a platform none is pinned to',
      { ...REMOTE_TWO, platforms: 'linux/amd64,linux/arm64,linux/riscv64' },
      'Input "platforms" has linux/riscv64, which no node of the builder is pinned to (each node has fixed platforms): add it to a node\'s platforms, or add a node without platforms',
    ],
    [
      'one node pinned, the default platforms',
      { 'node-platforms': 'linux/amd64' },
      'Input "platforms" has linux/arm64, which no node of the builder is pinned to (each node has fixed platforms): add it to a node\'s platforms, or add a node without platforms',
    ],
  ])('%s', (_, raw, message) => {
    expect(thrown(() => configOf({ tags: TAG, ...raw }))?.message).toBe(message);
  });
});

describe('parseConfig accepts builder nodes', () => {
  test.each<[string, RawInputs, string[]]>([
    ['every platform pinned to a node', REMOTE_TWO, ['linux/amd64', 'linux/arm64', 'linux/arm/v7']],
    [
      'a platform no node is pinned to, with an unpinned node',
      { ...REMOTE_TWO, append: `${ARM_NODE}- endpoint: tcp://10.0.0.3:1234\n`, platforms: 'amd64,arm64,riscv64' },
      ['linux/amd64', 'linux/arm64', 'linux/riscv64'],
    ],
    [
      'the first node unpinned',
      { tags: TAG, driver: 'remote', endpoint: 'tcp://10.0.0.1:1234', append: ARM_NODE, platforms: 'linux/arm64,linux/s390x' },
      ['linux/arm64', 'linux/s390x'],
    ],
  ])('%s', (_, raw, platforms) => {
    expect(configOf(raw).platforms).toEqual(platforms);
  });

  test('the nodes of a two-node remote builder', () => {
    expect(configOf(REMOTE_TWO).nodes).toEqual([
      {
        name: '',
        endpoint: 'tcp://10.0.0.1:1234',
        platforms: ['linux/amd64'],
        driverOpts: ['cacert=/certs/ca.pem', 'cert=/certs/cert.pem', 'key=/certs/key.pem'],
        buildkitdFlags: '',
      },
      {
        name: 'arm',
        endpoint: 'tcp://10.0.0.2:1234',
        platforms: ['linux/arm64', 'linux/arm/v7'],
        driverOpts: ['cacert=/certs/ca.pem', 'cert=/certs/arm-cert.pem', 'key=/certs/arm-key.pem'],
        buildkitdFlags: '',
      },
    ]);
  });

  test('the first node of docker-container carries the builder-wide flags', () => {
    expect(
      configOf({
        tags: TAG,
        'driver-opts': 'network=host',
        'buildkitd-flags': '--debug',
        append: '- endpoint: arm-box\n  buildkitd-flags: --trace\n',
      }).nodes,
    ).toEqual([
      { name: '', endpoint: '', platforms: [], driverOpts: ['network=host'], buildkitdFlags: '--debug' },
      { name: '', endpoint: 'arm-box', platforms: [], driverOpts: [], buildkitdFlags: '--trace' },
    ]);
  });
});
