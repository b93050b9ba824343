import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

import type { RawInputs } from '../../../src/config/index.js';
import { type BuilderNode, checkNodes, endpointProblem, nodeFor, nodePlatforms, parseAppend } from '../../../src/config/nodes.js';
import { ARM_NODE, REMOTE_TWO, TAG, thrown, yamlConfigOf as configOf } from '../support.js';

/** The `append` input as the action reads it: YAML with the failsafe schema (every scalar a string). */
const yaml = (text: string): unknown => parse(text, { schema: 'failsafe' });

/** A node with only the fields a row cares about. */
function node(fields: Partial<BuilderNode>): BuilderNode {
  return { name: '', endpoint: '', platforms: [], driverOpts: [], buildkitdFlags: '', ...fields };
}

const NOT_AN_ADDRESS = 'is not a tcp://, unix://, ssh:// address';
const NEITHER = 'is neither a tcp://, unix://, ssh:// address nor a Docker context name';
const KEYS = 'name, endpoint, platforms, driver-opts, buildkitd-flags';

describe('endpointProblem', () => {
  test.each<[string, string | undefined]>([
    ['tcp://host:1234', undefined],
    ['tcp://10.0.0.7:1234', undefined],
    ['unix:///var/run/docker.sock', undefined],
    ['unix:///run/buildkit/buildkitd.sock', undefined],
    ['ssh://user@host', undefined],
    ['ssh://ci@arm-box.internal:2222', undefined],
    ['arm-box', undefined],
    ['desktop-linux', undefined],
    ['ctx_1.arm+v8', undefined],
    ['http://x', NOT_AN_ADDRESS],
    ['https://buildkitd:1234', NOT_AN_ADDRESS],
    ['tcp://', NOT_AN_ADDRESS],
    ['tcp://host:1234 extra', NOT_AN_ADDRESS],
    ['arm box', NEITHER],
    [' arm-box', NEITHER],
    ['-arm', NEITHER],
    ['arm/box', NEITHER],
    ['tcp:/host:1234', NEITHER],
  ])('%j -> %j', (endpoint, problem) => {
    expect(endpointProblem(endpoint)).toBe(problem);
  });
});

describe('nodePlatforms', () => {
  test.each<[string, unknown, string[]]>([
    ['comma string', 'linux/amd64,linux/arm64', ['linux/amd64', 'linux/arm64']],
    ['comma string with spaces', ' linux/amd64 , linux/arm/v7 ', ['linux/amd64', 'linux/arm/v7']],
    ['YAML list', yaml('[linux/arm64, linux/arm/v7]'), ['linux/arm64', 'linux/arm/v7']],
    ['aliases normalized', 'x86_64,aarch64,armhf', ['linux/amd64', 'linux/arm64', 'linux/arm/v7']],
    ['aliases in a YAML list', yaml('- amd64\n- arm64v8\n'), ['linux/amd64', 'linux/arm64']],
    ['duplicates dropped after aliases', 'amd64,linux/amd64,x86_64,arm64,aarch64', ['linux/amd64', 'linux/arm64']],
    ['empty entries skipped', 'linux/amd64,,', ['linux/amd64']],
    ['empty string', '', []],
    ['absent', undefined, []],
    ['YAML null', null, []],
  ])('%s', (_, value, platforms) => {
    expect(nodePlatforms('append', 'node 1', value)).toEqual(platforms);
  });

  test.each<[string, unknown, string]>([
    ['unknown in a string', 'linux/amd64,linux/sparc', 'Input "append" node 1 has "linux/sparc", which is not a known platform'],
    ['unknown in a list', ['arm64', 'mips'], 'Input "append" node 1 has "mips", which is not a known platform'],
    ['a number', 64, 'Input "append" node 1 has platforms that are neither a list nor a comma-separated string'],
    ['a map', yaml('amd64: yes'), 'Input "append" node 1 has platforms that are neither a list nor a comma-separated string'],
  ])('%s', (_, value, message) => {
    expect(thrown(() => nodePlatforms('append', 'node 1', value))?.message).toBe(message);
  });
});

