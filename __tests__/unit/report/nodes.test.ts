import { describe, expect, test } from '@jest/globals';

import type { BuilderNode } from '../../../src/config/nodes.js';
import { executionOf, nodeReports } from '../../../src/report/nodes.js';
import type { NodeStatus } from '../../../src/setup/builder-inspect.js';
import { builderNode } from '../support.js';

describe('executionOf: where each platform ran', () => {
  const status = (name: string): NodeStatus => ({ name, endpoint: '', status: 'running', buildkit: 'v0.25.2', platforms: [] });
  test.each<[string, BuilderNode[], string, NodeStatus[], Record<string, string>]>([
    ['one local node on amd64', [builderNode('')], 'docker-container', [status('b0')], { 'linux/amd64': 'native', 'linux/arm64': 'QEMU' }],
    ['a remote node', [builderNode('tcp://bk:1234')], 'remote', [status('b0')], { 'linux/amd64': 'remote', 'linux/arm64': 'remote' }],
    [
      'two nodes: named',
      [builderNode('', ['linux/amd64']), builderNode('', ['linux/arm64'])],
      'docker-container',
      [status('b0'), status('arm')],
      { 'linux/amd64': 'native on b0', 'linux/arm64': 'QEMU on arm' },
    ],
  ])('%s', (_, nodes, driver, statuses, expected) => {
    expect(executionOf(['linux/amd64', 'linux/arm64'], nodes, driver, ['linux/amd64'], statuses)).toEqual(expected);
  });
});

describe('nodeReports: the nodes output', () => {
  const node = (platforms: string[] = []): BuilderNode => builderNode('', platforms);
  const status = (name: string): NodeStatus => ({
    name,
    endpoint: 'unix:///var/run/docker.sock',
    status: 'running',
    buildkit: 'v0.25.2+debian',
    platforms: ['linux/amd64', 'linux/arm64', 'linux/386', 'linux/arm/v7'],
  });
  test.each<[string, BuilderNode[], NodeStatus[], string[][]]>([
    ['one unpinned node: the platforms it built, not all it could emulate', [node()], [status('b0')], [['linux/amd64', 'linux/arm64']]],
    [
      'pinned nodes: their pinned platforms',
      [node(['linux/amd64']), node(['linux/arm64', 'linux/arm/v7'])],
      [status('b0'), status('arm')],
      [['linux/amd64'], ['linux/arm64', 'linux/arm/v7']],
    ],
    [
      'a pinned and an unpinned node: the unpinned one builds the rest',
      [node(['linux/arm64']), node()],
      [status('b0'), status('b1')],
      [['linux/arm64'], ['linux/amd64']],
    ],
  ])('%s', (_, nodes, statuses, expected) => {
    expect(nodeReports(statuses, nodes, ['linux/amd64', 'linux/arm64']).map((report) => report.platforms)).toEqual(expected);
  });
});
