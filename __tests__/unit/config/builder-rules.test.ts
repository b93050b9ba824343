// The rules on the builder the action creates: its options, refused where it creates none, and its nodes.
import { describe, expect, test } from '@jest/globals';

import { type RawInputs } from '../../../src/config/index.js';
import { expectRefusal, REMOTE_TWO, TAG, thrown, yamlConfigOf as configOf } from '../support.js';

const ONLY_CREATED = 'it configures a builder the action creates (driver docker-container)';

describe('the options of the builder the action creates, refused where it creates none', () => {
  test.each<[string, RawInputs, string]>([
    [
      'driver-opts with driver docker',
      { driver: 'docker', 'driver-opts': 'network=host' },
      `Input "driver-opts" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-flags with driver docker',
      { driver: 'docker', 'buildkitd-flags': '--debug' },
      `Input "buildkitd-flags" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-config with driver docker',
      { driver: 'docker', 'buildkitd-config': 'buildkitd.toml' },
      `Input "buildkitd-config" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-config-inline with driver docker',
      { driver: 'docker', 'buildkitd-config-inline': 'debug = true' },
      `Input "buildkitd-config-inline" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'driver-opts with builder',
      { builder: 'mine', 'driver-opts': 'network=host' },
      'Input "driver-opts" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-flags with builder',
      { builder: 'mine', 'buildkitd-flags': '--debug' },
      'Input "buildkitd-flags" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-config with builder',
      { builder: 'mine', 'buildkitd-config': 'buildkitd.toml' },
      'Input "buildkitd-config" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-config-inline with builder',
      { builder: 'mine', 'buildkitd-config-inline': 'debug = true' },
      'Input "buildkitd-config-inline" cannot be used with "builder": the action does not create a builder then',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
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
