import { describe, expect, test } from '@jest/globals';

import { type NodeStatus, parseBuilderInspect, parseBuildkitdVersion } from '../../../src/setup/builder-inspect.js';
import { fixture } from '../support.js';

// `docker buildx inspect --bootstrap` of a remote-driver builder with two nodes, in buildx's layout: a "*" marks
// the platforms a node is pinned to.
const INSPECT_TWO_REMOTE_NODES = `Name:          buildx-multiarch-1a2b3c4d
Driver:        remote
Last Activity: 2026-11-22 19:30:10 +0000 UTC

Nodes:
Name:             buildx-multiarch-1a2b3c4d0
Endpoint:         tcp://127.0.0.1:1234
Status:           running
BuildKit version: v0.25.2
Platforms:        linux/amd64*, linux/amd64/v2, linux/amd64/v3, linux/386
Labels:
 org.mobyproject.buildkit.worker.executor:         oci
 org.mobyproject.buildkit.worker.hostname:         amd-box
GC Policy rule#0:
 All:            false
 Filters:        type==source.local,type==exec.cachemount,type==source.git.checkout

Name:             arm
Endpoint:         tcp://127.0.0.1:1235
Status:           running
BuildKit version: v0.25.2
Platforms:        linux/arm64*, linux/arm/v7*, linux/arm/v6
Labels:
 org.mobyproject.buildkit.worker.executor:         oci
`;

// What INSPECT_TWO_REMOTE_NODES describes, whatever its line ends: the "*" of a pinned platform is not part of its name.
const TWO_REMOTE_NODES: NodeStatus[] = [
  {
    name: 'buildx-multiarch-1a2b3c4d0',
    endpoint: 'tcp://127.0.0.1:1234',
    status: 'running',
    buildkit: 'v0.25.2',
    platforms: ['linux/amd64', 'linux/amd64/v2', 'linux/amd64/v3', 'linux/386'],
  },
  {
    name: 'arm',
    endpoint: 'tcp://127.0.0.1:1235',
    status: 'running',
    buildkit: 'v0.25.2',
    platforms: ['linux/arm64', 'linux/arm/v7', 'linux/arm/v6'],
  },
];

describe('parseBuilderInspect', () => {
  test.each<[string, string, NodeStatus[]]>([
    [
      'captured, docker-container, one node',
      fixture('buildx-inspect-docker-container.txt'),
      [
        {
          name: 'fixtures0',
          endpoint: 'unix:///var/run/docker.sock',
          status: 'running',
          buildkit: 'v0.25.2+debian',
          platforms: [
            'linux/amd64',
            'linux/amd64/v2',
            'linux/amd64/v3',
            'linux/amd64/v4',
            'linux/arm64',
            'linux/386',
            'linux/arm/v7',
            'linux/arm/v6',
          ],
        },
      ],
    ],
    ['remote, two nodes, pinned platforms unmarked', INSPECT_TWO_REMOTE_NODES, TWO_REMOTE_NODES],
    ['CRLF line ends', INSPECT_TWO_REMOTE_NODES.replace(/\n/g, '\r\n'), TWO_REMOTE_NODES],
    ['no Nodes section', 'Name:          fixtures\nDriver:        docker-container\n', []],
    ['empty text', '', []],
  ])('%s', (_, text, nodes) => {
    expect(parseBuilderInspect(text)).toEqual(nodes);
  });
});

describe('parseBuildkitdVersion', () => {
  test.each<[string, string, string | undefined]>([
    ['Debian build (captured)', 'buildkitd github.com/moby/buildkit v0.25.2+debian debian-docker.io\n', 'v0.25.2+debian'],
    ['an upstream release', 'buildkitd github.com/moby/buildkit v0.26.2 2e5d5b9a0b2b8b7d9f6b6b1c3a4d5e6f7a8b9c0d\n', 'v0.26.2'],
    ['not buildkitd', 'sh: buildkitd: not found\n', undefined],
    ['empty', '', undefined],
  ])('%s', (_, output, version) => {
    expect(parseBuildkitdVersion(output)).toBe(version);
  });
});
