import { describe, expect, test } from '@jest/globals';
import { releaseArch, releaseUrl } from '../../src/buildx-install.js';
import { thrown } from './support.js';

describe('releaseArch and releaseUrl', () => {
  test.each<[string, string, string]>([
    ['linux/amd64', 'amd64', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-amd64'],
    ['linux/arm64', 'arm64', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-arm64'],
    ['linux/arm/v7', 'arm-v7', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-arm-v7'],
    ['linux/arm/v6', 'arm-v6', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-arm-v6'],
    ['linux/ppc64le', 'ppc64le', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-ppc64le'],
    ['linux/s390x', 's390x', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-s390x'],
    ['linux/riscv64', 'riscv64', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-riscv64'],
  ])('%s -> %s', (platform, arch, url) => {
    expect(releaseArch(platform)).toBe(arch);
    expect(releaseUrl('0.29.1', arch)).toBe(url);
  });

  test('a platform without a release binary', () => {
    expect(thrown(() => releaseArch('linux/mips64'))?.message).toBe('buildx releases have no binary for linux/mips64');
  });
});
