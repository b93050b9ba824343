// The value parsers every section shares, through the inputs that use them: the booleans, the lists split on
// commas, and the hosts Docker reaches over plain HTTP on its own.
import { describe, expect, test } from '@jest/globals';

import { type Config, isLoopback, type RawInputs } from '../../../src/config/index.js';
import { configOf, expectRefusal } from '../support.js';

describe('a boolean input is true or false as YAML 1.2 core writes them', () => {
  test.each<[string, RawInputs, string]>([
    ['push "yes"', { push: 'yes' }, 'Input "push" is "yes": expected true or false'],
    ['load "1"', { load: '1' }, 'Input "load" is "1": expected true or false'],
    ['cache "on"', { cache: 'on' }, 'Input "cache" is "on": expected true or false'],
    ['qemu "no"', { qemu: 'no' }, 'Input "qemu" is "no": expected true or false'],
    ['logout "0"', { logout: '0' }, 'Input "logout" is "0": expected true or false'],
    ['no-cache "tRue"', { 'no-cache': 'tRue' }, 'Input "no-cache" is "tRue": expected true or false'],
    ['pull "y"', { pull: 'y' }, 'Input "pull" is "y": expected true or false'],
    ['push-by-digest "yes"', { 'push-by-digest': 'yes' }, 'Input "push-by-digest" is "yes": expected true or false'],
    ['merge "1"', { merge: '1' }, 'Input "merge" is "1": expected true or false'],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });

  test.each<[RawInputs, Partial<Config>]>([
    [
      { push: 'False', load: 'TRUE', 'no-cache': 'True', pull: 'true', cache: 'FALSE', qemu: 'false', logout: 'False' },
      { push: false, load: true, noCache: true, pull: true, cache: false, qemu: false, logout: false },
    ],
    [{ push: ' false ' }, { push: false }],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });
});

describe('a list split on commas refuses an empty entry and an unclosed quote', () => {
  test.each<[string, RawInputs, string]>([
    [
      'empty entry between commas',
      { platforms: 'linux/amd64,,linux/arm64' },
      'Input "platforms" has an empty entry in "linux/amd64,,linux/arm64": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'trailing comma',
      { platforms: 'linux/amd64,' },
      'Input "platforms" has an empty entry in "linux/amd64,": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'leading comma on a later line',
      { platforms: 'linux/amd64\n, linux/arm64' },
      'Input "platforms" has an empty entry in ", linux/arm64": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'empty entry in tags',
      { tags: 'ghcr.io/acme/app:1,,ghcr.io/acme/app:2' },
      'Input "tags" has an empty entry in "ghcr.io/acme/app:1,,ghcr.io/acme/app:2": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'unclosed CSV quote in tags',
      { tags: '"ghcr.io/acme/app:1' },
      'Input "tags" has "\\"ghcr.io/acme/app:1", which is not a valid comma-separated list: Quote Not Closed: the parsing is finished with an opening quote at line 1',
    ],
    [
      'an empty source between commas',
      { merge: 'true', sources: 'ghcr.io/acme/app:a,,ghcr.io/acme/app:b' },
      'Input "sources" has an empty entry in "ghcr.io/acme/app:a,,ghcr.io/acme/app:b": remove the extra comma (an empty ${{ }} expression?)',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('isLoopback: registries Docker already reaches over plain HTTP', () => {
  test.each<[string, boolean]>([
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1', true],
    ['127.0.0.1:5000', true],
    ['127.10.20.30:443', true],
    ['[::1]', true],
    ['[::1]:5000', true],
    ['registry.internal:5000', false],
    ['10.0.0.5:5000', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io:5000', false],
    ['my-localhost:5000', false],
    ['[::2]:5000', false],
    ['ghcr.io', false],
  ])('%s -> %j', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
