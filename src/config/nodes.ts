// Builders of more than one node: the first node (endpoint, node-platforms) and the `append` list, in
// setup-buildx-action's YAML form so that users can switch.
import { InputError, quote } from '../core/errors.js';
import { canonicalPlatform } from '../image/platforms.js';

/** One BuildKit node of the builder the action creates. */
export interface BuilderNode {
  /** Empty for the first node: buildx names it after the builder. */
  readonly name: string;
  /** A tcp://, unix://, ssh:// address or a Docker context name; empty: the local Docker. */
  readonly endpoint: string;
  /** Platforms the node is pinned to; empty: whatever it supports. */
  readonly platforms: readonly string[];
  readonly driverOpts: readonly string[];
  readonly buildkitdFlags: string;
}

const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/;

/** Builder and node names as buildx takes them: letters, digits, "_", "." and "-", not starting with a symbol. */
export function isBuilderName(name: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name);
}

/**
 * Why an endpoint is not one the driver takes, or undefined. The remote driver dials BuildKit itself (tcp, unix,
 * ssh, docker-container, kube-pod, npipe URLs); the docker-container driver takes a Docker host or context name.
 */
export function endpointProblem(endpoint: string, driver = 'docker-container'): string | undefined {
  const schemes = driver === 'remote' ? ['tcp', 'unix', 'ssh', 'docker-container', 'kube-pod', 'npipe'] : ['tcp', 'unix', 'ssh'];
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(\S+)$/i.exec(endpoint);
  if (scheme) return schemes.includes(scheme[1].toLowerCase()) ? undefined : `is not a ${schemes.map((s) => `${s}://`).join(', ')} address`;
  if (/:\/\//.test(endpoint)) return `is not a ${schemes.map((s) => `${s}://`).join(', ')} address`;
  if (driver === 'remote') return `is not an address: the remote driver needs one of ${schemes.map((s) => `${s}://`).join(', ')}`;
  return CONTEXT_NAME.test(endpoint) ? undefined : 'is neither a tcp://, unix://, ssh:// address nor a Docker context name';
}

/** Canonical platforms of a node, from a comma-separated string or a YAML list; `where` names the node in errors. */
export function nodePlatforms(input: string, where: string, value: unknown): string[] {
  const names = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,\n]/) : [];
  if (value !== undefined && value !== null && !Array.isArray(value) && typeof value !== 'string') {
    throw new InputError(input, `${where ? `${where} ` : ''}has platforms that are neither a list nor a comma-separated string`);
  }
  const platforms: string[] = [];
  for (const name of names.map((n) => n.trim()).filter(Boolean)) {
    const canonical = canonicalPlatform(name);
    if (!canonical) throw new InputError(input, `${where ? `${where} ` : ''}has ${quote(name)}, which is not a known platform`);
    if (!platforms.includes(canonical)) platforms.push(canonical);
  }
  return platforms;
}

/** The `append` input: a YAML list of nodes (each with an endpoint, except on Kubernetes, where nodes are pods). */
export function parseAppend(parsed: unknown, driver = 'docker-container'): BuilderNode[] {
  if (parsed === null || parsed === undefined || parsed === '') return [];
  if (!Array.isArray(parsed))
    throw new InputError(
      'append',
      'is not a YAML list: expected "- endpoint: …" entries (name, endpoint, platforms, driver-opts, buildkitd-flags)',
    );
  return parsed.map((entry, index): BuilderNode => {
    const where = `node ${index + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw new InputError('append', `${where} is not a mapping of name, endpoint, platforms, driver-opts, buildkitd-flags`);
    const fields = entry as Record<string, unknown>;
    const unknown = Object.keys(fields).find((key) => !['name', 'endpoint', 'platforms', 'driver-opts', 'buildkitd-flags'].includes(key));
    if (unknown !== undefined)
      throw new InputError(
        'append',
        `${where} has unknown key ${quote(unknown)}: allowed are name, endpoint, platforms, driver-opts, buildkitd-flags`,
      );
    const text = (key: string): string => (fields[key] === undefined || fields[key] === null ? '' : String(fields[key]).trim());
    const endpoint = text('endpoint');
    if (endpoint === '' && driver !== 'kubernetes')
      throw new InputError('append', `${where} has no endpoint: each appended node needs one`);
    if (endpoint !== '' && driver === 'kubernetes')
      throw new InputError(
        'append',
        `${where} has an endpoint, which the kubernetes driver does not take: describe the node with driver-opts`,
      );
    if (driver === 'remote' && text('buildkitd-flags') !== '')
      throw new InputError('append', `${where} has buildkitd-flags, which a remote daemon does not take: it runs with its own`);
    const problem = endpoint === '' ? undefined : endpointProblem(endpoint, driver);
    if (problem) throw new InputError('append', `${where} endpoint ${quote(endpoint)} ${problem}`);
    const name = text('name');
    if (name !== '' && !isBuilderName(name))
      throw new InputError('append', `${where} name ${quote(name)} has characters other than letters, digits, "_", "." and "-"`);
    const opts = fields['driver-opts'];
    if (opts !== undefined && opts !== null && !Array.isArray(opts) && typeof opts !== 'string') {
      throw new InputError('append', `${where} has driver-opts that are neither a list nor lines of key=value`);
    }
    const driverOpts = (Array.isArray(opts) ? opts.map(String) : typeof opts === 'string' ? opts.split(/\r?\n/) : [])
      .map((o) => o.trim())
      .filter(Boolean);
    return {
      name,
      endpoint,
      platforms: nodePlatforms('append', where, fields.platforms),
      driverOpts,
      buildkitdFlags: text('buildkitd-flags'),
    };
  });
}

/** Refuses node lists buildx would refuse late and obscurely: the same endpoint or name twice. */
export function checkNodes(nodes: readonly BuilderNode[]): void {
  const endpoints = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (node.endpoint === '') return;
    const first = endpoints.get(node.endpoint);
    const owner = first === 0 ? 'the first node ("endpoint")' : `node ${first}`;
    if (first !== undefined)
      throw new InputError(
        'append',
        `node ${index} has endpoint ${quote(node.endpoint)}, which ${owner} has already: one node per endpoint`,
      );
    endpoints.set(node.endpoint, index);
  });
  const names = nodes.map((node) => node.name).filter(Boolean);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new InputError('append', `names two nodes ${quote(twice)}`);
}

/**
 * The node that builds each platform: the one pinned to it, else the first unpinned node (buildx's own choice
 * among equals). Undefined when only pinned nodes exist and none is pinned to the platform.
 */
export function nodeFor(platform: string, nodes: readonly BuilderNode[]): number | undefined {
  const pinned = nodes.findIndex((node) => node.platforms.includes(platform));
  if (pinned >= 0) return pinned;
  const free = nodes.findIndex((node) => node.platforms.length === 0);
  return free >= 0 ? free : undefined;
}

/** A node that runs on this machine's Docker (the local daemon's socket, or no endpoint at all). */
export function isLocalNode(node: BuilderNode | undefined): boolean {
  return !node || node.endpoint === '' || node.endpoint === 'default' || node.endpoint === 'unix:///var/run/docker.sock';
}
