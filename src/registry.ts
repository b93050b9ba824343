// The registry's HTTP API: reading what was pushed without a process per read, and the one thing the docker CLI
// cannot do at all, deleting a manifest (the merge's temporary leg tags).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import * as core from '@actions/core';
import type { Exec } from './exec.js';
import { digestOf, inspectPushed, isImageEntry, type Descriptor, type ImageConfig, type PushedImage } from './digests.js';
import { dockerConfigDir } from './docker.js';
import { isLoopback, type RegistryLogin } from './config/index.js';
import { platformOfDescriptor } from './platforms.js';
import { parseReference } from './reference.js';

export interface ManifestRef {
  readonly registry: string;
  readonly repository: string;
  readonly digest: string;
}

export function manifestRef(repository: string, digest: string): ManifestRef {
  const ref = parseReference(repository);
  const registry = !ref.domain || ref.domain === 'index.docker.io' || ref.domain === 'registry-1.docker.io' ? 'docker.io' : ref.domain;
  // Docker Hub's official images live under library/
  const path = registry === 'docker.io' && !ref.path.includes('/') ? `library/${ref.path}` : ref.path;
  return { registry, repository: path, digest };
}

/** The API host of a registry: Docker Hub's API lives elsewhere than its name. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

/** One challenge of a WWW-Authenticate header: its scheme (lower case) and its parameters (names lower case). */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The challenges in a WWW-Authenticate header (RFC 7235): several in one header (fetch also joins repeated headers
 * with ", "), parameter values quoted (with backslash escapes) or bare tokens, any parameters, schemes in any case.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  const token = /[^\s,="]+/y;
  let i = 0;
  const skip = (chars: RegExp): void => {
    while (i < header.length && chars.test(header[i])) i++;
  };
  while (i < header.length) {
    skip(/[\s,]/);
    token.lastIndex = i;
    const name = token.exec(header)?.[0];
    if (!name) {
      i++;
      continue;
    }
    i += name.length;
    skip(/[ \t]/);
    if (header[i] !== '=') {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
      continue;
    }
    i++;
    skip(/[ \t]/);
    let value = '';
    if (header[i] === '"') {
      for (i++; i < header.length && header[i] !== '"'; i++) value += header[i] === '\\' ? header[++i] ?? '' : header[i];
      i++;
    } else {
      token.lastIndex = i;
      value = token.exec(header)?.[0] ?? '';
      i += value.length;
    }
    const current = challenges.at(-1);
    if (current) current.params[name.toLowerCase()] = value;
  }
  return challenges;
}

/** The token request a Bearer challenge asks for ("Bearer realm=…,service=…,scope=…"), or undefined without one. */
export function tokenUrl(header: string, scope: string): string | undefined {
  const bearer = parseChallenges(header).find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm);
  if (!bearer) return undefined;
  const url = new URL(bearer.params.realm);
  if (bearer.params.service) url.searchParams.set('service', bearer.params.service);
  url.searchParams.set('scope', scope);
  return url.toString();
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
  /**
   * An identity token (an OAuth2 refresh token, as `az acr login` or a browser login leaves) instead of a
   * password: exchanged at the token service, never sent to the registry itself.
   */
  readonly identityToken?: string;
}

/** The docker CLI's username for an identity token. */
const IDENTITY_TOKEN_USER = '<token>';

function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * How to ask a token service for a token: a GET with Basic credentials (or none, for public repositories), or
 * with an identity token the OAuth2 refresh-token grant (distribution's docs/spec/auth/oauth.md): a form POST.
 */
function tokenRequestInit(url: URL, credentials: Credentials | undefined): { method: string; headers: Record<string, string>; body?: string } {
  if (!credentials) return { method: 'GET', headers: {} };
  if (!credentials.identityToken) return { method: 'GET', headers: { Authorization: basicAuthorization(credentials) } };
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'buildx-multiarch' });
  for (const name of ['service', 'scope']) {
    for (const value of url.searchParams.getAll(name)) form.append(name, value);
  }
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() };
}

