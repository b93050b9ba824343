// How the registry client reaches a registry, on servers of this process: the TLS probe against a self-signed TLS
// server, a plain-HTTP one and a port nothing listens on, directly and through the test proxy (which resolves
// *.proxy.test, so a probe of such a name that succeeds went through it); and which dispatcher fetch is given.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';

import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import { dispatcherFor, speaksTls } from '../../../src/registry/connection.js';
import { selfSignedCertificate } from '../../e2e/distribution.js';
import { PROXY_PASSWORD, TestProxy } from '../../e2e/forward-proxy.js';
import { failure } from '../support.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-connection-test-'));
let tlsServer: tls.Server;
let plainServer: http.Server;
let proxy: TestProxy;

beforeAll(async () => {
  const { cert, key } = selfSignedCertificate(dir, 'registry');
  tlsServer = tls.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (socket) => socket.end());
  plainServer = http.createServer((_, response) => response.writeHead(404).end());
  proxy = await TestProxy.start();
  await Promise.all([tlsServer, plainServer].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
});

beforeEach(() => {
  proxy.seen.length = 0;
  proxy.requireAuth = false;
});

afterAll(async () => {
  await Promise.all([tlsServer, plainServer].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  await proxy.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const portOf = (server: tls.Server | http.Server): number => (server.address() as AddressInfo).port;

describe('speaksTls', () => {
  test.each<[string, () => string, boolean]>([
    ['a TLS server with a self-signed certificate', () => `127.0.0.1:${portOf(tlsServer)}`, true],
    ['a plain-HTTP server', () => `127.0.0.1:${portOf(plainServer)}`, false],
  ])('directly: %s', async (_, host, tlsSpoken) => {
    await expect(speaksTls(host(), {})).resolves.toBe(tlsSpoken);
  });

  test.each<[string, () => string, boolean]>([
    ['a TLS server', () => `registry.proxy.test:${portOf(tlsServer)}`, true],
    ['a plain-HTTP server', () => `registry.proxy.test:${portOf(plainServer)}`, false],
  ])('through the CONNECT tunnel of HTTPS_PROXY: %s', async (_, host, tlsSpoken) => {
    await expect(speaksTls(host(), { HTTPS_PROXY: proxy.url() })).resolves.toBe(tlsSpoken);
    expect(proxy.seen).toEqual([`CONNECT ${host()}`]);
  });

  test('nothing listening is an error, not plain HTTP', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = portOf(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(speaksTls(`127.0.0.1:${port}`, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  test('a proxy that refuses the tunnel is named by its answer and the target, never by the credentials it was given', async () => {
    proxy.requireAuth = true;
    const host = `registry.proxy.test:${portOf(tlsServer)}`;
    const wrong = proxy.url(true).replace(encodeURIComponent(PROXY_PASSWORD), 'wr0ng-s3cret');
    const error = await failure(speaksTls(host, { HTTPS_PROXY: wrong }));
    expect(error.message).toBe(`the proxy answered 407 to a tunnel to ${host}`);
  });

  test('the credentials in the proxy URL are answered to the proxy', async () => {
    proxy.requireAuth = true;
    const host = `registry.proxy.test:${portOf(tlsServer)}`;
    await expect(speaksTls(host, { HTTPS_PROXY: proxy.url(true) })).resolves.toBe(true);
    expect(proxy.seen).toEqual([`CONNECT ${host}`]);
  });
});

describe('dispatcherFor', () => {
  test.each<[string, string, boolean, NodeJS.ProcessEnv, string | undefined]>([
    ["no proxy, certificates checked: fetch's own", 'https://ghcr.io/v2/', false, {}, undefined],
    ['a registry named insecure: an agent that accepts any certificate', 'https://registry.internal/v2/', true, {}, 'Agent'],
    ['HTTPS_PROXY for an https registry', 'https://ghcr.io/v2/', false, { HTTPS_PROXY: 'http://127.0.0.1:3128' }, 'ProxyAgent'],
    ['HTTP_PROXY for a plain-HTTP registry', 'http://registry.internal/v2/', false, { HTTP_PROXY: 'http://127.0.0.1:3128' }, 'ProxyAgent'],
    [
      'NO_PROXY naming the registry',
      'https://ghcr.io/v2/',
      false,
      { HTTPS_PROXY: 'http://127.0.0.1:3128', NO_PROXY: 'ghcr.io' },
      undefined,
    ],
    ['a loopback registry is never proxied', 'http://127.0.0.1:5000/v2/', false, { HTTP_PROXY: 'http://127.0.0.1:3128' }, undefined],
  ])('%s', async (_, url, insecure, env, dispatcher) => {
    expect((await dispatcherFor(new URL(url), insecure, env))?.constructor.name).toBe(dispatcher);
  });
});
