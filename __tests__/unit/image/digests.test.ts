import { describe, expect, test } from '@jest/globals';

import {
  type BuildMetadata,
  configMismatches,
  digestOf,
  isIndex,
  parseInspect,
  parseMetadata,
  platformDigests,
  platformMismatch,
  verifyPushed,
} from '../../../src/image/digests.js';
import { fixture, thrown } from '../support.js';

// Expected values read by hand from the captured fixtures (see __tests__/fixtures/README.md for the commands).
const P3 = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

describe('parseMetadata', () => {
  test.each<[string, BuildMetadata]>([
    [
      'metadata-docker-container-provenance.json',
      { digest: 'sha256:73784f9a542a1bb03fed8fc7c93ee5beabef2fe195f8265d63b89cb6e95f15bd', configDigest: undefined },
    ],
    [
      'metadata-docker-container.json',
      { digest: 'sha256:c81404c25c6d22a3da40143918a37f3377e902c240e591fd526e4333d9e161c3', configDigest: undefined },
    ],
    [
      'metadata-docker-container-oci-mediatypes.json',
      { digest: 'sha256:7bfc62b5ad93ef4ecfb52f7c5cd1dd24181ce5c593b1a67734c29eb287ded9c1', configDigest: undefined },
    ],
    [
      'metadata-docker-container-single.json',
      {
        digest: 'sha256:1b72cd2640999679d9cb3e342c1db9daae81be13f1bf5504941b87007868dabb',
        configDigest: 'sha256:5b1390b511b8031fcf651ab500ea0acaee256ff99200a37246139a0252ba7e48',
      },
    ],
    [
      'metadata-docker-driver-provenance.json',
      { digest: 'sha256:9ac421fde4e661a328972923a511e382c3b191484b4bd00754f19feb2a01d25b', configDigest: undefined },
    ],
    [
      'metadata-docker-driver.json',
      { digest: 'sha256:00789f6ba044b78022a706079c52279d61b3681042a730aaeebc255e223725be', configDigest: undefined },
    ],
  ])('%s', (name, metadata) => {
    expect(parseMetadata(fixture(name))).toEqual(metadata);
  });

  test.each<[string, BuildMetadata]>([
    ['{}', { digest: undefined, configDigest: undefined }],
    ['{"containerimage.digest": 42, "containerimage.config.digest": null}', { digest: undefined, configDigest: undefined }],
  ])('%s', (json, metadata) => {
    expect(parseMetadata(json)).toEqual(metadata);
  });
});

describe('platformDigests', () => {
  test.each<[string, string, string[], Record<string, string>]>([
    [
      'OCI index with attestation manifests',
      'imagetools-inspect-raw-oci-attest.json',
      P3,
      {
        'linux/amd64': 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671',
        'linux/arm64': 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7',
        'linux/arm/v7': 'sha256:ac97d8bcc498a728af01860973b714600fd6bd60b6e6f1160a7a0b21f5477401',
      },
    ],
    [
      'OCI index with attestations, docker driver',
      'imagetools-inspect-raw-oci-attest-docker-driver.json',
      P3,
      {
        'linux/amd64': 'sha256:8fc51c47a999c6be7204abcb5793838d716e4918176d91e3d040ac337b4c3cb5',
        'linux/arm64': 'sha256:7948c6d239d15d32bb8a6499e00004fbc3c99bed8c9f14038f4c3b2048fc8378',
        'linux/arm/v7': 'sha256:ba02f2b12636d283c9229bfd7e6ca641d62616d8e3af7f4c82e143ed875fb70b',
      },
    ],
    [
      'OCI index without attestations',
      'imagetools-inspect-raw-oci.json',
      P3,
      {
        'linux/amd64': 'sha256:f886d7b04d3f8ca9ad9853ffc7e5d88c4cb4ac09a20ff4a96a458c142856919e',
        'linux/arm64': 'sha256:462a8a48a93ddf2b0cdedaabd2e9ff93b9242c22877d2bd1f8524d473dba6bec',
        'linux/arm/v7': 'sha256:38bf7eb08a519e92e930c3232eb3f00aca4b55739d5c82191e54b56fd98c298d',
      },
    ],
    [
      'Docker manifest list (buildx default without provenance)',
      'imagetools-inspect-raw-default-noattest.json',
      P3,
      {
        'linux/amd64': 'sha256:3f6c9582d3be9f5db0d467415bda9cb425970784e8ad1503aa159aadbf91d479',
        'linux/arm64': 'sha256:3424a55886b145b886946506a4e296a2371cf66a1f03919f6ffc9403509c9bd2',
        'linux/arm/v7': 'sha256:e6135dcf596cabc2a56410410635fc6541446ce3aa5b3e76f6e833c174a7f31a',
      },
    ],
    [
      'Docker manifest list (oci-mediatypes=false)',
      'imagetools-inspect-raw-docker-list.json',
      P3,
      {
        'linux/amd64': 'sha256:75336eb00e20bf7aa18d6af5ce3767f12023b2fcc6b28b75d9a76871459de984',
        'linux/arm64': 'sha256:1b72cd2640999679d9cb3e342c1db9daae81be13f1bf5504941b87007868dabb',
        'linux/arm/v7': 'sha256:07136d48c10e0833f8475d6b039bfc9494f2b3bf1b8b3d3f0d7814d9e6e5038e',
      },
    ],
    [
      'single platform with an attestation: an index of 2',
      'imagetools-inspect-raw-single-attest.json',
      ['linux/arm64'],
      { 'linux/arm64': 'sha256:462a8a48a93ddf2b0cdedaabd2e9ff93b9242c22877d2bd1f8524d473dba6bec' },
    ],
    // buildx's metadata for this build records the same digest (metadata-docker-container-single.json)
    [
      'single platform, plain manifest: the manifest itself',
      'imagetools-inspect-raw-single.json',
      ['linux/arm64'],
      { 'linux/arm64': 'sha256:1b72cd2640999679d9cb3e342c1db9daae81be13f1bf5504941b87007868dabb' },
    ],
  ])('%s', (_, name, requested, digests) => {
    expect(platformDigests(fixture(name), requested)).toEqual(digests);
  });

  test.each<[string, string, string[], string]>([
    [
      'a plain manifest where 3 platforms were built',
      fixture('imagetools-inspect-raw-single.json'),
      P3,
      'the registry holds a single image where 3 platforms were built',
    ],
    [
      'an index listing arm64 twice (once as arm64/v8)',
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            digest: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
            platform: { os: 'linux', architecture: 'arm64' },
          },
          {
            digest: 'sha256:2222222222222222222222222222222222222222222222222222222222222222',
            platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
          },
        ],
      }),
      ['linux/arm64'],
      'the index lists linux/arm64 twice',
    ],
  ])('refuses %s', (_, raw, requested, message) => {
    expect(thrown(() => platformDigests(raw, requested))?.message).toBe(message);
  });

  test('descriptor spellings are normalized (arm64/v8, arm without variant)', () => {
    const raw = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          digest: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        },
        {
          digest: 'sha256:2222222222222222222222222222222222222222222222222222222222222222',
          platform: { os: 'linux', architecture: 'arm' },
        },
      ],
    });
    expect(platformDigests(raw, ['linux/arm64', 'linux/arm/v7'])).toEqual({
      'linux/arm64': 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
      'linux/arm/v7': 'sha256:2222222222222222222222222222222222222222222222222222222222222222',
    });
  });
});

