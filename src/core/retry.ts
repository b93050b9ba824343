import * as core from '@actions/core';

import { CommandError, RegistryError } from './errors.js';
import { isTransientNetworkError } from './network-failure.js';

export interface RetryPolicy {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Up to this fraction of a wait is added at random, so that jobs failing together do not retry together. */
  readonly jitter?: number;
}

/** Four tries over about 7 s: enough for a registry hiccup, short enough to fail a dead registry quickly. */
export const REGISTRY_RETRY: RetryPolicy = { attempts: 4, firstDelayMs: 1000, maxDelayMs: 4000, jitter: 0.5 };

// What hosted CI sees from registries and proxies on a bad day. "connection refused" is not here: a registry
// that is not listening will not start listening in the next seconds. A status code counts only next to its text
// or after "status"/"HTTP": the command's own error names the image (app:pr-503, app:1.429.0) and that number is
// not the registry's answer.
const TRANSIENT = [
  /\b(?:status(?: code)?|HTTP(?:\/[\d.]+)?):?\s+(?:429|500|502|503|504)\b/i,
  /too many requests|toomanyrequests/i,
  /service unavailable|bad gateway|gateway time-?out|internal server error/i,
  /connection reset by peer|broken pipe|unexpected EOF|\bEOF$|use of closed network connection/i,
  /TLS handshake timeout|i\/o timeout|timeout awaiting response headers|context deadline exceeded|net\/http: request canceled/i,
];

/** Whether a failure, in the failing command's or registry's own words, reads as a registry hiccup worth retrying. */
export function isTransient(output: string): boolean {
  return TRANSIENT.some((pattern) => pattern.test(output));
}

/**
 * Whether a failed attempt is worth another: judged on the failed command's own output (a CommandError's reason),
 * never on the action's description of what it was doing, which holds tags and paths chosen by the user.
 */
export function isTransientFailure(error: Error): boolean {
  // no answer at all: judged on the socket's own reason (a reset, a timeout), never on fetch's "fetch failed"
  if (isTransientNetworkError(error)) return true;
  // the registry's own answer carries its status: 429 and 5xx are its hiccups, whatever words come with them
  // (Distribution answers a read racing a write of the same tag with "500 UNKNOWN unknown error")
  if (error instanceof RegistryError) return TRANSIENT_STATUS.includes(error.status) || isTransient(error.reason);
  return isTransient(error instanceof CommandError ? error.reason : error.message);
}

const TRANSIENT_STATUS = [429, 500, 502, 503, 504];

/** The wait before retry number `retry` (1-based): doubling from the first delay, capped. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.firstDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}

/**
 * The wait before retry number `retry`: the backoff plus up to `jitter` of it at random. A matrix's jobs meet a
 * registry's hiccup at the same instant; without jitter they would retry in step and meet the next one together.
 */
export function retryDelay(policy: RetryPolicy, retry: number): number {
  return Math.round(backoffDelay(policy, retry) * (1 + (policy.jitter ?? 0) * Math.random()));
}

/** How withRetry waits between tries (a test's does not), and which failures it tries again. */
export interface RetryOptions {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly retriable?: (error: Error) => boolean;
}

/**
 * Runs `attempt` until it succeeds, fails for a reason that is not transient, or the policy's tries are spent;
 * then the last error is thrown, saying how often it was tried.
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  { sleep = defaultSleep, retriable = isTransientFailure }: RetryOptions = {},
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const message = (error as Error).message;
      if (!retriable(error as Error)) throw error;
      if (tries >= policy.attempts) {
        (error as Error).message = `${message} (tried ${tries} times)`;
        throw error;
      }
      const delay = retryDelay(policy, tries);
      core.warning(`${what}: ${message}; retrying in ${(delay / 1000).toFixed(1)}s (${tries}/${policy.attempts - 1} retries)`);
      await sleep(delay);
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
