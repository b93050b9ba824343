import { describe, expect, test } from '@jest/globals';

import type { RawInputs } from '../../../src/config/index.js';
import { bootstrapArgs, buildkitdConfigText, createArgs, existingBuilder, newBuilderName, removeArgs } from '../../../src/setup/builder.js';
import { configOf } from '../support.js';

const TAG = 'ghcr.io/acme/app:1';

describe('createArgs', () => {
  test.each<[RawInputs, string | undefined, string[]]>([
    [{ tags: TAG }, undefined, ['buildx', 'create', '--name', 'bx1', '--driver', 'docker-container']],
    [
      {
        tags: TAG,
        'driver-opts': 'network=host\nimage=moby/buildkit:v0.25.0',
        'buildkitd-flags': '--debug --allow-insecure-entitlement network.host',
      },
      undefined,
      [
        'buildx',
        'create',
        '--name',
        'bx1',
        '--driver',
        'docker-container',
        '--driver-opt',
        'network=host',
        '--driver-opt',
        'image=moby/buildkit:v0.25.0',
        '--buildkitd-flags',
        '--debug --allow-insecure-entitlement network.host',
      ],
    ],
    [
      { tags: TAG, 'buildkitd-config': 'buildkitd.toml' },
      'buildkitd.toml',
      ['buildx', 'create', '--name', 'bx1', '--driver', 'docker-container', '--buildkitd-config', 'buildkitd.toml'],
    ],
    [
      { tags: TAG, 'buildkitd-config-inline': 'debug = true' },
      '/tmp/run/buildkitd.toml',
      ['buildx', 'create', '--name', 'bx1', '--driver', 'docker-container', '--buildkitd-config', '/tmp/run/buildkitd.toml'],
    ],
  ])('%j with config file %j', (raw, configPath, expected) => {
    expect(createArgs(configOf(raw), 'bx1', configPath)).toEqual(expected);
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
