import * as crypto from 'node:crypto';

import { type Descriptor, INDEX_MEDIA_TYPES, type Manifest } from './oci.js';
import { platformOfDescriptor } from './platforms.js';

/** What buildx wrote to --metadata-file, the parts the outputs need. */
export interface BuildMetadata {
  readonly digest: string | undefined;
  readonly configDigest: string | undefined;
}

export function parseMetadata(json: string): BuildMetadata {
  const metadata = JSON.parse(json) as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined);
  return { digest: text('containerimage.digest'), configDigest: text('containerimage.config.digest') };
}

/**
 * The metadata with `image.name` naming the tags the image now has, as buildx names an image it pushed under
 * them ("app:1,app:latest"): a build that pushed by digest, or under the docker driver's fixed tag, names that.
 */
export function namedByTags(json: string, tags: readonly string[]): string {
  const metadata = JSON.parse(json) as Record<string, unknown>;
  return JSON.stringify({ ...metadata, 'image.name': tags.join(',') }, null, 2);
}

export function isIndex(manifest: Manifest): boolean {
  return manifest.manifests !== undefined || INDEX_MEDIA_TYPES.includes(manifest.mediaType ?? '');
}

/** An index entry that is an image (not an attestation manifest, which buildx files under unknown/unknown). */
export function isImageEntry(entry: Descriptor): boolean {
  return entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && entry.platform?.os !== 'unknown';
}

/**
 * `{platform: digest}` for every image in a pushed manifest. An index lists them; a plain manifest (one
 * platform, no attestations) is the image itself, so it stands for the one platform that was built.
 */
export function platformDigests(raw: string, requested: readonly string[], digest: string = digestOf(raw)): Record<string, string> {
  const manifest = JSON.parse(raw) as Manifest;
  if (!isIndex(manifest)) {
    if (requested.length !== 1) throw new Error(`the registry holds a single image where ${requested.length} platforms were built`);
    return { [requested[0]]: digest };
  }
  const digests: Record<string, string> = {};
  for (const entry of manifest.manifests ?? []) {
    if (!isImageEntry(entry) || !entry.platform) continue;
    const platform = platformOfDescriptor(entry.platform);
    if (digests[platform] !== undefined) throw new Error(`the index lists ${platform} twice`);
    digests[platform] = entry.digest;
  }
  return digests;
}

/** The requested platforms an index does not hold, and the platforms it holds that were not requested. */
export function platformMismatch(digests: Record<string, string>, requested: readonly string[]): { missing: string[]; extra: string[] } {
  const held = Object.keys(digests);
  return { missing: requested.filter((p) => !held.includes(p)), extra: held.filter((p) => !requested.includes(p)) };
}

export function digestOf(raw: string | Buffer): string {
  return `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`;
}

/** An image config's platform fields. */
export interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
}

/** What `imagetools inspect --format '{{json .}}'` tells of a pushed image: its manifest and every image config. */
export interface PushedImage {
  /** The index (or, for one platform without attestations, the image manifest) as JSON. */
  readonly manifestJson: string;
  /** Image config by the platform of its index entry; for a plain manifest, the one config under "". */
  readonly configs: Readonly<Record<string, ImageConfig>>;
}

export function parseInspect(json: string): PushedImage {
  const inspected = JSON.parse(json) as { manifest: Manifest; image?: ImageConfig | Record<string, ImageConfig> };
  const image = inspected.image ?? {};
  const single = typeof (image as ImageConfig).architecture === 'string';
  const configs: Record<string, ImageConfig> = {};
  if (single) configs[''] = image as ImageConfig;
  else
    for (const [platform, config] of Object.entries(image as Record<string, ImageConfig>))
      configs[platformOfDescriptor(parsePlatformKey(platform))] = config;
  return { manifestJson: JSON.stringify(inspected.manifest), configs };
}

function parsePlatformKey(key: string): ImageConfig {
  const [os, architecture, variant] = key.split('/');
  return { os, architecture, variant };
}

/** The platforms whose image config does not describe the platform its index entry claims. */
export function configMismatches(pushed: PushedImage, digests: Readonly<Record<string, string>>): string[] {
  const mismatches: string[] = [];
  for (const platform of Object.keys(digests)) {
    const config = pushed.configs[platform] ?? pushed.configs[''];
    const actual = config ? platformOfDescriptor(config) : 'no config';
    if (actual !== platform) mismatches.push(`${platform} (its image config says ${actual})`);
  }
  return mismatches;
}

/** Throws, naming the platform, unless the index holds exactly the requested platforms, each with a matching config. */
export function verifyPushed(
  pushed: PushedImage,
  digests: Readonly<Record<string, string>>,
  requested: readonly string[],
  digest: string,
): void {
  // a build of one platform without attestations pushes a manifest, not an index
  const index = isIndex(JSON.parse(pushed.manifestJson) as Manifest);
  const what = index ? `the pushed index ${digest}` : `the pushed image ${digest}`;
  const { missing, extra } = platformMismatch(digests, requested);
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${what} does not hold the requested platforms (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'})`,
    );
  }
  const mismatches = configMismatches(pushed, digests);
  if (mismatches.length > 0)
    throw new Error(`${what} ${index ? 'lists an image under the wrong platform' : 'is of another platform'}: ${mismatches.join('; ')}`);
}
