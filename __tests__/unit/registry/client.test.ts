// RegistryClient (deleteManifest among its calls) and readPushedImage against a registry on 127.0.0.1 over plain HTTP (loopback),
// serving what buildx pushes: an index of three platforms and an attestation manifest, each image manifest with
// a config and two layers, every digest the sha256 of the exact bytes served.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import type { RegistryLogin } from '../../../src/config/index.js';
import type { ImageConfig } from '../../../src/image/digests.js';
import { readPushedImage } from '../../../src/image/pushed-image.js';
import { RegistryClient, registryClient } from '../../../src/registry/client.js';
import { type AuthMode, type Descriptor, FakeRegistry, PASSWORD, sha256, TOKEN, USERNAME } from '../fake-registry.js';

const REPO = 'acme/app';

interface MediaTypes {
  readonly index: string;
  readonly manifest: string;
  readonly config: string;
  readonly layer: string;
}

const OCI: MediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

const DOCKER: MediaTypes = {
  index: 'application/vnd.docker.distribution.manifest.list.v2+json',
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

interface ImagePlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** The platforms buildx pushes, as the index entry and as the image config each describe them. */
const PLATFORMS: readonly { key: string; entry: ImagePlatform; config: ImagePlatform; layers: [number, number] }[] = [
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
function pushImage(registry: FakeRegistry, types: MediaTypes, config: ImagePlatform, layerSizes: readonly number[]): Descriptor {
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
function pushAttestation(registry: FakeRegistry, subject: Descriptor): Descriptor {
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

interface Pushed {
  readonly digest: string;
  readonly bytes: string;
  readonly attestation: string | undefined;
}

/** An index of the three platforms, with one attestation manifest when OCI (buildx forces OCI for attestations). */
function pushIndex(registry: FakeRegistry, types: MediaTypes): Pushed {
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

const EXPECTED_CONFIGS: Record<string, ImageConfig> = Object.fromEntries(PLATFORMS.map((p) => [p.key, p.config]));
const EXPECTED_SIZES: Record<string, number> = Object.fromEntries(PLATFORMS.map((p) => [p.key, p.layers[0] + p.layers[1]]));

let registry: FakeRegistry;
let blobStore: FakeRegistry;

beforeAll(async () => {
  registry = await FakeRegistry.start();
  blobStore = await FakeRegistry.start();
});

afterAll(async () => {
  await registry.close();
  await blobStore.close();
});

beforeEach(() => {
  registry.reset();
  blobStore.reset();
});

const repository = (): string => `${registry.host}/${REPO}`;
const login = (password = PASSWORD, host = registry.host): RegistryLogin => ({ registry: host, username: USERNAME, password });
const basicHeader = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;

/** The error an async function rejects with, or undefined when it resolves. */
async function rejection(fn: () => Promise<unknown>): Promise<Error | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('readPushedImage', () => {
  test.each<[string, MediaTypes]>([
    ['an OCI index of 3 platforms and an attestation manifest', OCI],
    ['a Docker manifest list of 3 platforms', DOCKER],
  ])('%s: the index bytes as served, one config and size per platform', async (_, types) => {
    const pushed = pushIndex(registry, types);

    const image = await readPushedImage(registryClient(repository(), [], []), pushed.digest);

    expect(image.manifestJson).toBe(pushed.bytes);
    expect(image.configs).toEqual(EXPECTED_CONFIGS);
    expect(image.sizes).toEqual(EXPECTED_SIZES);
  });

  test('never fetches the attestation manifest', async () => {
    const pushed = pushIndex(registry, OCI);

    await readPushedImage(registryClient(repository(), [], []), pushed.digest);

    expect(registry.requests.filter((r) => r.url.includes(pushed.attestation as string))).toEqual([]);
  });

  test.each<[string, ImagePlatform, string]>([
    ['linux/amd64', { architecture: 'amd64', os: 'linux' }, 'linux/amd64'],
    ['linux/arm64, its config with variant v8', { architecture: 'arm64', os: 'linux', variant: 'v8' }, 'linux/arm64'],
    ['linux/arm/v7', { architecture: 'arm', os: 'linux', variant: 'v7' }, 'linux/arm/v7'],
  ])('a single image manifest (%s): its config under "", its size under the config\'s platform', async (_, config, key) => {
    const manifest = pushImage(registry, OCI, config, [1036323, 103]);

    const image = await readPushedImage(registryClient(repository(), [], []), manifest.digest);

    expect(image.manifestJson).toBe(registry.manifestBytes(REPO, manifest.digest));
    expect(image.configs).toEqual({ '': config });
    expect(image.sizes).toEqual({ [key]: 1036323 + 103 });
  });

  test('bytes that are not the requested digest: the index', async () => {
    const pushed = pushIndex(registry, OCI);
    const requested = sha256('another index');
    registry.serveManifestAs(REPO, requested, pushed.bytes, OCI.index);

    const error = await rejection(() => readPushedImage(registryClient(repository(), [], []), requested));

    expect(error?.message).toBe(`the registry served ${requested} with digest ${pushed.digest}`);
  });

  test('bytes that are not the requested digest: an image manifest the index lists', async () => {
    const pushed = pushIndex(registry, OCI);
    const [amd64, arm64] = (JSON.parse(pushed.bytes) as { manifests: Descriptor[] }).manifests.map((entry) => entry.digest);
    registry.serveManifestAs(REPO, arm64, registry.manifestBytes(REPO, amd64) as string, OCI.manifest);

    const error = await rejection(() => readPushedImage(registryClient(repository(), [], []), pushed.digest));

    expect(error?.message).toBe(`the registry served ${arm64} with digest ${amd64}`);
  });

  test('a digest the registry does not hold', async () => {
    pushIndex(registry, OCI);
    const unknown = sha256('never pushed');

    const error = await rejection(() => readPushedImage(registryClient(repository(), [], []), unknown));

    expect(error?.message).toBe(`GET manifest ${unknown} failed: 404 Not Found`);
  });

  test('an image whose config blob the registry lost', async () => {
    const config = registry.pushBlob(REPO, '{}', OCI.config);
    const lost = { ...config, digest: sha256('lost config') };
    const manifest = registry.pushManifest(
      REPO,
      JSON.stringify({ schemaVersion: 2, mediaType: OCI.manifest, config: lost, layers: [] }, null, 2),
      OCI.manifest,
    );

    const error = await rejection(() => readPushedImage(registryClient(repository(), [], []), manifest.digest));

    expect(error?.message).toBe(`GET blob ${lost.digest} failed: 404 Not Found`);
  });

  // '<digest>' stands for the index's digest, known once pushed
  test.each<[string, AuthMode, boolean, () => RegistryLogin[], string | undefined]>([
    ['anonymous registry, no login', 'anonymous', false, () => [], undefined],
    ['Basic, the right credentials', 'basic', false, () => [login()], undefined],
    ['Basic, a wrong password', 'basic', false, () => [login('wrong')], 'GET manifest <digest> failed: 401 Unauthorized'],
    ['Basic, no login', 'basic', false, () => [], 'GET manifest <digest> failed: 401 Unauthorized'],
    [
      'Basic, a login for another registry only',
      'basic',
      false,
      () => [login(PASSWORD, 'ghcr.io')],
      'GET manifest <digest> failed: 401 Unauthorized',
    ],
    ['Bearer, the right credentials', 'bearer', false, () => [login()], undefined],
    // the token endpoint refuses, and the error says so rather than blaming the manifest
    ['Bearer, a wrong password', 'bearer', false, () => [login('wrong')], 'token request to <host> failed: 401 Unauthorized'],
    ['Bearer, no login, a private repository', 'bearer', false, () => [], 'token request to <host> failed: 401 Unauthorized'],
    ['Bearer, no login, a public repository (anonymous pull token)', 'bearer', true, () => [], undefined],
  ])('%s', async (_, auth, anonymousPull, logins, message) => {
    const pushed = pushIndex(registry, OCI);
    registry.auth = auth;
    registry.anonymousPull = anonymousPull;

    const result = readPushedImage(registryClient(repository(), logins(), []), pushed.digest);

    if (message === undefined)
      await expect(result).resolves.toEqual({ manifestJson: pushed.bytes, configs: EXPECTED_CONFIGS, sizes: EXPECTED_SIZES });
    else await expect(result).rejects.toThrow(new Error(message.replace('<digest>', pushed.digest).replace('<host>', registry.host)));
  });

  test('Basic: no credentials until the registry challenges, then with every request', async () => {
    const pushed = pushIndex(registry, OCI);
    registry.auth = 'basic';

    await readPushedImage(registryClient(repository(), [login()], []), pushed.digest);

    // the challenged first try, then the index again, 3 image manifests, 3 configs
    expect(registry.apiRequests().map((r) => r.authorization)).toEqual([undefined, ...Array(7).fill(basicHeader)]);
    expect(registry.tokenRequests()).toEqual([]);
  });

  test('a login for another registry is never sent to this one', async () => {
    const pushed = pushIndex(registry, OCI);

    await readPushedImage(registryClient(repository(), [login(PASSWORD, 'ghcr.io')], []), pushed.digest);

    expect(registry.requests.map((r) => r.authorization)).toEqual(Array(7).fill(undefined));
  });

  test('Bearer: one token, asked for with the credentials and the pull scope, for the whole read', async () => {
    const pushed = pushIndex(registry, OCI);
    registry.auth = 'bearer';

    await readPushedImage(registryClient(repository(), [login()], []), pushed.digest);

    const tokens = registry.tokenRequests();
    expect(tokens).toHaveLength(1);
    expect(tokens[0].authorization).toBe(basicHeader);
    expect(new URL(tokens[0].url, 'http://x').searchParams.get('service')).toBe('test');
    expect(new URL(tokens[0].url, 'http://x').searchParams.get('scope')).toBe(`repository:${REPO}:pull`);
    // the challenged first try, then the index again, 3 image manifests, 3 configs, all with the token
    const api = registry.apiRequests();
    expect(api.map((r) => r.url)).toHaveLength(8);
    expect(api.slice(1).map((r) => r.authorization)).toEqual(Array(7).fill(`Bearer ${TOKEN}`));
  });

  test('manifests are asked for with an Accept header that admits OCI and Docker indexes and images', async () => {
    const pushed = pushIndex(registry, OCI);

    await readPushedImage(registryClient(repository(), [], []), pushed.digest);

    const accept = registry.requests.find((r) => r.url.includes('/manifests/'))?.accept ?? '';
    expect(accept.split(', ').sort()).toEqual([OCI.index, OCI.manifest, DOCKER.index, DOCKER.manifest].sort());
  });

  test.each<[string, AuthMode]>([
    ['Basic', 'basic'],
    ['Bearer', 'bearer'],
  ])('config blobs redirected to a storage host (S3, a CDN) are read from it without the registry credentials (%s)', async (_, auth) => {
    const pushed = pushIndex(registry, OCI);
    registry.auth = auth;
    registry.blobStore = blobStore;

    const image = await readPushedImage(registryClient(repository(), [login()], []), pushed.digest);

    expect(image.configs).toEqual(EXPECTED_CONFIGS);
    expect(blobStore.requests.map((r) => r.authorization)).toEqual(Array(3).fill(undefined));
  });
});

describe('RegistryClient', () => {
  test('reads a manifest and a blob over plain HTTP from a loopback registry', async () => {
    const config = registry.pushBlob(REPO, '{"architecture":"amd64","os":"linux"}', OCI.config);
    const manifest = registry.pushManifest(
      REPO,
      JSON.stringify({ schemaVersion: 2, mediaType: OCI.manifest, config, layers: [] }),
      OCI.manifest,
    );
    const client = new RegistryClient({ registry: registry.host, repository: REPO }, undefined, []);

    expect(JSON.parse(await client.manifest(manifest.digest))).toEqual({ schemaVersion: 2, mediaType: OCI.manifest, config, layers: [] });
    expect(await client.blob(config.digest)).toBe('{"architecture":"amd64","os":"linux"}');
  });

  test('keeps the Bearer token for later requests', async () => {
    const config = registry.pushBlob(REPO, '{}', OCI.config);
    registry.auth = 'bearer';
    const client = new RegistryClient({ registry: registry.host, repository: REPO }, login(), []);

    await client.blob(config.digest);
    await client.blob(config.digest);
    await client.blob(config.digest);

    expect(registry.tokenRequests()).toHaveLength(1);
    expect(registry.apiRequests().map((r) => r.authorization)).toEqual([undefined, ...Array(3).fill(`Bearer ${TOKEN}`)]);
  });
});

describe('credentials stay off plain HTTP', () => {
  test('a token service on plain HTTP elsewhere than loopback or an insecure registry gets no credentials', async () => {
    const pushed = pushIndex(registry, OCI);
    registry.auth = 'bearer';
    // an address fetch would reach (it is this machine), which isLoopback does not count as loopback
    registry.tokenRealm = `http://[::ffff:127.0.0.1]:${registry.host.split(':')[1]}/token`;

    const result = readPushedImage(registryClient(repository(), [login()], []), pushed.digest);

    await expect(result).rejects.toThrow(
      new Error(
        `the registry's token service http://[::ffff:7f00:1]:${registry.host.split(':')[1]} is plain HTTP: not sending the ${registry.host} credentials there`,
      ),
    );
    expect(registry.tokenRequests()).toEqual([]);
  });
});

describe('RegistryClient.deleteManifest', () => {
  test.each<[string, AuthMode, boolean, boolean, string | undefined, boolean]>([
    ['anonymous, deleted (202)', 'anonymous', true, true, undefined, false],
    ['anonymous, not there (404)', 'anonymous', true, false, undefined, false],
    ['anonymous, deletes disabled (405)', 'anonymous', false, true, '405 Method Not Allowed', true],
    ['Basic, deleted (202)', 'basic', true, true, undefined, false],
    ['Bearer, deleted (202)', 'bearer', true, true, undefined, false],
    ['Bearer, not there (404)', 'bearer', true, false, undefined, false],
    ['Bearer, deletes disabled (405)', 'bearer', false, true, '405 Method Not Allowed', true],
  ])('%s', async (_, auth, deleteEnabled, present, reason, held) => {
    const image = pushImage(registry, OCI, PLATFORMS[0].config, PLATFORMS[0].layers);
    const digest = present ? image.digest : sha256('never pushed');
    registry.auth = auth;
    registry.deleteEnabled = deleteEnabled;

    expect(await registryClient(repository(), [login()], []).deleteManifest(digest)).toBe(reason);
    expect(registry.hasManifest(REPO, image.digest)).toBe(held || !present);
  });

  test("a wrong password: the reason is the registry's 401", async () => {
    const image = pushImage(registry, OCI, PLATFORMS[0].config, PLATFORMS[0].layers);
    registry.auth = 'basic';

    expect(await registryClient(repository(), [login('wrong')], []).deleteManifest(image.digest)).toBe('401 Unauthorized');
    expect(registry.hasManifest(REPO, image.digest)).toBe(true);
  });

  test('Bearer: the token is asked for with the delete scope', async () => {
    const image = pushImage(registry, OCI, PLATFORMS[0].config, PLATFORMS[0].layers);
    registry.auth = 'bearer';

    await registryClient(repository(), [login()], []).deleteManifest(image.digest);

    const tokens = registry.tokenRequests();
    expect(tokens.map((r) => new URL(r.url, 'http://x').searchParams.get('scope'))).toEqual([`repository:${REPO}:delete,pull`]);
    expect(registry.apiRequests().map((r) => [r.method, r.authorization])).toEqual([
      ['DELETE', undefined],
      ['DELETE', `Bearer ${TOKEN}`],
    ]);
  });
});

describe('the scheme of a loopback registry is found once, and found again after a failure', () => {
  test('a warm-up in the background that finds nothing listening rejects nowhere', async () => {
    const late = await FakeRegistry.start();
    const host = late.host;
    await late.close();
    const client = new RegistryClient({ registry: host, repository: REPO }, undefined, []);
    const unhandled: unknown[] = [];
    const note = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      client.warmUp();
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', note);
    }
    expect(unhandled).toEqual([]);
  });

  test('a client whose warm-up found nothing listening reads once the registry is up', async () => {
    const late = await FakeRegistry.start();
    const host = late.host;
    await late.close();
    const client = new RegistryClient({ registry: host, repository: REPO }, undefined, []);
    await expect(client.warm()).rejects.toThrow(/ECONNREFUSED/);

    const port = Number(host.split(':')[1]);
    const revived = await FakeRegistry.start(port);
    try {
      const config = revived.pushBlob(REPO, '{}', OCI.config);
      expect(await client.blob(config.digest)).toBe('{}');
    } finally {
      await revived.close();
    }
  });
});