describe('parseAppend', () => {
  test.each<[string, string, BuilderNode[]]>([
    [
      'every key, driver-opts as a list',
      `- name: arm
  endpoint: tcp://arm-box:1234
  platforms: linux/arm64,linux/arm/v7
  driver-opts:
    - cacert=/certs/ca.pem
    - cert=/certs/cert.pem
    - key=/certs/key.pem
  buildkitd-flags: --debug
`,
      [
        {
          name: 'arm',
          endpoint: 'tcp://arm-box:1234',
          platforms: ['linux/arm64', 'linux/arm/v7'],
          driverOpts: ['cacert=/certs/ca.pem', 'cert=/certs/cert.pem', 'key=/certs/key.pem'],
          buildkitdFlags: '--debug',
        },
      ],
    ],
    [
      'driver-opts as a multi-line string, platforms as a list of aliases',
      `- endpoint: ssh://ci@arm-box
  platforms: [aarch64, armv7]
  driver-opts: |
    image=moby/buildkit:v0.25.0

    network=host
`,
      [
        {
          name: '',
          endpoint: 'ssh://ci@arm-box',
          platforms: ['linux/arm64', 'linux/arm/v7'],
          driverOpts: ['image=moby/buildkit:v0.25.0', 'network=host'],
          buildkitdFlags: '',
        },
      ],
    ],
    [
      'two nodes, a Docker context and a unix socket',
      '- name: arm-1\n  endpoint: arm-box\n- endpoint: unix:///run/buildkit/buildkitd.sock\n  platforms: riscv64\n',
      [
        { name: 'arm-1', endpoint: 'arm-box', platforms: [], driverOpts: [], buildkitdFlags: '' },
        { name: '', endpoint: 'unix:///run/buildkit/buildkitd.sock', platforms: ['linux/riscv64'], driverOpts: [], buildkitdFlags: '' },
      ],
    ],
    [
      'values trimmed',
      '- name: " arm "\n  endpoint: " tcp://arm-box:1234 "\n',
      [{ name: 'arm', endpoint: 'tcp://arm-box:1234', platforms: [], driverOpts: [], buildkitdFlags: '' }],
    ],
    ['an empty list', '[]', []],
  ])('%s', (_, text, nodes) => {
    expect(parseAppend(yaml(text))).toEqual(nodes);
  });

  test.each<[string, unknown, BuilderNode[]]>([
    ['nothing parsed', undefined, []],
    ['YAML null', null, []],
    ['empty text', '', []],
  ])('%s -> no node', (_, parsed, nodes) => {
    expect(parseAppend(parsed)).toEqual(nodes);
  });

  test.each<[string, string, string]>([
    ['missing endpoint', '- name: arm\n  platforms: linux/arm64\n', 'Input "append" node 1 has no endpoint: each appended node needs one'],
    ['blank endpoint', '- endpoint: ""\n', 'Input "append" node 1 has no endpoint: each appended node needs one'],
    [
      'missing endpoint in the second node',
      '- endpoint: tcp://a:1234\n- name: b\n',
      'Input "append" node 2 has no endpoint: each appended node needs one',
    ],
    ['http endpoint', '- endpoint: http://x\n', `Input "append" node 1 endpoint "http://x" ${NOT_AN_ADDRESS}`],
    ['endpoint with a space', '- endpoint: arm box\n', `Input "append" node 1 endpoint "arm box" ${NEITHER}`],
    [
      'unknown key',
      '- endpoint: tcp://a:1234\n  driver_opts: [network=host]\n',
      `Input "append" node 1 has unknown key "driver_opts": allowed are ${KEYS}`,
    ],
    [
      'setup-buildx-action\'s "platform" misspelt',
      '- endpoint: tcp://a:1234\n  platform: linux/arm64\n',
      `Input "append" node 1 has unknown key "platform": allowed are ${KEYS}`,
    ],
    [
      'not a list but a mapping',
      'endpoint: tcp://a:1234\n',
      `Input "append" is not a YAML list: expected "- endpoint: …" entries (${KEYS})`,
    ],
    ['not a list but a scalar', 'tcp://a:1234', `Input "append" is not a YAML list: expected "- endpoint: …" entries (${KEYS})`],
    ['entry not a mapping', '- tcp://a:1234\n', `Input "append" node 1 is not a mapping of ${KEYS}`],
    ['entry a list', '- [tcp://a:1234]\n', `Input "append" node 1 is not a mapping of ${KEYS}`],
    [
      'name with a space',
      '- name: arm 1\n  endpoint: tcp://a:1234\n',
      'Input "append" node 1 name "arm 1" has characters other than letters, digits, "_", "." and "-"',
    ],
    [
      'name with a slash',
      '- name: arm/1\n  endpoint: tcp://a:1234\n',
      'Input "append" node 1 name "arm/1" has characters other than letters, digits, "_", "." and "-"',
    ],
    [
      'unknown platform',
      '- endpoint: tcp://a:1234\n  platforms: linux/sparc\n',
      'Input "append" node 1 has "linux/sparc", which is not a known platform',
    ],
    [
      'platforms a map',
      '- endpoint: tcp://a:1234\n  platforms:\n    arm64: yes\n',
      'Input "append" node 1 has platforms that are neither a list nor a comma-separated string',
    ],
  ])('%s', (_, text, message) => {
    expect(thrown(() => parseAppend(yaml(text)))?.message).toBe(message);
  });
});

