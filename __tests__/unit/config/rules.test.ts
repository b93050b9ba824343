import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

import { parseConfig, type RawInputs } from '../../../src/config/index.js';
import { endpointProblem, parseAppend } from '../../../src/config/nodes.js';
import { derivedRef } from '../../../src/image/reference.js';
import { perPlatformBuilds } from '../../../src/modes/index.js';
import { fakeFiles, thrown } from '../support.js';

const failsafe = (text: string): unknown => parse(text, { schema: 'failsafe' });
const configOf = (raw: RawInputs) => parseConfig({ tags: 'ghcr.io/acme/app:1', ...raw }, { files: fakeFiles, parseYaml: failsafe });

describe('builder nodes: what each driver takes', () => {
  test.each<[string, RawInputs, string]>([
    [
      'endpoint with kubernetes',
      { driver: 'kubernetes', endpoint: 'tcp://x:1234' },
      'Input "endpoint" cannot be used with driver "kubernetes": it reaches the cluster through the kubeconfig; use driver-opts (namespace=…)',
    ],
    [
      'a context name with remote',
      { driver: 'remote', endpoint: 'arm-box' },
      'Input "endpoint" is "arm-box", which is not an address: the remote driver needs one of tcp://, unix://, ssh://, docker-container://, kube-pod://, npipe://',
    ],
    [
      'an appended node with buildkitd-flags on remote',
      { driver: 'remote', endpoint: 'tcp://a:1', append: '- endpoint: tcp://b:1\n  buildkitd-flags: --debug' },
      'Input "append" node 1 has buildkitd-flags, which a remote daemon does not take: it runs with its own',
    ],
    [
      'an appended node with an endpoint on kubernetes',
      { driver: 'kubernetes', append: '- endpoint: tcp://b:1' },
      'Input "append" node 1 has an endpoint, which the kubernetes driver does not take: describe the node with driver-opts',
    ],
    [
      'driver-opts as a mapping',
      { append: '- endpoint: tcp://b:1\n  driver-opts:\n    image: x' },
      'Input "append" node 1 has driver-opts that are neither a list nor lines of key=value',
    ],
    [
      "the first node's endpoint again",
      { endpoint: 'tcp://a:1', append: '- endpoint: tcp://a:1' },
      'Input "append" node 1 has endpoint "tcp://a:1", which the first node ("endpoint") has already: one node per endpoint',
    ],
    [
      'insecure registries with remote',
      { driver: 'remote', endpoint: 'tcp://a:1', 'insecure-registries': 'localhost:5000' },
      'Input "insecure-registries" cannot be used with driver "remote": a remote daemon reads its own buildkitd.toml; mark the registries there (http = true)',
    ],
    [
      'a cache ref with a digest',
      { 'cache-ref': `ghcr.io/acme/cache@sha256:${'a'.repeat(64)}` },
      `Input "cache-ref" is "ghcr.io/acme/cache@sha256:${'a'.repeat(64)}": a cache is written under a tag, not a digest`,
    ],
    [
      'node-platforms with an unknown name',
      { 'node-platforms': 'linux/sparc' },
      'Input "node-platforms" has "linux/sparc", which is not a known platform',
    ],
  ])('%s', (_, raw, message) => {
    expect(thrown(() => configOf(raw))?.message).toBe(message);
  });

  test.each<[string, string, string | undefined]>([
    ['docker-container://buildkitd', 'remote', undefined],
    ['kube-pod://buildkitd-0', 'remote', undefined],
    ['docker-container://buildkitd', 'docker-container', 'is not a tcp://, unix://, ssh:// address'],
    ['arm-box', 'docker-container', undefined],
  ])('endpointProblem(%j, %s)', (endpoint, driver, problem) => {
    expect(endpointProblem(endpoint, driver)).toBe(problem);
  });

  test('kubernetes nodes need no endpoint; empty driver-opts entries are dropped', () => {
    expect(
      parseAppend(
        failsafe('- name: arm\n  platforms: linux/arm64\n  driver-opts:\n    - ""\n    - nodeselector=kubernetes.io/arch=arm64\n'),
        'kubernetes',
      ),
    ).toEqual([
      { name: 'arm', endpoint: '', platforms: ['linux/arm64'], driverOpts: ['nodeselector=kubernetes.io/arch=arm64'], buildkitdFlags: '' },
    ]);
  });

  test('node-platforms takes newlines as well as commas', () => {
    expect(configOf({ 'node-platforms': 'linux/amd64\nlinux/arm64' }).nodes[0].platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

describe('per-platform and per-leg cache refs are sibling tags of cache-ref', () => {
  test.each<[string, string, string]>([
    ['ghcr.io/acme/app:buildcache', 'linux-arm64', 'ghcr.io/acme/app:buildcache-linux-arm64'],
    ['ghcr.io/acme/cache', 'linux-amd64', 'ghcr.io/acme/cache:latest-linux-amd64'],
    ['localhost:5000/a/b:c', 'linux-arm-v7', 'localhost:5000/a/b:c-linux-arm-v7'],
  ])('derivedRef(%s, %s)', (ref, suffix, expected) => {
    expect(derivedRef(ref, suffix)).toBe(expected);
  });

  test('a cache-ref without a tag stays in its repository, per platform', () => {
    const builds = perPlatformBuilds(
      configOf({
        driver: 'remote',
        endpoint: 'tcp://a:1',
        append: '- endpoint: tcp://b:1',
        'cache-ref': 'ghcr.io/acme/cache',
        platforms: 'linux/amd64,linux/arm64',
      }),
    );
    expect(builds?.map((b) => b.config.cacheTo)).toEqual([
      ['type=registry,ref=ghcr.io/acme/cache:latest-linux-amd64,mode=max,ignore-error=true'],
      ['type=registry,ref=ghcr.io/acme/cache:latest-linux-arm64,mode=max,ignore-error=true'],
    ]);
  });

  test.each<[string, Record<string, string>, string]>([
    ['an explicit merge-key', { 'merge-key': 'k' }, 'ghcr.io/acme/cache:main-k-linux-arm64'],
    // variants of one run (app:slim, app:full) never share a cache ref; runs with other tags after the first do
    ["the first tag's tag", { tags: 'ghcr.io/acme/app:slim,ghcr.io/acme/app:slim-1a2b3c' }, 'ghcr.io/acme/cache:main-slim-linux-arm64'],
  ])("a leg's cache ref is its own sibling of cache-ref, with its variant: %s", (_, raw, ref) => {
    const run = { id: '42', attempt: '3' };
    expect(
      parseConfig(
        { 'push-by-digest': 'true', platforms: 'linux/arm64', 'cache-ref': 'ghcr.io/acme/cache:main', tags: 'ghcr.io/acme/app:1', ...raw },
        { files: fakeFiles, run },
      ).cacheRef,
    ).toBe(ref);
  });
});
