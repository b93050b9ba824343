// docker/build-push-action's build inputs that map onto one buildx flag each (ssh, build-contexts, add-hosts,
// network, shm-size, ulimit, cgroup-parent, no-cache-filters, allow, attests, call) and setup-buildx-action's builder
// `name`. Pure functions: the input's entries in, the typed value out, or an InputError naming the input, the
// value and what is allowed. List inputs arrive already split (lines, and commas where build-push-action splits on them).
import * as net from 'node:net';

import { parse as parseCsv } from 'csv-parse/sync';

import { InputError, quote } from '../core/errors.js';
import { referenceProblem } from '../image/reference.js';
import { isBuilderName } from './nodes.js';

/** What the checks may ask of the runner's file system and environment. */
export interface LocalFacts {
  exists(p: string): boolean;
  isDirectory(p: string): boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const ID = /^[A-Za-z0-9_.-]+$/;

/**
 * `ssh`: `default` (the agent at $SSH_AUTH_SOCK), or `id=path[,path…]` with agent sockets or key files; each
 * path must exist, and a bare `default` needs SSH_AUTH_SOCK set. Passed as `--ssh` as written.
 */
export function parseSsh(entries: readonly string[], facts: LocalFacts): string[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const id = eq < 0 ? entry : entry.slice(0, eq);
    if (!ID.test(id))
      throw new InputError(
        'ssh',
        `has ${quote(entry)}: expected default, default=/path/to/key or id=/path/to/socket-or-key (id of letters, digits, "_", "." and "-")`,
      );
    if (ids.has(id)) throw new InputError('ssh', `has the id "${id}" twice`);
    ids.add(id);
    const paths =
      eq < 0
        ? []
        : entry
            .slice(eq + 1)
            .split(',')
            .filter((p) => p !== '');
    if (paths.length === 0 && !facts.env.SSH_AUTH_SOCK) {
      throw new InputError(
        'ssh',
        `has ${quote(entry)}, which uses the agent at SSH_AUTH_SOCK, but SSH_AUTH_SOCK is not set: start an agent (e.g. webfactory/ssh-agent) first, or give a key file`,
      );
    }
    if (paths.length === 0 && !facts.exists(facts.env.SSH_AUTH_SOCK as string)) {
      throw new InputError(
        'ssh',
        `has ${quote(entry)}, which uses the agent at SSH_AUTH_SOCK, but there is no socket at ${quote(facts.env.SSH_AUTH_SOCK as string)}: is the agent running?`,
      );
    }
    const missing = paths.find((p) => !facts.exists(p));
    if (missing !== undefined) throw new InputError('ssh', `has ${quote(entry)}: no such socket or key file ${quote(missing)}`);
  }
  return [...entries];
}

/** A context that BuildKit fetches itself: an HTTP(S), Git or SSH URL, an scp-like Git remote, a github.com path. */
export function isRemoteSource(value: string): boolean {
  return /^(?:https?|git|ssh):\/\//.test(value) || /^[A-Za-z0-9_.-]+@[^:/]+:/.test(value) || value.startsWith('github.com/');
}

/**
 * `build-contexts`: `name=value` with value `docker-image://<ref>`, `oci-layout://<dir>`, a Git or HTTP URL, or a
 * local directory, which must exist. `target:<stage>` is bake's (buildx build cannot resolve it): refused. build-push-action's `{{defaultContext}}` (its commit's Git context)
 * has no counterpart here, where the build context is the checkout: refused.
 */
export function parseBuildContexts(entries: readonly string[], facts: LocalFacts): string[] {
  const names = new Set<string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    const value = entry.slice(eq + 1).trim();
    if (name === '' || /\s/.test(name) || value === '')
      throw new InputError(
        'build-contexts',
        `has ${quote(entry)}: expected name=value, e.g. alpine=docker-image://alpine:3.20 or src=./src`,
      );
    if (names.has(name)) throw new InputError('build-contexts', `has the name "${name}" twice`);
    names.add(name);
    const problem = buildContextProblem(value, facts);
    if (problem) throw new InputError('build-contexts', `has ${quote(entry)}, which ${problem}`);
  }
  return entries.map((entry) => `${entry.slice(0, entry.indexOf('=')).trim()}=${entry.slice(entry.indexOf('=') + 1).trim()}`);
}

