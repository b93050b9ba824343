// The registry client against real Docker Distribution instances configured per test (token auth with short-lived
// tokens, TLS with a self-signed certificate, htpasswd over plain HTTP), not against the stack's registry: no
// stack lock needed. What the client must do: fetch a new token when the one it holds has expired, never send
// credentials in clear text to a registry that speaks TLS (nor before a challenge asks), and use the credentials
// an earlier `docker login` or a credential helper left.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { readPushedImage } from '../../src/image/pushed-image.js';
import { registryClient } from '../../src/registry/client.js';
import { type Credentials, Distribution, TcpRecorder, Uploader } from './distribution.js';
import { TestProxy } from './forward-proxy.js';
import { TokenIssuer } from './token-issuer.js';

const REPO = 'acme/app';
const CONFIGS = { 'linux/amd64': { architecture: 'amd64', os: 'linux' }, 'linux/arm64': { architecture: 'arm64', os: 'linux' } };
const user: Credentials = { username: 'ci', password: `pw-${crypto.randomBytes(12).toString('hex')}` };
const basicOf = (c: Credentials): string => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const started: { stop(): Promise<void> }[] = [];
async function track<T extends { stop(): Promise<void> }>(thing: Promise<T>): Promise<T> {
  const it = await thing;
  started.push(it);
  return it;
}
afterAll(async () => {
  for (const it of started.reverse()) await it.stop();
});

/** Traces of the credentials in bytes: the password, its Basic header, any Authorization header. */
function credentialsIn(bytes: string): string[] {
  return [user.password, basicOf(user).slice('Basic '.length), 'Authorization:', 'authorization:'].filter((needle) =>
    bytes.includes(needle),
  );
}

/** A token-auth Distribution whose issuer's tokens live `lifetime` s, holding the test index; no token asked yet. */
async function tokenRegistry(lifetime: number): Promise<{ issuer: TokenIssuer; registry: Distribution; digest: string }> {
  const issuer = await track(TokenIssuer.start(user, lifetime));
  const registry = await track(Distribution.start({ auth: { token: issuer } }));
  const digest = await new Uploader(registry, REPO, () => `Bearer ${issuer.sign([`repository:${REPO}:pull,push`])}`).index();
  issuer.requests.length = 0;
  return { issuer, registry, digest };
}

describe('Bearer tokens that expire mid-run (Distribution auth: token, tokens living 3 s)', () => {
  let issuer: TokenIssuer;
  let registry: Distribution;
  let digest: string;

  beforeAll(async () => {
    ({ issuer, registry, digest } = await tokenRegistry(3));
  });

  test('the token fetched while the build ran has expired when the read starts: a new one is fetched, the read succeeds', async () => {
    const repository = `${registry.host}/${REPO}`;
    const logins = [{ registry: registry.host, ...user }];
    const client = registryClient(repository, logins, []);
    await client.warm();
    expect(issuer.requests).toHaveLength(1);

    await sleep(4500);
    const image = await readPushedImage(client, digest);

    expect(image.configs).toEqual(CONFIGS);
    expect(issuer.requests).toHaveLength(2);
    expect(issuer.requests.map((r) => [r.authorization, r.query.get('scope'), r.query.get('service')])).toEqual(
      Array(2).fill([basicOf(user), `repository:${REPO}:pull`, issuer.service]),
    );
  }, 30_000);

  test('reads that meet the expired token at once share one new token', async () => {
    const repository = `${registry.host}/${REPO}`;
    const client = registryClient(repository, [{ registry: registry.host, ...user }], []);
    const index = JSON.parse(await client.manifest(digest)) as { manifests: { digest: string }[] };
    issuer.requests.length = 0;

    await sleep(4500);
    const manifests = await Promise.all(index.manifests.map((entry) => client.manifest(entry.digest)));

    expect(manifests).toHaveLength(index.manifests.length);
    expect(index.manifests.length).toBeGreaterThan(1);
    expect(issuer.requests).toHaveLength(1);
  }, 30_000);
});

