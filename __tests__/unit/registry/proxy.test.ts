// The registry client behind a proxy, on real sockets. The registry answers only as `registry.proxy.test`, a name
// that resolves nowhere but inside the proxy (as a corporate proxy resolves what the runner cannot), so a read that
// succeeds went through the proxy. HTTPS goes through a CONNECT tunnel (a self-signed registry named insecure,
// its TLS probe included); plain HTTP is forwarded. Which requests take the proxy follows Go's rules, as the
// docker CLI and buildx apply them.
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import { readConfig } from '../../../src/config/index.js';
import { RegistryClient } from '../../../src/registry/client.js';
import { noProxyMatches, proxyFor, proxyPasswords } from '../../../src/registry/proxy.js';
import { selfSignedCertificate } from '../../e2e/distribution.js';
import { PROXY_PASSWORD, PROXY_USER, TestProxy } from '../../e2e/forward-proxy.js';
import { FakeRegistry, PASSWORD, USERNAME } from '../fake-registry.js';

const NAME = 'registry.proxy.test';
const REPO = 'acme/app';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-proxy-test-'));
const saved = Object.fromEntries(
  ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'DOCKER_CONFIG'].map((name) => [
    name,
    process.env[name],
  ]),
);
let registry: FakeRegistry;
let proxy: TestProxy;
let tlsFront: tls.Server;
let manifestDigest: string;