/** The key `docker login` files a registry under in config.json: Docker Hub keeps its historical URL. */
function configKey(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/** A config.json key's registry: keys may carry a scheme and a path (`https://index.docker.io/v1/`). */
function registryOfKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

/** `docker-credential-<helper> get`: the server on stdin, {Username, Secret} on stdout; undefined when it has none. */
function credentialHelper(helper: string, server: string): Promise<Credentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { env: process.env, timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!answer.Secret || !answer.Username) return resolve(undefined);
        resolve(answer.Username === IDENTITY_TOKEN_USER ? { username: answer.Username, password: '', identityToken: answer.Secret } : { username: answer.Username, password: answer.Secret });
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(server);
  });
}

/**
 * The credentials a `docker login` earlier in the job left for a registry, where the docker CLI keeps them:
 * the registry's credHelpers entry or the credsStore (a docker-credential-* helper), else config.json's auths.
 */
export async function dockerConfigCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    config = JSON.parse(fs.readFileSync(path.join(dockerConfigDir(env), 'config.json'), 'utf8')) as typeof config;
  } catch {
    return undefined;
  }
  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => registryOfKey(key) === registry)?.[1] ?? config.credsStore;
  const fromHelper = helper ? await credentialHelper(helper, configKey(registry)) : undefined;
  if (fromHelper) {
    core.setSecret(fromHelper.identityToken ?? fromHelper.password);
    return fromHelper;
  }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => registryOfKey(key) === registry)?.[1];
  if (entry?.identitytoken) {
    core.setSecret(entry.identitytoken);
    return { username: IDENTITY_TOKEN_USER, password: '', identityToken: entry.identitytoken };
  }
  if (entry?.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      core.setSecret(decoded.slice(colon + 1));
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  return entry?.username && entry.password ? { username: entry.username, password: entry.password } : undefined;
}

/** Whether the registry at host:port completes a TLS handshake (any certificate); false when it speaks plain HTTP. */
function speaksTls(host: string): Promise<boolean> {
  const url = new URL(`https://${host}`);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: hostname, port: Number(url.port || 443), servername: net.isIP(hostname) ? undefined : hostname, rejectUnauthorized: false, timeout: TIMEOUT_MS });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => socket.destroy(new Error(`no TLS handshake with ${host} within ${TIMEOUT_MS / 1000}s`)));
    // a plain-HTTP server answers the ClientHello with an HTTP error, which OpenSSL reads as a bad record
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code?.startsWith('ERR_SSL_') ? resolve(false) : reject(error)));
  });
}

/**
 * The registry's HTTP API for one repository, in-process: reading a pushed image this way costs milliseconds
 * where a `docker buildx imagetools` process costs a few hundred. Credentials go only where a challenge asks for
 * them: Basic once the registry asked for Basic, else a Bearer token fetched with them (and fetched again when
 * the registry refuses the one held: tokens expire, Docker Hub's after 300 s, sooner than a QEMU build ends).
 * HTTPS always, except for loopback and the named insecure registries: those get HTTPS without certificate
 * checks when they speak TLS, and plain HTTP only when they do not.
 */
export class RegistryClient {
  private token: string | undefined;
  private basic = false;
  private origin: Promise<{ url: string; dispatcher?: unknown }> | undefined;
  private credentials: Promise<Credentials | undefined> | undefined;
  private readonly insecure: boolean;

  constructor(
    private readonly ref: { registry: string; repository: string },
    private readonly login: RegistryLogin | undefined,
    private readonly insecureRegistries: readonly string[],
  ) {
    this.insecure = isLoopback(ref.registry) || insecureRegistries.includes(ref.registry);
  }

  private base(): Promise<{ url: string; dispatcher?: unknown }> {
    const host = apiHost(this.ref.registry);
    this.origin ??= (async () => {
      if (!this.insecure) return { url: `https://${host}` };
      if (!(await speaksTls(host))) return { url: `http://${host}` };
      // loaded only here: undici is big, and only self-signed registries need an agent of their own
      const { Agent } = await import('undici');
      return { url: `https://${host}`, dispatcher: new Agent({ connect: { rejectUnauthorized: false } }) };
    })().catch((error: Error) => {
      // a registry not up yet when warm() asked is asked again by the read
      this.origin = undefined;
      throw error;
    });
    return this.origin;
  }

