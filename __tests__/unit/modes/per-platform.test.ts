import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

import { buildCommand, type PushPlan } from '../../../src/build/command.js';
import { type BuildStats, mergeStats } from '../../../src/build/log-stats.js';
import { type Config, parseConfig, type RawInputs } from '../../../src/config/index.js';
import type { BuilderNode } from '../../../src/config/nodes.js';
import { perPlatformBuilds } from '../../../src/modes/index.js';
import { appendArgs, createArgs } from '../../../src/setup/builder.js';
import { fakeFiles, thrown } from '../support.js';

const META = '/tmp/buildx-multiarch-x/metadata.json';
const TAG = 'ghcr.io/acme/app:1';
const CACHE = 'ghcr.io/acme/app:buildcache';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const THREE = 'linux/amd64,linux/arm64,linux/arm/v7';

/** A Config as the action parses it, with the YAML parser main.ts loads for `append` (failsafe schema). */
function configOf(raw: RawInputs): Config {
  return parseConfig(raw, { files: fakeFiles, run: {}, parseYaml: (text) => parse(text, { schema: 'failsafe' }) });
}

// Two BuildKit daemons reached over TCP with TLS, the first pinned to amd64, the second to arm64 and arm/v7.
const TLS_OPTS = 'cacert=/certs/ca.pem\ncert=/certs/cert.pem\nkey=/certs/key.pem';
const ARM_NODE = `- name: arm
  endpoint: tcp://10.0.0.2:1234
  platforms: linux/arm64,linux/arm/v7
  driver-opts:
    - cacert=/certs/ca.pem
    - cert=/certs/arm-cert.pem
    - key=/certs/arm-key.pem
`;
const REMOTE_TWO: RawInputs = {
  tags: TAG,
  driver: 'remote',
  endpoint: 'tcp://10.0.0.1:1234',
  'node-platforms': 'linux/amd64',
  'driver-opts': TLS_OPTS,
  append: ARM_NODE,
  platforms: THREE,
};
// Two nodes, none pinned: the local Docker and a Docker context.
const LOCAL_AND_CONTEXT: RawInputs = { tags: TAG, append: '- endpoint: arm-box\n', platforms: THREE };

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
      [
        'buildx',
        'create',
        '--name',
        'bx1',
        '--driver',
        'remote',
        '--platform',
        'linux/amd64,linux/amd64/v2',
        '--driver-opt',
        'cacert=/certs/ca.pem',
        '--driver-opt',
        'cert=/certs/cert.pem',
        '--driver-opt',
        'key=/certs/key.pem',
        'tcp://buildkitd:1234',
      ],
    ],
    [
      'remote over a unix socket, nothing else',
      { tags: TAG, driver: 'remote', endpoint: 'unix:///run/buildkit/buildkitd.sock' },
      undefined,
      ['buildx', 'create', '--name', 'bx1', '--driver', 'remote', 'unix:///run/buildkit/buildkitd.sock'],
    ],
    [
      'kubernetes with driver-opts: no endpoint',
      {
        tags: TAG,
        driver: 'kubernetes',
        'driver-opts': 'replicas=2\nnamespace=buildkit\nnodeselector=kubernetes.io/arch=arm64\nloadbalance=random',
      },
      undefined,
      [
        'buildx',
        'create',
        '--name',
        'bx1',
        '--driver',
        'kubernetes',
        '--driver-opt',
        'replicas=2',
        '--driver-opt',
        'namespace=buildkit',
        '--driver-opt',
        'nodeselector=kubernetes.io/arch=arm64',
        '--driver-opt',
        'loadbalance=random',
      ],
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
      [
        'buildx',
        'create',
        '--name',
        'bx1',
        '--driver',
        'docker-container',
        '--platform',
        'linux/arm64',
        '--buildkitd-flags',
        '--debug',
        '--buildkitd-config',
        'buildkitd.toml',
        'arm-box',
      ],
    ],
    [
      'docker-container on an ssh host',
      { tags: TAG, endpoint: 'ssh://ci@arm-box' },
      undefined,
      ['buildx', 'create', '--name', 'bx1', '--driver', 'docker-container', 'ssh://ci@arm-box'],
    ],
  ])('%s', (_, raw, configPath, expected) => {
    expect(createArgs(configOf(raw), 'bx1', configPath)).toEqual(expected);
  });
});

