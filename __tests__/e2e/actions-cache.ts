// The GitHub Actions cache service as @actions/cache speaks to it on github.com (cache service v2: Twirp JSON
// calls, then the archive PUT to and GET from a signed blob URL), on 127.0.0.1, for the legs' records. The real
// service cannot be reached from here; this one keeps what the tests rely on of it: an entry is created once per
// key and version (a second CreateCacheEntry of the key is refused), it is found only once finalized, and a
// lookup takes the primary key, then each restore key in order, by prefix, the newest entry first.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Entry {
  readonly key: string;
  readonly version: string;
  readonly created: number;
  finalized: boolean;
  blob?: Buffer;
}

/** A call of the service, as the tests inspect them. */
export interface CacheCall {
  readonly method: string;
  readonly key: string;
}

export class ActionsCache {
  readonly entries: Entry[] = [];
  readonly calls: CacheCall[] = [];
  /** Service calls (by Twirp method name) answered with an error status before the real answer, and how often. */
  private failures = new Map<string, { times: number; status: number }>();
  private clock = 0;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ActionsCache> {
    const server = http.createServer();
    const cache = new ActionsCache(server);
    server.on('request', (req, res) => void cache.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return cache;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** What a job's environment holds on a github.com runner for @actions/cache to reach the service. */
  env(): Record<string, string> {
    return { ACTIONS_RESULTS_URL: this.url, ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RUNTIME_TOKEN: 'runtime-token-for-tests' };
  }

  /** The finalized entries' keys, oldest first. */
  keys(): string[] {
    return this.entries.filter((e) => e.finalized).map((e) => e.key);
  }

  /**
   * The next `times` calls of a Twirp method fail: 500 (which @actions/cache retries itself, 5 tries over some
   * 30 s), or a status it does not retry (400), which it reports as a failed save or a miss.
   */
  failNext(method: string, times = 1, status = 500): void {
    this.failures.set(method, { times, status });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.CacheService\/(\w+)$/.exec(url.pathname)?.[1];
    if (twirp) return this.call(twirp, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>, res);
    const blob = /^\/account\/cache\/(\d+)$/.exec(url.pathname)?.[1];
    const entry = blob === undefined ? undefined : this.entries[Number(blob)];
    if (!entry) return this.answer(res, 404, { msg: 'not found' });
    if (req.method === 'PUT') {
      entry.blob = body;
      res.writeHead(201, {
        ETag: '"0x1"',
        'Last-Modified': new Date().toUTCString(),
        'x-ms-request-id': 'test',
        'x-ms-version': '2024-11-04',
        'Content-Length': 0,
      });
      return void res.end();
    }
    res.writeHead(200, { 'Content-Length': entry.blob?.length ?? 0, 'x-ms-blob-type': 'BlockBlob' });
    res.end(entry.blob);
  }

  private call(method: string, request: Record<string, unknown>, res: http.ServerResponse): void {
    const key = String(request.key ?? '');
    this.calls.push({ method, key });
    const failing = this.failures.get(method);
    if (failing && failing.times > 0) {
      failing.times -= 1;
      return this.answer(res, failing.status, { code: failing.status === 500 ? 'internal' : 'malformed', msg: 'injected failure' });
    }
    const version = String(request.version ?? '');
    if (method === 'CreateCacheEntry') {
      if (this.entries.some((e) => e.key === key && e.version === version))
        return this.answer(res, 409, { code: 'already_exists', msg: 'cache entry already exists' });
      this.entries.push({ key, version, created: ++this.clock, finalized: false });
      return this.answer(res, 200, { ok: true, signed_upload_url: `${this.url}account/cache/${this.entries.length - 1}?sig=test` });
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = this.entries.find((e) => e.key === key && e.version === version && e.blob);
      if (!entry) return this.answer(res, 200, { ok: false, message: 'no upload' });
      entry.finalized = true;
      return this.answer(res, 200, { ok: true, entry_id: String(this.entries.indexOf(entry) + 1) });
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const found = this.lookUp([key, ...((request.restore_keys ?? request.restoreKeys ?? []) as string[])], version);
      if (!found) return this.answer(res, 200, { ok: false });
      return this.answer(res, 200, {
        ok: true,
        signed_download_url: `${this.url}account/cache/${this.entries.indexOf(found)}?sig=test`,
        matched_key: found.key,
      });
    }
    this.answer(res, 404, { code: 'bad_route', msg: `no method ${method}` });
  }

  /** The primary key exactly, else the newest entry whose key starts with each restore key in turn. */
  private lookUp(keys: string[], version: string): Entry | undefined {
    const usable = this.entries.filter((e) => e.finalized && e.version === version);
    const exact = usable.find((e) => e.key === keys[0]);
    if (exact) return exact;
    for (const prefix of keys) {
      const matches = usable.filter((e) => e.key.startsWith(prefix));
      if (matches.length > 0) return matches.reduce((a, b) => (b.created > a.created ? b : a));
    }
    return undefined;
  }

  private answer(res: http.ServerResponse, status: number, body: object): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }
}