describe('insecure-registries: HTTPS without certificate checks first, plain HTTP only without TLS', () => {
  test('a registry with a self-signed certificate: everything over TLS, no credentials in clear text', async () => {
    const registry = await track(Distribution.start({ tls: true, auth: { htpasswd: user } }));
    const digest = await new Uploader(registry, REPO, () => basicOf(user)).index();
    const recorder = await track(TcpRecorder.start(registry.port));
    const repository = `${recorder.host}/${REPO}`;

    // before the credentials were held back until a challenge, this sent them in clear text to the TLS port
    const image = await readPushedImage(registryClient(repository, [{ registry: recorder.host, ...user }], [recorder.host]), digest).catch(
      (error: Error) => error,
    );

    const connections = recorder.connections();
    expect(connections.length).toBeGreaterThan(0);
    expect(credentialsIn(connections.join(''))).toEqual([]);
    // every connection opened with a TLS handshake record, none with a plain HTTP request
    expect(connections.map((bytes) => bytes.charCodeAt(0))).toEqual(connections.map(() => 0x16));
    expect(connections.join('')).not.toMatch(/(GET|HEAD|DELETE) \/v2\//);
    expect(image).toMatchObject({ configs: CONFIGS });
    expect(registry.logs()).toMatch(/"GET \/v2\/acme\/app\/manifests\/sha256:[a-f0-9]{64} HTTP\/[\d.]+" 200/);
  }, 30_000);

  test('a plain-HTTP registry: reached over HTTP, the credentials sent only after its challenge', async () => {
    const registry = await track(Distribution.start({ auth: { htpasswd: user } }));
    const digest = await new Uploader(registry, REPO, () => basicOf(user)).index();
    const recorder = await track(TcpRecorder.start(registry.port));
    const repository = `${recorder.host}/${REPO}`;

    const image = await readPushedImage(registryClient(repository, [{ registry: recorder.host, ...user }], [recorder.host]), digest);

    expect(image.configs).toEqual(CONFIGS);
    // the TLS probe's ClientHello first (the registry answered it with an HTTP error), then the requests
    const requests = recorder
      .connections()
      .join('')
      .split(/(?=GET \/v2\/)/)
      .filter((r) => r.startsWith('GET /v2/'));
    expect(requests[0]).toMatch(/^GET \/v2\/acme\/app\/manifests\/sha256:/);
    expect(credentialsIn(requests[0])).toEqual([]);
    expect(requests.slice(1).every((r) => r.includes(basicOf(user)))).toBe(true);
    expect(registry.logs()).toMatch(/"GET \/v2\/acme\/app\/manifests\/sha256:[a-f0-9]{64} HTTP\/1.1" 401/);
  }, 30_000);
});

describe('credentials an earlier step left (no username/password inputs)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registries-test-'));
  const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, PATH: process.env.PATH };
  let registry: Distribution;
  let digest: string;

  beforeAll(async () => {
    registry = await track(Distribution.start({ auth: { htpasswd: user } }));
    digest = await new Uploader(registry, REPO, () => basicOf(user)).index();
    process.env.DOCKER_CONFIG = dir;
  });

  afterAll(() => {
    process.env.DOCKER_CONFIG = saved.DOCKER_CONFIG;
    process.env.PATH = saved.PATH;
    if (saved.DOCKER_CONFIG === undefined) delete process.env.DOCKER_CONFIG;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('`docker login` before the step: config.json auths', async () => {
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${user.username}:${user.password}`).toString('base64') } } }),
    );

    const image = await readPushedImage(registryClient(`${registry.host}/${REPO}`, [], []), digest);

    expect(image.configs).toEqual(CONFIGS);
  });

  test('a credential helper (credHelpers): docker-credential-<name> get, the server on stdin', async () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const asked = path.join(dir, 'asked.txt');
    // answers only for the registry it was asked about, as real helpers do
    fs.writeFileSync(
      path.join(bin, 'docker-credential-e2etest'),
      `#!/bin/sh\n[ "$1" = get ] || exit 1\nread server\nprintf '%s' "$server" > '${asked}'\n[ "$server" = '${registry.host}' ] || { echo 'credentials not found in native keychain'; exit 1; }\nprintf '{"ServerURL":"%s","Username":"${user.username}","Secret":"${user.password}"}\\n' "$server"\n`,
      { mode: 0o755 },
    );
    process.env.PATH = `${bin}${path.delimiter}${saved.PATH ?? ''}`;
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: {} }, credHelpers: { [registry.host]: 'e2etest' } }),
    );

    const image = await readPushedImage(registryClient(`${registry.host}/${REPO}`, [], []), digest);

    expect(image.configs).toEqual(CONFIGS);
    expect(fs.readFileSync(asked, 'utf8')).toBe(registry.host);
  });
});

