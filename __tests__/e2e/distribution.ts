// A real Docker Distribution (the `docker-registry` binary scripts/stack.sh installs) per test, on a free loopback
// port, configured the way the registry under test is: htpasswd Basic or token auth (the token issuer of
// token-issuer.ts), TLS with a self-signed certificate, deletes disabled. Each instance has its own storage and
// needs no stack lock. Also a TCP recorder to put in front of one, to assert what went over the wire.
//
//   const registry = await Distribution.start({ auth: { htpasswd: { username, password } }, deleteEnabled: false });
//   // push to `${registry.host}/e2e/app` (docker login to registry.host first; it is loopback, so plain HTTP needs
//   // no daemon setting, and a docker-container builder needs network=host and `insecure-registries`)
//   await registry.stop();
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { Agent, fetch as undiciFetch } from 'undici';

import type { TokenIssuer } from './token-issuer.js';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface DistributionOptions {
  /** htpasswd Basic with these credentials, a token issuer's Bearer auth, or none. */
  readonly auth?: { readonly htpasswd: Credentials } | { readonly token: TokenIssuer };
  /** Serve HTTPS with a self-signed certificate for 127.0.0.1. */
  readonly tls?: boolean;
  /** storage.delete.enabled; off, DELETE answers 405 UNSUPPORTED as on registries that refuse it. Default on. */
  readonly deleteEnabled?: boolean;
  /** The port on 127.0.0.1; default a free one. */
  readonly port?: number;
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right away). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A self-signed P-256 certificate (CA:TRUE, SAN 127.0.0.1 and localhost) and its key, as PEM files in `dir`. */
export function selfSignedCertificate(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** A directory of its own for one server's config, storage and certificates. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Waits until something accepts connections on the port, or the process exits. */
async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${output()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not listen on ${port}: ${output()}`);
}

export class Distribution {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly dir: string,
    /** The PEM certificate it serves, when TLS. */
    readonly certificate: string | undefined,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(options: DistributionOptions = {}): Promise<Distribution> {
    const dir = tempDir('distribution-');
    const port = options.port ?? (await freePort());
    const lines = [
      'version: 0.1',
      'log: {level: info, formatter: text, accesslog: {disabled: false}}',
      `storage: {filesystem: {rootdirectory: ${dir}/data}, delete: {enabled: ${options.deleteEnabled ?? true}}, maintenance: {uploadpurging: {enabled: false}}}`,
      `http: {addr: 127.0.0.1:${port}, secret: ${crypto.randomBytes(16).toString('hex')}${options.tls ? `, tls: {certificate: ${dir}/tls.crt, key: ${dir}/tls.key}` : ''}}`,
    ];
    let certificate: string | undefined;
    if (options.tls) {
      selfSignedCertificate(dir, 'tls');
      certificate = fs.readFileSync(path.join(dir, 'tls.crt'), 'utf8');
    }
    const auth = options.auth;
    if (auth && 'htpasswd' in auth) {
      const file = path.join(dir, 'htpasswd');
      fs.writeFileSync(file, execFileSync('htpasswd', ['-Bbn', auth.htpasswd.username, auth.htpasswd.password]).toString().trim() + '\n');
      lines.push(`auth: {htpasswd: {realm: test-registry, path: ${file}}}`);
    } else if (auth) {
      const { token } = auth;
      lines.push(
        `auth: {token: {realm: "${token.realm}", service: ${token.service}, issuer: ${token.issuer}, rootcertbundle: ${token.certificate}}}`,
      );
    }
    fs.writeFileSync(path.join(dir, 'config.yml'), `${lines.join('\n')}\n`);
    const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const registry = new Distribution(child, port, dir, certificate);
    try {
      await listening(port, child, () => registry.output);
    } catch (error) {
      await registry.stop();
      throw error;
    }
    return registry;
  }

  /** host:port, the registry part of an image reference. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `${this.certificate ? 'https' : 'http'}://${this.host}`;
  }

  /** What it logged so far, access log included. */
  logs(): string {
    return this.output;
  }

  /** Calls its API trusting its certificate. */
  api(pathAndQuery: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Response> {
    const dispatcher = this.certificate ? new Agent({ connect: { ca: this.certificate } }) : undefined;
    const url = /^https?:/.test(pathAndQuery) ? pathAndQuery : `${this.url}${pathAndQuery}`;
    return undiciFetch(url, { ...init, dispatcher }) as unknown as Promise<Response>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Pushes blobs and a manifest through the registry API, with the given Authorization header. */
export class Uploader {
  constructor(
    private readonly registry: Distribution,
    private readonly repository: string,
    private readonly authorization: () => string | undefined,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const authorization = this.authorization();
    return authorization ? { ...extra, Authorization: authorization } : extra;
  }

  async blob(bytes: string): Promise<{ digest: string; size: number }> {
    const digest = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
    const started = await this.registry.api(`/v2/${this.repository}/blobs/uploads/`, { method: 'POST', headers: this.headers() });
    if (started.status !== 202) throw new Error(`starting an upload: ${started.status} ${await started.text()}`);
    const location = new URL(started.headers.get('location') as string, this.registry.url);
    location.searchParams.set('digest', digest);
    const put = await this.registry.api(location.toString(), {
      method: 'PUT',
      headers: this.headers({ 'Content-Type': 'application/octet-stream' }),
      body: bytes,
    });
    if (put.status !== 201) throw new Error(`uploading ${digest}: ${put.status} ${await put.text()}`);
    return { digest, size: Buffer.byteLength(bytes) };
  }

  async manifest(bytes: string, mediaType: string, reference?: string): Promise<string> {
    const digest = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
    const put = await this.registry.api(`/v2/${this.repository}/manifests/${reference ?? digest}`, {
      method: 'PUT',
      headers: this.headers({ 'Content-Type': mediaType }),
      body: bytes,
    });
    if (put.status !== 201) throw new Error(`putting manifest ${digest}: ${put.status} ${await put.text()}`);
    return digest;
  }

  /** A small OCI index of linux/amd64 and linux/arm64 images (config and one layer each); its digest. */
  async index(): Promise<string> {
    const entries = [];
    for (const architecture of ['amd64', 'arm64']) {
      const config = await this.blob(JSON.stringify({ architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: {} }));
      const layer = await this.blob(`layer of ${architecture} ${crypto.randomUUID()}`);
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      });
      const digest = await this.manifest(manifest, 'application/vnd.oci.image.manifest.v1+json');
      entries.push({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest,
        size: Buffer.byteLength(manifest),
        platform: { architecture, os: 'linux' },
      });
    }
    return this.manifest(
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries }),
      'application/vnd.oci.image.index.v1+json',
      'latest',
    );
  }
}

/**
 * A plain TCP proxy on a free loopback port in front of a registry, recording every byte the client sent: what
 * an eavesdropper on the path would read.
 */
export class TcpRecorder {
  /** Per connection, what the client sent. */
  private readonly sent: Buffer[][] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(upstreamPort: number): Promise<TcpRecorder> {
    const server = net.createServer();
    const recorder = new TcpRecorder(server);
    server.on('connection', (client) => {
      const upstream = net.connect(upstreamPort, '127.0.0.1');
      const sent: Buffer[] = [];
      recorder.sent.push(sent);
      recorder.sockets.add(client).add(upstream);
      client.on('data', (chunk: Buffer) => sent.push(chunk));
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return recorder;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** What the client sent on each connection, in the order they were opened, as latin1 text (TLS stays unreadable). */
  connections(): string[] {
    return this.sent.map((chunks) => Buffer.concat(chunks).toString('latin1'));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
