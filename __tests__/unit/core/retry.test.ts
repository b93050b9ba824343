import { describe, expect, test } from '@jest/globals';

import { buildError, isRetriableBuildFailure } from '../../../src/build/failure.js';
import { CommandError, RegistryError } from '../../../src/core/errors.js';
import { failureReason } from '../../../src/core/exec.js';
import { backoffDelay, isTransient, isTransientFailure, REGISTRY_RETRY, type RetryPolicy, withRetry } from '../../../src/core/retry.js';
import { configOf, fixture } from '../support.js';

const NO_JITTER: RetryPolicy = { ...REGISTRY_RETRY, jitter: 0 };

describe('isTransientFailure: a registry API answer is judged on its status', () => {
  test.each<[string, Error, boolean]>([
    ['500 UNKNOWN (Distribution)', new RegistryError('reading r', 500, '500 UNKNOWN unknown error {}'), true],
    ['429', new RegistryError('reading r', 429, '429 TOOMANYREQUESTS retry later'), true],
    ['503', new RegistryError('writing r', 503, '503 Service Unavailable'), true],
    ['501 is not a hiccup', new RegistryError('writing r', 501, '501 Not Implemented'), false],
    ['403 DENIED', new RegistryError('writing r', 403, '403 DENIED requested access to the resource is denied'), false],
    [
      '404 whose repository name holds 503',
      new RegistryError('reading app-503:x', 404, '404 NAME_UNKNOWN repository name not known to registry'),
      false,
    ],
    ['a plain error with the same words is not', new Error('reading r failed: 500 UNKNOWN unknown error {}'), false],
  ])('%s', (_, error, transient) => {
    expect(isTransientFailure(error)).toBe(transient);
  });
});

describe('isTransient', () => {
  test.each<[string, boolean]>([
    ['received unexpected HTTP status: 500 Internal Server Error', true],
    ['unexpected status from HEAD request to https://ghcr.io/v2/acme/app/manifests/1: 502 Bad Gateway', true],
    ['failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/: 503 Service Unavailable', true],
    ['received unexpected HTTP status: 504 Gateway Time-out', true],
    ['unexpected status code 429 Too Many Requests', true],
    ['toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit', true],
    ['read tcp 10.1.0.4:51234->140.82.112.34:443: read: connection reset by peer', true],
    ['Get "https://ghcr.io/v2/": net/http: TLS handshake timeout', true],
    ['failed to do request: Put "https://ghcr.io/v2/acme/app/blobs/uploads/": unexpected EOF', true],
    ['write tcp 10.1.0.4:51234->140.82.112.34:443: write: broken pipe', true],
    ['Get "https://registry-1.docker.io/v2/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', true],
    ['dial tcp: lookup ghcr.io: i/o timeout', true],
    [
      'failed to do request: Put "https://ghcr.io/v2/acme/app/blobs/uploads/x": write tcp 10.1.0.4:51234->140.82.112.34:443: use of closed network connection',
      true,
    ],
    ['read tcp 127.0.0.1:40712->127.0.0.1:1234: use of closed network connection', true],
    ['Error response from daemon: Get "https://ghcr.io/v2/": unauthorized: authentication required', false],
    ['Error response from daemon: Get "http://localhost:5000/v2/": dial tcp [::1]:5000: connect: connection refused', false],
    ['denied: requested access to the resource is denied', false],
    ['manifest unknown: manifest unknown', false],
    ['failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1', false],
    ['login to localhost:5000 failed: exit code 1', false],
    ['', false],
  ])('%j -> %j', (message, transient) => {
    expect(isTransient(message)).toBe(transient);
  });
});

describe('backoffDelay', () => {
  test.each<[RetryPolicy, number, number]>([
    [REGISTRY_RETRY, 1, 1000],
    [REGISTRY_RETRY, 2, 2000],
    [REGISTRY_RETRY, 3, 4000],
    [REGISTRY_RETRY, 4, 4000],
    [{ attempts: 10, firstDelayMs: 250, maxDelayMs: 3000 }, 4, 2000],
    [{ attempts: 10, firstDelayMs: 250, maxDelayMs: 3000 }, 5, 3000],
  ])('%j retry %d -> %d ms', (policy, retry, delay) => {
    expect(backoffDelay(policy, retry)).toBe(delay);
  });
});

