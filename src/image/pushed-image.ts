// What a pushed image holds, read back over the registry API (a process per read would cost some 300 ms): the
// index, each image's config and compressed size. registry/step-registry.ts falls back to buildx.
import type { RegistryClient } from '../registry/client.js';
import { type ImageConfig, isImageEntry, type PushedImage } from './digests.js';
import type { Descriptor, Manifest } from './oci.js';
import { platformOfDescriptor } from './platforms.js';

/** The sum of an image manifest's layer sizes: what a pull downloads. */
export function compressedSize(manifestJson: string): number | undefined {
  const layers = (JSON.parse(manifestJson) as { layers?: { size?: number }[] }).layers;
  return layers ? layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0) : undefined;
}

/** An image's config and compressed size: its manifest (fetched unless given), then its config blob. */
export async function readImage(
  client: RegistryClient,
  digest: string,
  manifestJson?: string,
): Promise<{ config: ImageConfig; size: number }> {
  const imageJson = manifestJson ?? (await client.manifest(digest));
  const image = JSON.parse(imageJson) as Manifest & { config: Descriptor };
  const config = JSON.parse(await client.blob(image.config.digest)) as ImageConfig;
  return { config, size: compressedSize(imageJson) ?? 0 };
}

/**
 * What the client's repository holds at `digest`, read over the registry API: the index (its bytes checked against the
 * digest), each image's config and compressed size. Throws on anything unexpected (StepRegistry then asks buildx).
 */
export async function readPushedImage(client: RegistryClient, digest: string): Promise<PushedImage & { sizes: Record<string, number> }> {
  const manifestJson = await client.manifest(digest);
  const manifest = JSON.parse(manifestJson) as Manifest;
  const configs: Record<string, ImageConfig> = {};
  const sizes: Record<string, number> = {};
  const images = manifest.manifests ? manifest.manifests.filter(isImageEntry) : [{ digest } as Descriptor];
  await Promise.all(
    images.map(async (entry) => {
      const { config, size } = await readImage(client, entry.digest, entry.digest === digest ? manifestJson : undefined);
      const key = manifest.manifests ? platformOfDescriptor(entry.platform ?? {}) : '';
      configs[key] = { os: config.os, architecture: config.architecture, variant: config.variant };
      sizes[key === '' ? platformOfDescriptor(config) : key] = size;
    }),
  );
  return { manifestJson, configs, sizes };
}
