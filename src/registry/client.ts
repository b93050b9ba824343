// The registry's HTTP API for one repository (RegistryClient): reads without a process per read, and what the docker
// CLI cannot do at all, writing and deleting the legs' records and deleting merged legs' indexes.
import { isLoopback, type RegistryLogin } from '../config/index.js';
import { RegistryError } from '../core/errors.js';
import { networkError } from '../core/network-failure.js';
import { digestOf } from '../image/digests.js';
import { ACCEPT_ANY_MANIFEST } from '../image/oci.js';
import { locationOf, parseReference } from '../image/reference.js';
import { basicAuthorization, type Credentials, dockerConfigCredentials, parseChallenges, tokenRequestInit, tokenUrl } from './auth.js';
import { dispatcherFor, speaksTls, TIMEOUT_MS } from './connection.js';

export interface ManifestRef {
  readonly registry: string;
  readonly repository: string;
  readonly digest: string;
}

export function manifestRef(repository: string, digest: string): ManifestRef {
  const { registry, path } = locationOf(parseReference(repository));
  return { registry, repository: path, digest };
}

/** The API host of a registry: Docker Hub's API lives elsewhere than its name. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
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
  /** The scope the held token was asked for. */
  private tokenScope: string | undefined;
  /** Tokens being fetched, by scope: reads that meet an expired token at once share one new token. */
  private readonly tokensInFlight = new Map<string, Promise<string>>();
  private basic = false;
  /** The registry's last Bearer challenge (realm, service), for asking a wider token before a write. */
  private challenge: string | undefined;
  private origin: Promise<{ url: string; dispatcher?: unknown }> | undefined;
  /** Token services on another host than the registry, and how each is reached. */
  private readonly tokenDispatchers = new Map<string, Promise<unknown>>();
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
      const secure = !this.insecure || (await speaksTls(host));
      const url = `${secure ? 'https' : 'http'}://${host}`;
      return { url, dispatcher: await dispatcherFor(new URL(url), this.insecure && secure) };
    })().catch((error: Error) => {
      // a registry not up yet when warm() asked is asked again by the read
      this.origin = undefined;
      throw (error as NodeJS.ErrnoException).code ? networkError(`reaching ${host}`, error) : error;
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

  private async send(
    method: string,
    url: string,
    headers: Record<string, string>,
    dispatcher: unknown,
    payload?: string,
  ): Promise<Response> {
    let authorization: string | undefined;
    if (this.token) authorization = `Bearer ${this.token}`;
    else if (this.basic) {
      const credentials = await this.userCredentials();
      if (credentials) authorization = basicAuthorization(credentials);
    }
    const init = {
      method,
      body: payload,
      headers: authorization ? { ...headers, Authorization: authorization } : headers,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      dispatcher,
    };
    return fetchWhole(`${method} ${url}`, url, init);
  }

  /** Answers a 401's challenge to a request sent with `sentWith`; true when the request is worth sending again. */
  private async authenticate(response: Response, method: keyof typeof SCOPE_ACTIONS, sentWith: string | undefined): Promise<boolean> {
    const header = response.headers.get('www-authenticate') ?? '';
    const scope = this.scopeFor(method);
    if (tokenUrl(header, scope)) {
      this.challenge = header;
      // another request met the same refusal and has already brought a new token for this scope
      if (this.token !== sentWith && this.tokenScope === scope) return true;
      await this.bearer(header, scope);
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

  private scopeFor(method: keyof typeof SCOPE_ACTIONS): string {
    return `repository:${this.ref.repository}:${SCOPE_ACTIONS[method]}`;
  }

  /** A token for `scope` from the challenge's token service; requests that need the same scope at once share it. */
  private async bearer(challenge: string, scope: string): Promise<void> {
    let fetching = this.tokensInFlight.get(scope);
    if (!fetching) {
      fetching = this.fetchToken(new URL(tokenUrl(challenge, scope) as string)).finally(() => this.tokensInFlight.delete(scope));
      this.tokensInFlight.set(scope, fetching);
    }
    this.token = await fetching;
    this.tokenScope = scope;
  }

  private async fetchToken(url: URL): Promise<string> {
    const credentials = await this.userCredentials();
    if (credentials && !this.mayCarrySecrets(url)) {
      throw new Error(`the registry's token service ${url.origin} is plain HTTP: not sending the ${this.ref.registry} credentials there`);
    }
    const base = await this.base();
    if (url.origin !== base.url && !this.tokenDispatchers.has(url.origin)) this.tokenDispatchers.set(url.origin, dispatcherFor(url, false));
    const dispatcher = url.origin === base.url ? base.dispatcher : await this.tokenDispatchers.get(url.origin);
    const tokenResponse = await fetchWhole(`token request to ${url.host}`, url.href, {
      ...tokenRequestInit(url, credentials),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      dispatcher,
    });
    // its status decides a retry: a token service answering 503 is a hiccup, a 401 is the wrong password
    if (!tokenResponse.ok)
      throw new RegistryError(
        `token request to ${url.host}`,
        tokenResponse.status,
        `${tokenResponse.status} ${tokenResponse.statusText}`.trim(),
      );
    const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`token request to ${url.host} answered without a token`);
    return token;
  }

  async request(method: 'GET' | 'DELETE' | 'PUT', path: string, headers: Record<string, string> = {}, payload?: string): Promise<Response> {
    const { url, dispatcher } = await this.base();
    const target = `${url}/v2/${this.ref.repository}${path}`;
    // a write or delete asks for the token it needs up front, where the challenge is known: a registry answering
    // a push with a pull token by 403 rather than 401 would otherwise never be asked again
    if (method !== 'GET' && this.token && this.challenge && this.tokenScope !== this.scopeFor(method))
      await this.bearer(this.challenge, this.scopeFor(method));
    const sentWith = this.token;
    const response = await this.send(method, target, headers, dispatcher, payload);
    // a 401 while holding a token: expired, or allowing less than this request needs (a pull token, then a PUT)
    if (response.status !== 401 || !(await this.authenticate(response, method, sentWith))) return response;
    return this.send(method, target, headers, dispatcher, payload);
  }

  /** Opens the connection and fetches the pull token, so that the reads after the push start at once. */
  async warm(): Promise<void> {
    const response = await this.request('GET', '/tags/list?n=1');
    await response.arrayBuffer();
  }

  /** warm() in the background, while a build runs: what it fails of is the reads' to meet and report, not its own. */
  warmUp(): void {
    this.warm().catch(() => undefined);
  }

  /**
   * Deletes a manifest by digest (and so every tag on it). Returns why it could not (Docker Hub, GHCR and
   * Distribution with deletes disabled answer 405), or undefined when it did or it was not there.
   */
  async deleteManifest(digest: string): Promise<string | undefined> {
    const response = await this.request('DELETE', `/manifests/${digest}`);
    if (response.status === 202 || response.status === 200 || response.status === 404) return undefined;
    return `${response.status} ${response.statusText}`.trim();
  }

  /**
   * Points `tag` at a manifest by PUTting its exact bytes, which the registry stores under their digest: the tag
   * then holds that digest, and no other. Throws the registry's own reason when it refuses.
   */
  async putManifest(tag: string, bytes: string, mediaType: string): Promise<void> {
    const response = await this.request('PUT', `/manifests/${tag}`, { 'Content-Type': mediaType }, bytes);
    if (!response.ok) throw new RegistryError(`PUT manifest ${tag}`, response.status, await registryReason(response));
    const stored = response.headers.get('docker-content-digest');
    if (stored && stored !== digestOf(bytes)) throw new Error(`the registry stored ${tag} as ${stored}, not ${digestOf(bytes)}`);
  }

  /** The bytes of a manifest fetched by digest, checked against the digest. */
  manifest(digest: string): Promise<string> {
    return this.byDigest('manifest', digest, { Accept: ACCEPT_ANY_MANIFEST });
  }

  blob(digest: string): Promise<string> {
    return this.byDigest('blob', digest);
  }

  /** The digest a tag of this repository points at now. */
  async taggedDigest(tag: string): Promise<string> {
    const response = await this.request('GET', `/manifests/${tag}`, { Accept: ACCEPT_ANY_MANIFEST });
    if (!response.ok) throw new RegistryError(`GET manifest ${tag}`, response.status, `${response.status} ${response.statusText}`.trim());
    return digestOf(Buffer.from(await response.arrayBuffer()));
  }

  private async byDigest(kind: 'manifest' | 'blob', digest: string, headers: Record<string, string> = {}): Promise<string> {
    const response = await this.request('GET', `/${kind}s/${digest}`, headers);
    if (!response.ok) throw new RegistryError(`GET ${kind} ${digest}`, response.status, `${response.status} ${response.statusText}`.trim());
    const bytes = Buffer.from(await response.arrayBuffer());
    const actual = digestOf(bytes);
    if (actual !== digest) throw new Error(`the registry served ${kind === 'blob' ? 'blob ' : ''}${digest} with digest ${actual}`);
    return bytes.toString('utf8');
  }
}

/** The registry's own words from an error response: its `errors[].code/message/detail`, else the status line. */
export async function registryReason(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string; detail?: unknown }[] }).errors ?? [];
    const said = errors
      .map((e) => [e.code, e.message, e.detail === undefined ? '' : JSON.stringify(e.detail)].filter(Boolean).join(' '))
      .join('; ');
    return `${response.status} ${said || response.statusText}`.trim();
  } catch {
    return `${response.status} ${response.statusText}`.trim();
  }
}

/**
 * A fetch whose body is read before it returns: a connection cut off before or during the answer becomes one
 * NetworkError naming the socket's reason, and the caller holds a complete answer.
 */
async function fetchWhole(doing: string, url: string, init: object): Promise<Response> {
  try {
    const response = await fetch(url, init as RequestInit);
    const body = await response.arrayBuffer();
    const empty = [204, 205, 304].includes(response.status);
    return new Response(empty ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    throw networkError(doing, error);
  }
}

/** What a token must allow for each method (a PUT records a leg, a DELETE removes merged legs' records). */
const SCOPE_ACTIONS = { GET: 'pull', DELETE: 'delete,pull', PUT: 'pull,push' } as const;

/** A client for a repository with the login for its registry, if the action has one (else what `docker login` left). */
export function registryClient(repository: string, logins: readonly RegistryLogin[], insecure: readonly string[]): RegistryClient {
  const ref = manifestRef(repository, '');
  return new RegistryClient(
    ref,
    logins.find((login) => login.registry === ref.registry),
    insecure,
  );
}
