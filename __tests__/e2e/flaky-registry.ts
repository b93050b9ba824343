// A flaky registry for the fault-injection tests: an HTTP proxy on 127.0.0.1 in front of the stack's registry that
// answers 503 or resets the connection for the first N requests of a kind, and records every request it saw.
// Everything else is forwarded byte for byte and streamed both ways. The Host header stays as the client sent it,
// so the upload URLs the registry hands out (Location) point back at the proxy and every upload step passes here.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * token: the auth ping `GET /v2/` (docker login, and clients probing the registry; this registry uses basic auth,
 * so there is no token endpoint); blob-upload: POST/PATCH/PUT under /v2/<name>/blobs/uploads/; manifest-put and
 * manifest-get: PUT, and GET/HEAD, of /v2/<name>/manifests/<ref>; other: everything else (blob reads, …).
 */
export type RequestKind = 'token' | 'blob-upload' | 'manifest-put' | 'manifest-get' | 'other';
export type FaultKind = Exclude<RequestKind, 'other'>;

export interface Fault {
  readonly kind: FaultKind;
  /** How many requests of the kind fail, counted from the first; Infinity for all of them. */
  readonly times: number;
  /**
   * Answer 503 Service Unavailable (as a load balancer does), 500 or 429 (as the registry does, JSON errors),
   * destroy the socket without an answer, or hold the request for `delayMs` and then forward it whole, whether
   * or not the client is still waiting: a write that lands late.
   */
  readonly mode: '503' | '500' | '429' | 'reset' | 'delay';
  readonly delayMs?: number;
  /** Only requests whose `METHOD path` matches count (and fail); default: every request of the kind. */
  readonly match?: RegExp;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly kind: RequestKind;
  /** The status the client got, or 'reset' when the proxy destroyed the connection, or 'error' when the upstream failed. */
  status: number | 'reset' | 'error';
  /** True when the proxy made up the answer (a fault) rather than forwarding the registry's. */
  readonly injected: boolean;
}

export function requestKind(method: string, path: string): RequestKind {
  const pathname = path.split('?')[0];
  if (pathname === '/v2/' || pathname === '/v2') return method === 'GET' || method === 'HEAD' ? 'token' : 'other';
  if (/^\/v2\/.+\/blobs\/uploads(?:\/|$)/.test(pathname) && ['POST', 'PATCH', 'PUT'].includes(method)) return 'blob-upload';
  if (/^\/v2\/.+\/manifests\/[^/]+$/.test(pathname)) {
    if (method === 'PUT') return 'manifest-put';
    if (method === 'GET' || method === 'HEAD') return 'manifest-get';
  }
  return 'other';
}

export class FlakyRegistry {
  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly seen = new Map<Fault, number>();
  private faults: Fault[] = [];

  private constructor(
    readonly upstream: { host: string; port: number },
    readonly port: number,
    server: http.Server,
  ) {
    this.server = server;
  }

  /** Starts a proxy on 127.0.0.1:<free port> in front of `upstream` ("127.0.0.1:5000"). */
  static async start(upstream: string, faults: Fault[] = []): Promise<FlakyRegistry> {
    const [host, port] = [upstream.slice(0, upstream.lastIndexOf(':')), Number(upstream.slice(upstream.lastIndexOf(':') + 1))];
    const server = http.createServer();
    // docker's and BuildKit's clients keep connections open; the tests close the proxy right after the run
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FlakyRegistry({ host, port }, (server.address() as AddressInfo).port, server);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => proxy.handle(req, res));
    proxy.inject(faults);
    return proxy;
  }

  /** The registry host clients use to reach the proxy ("127.0.0.1:<port>"). */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Replaces the faults; each counts the requests it matches from now on. */
  inject(faults: Fault[]): void {
    this.faults = faults;
    this.seen.clear();
  }

  /** The recorded requests of one kind. */
  ofKind(kind: RequestKind): RecordedRequest[] {
    return this.requests.filter((r) => r.kind === kind);
  }

  /** The requests whose answer the proxy made up. */
  injected(): RecordedRequest[] {
    return this.requests.filter((r) => r.injected);
  }

  /** One line per request, for a failing assertion's message. */
  log(): string {
    return this.requests.map((r) => `${r.method} ${r.path} [${r.kind}] -> ${r.status}${r.injected ? ' (injected)' : ''}`).join('\n');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Counts one more request for a fault and returns the count. */
  private count(fault: Fault): number {
    const count = (this.seen.get(fault) ?? 0) + 1;
    this.seen.set(fault, count);
    return count;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const kind = requestKind(method, path);
    // every fault counts the requests it matches; the first one not yet spent answers
    const counts = this.faults.map((f) => (f.kind === kind && (f.match?.test(`${method} ${path}`) ?? true) ? this.count(f) : undefined));
    const fault = this.faults.find((f, i) => counts[i] !== undefined && counts[i] <= f.times);
    const record: RecordedRequest = { method, path, kind, status: 'error', injected: fault !== undefined };
    this.requests.push(record);

    if (fault?.mode === 'reset') {
      record.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (fault?.mode === 'delay') {
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () => setTimeout(() => this.forward(req, res, record, Buffer.concat(body)), fault.delayMs ?? 5000));
      return;
    }
    if (fault?.mode === '500' || fault?.mode === '429') {
      req.resume();
      req.on('end', () => {
        record.status = Number(fault.mode);
        const code = fault.mode === '500' ? 'UNKNOWN' : 'TOOMANYREQUESTS';
        const body = JSON.stringify({
          errors: [{ code, message: fault.mode === '500' ? 'unknown error' : 'too many requests', detail: null }],
        });
        res.writeHead(record.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
      return;
    }
    if (fault) {
      // read the body first, so the client sees the answer rather than a write error on a half-read request
      req.resume();
      req.on('end', () => {
        record.status = 503;
        // what a load balancer in front of a registry answers: plain text, not the registry's JSON error format
        const body = '503 Service Unavailable\n';
        res.writeHead(503, 'Service Unavailable', { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
        res.end(method === 'HEAD' ? undefined : body);
      });
      return;
    }

    this.forward(req, res, record);
  }

  /** Sends the request on to the registry (its body streamed, or the one held) and the answer back, if anyone waits. */
  private forward(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, held?: Buffer): void {
    const upstream = http.request({
      host: this.upstream.host,
      port: this.upstream.port,
      method: record.method,
      path: record.path,
      // the raw header list: names as sent, repeated headers kept, Host included as the client sent it
      headers: req.rawHeaders as unknown as http.OutgoingHttpHeaders,
      setHost: false,
    });
    upstream.on('response', (answer) => {
      record.status = answer.statusCode ?? 'error';
      if (res.destroyed || req.socket.destroyed) return void answer.resume();
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      record.status = 'error';
      req.socket.destroy();
    });
    if (held) upstream.end(held);
    else req.pipe(upstream);
  }
}
