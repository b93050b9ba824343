import { describe, expect, test } from '@jest/globals';

import {
  canonicalPlatform,
  formatPlatform,
  nativePlatforms,
  parsePlatform,
  type Platform,
  platformOfDescriptor,
} from '../../../src/image/platforms.js';

describe('canonicalPlatform', () => {
  test.each<[string, string]>([
    ['linux/amd64', 'linux/amd64'],
    ['amd64', 'linux/amd64'],
    ['x86_64', 'linux/amd64'],
    ['x86-64', 'linux/amd64'],
    ['x64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/amd64/v2', 'linux/amd64/v2'],
    ['amd64/v2', 'linux/amd64/v2'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['amd64/v3', 'linux/amd64/v3'],
    ['linux/amd64/v4', 'linux/amd64/v4'],
    ['amd64/v4', 'linux/amd64/v4'],
    ['linux/arm64', 'linux/arm64'],
    ['arm64', 'linux/arm64'],
    ['aarch64', 'linux/arm64'],
    ['arm64/v8', 'linux/arm64'],
    ['arm64v8', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm/v7', 'linux/arm/v7'],
    ['arm/v7', 'linux/arm/v7'],
    ['armv7', 'linux/arm/v7'],
    ['armv7l', 'linux/arm/v7'],
    ['armhf', 'linux/arm/v7'],
    ['arm32v7', 'linux/arm/v7'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/armv7', 'linux/arm/v7'],
    ['arm', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['arm/v6', 'linux/arm/v6'],
    ['armv6', 'linux/arm/v6'],
    ['armv6l', 'linux/arm/v6'],
    ['armel', 'linux/arm/v6'],
    ['arm32v6', 'linux/arm/v6'],
    ['linux/armv6', 'linux/arm/v6'],
    ['linux/arm/v5', 'linux/arm/v5'],
    ['arm/v5', 'linux/arm/v5'],
    ['armv5', 'linux/arm/v5'],
    ['armv5l', 'linux/arm/v5'],
    ['arm32v5', 'linux/arm/v5'],
    ['linux/386', 'linux/386'],
    ['386', 'linux/386'],
    ['i386', 'linux/386'],
    ['i686', 'linux/386'],
    ['x86', 'linux/386'],
    ['linux/i386', 'linux/386'],
    ['linux/ppc64le', 'linux/ppc64le'],
    ['ppc64le', 'linux/ppc64le'],
    ['ppc64el', 'linux/ppc64le'],
    ['linux/s390x', 'linux/s390x'],
    ['s390x', 'linux/s390x'],
    ['linux/riscv64', 'linux/riscv64'],
    ['riscv64', 'linux/riscv64'],
    ['linux/mips64le', 'linux/mips64le'],
    ['mips64le', 'linux/mips64le'],
    ['mips64el', 'linux/mips64le'],
    ['linux/mips64', 'linux/mips64'],
    ['mips64', 'linux/mips64'],
    ['linux/loong64', 'linux/loong64'],
    ['loong64', 'linux/loong64'],
    ['loongarch64', 'linux/loong64'],
    ['AArch64', 'linux/arm64'],
    [' Linux/ARM64 ', 'linux/arm64'],
  ])('%j -> %j', (name, canonical) => {
    expect(canonicalPlatform(name)).toBe(canonical);
  });

  test.each<string>([
    '',
    'linux',
    'linux/',
    'linux/sparc',
    'windows/amd64',
    'darwin/arm64',
    'arm64/v9',
    'linux/arm/v8',
    'linux/amd64/v5',
    'linux/ppc64',
    'mips',
    'amd 64',
  ])('%j is not a known platform', (name) => {
    expect(canonicalPlatform(name)).toBeUndefined();
  });
});

describe('parsePlatform and formatPlatform', () => {
  test.each<[string, Platform]>([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux/amd64/v3', { os: 'linux', architecture: 'amd64', variant: 'v3' }],
  ])('%j <-> %j', (text, platform) => {
    expect(parsePlatform(text)).toEqual(platform);
    expect(formatPlatform(platform)).toBe(text);
  });
});

describe('platformOfDescriptor', () => {
  test.each<[{ os?: string; architecture?: string; variant?: string }, string]>([
    [{ os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'arm64' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'arm' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v6'],
    [{ os: 'linux', architecture: 'amd64', variant: 'v2' }, 'linux/amd64/v2'],
    [{ os: 'linux', architecture: '386' }, 'linux/386'],
    [{ os: 'unknown', architecture: 'unknown' }, 'unknown/unknown'],
    [{}, 'unknown/unknown'],
    [{ architecture: 'arm' }, 'unknown/arm'],
    [{ os: 'windows', architecture: 'amd64' }, 'windows/amd64'],
    [{ os: 'linux', architecture: 'arm', variant: 'v8' }, 'linux/arm/v8'],
  ])('%j -> %j', (descriptor, platform) => {
    expect(platformOfDescriptor(descriptor)).toBe(platform);
  });
});

describe('nativePlatforms', () => {
  test.each<[string | undefined, string[]]>([
    ['linux/amd64', ['linux/amd64', 'linux/amd64/v2', 'linux/amd64/v3', 'linux/amd64/v4', 'linux/386']],
    ['linux/arm64', ['linux/arm64']],
    ['linux/s390x', ['linux/s390x']],
    [undefined, []],
  ])('host %j runs %j', (host, platforms) => {
    expect(nativePlatforms(host)).toEqual(platforms);
  });
});