  private userCredentials(): Promise<Credentials | undefined> {
    this.credentials ??= this.login ? Promise.resolve(this.login) : dockerConfigCredentials(this.ref.registry);
    return this.credentials;
  }

  /** Secrets go over HTTPS, to loopback, or to a registry the user named insecure; never elsewhere in clear text. */
  private mayCarrySecrets(url: URL): boolean {
    return url.protocol === 'https:' || isLoopback(url.host) || this.insecureRegistries.includes(url.host);
  }

  private async send(method: string, url: string, headers: Record<string, string>, dispatcher: unknown, payload?: string): Promise<Response> {
    let authorization: string | undefined;
    if (this.token) authorization = `Bearer ${this.token}`;
    else if (this.basic) {
      const credentials = await this.userCredentials();
      if (credentials) authorization = basicAuthorization(credentials);
    }
    const init = { method, body: payload, headers: authorization ? { ...headers, Authorization: authorization } : headers, signal: AbortSignal.timeout(TIMEOUT_MS), dispatcher };
    return fetch(url, init as RequestInit);
  }

  /** Answers a 401's challenge; true when the request is worth sending again. */
  private async authenticate(response: Response, method: keyof typeof SCOPE_ACTIONS): Promise<boolean> {
    const header = response.headers.get('www-authenticate') ?? '';
    const scope = `repository:${this.ref.repository}:${SCOPE_ACTIONS[method]}`;
    const tokenRequest = tokenUrl(header, scope);
    if (tokenRequest) {
      this.token = await this.fetchToken(new URL(tokenRequest));
      return true;
    }
    if (this.basic || !parseChallenges(header).some((challenge) => challenge.scheme === 'basic')) return false;
    const credentials = await this.userCredentials();
    // an identity token is for a token service only
    if (!credentials || credentials.identityToken) return false;
    if (!this.mayCarrySecrets(new URL((await this.base()).url))) return false;
    this.basic = true;
    return true;
  }

