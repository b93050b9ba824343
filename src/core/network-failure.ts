// What went wrong when fetch got no answer. Node's fetch (undici) rejects with a bare `TypeError: fetch failed`
// and puts the socket's reason in `cause` (ECONNRESET, UND_ERR_SOCKET "other side closed", …); an
// AbortSignal.timeout rejects with a DOMException named TimeoutError; a body cut off midway rejects its read with
// `TypeError: terminated`, the reason again in `cause`.
import { NetworkError } from './errors.js';

/** Socket failures a registry or proxy on a bad day causes and the next try may not meet. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TimeoutError',
]);

interface ErrorLike {
  name?: string;
  /** A string for sockets (ECONNRESET); a DOMException's is a legacy number (23 for a timeout). */
  code?: string | number;
  message?: string;
  cause?: unknown;
}

/** The innermost cause's code (or name) and words: `ECONNRESET read ECONNRESET`, `TimeoutError …`. */
export function socketReason(error: unknown): { code: string; reason: string } {
  let inner = error as ErrorLike;
  while (inner?.cause && typeof inner.cause === 'object') inner = inner.cause as ErrorLike;
  const code =
    typeof inner?.code === 'string' ? inner.code : inner?.name === 'TimeoutError' || inner?.name === 'AbortError' ? inner.name : '';
  const words = inner?.message ?? String(error);
  return { code, reason: code && !words.includes(code) ? `${code} (${words})` : words };
}

/** A fetch or body-read rejection as a NetworkError naming what was being done and the socket's reason. */
export function networkError(doing: string, error: unknown): NetworkError {
  const { code, reason } = socketReason(error);
  return new NetworkError(doing, code, reason);
}

/** Whether no answer came for a reason worth another try; connection refused is not: nothing is listening. */
export function isTransientNetworkError(error: Error): boolean {
  return error instanceof NetworkError && TRANSIENT_CODES.has(error.code);
}
