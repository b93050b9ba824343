// The read-back of a pushed image: against a registry on 127.0.0.1 serving what buildx pushes (fake-fakeRegistry().ts),
// the bytes, configs and sizes read, and the digests checked; and the compressed size of captured manifests.
import { describe, expect, test } from '@jest/globals';

import { compressedSize, readPushedImage } from '../../../src/image/pushed-image.js';
import { registryClient } from '../../../src/registry/client.js';
import { DOCKER, type ImagePlatform, type MediaTypes, OCI, pushImage, pushIndex, readOfPushedIndex, REPO } from '../fake-images.js';
import { type Descriptor, fakeRegistryForSuite, sha256 } from '../fake-registry.js';
import { failure, fixture } from '../support.js';

const fakeRegistry = fakeRegistryForSuite();

const repository = (): string => `${fakeRegistry().host}/${REPO}`;

describe('readPushedImage', () => {
  test.each<[string, MediaTypes]>([
    ['an OCI index of 3 platforms and an attestation manifest', OCI],
    ['a Docker manifest list of 3 platforms', DOCKER],
  ])('%s: the index bytes as served, one config and size per platform', async (_, types) => {
    const pushed = pushIndex(fakeRegistry(), types);

    const image = await readPushedImage(registryClient(repository(), [], []), pushed.digest);

    expect(image).toEqual(readOfPushedIndex(pushed));
  });

  test('never fetches the attestation manifest', async () => {
    const pushed = pushIndex(fakeRegistry(), OCI);

    await readPushedImage(registryClient(repository(), [], []), pushed.digest);

    expect(fakeRegistry().requests.filter((r) => r.url.includes(pushed.attestation as string))).toEqual([]);
  });

  test.each<[string, ImagePlatform, string]>([
    ['linux/amd64', { architecture: 'amd64', os: 'linux' }, 'linux/amd64'],
    ['linux/arm64, its config with variant v8', { architecture: 'arm64', os: 'linux', variant: 'v8' }, 'linux/arm64'],
    ['linux/arm/v7', { architecture: 'arm', os: 'linux', variant: 'v7' }, 'linux/arm/v7'],
  ])('a single image manifest (%s): its config under "", its size under the config\'s platform', async (_, config, key) => {
    const manifest = pushImage(fakeRegistry(), OCI, config, [1036323, 103]);

    const image = await readPushedImage(registryClient(repository(), [], []), manifest.digest);

    expect(image.manifestJson).toBe(fakeRegistry().manifestBytes(REPO, manifest.digest));
    expect(image.configs).toEqual({ '': config });
    expect(image.sizes).toEqual({ [key]: 1036323 + 103 });
  });

  test('bytes that are not the requested digest: the index', async () => {
    const pushed = pushIndex(fakeRegistry(), OCI);
    const requested = sha256('another index');
    fakeRegistry().serveManifestAs(REPO, requested, pushed.bytes, OCI.index);

    const error = await failure(readPushedImage(registryClient(repository(), [], []), requested));

    expect(error.message).toBe(`the registry served ${requested} with digest ${pushed.digest}`);
  });

  test('bytes that are not the requested digest: an image manifest the index lists', async () => {
    const pushed = pushIndex(fakeRegistry(), OCI);
    const [amd64, arm64] = (JSON.parse(pushed.bytes) as { manifests: Descriptor[] }).manifests.map((entry) => entry.digest);
    fakeRegistry().serveManifestAs(REPO, arm64, fakeRegistry().manifestBytes(REPO, amd64) as string, OCI.manifest);

    const error = await failure(readPushedImage(registryClient(repository(), [], []), pushed.digest));

    expect(error.message).toBe(`the registry served ${arm64} with digest ${amd64}`);
  });

  test('a digest the registry does not hold', async () => {
    pushIndex(fakeRegistry(), OCI);
    const unknown = sha256('never pushed');

    const error = await failure(readPushedImage(registryClient(repository(), [], []), unknown));

    expect(error.message).toBe(`GET manifest ${unknown} failed: 404 Not Found`);
  });

  test('an image whose config blob the registry lost', async () => {
    const config = fakeRegistry().pushBlob(REPO, '{}', OCI.config);
    const lost = { ...config, digest: sha256('lost config') };
    const manifest = fakeRegistry().pushManifest(
      REPO,
      JSON.stringify({ schemaVersion: 2, mediaType: OCI.manifest, config: lost, layers: [] }, null, 2),
      OCI.manifest,
    );

    const error = await failure(readPushedImage(registryClient(repository(), [], []), manifest.digest));

    expect(error.message).toBe(`GET blob ${lost.digest} failed: 404 Not Found`);
  });
});

describe('compressedSize', () => {
  test.each<[string, string, number | undefined]>([
    ['a Docker v2 manifest (captured): the sum of its 2 layers', fixture('imagetools-inspect-raw-single.json'), 1036323 + 103],
    ['an OCI index (captured): no layers', fixture('imagetools-inspect-raw-oci-attest.json'), undefined],
    ['a Docker manifest list (captured): no layers', fixture('imagetools-inspect-raw-docker-list.json'), undefined],
    [
      'an image without layers',
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"size":2},"layers":[]}',
      0,
    ],
  ])('%s', (_, json, size) => {
    expect(compressedSize(json)).toBe(size);
  });
});
