import { describe, expect, test } from '@jest/globals';

import type { RawInputs } from '../../../src/config/index.js';
import {
  bootstrapArgs,
  bootstrapBuilder,
  buildkitdConfigText,
  createArgs,
  existingBuilder,
  newBuilderName,
  removeArgs,
  removeBuilder,
} from '../../../src/setup/builder.js';
import { type Answer, FakeExec } from '../fake-exec.js';
import { captured, configOf, failure } from '../support.js';
import { createArgv, driverOptFlags } from './create-argv.js';

const TAG = 'ghcr.io/acme/app:1';

describe('createArgs', () => {
  test.each<[RawInputs, string | undefined, string[]]>([
    [{ tags: TAG }, undefined, createArgv('docker-container')],
    [
      {
        tags: TAG,
        'driver-opts': 'network=host\nimage=moby/buildkit:v0.25.0',
        'buildkitd-flags': '--debug --allow-insecure-entitlement network.host',
      },
      undefined,
      createArgv('docker-container', [
        ...driverOptFlags('network=host', 'image=moby/buildkit:v0.25.0'),
        '--buildkitd-flags',
        '--debug --allow-insecure-entitlement network.host',
      ]),
    ],
    [
      { tags: TAG, 'buildkitd-config': 'buildkitd.toml' },
      'buildkitd.toml',
      createArgv('docker-container', ['--buildkitd-config', 'buildkitd.toml']),
    ],
    [
      { tags: TAG, 'buildkitd-config-inline': 'debug = true' },
      '/tmp/run/buildkitd.toml',
      createArgv('docker-container', ['--buildkitd-config', '/tmp/run/buildkitd.toml']),
    ],
  ])('%j with config file %j', (raw, configPath, expected) => {
    expect(createArgs(configOf(raw), 'bx1', { buildkitdConfigPath: configPath })).toEqual(expected);
  });
});

test.each<[string, string[], string[]]>([
  ['bootstrapArgs', bootstrapArgs('bx1'), ['buildx', 'inspect', '--bootstrap', '--builder', 'bx1']],
  ['removeArgs', removeArgs('bx1'), ['buildx', 'rm', '--force', 'bx1']],
])('%s', (_, args, expected) => {
  expect(args).toEqual(expected);
});

describe('existingBuilder', () => {
  test.each<[RawInputs, string | undefined]>([
    [{ tags: TAG }, undefined],
    [{ tags: TAG, builder: 'ci-builder' }, 'ci-builder'],
    [{ tags: TAG, driver: 'docker' }, 'default'],
    [{ tags: TAG, driver: 'docker', builder: 'desktop-linux' }, 'desktop-linux'],
  ])('%j -> %j', (raw, expected) => {
    expect(existingBuilder(configOf(raw))).toBe(expected);
  });
});

test('newBuilderName is a valid, fresh builder name', () => {
  const [a, b] = [newBuilderName(), newBuilderName()];
  expect(a).toMatch(/^buildx-multiarch-[0-9a-f]{8}$/);
  expect(a).not.toBe(b);
});

describe('buildkitdConfigText', () => {
  test.each<[string, string, string[], string]>([
    ['no base, no insecure registry: no file', '', [], ''],
    ['a blank base: no file', '\n  \n', [], ''],
    [
      'the base alone, trimmed, one final newline',
      '\ndebug = true\n[worker.oci]\n  max-parallelism = 4\n\n',
      [],
      'debug = true\n[worker.oci]\n  max-parallelism = 4\n',
    ],
  ])('%s', (_, base, insecure, text) => {
    expect(buildkitdConfigText(base, insecure)).toBe(text);
  });

  // Compared line by line without the blank lines: the sections are separated by 2 blank lines and the file ends
  // with a blank line (reported, not pinned here).
  test.each<[string, string, string[], string[]]>([
    ['one insecure registry', '', ['localhost:5000'], ['[registry."localhost:5000"]', '  http = true', '  insecure = true']],
    [
      'two insecure registries, in order',
      '',
      ['registry.internal:5000', '[::1]:5000'],
      [
        '[registry."registry.internal:5000"]',
        '  http = true',
        '  insecure = true',
        '[registry."[::1]:5000"]',
        '  http = true',
        '  insecure = true',
      ],
    ],
    [
      'the base, then the insecure registries',
      'debug = true\n[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]\n',
      ['registry.internal'],
      [
        'debug = true',
        '[registry."docker.io"]',
        '  mirrors = ["mirror.gcr.io"]',
        '[registry."registry.internal"]',
        '  http = true',
        '  insecure = true',
      ],
    ],
  ])('%s', (_, base, insecure, lines) => {
    const text = buildkitdConfigText(base, insecure);
    expect({ lines: text.split('\n').filter((line) => line.trim() !== ''), endsWithNewline: text.endsWith('\n') }).toEqual({
      lines,
      endsWithNewline: true,
    });
  });
});

// driven through the exec seam by the argv-keyed fake, with the answers captured from the stack (fixtures/cmd-*)
describe('bootstrapBuilder and removeBuilder', () => {
  test('bootstrap reads the nodes buildx reports', async () => {
    const fake = new FakeExec({ 'docker buildx inspect --bootstrap --builder fixtures-cmd': captured('bootstrap') });
    const nodes = await bootstrapBuilder(fake.exec, 'fixtures-cmd');
    expect(nodes.map((node) => [node.name, node.status, node.buildkit])).toEqual([['fixtures-cmd0', 'running', 'v0.25.2+debian']]);
  });

  test.each<[string, Answer, string]>([
    ['removed', captured('rm'), 'removed'],
    ['already gone: not an error', captured('rm-absent'), 'absent'],
  ])('remove: %s', async (_, answer, outcome) => {
    const fake = new FakeExec({ 'docker buildx rm --force fixtures-cmd': answer });
    await expect(removeBuilder(fake.exec, 'fixtures-cmd')).resolves.toBe(outcome);
  });

  test('remove: any other failure is an error naming the builder', async () => {
    const fake = new FakeExec({
      'docker buildx rm --force b1': {
        exitCode: 1,
        stderr: 'ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      },
    });
    expect((await failure(removeBuilder(fake.exec, 'b1'))).message).toBe(
      'removing builder b1 failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
  });
});
