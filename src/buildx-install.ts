// Loaded only when `buildx-version` is set: @actions/tool-cache and @actions/cache are the heaviest part of the
// bundle, and most runs use the installed plugin.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import * as cache from '@actions/cache';
import * as toolCache from '@actions/tool-cache';
import { runOrThrow, type Exec } from './exec.js';

/** The release asset's architecture suffix for the runner's platform (buildx names ARM variants "arm-v7"). */
export function releaseArch(platform: string): string {
  const suffix: Record<string, string> = {
    'linux/amd64': 'amd64',
    'linux/arm64': 'arm64',
    'linux/arm/v7': 'arm-v7',
    'linux/arm/v6': 'arm-v6',
    'linux/ppc64le': 'ppc64le',
    'linux/s390x': 's390x',
    'linux/riscv64': 'riscv64',
  };
  const arch = suffix[platform];
  if (!arch) throw new Error(`buildx releases have no binary for ${platform}`);
  return arch;
}

export function releaseUrl(version: string, arch: string): string {
  return `https://github.com/docker/buildx/releases/download/v${version}/buildx-v${version}.linux-${arch}`;
}

async function latestVersion(): Promise<string> {
  const response = await fetch('https://api.github.com/repos/docker/buildx/releases/latest', {
    headers: { Accept: 'application/vnd.github+json', 'User-Agent': 'buildx-multiarch' },
  });
  if (!response.ok) throw new Error(`looking up the latest buildx release failed: HTTP ${response.status}`);
  return ((await response.json()) as { tag_name: string }).tag_name.replace(/^v/, '');
}

/**
 * The path of a standalone buildx binary of that release: from the runner's tool cache, else the Actions cache,
 * else downloaded from the release (and saved to both caches for the next run).
 */
export async function installBuildx(exec: Exec, requested: string, platform: string): Promise<string> {
  const version = requested === 'latest' ? await latestVersion() : requested;
  const arch = releaseArch(platform);
  let dir = toolCache.find('buildx', version, arch);
  if (!dir) {
    const staging = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'buildx-download-'));
    const binary = path.join(staging, 'buildx');
    const key = `buildx-multiarch-buildx-${version}-linux-${arch}`;
    const restored = cache.isFeatureAvailable() ? await cache.restoreCache([staging], key).catch(() => undefined) : undefined;
    if (!restored) {
      core.info(`Downloading buildx ${version} (${arch})`);
      await toolCache.downloadTool(releaseUrl(version, arch), binary);
      fs.chmodSync(binary, 0o755);
      if (cache.isFeatureAvailable()) await cache.saveCache([staging], key).catch((error: Error) => core.warning(`caching buildx failed: ${error.message}`));
    }
    dir = await toolCache.cacheFile(binary, 'buildx', 'buildx', version, arch);
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const installed = path.join(dir, 'buildx');
  await runOrThrow(exec, `checking the installed buildx ${version}`, installed, ['version'], { silent: true });
  return installed;
}