  private async fetchToken(url: URL): Promise<string> {
    const credentials = await this.userCredentials();
    if (credentials && !this.mayCarrySecrets(url)) {
      throw new Error(`the registry's token service ${url.origin} is plain HTTP: not sending the ${this.ref.registry} credentials there`);
    }
    const dispatcher = url.origin === (await this.base()).url ? (await this.base()).dispatcher : undefined;
    const tokenResponse = await fetch(url, { ...tokenRequestInit(url, credentials), signal: AbortSignal.timeout(TIMEOUT_MS), dispatcher } as RequestInit);
    if (!tokenResponse.ok) throw new Error(`token request to ${url.host}: ${tokenResponse.status} ${tokenResponse.statusText}`);
    const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`token request to ${url.host} answered without a token`);
    return token;
  }

  async request(method: 'GET' | 'DELETE' | 'PUT', path: string, headers: Record<string, string> = {}, payload?: string): Promise<Response> {
    const { url, dispatcher } = await this.base();
    const target = `${url}/v2/${this.ref.repository}${path}`;
    const response = await this.send(method, target, headers, dispatcher, payload);
    // a 401 while holding a token: expired, or allowing less than this request needs (a pull token, then a PUT)
    if (response.status !== 401 || !(await this.authenticate(response, method))) return response;
    await response.arrayBuffer().catch(() => undefined);
    return this.send(method, target, headers, dispatcher, payload);
  }

  /** Opens the connection and fetches the pull token, so that the reads after the push start at once. */
  async warm(): Promise<void> {
    const response = await this.request('GET', '/tags/list?n=1');
    await response.arrayBuffer();
  }

  /** The bytes of a manifest fetched by digest, checked against the digest. */
  manifest(digest: string): Promise<string> {
    return this.byDigest('manifest', digest, { Accept: ACCEPT_ALL });
  }

  blob(digest: string): Promise<string> {
    return this.byDigest('blob', digest);
  }

  /** The digest a tag of this repository points at now. */
  async taggedDigest(tag: string): Promise<string> {
    const response = await this.request('GET', `/manifests/${tag}`, { Accept: ACCEPT_ALL });
    if (!response.ok) throw new Error(`GET manifest ${tag}: ${response.status} ${response.statusText}`);
    return digestOf(Buffer.from(await response.arrayBuffer()));
  }

  private async byDigest(kind: 'manifest' | 'blob', digest: string, headers: Record<string, string> = {}): Promise<string> {
    const response = await this.request('GET', `/${kind}s/${digest}`, headers);
    if (!response.ok) throw new Error(`GET ${kind} ${digest}: ${response.status} ${response.statusText}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const actual = digestOf(bytes);
    if (actual !== digest) throw new Error(`the registry served ${kind === 'blob' ? 'blob ' : ''}${digest} with digest ${actual}`);
    return bytes.toString('utf8');
  }
}

/** What a token must allow for each method (a PUT writes the legs' ledger, a DELETE removes merged legs). */
const SCOPE_ACTIONS = { GET: 'pull', DELETE: 'delete,pull', PUT: 'pull,push' } as const;

/** A registry that stops answering is given up on (and buildx asked instead) long before undici's 5 minutes. */
const TIMEOUT_MS = 20_000;

const ACCEPT_ALL = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/**
 * Deletes a manifest by digest (and so every tag on it) with the registry's API. Returns why it could not, or
 * undefined when it did.
 */
export async function deleteManifest(ref: ManifestRef, login: RegistryLogin | undefined, insecure: readonly string[]): Promise<string | undefined> {
  const response = await new RegistryClient(ref, login, insecure).request('DELETE', `/manifests/${ref.digest}`);
  if (response.status === 202 || response.status === 200 || response.status === 404) return undefined;
  return `${response.status} ${response.statusText}`.trim();
}

/** The sum of an image manifest's layer sizes: what a pull downloads. */
export function compressedSize(manifestJson: string): number | undefined {
  const layers = (JSON.parse(manifestJson) as { layers?: { size?: number }[] }).layers;
  return layers ? layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0) : undefined;
}

/**
 * What the registry holds at `repository@digest`, read over its API: the index (its bytes checked against the
 * digest), each image's config and compressed size. Throws on anything unexpected; the caller then asks buildx.
 */
export async function readPushedImage(
  repository: string,
  digest: string,
  logins: readonly RegistryLogin[],
  insecure: readonly string[],
  client: RegistryClient = registryClient(repository, logins, insecure),
): Promise<PushedImage & { sizes: Record<string, number> }> {
  const manifestJson = await client.manifest(digest);
  const manifest = JSON.parse(manifestJson) as { manifests?: Descriptor[]; config?: { digest: string } };
  const configs: Record<string, ImageConfig> = {};
  const sizes: Record<string, number> = {};
  const images = manifest.manifests
    ? manifest.manifests.filter(isImageEntry)
    : [{ digest } as Descriptor];
  await Promise.all(
    images.map(async (entry) => {
      const imageJson = entry.digest === digest ? manifestJson : await client.manifest(entry.digest);
      const image = JSON.parse(imageJson) as { config: { digest: string } };
      const config = JSON.parse(await client.blob(image.config.digest)) as ImageConfig;
      const key = manifest.manifests ? platformOfDescriptor(entry.platform ?? {}) : '';
      configs[key] = { os: config.os, architecture: config.architecture, variant: config.variant };
      sizes[key === '' ? platformOfDescriptor(config) : key] = compressedSize(imageJson) ?? 0;
    }),
  );
  return { manifestJson, configs, sizes };
}

/** A client for a repository with the login for its registry, if the action has one (else what `docker login` left). */
export function registryClient(repository: string, logins: readonly RegistryLogin[], insecure: readonly string[]): RegistryClient {
  const ref = manifestRef(repository, '');
  return new RegistryClient(ref, logins.find((login) => login.registry === ref.registry), insecure);
}

/** The pushed image over the registry API, or, when that cannot be done (an unusual token service, TLS quirks), through buildx. */
export async function readPushed(
  exec: Exec,
  repository: string,
  digest: string,
  builder: string,
  logins: readonly RegistryLogin[],
  insecure: readonly string[],
  client?: RegistryClient,
): Promise<PushedImage & { sizes?: Record<string, number> }> {
  try {
    return await readPushedImage(repository, digest, logins, insecure, client);
  } catch (error) {
    core.debug(`reading ${repository}@${digest} over the registry API failed (${(error as Error).message}); asking buildx`);
    return inspectPushed(exec, repository, digest, builder);
  }
}
