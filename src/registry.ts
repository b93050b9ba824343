// The one thing the docker CLI cannot do: delete a manifest. Used to remove the merge's temporary leg tags.
import { isLoopback, type RegistryLogin } from './inputs.js';
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

/** A request to the registry API with the login's Basic credentials, following a Bearer challenge when asked. */
async function registryFetch(
  ref: ManifestRef,
  method: 'GET' | 'DELETE',
  login: RegistryLogin | undefined,
  insecure: readonly string[],
  headers: Record<string, string> = {},
): Promise<Response> {
  const scheme = isLoopback(ref.registry) || insecure.includes(ref.registry) ? 'http' : 'https';
  const url = `${scheme}://${apiHost(ref.registry)}/v2/${ref.repository}/manifests/${ref.digest}`;
  const basic = login ? `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` : undefined;
  const response = await fetch(url, { method, headers: { ...headers, ...(basic ? { Authorization: basic } : {}) } });
  if (response.status !== 401) return response;
  const scope = `repository:${ref.repository}:${method === 'DELETE' ? 'delete,pull' : 'pull'}`;
  const token = tokenUrl(response.headers.get('www-authenticate') ?? '', scope);
  if (!token) return response;
  const tokenResponse = await fetch(token, { headers: basic ? { Authorization: basic } : {} });
  if (!tokenResponse.ok) return tokenResponse;
  const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
  return fetch(url, { method, headers: { ...headers, Authorization: `Bearer ${body.token ?? body.access_token}` } });
}

/**
 * Deletes a manifest by digest (and so every tag on it) with the registry's API. Plain HTTP only for loopback
 * and the insecure registries the user named. Returns why it could not, or undefined when it did.
 */
export async function deleteManifest(ref: ManifestRef, login: RegistryLogin | undefined, insecure: readonly string[]): Promise<string | undefined> {
  const response = await registryFetch(ref, 'DELETE', login, insecure);
  if (response.status === 202 || response.status === 200 || response.status === 404) return undefined;
  return `${response.status} ${response.statusText}`.trim();
}

const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

/** The sum of an image manifest's layer sizes: what a pull downloads. */
export function compressedSize(manifestJson: string): number | undefined {
  const layers = (JSON.parse(manifestJson) as { layers?: { size?: number }[] }).layers;
  return layers ? layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0) : undefined;
}

/** Each platform image's compressed size, read from the registry in parallel; a size that cannot be read is left out. */
export async function compressedSizes(
  repository: string,
  digests: Readonly<Record<string, string>>,
  logins: readonly RegistryLogin[],
  insecure: readonly string[],
): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  await Promise.all(
    Object.entries(digests).map(async ([platform, digest]) => {
      const ref = manifestRef(repository, digest);
      try {
        const response = await registryFetch(ref, 'GET', logins.find((l) => l.registry === ref.registry), insecure, { Accept: MANIFEST_TYPES });
        const size = response.ok ? compressedSize(await response.text()) : undefined;
        if (size !== undefined) sizes[platform] = size;
      } catch {
        // the summary shows no size rather than failing a good push
      }
    }),
  );
  return sizes;
}
