// A registry speaking the distribution API's read and delete endpoints over plain HTTP on 127.0.0.1, with the
// three ways registries authenticate: htpasswd Basic (Distribution's default), a Bearer token service (Docker Hub,
// GHCR, Harbor), or none. It records what it was asked, so tests assert on the protocol the registry saw.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach } from '@jest/globals';

import type { ImageConfig } from '../../src/image/digests.js';

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

// What buildx pushes, built in a FakeRegistry: an index of three platforms and an attestation manifest, each image
// manifest with a config and two layers, every digest the sha256 of the exact bytes served.
/** The repository the builders below push to. */
export const REPO = 'acme/app';

export interface MediaTypes {
  readonly index: string;
  readonly manifest: string;
  readonly config: string;
  readonly layer: string;
}

/** The media types BuildKit pushes with oci-mediatypes, and those of Docker's manifest list. */
export const OCI: MediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

export const DOCKER: MediaTypes = {
  index: 'application/vnd.docker.distribution.manifest.list.v2+json',
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

export interface ImagePlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** The platforms buildx pushes, as the index entry and as the image config each describe them. */
export const PLATFORMS: readonly { key: string; entry: ImagePlatform; config: ImagePlatform; layers: [number, number] }[] = [
  {
    key: 'linux/amd64',
    entry: { architecture: 'amd64', os: 'linux' },
    config: { architecture: 'amd64', os: 'linux' },
    layers: [2152262, 103],
  },
  // BuildKit writes variant v8 into an arm64 config, and none into the index entry
  {
    key: 'linux/arm64',
    entry: { architecture: 'arm64', os: 'linux' },
    config: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    layers: [1987533, 104],
  },
  {
    key: 'linux/arm/v7',
    entry: { architecture: 'arm', os: 'linux', variant: 'v7' },
    config: { architecture: 'arm', os: 'linux', variant: 'v7' },
    layers: [1728964, 102],
  },
];

// BuildKit writes configs compact and manifests indented: a client that re-serializes shows in the bytes
export function pushImage(registry: FakeRegistry, types: MediaTypes, config: ImagePlatform, layerSizes: readonly number[]): Descriptor {
  const diffIds = layerSizes.map((size, i) => sha256(`diff ${config.architecture} ${i} ${size}`));
  const configBlob = registry.pushBlob(
    REPO,
    JSON.stringify({
      architecture: config.architecture,
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
      created: '2025-01-01T00:00:00Z',
      history: [{ created_by: 'BusyBox 1.36.1' }, { created_by: 'RUN /bin/sh -c uname -m > /arch # buildkit' }],
      os: config.os,
      rootfs: { type: 'layers', diff_ids: diffIds },
      ...(config.variant ? { variant: config.variant } : {}),
    }),
    types.config,
  );
  const layers = layerSizes.map((size, i) => ({
    mediaType: types.layer,
    digest: sha256(`layer ${config.architecture} ${i} ${size}`),
    size,
  }));
  const manifest = { schemaVersion: 2, mediaType: types.manifest, config: configBlob, layers };
  return registry.pushManifest(REPO, JSON.stringify(manifest, null, 2), types.manifest);
}

/** The in-toto attestation manifest buildx adds for an image, filed under unknown/unknown. */
export function pushAttestation(registry: FakeRegistry, subject: Descriptor): Descriptor {
  const configBlob = registry.pushBlob(
    REPO,
    JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256('provenance')] } }),
    OCI.config,
  );
  const provenance = registry.pushBlob(
    REPO,
    JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: { sha256: subject.digest.slice(7) } }] }),
    'application/vnd.in-toto+json',
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI.manifest,
    config: configBlob,
    layers: [{ ...provenance, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } }],
  };
  return registry.pushManifest(REPO, JSON.stringify(manifest, null, 2), OCI.manifest);
}

export interface Pushed {
  readonly digest: string;
  readonly bytes: string;
  readonly attestation: string | undefined;
}

/** An index of the three platforms, with one attestation manifest when OCI (buildx forces OCI for attestations). */
export function pushIndex(registry: FakeRegistry, types: MediaTypes): Pushed {
  const images = PLATFORMS.map((p) => ({ ...pushImage(registry, types, p.config, p.layers), platform: p.entry }));
  const attestation = types === OCI ? pushAttestation(registry, images[0]) : undefined;
  const manifests: object[] = [...images];
  if (attestation) {
    manifests.push({
      ...attestation,
      annotations: { 'vnd.docker.reference.digest': images[0].digest, 'vnd.docker.reference.type': 'attestation-manifest' },
      platform: { architecture: 'unknown', os: 'unknown' },
    });
  }
  const bytes = JSON.stringify({ schemaVersion: 2, mediaType: types.index, manifests }, null, 2);
  return { digest: registry.pushManifest(REPO, bytes, types.index).digest, bytes, attestation: attestation?.digest };
}

/** What a read of pushIndex's index finds: each platform's config, and its compressed size (the sum of its layers). */
export const PUSHED_CONFIGS: Record<string, ImageConfig> = Object.fromEntries(PLATFORMS.map((p) => [p.key, p.config]));
export const PUSHED_SIZES: Record<string, number> = Object.fromEntries(PLATFORMS.map((p) => [p.key, p.layers[0] + p.layers[1]]));

/** What a whole read of pushIndex's index finds: its bytes as served, then PUSHED_CONFIGS and PUSHED_SIZES. */
export function readOfPushedIndex(pushed: Pushed): {
  manifestJson: string;
  configs: Record<string, ImageConfig>;
  sizes: Record<string, number>;
} {
  return { manifestJson: pushed.bytes, configs: PUSHED_CONFIGS, sizes: PUSHED_SIZES };
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
