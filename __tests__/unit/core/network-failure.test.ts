// What a request that got no answer becomes: a NetworkError naming the socket's own reason, retried only when
// the next try may meet a registry that answers. Real sockets on 127.0.0.1: a server that resets the connection
// once, and a port nothing listens on.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { NetworkError } from '../../../src/core/errors.js';
import { isTransientNetworkError, socketReason } from '../../../src/core/network-failure.js';
import { isTransientFailure, withRetry } from '../../../src/core/retry.js';
import { RegistryClient } from '../../../src/registry/client.js';
import { freePort } from '../../e2e/harness.js';

let server: http.Server;
let resets = 0;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // an answer that never comes, for the timeout
    if (req.url === '/hang') return;
    if (resets > 0) {
      resets -= 1;
      return void req.socket.destroy();
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"tags":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (at = port): RegistryClient => new RegistryClient({ registry: `127.0.0.1:${at}`, repository: 'acme/app' }, undefined, []);
const failure = (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => new Error('no failure'),
    (error: Error) => error,
  );
const NO_WAIT = { attempts: 3, firstDelayMs: 0, maxDelayMs: 0 };

describe('a connection the registry closed without an answer', () => {
  test('is a NetworkError naming the socket\'s reason, not fetch\'s "fetch failed", and is transient', async () => {
    resets = 1;
    const error = await failure(client().request('GET', '/tags/list'));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v2\/acme\/app\/tags\/list failed: (UND_ERR_SOCKET|ECONNRESET) \(/);
    expect(error.message).not.toContain('fetch failed');
    expect(isTransientFailure(error)).toBe(true);
  });

  test('is tried again, and the next answer is taken', async () => {
    resets = 1;
    const response = await withRetry('listing', NO_WAIT, () => client().request('GET', '/tags/list'), { sleep: async () => undefined });
    expect(await response.json()).toEqual({ tags: [] });
  });
});

describe('a port nothing listens on', () => {
  test('is ECONNREFUSED, which is not retried: nothing will be listening in a second', async () => {
    const error = await failure(client(await freePort()).request('GET', '/tags/list'));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect(isTransientFailure(error)).toBe(false);
  });
});

describe('socketReason', () => {
  test('a timeout (AbortSignal.timeout) is named TimeoutError and is transient', async () => {
    const error = await failure(fetch(`http://127.0.0.1:${port}/hang`, { signal: AbortSignal.timeout(50) }));
    expect(socketReason(error).code).toBe('TimeoutError');
    expect(isTransientNetworkError(new NetworkError('GET x', 'TimeoutError', socketReason(error).reason))).toBe(true);
  });

  test("the innermost cause's code and words", () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(socketReason(new TypeError('fetch failed', { cause }))).toEqual({ code: 'ECONNRESET', reason: 'read ECONNRESET' });
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(socketReason(new TypeError('terminated', { cause: socket }))).toEqual({
      code: 'UND_ERR_SOCKET',
      reason: 'UND_ERR_SOCKET (other side closed)',
    });
  });
});
