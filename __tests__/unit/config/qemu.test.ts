// The QEMU section: whether the emulators are registered, and from which image (or the host's).
import { describe, expect, test } from '@jest/globals';

import { type Config, type RawInputs } from '../../../src/config/index.js';
import { configOf, DIGEST, expectRefusal } from '../support.js';

describe('the QEMU section refuses bad input with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'qemu-image upper case',
      { 'qemu-image': 'Tonistiigi/binfmt' },
      'Input "qemu-image" is "Tonistiigi/binfmt", which has an upper-case repository name "Tonistiigi" (repository names are lower case)',
    ],
    [
      'qemu-image "HOST" is not "host"',
      { 'qemu-image': 'HOST' },
      'Input "qemu-image" is "HOST", which has an upper-case repository name "HOST" (repository names are lower case)',
    ],
    [
      'qemu-image with a bad tag',
      { 'qemu-image': 'tonistiigi/binfmt:qemu v9' },
      'Input "qemu-image" is "tonistiigi/binfmt:qemu v9", which contains whitespace',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('the QEMU section accepts', () => {
  test.each<[RawInputs, Partial<Config>]>([
    [{ 'qemu-image': 'host' }, { qemuImage: 'host' }],
    [{ 'qemu-image': 'ghcr.io/acme/binfmt@' + DIGEST }, { qemuImage: 'ghcr.io/acme/binfmt@' + DIGEST }],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });
});
