// The pure parts of installing a buildx release (the download itself needs github.com): which asset the runner's
// own architecture runs, the release's checksums.txt and the check of a downloaded file against it, the version
// `latest` redirects to, and a cache key and path that a later run finds again.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import {
  assetName,
  cacheKey,
  cachePath,
  checksumsUrl,
  parseChecksums,
  releaseArch,
  releaseUrl,
  verifyChecksum,
  versionFromLatestRedirect,
} from '../../../src/setup/buildx-install.js';
import { thrown } from '../support.js';

describe("releaseArch: the runner's own architecture (os.arch()), not the Docker daemon's", () => {
  test.each<[string, string | undefined, string]>([
    ['x64', undefined, 'amd64'],
    ['arm64', undefined, 'arm64'],
    ['arm', '7', 'arm-v7'],
    ['arm', '6', 'arm-v6'],
    ['arm', undefined, 'arm-v7'],
    ['ppc64', undefined, 'ppc64le'],
    ['s390x', undefined, 's390x'],
    ['riscv64', undefined, 'riscv64'],
  ])('%s (arm_version %s) -> %s', (arch, armVersion, suffix) => {
    expect(releaseArch(arch, armVersion)).toBe(suffix);
  });

  test('an architecture without a release binary', () => {
    expect(thrown(() => releaseArch('mips64el'))?.message).toBe(
      "buildx releases have no Linux binary for this runner's architecture (mips64el)",
    );
  });
});

describe('release URLs', () => {
  test.each<[string, string]>([
    ['amd64', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-amd64'],
    ['arm-v7', 'https://github.com/docker/buildx/releases/download/v0.29.1/buildx-v0.29.1.linux-arm-v7'],
  ])('%s', (arch, url) => {
    expect(assetName('0.29.1', arch)).toBe(url.split('/').at(-1));
    expect(releaseUrl('0.29.1', arch)).toBe(url);
  });

  test('checksums.txt', () => {
    expect(checksumsUrl('0.29.1')).toBe('https://github.com/docker/buildx/releases/download/v0.29.1/checksums.txt');
  });
});

// the shape buildx's hack/release writes (`shasum -a 256 -b`, the directory cut off): "<sha256> *<asset>"
const A = 'a'.repeat(64);
const CHECKSUMS = `${A} *buildx-v0.29.1.darwin-arm64
${'b'.repeat(64)} *buildx-v0.29.1.linux-amd64
${'c'.repeat(64)}  buildx-v0.29.1.linux-arm-v7
${'d'.repeat(64)} buildx-v0.29.1.linux-arm64.sbom.json
`;

describe('parseChecksums', () => {
  test('binary-mode and text-mode lines', () => {
    expect(parseChecksums(CHECKSUMS)).toEqual(
      new Map([
        ['buildx-v0.29.1.darwin-arm64', A],
        ['buildx-v0.29.1.linux-amd64', 'b'.repeat(64)],
        ['buildx-v0.29.1.linux-arm-v7', 'c'.repeat(64)],
        ['buildx-v0.29.1.linux-arm64.sbom.json', 'd'.repeat(64)],
      ]),
    );
  });
});

describe('verifyChecksum of a downloaded file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildx-install-test-'));
  const file = path.join(dir, 'buildx');
  fs.writeFileSync(file, 'an ELF binary, say');
  const sum = crypto.createHash('sha256').update('an ELF binary, say').digest('hex');

  test('matching', async () => {
    await expect(verifyChecksum(file, 'buildx-v0.29.1.linux-amd64', `${sum} *buildx-v0.29.1.linux-amd64\n`)).resolves.toBeUndefined();
  });

  test('not matching: the download is refused, naming both sums', async () => {
    await expect(verifyChecksum(file, 'buildx-v0.29.1.linux-amd64', CHECKSUMS)).rejects.toThrow(
      new Error(`the downloaded buildx-v0.29.1.linux-amd64 has sha256 ${sum}, but the release's checksums.txt says ${'b'.repeat(64)}`),
    );
  });

  test('not listed', async () => {
    await expect(verifyChecksum(file, 'buildx-v0.29.1.linux-riscv64', CHECKSUMS)).rejects.toThrow(
      new Error("the release's checksums.txt has no line for buildx-v0.29.1.linux-riscv64"),
    );
  });
});

describe('versionFromLatestRedirect: where github.com/docker/buildx/releases/latest points', () => {
  test.each<[string, string]>([
    ['https://github.com/docker/buildx/releases/tag/v0.29.1', '0.29.1'],
    ['https://github.com/docker/buildx/releases/tag/v0.30.0-rc1', '0.30.0-rc1'],
  ])('%s -> %s', (location, version) => {
    expect(versionFromLatestRedirect(location)).toBe(version);
  });

  test.each<[string, string | null]>([
    ['no redirect', null],
    ['the releases page itself', 'https://github.com/docker/buildx/releases'],
    ['a login page', 'https://github.com/login?return_to=%2Fdocker%2Fbuildx'],
  ])('%s', (_, location) => {
    expect(thrown(() => versionFromLatestRedirect(location))?.message).toBe(
      `looking up the latest buildx release: https://github.com/docker/buildx/releases/latest redirected to ${location ?? 'nowhere'}, not to a release tag`,
    );
  });
});

describe('the Actions cache entry: found again by a later run', () => {
  test('keyed on the resolved version and the architecture', () => {
    expect(cacheKey('0.29.1', 'arm64')).toBe('buildx-multiarch-buildx-0.29.1-linux-arm64');
  });

  // @actions/cache hashes the paths into the entry's version: a path with a random part never matches again
  test('the cached path is the same in every run', () => {
    expect(cachePath('0.29.1', 'arm64')).toBe(cachePath('0.29.1', 'arm64'));
    expect(cachePath('0.29.1', 'arm64')).toBe(path.join(os.homedir(), '.cache', 'buildx-multiarch', 'buildx-0.29.1-linux-arm64'));
  });
});
