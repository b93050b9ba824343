// RegistryClient and deleteManifest against a registry on 127.0.0.1 over plain HTTP (loopback), serving what buildx
// pushes (fake-registry.ts): how the client authenticates, what it sends, and what it finds of the registry's scheme.
// An image read (readPushedImage) drives the client where a whole read shows its requests.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import type { RegistryLogin } from '../../../src/config/index.js';
import { readPushedImage } from '../../../src/image/pushed-image.js';
import { RegistryClient, registryClient } from '../../../src/registry/client.js';
import { DOCKER, OCI, PLATFORMS, pushImage, pushIndex, readOfPushedIndex, REPO } from '../fake-images.js';
import { type AuthMode, FakeRegistry, PASSWORD, sha256, TOKEN, USERNAME } from '../fake-registry.js';

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

describe('reading an image through the client: its credentials and headers', () => {
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

    if (message === undefined) await expect(result).resolves.toEqual(readOfPushedIndex(pushed));
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

    expect(image.configs).toEqual(readOfPushedIndex(pushed).configs);
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