function buildContextProblem(value: string, facts: LocalFacts): string | undefined {
  if (value.includes('{{defaultContext}}'))
    return "uses build-push-action's {{defaultContext}} (its commit's Git context): here the build's context is the checkout, give the directory (or the Git URL) instead";
  if (value.startsWith('docker-image://')) {
    const problem = referenceProblem(value.slice('docker-image://'.length));
    return problem ? `is not a valid image: it ${problem}` : undefined;
  }
  // buildx resolves target: against bake targets; `docker buildx build` (and so build-push-action) fails on it
  if (value.startsWith('target:'))
    return 'is a bake target, which a build has none of ("failed to find target"): name the stage in the Dockerfile itself (COPY --from=<stage>)';
  if (value.startsWith('oci-layout://')) {
    const dir = value.slice('oci-layout://'.length).replace(/[@:][^/]*$/, '');
    return facts.isDirectory(dir) ? undefined : `names an OCI layout directory ${quote(dir)} that does not exist`;
  }
  if (isRemoteSource(value)) return undefined;
  return facts.isDirectory(value) ? undefined : 'is not a directory here (a local context must exist; images are written docker-image://…)';
}

/** `add-hosts`: `host:ip` or `host=ip`, the address an IPv4 or IPv6 address or `host-gateway`. */
export function parseAddHosts(entries: readonly string[]): string[] {
  for (const entry of entries) {
    const at = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
    const host = at > 0 ? entry.slice(0, at) : '';
    const address = entry.slice(at + 1).replace(/^\[(.*)\]$/, '$1');
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host) || (net.isIP(address) === 0 && address !== 'host-gateway')) {
      throw new InputError('add-hosts', `has ${quote(entry)}: expected host:ip (e.g. docker:10.180.0.1, or host-gateway for the address)`);
    }
  }
  return [...entries];
}

const NETWORKS = ['default', 'none', 'host'];

/** `network` for RUN: `default`, `none`, or `host` (an entitlement the builder must allow). */
export function parseNetwork(text: string): string {
  if (text !== '' && !NETWORKS.includes(text)) throw new InputError('network', `is ${quote(text)}: expected ${NETWORKS.join(', ')}`);
  return text;
}

/** `shm-size`: a byte count with an optional unit, e.g. 2g, 512m, 67108864. */
export function parseShmSize(text: string): string {
  if (text !== '' && !/^[0-9]+(?:\.[0-9]+)?\s*(?:[bkmgt]i?b?)?$/i.test(text))
    throw new InputError('shm-size', `is ${quote(text)}: expected a size such as 2g, 512m or 67108864`);
  return text;
}

const ULIMITS = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
];

/** `ulimit`: `name=soft[:hard]`, one per line, e.g. nofile=1024:1024. */
export function parseUlimits(entries: readonly string[]): string[] {
  for (const entry of entries) {
    const match = /^([a-z]+)=(-?[0-9]+)(?::(-?[0-9]+))?$/.exec(entry);
    if (!match || !ULIMITS.includes(match[1]))
      throw new InputError(
        'ulimit',
        `has ${quote(entry)}: expected name=soft[:hard], e.g. nofile=1024:1024 (names: ${ULIMITS.join(', ')})`,
      );
    if (match[3] !== undefined && Number(match[3]) >= 0 && Number(match[2]) > Number(match[3]))
      throw new InputError('ulimit', `has ${quote(entry)}: the soft limit is above the hard one`);
  }
  return [...entries];
}

/** `cgroup-parent`: one cgroup path, without spaces. */
export function parseCgroupParent(text: string): string {
  if (/\s/.test(text)) throw new InputError('cgroup-parent', `is ${quote(text)}: expected a cgroup path without spaces, e.g. /actions_job`);
  return text;
}

/** `no-cache-filters`: stage names. */
export function parseNoCacheFilters(entries: readonly string[]): string[] {
  const bad = entries.find((stage) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(stage));
  if (bad !== undefined) throw new InputError('no-cache-filters', `has ${quote(bad)}: expected stage names`);
  return [...entries];
}

