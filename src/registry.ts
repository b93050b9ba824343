// The registry's HTTP API: reading what was pushed without a process per read, and the one thing the docker CLI
// cannot do at all, deleting a manifest (the merge's temporary leg tags).
import * as core from '@actions/core';
import type { Exec } from './exec.js';
import { digestOf, inspectPushed, isImageEntry, type Descriptor, type ImageConfig, type PushedImage } from './digests.js';
import { isLoopback, type RegistryLogin } from './inputs.js';
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

/** The token request a Bearer challenge asks for ("Bearer realm=…,service=…,scope=…"), or undefined for Basic. */
export function tokenUrl(challenge: string, scope: string): string | undefined {
  if (!/^Bearer\s/i.test(challenge)) return undefined;
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1].toLowerCase(), m[2]]));
  if (!params.realm) return undefined;
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', scope);
  return url.toString();
}

/**
 * The registry's HTTP API for one repository, in-process: reading a pushed image this way costs milliseconds
 * where a `docker buildx imagetools` process costs a few hundred. Basic credentials, or a Bearer token fetched
 * once with them when the registry challenges; plain HTTP only for loopback and the named insecure registries.
 */
export class RegistryClient {
  private token: string | undefined;
  private tokenScope: string | undefined;
  private readonly base: string;

  constructor(
    private readonly ref: { registry: string; repository: string },
    private readonly login: RegistryLogin | undefined,
    insecure: readonly string[],
  ) {
    const scheme = isLoopback(ref.registry) || insecure.includes(ref.registry) ? 'http' : 'https';
    this.base = `${scheme}://${apiHost(ref.registry)}/v2/${ref.repository}`;
  }

  private basic(): Record<string, string> {
    return this.login ? { Authorization: `Basic ${Buffer.from(`${this.login.username}:${this.login.password}`).toString('base64')}` } : {};
  }

  async request(method: 'GET' | 'DELETE' | 'PUT', path: string, headers: Record<string, string> = {}, payload?: string): Promise<Response> {
    const url = `${this.base}${path}`;
    const auth = this.token ? { Authorization: `Bearer ${this.token}` } : this.basic();
    const response = await fetch(url, { method, body: payload, headers: { ...headers, ...auth }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    // a held token is renewed when a request needs more than it allows (a pull token, then the ledger's PUT)
    if (response.status !== 401 || (this.token && this.tokenScope === SCOPE_ACTIONS[method])) return response;
    const scope = `repository:${this.ref.repository}:${SCOPE_ACTIONS[method]}`;
    const tokenRequest = tokenUrl(response.headers.get('www-authenticate') ?? '', scope);
    if (!tokenRequest) return response;
    const tokenResponse = await fetch(tokenRequest, { headers: this.basic(), signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!tokenResponse.ok) throw new Error(`token request to ${new URL(tokenRequest).host}: ${tokenResponse.status} ${tokenResponse.statusText}`);
    const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`token request to ${new URL(tokenRequest).host} answered without a token`);
    this.token = token;
    this.tokenScope = SCOPE_ACTIONS[method];
    return fetch(url, { method, body: payload, headers: { ...headers, Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
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

/** A client for a repository with the login for its registry, if the action has one. */
export function registryClient(repository: string, logins: readonly RegistryLogin[], insecure: readonly string[]): RegistryClient {
  const ref = manifestRef(repository, '');
  return new RegistryClient(ref, logins.find((login) => login.registry === ref.registry), insecure);
}

/** The pushed image over the registry API, or, when that cannot be done (credentials in a helper, TLS quirks), through buildx. */
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
