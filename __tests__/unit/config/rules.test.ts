import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

import { type Config, parseConfig, type ParseContext, type RawInputs } from '../../../src/config/index.js';
import { endpointProblem, parseAppend } from '../../../src/config/nodes.js';
import { configWithCredentials, expectRefusal, fakeFiles, NO_RUN, thrown } from '../support.js';

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

// The rest of the table of rules, row by row: each row's inputs go over a pushing build's tag and credentials whose
// password no error may show, with no workflow run known (a leg or a merge names its run-id).
const NO_RUN_KNOWN =
  'is empty and no run is known (no GITHUB_RUN_ID, CI_PIPELINE_ID, BUILDKITE_BUILD_ID, CIRCLE_WORKFLOW_ID or BUILD_BUILDID): give the legs and the merge step of one pipeline run the same run-id, and each pipeline run its own';
const MERGE_KEY = 'up to 60 letters, digits, "_", "." and "-"';

describe('the rules between inputs refuse with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    ['push with no tags', { tags: '' }, 'Input "tags" is empty but "push" is true: give at least one tag to push, or set push: false'],
    [
      'push with only blank lines as tags',
      { tags: '\n  \n' },
      'Input "tags" is empty but "push" is true: give at least one tag to push, or set push: false',
    ],
    ['missing context directory', { context: 'nope' }, 'Input "context" is "nope": no such directory'],
    [
      'no Dockerfile in the context',
      { context: 'empty' },
      'Input "file" is "empty/Dockerfile": no such file (the default is Dockerfile in the context)',
    ],
    ['explicit file missing', { file: 'docker/Dockerfile.dev' }, 'Input "file" is "docker/Dockerfile.dev": no such file'],
    [
      'buildkitd-config and -inline together',
      { 'buildkitd-config': 'buildkitd.toml', 'buildkitd-config-inline': 'debug = true' },
      'Input "buildkitd-config-inline" cannot be used together with "buildkitd-config": give one of them',
    ],
    ['buildkitd-config missing', { 'buildkitd-config': 'missing.toml' }, 'Input "buildkitd-config" is "missing.toml": no such file'],
    [
      'buildx-version older than the action needs (whatever is installed)',
      { 'buildx-version': '0.12.0' },
      'Input "buildx-version" is "0.12.0": the action needs buildx 0.13.0 or newer',
    ],
    [
      'context from stdin',
      { context: '-' },
      'Input "context" is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL',
    ],
    [
      'push-by-digest with push false',
      { 'push-by-digest': 'true', push: 'false', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      'Input "push" is false but "push-by-digest" is true: a leg pushes its platforms for the merge step',
    ],
    [
      'push-by-digest without tags',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', tags: '' },
      'Input "tags" is empty: the leg pushes to the repository of the first tag',
    ],
    [
      'push-by-digest with push false and no tags: the tags first',
      { 'push-by-digest': 'true', push: 'false', tags: '' },
      'Input "tags" is empty: the leg pushes to the repository of the first tag',
    ],
    [
      'merge without tags',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', tags: '' },
      'Input "tags" is empty: the merge tags the repository of the first tag',
    ],
    [
      'merge with push false and no tags',
      { merge: 'true', push: 'false', sources: 'ghcr.io/acme/app:a', tags: '' },
      'Input "tags" is empty: the merge tags the repository of the first tag',
    ],
    [
      'sources without merge',
      { sources: 'ghcr.io/acme/app:a' },
      'Input "sources" is set but "merge" is false: sources are the images a merge step combines',
    ],
    [
      'sources with push-by-digest',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', sources: 'ghcr.io/acme/app:a' },
      'Input "sources" is set but "merge" is false: sources are the images a merge step combines',
    ],
    ['a leg without run-id or GITHUB_RUN_ID', { 'push-by-digest': 'true' }, `Input "run-id" ${NO_RUN_KNOWN}`],
    ['a merge of legs without run-id or GITHUB_RUN_ID', { merge: 'true' }, `Input "run-id" ${NO_RUN_KNOWN}`],
    [
      'a merge-key is a variant, not a run: it does not replace run-id',
      { merge: 'true', 'merge-key': 'k1' },
      `Input "run-id" ${NO_RUN_KNOWN}`,
    ],
    [
      'run-id with a space',
      { 'push-by-digest': 'true', 'run-id': 'pipeline 7' },
      'Input "run-id" is "pipeline 7": up to 200 printable characters, no spaces',
    ],
    [
      'a leg whose cache tag would pass 128 characters',
      {
        'push-by-digest': 'true',
        'run-id': 'p7',
        'merge-key': 'k'.repeat(60),
        platforms: 'linux/amd64,linux/arm64,linux/arm/v7,linux/ppc64le,linux/s390x',
      },
      `Input "cache-ref" gives this leg's cache the tag "buildcache-${'k'.repeat(60)}-linux-amd64_linux-arm64_linux-arm-v7_linux-pp...", 134 characters where a tag has at most 128: shorten merge-key (or the first tag's tag), or give a shorter cache-ref`,
    ],
    [
      'a leg with driver docker, which cannot push by digest',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', driver: 'docker' },
      'Input "push-by-digest" cannot be used with driver "docker", which cannot push by digest: use driver docker-container',
    ],
    [
      'merge-key with a space',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'run 1' },
      `Input "merge-key" is "run 1": ${MERGE_KEY}`,
    ],
    [
      'merge-key with a slash',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'main/1' },
      `Input "merge-key" is "main/1": ${MERGE_KEY}`,
    ],
    [
      'merge-key with a colon',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k:1' },
      `Input "merge-key" is "k:1": ${MERGE_KEY}`,
    ],
    [
      'merge-key of 61 characters',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k'.repeat(61) },
      `Input "merge-key" is "${'k'.repeat(61)}": ${MERGE_KEY}`,
    ],
    [
      'test-command with push false',
      { 'test-command': './smoke.sh', push: 'false' },
      'Input "test-command" is set but "push" is false: the test runs in the pushed images before tags move',
    ],
    [
      'test-command with merge',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', 'test-command': './smoke.sh' },
      'Input "test-command" cannot be used with "merge": test in the legs, which push the images',
    ],
    [
      'merge with push false',
      { merge: 'true', push: 'false', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      'Input "push" is false but "merge" is true: a merge pushes the index it creates',
    ],
    [
      'insecure-registries with builder',
      { builder: 'mine', 'insecure-registries': 'registry.internal' },
      'Input "insecure-registries" cannot be used with "builder": configure that builder\'s buildkitd.toml',
    ],
    [
      'insecure-registries with builder, even loopback',
      { builder: 'mine', 'insecure-registries': 'localhost:5000' },
      'Input "insecure-registries" cannot be used with "builder": configure that builder\'s buildkitd.toml',
    ],
    [
      'non-loopback insecure registries with driver docker',
      { driver: 'docker', 'insecure-registries': 'localhost:5000, registry.internal:5000\n10.0.0.5' },
      'Input "insecure-registries" has registry.internal:5000, 10.0.0.5, but driver "docker" pushes through the daemon: list them in the daemon\'s "insecure-registries" (daemon.json)',
    ],
    [
      'insecure-registries with a [registry."…"] section for the same host in buildkitd-config-inline',
      {
        'buildkitd-config-inline': 'debug = true\n[registry."registry.internal"]\n  mirrors = ["mirror.gcr.io"]',
        'insecure-registries': 'registry.internal',
      },
      'Input "insecure-registries" has registry.internal, which the buildkitd config already has a [registry."registry.internal"] section for: put http = true there, or drop it from one of them',
    ],
    [
      'insecure-registries with an indented [registry."…"] section',
      { 'buildkitd-config-inline': '  [registry."localhost:5000"]\n  http = true', 'insecure-registries': 'localhost:5000' },
      'Input "insecure-registries" has localhost:5000, which the buildkitd config already has a [registry."localhost:5000"] section for: put http = true there, or drop it from one of them',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('the rules between inputs accept', () => {
  test.each<[string, RawInputs, ParseContext, Partial<Config>]>([
    [
      'a leg with a merge-key of 60 characters',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k'.repeat(60) },
      NO_RUN,
      { mode: 'leg', mergeKey: 'k'.repeat(60) },
    ],
    [
      'a merge ignores a missing context',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', context: 'nope' },
      NO_RUN,
      { mode: 'merge', context: 'nope' },
    ],
    [
      'a merge ignores a missing Dockerfile',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', context: 'empty', file: 'docker/Dockerfile.dev' },
      NO_RUN,
      { mode: 'merge', context: 'empty', file: 'docker/Dockerfile.dev' },
    ],
    [
      'loopback insecure registries with driver docker',
      { driver: 'docker', 'insecure-registries': '127.0.0.1:5000,localhost:5000,[::1]:5000' },
      NO_RUN,
      { driver: 'docker', insecureRegistries: ['127.0.0.1:5000', 'localhost:5000', '[::1]:5000'] },
    ],
    [
      'insecure-registries with a buildkitd-config-inline without registry sections',
      { 'insecure-registries': 'registry.internal', 'buildkitd-config-inline': 'debug = true\n[worker.oci]\n  max-parallelism = 4' },
      NO_RUN,
      { insecureRegistries: ['registry.internal'], buildkitdConfigInline: 'debug = true\n[worker.oci]\n  max-parallelism = 4' },
    ],
  ])('%s', (_, raw, ctx, expected) => {
    expect(configWithCredentials(raw, ctx)).toMatchObject(expected);
  });
});
