// Loaded only when `buildx-version` is set: @actions/tool-cache and @actions/cache are the heaviest part of the
// bundle, and most runs use the installed plugin.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import * as cache from '@actions/cache';
import * as core from '@actions/core';
import * as toolCache from '@actions/tool-cache';

import { type Exec, runOrThrow } from '../core/exec.js';

const RELEASES = 'https://github.com/docker/buildx/releases';

/**
 * The release asset's architecture suffix for the machine this runs on: the binary runs here, whatever platform a
 * (possibly remote) Docker daemon has. 32-bit ARM is told apart by the ARM version node was built for.
 */
export function releaseArch(arch: string = os.arch(), armVersion: string | undefined = armVersionOfNode()): string {
  const suffix: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: `arm-v${armVersion ?? '7'}`,
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
  };
  if (!suffix[arch]) throw new Error(`buildx releases have no Linux binary for this runner's architecture (${arch})`);
  return suffix[arch];
}

function armVersionOfNode(): string | undefined {
  return (process.config.variables as unknown as Record<string, unknown>).arm_version?.toString();
}

export function assetName(version: string, arch: string): string {
  return `buildx-v${version}.linux-${arch}`;
}

export function releaseUrl(version: string, arch: string): string {
  return `${RELEASES}/download/v${version}/${assetName(version, arch)}`;
}

export function checksumsUrl(version: string): string {
  return `${RELEASES}/download/v${version}/checksums.txt`;
}

/** checksums.txt as `sha256sum`/`shasum -b` write it: "<sha256> [*]<asset>" per line; asset → sha256. */
export function parseChecksums(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^([a-f0-9]{64}) [ *]?(\S+)$/gm)].map((m) => [m[2], m[1]]));
}

/** Throws unless the file's sha256 is the one checksums.txt lists for the asset. */
export async function verifyChecksum(file: string, asset: string, checksumsText: string): Promise<void> {
  const expected = parseChecksums(checksumsText).get(asset);
  if (!expected) throw new Error(`the release's checksums.txt has no line for ${asset}`);
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== expected)
    throw new Error(`the downloaded ${asset} has sha256 ${actual}, but the release's checksums.txt says ${expected}`);
}

/** The version in the Location that releases/latest redirects to (…/releases/tag/v0.29.1). */
export function versionFromLatestRedirect(location: string | null): string {
  const version = location ? /\/releases\/tag\/v([^/?#]+)$/.exec(location)?.[1] : undefined;
  if (!version)
    throw new Error(
      `looking up the latest buildx release: ${RELEASES}/latest redirected to ${location ?? 'nowhere'}, not to a release tag`,
    );
  return version;
}

// The release page's redirect, not the REST API: unauthenticated API calls share 60 an hour per runner IP
async function latestVersion(): Promise<string> {
  const response = await fetch(`${RELEASES}/latest`, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(20_000) });
  return versionFromLatestRedirect(response.headers.get('location'));
}

export function cacheKey(version: string, arch: string): string {
  return `buildx-multiarch-buildx-${version}-linux-${arch}`;
}

/** Where the binary is kept for the Actions cache: @actions/cache hashes the path into the entry, so it must not vary. */
export function cachePath(version: string, arch: string): string {
  return path.join(os.homedir(), '.cache', 'buildx-multiarch', `buildx-${version}-linux-${arch}`);
}

/**
 * The path of a standalone buildx binary of that release: from the runner's tool cache, else the Actions cache,
 * else downloaded from the release, checked against its checksums.txt (and saved to both caches for the next run).
 */
export async function installBuildx(exec: Exec, requested: string, arch: string = releaseArch()): Promise<string> {
  const version = requested === 'latest' ? await latestVersion() : requested;
  let dir = toolCache.find('buildx', version, arch);
  if (!dir) {
    const staging = cachePath(version, arch);
    const binary = path.join(staging, 'buildx');
    const key = cacheKey(version, arch);
    const restored = cache.isFeatureAvailable() ? await cache.restoreCache([staging], key).catch(() => undefined) : undefined;
    if (!restored) {
      core.info(`Downloading buildx ${version} (${arch})`);
      fs.rmSync(staging, { recursive: true, force: true });
      const [sums] = await Promise.all([
        toolCache.downloadTool(checksumsUrl(version)),
        toolCache.downloadTool(releaseUrl(version, arch), binary),
      ]);
      await verifyChecksum(binary, assetName(version, arch), fs.readFileSync(sums, 'utf8'));
      fs.chmodSync(binary, 0o755);
      if (cache.isFeatureAvailable())
        await cache.saveCache([staging], key).catch((error: Error) => core.warning(`caching buildx failed: ${error.message}`));
    }
    dir = await toolCache.cacheFile(binary, 'buildx', 'buildx', version, arch);
  }
  const installed = path.join(dir, 'buildx');
  await runOrThrow(exec, `checking the installed buildx ${version}`, installed, ['version'], { silent: true });
  return installed;
}