describe('an identity token an earlier step left (az acr login, a browser login): the OAuth2 refresh-token grant', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registries-identity-'));
  const saved = process.env.DOCKER_CONFIG;
  let issuer: TokenIssuer;
  let registry: Distribution;
  let digest: string;

  beforeAll(async () => {
    ({ issuer, registry, digest } = await tokenRegistry(60));
    process.env.DOCKER_CONFIG = dir;
  });

  afterAll(() => {
    if (saved === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('config.json auths identitytoken: exchanged at the token service, never sent to the registry', async () => {
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          [registry.host]: {
            auth: Buffer.from('00000000-0000-0000-0000-000000000000:').toString('base64'),
            identitytoken: issuer.identityToken,
          },
        },
      }),
    );

    const image = await readPushedImage(registryClient(`${registry.host}/${REPO}`, [], []), digest);

    expect(image.configs).toEqual(CONFIGS);
    expect(issuer.requests.map((r) => [r.method, r.query.get('grant_type'), r.query.get('service'), r.query.get('scope')])).toEqual([
      ['POST', 'refresh_token', issuer.service, `repository:${REPO}:pull`],
    ]);
    expect(registry.logs()).not.toContain(issuer.identityToken);
  });
});

describe('a registry that refuses DELETE (storage.delete.enabled: false)', () => {
  test('deleteManifest says why, and the manifest stays', async () => {
    const registry = await track(Distribution.start({ auth: { htpasswd: user }, deleteEnabled: false }));
    const digest = await new Uploader(registry, REPO, () => basicOf(user)).index();

    expect(await registryClient(`${registry.host}/${REPO}`, [{ registry: registry.host, ...user }], []).deleteManifest(digest)).toBe(
      '405 Method Not Allowed',
    );
    expect(
      (
        await registry.api(`/v2/${REPO}/manifests/${digest}`, {
          method: 'HEAD',
          headers: { Authorization: basicOf(user), Accept: 'application/vnd.oci.image.index.v1+json' },
        })
      ).status,
    ).toBe(200);
  });
});

describe('behind a proxy: the environment proxy, as the docker CLI and buildx take it', () => {
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
  let proxy: TestProxy;
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await proxy?.close();
  });

  test('a self-signed registry reachable only through HTTPS_PROXY is probed and read through the tunnel, the credentials inside TLS', async () => {
    proxy = await TestProxy.start();
    proxy.requireAuth = true;
    const registry = await track(Distribution.start({ tls: true, auth: { htpasswd: user } }));
    const digest = await new Uploader(registry, REPO, () => basicOf(user)).index();
    // a name only the proxy resolves: a read that succeeds went through it
    const host = `registry.proxy.test:${registry.port}`;
    process.env.HTTPS_PROXY = proxy.url(true);
    process.env.NO_PROXY = 'localhost,127.0.0.1';

    const image = await readPushedImage(registryClient(`${host}/${REPO}`, [{ registry: host, ...user }], [host]), digest);

    expect(image.configs).toEqual(CONFIGS);
    expect(new Set(proxy.seen)).toEqual(new Set([`CONNECT ${host}`]));
    expect(registry.logs()).toMatch(/"GET \/v2\/acme\/app\/manifests\/sha256:[a-f0-9]{64} HTTP\/[\d.]+" 200/);

    // NO_PROXY naming it: straight to a name that resolves nowhere
    process.env.NO_PROXY = '.proxy.test';
    proxy.seen.length = 0;
    await expect(readPushedImage(registryClient(`${host}/${REPO}`, [{ registry: host, ...user }], [host]), digest)).rejects.toThrow(
      /ENOTFOUND|EAI_AGAIN/,
    );
    expect(proxy.seen).toEqual([]);
  }, 30_000);
});
