// A registry speaking the distribution API's read and delete endpoints over plain HTTP on 127.0.0.1, with the
// three ways registries authenticate: htpasswd Basic (Distribution's default), a Bearer token service (Docker Hub,
// GHCR, Harbor), or none. It records what it was asked, so tests assert on the protocol the registry saw.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach } from '@jest/globals';

export type AuthMode = 'basic' | 'bearer' | 'anonymous';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

export const USERNAME = 'e2e';
export const PASSWORD = 's3cret';
export const TOKEN = 't1';

// Distribution answers a manifest it holds as OCI with MANIFEST_UNKNOWN unless the Accept header admits OCI
// (registry/handlers/manifests.go); Docker media types it serves regardless.
const OCI_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json'];

export function sha256(bytes: string | Buffer): string {
  return `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
}

function basicOf(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export class FakeRegistry {
  auth: AuthMode = 'anonymous';
  /** Whether DELETE is enabled (Distribution's storage.delete.enabled); off, it answers 405 UNSUPPORTED. */
  deleteEnabled = true;
  /** Whether the token service hands out pull tokens without credentials (public repositories). */
  anonymousPull = false;
  /**
   * Another server that blob GETs redirect to, as Distribution on S3, ECR, GHCR and Docker Hub do (307 to a
   * pre-signed URL on another host).
   */
  blobStore: FakeRegistry | undefined;
  /** The realm its Bearer challenge names; default its own /token. */
  tokenRealm: string | undefined;
  readonly requests: RecordedRequest[] = [];
  private readonly manifests = new Map<string, { mediaType: string; bytes: Buffer }>();
  private readonly blobs = new Map<string, Buffer>();

  private constructor(private readonly server: http.Server) {}

  /** On a free port, or on `port` (a registry coming back). */
  static async start(port = 0): Promise<FakeRegistry> {
    const server = http.createServer();
    const registry = new FakeRegistry(server);
    server.on('request', (req, res) => registry.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return registry;
  }

  /** host:port, the registry part of an image reference. */
  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Forgets content, requests and settings between tests. */
  reset(): void {
    this.auth = 'anonymous';
    this.deleteEnabled = true;
    this.anonymousPull = false;
    this.blobStore = undefined;
    this.tokenRealm = undefined;
    this.requests.length = 0;
    this.manifests.clear();
    this.blobs.clear();
  }

  pushBlob(repository: string, bytes: string, mediaType: string): Descriptor {
    const digest = sha256(bytes);
    this.blobs.set(`${repository}@${digest}`, Buffer.from(bytes));
    return { mediaType, digest, size: Buffer.byteLength(bytes) };
  }

  /** Stores a manifest under the digest of its bytes, the way a push by digest does. */
  pushManifest(repository: string, bytes: string, mediaType: string): Descriptor {
    return this.serveManifestAs(repository, sha256(bytes), bytes, mediaType);
  }

  /** Stores bytes under a digest that need not be theirs: a broken or tampered registry. */
  serveManifestAs(repository: string, digest: string, bytes: string, mediaType: string): Descriptor {
    this.manifests.set(`${repository}@${digest}`, { mediaType, bytes: Buffer.from(bytes) });
    return { mediaType, digest, size: Buffer.byteLength(bytes) };
  }

  /** The bytes held under a digest, as served. */
  manifestBytes(repository: string, digest: string): string | undefined {
    return this.manifests.get(`${repository}@${digest}`)?.bytes.toString('utf8');
  }

  hasManifest(repository: string, digest: string): boolean {
    return this.manifests.has(`${repository}@${digest}`);
  }

  /** Requests to the token service. */
  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.url.startsWith('/token'));
  }

  /** Requests to the registry API. */
  apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.url.startsWith('/v2/'));
  }

  async close(): Promise<void> {
    // fetch keeps connections alive; without this, close waits for them to time out
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization, accept: req.headers.accept });
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (url.startsWith('/token')) return this.token(req, res);
    if (url.startsWith('/store/')) return this.stored(req, res);
    const route = /^\/v2\/(.+)\/(manifests|blobs)\/([^/?]+)$/.exec(url);
    if (!route) return this.error(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
    const [, repository, kind, digest] = route;
    if (!this.authorized(req, repository, res)) return;
    const key = `${repository}@${digest}`;
    if (kind === 'blobs') {
      if (req.method !== 'GET') return this.error(res, 405, 'UNSUPPORTED', 'The operation is unsupported.');
      const blob = this.blobs.get(key);
      if (!blob) return this.error(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
      if (this.blobStore) {
        const location = `http://${this.blobStore.host}/store/${digest}?X-Amz-Signature=${TOKEN}`;
        this.blobStore.blobs.set(`store@${digest}`, blob);
        res.writeHead(307, { Location: location, 'Content-Length': 0 });
        return void res.end();
      }
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': blob.length, 'Docker-Content-Digest': digest });
      return void res.end(blob);
    }
    const manifest = this.manifests.get(key);
    if (req.method === 'PUT') return this.putManifest(req, res, repository, digest);
    if (req.method === 'DELETE') {
      if (!this.deleteEnabled) return this.error(res, 405, 'UNSUPPORTED', 'The operation is unsupported.');
      if (!manifest) return this.error(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
      this.manifests.delete(key);
      res.writeHead(202, { 'Content-Length': 0 });
      return void res.end();
    }
    if (req.method !== 'GET') return this.error(res, 405, 'UNSUPPORTED', 'The operation is unsupported.');
    if (!manifest) return this.error(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
    const accepted = (req.headers.accept ?? '').split(',').map((type) => type.trim().split(';')[0]);
    if (OCI_TYPES.includes(manifest.mediaType) && !accepted.includes(manifest.mediaType)) {
      return this.error(res, 404, 'MANIFEST_UNKNOWN', 'OCI manifest found, but accept header does not support OCI manifests');
    }
    res.writeHead(200, { 'Content-Type': manifest.mediaType, 'Content-Length': manifest.bytes.length, 'Docker-Content-Digest': digest });
    res.end(manifest.bytes);
  }

  /** A manifest PUT by tag or digest: stored under both, answered 201 with its digest, as Distribution does. */
  private putManifest(req: http.IncomingMessage, res: http.ServerResponse, repository: string, reference: string): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const digest = sha256(bytes);
      const stored = { mediaType: req.headers['content-type'] ?? '', bytes };
      for (const name of [reference, digest]) this.manifests.set(`${repository}@${name}`, stored);
      res.writeHead(201, { 'Docker-Content-Digest': digest, 'Content-Length': 0 });
      res.end();
    });
  }

  private authorized(req: http.IncomingMessage, repository: string, res: http.ServerResponse): boolean {
    const given = req.headers.authorization;
    if (this.auth === 'anonymous') return true;
    if (this.auth === 'basic') {
      if (given === basicOf(USERNAME, PASSWORD)) return true;
      res.setHeader('WWW-Authenticate', 'Basic realm="x"');
      this.error(res, 401, 'UNAUTHORIZED', 'authentication required');
      return false;
    }
    if (given === `Bearer ${TOKEN}`) return true;
    res.setHeader(
      'WWW-Authenticate',
      `Bearer realm="${this.tokenRealm ?? `http://${this.host}/token`}",service="test",scope="repository:${repository}:pull"`,
    );
    this.error(res, 401, 'UNAUTHORIZED', 'authentication required');
    return false;
  }

  private token(req: http.IncomingMessage, res: http.ServerResponse): void {
    const credentials = req.headers.authorization;
    if (credentials === basicOf(USERNAME, PASSWORD) || (credentials === undefined && this.anonymousPull)) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ token: TOKEN }));
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="token"');
    this.error(res, 401, 'UNAUTHORIZED', 'authentication required');
  }

  // S3 refuses a pre-signed URL that also carries an Authorization header
  private stored(req: http.IncomingMessage, res: http.ServerResponse): void {
    const blob = this.blobs.get(`store@${(req.url ?? '').replace(/^\/store\/([^?]+).*$/, '$1')}`);
    if (req.headers.authorization !== undefined) return this.error(res, 400, 'InvalidArgument', 'Only one auth mechanism allowed');
    if (!blob) return this.error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': blob.length });
    res.end(blob);
  }

  private error(res: http.ServerResponse, status: number, code: string, message: string): void {
    const body = JSON.stringify({ errors: [{ code, message, detail: null }] });
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }
}

/** A fake registry for the suite that calls this: started before its tests, emptied before each, closed after all. */
export function fakeRegistryForSuite(): () => FakeRegistry {
  let registry: FakeRegistry | undefined;
  beforeAll(async () => {
    registry = await FakeRegistry.start();
  });
  afterAll(async () => registry?.close());
  beforeEach(() => registry?.reset());
  return () => {
    if (!registry) throw new Error('the fake registry is started in beforeAll: read it inside a test');
    return registry;
  };
}