describe('withRetry', () => {
  const transient = (): Error => new CommandError('login to ghcr.io', 1, 'received unexpected HTTP status: 503 Service Unavailable');

  /** Runs withRetry over a list of outcomes (an Error is thrown, anything else returned) and records what happened. */
  async function attempts(
    policy: RetryPolicy,
    outcomes: (Error | string)[],
  ): Promise<{ result?: string; error?: string; tries: number; delays: number[] }> {
    const delays: number[] = [];
    let tries = 0;
    try {
      const result = await withRetry(
        'login to ghcr.io',
        policy,
        async () => {
          const outcome = outcomes[tries++];
          if (outcome instanceof Error) throw outcome;
          return outcome;
        },
        {
          sleep: async (ms) => {
            delays.push(ms);
          },
        },
      );
      return { result, tries, delays };
    } catch (error) {
      return { error: (error as Error).message, tries, delays };
    }
  }

  test('each wait is the backoff plus up to half of it at random, so that jobs failing together do not retry together', async () => {
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => attempts(REGISTRY_RETRY, [transient(), transient(), transient(), 'ok'])),
    );
    for (const { delays } of runs) {
      delays.forEach((delay, i) => expect(delay).toBeGreaterThanOrEqual([1000, 2000, 4000][i]));
      delays.forEach((delay, i) => expect(delay).toBeLessThanOrEqual([1500, 3000, 6000][i]));
    }
    expect(new Set(runs.map((run) => run.delays.join(','))).size).toBeGreaterThan(1);
  });

  test('succeeds at once', async () => {
    expect(await attempts(REGISTRY_RETRY, ['ok'])).toEqual({ result: 'ok', tries: 1, delays: [] });
  });

  test('succeeds after 2 transient failures, waiting 1 s then 2 s', async () => {
    expect(await attempts(NO_JITTER, [transient(), transient(), 'ok'])).toEqual({ result: 'ok', tries: 3, delays: [1000, 2000] });
  });

  test('stops at once on an error that is not transient', async () => {
    const refused = new CommandError('login to ghcr.io', 1, 'Error response from daemon: unauthorized: authentication required');
    expect(await attempts(REGISTRY_RETRY, [refused, 'ok'])).toEqual({
      error: 'login to ghcr.io failed: Error response from daemon: unauthorized: authentication required',
      tries: 1,
      delays: [],
    });
  });

  test('stops on a refusal that follows a transient failure', async () => {
    expect(await attempts(NO_JITTER, [transient(), new Error('denied: requested access to the resource is denied'), 'ok'])).toEqual({
      error: 'denied: requested access to the resource is denied',
      tries: 2,
      delays: [1000],
    });
  });

  test('gives up after policy.attempts, saying how often it tried', async () => {
    expect(await attempts(NO_JITTER, [transient(), transient(), transient(), transient(), 'ok'])).toEqual({
      error: 'login to ghcr.io failed: received unexpected HTTP status: 503 Service Unavailable (tried 4 times)',
      tries: 4,
      delays: [1000, 2000, 4000],
    });
  });
});

// The decision reads the failed command's own words (captured outputs, see fixtures/README.md), never the action's
// description around them: a tag such as pr-503 or 1.429.0 there once made a missing Dockerfile or a refused push
// look like a registry hiccup, and the build ran four times.
describe("retry decisions: the command's own output only", () => {
  const reasonOf = (name: string): string => failureReason({ exitCode: 1, stdout: '', stderr: fixture(name) });

  test.each<[string, boolean]>([
    ['stderr-login-503.txt', true],
    ['stderr-login-429.txt', true],
    ['stderr-docker-driver-push-503.txt', true],
    ['stderr-build-no-dockerfile-pr-503.txt', false],
    ['stderr-docker-driver-push-no-auth-1.429.0.txt', false],
    ['stderr-login-wrong-password.txt', false],
    ['stderr-login-connection-refused.txt', false],
    ['stderr-push-no-auth.txt', false],
  ])('captured %s -> transient %j', (name, transient) => {
    expect(isTransient(reasonOf(name))).toBe(transient);
  });

  // a reference in the command's own error is not a status code either
  test.each<[string, boolean]>([
    ['failed to push ghcr.io/acme/app:pr-503: denied: requested access to the resource is denied', false],
    ['failed to push ghcr.io/acme/app:1.429.0: denied: requested access to the resource is denied', false],
    [
      'failed to push ghcr.io/acme/app:v500: unexpected status from HEAD request to https://ghcr.io/v2/acme/app/blobs/sha256:1: 401 Unauthorized',
      false,
    ],
    ['failed to push registry.example.com:5030/app-502:1: denied', false],
    [
      'failed to push ghcr.io/acme/app:1.429.0: unexpected status from PUT request to https://ghcr.io/v2/acme/app/manifests/1.429.0: 503 Service Unavailable',
      true,
    ],
    ['unexpected status code 429', true],
    ['received unexpected HTTP status: 502', true],
  ])('%j -> %j', (message, transient) => {
    expect(isTransient(message)).toBe(transient);
  });

  const sleepless = async (): Promise<void> => undefined;

  test.each<[string, string]>([
    ['a missing Dockerfile', 'stderr-build-no-dockerfile-pr-503.txt'],
    ['a refused push', 'stderr-docker-driver-push-no-auth-1.429.0.txt'],
  ])('%s under tag pr-503 / 1.429.0 is tried once', async (_, name) => {
    let tries = 0;
    const doing = 'building linux/amd64 and pushing to ghcr.io/acme/app:pr-503, ghcr.io/acme/app:1.429.0';
    const run = withRetry(
      doing,
      REGISTRY_RETRY,
      async () => {
        tries++;
        throw new CommandError(doing, 1, reasonOf(name));
      },
      { sleep: sleepless },
    );
    await expect(run).rejects.toThrow(CommandError);
    expect(tries).toBe(1);
  });

  test('a 503 from the command is retried whatever the tags', async () => {
    let tries = 0;
    const run = withRetry(
      'login to 127.0.0.1:5731',
      REGISTRY_RETRY,
      async () => {
        tries++;
        throw new CommandError('login to 127.0.0.1:5731', 1, reasonOf('stderr-login-503.txt'));
      },
      { sleep: sleepless },
    );
    await expect(run).rejects.toThrow(/\(tried 4 times\)$/);
    expect(tries).toBe(4);
  });

  test.each<[string, string, boolean]>([
    ['a missing Dockerfile, tag pr-503', 'stderr-build-no-dockerfile-pr-503.txt', false],
    ['a push refused (401), tag 1.429.0', 'stderr-docker-driver-push-no-auth-1.429.0.txt', false],
    ['a push answered 503', 'stderr-docker-driver-push-503.txt', true],
  ])('build: %s (rebuilt: %#)', (_, name, retried) => {
    const config = configOf({ tags: 'ghcr.io/acme/app:pr-503\nghcr.io/acme/app:1.429.0', platforms: 'linux/amd64' });
    expect(isRetriableBuildFailure(buildError(config, { exitCode: 1, stdout: '', stderr: fixture(name) }))).toBe(retried);
  });
});