describe('checkNodes', () => {
  test.each<[string, BuilderNode[], string | undefined]>([
    ['one local node', [node({})], undefined],
    [
      'distinct endpoints and names',
      [node({ endpoint: 'tcp://a:1234' }), node({ name: 'b', endpoint: 'tcp://b:1234' }), node({ name: 'c', endpoint: 'tcp://c:1234' })],
      undefined,
    ],
    ['the local first node and appended ones', [node({}), node({ endpoint: 'arm-box' })], undefined],
    [
      'the same endpoint twice in append',
      [node({ endpoint: 'tcp://a:1234' }), node({ name: 'b', endpoint: 'tcp://b:1234' }), node({ name: 'c', endpoint: 'tcp://b:1234' })],
      'Input "append" node 2 has endpoint "tcp://b:1234", which node 1 has already: one node per endpoint',
    ],
    [
      'the same name twice',
      [
        node({ endpoint: 'tcp://a:1234' }),
        node({ name: 'arm', endpoint: 'tcp://b:1234' }),
        node({ name: 'arm', endpoint: 'tcp://c:1234' }),
      ],
      'Input "append" names two nodes "arm"',
    ],
  ])('%s', (_, nodes, message) => {
    expect(thrown(() => checkNodes(nodes))?.message).toBe(message);
  });
});

describe('nodeFor', () => {
  const amd = node({ endpoint: 'tcp://amd:1234', platforms: ['linux/amd64'] });
  const arm = node({ endpoint: 'tcp://arm:1234', platforms: ['linux/arm64', 'linux/arm/v7'] });
  const free = node({ endpoint: 'tcp://free:1234' });
  test.each<[string, string, BuilderNode[], number | undefined]>([
    ['pinned to the first node', 'linux/amd64', [amd, arm], 0],
    ['pinned to the second node', 'linux/arm/v7', [amd, arm], 1],
    ['pinned wins over an earlier unpinned node', 'linux/arm64', [free, arm], 1],
    ['pinned to two nodes: the first of them', 'linux/arm64', [amd, arm, node({ platforms: ['linux/arm64'] })], 1],
    ['unpinned fallback', 'linux/riscv64', [amd, free, arm], 1],
    ['every node unpinned: the first', 'linux/arm64', [node({}), free], 0],
    ['none: every node pinned elsewhere', 'linux/riscv64', [amd, arm], undefined],
    ['no nodes', 'linux/amd64', [], undefined],
  ])('%s', (_, platform, nodes, index) => {
    expect(nodeFor(platform, nodes)).toBe(index);
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
