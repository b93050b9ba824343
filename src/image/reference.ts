/** An image reference split the way the distribution reference grammar splits it. */
export interface Reference {
  /** Registry host, with port; absent when the reference names Docker Hub implicitly. */
  readonly domain?: string;
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

// The grammar of github.com/distribution/reference: lower-case path components joined by "/", separators
// ".", "_", "__" or dashes inside a component; a first component is a domain when it has a "." or ":" or is
// "localhost"; tags are at most 128 word characters.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_NAME = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*$/;
const IPV6 = /^\[[a-fA-F0-9:]+\]$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Why a reference is not valid, or undefined when it is. */
export function referenceProblem(ref: string): string | undefined {
  try {
    parseReference(ref);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function parseReference(ref: string): Reference {
  if (ref === '') throw new Error('is empty');
  if (/\s/.test(ref)) throw new Error('contains whitespace');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new Error(`has an invalid digest "${digest}"`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      throw new Error(`has an invalid tag "${tag}" (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`);
  }
  const parts = rest.split('/');
  let domain: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    domain = parts.shift() as string;
    checkDomain(domain);
  }
  for (const part of parts) {
    if (!PATH_COMPONENT.test(part)) {
      throw new Error(
        part.toLowerCase() !== part && PATH_COMPONENT.test(part.toLowerCase())
          ? `has an upper-case repository name "${part}" (repository names are lower case)`
          : `has an invalid repository path component "${part}"`,
      );
    }
  }
  const path = parts.join('/');
  if ((domain ? domain.length + 1 : 0) + path.length > 255) throw new Error('has a repository name longer than 255 characters');
  return { domain, path, tag, digest };
}

function checkDomain(domain: string): void {
  const portAt = domain.startsWith('[') ? domain.indexOf(':', domain.indexOf(']')) : domain.indexOf(':');
  const host = portAt >= 0 ? domain.slice(0, portAt) : domain;
  if (portAt >= 0) {
    const port = domain.slice(portAt + 1);
    if (!/^[0-9]+$/.test(port) || Number(port) < 1 || Number(port) > 65535)
      throw new Error(`has an invalid registry port "${port}" (1-65535)`);
  }
  if (!DOMAIN_NAME.test(host) && !IPV6.test(host)) throw new Error(`has an invalid registry host "${host}"`);
}

/** The repository of a reference, as written: "ghcr.io/acme/app:1" -> "ghcr.io/acme/app". */
export function repositoryOf(ref: string): string {
  const parsed = parseReference(ref);
  return parsed.domain ? `${parsed.domain}/${parsed.path}` : parsed.path;
}

/** A sibling tag of a reference: "ghcr.io/acme/app:buildcache" + "linux-arm64" -> "ghcr.io/acme/app:buildcache-linux-arm64". */
export function derivedRef(ref: string, suffix: string): string {
  return `${repositoryOf(ref)}:${parseReference(ref).tag ?? 'latest'}-${suffix}`;
}

/** The other names Docker Hub's registry goes by (its index, its API host): all of them are docker.io. */
const DOCKER_HUB_ALIASES = ['index.docker.io', 'registry-1.docker.io'];

/** A registry host under its one name: Docker Hub's aliases are "docker.io", any other host is itself. */
export function canonicalRegistry(host: string): string {
  return DOCKER_HUB_ALIASES.includes(host) ? 'docker.io' : host;
}

/**
 * Where a reference's repository lives: its registry under its one name ("docker.io" when it names none), and
 * its path there (Docker Hub keeps its official images under library/).
 */
export function locationOf(ref: Reference): { registry: string; path: string } {
  const registry = canonicalRegistry(ref.domain ?? 'docker.io');
  return { registry, path: registry === 'docker.io' && !ref.path.includes('/') ? `library/${ref.path}` : ref.path };
}

/** The registry a reference lives on, under its one name: "docker.io" when it names none or a Docker Hub alias. */
export function registryOf(ref: string): string {
  return locationOf(parseReference(ref)).registry;
}