describe('digestOf the registry bytes equals the digest buildx reported', () => {
  test.each<[string, string]>([
    ['imagetools-inspect-raw-oci-attest.json', 'sha256:73784f9a542a1bb03fed8fc7c93ee5beabef2fe195f8265d63b89cb6e95f15bd'],
    ['imagetools-inspect-raw-default-noattest.json', 'sha256:c81404c25c6d22a3da40143918a37f3377e902c240e591fd526e4333d9e161c3'],
    ['imagetools-inspect-raw-oci.json', 'sha256:7bfc62b5ad93ef4ecfb52f7c5cd1dd24181ce5c593b1a67734c29eb287ded9c1'],
    ['imagetools-inspect-raw-single.json', 'sha256:1b72cd2640999679d9cb3e342c1db9daae81be13f1bf5504941b87007868dabb'],
    ['imagetools-inspect-raw-oci-attest-docker-driver.json', 'sha256:9ac421fde4e661a328972923a511e382c3b191484b4bd00754f19feb2a01d25b'],
  ])('%s -> %s', (name, digest) => {
    expect(digestOf(fixture(name))).toBe(digest);
  });

  test.each<[string, string]>([
    ['imagetools-inspect-raw-oci-attest.json', 'metadata-docker-container-provenance.json'],
    ['imagetools-inspect-raw-default-noattest.json', 'metadata-docker-container.json'],
    ['imagetools-inspect-raw-oci.json', 'metadata-docker-container-oci-mediatypes.json'],
    ['imagetools-inspect-raw-single.json', 'metadata-docker-container-single.json'],
    ['imagetools-inspect-raw-oci-attest-docker-driver.json', 'metadata-docker-driver-provenance.json'],
  ])('%s matches containerimage.digest of %s', (raw, metadata) => {
    expect(digestOf(fixture(raw))).toBe(parseMetadata(fixture(metadata)).digest);
  });

  test.each<[string, string]>([
    ['', 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['{}', 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'],
  ])('digestOf(%j) = %s', (text, digest) => {
    expect(digestOf(text)).toBe(digest);
  });
});

describe('isIndex', () => {
  test.each<[string, string, boolean]>([
    ['OCI index', fixture('imagetools-inspect-raw-oci-attest.json'), true],
    ['Docker manifest list', fixture('imagetools-inspect-raw-docker-list.json'), true],
    ['single-platform index', fixture('imagetools-inspect-raw-single-attest.json'), true],
    ['plain Docker manifest', fixture('imagetools-inspect-raw-single.json'), false],
    ['an image config', fixture('imagetools-inspect-raw-single-manifest-config.json'), false],
    ['index media type, no manifests', '{"mediaType":"application/vnd.oci.image.index.v1+json"}', true],
    ['manifests without a media type', '{"schemaVersion":2,"manifests":[]}', true],
    ['OCI image manifest', '{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:x"},"layers":[]}', false],
  ])('%s -> %j', (_, raw, index) => {
    expect(isIndex(JSON.parse(raw))).toBe(index);
  });
});

describe('platformMismatch', () => {
  const d = (...platforms: string[]): Record<string, string> =>
    Object.fromEntries(platforms.map((p, i) => [p, `sha256:${String(i).repeat(64)}`]));
  test.each<[Record<string, string>, string[], { missing: string[]; extra: string[] }]>([
    [d(...P3), P3, { missing: [], extra: [] }],
    [d('linux/arm64', 'linux/amd64'), P3, { missing: ['linux/arm/v7'], extra: [] }],
    [d(...P3, 'linux/s390x'), P3, { missing: [], extra: ['linux/s390x'] }],
    [d('linux/amd64', 'linux/arm/v6'), ['linux/amd64', 'linux/arm/v7'], { missing: ['linux/arm/v7'], extra: ['linux/arm/v6'] }],
    [{}, ['linux/amd64'], { missing: ['linux/amd64'], extra: [] }],
  ])('%j for %j -> %j', (digests, requested, mismatch) => {
    expect(platformMismatch(digests, requested)).toEqual(mismatch);
  });
});

describe('what imagetools inspect {{json .}} says of a pushed image', () => {
  const ATTEST_DIGESTS = {
    'linux/amd64': 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671',
    'linux/arm64': 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7',
    'linux/arm/v7': 'sha256:ac97d8bcc498a728af01860973b714600fd6bd60b6e6f1160a7a0b21f5477401',
  };
  const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

  test('an index with attestations: platform digests from the index, one config per platform', () => {
    const pushed = parseInspect(fixture('imagetools-inspect-format-all-oci-attest.json'));
    expect(platformDigests(pushed.manifestJson, PLATFORMS, 'sha256:unused')).toEqual(ATTEST_DIGESTS);
    expect(Object.keys(pushed.configs).sort()).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
    expect(configMismatches(pushed, ATTEST_DIGESTS)).toEqual([]);
    expect(() => verifyPushed(pushed, ATTEST_DIGESTS, PLATFORMS, 'sha256:i')).not.toThrow();
  });

  test('a plain manifest: the digest asked for stands for the one platform, its config is checked', () => {
    const pushed = parseInspect(fixture('imagetools-inspect-format-all-single.json'));
    const digest = 'sha256:1b72cd2640999679d9cb3e342c1db9daae81be13f1bf5504941b87007868dabb';
    expect(platformDigests(pushed.manifestJson, ['linux/arm64'], digest)).toEqual({ 'linux/arm64': digest });
    expect(configMismatches(pushed, { 'linux/arm64': digest })).toEqual([]);
    expect(configMismatches(pushed, { 'linux/amd64': digest })).toEqual(['linux/amd64 (its image config says linux/arm64)']);
    expect(() => verifyPushed(pushed, { 'linux/amd64': digest }, ['linux/amd64'], digest)).toThrow(
      `the pushed image ${digest} is of another platform: linux/amd64 (its image config says linux/arm64)`,
    );
  });

  test.each<[string, (configs: Record<string, { os?: string; architecture?: string; variant?: string }>) => void, string[], string]>([
    [
      'an image filed under the wrong platform',
      (c) => (c['linux/arm64'] = { os: 'linux', architecture: 'amd64' }),
      PLATFORMS,
      'the pushed index sha256:i lists an image under the wrong platform: linux/arm64 (its image config says linux/amd64)',
    ],
    [
      'an arm image whose config lacks the v7 variant still matches (containerd reads arm as v7)',
      (c) => (c['linux/arm/v7'] = { os: 'linux', architecture: 'arm' }),
      PLATFORMS,
      '',
    ],
    [
      'a requested platform missing from the index',
      () => undefined,
      [...PLATFORMS, 'linux/s390x'],
      'the pushed index sha256:i does not hold the requested platforms (missing: linux/s390x; unexpected: none)',
    ],
    [
      'a platform nobody asked for',
      () => undefined,
      ['linux/amd64', 'linux/arm64'],
      'the pushed index sha256:i does not hold the requested platforms (missing: none; unexpected: linux/arm/v7)',
    ],
  ])('verifyPushed: %s', (_, tamper, requested, message) => {
    const pushed = parseInspect(fixture('imagetools-inspect-format-all-oci-attest.json'));
    const configs = { ...pushed.configs } as Record<string, { os?: string; architecture?: string; variant?: string }>;
    tamper(configs);
    const error = thrown(() => verifyPushed({ ...pushed, configs }, ATTEST_DIGESTS, requested, 'sha256:i'));
    expect(error?.message ?? '').toBe(message);
  });
});
