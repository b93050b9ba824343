import * as crypto from 'node:crypto';
import { runOrThrow } from './exec.js';
import { platformOfDescriptor } from './platforms.js';
import { REGISTRY_RETRY, withRetry } from './retry.js';

export const INDEX_MEDIA_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

interface Manifest {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

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

export function isIndex(manifest: Manifest): boolean {
  return manifest.manifests !== undefined || INDEX_MEDIA_TYPES.includes(manifest.mediaType ?? '');
}

/** An index entry that is an image (not an attestation manifest, which buildx files under unknown/unknown). */
function isImageEntry(entry: Descriptor): boolean {
  return entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && entry.platform?.os !== 'unknown';
}

/**
 * `{platform: digest}` for every image in a pushed manifest. An index lists them; a plain manifest (one
 * platform, no attestations) is the image itself, so it stands for the one platform that was built.
 */
export function platformDigests(raw: string, requested: readonly string[]): Record<string, string> {
  const manifest = JSON.parse(raw) as Manifest;
  if (!isIndex(manifest)) {
    if (requested.length !== 1) throw new Error(`the registry holds a single image where ${requested.length} platforms were built`);
    return { [requested[0]]: digestOf(raw) };
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

export function digestOf(raw: string): string {
  return `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * The manifest the registry serves for `repository@digest`, byte for byte: its digest is checked against the one
 * asked for, so the outputs describe what the registry holds rather than what the build reported.
 */
export async function pushedManifest(repository: string, digest: string, builder: string): Promise<string> {
  const ref = `${repository}@${digest}`;
  const result = await withRetry(`reading ${ref}`, REGISTRY_RETRY, () =>
    runOrThrow(`reading the pushed index ${ref}`, 'docker', ['buildx', 'imagetools', 'inspect', '--builder', builder, '--raw', ref], { silent: true }),
  );
  // imagetools prints the manifest's bytes followed by one newline
  const raw = result.stdout.endsWith('\n') && digestOf(result.stdout) !== digest ? result.stdout.slice(0, -1) : result.stdout;
  if (digestOf(raw) !== digest) throw new Error(`the registry served ${ref} with digest ${digestOf(raw)}`);
  return raw;
}