beforeAll(async () => {
  registry = await FakeRegistry.start();
  proxy = await TestProxy.start();
  // the same registry in TLS with a self-signed certificate: a terminator in front of it
  const { cert, key } = selfSignedCertificate(dir, 'registry');
  tlsFront = tls.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (socket) => {
    const upstream = net.connect(Number(registry.host.split(':')[1]), '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => tlsFront.listen(0, '127.0.0.1', resolve));
});

beforeEach(() => {
  registry.reset();
  registry.auth = 'basic';
  manifestDigest = registry.pushManifest(REPO, '{"schemaVersion":2,"layers":[]}', 'application/vnd.oci.image.manifest.v1+json').digest;
  proxy.seen.length = 0;
  proxy.requireAuth = false;
  for (const name of Object.keys(saved)) delete process.env[name];
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

afterAll(async () => {
  await Promise.all([registry.close(), proxy.close(), new Promise<void>((resolve) => tlsFront.close(() => resolve()))]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const plainHost = (): string => `${NAME}:${registry.host.split(':')[1]}`;
const tlsHost = (): string => `${NAME}:${(tlsFront.address() as AddressInfo).port}`;
const clientOf = (host: string): RegistryClient =>
  new RegistryClient({ registry: host, repository: REPO }, { registry: host, username: USERNAME, password: PASSWORD }, [host]);

describe('a registry reachable only through the proxy', () => {
  test('HTTPS_PROXY: a self-signed registry named insecure is probed and read through a CONNECT tunnel', async () => {
    process.env.HTTPS_PROXY = proxy.url();
    expect(await clientOf(tlsHost()).manifest(manifestDigest)).toBe('{"schemaVersion":2,"layers":[]}');
    expect(proxy.seen.length).toBeGreaterThanOrEqual(2); // the TLS probe's tunnel, then the client's
    expect(new Set(proxy.seen)).toEqual(new Set([`CONNECT ${tlsHost()}`]));
    // the tunnel carried TLS end to end: the registry saw the credentials, the proxy never did
    expect(registry.apiRequests().at(-1)?.authorization).toMatch(/^Basic /);
  });

  test('HTTP_PROXY: a plain-HTTP registry named insecure is read with forwarded requests', async () => {
    process.env.HTTP_PROXY = proxy.url();
    process.env.HTTPS_PROXY = proxy.url(); // its TLS probe goes where a TLS request would
    expect(await clientOf(plainHost()).manifest(manifestDigest)).toBe('{"schemaVersion":2,"layers":[]}');
    expect(proxy.seen).toContain(`CONNECT ${plainHost()}`);
    expect(proxy.seen).toContain(`GET http://${plainHost()}/v2/${REPO}/manifests/${manifestDigest}`);
  });

  test('credentials in the proxy URL are answered to the proxy, and never appear in an error', async () => {
    proxy.requireAuth = true;
    process.env.HTTPS_PROXY = proxy.url(true);
    expect(await clientOf(tlsHost()).manifest(manifestDigest)).toBe('{"schemaVersion":2,"layers":[]}');
    process.env.HTTPS_PROXY = proxy.url(false);
    const refused = await clientOf(tlsHost())
      .manifest(manifestDigest)
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(refused?.message).toBe(`the proxy answered 407 to a tunnel to ${tlsHost()}`);
  });

  test('a token service on another host is asked through the proxy too', async () => {
    registry.auth = 'bearer';
    registry.anonymousPull = true;
    const realm = `${'auth.proxy.test'}:${registry.host.split(':')[1]}`;
    registry.tokenRealm = `http://${realm}/token`;
    process.env.HTTPS_PROXY = proxy.url();
    process.env.HTTP_PROXY = proxy.url();
    process.env.DOCKER_CONFIG = dir; // no config.json: an anonymous pull token
    const client = new RegistryClient({ registry: tlsHost(), repository: REPO }, undefined, [tlsHost()]);
    expect(await client.manifest(manifestDigest)).toBe('{"schemaVersion":2,"layers":[]}');
    expect(proxy.seen.filter((line) => line.startsWith(`GET http://${realm}/token?`))).toHaveLength(1);
    expect(registry.apiRequests().at(-1)?.authorization).toBe('Bearer t1');
  });

  test('NO_PROXY naming the registry: no proxy, and the name resolves nowhere', async () => {
    process.env.HTTPS_PROXY = proxy.url();
    process.env.NO_PROXY = `localhost,.proxy.test`;
    await expect(clientOf(tlsHost()).manifest(manifestDigest)).rejects.toThrow(/ENOTFOUND|EAI_AGAIN/);
    expect(proxy.seen).toEqual([]);
  });

  test('a loopback registry is never proxied', async () => {
    process.env.HTTPS_PROXY = proxy.url();
    process.env.HTTP_PROXY = proxy.url();
    expect(await clientOf(registry.host).manifest(manifestDigest)).toBe('{"schemaVersion":2,"layers":[]}');
    expect(proxy.seen).toEqual([]);
  });
});

describe("proxyFor: the proxy for a URL, by Go's rules", () => {
  test.each<[string, string, Record<string, string>, string | undefined]>([
    ['no proxy set', 'https://ghcr.io/v2/', {}, undefined],
    ['HTTPS_PROXY for https', 'https://ghcr.io/v2/', { HTTPS_PROXY: 'http://proxy:3128' }, 'http://proxy:3128'],
    ['lower case too', 'https://ghcr.io/v2/', { https_proxy: 'http://proxy:3128' }, 'http://proxy:3128'],
    ['upper case first', 'https://ghcr.io/v2/', { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' }, 'http://upper:1'],
    ['HTTP_PROXY is not for https', 'https://ghcr.io/v2/', { HTTP_PROXY: 'http://proxy:3128' }, undefined],
    ['HTTP_PROXY for http', 'http://registry.corp:5000/v2/', { HTTP_PROXY: 'http://proxy:3128' }, 'http://proxy:3128'],
    ['no scheme: http://', 'https://ghcr.io/v2/', { HTTPS_PROXY: 'proxy.corp:3128' }, 'http://proxy.corp:3128'],
    ['localhost', 'https://localhost:5000/v2/', { HTTPS_PROXY: 'http://proxy:3128' }, undefined],
    ['127.0.0.1', 'http://127.0.0.1:5000/v2/', { HTTP_PROXY: 'http://proxy:3128' }, undefined],
    ['::1', 'https://[::1]:5000/v2/', { HTTPS_PROXY: 'http://proxy:3128' }, undefined],
    ['NO_PROXY *', 'https://ghcr.io/v2/', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '*' }, undefined],
    ['no_proxy lower case', 'https://ghcr.io/v2/', { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'ghcr.io' }, undefined],
  ])('%s', (_, url, env, expected) => {
    expect(proxyFor(new URL(url), env)).toBe(expected);
  });
});

describe('noProxyMatches', () => {
  test.each<[string, string, string, boolean]>([
    ['ghcr.io', 'ghcr.io', '443', true],
    ['ghcr.io', 'pkg.ghcr.io', '443', true],
    ['ghcr.io', 'notghcr.io', '443', false],
    ['.corp.example', 'corp.example', '443', false],
    ['.corp.example', 'registry.corp.example', '443', true],
    ['*.corp.example', 'registry.corp.example', '443', true],
    ['registry.corp:5000', 'registry.corp', '5000', true],
    ['registry.corp:5000', 'registry.corp', '443', false],
    ['10.0.0.0/8', '10.1.2.3', '443', true],
    ['10.0.0.0/8', '11.1.2.3', '443', false],
    ['10.0.0.0/8', 'registry.corp', '443', false],
    ['192.0.2.7', '192.0.2.7', '5000', true],
    ['192.0.2.7:5000', '192.0.2.7', '443', false],
    ['fd00::/8', 'fd00::2', '443', true],
    [' Registry.Corp , other', 'registry.corp', '443', true],
    ['', 'ghcr.io', '443', false],
  ])('NO_PROXY=%j, host %s port %s: %s', (noProxy, host, port, expected) => {
    expect(noProxyMatches(noProxy, host, port)).toBe(expected);
  });
});

describe('proxyPasswords: what the step masks of its proxy settings', () => {
  test.each<[string, Record<string, string>, string[]]>([
    ['none set', {}, []],
    ['a proxy without credentials', { HTTPS_PROXY: 'http://proxy.corp:3128' }, []],
    ['a user without a password', { HTTPS_PROXY: 'http://ci@proxy.corp:3128' }, []],
    ['as written and decoded', { HTTPS_PROXY: 'http://ci:p%40ss%3Aw0rd@proxy.corp:3128' }, ['p%40ss%3Aw0rd', 'p@ss:w0rd']],
    [
      'every variable, each password once',
      { https_proxy: 'http://a:one@p:1', HTTP_PROXY: 'p:2', http_proxy: 'http://b:two@p:3', ALL_PROXY: 'socks5://c:one@p:4' },
      ['one', 'two'],
    ],
    ['no scheme', { HTTPS_PROXY: 'ci:s3cret@proxy.corp:3128' }, ['s3cret']],
    ['not a URL', { HTTPS_PROXY: 'http://[bad' }, []],
  ])('%s', (_, env, passwords) => {
    expect(proxyPasswords(env)).toEqual(passwords);
  });
});

test('reading the config masks the proxy password first, before even a bad input is reported', async () => {
  process.env.HTTPS_PROXY = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@proxy.corp:3128`;
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
  let error: unknown;
  try {
    await readConfig().catch((e: unknown) => (error = e));
  } finally {
    process.stdout.write = write;
  }
  expect(written.join('')).toContain(`::add-mask::${PROXY_PASSWORD}`);
  expect(String(error)).toMatch(/^InputError: Input "tags" is empty/); // no inputs given: the first rule refuses
});
