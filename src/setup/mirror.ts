// A registry mirror for Docker Hub (issue 19): the builder's pulls through its buildkitd.toml, and the images the
// action itself has pulled from Docker Hub (binfmt, the created builder's BuildKit) taken from the mirror instead.
import type { Config } from '../config/index.js';
import { locationOf, parseReference } from '../image/reference.js';

/** The image buildx runs for a docker-container node when driver-opts name none. */
export const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1';

/** An image on Docker Hub, as the mirror serves it (official images under library/); any other image as it is. */
export function mirroredImage(image: string, mirror: string): string {
  if (mirror === '') return image;
  const ref = parseReference(image);
  const { registry, path } = locationOf(ref);
  if (registry !== 'docker.io') return image;
  return `${mirror}/${path}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The binfmt image the QEMU phase runs: from the mirror when it is a Docker Hub image. */
export function binfmtImage(config: Pick<Config, 'qemuImage' | 'registryMirror'>): string {
  return config.qemuImage === 'host' ? 'host' : mirroredImage(config.qemuImage, config.registryMirror);
}

/** A docker-container node's driver-opts with its BuildKit image taken from the mirror (buildx's default one too). */
export function mirroredDriverOpts(driverOpts: readonly string[], driver: string, mirror: string): readonly string[] {
  if (mirror === '' || driver !== 'docker-container') return driverOpts;
  if (!driverOpts.some((opt) => opt.startsWith('image='))) return [...driverOpts, `image=${mirroredImage(DEFAULT_BUILDKIT_IMAGE, mirror)}`];
  return driverOpts.map((opt) => (opt.startsWith('image=') ? `image=${mirroredImage(opt.slice('image='.length), mirror)}` : opt));
}

const HUB_SECTION = /^[ \t]*\[registry\."docker\.io"\][ \t]*(?:#.*)?$/m;

/** The `[registry."docker.io"]` section of a buildkitd.toml, header excluded, or undefined. */
function hubSection(toml: string): string | undefined {
  const header = HUB_SECTION.exec(toml);
  if (!header) return undefined;
  const rest = toml.slice(header.index + header[0].length);
  const next = /^[ \t]*\[/m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** Whether a buildkitd.toml already names mirrors for Docker Hub (then the input would contradict it). */
export function hasHubMirrors(toml: string): boolean {
  return /^\s*mirrors\s*=/m.test(hubSection(toml) ?? '');
}

/** The user's buildkitd.toml with the mirror for Docker Hub: into their docker.io section, else in one of its own. */
export function withMirror(base: string, mirror: string): string {
  if (mirror === '') return base;
  const line = `  mirrors = [${JSON.stringify(mirror)}]`;
  const header = HUB_SECTION.exec(base);
  if (!header) return [base.trim(), `[registry."docker.io"]\n${line}`].filter((part) => part !== '').join('\n\n');
  const end = header.index + header[0].length;
  return `${base.slice(0, end)}\n${line}${base.slice(end)}`;
}