describe('appendArgs per node', () => {
  const bare: BuilderNode = { name: '', endpoint: 'tcp://10.0.0.2:1234', platforms: [], driverOpts: [], buildkitdFlags: '' };
  test.each<[string, BuilderNode, string | undefined, string[]]>([
    ['endpoint only', bare, undefined, ['buildx', 'create', '--append', '--name', 'bx1', 'tcp://10.0.0.2:1234']],
    [
      'with a name',
      { ...bare, name: 'arm' },
      undefined,
      ['buildx', 'create', '--append', '--name', 'bx1', '--node', 'arm', 'tcp://10.0.0.2:1234'],
    ],
    [
      'with platforms',
      { ...bare, platforms: ['linux/arm64', 'linux/arm/v7'] },
      undefined,
      ['buildx', 'create', '--append', '--name', 'bx1', '--platform', 'linux/arm64,linux/arm/v7', 'tcp://10.0.0.2:1234'],
    ],
    [
      'with driver-opts',
      { ...bare, driverOpts: ['cacert=/certs/ca.pem', 'cert=/certs/cert.pem'] },
      undefined,
      [
        'buildx',
        'create',
        '--append',
        '--name',
        'bx1',
        '--driver-opt',
        'cacert=/certs/ca.pem',
        '--driver-opt',
        'cert=/certs/cert.pem',
        'tcp://10.0.0.2:1234',
      ],
    ],
    [
      'with buildkitd-flags and the buildkitd config path',
      { ...bare, endpoint: 'arm-box', buildkitdFlags: '--debug --allow-insecure-entitlement network.host' },
      '/tmp/run/buildkitd.toml',
      [
        'buildx',
        'create',
        '--append',
        '--name',
        'bx1',
        '--buildkitd-flags',
        '--debug --allow-insecure-entitlement network.host',
        '--buildkitd-config',
        '/tmp/run/buildkitd.toml',
        'arm-box',
      ],
    ],
    [
      'everything, in that order',
      { name: 'arm', endpoint: 'ssh://ci@arm-box', platforms: ['linux/arm64'], driverOpts: ['network=host'], buildkitdFlags: '--debug' },
      '/tmp/run/buildkitd.toml',
      [
        'buildx',
        'create',
        '--append',
        '--name',
        'bx1',
        '--node',
        'arm',
        '--platform',
        'linux/arm64',
        '--driver-opt',
        'network=host',
        '--buildkitd-flags',
        '--debug',
        '--buildkitd-config',
        '/tmp/run/buildkitd.toml',
        'ssh://ci@arm-box',
      ],
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
      [
        'buildx',
        'create',
        '--append',
        '--name',
        'bx1',
        '--node',
        'arm',
        '--platform',
        'linux/arm64,linux/arm/v7',
        '--driver-opt',
        'cacert=/certs/ca.pem',
        '--driver-opt',
        'cert=/certs/arm-cert.pem',
        '--driver-opt',
        'key=/certs/arm-key.pem',
        'tcp://10.0.0.2:1234',
      ],
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

describe('perPlatformBuilds', () => {
  test.each<[string, RawInputs]>([
    ['one node', { tags: TAG, platforms: THREE }],
    ['one remote node', { tags: TAG, driver: 'remote', endpoint: 'tcp://10.0.0.1:1234', platforms: THREE }],
    ['raw cache-from', { ...REMOTE_TWO, 'cache-from': 'type=gha' }],
    ['raw cache-to', { ...REMOTE_TWO, 'cache-to': 'type=gha,mode=max' }],
    ['cache false', { ...REMOTE_TWO, cache: 'false' }],
    ['push false', { ...REMOTE_TWO, push: 'false' }],
    ['a leg', { ...REMOTE_TWO, 'push-by-digest': 'true', 'run-id': 'p7', 'merge-key': 'k1' }],
    ['a single platform', { ...REMOTE_TWO, platforms: 'linux/arm64' }],
  ])('%s: one build', (_, raw) => {
    expect(perPlatformBuilds(configOf(raw))).toBeUndefined();
  });

  const refs = (cache: string): string[] => [`${cache}-linux-amd64`, `${cache}-linux-arm64`, `${cache}-linux-arm-v7`];
  const from = (cache: string): string[] => refs(cache).map((ref) => `type=registry,ref=${ref}`);

  test.each<[string, RawInputs, { platforms: string[]; cacheFrom: string[]; cacheTo: string[] }[]]>([
    [
      'two remote nodes, three platforms',
      REMOTE_TWO,
      refs(CACHE).map((ref, i) => ({
        platforms: [THREE.split(',')[i]],
        cacheFrom: from(CACHE),
        cacheTo: [`type=registry,ref=${ref},mode=max,ignore-error=true`],
      })),
    ],
    [
      'ECR: image manifest with OCI media types',
      { ...REMOTE_TWO, tags: `${ECR}/app:1` },
      refs(`${ECR}/app:buildcache`).map((ref, i) => ({
        platforms: [THREE.split(',')[i]],
        cacheFrom: from(`${ECR}/app:buildcache`),
        cacheTo: [`type=registry,ref=${ref},mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true`],
      })),
    ],
    [
      'an explicit cache-ref, local and Docker-context nodes',
      { ...LOCAL_AND_CONTEXT, 'cache-ref': 'localhost:5000/cache/app:main' },
      refs('localhost:5000/cache/app:main').map((ref, i) => ({
        platforms: [THREE.split(',')[i]],
        cacheFrom: from('localhost:5000/cache/app:main'),
        cacheTo: [`type=registry,ref=${ref},mode=max,ignore-error=true`],
      })),
    ],
  ])('%s', (_, raw, builds) => {
    expect(
      perPlatformBuilds(configOf(raw))?.map(({ config: { platforms, cacheFrom, cacheTo } }) => ({ platforms, cacheFrom, cacheTo })),
    ).toEqual(builds);
  });

  test("everything but the platform and the cache is the config's", () => {
    const config = configOf({ ...REMOTE_TWO, 'build-args': 'VERSION=1', labels: 'team=infra' });
    const rest = (c: Config): Config => ({ ...c, platforms: [], cacheFrom: [], cacheTo: [] });
    expect(perPlatformBuilds(config)?.map((one) => rest(one.config))).toEqual([rest(config), rest(config), rest(config)]);
  });

  const BY_DIGEST = 'type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=true';
  test.each<[string, RawInputs, number, string[]]>([
    [
      'the arm64 build: pushed by digest, no tag, every cache imported, its own exported',
      REMOTE_TWO,
      1,
      [
        'buildx',
        'build',
        '--builder',
        'b',
        '--platform',
        'linux/arm64',
        '--cache-from',
        `type=registry,ref=${CACHE}-linux-amd64`,
        '--cache-from',
        `type=registry,ref=${CACHE}-linux-arm64`,
        '--cache-from',
        `type=registry,ref=${CACHE}-linux-arm-v7`,
        '--cache-to',
        `type=registry,ref=${CACHE}-linux-arm64,mode=max,ignore-error=true`,
        '--output',
        BY_DIGEST,
        '--metadata-file',
        META,
        '.',
      ],
    ],
    [
      'the arm/v7 build with two tags and a test-command: still no tag',
      { ...REMOTE_TWO, tags: `${TAG},ghcr.io/acme/app:latest`, 'test-command': './smoke.sh' },
      2,
      [
        'buildx',
        'build',
        '--builder',
        'b',
        '--platform',
        'linux/arm/v7',
        '--cache-from',
        `type=registry,ref=${CACHE}-linux-amd64`,
        '--cache-from',
        `type=registry,ref=${CACHE}-linux-arm64`,
        '--cache-from',
        `type=registry,ref=${CACHE}-linux-arm-v7`,
        '--cache-to',
        `type=registry,ref=${CACHE}-linux-arm-v7,mode=max,ignore-error=true`,
        '--output',
        BY_DIGEST,
        '--metadata-file',
        META,
        '.',
      ],
    ],
  ])('buildCommand: %s', (_, raw, index, expected) => {
    const one = perPlatformBuilds(configOf(raw))?.[index];
    expect(one && buildCommand(one.config, 'b', META, true, one.plan)).toEqual({ args: expected, env: { BUILDX_METADATA_WARNINGS: '1' } });
  });

  test.each<[string, RawInputs, PushPlan]>([
    [
      'by digest, the tags after',
      { ...REMOTE_TWO, tags: `${TAG},ghcr.io/acme/app:latest` },
      { buildTags: [], byDigestTo: 'ghcr.io/acme/app', tagAfter: [TAG, 'ghcr.io/acme/app:latest'] },
    ],
  ])('pushPlan: %s', (_, raw, plan) => {
    const one = perPlatformBuilds(configOf(raw))?.[0];
    expect(one?.plan).toEqual(plan);
  });
});

describe('mergeStats', () => {
  // no step took time here (the build times have rows of their own): a platform's steps add up to 0 s
  const stats = (
    steps: Record<string, number>,
    cached: Record<string, number>,
    seconds = Object.fromEntries(Object.keys(steps).map((p) => [p, 0])),
  ): BuildStats => ({
    steps,
    cached,
    seconds,
  });
  test.each<[string, [string, BuildStats][], BuildStats]>([
    ['no builds', [], stats({}, {})],
    [
      'one-platform builds: steps filed under no platform move to theirs',
      [
        ['linux/amd64', stats({ '': 3 }, { '': 1 })],
        ['linux/arm64', stats({ '': 3 }, { '': 3 })],
      ],
      stats({ 'linux/amd64': 3, 'linux/arm64': 3 }, { 'linux/amd64': 1, 'linux/arm64': 3 }),
    ],
    [
      'steps under a platform and under none are added up',
      [['linux/arm/v7', stats({ 'linux/arm/v7': 2, '': 1 }, { 'linux/arm/v7': 1, '': 1 })]],
      stats({ 'linux/arm/v7': 3 }, { 'linux/arm/v7': 2 }),
    ],
    [
      'the build times of one-platform builds, filed under their platforms',
      [
        ['linux/amd64', stats({ '': 2 }, { '': 0 }, { '': 4.2 })],
        ['linux/arm64', stats({ '': 2, 'linux/arm64': 1 }, { '': 0 }, { '': 54.3, 'linux/arm64': 0.1 })],
      ],
      stats({ 'linux/amd64': 2, 'linux/arm64': 3 }, { 'linux/amd64': 0, 'linux/arm64': 0 }, { 'linux/amd64': 4.2, 'linux/arm64': 54.4 }),
    ],
    ['no cache hit recorded: 0 cached', [['linux/amd64', stats({ '': 4 }, {})]], stats({ 'linux/amd64': 4 }, { 'linux/amd64': 0 })],
    ['a build without steps', [['linux/s390x', stats({}, {})]], stats({ 'linux/s390x': 0 }, { 'linux/s390x': 0 })],
    [
      'the order of the builds kept',
      [
        ['linux/arm64', stats({ '': 2 }, { '': 0 })],
        ['linux/amd64', stats({ '': 5 }, { '': 5 })],
      ],
      stats({ 'linux/arm64': 2, 'linux/amd64': 5 }, { 'linux/arm64': 0, 'linux/amd64': 5 }),
    ],
  ])('%s', (_, perPlatform, merged) => {
    const result = mergeStats(perPlatform);
    expect({ result, order: Object.keys(result.steps) }).toEqual({ result: merged, order: Object.keys(merged.steps) });
  });
});
