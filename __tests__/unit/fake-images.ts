// What buildx pushes, built in a FakeRegistry (fake-registry.ts): an index of three platforms and an attestation
// manifest, each image manifest with a config and two layers, every digest the sha256 of the exact bytes served.
import type { ImageConfig } from '../../src/image/digests.js';
import { type Descriptor, type FakeRegistry, sha256 } from './fake-registry.js';

/** The repository the builders below push to. */
export const REPO = 'acme/app';

export interface MediaTypes {
  readonly index: string;
  readonly manifest: string;
  readonly config: string;
  readonly layer: string;
}

/** The media types BuildKit pushes with oci-mediatypes, and those of Docker's manifest list. */
export const OCI: MediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

export const DOCKER: MediaTypes = {
  index: 'application/vnd.docker.distribution.manifest.list.v2+json',
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

export interface ImagePlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** The platforms buildx pushes, as the index entry and as the image config each describe them. */
export const PLATFORMS: readonly { key: string; entry: ImagePlatform; config: ImagePlatform; layers: [number, number] }[] = [
  {
    key: 'linux/amd64',
    entry: { architecture: 'amd64', os: 'linux' },
    config: { architecture: 'amd64', os: 'linux' },
    layers: [2152262, 103],
  },
  // BuildKit writes variant v8 into an arm64 config, and none into the index entry
  {
    key: 'linux/arm64',
    entry: { architecture: 'arm64', os: 'linux' },
    config: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    layers: [1987533, 104],
  },
  {
    key: 'linux/arm/v7',
    entry: { architecture: 'arm', os: 'linux', variant: 'v7' },
    config: { architecture: 'arm', os: 'linux', variant: 'v7' },
    layers: [1728964, 102],
  },
];

// BuildKit writes configs compact and manifests indented: a client that re-serializes shows in the bytes
export function pushImage(registry: FakeRegistry, types: MediaTypes, config: ImagePlatform, layerSizes: readonly number[]): Descriptor {
  const diffIds = layerSizes.map((size, i) => sha256(`diff ${config.architecture} ${i} ${size}`));
  const configBlob = registry.pushBlob(
    REPO,
    JSON.stringify({
      architecture: config.architecture,
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
      created: '2025-01-01T00:00:00Z',
      history: [{ created_by: 'BusyBox 1.36.1' }, { created_by: 'RUN /bin/sh -c uname -m > /arch # buildkit' }],
      os: config.os,
      rootfs: { type: 'layers', diff_ids: diffIds },
      ...(config.variant ? { variant: config.variant } : {}),
    }),
    types.config,
  );
  const layers = layerSizes.map((size, i) => ({
    mediaType: types.layer,
    digest: sha256(`layer ${config.architecture} ${i} ${size}`),
    size,
  }));
  const manifest = { schemaVersion: 2, mediaType: types.manifest, config: configBlob, layers };
  return registry.pushManifest(REPO, JSON.stringify(manifest, null, 2), types.manifest);
}

/** The in-toto attestation manifest buildx adds for an image, filed under unknown/unknown. */
export function pushAttestation(registry: FakeRegistry, subject: Descriptor): Descriptor {
  const configBlob = registry.pushBlob(
    REPO,
    JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256('provenance')] } }),
    OCI.config,
  );
  const provenance = registry.pushBlob(
    REPO,
    JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: { sha256: subject.digest.slice(7) } }] }),
    'application/vnd.in-toto+json',
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI.manifest,
    config: configBlob,
    layers: [{ ...provenance, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } }],
  };
  return registry.pushManifest(REPO, JSON.stringify(manifest, null, 2), OCI.manifest);
}

export interface Pushed {
  readonly digest: string;
  readonly bytes: string;
  readonly attestation: string | undefined;
}

/** An index of the three platforms, with one attestation manifest when OCI (buildx forces OCI for attestations). */
export function pushIndex(registry: FakeRegistry, types: MediaTypes): Pushed {
  const images = PLATFORMS.map((p) => ({ ...pushImage(registry, types, p.config, p.layers), platform: p.entry }));
  const attestation = types === OCI ? pushAttestation(registry, images[0]) : undefined;
  const manifests: object[] = [...images];
  if (attestation) {
    manifests.push({
      ...attestation,
      annotations: { 'vnd.docker.reference.digest': images[0].digest, 'vnd.docker.reference.type': 'attestation-manifest' },
      platform: { architecture: 'unknown', os: 'unknown' },
    });
  }
  const bytes = JSON.stringify({ schemaVersion: 2, mediaType: types.index, manifests }, null, 2);
  return { digest: registry.pushManifest(REPO, bytes, types.index).digest, bytes, attestation: attestation?.digest };
}

/** What a read of pushIndex's index finds: each platform's config, and its compressed size (the sum of its layers). */
export const PUSHED_CONFIGS: Record<string, ImageConfig> = Object.fromEntries(PLATFORMS.map((p) => [p.key, p.config]));
export const PUSHED_SIZES: Record<string, number> = Object.fromEntries(PLATFORMS.map((p) => [p.key, p.layers[0] + p.layers[1]]));

/** What a whole read of pushIndex's index finds: its bytes as served, then PUSHED_CONFIGS and PUSHED_SIZES. */
export function readOfPushedIndex(pushed: Pushed): {
  manifestJson: string;
  configs: Record<string, ImageConfig>;
  sizes: Record<string, number>;
} {
  return { manifestJson: pushed.bytes, configs: PUSHED_CONFIGS, sizes: PUSHED_SIZES };
}