/** `allow`: the entitlements buildx knows (the builder must allow the insecure ones too). */
export function parseAllow(entries: readonly string[]): string[] {
  const bad = entries.find((entitlement) => !/^(?:network\.host|security\.insecure|device(?:=.+)?)$/.test(entitlement));
  if (bad !== undefined) throw new InputError('allow', `has ${quote(bad)}: expected network.host, security.insecure or device[=name]`);
  return [...entries];
}

/**
 * The fields of an `attests` entry, read as buildx reads `--attest`: one CSV record, so a double-quoted field may
 * hold a comma (`type=provenance,"builder-id=https://…,x"`) or be quoted whole (`"type=sbom",generator=…`), and a
 * stray quote is an error ("bare \" in non-quoted-field").
 */
function attestFields(attest: string): string[] {
  return (parseCsv(attest, { relax_column_count: true }) as string[][]).flat();
}

/** The type an entry names; buildx keeps the spaces of a value (`type=sbom ,…` is the unknown type "sbom "). */
function attestType(fields: readonly string[]): string | undefined {
  const field = fields.find((f) => f.includes('=') && f.slice(0, f.indexOf('=')).trim() === 'type');
  return field?.slice(field.indexOf('=') + 1);
}

/** `attests`: `type=…` attestation parameters, one per line. */
export function parseAttests(entries: readonly string[]): string[] {
  for (const attest of entries) {
    let fields: string[];
    try {
      fields = attestFields(attest);
    } catch {
      throw new InputError(
        'attests',
        `has ${quote(attest)}, which buildx cannot read as comma-separated fields: a field holding a quote or a comma is double-quoted whole, e.g. type=provenance,"builder-id=https://ci.example/run,1"`,
      );
    }
    if (!/^[a-z]+$/.test(attestType(fields) ?? ''))
      throw new InputError('attests', `has ${quote(attest)}: expected type=sbom|provenance[,key=value…], e.g. type=sbom,generator=image`);
  }
  return [...entries];
}

/** Whether an attestation list asks for this type (build-push-action's inputs `provenance`/`sbom` win over it). */
export function hasAttestType(attests: readonly string[], type: string): boolean {
  return attests.some((attest) => attestType(attestFields(attest)) === type);
}

const CALLS = ['build', 'check', 'outline', 'targets'];

/** `call`: how the build is evaluated; anything but `build` builds and pushes nothing. */
export function parseCall(text: string): string {
  const method = text.split(',')[0];
  if (
    text !== '' &&
    (!CALLS.includes(method) ||
      !text
        .split(',')
        .slice(1)
        .every((option) => /^[a-z]+=[^,]*$/.test(option)))
  ) {
    throw new InputError('call', `is ${quote(text)}: expected ${CALLS.join(', ')} (options after a comma, e.g. check,format=json)`);
  }
  return text;
}

/** True when `call` runs a subrequest (check, outline, targets): nothing is built, exported or pushed. */
export function isSubrequest(call: string): boolean {
  return call !== '' && call.split(',')[0] !== 'build';
}

/** The builder `name` (setup-buildx-action's): the same characters as `builder`. */
export function parseBuilderName(text: string): string {
  if (text !== '' && !isBuilderName(text))
    throw new InputError('name', `is ${quote(text)}: a builder name has letters, digits, "_", "." and "-"`);
  return text;
}

/** `name` names a builder this step creates (or reuses): not with `builder` or the docker driver's own builder. */
export function checkBuilderName(name: string, builder: string, driver: string): void {
  if (name === '') return;
  if (builder !== '')
    throw new InputError(
      'name',
      'cannot be used with "builder": "builder" uses an existing builder, "name" names the one this step creates or reuses',
    );
  if (driver === 'docker')
    throw new InputError('name', 'cannot be used with driver "docker": its builder is the daemon\'s own, named "default"');
}

/** A check (outline, targets) pushes nothing: not a leg or a merge, which push, nor with test-command, which runs the pushed image. */
export function checkCall(call: string, mode: string, testCommand: string): void {
  if (!isSubrequest(call)) return;
  if (mode !== 'build')
    throw new InputError(
      'call',
      `is ${quote(call)} but "${mode === 'leg' ? 'push-by-digest' : 'merge'}" is true: a ${call.split(',')[0]} builds and pushes nothing`,
    );
  if (testCommand !== '')
    throw new InputError('call', `is ${quote(call)} but "test-command" is set: a ${call.split(',')[0]} pushes no image to test`);
}
