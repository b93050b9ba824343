export const id = 805;
export const ids = [805];
export const modules = {

/***/ 4325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ PhaseLog),
/* harmony export */   annotateFailure: () => (/* binding */ annotateFailure),
/* harmony export */   s: () => (/* binding */ PrefixedLog)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(235);


/**
 * The log of one phase that runs beside others (login, QEMU and builder set up at once): kept until they all end,
 * then shown in the phase's own group, so the job log is not a braid of three.
 */
class PhaseLog extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Writable {
    title;
    chunks = [];
    constructor(title) {
        super();
        this.title = title;
    }
    info(message) {
        this.chunks.push(`${message}\n`);
    }
    _write(chunk, _encoding, done) {
        this.chunks.push(chunk.toString());
        done();
    }
    /** Shows what the phase printed, in its own group. */
    async show() {
        if (this.chunks.length === 0)
            return;
        await _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .group */ .Os(this.title, async () => {
            process.stdout.write(this.chunks.join(''));
        });
    }
}
/** Output that goes on at once, each line marked with whose it is (several builds at once, one per platform). */
class PrefixedLog extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Writable {
    prefix;
    partial = '';
    constructor(prefix) {
        super();
        this.prefix = prefix;
    }
    _write(chunk, _encoding, done) {
        const lines = (this.partial + chunk.toString()).split('\n');
        this.partial = lines.pop() ?? '';
        if (lines.length > 0)
            process.stdout.write(lines.map((line) => `${this.prefix}${line}\n`).join(''));
        done();
    }
    _final(done) {
        if (this.partial !== '')
            process.stdout.write(`${this.prefix}${this.partial}\n`);
        done();
    }
}
/**
 * Reports the error a step failed with as the runner shows it; a build that failed at a Dockerfile instruction is
 * annotated at its line, as docker/build-push-action does.
 */
function annotateFailure(error) {
    const at = error.location;
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .error */ .z3(error.message, at ? { file: at.file, startLine: at.line } : {});
}


/***/ }),

/***/ 7805:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 3 modules
var core = __webpack_require__(235);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./node_modules/csv-parse/lib/sync.js + 9 modules
var sync = __webpack_require__(5175);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/image/reference.ts
var reference = __webpack_require__(3564);
// EXTERNAL MODULE: ./src/image/platforms.ts
var image_platforms = __webpack_require__(2929);
;// CONCATENATED MODULE: ./src/config/nodes.ts
// Builders of more than one node: the first node (endpoint, node-platforms) and the `append` list, in
// setup-buildx-action's YAML form so that users can switch.


const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/;
/** Builder and node names as buildx takes them: letters, digits, "_", "." and "-", not starting with a symbol. */
function isBuilderName(name) {
    return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name);
}
/**
 * Why an endpoint is not one the driver takes, or undefined. The remote driver dials BuildKit itself (tcp, unix,
 * ssh, docker-container, kube-pod, npipe URLs); the docker-container driver takes a Docker host or context name.
 */
function endpointProblem(endpoint, driver = 'docker-container') {
    const schemes = driver === 'remote' ? ['tcp', 'unix', 'ssh', 'docker-container', 'kube-pod', 'npipe'] : ['tcp', 'unix', 'ssh'];
    const scheme = /^([a-z][a-z0-9+.-]*):\/\/(\S+)$/i.exec(endpoint);
    if (scheme)
        return schemes.includes(scheme[1].toLowerCase()) ? undefined : `is not a ${schemes.map((s) => `${s}://`).join(', ')} address`;
    if (/:\/\//.test(endpoint))
        return `is not a ${schemes.map((s) => `${s}://`).join(', ')} address`;
    if (driver === 'remote')
        return `is not an address: the remote driver needs one of ${schemes.map((s) => `${s}://`).join(', ')}`;
    return CONTEXT_NAME.test(endpoint) ? undefined : 'is neither a tcp://, unix://, ssh:// address nor a Docker context name';
}
/** Canonical platforms of a node, from a comma-separated string or a YAML list; `where` names the node in errors. */
function nodePlatforms(input, where, value) {
    const names = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,\n]/) : [];
    if (value !== undefined && value !== null && !Array.isArray(value) && typeof value !== 'string') {
        throw new errors/* InputError */.dz(input, `${where ? `${where} ` : ''}has platforms that are neither a list nor a comma-separated string`);
    }
    const platforms = [];
    for (const name of names.map((n) => n.trim()).filter(Boolean)) {
        const canonical = (0,image_platforms/* canonicalPlatform */._l)(name);
        if (!canonical)
            throw new errors/* InputError */.dz(input, `${where ? `${where} ` : ''}has ${(0,errors/* quote */.hD)(name)}, which is not a known platform`);
        if (!platforms.includes(canonical))
            platforms.push(canonical);
    }
    return platforms;
}
/** The `append` input: a YAML list of nodes (each with an endpoint, except on Kubernetes, where nodes are pods). */
function parseAppend(parsed, driver = 'docker-container') {
    if (parsed === null || parsed === undefined || parsed === '')
        return [];
    if (!Array.isArray(parsed))
        throw new errors/* InputError */.dz('append', 'is not a YAML list: expected "- endpoint: …" entries (name, endpoint, platforms, driver-opts, buildkitd-flags)');
    return parsed.map((entry, index) => {
        const where = `node ${index + 1}`;
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
            throw new errors/* InputError */.dz('append', `${where} is not a mapping of name, endpoint, platforms, driver-opts, buildkitd-flags`);
        const fields = entry;
        const unknown = Object.keys(fields).find((key) => !['name', 'endpoint', 'platforms', 'driver-opts', 'buildkitd-flags'].includes(key));
        if (unknown !== undefined)
            throw new errors/* InputError */.dz('append', `${where} has unknown key ${(0,errors/* quote */.hD)(unknown)}: allowed are name, endpoint, platforms, driver-opts, buildkitd-flags`);
        const text = (key) => (fields[key] === undefined || fields[key] === null ? '' : String(fields[key]).trim());
        const endpoint = text('endpoint');
        if (endpoint === '' && driver !== 'kubernetes')
            throw new errors/* InputError */.dz('append', `${where} has no endpoint: each appended node needs one`);
        if (endpoint !== '' && driver === 'kubernetes')
            throw new errors/* InputError */.dz('append', `${where} has an endpoint, which the kubernetes driver does not take: describe the node with driver-opts`);
        if (driver === 'remote' && text('buildkitd-flags') !== '')
            throw new errors/* InputError */.dz('append', `${where} has buildkitd-flags, which a remote daemon does not take: it runs with its own`);
        const problem = endpoint === '' ? undefined : endpointProblem(endpoint, driver);
        if (problem)
            throw new errors/* InputError */.dz('append', `${where} endpoint ${(0,errors/* quote */.hD)(endpoint)} ${problem}`);
        const name = text('name');
        if (name !== '' && !isBuilderName(name))
            throw new errors/* InputError */.dz('append', `${where} name ${(0,errors/* quote */.hD)(name)} has characters other than letters, digits, "_", "." and "-"`);
        const opts = fields['driver-opts'];
        if (opts !== undefined && opts !== null && !Array.isArray(opts) && typeof opts !== 'string') {
            throw new errors/* InputError */.dz('append', `${where} has driver-opts that are neither a list nor lines of key=value`);
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
function checkNodes(nodes) {
    const endpoints = new Map();
    nodes.forEach((node, index) => {
        if (node.endpoint === '')
            return;
        const first = endpoints.get(node.endpoint);
        const owner = first === 0 ? 'the first node ("endpoint")' : `node ${first}`;
        if (first !== undefined)
            throw new errors/* InputError */.dz('append', `node ${index} has endpoint ${(0,errors/* quote */.hD)(node.endpoint)}, which ${owner} has already: one node per endpoint`);
        endpoints.set(node.endpoint, index);
    });
    const names = nodes.map((node) => node.name).filter(Boolean);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice)
        throw new errors/* InputError */.dz('append', `names two nodes ${(0,errors/* quote */.hD)(twice)}`);
}
/**
 * The node that builds each platform: the one pinned to it, else the first unpinned node (buildx's own choice
 * among equals). Undefined when only pinned nodes exist and none is pinned to the platform.
 */
function nodeFor(platform, nodes) {
    const pinned = nodes.findIndex((node) => node.platforms.includes(platform));
    if (pinned >= 0)
        return pinned;
    const free = nodes.findIndex((node) => node.platforms.length === 0);
    return free >= 0 ? free : undefined;
}
/** A node that runs on this machine's Docker (the local daemon's socket, or no endpoint at all). */
function isLocalNode(node) {
    return !node || node.endpoint === '' || node.endpoint === 'default' || node.endpoint === 'unix:///var/run/docker.sock';
}

;// CONCATENATED MODULE: ./src/config/build-flags.ts
// docker/build-push-action's build inputs that map onto one buildx flag each (ssh, build-contexts, add-hosts,
// network, shm-size, ulimit, cgroup-parent, no-cache-filters, allow, attests, call) and setup-buildx-action's builder
// `name`. Pure functions: the input's entries in, the typed value out, or an InputError naming the input, the
// value and what is allowed. List inputs arrive already split (lines, and commas where build-push-action splits on them).





const ID = /^[A-Za-z0-9_.-]+$/;
/**
 * `ssh`: `default` (the agent at $SSH_AUTH_SOCK), or `id=path[,path…]` with agent sockets or key files; each
 * path must exist, and a bare `default` needs SSH_AUTH_SOCK set. Passed as `--ssh` as written.
 */
function parseSsh(entries, facts) {
    const ids = new Set();
    for (const entry of entries) {
        const eq = entry.indexOf('=');
        const id = eq < 0 ? entry : entry.slice(0, eq);
        if (!ID.test(id))
            throw new errors/* InputError */.dz('ssh', `has ${(0,errors/* quote */.hD)(entry)}: expected default, default=/path/to/key or id=/path/to/socket-or-key (id of letters, digits, "_", "." and "-")`);
        if (ids.has(id))
            throw new errors/* InputError */.dz('ssh', `has the id "${id}" twice`);
        ids.add(id);
        const paths = eq < 0
            ? []
            : entry
                .slice(eq + 1)
                .split(',')
                .filter((p) => p !== '');
        if (paths.length === 0 && !facts.env.SSH_AUTH_SOCK) {
            throw new errors/* InputError */.dz('ssh', `has ${(0,errors/* quote */.hD)(entry)}, which uses the agent at SSH_AUTH_SOCK, but SSH_AUTH_SOCK is not set: start an agent (e.g. webfactory/ssh-agent) first, or give a key file`);
        }
        if (paths.length === 0 && !facts.exists(facts.env.SSH_AUTH_SOCK)) {
            throw new errors/* InputError */.dz('ssh', `has ${(0,errors/* quote */.hD)(entry)}, which uses the agent at SSH_AUTH_SOCK, but there is no socket at ${(0,errors/* quote */.hD)(facts.env.SSH_AUTH_SOCK)}: is the agent running?`);
        }
        const missing = paths.find((p) => !facts.exists(p));
        if (missing !== undefined)
            throw new errors/* InputError */.dz('ssh', `has ${(0,errors/* quote */.hD)(entry)}: no such socket or key file ${(0,errors/* quote */.hD)(missing)}`);
    }
    return [...entries];
}
/** A context that BuildKit fetches itself: an HTTP(S), Git or SSH URL, an scp-like Git remote, a github.com path. */
function isRemoteSource(value) {
    return /^(?:https?|git|ssh):\/\//.test(value) || /^[A-Za-z0-9_.-]+@[^:/]+:/.test(value) || value.startsWith('github.com/');
}
/**
 * `build-contexts`: `name=value` with value `docker-image://<ref>`, `oci-layout://<dir>`, a Git or HTTP URL, or a
 * local directory, which must exist. `target:<stage>` is bake's (buildx build cannot resolve it): refused. build-push-action's `{{defaultContext}}` (its commit's Git context)
 * has no counterpart here, where the build context is the checkout: refused.
 */
function parseBuildContexts(entries, facts) {
    const names = new Set();
    for (const entry of entries) {
        const eq = entry.indexOf('=');
        const name = eq > 0 ? entry.slice(0, eq).trim() : '';
        const value = entry.slice(eq + 1).trim();
        if (name === '' || /\s/.test(name) || value === '')
            throw new errors/* InputError */.dz('build-contexts', `has ${(0,errors/* quote */.hD)(entry)}: expected name=value, e.g. alpine=docker-image://alpine:3.20 or src=./src`);
        if (names.has(name))
            throw new errors/* InputError */.dz('build-contexts', `has the name "${name}" twice`);
        names.add(name);
        const problem = buildContextProblem(value, facts);
        if (problem)
            throw new errors/* InputError */.dz('build-contexts', `has ${(0,errors/* quote */.hD)(entry)}, which ${problem}`);
    }
    return entries.map((entry) => `${entry.slice(0, entry.indexOf('=')).trim()}=${entry.slice(entry.indexOf('=') + 1).trim()}`);
}
function buildContextProblem(value, facts) {
    if (value.includes('{{defaultContext}}'))
        return "uses build-push-action's {{defaultContext}} (its commit's Git context): here the build's context is the checkout, give the directory (or the Git URL) instead";
    if (value.startsWith('docker-image://')) {
        const problem = (0,reference/* referenceProblem */.te)(value.slice('docker-image://'.length));
        return problem ? `is not a valid image: it ${problem}` : undefined;
    }
    // buildx resolves target: against bake targets; `docker buildx build` (and so build-push-action) fails on it
    if (value.startsWith('target:'))
        return 'is a bake target, which a build has none of ("failed to find target"): name the stage in the Dockerfile itself (COPY --from=<stage>)';
    if (value.startsWith('oci-layout://')) {
        const dir = value.slice('oci-layout://'.length).replace(/[@:][^/]*$/, '');
        return facts.isDirectory(dir) ? undefined : `names an OCI layout directory ${(0,errors/* quote */.hD)(dir)} that does not exist`;
    }
    if (isRemoteSource(value))
        return undefined;
    return facts.isDirectory(value) ? undefined : 'is not a directory here (a local context must exist; images are written docker-image://…)';
}
/** `add-hosts`: `host:ip` or `host=ip`, the address an IPv4 or IPv6 address or `host-gateway`. */
function parseAddHosts(entries) {
    for (const entry of entries) {
        const at = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
        const host = at > 0 ? entry.slice(0, at) : '';
        const address = entry.slice(at + 1).replace(/^\[(.*)\]$/, '$1');
        if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host) || (external_node_net_.isIP(address) === 0 && address !== 'host-gateway')) {
            throw new errors/* InputError */.dz('add-hosts', `has ${(0,errors/* quote */.hD)(entry)}: expected host:ip (e.g. docker:10.180.0.1, or host-gateway for the address)`);
        }
    }
    return [...entries];
}
const NETWORKS = ['default', 'none', 'host'];
/** `network` for RUN: `default`, `none`, or `host` (an entitlement the builder must allow). */
function parseNetwork(text) {
    if (text !== '' && !NETWORKS.includes(text))
        throw new errors/* InputError */.dz('network', `is ${(0,errors/* quote */.hD)(text)}: expected ${NETWORKS.join(', ')}`);
    return text;
}
/** `shm-size`: a byte count with an optional unit, e.g. 2g, 512m, 67108864. */
function parseShmSize(text) {
    if (text !== '' && !/^[0-9]+(?:\.[0-9]+)?\s*(?:[bkmgt]i?b?)?$/i.test(text))
        throw new errors/* InputError */.dz('shm-size', `is ${(0,errors/* quote */.hD)(text)}: expected a size such as 2g, 512m or 67108864`);
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
function parseUlimits(entries) {
    for (const entry of entries) {
        const match = /^([a-z]+)=(-?[0-9]+)(?::(-?[0-9]+))?$/.exec(entry);
        if (!match || !ULIMITS.includes(match[1]))
            throw new errors/* InputError */.dz('ulimit', `has ${(0,errors/* quote */.hD)(entry)}: expected name=soft[:hard], e.g. nofile=1024:1024 (names: ${ULIMITS.join(', ')})`);
        if (match[3] !== undefined && Number(match[3]) >= 0 && Number(match[2]) > Number(match[3]))
            throw new errors/* InputError */.dz('ulimit', `has ${(0,errors/* quote */.hD)(entry)}: the soft limit is above the hard one`);
    }
    return [...entries];
}
/** `cgroup-parent`: one cgroup path, without spaces. */
function parseCgroupParent(text) {
    if (/\s/.test(text))
        throw new errors/* InputError */.dz('cgroup-parent', `is ${(0,errors/* quote */.hD)(text)}: expected a cgroup path without spaces, e.g. /actions_job`);
    return text;
}
/** `no-cache-filters`: stage names. */
function parseNoCacheFilters(entries) {
    const bad = entries.find((stage) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(stage));
    if (bad !== undefined)
        throw new errors/* InputError */.dz('no-cache-filters', `has ${(0,errors/* quote */.hD)(bad)}: expected stage names`);
    return [...entries];
}
/** `allow`: the entitlements buildx knows (the builder must allow the insecure ones too). */
function parseAllow(entries) {
    const bad = entries.find((entitlement) => !/^(?:network\.host|security\.insecure|device(?:=.+)?)$/.test(entitlement));
    if (bad !== undefined)
        throw new errors/* InputError */.dz('allow', `has ${(0,errors/* quote */.hD)(bad)}: expected network.host, security.insecure or device[=name]`);
    return [...entries];
}
/**
 * The fields of an `attests` entry, read as buildx reads `--attest`: one CSV record, so a double-quoted field may
 * hold a comma (`type=provenance,"builder-id=https://…,x"`) or be quoted whole (`"type=sbom",generator=…`), and a
 * stray quote is an error ("bare \" in non-quoted-field").
 */
function attestFields(attest) {
    return (0,sync/* parse */.qg)(attest, { relax_column_count: true }).flat();
}
/** The type an entry names; buildx keeps the spaces of a value (`type=sbom ,…` is the unknown type "sbom "). */
function attestType(fields) {
    const field = fields.find((f) => f.includes('=') && f.slice(0, f.indexOf('=')).trim() === 'type');
    return field?.slice(field.indexOf('=') + 1);
}
/** `attests`: `type=…` attestation parameters, one per line. */
function parseAttests(entries) {
    for (const attest of entries) {
        let fields;
        try {
            fields = attestFields(attest);
        }
        catch {
            throw new errors/* InputError */.dz('attests', `has ${(0,errors/* quote */.hD)(attest)}, which buildx cannot read as comma-separated fields: a field holding a quote or a comma is double-quoted whole, e.g. type=provenance,"builder-id=https://ci.example/run,1"`);
        }
        if (!/^[a-z]+$/.test(attestType(fields) ?? ''))
            throw new errors/* InputError */.dz('attests', `has ${(0,errors/* quote */.hD)(attest)}: expected type=sbom|provenance[,key=value…], e.g. type=sbom,generator=image`);
    }
    return [...entries];
}
/** Whether an attestation list asks for this type (build-push-action's inputs `provenance`/`sbom` win over it). */
function hasAttestType(attests, type) {
    return attests.some((attest) => attestType(attestFields(attest)) === type);
}
const CALLS = ['build', 'check', 'outline', 'targets'];
/** `call`: how the build is evaluated; anything but `build` builds and pushes nothing. */
function parseCall(text) {
    const method = text.split(',')[0];
    if (text !== '' &&
        (!CALLS.includes(method) ||
            !text
                .split(',')
                .slice(1)
                .every((option) => /^[a-z]+=[^,]*$/.test(option)))) {
        throw new errors/* InputError */.dz('call', `is ${(0,errors/* quote */.hD)(text)}: expected ${CALLS.join(', ')} (options after a comma, e.g. check,format=json)`);
    }
    return text;
}
/** True when `call` runs a subrequest (check, outline, targets): nothing is built, exported or pushed. */
function isSubrequest(call) {
    return call !== '' && call.split(',')[0] !== 'build';
}
/** The builder `name` (setup-buildx-action's): the same characters as `builder`. */
function parseBuilderName(text) {
    if (text !== '' && !isBuilderName(text))
        throw new errors/* InputError */.dz('name', `is ${(0,errors/* quote */.hD)(text)}: a builder name has letters, digits, "_", "." and "-"`);
    return text;
}
/** `name` names a builder this step creates (or reuses): not with `builder` or the docker driver's own builder. */
function checkBuilderName(name, builder, driver) {
    if (name === '')
        return;
    if (builder !== '')
        throw new errors/* InputError */.dz('name', 'cannot be used with "builder": "builder" uses an existing builder, "name" names the one this step creates or reuses');
    if (driver === 'docker')
        throw new errors/* InputError */.dz('name', 'cannot be used with driver "docker": its builder is the daemon\'s own, named "default"');
}
/** A check (outline, targets) pushes nothing: not a leg or a merge, which push, nor with test-command, which runs the pushed image. */
function checkCall(call, mode, testCommand) {
    if (!isSubrequest(call))
        return;
    if (mode !== 'build')
        throw new errors/* InputError */.dz('call', `is ${(0,errors/* quote */.hD)(call)} but "${mode === 'leg' ? 'push-by-digest' : 'merge'}" is true: a ${call.split(',')[0]} builds and pushes nothing`);
    if (testCommand !== '')
        throw new errors/* InputError */.dz('call', `is ${(0,errors/* quote */.hD)(call)} but "test-command" is set: a ${call.split(',')[0]} pushes no image to test`);
}

;// CONCATENATED MODULE: ./src/config/values.ts
// The value parsers every section shares. Each refuses a bad value with an InputError naming the input; none
// looks at another input.




/** Reads the inputs one section declares (`declared` maps each name to its default, empty for none). */
function inputReader(raw, declared) {
    const text = (name) => (raw[name] ?? '').trim() || declared[name];
    return {
        text,
        given: (name) => raw[name] ?? '',
        bool: (name) => parseBoolean(name, text(name)),
    };
}
/** YAML 1.2 core booleans, as the Actions runner documents them. */
function parseBoolean(name, text) {
    if (['true', 'True', 'TRUE'].includes(text))
        return true;
    if (['false', 'False', 'FALSE'].includes(text))
        return false;
    throw new errors/* InputError */.dz(name, `is ${(0,errors/* quote */.hD)(text)}: expected true or false`);
}
/**
 * A list input. `lines`: one entry per line, as written (build-push-action's `outputs` and setup-buildx-action's
 * `driver-opts`, which buildx reads as CSV itself, so their quotes must reach it). `records`: CSV records, as the
 * build-push-action reads its other line inputs (see csvEntries). `commas`: also comma-separated, with CSV quoting for a value
 * that holds a comma inside a line of several; a line quoted whole is split too. Blank lines are skipped (a YAML
 * block's trailing newline included), but an empty entry between commas is refused: it is nearly always a `${{ }}`
 * expression that came out empty.
 */
function listInput(name, text, separators) {
    if (separators === 'records')
        return csvEntries(name, text, { asWritten: true }).map((entry) => entry.text);
    const entries = [];
    for (const line of (text ?? '').split(/\r?\n/)) {
        if (line.trim() === '')
            continue;
        if (separators === 'lines') {
            entries.push(line.trim());
            continue;
        }
        let fields;
        try {
            fields = (0,sync/* parse */.qg)(line, { relax_quotes: true, trim: true, relax_column_count: true }).flat();
        }
        catch (error) {
            throw new errors/* InputError */.dz(name, `has ${(0,errors/* quote */.hD)(line)}, which is not a valid comma-separated list: ${error.message.split('\n')[0]}`);
        }
        // a line quoted whole is one CSV field, which build-push-action splits on its commas too
        if (fields.length === 1)
            fields = fields[0].split(',').map((field) => field.trim());
        if (fields.some((field) => field === '')) {
            throw new errors/* InputError */.dz(name, `has an empty entry in ${(0,errors/* quote */.hD)(line)}: remove the extra comma (an empty \${{ }} expression?)`);
        }
        entries.push(...fields);
    }
    return entries;
}
/**
 * A list input read as build-push-action reads its "one entry per line" inputs (actions-toolkit's getInputList with
 * ignoreComma): the whole text as CSV records, so an entry double-quoted whole reaches buildx without its quotes,
 * and may hold commas, span lines (a PEM key) and double a quote inside it (""). The fields of a record of several
 * are joined back with commas, as build-push-action joins them; with `asWritten` such a record is kept as written instead:
 * buildx reads cache-from, cache-to and attests as CSV itself, and a quoted field inside them (`"ref=a,b"`) would
 * lose the quotes that keep its comma. `trim: false` keeps each entry's spaces (a secret's value is taken as
 * written). The error gives the line only: the parser's own message quotes the text, which may be a secret.
 */
function csvEntries(name, text, { trim = true, asWritten = false } = {}) {
    if ((text ?? '').trim() === '')
        return [];
    let records;
    try {
        records = (0,sync/* parse */.qg)(text, {
            relax_quotes: true,
            relax_column_count: true,
            skip_empty_lines: true,
            info: true,
            raw: true,
        });
    }
    catch (error) {
        const line = error.lines;
        throw new errors/* InputError */.dz(name, `is not a valid list${line ? ` (line ${line})` : ''}: one entry per line; an entry double-quoted whole may hold commas and span lines ("KEY=line 1…line 2")`);
    }
    return records
        .map(({ record, raw, info }) => {
        const joined = asWritten && record.length > 1 ? raw : record.join(',');
        return { text: trim ? joined.trim() : joined, line: info.lines - newlinesIn(record) };
    })
        .filter((entry) => entry.text.trim() !== '');
}
function newlinesIn(record) {
    return record.join(',').split(/\r?\n/).length - 1;
}
/** Canonical platforms in the order given, duplicates (after aliases are resolved) dropped. */
function parsePlatforms(text, fallback) {
    const names = listInput('platforms', text.trim() === '' ? fallback : text, 'commas');
    const platforms = [];
    for (const name of names) {
        const canonical = (0,image_platforms/* canonicalPlatform */._l)(name);
        if (!canonical) {
            throw new errors/* InputError */.dz('platforms', `has ${(0,errors/* quote */.hD)(name)}, which is not a known platform: use ${image_platforms/* ACCEPTED_PLATFORMS */.jm} (or an alias: ${image_platforms/* ACCEPTED_ALIASES */.Nn})`);
        }
        if (!platforms.includes(canonical))
            platforms.push(canonical);
    }
    if (platforms.length === 0)
        throw new errors/* InputError */.dz('platforms', 'is empty: give at least one platform');
    return platforms;
}
/** `KEY=VALUE` lines; where a value is optional a bare `KEY` passes the variable from the environment. */
function keyValueList(name, text, valueRequired) {
    const entries = listInput(name, text, 'records');
    for (const entry of entries) {
        const eq = entry.indexOf('=');
        const key = eq >= 0 ? entry.slice(0, eq) : entry;
        if (key.trim() === '' || /\s/.test(key) || (valueRequired && eq < 0)) {
            throw new errors/* InputError */.dz(name, `has ${(0,errors/* quote */.hD)(entry)}: expected KEY=VALUE${valueRequired ? '' : ' (or KEY to pass it from the environment)'}`);
        }
    }
    return entries;
}
/** Image references, each refused with the reason the reference parser gives. */
function checkReferences(name, refs, verb) {
    for (const ref of refs) {
        const problem = (0,reference/* referenceProblem */.te)(ref);
        if (problem)
            throw new errors/* InputError */.dz(name, `${verb} ${(0,errors/* quote */.hD)(ref)}, which ${problem}`);
    }
}
const REGISTRY_HOST = /^[a-zA-Z0-9.-]+(?::[0-9]{1,5})?$|^\[[a-fA-F0-9:]+\](?::[0-9]{1,5})?$/;
function isRegistryHost(host) {
    return REGISTRY_HOST.test(host) && (0,reference/* referenceProblem */.te)(`${host}/x`) === undefined;
}
/** Docker treats loopback registries as insecure on its own. */
function isLoopback(host) {
    return /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/.test(host);
}
/** A YAML input. The parser is passed in because the action loads it only when such an input is given. */
function parseYamlInput(name, text, parseYaml) {
    if (!parseYaml)
        throw new Error(`${name} needs the YAML parser`);
    try {
        return parseYaml(text);
    }
    catch (error) {
        // the parser's message quotes the text around the fault, which may hold a password: keep only the position
        const at = /line (\d+)/.exec(error.message)?.[1];
        throw new errors/* InputError */.dz(name, `is not valid YAML${at ? ` (line ${at})` : ''}: expected a YAML list`);
    }
}

;// CONCATENATED MODULE: ./src/registry/proxy.ts
// Which proxy a request to a registry goes through, decided as the docker CLI and buildx decide it (Go's
// ProxyFromEnvironment, golang.org/x/net/http/httpproxy), so that the action reads back through the same proxy
// that pushed: HTTPS_PROXY for https URLs and HTTP_PROXY for http ones (upper case first, then lower case), none
// for localhost, loopback addresses or a NO_PROXY match.


function envAny(env, ...names) {
    for (const name of names)
        if (env[name])
            return env[name];
    return '';
}
/** The proxy URL for a request to `url`, or undefined to connect directly. */
function proxyFor(url, env) {
    const proxy = url.protocol === 'https:' ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : envAny(env, 'HTTP_PROXY', 'http_proxy');
    if (proxy === '')
        return undefined;
    if (isLoopback(url.host))
        return undefined;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    if (noProxyMatches(envAny(env, 'NO_PROXY', 'no_proxy'), host, port))
        return undefined;
    return withScheme(proxy);
}
/** Go takes a proxy without a scheme as http:// */
function withScheme(proxy) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
/**
 * The passwords in the environment's proxy URLs (`http://user:password@proxy:3128`), as written and decoded: the
 * runner does not mask them, and a tool's error that quotes its proxy must not show one.
 */
function proxyPasswords(env) {
    const passwords = new Set();
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) {
        const value = env[name];
        if (!value)
            continue;
        try {
            const { password } = new URL(withScheme(value));
            if (password === '')
                continue;
            passwords.add(password);
            passwords.add(decodeURIComponent(password));
        }
        catch {
            // not a URL: nothing in it the URL syntax marks as a password
        }
    }
    return [...passwords];
}
/**
 * NO_PROXY as Go reads it: comma-separated entries, `*` for everything, an IP address or CIDR block, or a domain
 * (matching it and its subdomains; with a leading "." or "*.", its subdomains only), each with an optional port.
 */
function noProxyMatches(noProxy, host, port) {
    for (const raw of noProxy
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean)) {
        if (raw === '*')
            return true;
        if (raw.includes('/')) {
            if (inCidr(host, raw))
                return true;
            continue;
        }
        const [entryHost, entryPort] = splitPort(raw);
        if (entryPort !== '' && entryPort !== port)
            continue;
        if (external_node_net_.isIP(entryHost)) {
            if (entryHost === host)
                return true;
            continue;
        }
        const subdomainsOnly = entryHost.startsWith('.') || entryHost.startsWith('*.');
        const domain = entryHost.replace(/^\*?\./, '');
        if (host.endsWith(`.${domain}`) || (!subdomainsOnly && host === domain))
            return true;
    }
    return false;
}
/** `host:port`, `[v6]:port`, or a bare host (a bare IPv6 address keeps its colons). */
function splitPort(entry) {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed)
        return [bracketed[1], bracketed[2] ?? ''];
    if (external_node_net_.isIPv6(entry))
        return [entry, ''];
    const withPort = /^(.*):(\d+)$/.exec(entry);
    return withPort ? [withPort[1], withPort[2]] : [entry, ''];
}
function inCidr(host, cidr) {
    const [base, bits] = cidr.split('/');
    const family = external_node_net_.isIPv4(base) ? 'ipv4' : external_node_net_.isIPv6(base) ? 'ipv6' : undefined;
    if (!family || external_node_net_.isIP(host) !== (family === 'ipv4' ? 4 : 6) || !/^\d+$/.test(bits))
        return false;
    const list = new external_node_net_.BlockList();
    try {
        list.addSubnet(base, Number(bits), family);
    }
    catch {
        return false;
    }
    return list.check(host, family);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/legs/records.ts
// What ties the legs of a native multi-runner build to their merge, and the names their records go by.
//
// Why a leg that exits 0 is in its merge, whatever the registry's or the cache's latency:
// 1. A record's name is its writer's alone: the group (repository, run, variant), the platform and the attempt,
//    and the leg's digest (plus, in the Actions cache, a nonce per try). No other job writes that name.
// 2. Nothing is read, changed and written back: a record is created, never updated, so no write of any other
//    job, however late it lands, can remove or replace it. A late write of the leg's own is the same record.
// 3. A leg exits 0 only after reading its record back (legs.ts, recordLeg). So every green leg's record exists.
// 4. Only the merge of the same group deletes records, after its tags moved, and only those it merged.
// 5. The merge finds every record of its group: by name prefix in the cache (newest attempt first) and by a
//    listing of the tags in the registry, then picks the newest attempt up to its own per platform.
// This module is the pure part: the names, how they are read back, and which record a merge takes.

/** Records of a registry that never got merged are dropped by a merge of the repository after this long. */
const RECORD_RETENTION_DAYS = 7;
const PREFIX = 'buildx-multiarch-leg';
/**
 * The variant a leg or merge belongs to when `merge-key` does not say: the first tag's tag, so that a matrix
 * pushing `app:slim` and `app:full` in one run keeps them apart. Long tags are shortened with a hash, so that the
 * variant fits into the legs' cache tags (128 characters at most).
 */
function variantOf(firstTag) {
    const at = firstTag.lastIndexOf(':');
    const tag = at > firstTag.lastIndexOf('/') ? firstTag.slice(at + 1) : 'latest';
    return tag.length <= 40 ? tag : `${tag.slice(0, 31)}-${(0,external_node_crypto_.createHash)('sha256').update(tag).digest('hex').slice(0, 8)}`;
}
/** 16 hex digits naming a group: names stay short, and a repository name cannot break them. */
function groupId(group) {
    return (0,external_node_crypto_.createHash)('sha256').update(`${group.repository}\n${group.run}\n${group.variant}`).digest('hex').slice(0, 16);
}
/** "linux/arm/v7" -> "linux_arm_v7": "-" separates the fields of a name, "_" cannot start a new one. */
function platformSlug(platform) {
    return platform.replace(/\//g, '_');
}
function slugPlatform(slug) {
    return slug.replace(/_/g, '/');
}
/** The start every name of a group's records shares. */
function groupPrefix(group) {
    return `${PREFIX}-${groupId(group)}-`;
}
/** The start of the names of one platform's record of one attempt (the attempt's "-" ends the prefix). */
function attemptPrefix(group, platform, attempt) {
    return `${groupPrefix(group)}${platformSlug(platform)}-a${attempt}-`;
}
/** An Actions cache key, unique to this try of this leg: keys are write-once, so a retry takes a new nonce. */
function cacheKey(group, record, nonce) {
    return `${attemptPrefix(group, record.platform, record.attempt)}${record.digest.replace(/^sha256:/, '')}-${nonce}`;
}
/**
 * A registry tag (at most 128 characters) for a leg's record: dated, so that stale ones can be told by name, and
 * ending in the leg's digest, so that two legs building one platform (a mistake) write two tags, not one.
 */
function recordTag(group, record, day) {
    return `${attemptPrefix(group, record.platform, record.attempt)}${day}-${record.digest.replace(/^sha256:/, '').slice(0, 16)}`;
}
/** "20261202": the day in a record tag's name. */
function dayOf(time) {
    return new Date(time).toISOString().slice(0, 10).replace(/-/g, '');
}
/** The platform and attempt of a group's record name, and what follows them (digest and nonce, or day). */
function parseRecordName(name, group) {
    const prefix = groupPrefix(group);
    if (!name.startsWith(prefix))
        return undefined;
    const match = /^([A-Za-z0-9_.]+)-a(\d+)-(.+)$/.exec(name.slice(prefix.length));
    return match ? { platform: slugPlatform(match[1]), attempt: Number(match[2]), rest: match[3] } : undefined;
}
/** A cache key's record, or undefined when it is not one of the group's. */
function recordOfCacheKey(key, group) {
    const parsed = parseRecordName(key, group);
    const digest = parsed && /^([a-f0-9]{64})-/.exec(parsed.rest)?.[1];
    return parsed && digest ? { platform: parsed.platform, attempt: parsed.attempt, digest: `sha256:${digest}` } : undefined;
}
/** Whether a record tag of any group (not one of a user's own tags) was written before the retention. */
function isStaleRecordTag(tag, now) {
    const day = new RegExp(`^${PREFIX}-[a-f0-9]{16}-.+-a\\d+-(\\d{8})-[a-f0-9]{16}$`).exec(tag)?.[1];
    if (!day)
        return false;
    const written = Date.parse(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T00:00:00Z`);
    return now - written > (RECORD_RETENTION_DAYS + 1) * 24 * 3600 * 1000;
}
/**
 * What a merge takes, per platform: the record of the newest attempt up to its own ("re-run failed jobs" re-runs
 * a leg under a new attempt; nothing real writes a later attempt than the merge's own, so such a record is
 * ignored). Platforms with records the merge did not ask for are `unasked`; `conflicts` are platforms that two
 * legs of one attempt recorded with different images, which no merge can choose between.
 */
function pickLegs(records, platforms, attempt) {
    const usable = records.filter((record) => record.attempt <= attempt);
    const recorded = [...new Set(usable.map((record) => record.platform))].sort();
    const wanted = platforms ?? recorded;
    const picked = [];
    const missing = [];
    const conflicts = [];
    for (const platform of wanted) {
        const candidates = usable.filter((record) => record.platform === platform);
        if (candidates.length === 0) {
            missing.push(platform);
            continue;
        }
        const newest = candidates.reduce((a, b) => (b.attempt > a.attempt ? b : a));
        const rivals = candidates.filter((record) => record.attempt === newest.attempt && record.digest !== newest.digest);
        if (rivals.length > 0)
            conflicts.push(`${platform} (attempt ${newest.attempt}: ${[newest, ...rivals].map((r) => r.digest).join(', ')})`);
        picked.push(newest);
    }
    return { picked, missing, unasked: recorded.filter((platform) => !wanted.includes(platform)), conflicts };
}
/** "run 4242, variant "slim"": how errors and logs name a group. */
function describeGroup(group) {
    return `run ${group.run}, variant "${group.variant}"`;
}

;// CONCATENATED MODULE: ./src/config/mode.ts
// The merge section: what the step does (build, one leg of a native multi-runner build, or the merge), and
// what ties the legs to their merge.



/** The section's inputs and their defaults (empty: none). */
const MERGE_INPUTS = {
    'push-by-digest': 'false',
    merge: 'false',
    'merge-key': '',
    'run-id': '',
    sources: '',
};
/**
 * The pipeline ids of CIs other than GitHub Actions, for legs and merges run there: one pipeline's jobs share
 * it, the next pipeline gets another. GitLab, Buildkite, CircleCI (the workflow), Azure Pipelines.
 */
const PIPELINE_IDS = ['CI_PIPELINE_ID', 'BUILDKITE_BUILD_ID', 'CIRCLE_WORKFLOW_ID', 'BUILD_BUILDID'];
/** The environment's run: GitHub's, else the first pipeline id another CI sets, named by its variable. */
function workflowRun(env) {
    if (env.GITHUB_RUN_ID)
        return { id: env.GITHUB_RUN_ID, attempt: env.GITHUB_RUN_ATTEMPT };
    const variable = PIPELINE_IDS.find((name) => env[name]);
    return variable ? { id: `${variable}=${env[variable]}` } : {};
}
/** The mode and what ties a leg to its merge; `withTagVariant` fills in the variant `merge-key` leaves to the tags. */
function parseMerge(raw, run) {
    const input = inputReader(raw, MERGE_INPUTS);
    const pushByDigest = input.bool('push-by-digest');
    const merge = input.bool('merge');
    // checked here, not among the rules: one mode cannot say both
    if (pushByDigest && merge)
        throw new errors/* InputError */.dz('merge', 'is true and so is "push-by-digest": a step either pushes one leg or merges them');
    const sources = listInput('sources', input.given('sources'), 'commas');
    // without merge the rules refuse sources whatever they are, and say so first
    if (merge)
        checkReferences('sources', sources, 'has');
    const mode = merge ? 'merge' : pushByDigest ? 'leg' : 'build';
    const given = input.text('merge-key');
    const runId = input.text('run-id');
    return {
        mode,
        mergeKey: mode === 'build' ? '' : given,
        mergeKeyGiven: given !== '',
        run: { id: runId || (run?.id ?? ''), attempt: Number(run?.attempt) || 1 },
        sources,
    };
}
/** A leg or merge without `merge-key` is the variant its first tag's tag names (the build section checked the tags). */
function withTagVariant(merge, tags) {
    if (merge.mode === 'build' || merge.mergeKeyGiven || tags.length === 0)
        return merge;
    return { ...merge, mergeKey: variantOf(tags[0]) };
}

;// CONCATENATED MODULE: ./src/config/build.ts
// The build section: what is built from where, for which platforms, under which tags, and what becomes of it.



/**
 * The section's inputs and their defaults (empty: none). action.yml declares the same ones but for platforms: a
 * merge takes what its sources or legs hold unless platforms is given, so the runner must not fill it in.
 */
const BUILD_INPUTS = {
    context: '.',
    file: '',
    platforms: 'linux/amd64,linux/arm64',
    tags: '',
    labels: '',
    annotations: '',
    'build-args': '',
    target: '',
    push: 'true',
    load: 'false',
    outputs: '',
    provenance: '',
    sbom: '',
    'no-cache': 'false',
    pull: 'false',
    'test-command': '',
};
/** `merge` decides whether the platforms default applies: a merge takes what its sources or legs hold. */
function parseBuild(raw, merge) {
    const input = inputReader(raw, BUILD_INPUTS);
    const platformsGiven = input.given('platforms').trim() !== '';
    return {
        platforms: platformsGiven || merge.mode !== 'merge' ? parsePlatforms(input.given('platforms'), input.text('platforms')) : [],
        tags: parseTags(input.given('tags')),
        push: input.bool('push'),
        load: input.bool('load'),
        outputs: listInput('outputs', input.given('outputs'), 'lines'),
        testCommand: input.text('test-command'),
        context: input.text('context'),
        file: input.text('file'),
        buildArgs: keyValueList('build-args', input.given('build-args'), false),
        labels: keyValueList('labels', input.given('labels'), true),
        annotations: keyValueList('annotations', input.given('annotations'), true),
        target: input.text('target'),
        provenance: input.text('provenance'),
        sbom: input.text('sbom'),
        noCache: input.bool('no-cache'),
        pull: input.bool('pull'),
    };
}
function parseTags(text) {
    const tags = listInput('tags', text, 'commas');
    for (const tag of tags) {
        const problem = (0,reference/* referenceProblem */.te)(tag);
        if (problem)
            throw new errors/* InputError */.dz('tags', `has ${(0,errors/* quote */.hD)(tag)}, which ${problem}`);
        if (tag.includes('@'))
            throw new errors/* InputError */.dz('tags', `has ${(0,errors/* quote */.hD)(tag)}: a tag cannot hold a digest`);
    }
    return tags;
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/config/builder.ts
// The builder section: the driver, an existing builder or the nodes of the one the action creates, its
// buildkitd configuration, and the buildx release to run.




const DRIVERS = ['docker-container', 'docker', 'remote', 'kubernetes'];
/** The section's inputs and their defaults (empty: none). */
const BUILDER_INPUTS = {
    driver: 'docker-container',
    'driver-opts': '',
    endpoint: '',
    'node-platforms': '',
    append: '',
    'buildkitd-flags': '',
    'buildkitd-config': '',
    'buildkitd-config-inline': '',
    builder: '',
    'buildx-version': '',
};
function parseBuilder(raw, parseYaml) {
    const input = inputReader(raw, BUILDER_INPUTS);
    const driver = input.text('driver');
    if (!DRIVERS.includes(driver)) {
        throw new errors/* InputError */.dz('driver', `is ${(0,errors/* quote */.hD)(driver)}: supported drivers are ${DRIVERS.join(', ')}`);
    }
    const builder = input.text('builder');
    if (builder !== '' && !isBuilderName(builder)) {
        throw new errors/* InputError */.dz('builder', `is ${(0,errors/* quote */.hD)(builder)}: a builder name has letters, digits, "_", "." and "-"`);
    }
    const appendText = input.given('append');
    const appended = parseAppend(appendText.trim() === '' ? undefined : parseYamlInput('append', appendText, parseYaml), driver);
    const first = {
        name: '',
        endpoint: input.text('endpoint'),
        platforms: nodePlatforms('node-platforms', '', input.text('node-platforms')),
        driverOpts: listInput('driver-opts', input.given('driver-opts'), 'lines'),
        buildkitdFlags: input.text('buildkitd-flags'),
    };
    const nodes = [first, ...appended];
    checkNodes(nodes);
    return {
        driver: driver,
        nodes,
        buildkitdConfig: input.text('buildkitd-config'),
        buildkitdConfigInline: input.text('buildkitd-config-inline'),
        builder,
        buildxVersion: parseBuildxVersion(input.text('buildx-version')),
    };
}
function parseBuildxVersion(text) {
    const version = text.replace(/^v/, '');
    if (version !== '' && version !== 'latest' && semver_default().valid(version) !== version) {
        throw new errors/* InputError */.dz('buildx-version', `is ${(0,errors/* quote */.hD)(text)}: expected a buildx release such as 0.29.1 or "latest"`);
    }
    return version;
}

;// CONCATENATED MODULE: ./src/config/cache.ts
// The cache section: the registry cache every build imports and a pushing build exports, or raw cache flags.




/** The section's inputs and their defaults (empty: none). */
const CACHE_INPUTS = {
    cache: 'true',
    'cache-ref': '',
    'cache-from': '',
    'cache-to': '',
};
/** The default cache ref lives next to the first tag, and each leg has its own (see cacheRefOf). */
function parseCache(raw, build, merge) {
    const input = inputReader(raw, CACHE_INPUTS);
    const cache = input.bool('cache');
    const cacheRef = input.text('cache-ref');
    if (cacheRef !== '')
        checkReferences('cache-ref', [cacheRef], 'is');
    if (cacheRef.includes('@'))
        throw new errors/* InputError */.dz('cache-ref', `is ${(0,errors/* quote */.hD)(cacheRef)}: a cache is written under a tag, not a digest`);
    return {
        cache,
        cacheRef: cacheRefOf(cacheRef, build, merge),
        cacheFrom: listInput('cache-from', input.given('cache-from'), 'records'),
        cacheTo: listInput('cache-to', input.given('cache-to'), 'records'),
    };
}
function cacheRefOf(given, build, merge) {
    const base = given !== '' ? given : build.tags.length > 0 ? `${(0,reference/* repositoryOf */._M)(build.tags[0])}:buildcache` : '';
    // legs build in parallel: one cache ref per variant and platform, or the last leg to finish would overwrite the
    // others' cache (and a slim image's cache the full one's)
    if (merge.mode !== 'leg' || base === '')
        return base;
    return (0,reference/* derivedRef */.bw)(base, `${merge.mergeKey}-${build.platforms.map(image_platforms/* platformTagText */.L9).join('_')}`);
}

;// CONCATENATED MODULE: ./src/config/logins.ts
// The logins section: the registries to log in to (and out of), and those reached over plain HTTP.


/** The section's inputs and their defaults (empty: none). */
const LOGIN_INPUTS = {
    registry: 'docker.io',
    username: '',
    password: '',
    'registry-auth': '',
    logout: 'true',
    'insecure-registries': '',
};
const AUTH_KEYS = ['registry', 'username', 'password'];
function parseLogins(raw, parseYaml) {
    const input = inputReader(raw, LOGIN_INPUTS);
    const registry = input.text('registry');
    if (!isRegistryHost(registry)) {
        throw new errors/* InputError */.dz('registry', `is ${(0,errors/* quote */.hD)(registry)}: expected a registry host such as docker.io, ghcr.io or localhost:5000`);
    }
    const username = input.text('username');
    const password = input.given('password');
    // checked here, not among the rules: the logins cannot hold a password without its user
    if (username !== '' && password === '')
        throw new errors/* InputError */.dz('password', 'is empty but "username" is set: give both or neither');
    if (username === '' && password !== '')
        throw new errors/* InputError */.dz('username', 'is empty but "password" is set: give both or neither');
    const insecureRegistries = listInput('insecure-registries', input.given('insecure-registries'), 'commas');
    const unreachable = insecureRegistries.find((host) => !isRegistryHost(host));
    if (unreachable !== undefined) {
        throw new errors/* InputError */.dz('insecure-registries', `has ${(0,errors/* quote */.hD)(unreachable)}: expected a registry host such as localhost:5000 or registry.internal`);
    }
    const first = username !== '' ? [{ registry, username, password }] : [];
    const authText = input.given('registry-auth');
    const logins = authText.trim() === '' ? first : withRegistryAuth(first, parseYamlInput('registry-auth', authText, parseYaml));
    return { logins, logout: input.bool('logout'), insecureRegistries };
}
/**
 * `first` followed by the entries of `registry-auth`, a YAML list of `{registry, username, password}` as
 * docker/login-action reads it. Errors name the entry, never its password.
 */
function withRegistryAuth(first, entries) {
    if (!Array.isArray(entries))
        throw new errors/* InputError */.dz('registry-auth', 'is not a YAML list: expected "- registry: …" entries with username and password');
    const logins = [...first];
    entries.forEach((entry, index) => {
        const where = `entry ${index + 1}`;
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
            throw new errors/* InputError */.dz('registry-auth', `${where} is not a mapping of registry, username and password`);
        const fields = entry;
        // a mis-split flow mapping can turn part of a password into a key or a registry: such text is never repeated
        if (Object.keys(fields).some((key) => !AUTH_KEYS.includes(key))) {
            throw new errors/* InputError */.dz('registry-auth', `${where} has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")`);
        }
        const notText = AUTH_KEYS.find((key) => fields[key] !== undefined && fields[key] !== null && typeof fields[key] !== 'string');
        if (notText !== undefined)
            throw new errors/* InputError */.dz('registry-auth', `${where} has a ${notText} that is not a string: quote it`);
        const text = (key) => (fields[key] ?? '').trim();
        const registry = text('registry') || 'docker.io';
        if (!isRegistryHost(registry))
            throw new errors/* InputError */.dz('registry-auth', `${where} has a registry that is not a registry host such as ghcr.io`);
        if (text('username') === '' || text('password') === '')
            throw new errors/* InputError */.dz('registry-auth', `${where} (${registry}) needs both username and password`);
        if (logins.some((login) => login.registry === registry))
            throw new errors/* InputError */.dz('registry-auth', `${where} logs in to ${registry} a second time`);
        logins.push({ registry, username: text('username'), password: text('password') });
    });
    return logins;
}

;// CONCATENATED MODULE: ./src/config/mirror.ts
// The mirror section: a registry mirror for the created builder's Docker Hub pulls (issue 19), so that a job can
// avoid anonymous Docker Hub pulls and their limits.


/** The section's inputs and their defaults (empty: none). */
const MIRROR_INPUTS = {
    'registry-mirror': '',
};
function parseMirror(raw) {
    const mirror = inputReader(raw, MIRROR_INPUTS).text('registry-mirror');
    if (mirror !== '' && !isRegistryHost(mirror)) {
        const hint = /^[a-z]+:\/\//i.test(mirror) ? ' (without the scheme: plain HTTP is for insecure-registries to say)' : '';
        throw new errors/* InputError */.dz('registry-mirror', `is ${(0,errors/* quote */.hD)(mirror)}: expected a registry host such as mirror.gcr.io or localhost:5001${hint}`);
    }
    return { registryMirror: mirror };
}

;// CONCATENATED MODULE: ./src/config/provenance.ts
// The provenance attestation an empty `provenance` asks for, decided as docker/build-push-action decides it, so that
// an image keeps the provenance it had when a workflow switches: mode=max for a public repository, and
// mode=min,inline-only=true (buildx's own default) for a private one, read from the event payload's repository.

/**
 * The `--attest` value for an empty `provenance`, or '' to leave buildx's default: outside a workflow run (no
 * GITHUB_EVENT_PATH), or when BUILDX_NO_DEFAULT_ATTESTATIONS turns default attestations off, as for build-push-action.
 */
function defaultProvenance(env, privateRepository) {
    if (!env.GITHUB_EVENT_PATH || isTrue(env.BUILDX_NO_DEFAULT_ATTESTATIONS))
        return '';
    const mode = privateRepository ? 'mode=min,inline-only=true' : 'mode=max';
    const builderId = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `,builder-id=${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`
        : '';
    return `type=provenance,${mode}${builderId}`;
}
/**
 * As build-push-action reads it (build-push-action src/context.ts: `payload.repository?.private ?? false`): private only when
 * the event payload says `repository.private: true`; public when it says nothing, or there is none.
 */
function repositoryIsPrivate({ env, readText }) {
    if (!env.GITHUB_EVENT_PATH)
        return false;
    try {
        const payload = JSON.parse(readText(env.GITHUB_EVENT_PATH));
        return payload.repository?.private === true;
    }
    catch {
        return false;
    }
}
function isTrue(text) {
    return ['1', 't', 'true', 'T', 'TRUE', 'True'].includes(text ?? '');
}
/**
 * Whether the default provenance applies to this build: no `provenance`, no provenance among `attests`, and no
 * export to the Docker daemon (load, type=docker), where build-push-action leaves it out too; `canAttest` is false for the
 * docker driver on the classic image store, which stores no attestation.
 */
function wantsDefaultProvenance(config, canAttest) {
    const dockerExport = config.load || config.outputs.some((output) => output.split(',').some((field) => field.trim() === 'type=docker'));
    return (config.defaultProvenance !== '' &&
        config.provenance === '' &&
        !hasAttestType(config.attests, 'provenance') &&
        !dockerExport &&
        canAttest);
}

;// CONCATENATED MODULE: ./src/config/secrets.ts
// The build-secret inputs as docker/build-push-action reads them: `secrets` (`id=value`, CSV-quoted to span
// lines), `secret-files` (`id=path`), `secret-envs` (`id=ENV_NAME`), and `github-token` (the GIT_AUTH_TOKEN.<host>
// secret for Git contexts on the GitHub server). Pure functions: text in, typed value out, or an InputError that
// names the input and the id or position of the entry, never a secret's value.


const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
const ID_RULE = 'id of letters, digits, "_", "." and "-"';
/** `id=rest` with a valid id; a bad entry is named by its line, as its text may be a secret. */
function idAndRest(name, entry, what) {
    const eq = entry.text.indexOf('=');
    const id = eq > 0 ? entry.text.slice(0, eq).trim() : '';
    if (!SECRET_ID.test(id))
        throw new errors/* InputError */.dz(name, `has an entry on line ${entry.line} without a valid id: expected id=${what} (${ID_RULE})`);
    return [id, entry.text.slice(eq + 1)];
}
function checkUnique(name, seen, id) {
    if (seen.has(id))
        throw new errors/* InputError */.dz(name, `has the id "${id}" twice`);
    seen.add(id);
}
/** `secrets`: `id=value` entries; the value is kept exactly (spaces, newlines); an empty one is skipped with a warning. */
function parseSecrets(text) {
    const values = [];
    const warnings = [];
    const seen = new Set();
    for (const entry of csvEntries('secrets', text, { trim: false })) {
        const [id, value] = idAndRest('secrets', entry, 'value');
        checkUnique('secrets', seen, id);
        if (value.replace(/\r$/, '') === '')
            warnings.push(`Input "secrets": the secret "${id}" has an empty value and is not passed to the build`);
        else
            values.push({ id, value: value.replace(/\r$/, '') });
    }
    return { values, warnings };
}
/**
 * `secret-files`: `id=path`, each file there now (a missing file is refused, where build-push-action warns and builds); an
 * empty path (`id=`, in build-push-action's own CI) is skipped with a warning, as build-push-action skips it.
 */
function parseSecretFiles(text, isFile) {
    const values = [];
    const warnings = [];
    const seen = new Set();
    for (const entry of csvEntries('secret-files', text)) {
        const [id, rest] = idAndRest('secret-files', entry, 'path');
        checkUnique('secret-files', seen, id);
        const file = rest.trim();
        if (file === '') {
            warnings.push(`Input "secret-files": the secret "${id}" has no path and is not passed to the build`);
            continue;
        }
        if (!isFile(file))
            throw new errors/* InputError */.dz('secret-files', `has ${(0,errors/* quote */.hD)(`${id}=${file}`)}: no such file`);
        values.push({ id, path: file });
    }
    return { values, warnings };
}
/**
 * `secret-envs`: `id=ENV_NAME`, comma- or newline-separated as build-push-action splits it. The variable must be set (an
 * unset one is refused); set but empty, or not named (`id=`), the secret is skipped with a warning, like an empty
 * value in `secrets`.
 */
function parseSecretEnvs(entries, env) {
    const values = [];
    const warnings = [];
    const seen = new Set();
    for (const entry of entries) {
        const eq = entry.indexOf('=');
        const id = eq > 0 ? entry.slice(0, eq).trim() : '';
        const variable = entry.slice(eq + 1).trim();
        if (SECRET_ID.test(id) && variable === '') {
            warnings.push(`Input "secret-envs": the secret "${id}" names no variable and is not passed to the build`);
            continue;
        }
        if (!SECRET_ID.test(id) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
            throw new errors/* InputError */.dz('secret-envs', `has ${(0,errors/* quote */.hD)(entry)}: expected id=ENV_NAME (${ID_RULE}; a variable name of letters, digits and "_")`);
        }
        checkUnique('secret-envs', seen, id);
        const value = env[variable];
        if (value === undefined)
            throw new errors/* InputError */.dz('secret-envs', `has ${(0,errors/* quote */.hD)(entry)}, but the environment variable ${variable} is not set: set it in the step's env`);
        if (value === '')
            warnings.push(`Input "secret-envs": the variable ${variable} of secret "${id}" is empty, so the secret is not passed to the build`);
        else
            values.push({ id, variable });
    }
    return { values, warnings };
}
/** The same id in two of the secret inputs would leave buildx to pick one: refused, naming both. */
function checkSecretIdsUnique(byInput) {
    const owner = new Map();
    for (const [name, secrets] of byInput) {
        for (const { id } of secrets) {
            const first = owner.get(id);
            if (first !== undefined && first !== name)
                throw new errors/* InputError */.dz(name, `has the id "${id}", which "${first}" already gives: use one of them`);
            owner.set(id, name);
        }
    }
}
/** What to hide in the log for a secret value: the whole, and each line of a multi-line one. */
function maskedParts(value) {
    const lines = value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    return [value, ...(lines.length > 1 ? lines : [])].filter((part) => part.trim() !== '');
}
/**
 * Every secret value in the raw `secrets` text, to be masked before anything can log it. Lenient: when the text
 * does not parse, every line is masked, and its part after "=" (the parse error itself names no value).
 */
function secretTextsToMask(text) {
    try {
        return csvEntries('secrets', text, { trim: false }).flatMap((entry) => maskedParts(entry.text.slice(entry.text.indexOf('=') + 1)));
    }
    catch {
        const lines = (text ?? '').split(/\r?\n/);
        return [
            ...new Set(lines.flatMap((line) => [...maskedParts(line), ...maskedParts(line.slice(line.indexOf('=') + 1).replace(/^"/, ''))])),
        ];
    }
}
/**
 * A Git context URL's host (https://, git://, ssh://, git@host:, github.com/…), or undefined for anything else. The
 * host keeps its port: BuildKit looks the token up as GIT_AUTH_TOKEN.<Go's url.Host> (moby/buildkit
 * source/git/source.go, authSecretNames), which is `new URL(GITHUB_SERVER_URL).host` for a server on its own port.
 */
function gitHost(context) {
    const scp = /^[A-Za-z0-9_.-]+@([^:/]+):/.exec(context);
    if (scp)
        return scp[1];
    if (context.startsWith('github.com/'))
        return 'github.com';
    const url = /^(https?|git|ssh):\/\/(?:[^@/]*@)?([^/#?]+)([^#?]*)/i.exec(context);
    if (!url)
        return undefined;
    // BuildKit takes an HTTP(S) URL for a Git repository only when its path ends in .git (dfgitutil.ParseGitRef);
    // it downloads any other one plainly, without the token
    return /^https?$/i.test(url[1]) && !url[3].endsWith('.git') ? undefined : url[2];
}
/**
 * `github-token` as build-push-action passes it: the secret GIT_AUTH_TOKEN.<host of GITHUB_SERVER_URL>, with which BuildKit
 * fetches Git contexts from that host. Only when a context (the build's or a named one) is a Git URL on that host,
 * and the secrets do not give a GIT_AUTH_TOKEN of their own.
 */
function gitAuthSecret(token, serverUrl, contexts, ids) {
    if (token === '')
        return undefined;
    let host;
    try {
        host = new URL(serverUrl || 'https://github.com').host;
    }
    catch {
        return undefined;
    }
    const id = `GIT_AUTH_TOKEN.${host}`;
    if (ids.includes('GIT_AUTH_TOKEN') || ids.includes(id))
        return undefined;
    return contexts.some((context) => gitHost(context) === host) ? { id, value: token } : undefined;
}

;// CONCATENATED MODULE: ./src/config/options.ts




/** The section's inputs and their defaults (empty: none); github-token's `${{ github.token }}` is action.yml's. */
const OPTION_INPUTS = {
    secrets: '',
    'secret-files': '',
    'secret-envs': '',
    'github-token': '',
    ssh: '',
    'build-contexts': '',
    'add-hosts': '',
    network: '',
    'shm-size': '',
    ulimit: '',
    'cgroup-parent': '',
    'no-cache-filters': '',
    allow: '',
    attests: '',
    call: '',
    name: '',
    cleanup: 'true',
};
function parseOptions(raw, facts) {
    const input = inputReader(raw, OPTION_INPUTS);
    const { env } = facts.local;
    const builderName = parseBuilderName(input.text('name'));
    checkBuilderName(builderName, facts.builder.builder, facts.builder.driver);
    const call = parseCall(input.text('call'));
    checkCall(call, facts.merge.mode, facts.build.testCommand);
    // a secret's value is kept as written (readConfig reads it untrimmed), as build-push-action keeps it
    const userSecrets = parseSecrets(raw.secrets);
    const secretFiles = parseSecretFiles(input.given('secret-files'), facts.isFile);
    const secretEnvs = parseSecretEnvs(listInput('secret-envs', input.given('secret-envs'), 'commas'), env);
    checkSecretIdsUnique([
        ['secrets', userSecrets.values],
        ['secret-files', secretFiles.values],
        ['secret-envs', secretEnvs.values],
    ]);
    const buildContexts = parseBuildContexts(listInput('build-contexts', input.given('build-contexts'), 'records'), facts.local);
    const secretIds = [...userSecrets.values, ...secretFiles.values, ...secretEnvs.values].map((secret) => secret.id);
    const contexts = [facts.build.context, ...buildContexts.map((c) => c.slice(c.indexOf('=') + 1))];
    const privateRepository = repositoryIsPrivate({ env, readText: facts.readText });
    const gitToken = gitAuthSecret(input.text('github-token'), env.GITHUB_SERVER_URL, contexts, secretIds);
    return {
        secrets: gitToken ? [...userSecrets.values, gitToken] : userSecrets.values,
        secretFiles: secretFiles.values,
        secretEnvs: secretEnvs.values,
        ssh: parseSsh(listInput('ssh', input.given('ssh'), 'commas'), facts.local),
        buildContexts,
        addHosts: parseAddHosts(listInput('add-hosts', input.given('add-hosts'), 'commas')),
        network: parseNetwork(input.text('network')),
        shmSize: parseShmSize(input.text('shm-size')),
        ulimits: parseUlimits(listInput('ulimit', input.given('ulimit'), 'records')),
        cgroupParent: parseCgroupParent(input.text('cgroup-parent')),
        noCacheFilters: parseNoCacheFilters(listInput('no-cache-filters', input.given('no-cache-filters'), 'commas')),
        allow: parseAllow(listInput('allow', input.given('allow'), 'commas')),
        attests: parseAttests(listInput('attests', input.given('attests'), 'records')),
        call,
        defaultProvenance: defaultProvenance(env, privateRepository),
        privateRepository,
        builderName,
        cleanup: input.bool('cleanup'),
        warnings: [...userSecrets.warnings, ...secretFiles.warnings, ...secretEnvs.warnings],
    };
}
/** A check (outline, targets) evaluates the build and exports nothing, as buildx does: no push then. */
function pushes(push, call) {
    return push && !isSubrequest(call);
}

;// CONCATENATED MODULE: ./src/config/qemu.ts
// The QEMU section: whether and how the emulators for foreign platforms are registered.

/** The section's inputs and their defaults (empty: none). */
const QEMU_INPUTS = {
    qemu: 'true',
    'qemu-image': 'docker.io/tonistiigi/binfmt:latest',
};
function parseQemu(raw) {
    const input = inputReader(raw, QEMU_INPUTS);
    const qemuImage = input.text('qemu-image');
    if (qemuImage !== 'host')
        checkReferences('qemu-image', [qemuImage], 'is');
    return { qemu: input.bool('qemu'), qemuImage };
}

;// CONCATENATED MODULE: ./src/config/reproducible.ts
// The reproducible section: SOURCE_DATE_EPOCH for the build and rewrite-timestamp on the image, so that the same
// source gives the same per-platform image digests on every run and every runner (issue 19).



/** The section's inputs and their defaults (empty: none). */
const REPRODUCIBLE_INPUTS = {
    reproducible: 'false',
    'source-date-epoch': '',
};
/** `source-date-epoch` alone turns reproducible builds on: a value given is a value meant to be used. */
function parseReproducible(raw) {
    const input = inputReader(raw, REPRODUCIBLE_INPUTS);
    const epoch = input.text('source-date-epoch');
    // BuildKit reads SOURCE_DATE_EPOCH as whole seconds since 1970; a date or a fraction is refused there, late
    if (epoch !== '' && !/^(0|[1-9][0-9]{0,11})$/.test(epoch)) {
        throw new errors/* InputError */.dz('source-date-epoch', `is ${(0,errors/* quote */.hD)(epoch)}: expected whole seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct)`);
    }
    return { reproducible: input.bool('reproducible') || epoch !== '', sourceDateEpoch: epoch };
}
/** The image exporter's rewrite-timestamp came in BuildKit 0.13 (moby/buildkit#4057); SOURCE_DATE_EPOCH in 0.11. */
const MIN_BUILDKIT = '0.13.0';
/** A BuildKit version older than MIN_BUILDKIT; undefined or unreadable (a dev build) is not judged. */
function buildkitTooOld(version) {
    const parsed = semver_default().coerce(version ?? '');
    return parsed !== null && parsed.major + parsed.minor + parsed.patch > 0 && semver_default().lt(parsed, MIN_BUILDKIT);
}
/** The BuildKit release a driver-opts `image=` names by its tag (moby/buildkit:v0.12.5), if it names one. */
function imageBuildkitVersion(driverOpts) {
    const image = driverOpts.find((opt) => opt.startsWith('image='))?.slice('image='.length);
    return image ? /:v?(\d+\.\d+\.\d+)(?:[-+][\w.-]*)?$/.exec(image)?.[1] : undefined;
}

// EXTERNAL MODULE: ./src/setup/mirror.ts
var mirror = __webpack_require__(6442);
;// CONCATENATED MODULE: ./src/config/builder-rules.ts
const NO_BUILDER_CREATED = 'cannot be used with "builder": the action does not create a builder then';
/** Inputs that configure the builder the action creates, and when each counts as given. */
const BUILDER_OPTIONS = [
    ['driver-opts', (config) => config.nodes[0].driverOpts.length > 0],
    ['buildkitd-flags', (config) => config.nodes[0].buildkitdFlags !== ''],
    ['buildkitd-config', (config) => config.buildkitdConfig !== ''],
    ['buildkitd-config-inline', (config) => config.buildkitdConfigInline !== ''],
    ['registry-mirror', (config) => config.registryMirror !== ''],
];
/** Inputs that add nodes to the builder the action creates, and when each counts as given. */
const NODE_OPTIONS = [
    ['endpoint', (config) => config.nodes[0].endpoint !== ''],
    ['node-platforms', (config) => config.nodes[0].platforms.length > 0],
    ['append', (config) => config.nodes.length > 1],
];
const builderOptionRules = BUILDER_OPTIONS.flatMap(([input, given]) => [
    { input, broken: (c) => given(c) && c.builder !== '', message: NO_BUILDER_CREATED },
    {
        input,
        broken: (c) => given(c) && c.driver === 'docker',
        message: 'cannot be used with driver "docker": it configures a builder the action creates (driver docker-container)',
    },
    {
        input,
        // driver-opts stay allowed: they carry the remote driver's TLS files
        broken: (c) => given(c) && c.driver === 'remote' && input !== 'driver-opts',
        message: 'cannot be used with driver "remote": the remote BuildKit daemon runs with its own flags and config',
    },
]);
const nodeOptionRules = NODE_OPTIONS.flatMap(([input, given]) => [
    { input, broken: (c) => given(c) && c.builder !== '', message: NO_BUILDER_CREATED },
    {
        input,
        broken: (c) => given(c) && c.driver === 'docker',
        message: 'cannot be used with driver "docker", which has one node, the Docker daemon',
    },
]);

;// CONCATENATED MODULE: ./src/config/rules.ts
// The rules between inputs, as data: the input an error blames, when the rule is broken, and what the error says
// after the input's name. They are checked once every section has parsed its inputs; the first broken rule, in
// table order, is the error. The order is the one the action has always checked them in, so that inputs that
// break two rules keep getting the same error.









/** Throws the InputError of the first broken rule. */
function enforceRules(rules, config, facts) {
    const rule = rules.find((candidate) => candidate.broken(config, facts));
    if (rule)
        throw new errors/* InputError */.dz(rule.input, typeof rule.message === 'string' ? rule.message : rule.message(config, facts));
}
const firstEndpoint = (config) => config.nodes[0].endpoint;
/** A platform that no node of the created builder may build: every node is pinned, none to it. */
function unservedPlatform(config) {
    return config.platforms.find((platform) => nodeFor(platform, config.nodes) === undefined);
}
/** A merge builds nothing, and buildx fetches a Git or HTTP context itself: neither is looked for on disk. */
function contextOnDisk(config) {
    return config.mode !== 'merge' && !isRemoteSource(config.context);
}
const dockerfileOf = (config) => (config.file !== '' ? config.file : external_node_path_.join(config.context, 'Dockerfile'));
/** Insecure registries the docker driver cannot reach without the daemon's own configuration. */
const nonLoopback = (config) => config.insecureRegistries.filter((host) => !isLoopback(host));
/** The user's buildkitd.toml: the file's text or the inline one. */
const userBuildkitdConfig = (config, files) => config.buildkitdConfig !== '' ? (files.readText?.(config.buildkitdConfig) ?? '') : config.buildkitdConfigInline;
/** An insecure registry that the user's buildkitd config already has a section for. */
function configuredTwice(config, files) {
    const base = userBuildkitdConfig(config, files);
    return config.insecureRegistries.find((host) => base.includes(`[registry."${host}"]`));
}
/** The tag of a leg's own cache ref (variant and platforms appended to it). */
const legCacheTag = (config) => config.cacheRef.slice(config.cacheRef.lastIndexOf(':') + 1);
/** A node of the created builder whose driver-opts image is a BuildKit release without rewrite-timestamp. */
const oldBuildkitImage = (c) => c.builder === '' ? c.nodes.map((node) => imageBuildkitVersion(node.driverOpts)).find((version) => buildkitTooOld(version)) : undefined;
/** A leg, or a merge of legs: the run and the merge key are what tie them together. */
const joinsLegs = (config) => config.mode !== 'build' && config.sources.length === 0;
/** Multiple exporters (push and load at once) and ignore-error cache exports need buildx 0.13. */
const MIN_BUILDX = '0.13.0';
/** The rules between inputs (and the files they name), checked once every section is parsed. */
const INPUT_RULES = [
    ...builderOptionRules,
    {
        input: 'endpoint',
        broken: (c) => firstEndpoint(c) !== '' && c.driver === 'kubernetes',
        message: 'cannot be used with driver "kubernetes": it reaches the cluster through the kubeconfig; use driver-opts (namespace=…)',
    },
    {
        input: 'endpoint',
        broken: (c) => firstEndpoint(c) !== '' && endpointProblem(firstEndpoint(c), c.driver) !== undefined,
        message: (c) => `is ${(0,errors/* quote */.hD)(firstEndpoint(c))}, which ${endpointProblem(firstEndpoint(c), c.driver)}`,
    },
    {
        input: 'endpoint',
        broken: (c) => firstEndpoint(c) === '' && c.driver === 'remote',
        message: 'is empty but driver is "remote": give the BuildKit daemon\'s address, e.g. tcp://buildkitd:1234',
    },
    ...nodeOptionRules,
    {
        input: 'buildkitd-config-inline',
        broken: (c) => c.buildkitdConfig !== '' && c.buildkitdConfigInline !== '',
        message: 'cannot be used together with "buildkitd-config": give one of them',
    },
    {
        input: 'buildkitd-config',
        broken: (c, files) => c.buildkitdConfig !== '' && !files.isFile(c.buildkitdConfig),
        message: (c) => `is ${(0,errors/* quote */.hD)(c.buildkitdConfig)}: no such file`,
    },
    {
        input: 'platforms',
        broken: (c) => c.builder === '' && c.driver !== 'docker' && unservedPlatform(c) !== undefined,
        message: (c) => `has ${unservedPlatform(c)}, which no node of the builder is pinned to (each node has fixed platforms): add it to a node's platforms, or add a node without platforms`,
    },
    {
        input: 'tags',
        broken: (c) => (c.push || c.mode !== 'build') && c.tags.length === 0,
        message: (c) => c.mode === 'build'
            ? 'is empty but "push" is true: give at least one tag to push, or set push: false'
            : `is empty: the ${c.mode === 'leg' ? 'leg pushes to' : 'merge tags'} the repository of the first tag`,
    },
    {
        input: 'push',
        broken: (c) => c.mode === 'merge' && !c.push,
        message: 'is false but "merge" is true: a merge pushes the index it creates',
    },
    {
        input: 'push',
        broken: (c) => c.mode === 'leg' && !c.push,
        message: 'is false but "push-by-digest" is true: a leg pushes its platforms for the merge step',
    },
    {
        input: 'sources',
        broken: (c) => c.sources.length > 0 && c.mode !== 'merge',
        message: 'is set but "merge" is false: sources are the images a merge step combines',
    },
    {
        input: 'run-id',
        broken: (c) => joinsLegs(c) && c.run.id === '',
        message: 'is empty and no run is known (no GITHUB_RUN_ID, CI_PIPELINE_ID, BUILDKITE_BUILD_ID, CIRCLE_WORKFLOW_ID or BUILD_BUILDID): give the legs and the merge step of one pipeline run the same run-id, and each pipeline run its own',
    },
    {
        input: 'run-id',
        broken: (c) => joinsLegs(c) && !/^[\x21-\x7e]{1,200}$/.test(c.run.id),
        message: (c) => `is ${(0,errors/* quote */.hD)(c.run.id)}: up to 200 printable characters, no spaces`,
    },
    {
        input: 'push-by-digest',
        broken: (c) => c.mode === 'leg' && c.driver === 'docker',
        message: 'cannot be used with driver "docker", which cannot push by digest: use driver docker-container',
    },
    {
        input: 'merge-key',
        broken: (c) => joinsLegs(c) && !/^[A-Za-z0-9_.-]{1,60}$/.test(c.mergeKey),
        message: (c) => `is ${(0,errors/* quote */.hD)(c.mergeKey)}: up to 60 letters, digits, "_", "." and "-"`,
    },
    {
        input: 'cache-ref',
        broken: (c) => c.mode === 'leg' && c.cache && legCacheTag(c).length > 128,
        message: (c) => `gives this leg's cache the tag ${(0,errors/* quote */.hD)(legCacheTag(c))}, ${legCacheTag(c).length} characters where a tag has at most 128: shorten merge-key (or the first tag's tag), or give a shorter cache-ref`,
    },
    {
        input: 'test-command',
        broken: (c) => c.testCommand !== '' && (!c.push || c.mode === 'merge'),
        message: (c) => c.mode === 'merge'
            ? 'cannot be used with "merge": test in the legs, which push the images'
            : 'is set but "push" is false: the test runs in the pushed images before tags move',
    },
    {
        input: 'context',
        broken: (c) => c.context === '-' && c.mode !== 'merge',
        message: 'is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL',
    },
    {
        input: 'context',
        broken: (c, files) => contextOnDisk(c) && !files.isDirectory(c.context),
        message: (c) => `is ${(0,errors/* quote */.hD)(c.context)}: no such directory`,
    },
    {
        input: 'file',
        broken: (c, files) => contextOnDisk(c) && !files.isFile(dockerfileOf(c)),
        message: (c) => `is ${(0,errors/* quote */.hD)(dockerfileOf(c))}: no such file${c.file === '' ? ' (the default is Dockerfile in the context)' : ''}`,
    },
    {
        input: 'insecure-registries',
        broken: (c) => c.insecureRegistries.length > 0 && c.driver === 'remote',
        message: 'cannot be used with driver "remote": a remote daemon reads its own buildkitd.toml; mark the registries there (http = true)',
    },
    {
        input: 'insecure-registries',
        broken: (c) => c.insecureRegistries.length > 0 && c.builder !== '',
        message: 'cannot be used with "builder": configure that builder\'s buildkitd.toml',
    },
    {
        input: 'insecure-registries',
        broken: (c) => nonLoopback(c).length > 0 && c.driver === 'docker',
        message: (c) => `has ${nonLoopback(c).join(', ')}, but driver "docker" pushes through the daemon: list them in the daemon's "insecure-registries" (daemon.json)`,
    },
    {
        input: 'insecure-registries',
        broken: (c, files) => configuredTwice(c, files) !== undefined,
        message: (c, files) => {
            const host = configuredTwice(c, files);
            return `has ${host}, which the buildkitd config already has a [registry."${host}"] section for: put http = true there, or drop it from one of them`;
        },
    },
    {
        input: 'registry-mirror',
        broken: (c, files) => c.registryMirror !== '' && (0,mirror/* hasHubMirrors */.Uy)(userBuildkitdConfig(c, files)),
        message: (c) => `is ${(0,errors/* quote */.hD)(c.registryMirror)}, but the buildkitd config already has mirrors for [registry."docker.io"]: give the mirror in one of them`,
    },
    {
        input: 'buildx-version',
        broken: (c) => c.buildxVersion !== '' && c.buildxVersion !== 'latest' && semver_default().lt(c.buildxVersion, MIN_BUILDX),
        message: (c) => `is ${(0,errors/* quote */.hD)(c.buildxVersion)}: the action needs buildx ${MIN_BUILDX} or newer`,
    },
    {
        input: 'reproducible',
        broken: (c) => c.reproducible && c.mode === 'merge',
        message: '(or source-date-epoch) cannot be used with "merge", which builds nothing: give it to the legs',
    },
    {
        input: 'reproducible',
        broken: (c) => c.reproducible && c.sourceDateEpoch === '' && c.mode !== 'merge' && !contextOnDisk(c),
        message: (c) => `is true but the context ${(0,errors/* quote */.hD)(c.context)} is a URL, with no checkout to read the commit time from: give source-date-epoch`,
    },
    {
        input: 'build-args',
        broken: (c) => c.reproducible && c.buildArgs.some((arg) => arg.startsWith('SOURCE_DATE_EPOCH=')),
        message: 'has SOURCE_DATE_EPOCH, which reproducible sets: give the value as source-date-epoch instead',
    },
    {
        input: 'driver-opts',
        broken: (c) => c.reproducible && oldBuildkitImage(c) !== undefined,
        message: (c) => `has a BuildKit ${oldBuildkitImage(c)} image, but reproducible builds need BuildKit ${MIN_BUILDKIT} or newer (the image exporter's rewrite-timestamp)`,
    },
];
const classicDockerDriver = (c, docker) => c.driver === 'docker' && !docker.containerdStore;
const installedTooOld = (docker) => {
    const installed = semver_default().coerce(docker.buildxVersion);
    return installed !== null && semver_default().lt(installed, MIN_BUILDX);
};
/** The rules on the buildx the action runs: present and recent enough. */
const BUILDX_RULES = [
    {
        input: 'buildx-version',
        broken: (c, docker) => c.buildxVersion === '' && docker.buildxVersion === undefined,
        message: 'is empty and the docker buildx plugin is not installed: install docker-buildx, or set buildx-version to download a release',
    },
    {
        input: 'buildx-version',
        broken: (c, docker) => c.buildxVersion === '' && installedTooOld(docker),
        message: (_, docker) => `is empty and the installed buildx is ${docker.buildxVersion}, older than ${MIN_BUILDX}: upgrade docker-buildx, or set buildx-version to download a release`,
    },
];
/** The rules on the daemon: several platforms only where the image store can hold a multi-platform image. */
const DAEMON_RULES = [
    {
        input: 'platforms',
        broken: (c, docker) => classicDockerDriver(c, docker) && c.platforms.length > 1,
        message: (c) => `has ${c.platforms.length} platforms (${c.platforms.join(',')}), but driver "docker" on the classic image store builds one platform: use driver docker-container, or enable the containerd image store`,
    },
    {
        input: 'cache-to',
        broken: (c, docker) => classicDockerDriver(c, docker) && c.cacheTo.length > 0,
        message: 'is set, but driver "docker" on the classic image store cannot export a cache: use driver docker-container, or enable the containerd image store',
    },
    {
        input: 'reproducible',
        broken: (c, docker) => classicDockerDriver(c, docker) && c.reproducible,
        message: '(or source-date-epoch) is set, but driver "docker" on the classic image store cannot load the reproducible OCI export: use driver docker-container, or enable the containerd image store',
    },
    {
        input: 'load',
        broken: (c, docker) => c.load && c.platforms.length > 1 && !docker.containerdStore,
        message: (c) => `is true with ${c.platforms.length} platforms (${c.platforms.join(',')}), but the Docker daemon uses the classic image store, which cannot hold a multi-platform image: load one platform, or enable the containerd image store ("features": {"containerd-snapshotter": true})`,
    },
];

// EXTERNAL MODULE: ./src/config/runner.ts
var config_runner = __webpack_require__(6998);
;// CONCATENATED MODULE: ./src/config/parse.ts
// Every input, parsed and checked before anything runs: one parser per section returns its typed part, then the
// rules between inputs (rules.ts) are checked against the whole. A section refuses a combination of its own
// inputs only where its part could not hold it (a user without a password, a leg that is also the merge).












const SECTION_INPUTS = [
    QEMU_INPUTS,
    BUILDER_INPUTS,
    LOGIN_INPUTS,
    MERGE_INPUTS,
    BUILD_INPUTS,
    CACHE_INPUTS,
    OPTION_INPUTS,
    REPRODUCIBLE_INPUTS,
    MIRROR_INPUTS,
];
/** Every input the action reads; action.yml declares the same ones (a unit test keeps them equal). */
const INPUT_NAMES = SECTION_INPUTS.flatMap((section) => Object.keys(section));
/**
 * The inputs that have a default. action.yml declares the same ones (a unit test keeps them equal), except
 * platforms: a merge of sources takes what the sources hold unless platforms is given, so the runner must not
 * fill it in.
 */
const DEFAULTS = Object.freeze(Object.fromEntries(SECTION_INPUTS.flatMap((section) => Object.entries(section)).filter(([, fallback]) => fallback !== '')));
const realFileSystem = {
    isDirectory: (p) => external_node_fs_.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
    isFile: (p) => external_node_fs_.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
    readText: (p) => external_node_fs_.readFileSync(p, 'utf8'),
    exists: (p) => external_node_fs_.existsSync(p),
};
/** Checks the runner, then every input, and returns the configuration. Throws an InputError for the first bad input. */
function parseConfig(raw, ctx) {
    const runner = (0,config_runner/* runnerOsProblem */.U)(ctx.env ?? {});
    if (runner)
        throw new Error(runner);
    const builder = parseBuilder(raw, ctx.parseYaml);
    const qemu = parseQemu(raw);
    const logins = parseLogins(raw, ctx.parseYaml);
    const mergeSection = parseMerge(raw, ctx.run);
    const build = parseBuild(raw, mergeSection);
    const merge = withTagVariant(mergeSection, build.tags);
    const cache = parseCache(raw, build, merge);
    const { files } = ctx;
    const local = {
        exists: (p) => files.exists?.(p) ?? (files.isFile(p) || files.isDirectory(p)),
        isDirectory: (p) => files.isDirectory(p),
        env: ctx.env ?? {},
    };
    const readText = (p) => (files.readText ?? ((f) => external_node_fs_.readFileSync(f, 'utf8')))(p);
    const options = parseOptions(raw, { local, isFile: (p) => files.isFile(p), readText, builder, build, merge });
    const reproducible = parseReproducible(raw);
    const config = Object.freeze({
        ...qemu,
        ...builder,
        ...logins,
        ...merge,
        ...build,
        push: pushes(build.push, options.call),
        ...cache,
        ...options,
        ...reproducible,
        ...parseMirror(raw),
    });
    enforceRules(INPUT_RULES, config, ctx.files);
    return config;
}
/** The checks that need a fact of the Docker installation (read-only), before anything runs: buildx's, then the daemon's. */
function checkAgainstDocker(config, docker) {
    enforceRules(BUILDX_RULES, config, docker);
    enforceRules(DAEMON_RULES, config, docker);
}

;// CONCATENATED MODULE: ./src/config/index.ts
// The configuration module: the one place inputs are read (readConfig), and what the rest of the action imports.








/** Reads every input from the runner; secrets are masked before anything can log them. */
async function readConfig() {
    const raw = {};
    for (const name of INPUT_NAMES)
        raw[name] = core/* getInput */.V4(name);
    // a secret's value is taken as written, spaces and final newline included, as build-push-action takes it
    raw.secrets = core/* getInput */.V4('secrets', { trimWhitespace: false });
    if (raw.password)
        core/* setSecret */.Pq(raw.password);
    if (raw['github-token'])
        core/* setSecret */.Pq(raw['github-token']);
    for (const part of secretTextsToMask(raw.secrets))
        core/* setSecret */.Pq(part);
    for (const password of proxyPasswords(process.env))
        core/* setSecret */.Pq(password);
    // registry-auth and append are rare: the YAML parser loads only when one is given. Every scalar stays a string
    // (failsafe schema): a password like 0123 or 1e3 must not turn into a number
    const yaml = raw['registry-auth']?.trim() || raw.append?.trim() ? await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19)) : undefined;
    const parseYaml = yaml ? (text) => yaml.parse(text, { schema: 'failsafe' }) : undefined;
    const config = parseConfig(raw, { files: realFileSystem, run: workflowRun(process.env), parseYaml, env: process.env });
    for (const credentials of config.logins)
        core/* setSecret */.Pq(credentials.password);
    for (const { variable } of config.secretEnvs)
        for (const part of maskedParts(process.env[variable] ?? ''))
            core/* setSecret */.Pq(part);
    for (const warning of config.warnings)
        core/* warning */.$e(warning);
    return config;
}

// EXTERNAL MODULE: ./src/core/exec.ts
var core_exec = __webpack_require__(2642);
// EXTERNAL MODULE: ./src/docker/facts.ts
var facts = __webpack_require__(8923);
// EXTERNAL MODULE: ./src/core/retry.ts
var core_retry = __webpack_require__(7253);
;// CONCATENATED MODULE: ./src/image/oci.ts
// The media types and shapes of the manifests the action reads and writes: one home, so that a new one is added once.
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const INDEX_MEDIA_TYPES = [OCI_INDEX, DOCKER_MANIFEST_LIST];
/** The Accept header of a read that takes whatever a tag or digest holds. */
const ACCEPT_ANY_MANIFEST = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');

;// CONCATENATED MODULE: ./src/image/digests.ts



function parseMetadata(json) {
    const metadata = JSON.parse(json);
    const text = (key) => (typeof metadata[key] === 'string' ? metadata[key] : undefined);
    return { digest: text('containerimage.digest'), configDigest: text('containerimage.config.digest') };
}
/**
 * The metadata with `image.name` naming the tags the image now has, as buildx names an image it pushed under
 * them ("app:1,app:latest"): a build that pushed by digest, or under the docker driver's fixed tag, names that.
 */
function namedByTags(json, tags) {
    const metadata = JSON.parse(json);
    return JSON.stringify({ ...metadata, 'image.name': tags.join(',') }, null, 2);
}
function isIndex(manifest) {
    return manifest.manifests !== undefined || INDEX_MEDIA_TYPES.includes(manifest.mediaType ?? '');
}
/** An index entry that is an image (not an attestation manifest, which buildx files under unknown/unknown). */
function isImageEntry(entry) {
    return entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && entry.platform?.os !== 'unknown';
}
/**
 * `{platform: digest}` for every image in a pushed manifest. An index lists them; a plain manifest (one
 * platform, no attestations) is the image itself, so it stands for the one platform that was built.
 */
function platformDigests(raw, requested, digest = digestOf(raw)) {
    const manifest = JSON.parse(raw);
    if (!isIndex(manifest)) {
        if (requested.length !== 1)
            throw new Error(`the registry holds a single image where ${requested.length} platforms were built`);
        return { [requested[0]]: digest };
    }
    const digests = {};
    for (const entry of manifest.manifests ?? []) {
        if (!isImageEntry(entry) || !entry.platform)
            continue;
        const platform = (0,image_platforms/* platformOfDescriptor */.KZ)(entry.platform);
        if (digests[platform] !== undefined)
            throw new Error(`the index lists ${platform} twice`);
        digests[platform] = entry.digest;
    }
    return digests;
}
/** The requested platforms an index does not hold, and the platforms it holds that were not requested. */
function platformMismatch(digests, requested) {
    const held = Object.keys(digests);
    return { missing: requested.filter((p) => !held.includes(p)), extra: held.filter((p) => !requested.includes(p)) };
}
function digestOf(raw) {
    return `sha256:${external_node_crypto_.createHash('sha256').update(raw).digest('hex')}`;
}
function parseInspect(json) {
    const inspected = JSON.parse(json);
    const image = inspected.image ?? {};
    const single = typeof image.architecture === 'string';
    const configs = {};
    if (single)
        configs[''] = image;
    else
        for (const [platform, config] of Object.entries(image))
            configs[(0,image_platforms/* platformOfDescriptor */.KZ)(parsePlatformKey(platform))] = config;
    return { manifestJson: JSON.stringify(inspected.manifest), configs };
}
function parsePlatformKey(key) {
    const [os, architecture, variant] = key.split('/');
    return { os, architecture, variant };
}
/** The platforms whose image config does not describe the platform its index entry claims. */
function configMismatches(pushed, digests) {
    const mismatches = [];
    for (const platform of Object.keys(digests)) {
        const config = pushed.configs[platform] ?? pushed.configs[''];
        const actual = config ? (0,image_platforms/* platformOfDescriptor */.KZ)(config) : 'no config';
        if (actual !== platform)
            mismatches.push(`${platform} (its image config says ${actual})`);
    }
    return mismatches;
}
/** Throws, naming the platform, unless the index holds exactly the requested platforms, each with a matching config. */
function verifyPushed(pushed, digests, requested, digest) {
    // a build of one platform without attestations pushes a manifest, not an index
    const index = isIndex(JSON.parse(pushed.manifestJson));
    const what = index ? `the pushed index ${digest}` : `the pushed image ${digest}`;
    const { missing, extra } = platformMismatch(digests, requested);
    if (missing.length > 0 || extra.length > 0) {
        throw new Error(`${what} does not hold the requested platforms (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'})`);
    }
    const mismatches = configMismatches(pushed, digests);
    if (mismatches.length > 0)
        throw new Error(`${what} ${index ? 'lists an image under the wrong platform' : 'is of another platform'}: ${mismatches.join('; ')}`);
}

// EXTERNAL MODULE: ./src/core/network-failure.ts
var network_failure = __webpack_require__(7722);
// EXTERNAL MODULE: ./src/registry/auth.ts
var auth = __webpack_require__(7481);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/registry/connection.ts
// How the registry client's requests reach a registry: directly, or through the proxy the environment names (as
// the docker CLI and buildx would, see proxy.ts), with certificate checks off only for a registry named insecure.






/** A registry that stops answering is given up on (and buildx asked instead) long before undici's 5 minutes. */
const TIMEOUT_MS = 20_000;
/**
 * The dispatcher fetch needs for `url`: a proxy's, or one that accepts any certificate; undefined for fetch's own.
 * undici is loaded only then: it is big, and most runs need neither.
 */
async function dispatcherFor(url, acceptAnyCertificate, env = process.env) {
    const proxy = proxyFor(url, env);
    if (!proxy && !acceptAnyCertificate)
        return undefined;
    const { Agent, ProxyAgent } = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    const certificates = acceptAnyCertificate ? { rejectUnauthorized: false } : undefined;
    // https goes through a CONNECT tunnel, TLS end to end (the proxy sees the host, never the requests or the
    // credentials in them); plain http is forwarded, as Go does (proxies commonly allow CONNECT to port 443 only)
    return proxy
        ? new ProxyAgent({ uri: proxy, requestTls: certificates, proxyTunnel: url.protocol === 'https:' })
        : new Agent({ connect: certificates });
}
/**
 * Whether the registry at host:port completes a TLS handshake (any certificate); false when it speaks plain HTTP.
 * Through the environment's proxy when it names one for the registry, as the requests that follow will go.
 */
async function speaksTls(host, env = process.env) {
    const url = new URL(`https://${host}`);
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port || 443);
    const proxy = proxyFor(url, env);
    const socket = proxy ? await tunnel(new URL(proxy), hostname, port) : undefined;
    return new Promise((resolve, reject) => {
        const servername = external_node_net_.isIP(hostname) ? undefined : hostname;
        const connection = external_node_tls_.connect({
            ...(socket ? { socket } : { host: hostname, port }),
            servername,
            rejectUnauthorized: false,
            timeout: TIMEOUT_MS,
        });
        connection.once('secureConnect', () => {
            connection.destroy();
            resolve(true);
        });
        connection.once('timeout', () => connection.destroy(new Error(`no TLS handshake with ${host} within ${TIMEOUT_MS / 1000}s`)));
        // a plain-HTTP server answers the ClientHello with an HTTP error, which OpenSSL reads as a bad record
        connection.once('error', (error) => (error.code?.startsWith('ERR_SSL_') ? resolve(false) : reject(error)));
    });
}
/** A connection to host:port through the proxy's CONNECT tunnel. Errors name the target, never the proxy's credentials. */
function tunnel(proxy, host, port) {
    const target = `${external_node_net_.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const headers = { Host: target };
    if (proxy.username)
        headers['Proxy-Authorization'] = (0,auth/* basicAuthorization */.aR)({
            username: decodeURIComponent(proxy.username),
            password: decodeURIComponent(proxy.password),
        });
    const client = proxy.protocol === 'https:' ? external_node_https_ : external_node_http_;
    return new Promise((resolve, reject) => {
        const request = client.request({
            host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
            port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
            method: 'CONNECT',
            path: target,
            headers,
            timeout: TIMEOUT_MS,
        });
        request.once('connect', (response, socket) => {
            if (response.statusCode === 200)
                return resolve(socket);
            socket.destroy();
            reject(new Error(`the proxy answered ${response.statusCode} to a tunnel to ${target}`));
        });
        request.once('timeout', () => request.destroy(new Error(`the proxy opened no tunnel to ${target} within ${TIMEOUT_MS / 1000}s`)));
        request.once('error', reject);
        request.end();
    });
}

;// CONCATENATED MODULE: ./src/registry/client.ts
// The registry's HTTP API for one repository (RegistryClient): reads without a process per read, and what the docker
// CLI cannot do at all, writing and deleting the legs' records and deleting merged legs' indexes.








function manifestRef(repository, digest) {
    const { registry, path } = (0,reference/* locationOf */.hD)((0,reference/* parseReference */.F2)(repository));
    return { registry, repository: path, digest };
}
/** The API host of a registry: Docker Hub's API lives elsewhere than its name. */
function apiHost(registry) {
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
class RegistryClient {
    ref;
    login;
    insecureRegistries;
    token;
    /** The scope the held token was asked for. */
    tokenScope;
    /** Tokens being fetched, by scope: reads that meet an expired token at once share one new token. */
    tokensInFlight = new Map();
    basic = false;
    /** The registry's last Bearer challenge (realm, service), for asking a wider token before a write. */
    challenge;
    origin;
    /** Token services on another host than the registry, and how each is reached. */
    tokenDispatchers = new Map();
    credentials;
    insecure;
    constructor(ref, login, insecureRegistries) {
        this.ref = ref;
        this.login = login;
        this.insecureRegistries = insecureRegistries;
        this.insecure = isLoopback(ref.registry) || insecureRegistries.includes(ref.registry);
    }
    base() {
        const host = apiHost(this.ref.registry);
        this.origin ??= (async () => {
            const secure = !this.insecure || (await speaksTls(host));
            const url = `${secure ? 'https' : 'http'}://${host}`;
            return { url, dispatcher: await dispatcherFor(new URL(url), this.insecure && secure) };
        })().catch((error) => {
            // a registry not up yet when warm() asked is asked again by the read
            this.origin = undefined;
            throw error.code ? (0,network_failure/* networkError */.x6)(`reaching ${host}`, error) : error;
        });
        return this.origin;
    }
    userCredentials() {
        this.credentials ??= this.login ? Promise.resolve(this.login) : (0,auth/* dockerConfigCredentials */.D)(this.ref.registry);
        return this.credentials;
    }
    /** Secrets go over HTTPS, to loopback, or to a registry the user named insecure; never elsewhere in clear text. */
    mayCarrySecrets(url) {
        return url.protocol === 'https:' || isLoopback(url.host) || this.insecureRegistries.includes(url.host);
    }
    async send(method, url, headers, dispatcher, payload) {
        let authorization;
        if (this.token)
            authorization = `Bearer ${this.token}`;
        else if (this.basic) {
            const credentials = await this.userCredentials();
            if (credentials)
                authorization = (0,auth/* basicAuthorization */.aR)(credentials);
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
    async authenticate(response, method, sentWith) {
        const header = response.headers.get('www-authenticate') ?? '';
        const scope = this.scopeFor(method);
        if ((0,auth/* tokenUrl */.vQ)(header, scope)) {
            this.challenge = header;
            // another request met the same refusal and has already brought a new token for this scope
            if (this.token !== sentWith && this.tokenScope === scope)
                return true;
            await this.bearer(header, scope);
            return true;
        }
        if (this.basic || !(0,auth/* parseChallenges */.uV)(header).some((challenge) => challenge.scheme === 'basic'))
            return false;
        const credentials = await this.userCredentials();
        // an identity token is for a token service only
        if (!credentials || credentials.identityToken)
            return false;
        if (!this.mayCarrySecrets(new URL((await this.base()).url)))
            return false;
        this.basic = true;
        return true;
    }
    scopeFor(method) {
        return `repository:${this.ref.repository}:${SCOPE_ACTIONS[method]}`;
    }
    /** A token for `scope` from the challenge's token service; requests that need the same scope at once share it. */
    async bearer(challenge, scope) {
        let fetching = this.tokensInFlight.get(scope);
        if (!fetching) {
            fetching = this.fetchToken(new URL((0,auth/* tokenUrl */.vQ)(challenge, scope))).finally(() => this.tokensInFlight.delete(scope));
            this.tokensInFlight.set(scope, fetching);
        }
        this.token = await fetching;
        this.tokenScope = scope;
    }
    async fetchToken(url) {
        const credentials = await this.userCredentials();
        if (credentials && !this.mayCarrySecrets(url)) {
            throw new Error(`the registry's token service ${url.origin} is plain HTTP: not sending the ${this.ref.registry} credentials there`);
        }
        const base = await this.base();
        if (url.origin !== base.url && !this.tokenDispatchers.has(url.origin))
            this.tokenDispatchers.set(url.origin, dispatcherFor(url, false));
        const dispatcher = url.origin === base.url ? base.dispatcher : await this.tokenDispatchers.get(url.origin);
        const tokenResponse = await fetchWhole(`token request to ${url.host}`, url.href, {
            ...(0,auth/* tokenRequestInit */.Bi)(url, credentials),
            signal: AbortSignal.timeout(TIMEOUT_MS),
            dispatcher,
        });
        // its status decides a retry: a token service answering 503 is a hiccup, a 401 is the wrong password
        if (!tokenResponse.ok)
            throw new errors/* RegistryError */.gl(`token request to ${url.host}`, tokenResponse.status, `${tokenResponse.status} ${tokenResponse.statusText}`.trim());
        const body = (await tokenResponse.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new Error(`token request to ${url.host} answered without a token`);
        return token;
    }
    async request(method, path, headers = {}, payload) {
        const { url, dispatcher } = await this.base();
        const target = `${url}/v2/${this.ref.repository}${path}`;
        // a write or delete asks for the token it needs up front, where the challenge is known: a registry answering
        // a push with a pull token by 403 rather than 401 would otherwise never be asked again
        if (method !== 'GET' && this.token && this.challenge && this.tokenScope !== this.scopeFor(method))
            await this.bearer(this.challenge, this.scopeFor(method));
        const sentWith = this.token;
        const response = await this.send(method, target, headers, dispatcher, payload);
        // a 401 while holding a token: expired, or allowing less than this request needs (a pull token, then a PUT)
        if (response.status !== 401 || !(await this.authenticate(response, method, sentWith)))
            return response;
        return this.send(method, target, headers, dispatcher, payload);
    }
    /** Opens the connection and fetches the pull token, so that the reads after the push start at once. */
    async warm() {
        const response = await this.request('GET', '/tags/list?n=1');
        await response.arrayBuffer();
    }
    /** warm() in the background, while a build runs: what it fails of is the reads' to meet and report, not its own. */
    warmUp() {
        this.warm().catch(() => undefined);
    }
    /**
     * Deletes a manifest by digest (and so every tag on it). Returns why it could not (Docker Hub, GHCR and
     * Distribution with deletes disabled answer 405), or undefined when it did or it was not there.
     */
    async deleteManifest(digest) {
        const response = await this.request('DELETE', `/manifests/${digest}`);
        if (response.status === 202 || response.status === 200 || response.status === 404)
            return undefined;
        return `${response.status} ${response.statusText}`.trim();
    }
    /**
     * Points `tag` at a manifest by PUTting its exact bytes, which the registry stores under their digest: the tag
     * then holds that digest, and no other. Throws the registry's own reason when it refuses.
     */
    async putManifest(tag, bytes, mediaType) {
        const response = await this.request('PUT', `/manifests/${tag}`, { 'Content-Type': mediaType }, bytes);
        if (!response.ok)
            throw new errors/* RegistryError */.gl(`PUT manifest ${tag}`, response.status, await registryReason(response));
        const stored = response.headers.get('docker-content-digest');
        if (stored && stored !== digestOf(bytes))
            throw new Error(`the registry stored ${tag} as ${stored}, not ${digestOf(bytes)}`);
    }
    /** The bytes of a manifest fetched by digest, checked against the digest. */
    manifest(digest) {
        return this.byDigest('manifest', digest, { Accept: ACCEPT_ANY_MANIFEST });
    }
    blob(digest) {
        return this.byDigest('blob', digest);
    }
    /** The digest a tag of this repository points at now. */
    async taggedDigest(tag) {
        const response = await this.request('GET', `/manifests/${tag}`, { Accept: ACCEPT_ANY_MANIFEST });
        if (!response.ok)
            throw new errors/* RegistryError */.gl(`GET manifest ${tag}`, response.status, `${response.status} ${response.statusText}`.trim());
        return digestOf(Buffer.from(await response.arrayBuffer()));
    }
    async byDigest(kind, digest, headers = {}) {
        const response = await this.request('GET', `/${kind}s/${digest}`, headers);
        if (!response.ok)
            throw new errors/* RegistryError */.gl(`GET ${kind} ${digest}`, response.status, `${response.status} ${response.statusText}`.trim());
        const bytes = Buffer.from(await response.arrayBuffer());
        const actual = digestOf(bytes);
        if (actual !== digest)
            throw new Error(`the registry served ${kind === 'blob' ? 'blob ' : ''}${digest} with digest ${actual}`);
        return bytes.toString('utf8');
    }
}
/** The registry's own words from an error response: its `errors[].code/message/detail`, else the status line. */
async function registryReason(response) {
    const text = await response.text().catch(() => '');
    try {
        const errors = JSON.parse(text).errors ?? [];
        const said = errors
            .map((e) => [e.code, e.message, e.detail === undefined ? '' : JSON.stringify(e.detail)].filter(Boolean).join(' '))
            .join('; ');
        return `${response.status} ${said || response.statusText}`.trim();
    }
    catch {
        return `${response.status} ${response.statusText}`.trim();
    }
}
/**
 * A fetch whose body is read before it returns: a connection cut off before or during the answer becomes one
 * NetworkError naming the socket's reason, and the caller holds a complete answer.
 */
async function fetchWhole(doing, url, init) {
    try {
        const response = await fetch(url, init);
        const body = await response.arrayBuffer();
        const empty = [204, 205, 304].includes(response.status);
        return new Response(empty ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    catch (error) {
        throw (0,network_failure/* networkError */.x6)(doing, error);
    }
}
/** What a token must allow for each method (a PUT records a leg, a DELETE removes merged legs' records). */
const SCOPE_ACTIONS = { GET: 'pull', DELETE: 'delete,pull', PUT: 'pull,push' };
/** A client for a repository with the login for its registry, if the action has one (else what `docker login` left). */
function registryClient(repository, logins, insecure) {
    const ref = manifestRef(repository, '');
    return new RegistryClient(ref, logins.find((login) => login.registry === ref.registry), insecure);
}

;// CONCATENATED MODULE: ./src/build/reproducible.ts
// Reproducible builds (issue 19): the epoch the build gets, the BuildKit it needs, and what the tags held before,
// so that the summary can say whether the same source gave the same platform images.










/** Why these nodes cannot build reproducibly, or undefined. */
function nodesProblem(nodes) {
    const old = nodes.filter((node) => buildkitTooOld(node.buildkit));
    if (old.length === 0)
        return undefined;
    const which = old.map((node) => `${node.name} runs BuildKit ${node.buildkit}`).join(', ');
    return `reproducible builds need BuildKit ${MIN_BUILDKIT} or newer (the image exporter's rewrite-timestamp), but ${which}: use a newer BuildKit image (driver-opts image=moby/buildkit:…)`;
}
/** The commit time `git log -1 --format=%ct` printed: whole seconds. */
function parseCommitTime(stdout, context) {
    const epoch = stdout.trim();
    if (!/^\d+$/.test(epoch))
        throw new Error(`reading the commit time of ${context}: git log printed ${JSON.stringify(epoch)}`);
    return epoch;
}
/** The config with its epoch: the one given, else the commit time of the checkout the context is in. */
async function withSourceDateEpoch(exec, config) {
    if (!config.reproducible || config.sourceDateEpoch !== '')
        return config;
    const doing = `reading the commit time of the context ${config.context} (reproducible: true; give source-date-epoch where the context is no Git checkout)`;
    const result = await (0,core_exec/* runOrThrow */.nf)(exec, doing, 'git', ['-C', config.context, 'log', '-1', '--format=%ct'], { silent: true });
    const epoch = parseCommitTime(result.stdout, config.context);
    core/* info */.pq(`SOURCE_DATE_EPOCH=${epoch}: the commit time of the checkout of ${config.context} (${new Date(Number(epoch) * 1000).toISOString()})`);
    return { ...config, sourceDateEpoch: epoch };
}
/**
 * The platform images each tag held before the step, read from the registry before the build pushes. A tag that
 * cannot be read is left unknown (a summary line is not worth failing a build for).
 */
async function heldBefore(config) {
    const tags = config.mode === 'leg' ? [] : config.tags;
    const entries = await Promise.all(tags.map(async (tag) => {
        try {
            const client = registryClient((0,reference/* repositoryOf */._M)(tag), config.logins, config.insecureRegistries);
            const response = await client.request('GET', `/manifests/${(0,reference/* parseReference */.F2)(tag).tag ?? 'latest'}`, { Accept: ACCEPT_ANY_MANIFEST });
            const body = await response.text();
            if (response.status === 404)
                return [tag, null];
            if (!response.ok)
                throw new Error(`${response.status} ${response.statusText}`);
            return [tag, heldDigests(body, config.platforms)];
        }
        catch (error) {
            core/* debug */.Yz(`reading what ${tag} held before the build: ${error.message}`);
            return [tag, undefined];
        }
    }));
    return Object.fromEntries(entries);
}
/** The platform images a tag's manifest lists; a single image counts as the one platform built, if one was. */
function heldDigests(body, platforms) {
    if (isIndex(JSON.parse(body)) || platforms.length === 1)
        return platformDigests(body, platforms);
    return {};
}
/**
 * The summary's line on what the tags held before: the same platform images, which changed, or nothing there.
 * Tags that held the same thing share a line.
 */
function comparedLines(before, after) {
    const lines = new Map();
    for (const [tag, held] of Object.entries(before)) {
        const line = comparedLine(held, after);
        lines.set(line, [...(lines.get(line) ?? []), tag]);
    }
    return [...lines].map(([line, tags]) => line.replace('{tags}', tags.map((t) => `\`${t}\``).join(', ')));
}
function comparedLine(held, after) {
    if (held === undefined)
        return 'What {tags} held before this step could not be read.';
    if (held === null)
        return '{tags} held nothing before this step.';
    const platforms = Object.keys(after);
    const changed = platforms.filter((p) => held[p] !== after[p]);
    if (changed.length === 0)
        return `Every platform image equals what {tags} held before this step (${platforms.length} of ${platforms.length}).`;
    const same = platforms.filter((p) => !changed.includes(p));
    return `Changed from what {tags} held before this step: ${changed.join(', ')}${same.length > 0 ? `; unchanged: ${same.join(', ')}` : ''}.`;
}
/**
 * Before the build: the nodes' BuildKit checked (those known: a builder started first), the epoch read and the
 * tags' platform images read, side by side. Nothing at all when the build is not reproducible.
 */
async function startReproducible(exec, config, nodes) {
    if (!config.reproducible)
        return { config };
    const problem = nodesProblem(nodes);
    if (problem)
        throw new Error(problem);
    const [withEpoch, before] = await Promise.all([withSourceDateEpoch(exec, config), config.push ? heldBefore(config) : undefined]);
    return { config: withEpoch, heldBefore: before };
}
/**
 * The docker driver's image exporter refuses rewrite-timestamp where it stores the image ("conflicts with unpack",
 * moby/buildkit#4230): a reproducible build there exports an OCI archive with the rewrite, loads it into the daemon
 * and pushes it, which keeps its digests.
 */
function exportsOciArchive(config) {
    return config.reproducible && config.driver === 'docker' && config.builder === '';
}
/** Where that OCI archive goes: beside the build's metadata file, in the step's temporary directory. */
function ociArchive(metadataFile) {
    return external_node_path_.join(external_node_path_.dirname(metadataFile), 'image-oci.tar');
}
/** Loads the archive into the daemon, then pushes each tag from there (a registry hiccup retries the push). */
async function loadAndPush(exec, archive, tags) {
    await (0,core_exec/* runOrThrow */.nf)(exec, `loading the reproducible image ${archive} into the Docker daemon`, 'docker', ['load', '--input', archive]);
    for (const tag of tags) {
        await (0,core_retry/* withRetry */.bD)(`pushing ${tag}`, core_retry/* REGISTRY_RETRY */.dv, () => (0,core_exec/* runOrThrow */.nf)(exec, `pushing ${tag}`, 'docker', ['push', tag]));
    }
    external_node_fs_.rmSync(archive, { force: true });
}

;// CONCATENATED MODULE: ./src/build/command.ts
// The `docker buildx build` argv: what the config asks of the build, where it pushes, and its cache.




const ECR = /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$|^public\.ecr\.aws$/;
/**
 * The registry cache: from and to `cache-ref` with mode=max by default, raw `cache-from`/`cache-to` replacing
 * their half. The default export never fails a good build (ignore-error), and is written only when pushing.
 */
function cacheFlags(config, canExport = true) {
    const useDefault = config.cache && config.cacheRef !== '';
    const ref = config.cacheRef;
    const from = config.cacheFrom.length > 0 ? config.cacheFrom : useDefault ? [`type=registry,ref=${ref}`] : [];
    const to = config.cacheTo.length > 0 ? config.cacheTo : useDefault && config.push && canExport ? [defaultCacheTo(ref)] : [];
    return { from, to };
}
function defaultCacheTo(ref) {
    // ECR refuses the cache's own manifest type; an image manifest with OCI media types it stores (buildkit#3687)
    const ecr = ECR.test((0,reference/* registryOf */.Fv)(ref)) ? ',image-manifest=true,oci-mediatypes=true' : '';
    return `type=registry,ref=${ref},mode=max,ignore-error=true${ecr}`;
}
function secretEnvName(index) {
    return `BUILDX_MULTIARCH_SECRET_${index}`;
}
/**
 * Where a build of the config pushes. A leg pushes by digest and tags nothing: the merge step owns the tags, and
 * finds the leg by its record (legs/records.ts).
 */
function pushPlan(config) {
    if (!config.push)
        return { buildTags: config.tags, tagAfter: [] };
    if (config.mode === 'leg')
        return { ...pushedByDigest(config), tagAfter: [] };
    // the docker driver cannot push by digest: it pushes under one fixed tag per repository, which never holds
    // anything but the image being verified (a registry that refuses DELETE keeps it, a single tag, not one per run)
    if (pushesUnderTags(config))
        return { buildTags: [untestedTag(config.tags[0])], tagAfter: config.tags };
    return pushedByDigest(config);
}
/** The docker driver's own builder: its exporter pushes only under a tag, and stores every image it builds in the daemon. */
function pushesUnderTags(config) {
    return config.driver === 'docker' && config.builder === '';
}
/** By digest to the first tag's repository, the tags set once what was pushed is verified (and tested). */
function pushedByDigest(config) {
    return { buildTags: [], byDigestTo: (0,reference/* repositoryOf */._M)(config.tags[0]), tagAfter: config.tags };
}
/** Where the docker driver pushes an image that is yet to be verified (and tested). */
function untestedTag(tag) {
    return `${(0,reference/* repositoryOf */._M)(tag)}:buildx-multiarch-untested`;
}
/** `canExportCache` is false for the docker driver on the classic image store, which cannot export a cache. */
function buildCommand(config, builder, metadataFile, canExportCache = true, plan = pushPlan(config)) {
    const args = ['buildx', 'build', '--builder', builder, '--platform', config.platforms.join(',')];
    // the build checks' warnings, with their Dockerfile lines, in the metadata file: they become annotations
    const env = { BUILDX_METADATA_WARNINGS: '1' };
    if (config.file !== '')
        args.push('--file', config.file);
    for (const tag of plan.buildTags)
        args.push('--tag', tag);
    for (const label of config.labels)
        args.push('--label', label);
    for (const annotation of config.annotations)
        args.push('--annotation', annotation);
    for (const buildArg of config.buildArgs)
        args.push('--build-arg', buildArg);
    if (config.reproducible)
        args.push('--build-arg', `SOURCE_DATE_EPOCH=${config.sourceDateEpoch}`);
    if (config.target !== '')
        args.push('--target', config.target);
    args.push(...secretArgs(config, env), ...runArgs(config));
    const cache = cacheFlags(config, canExportCache);
    for (const from of cache.from)
        args.push('--cache-from', from);
    for (const to of cache.to)
        args.push('--cache-to', to);
    args.push(...attestArgs(config, canExportCache));
    if (config.noCache)
        args.push('--no-cache');
    if (config.pull)
        args.push('--pull');
    // the layers' file times and the image's created time become SOURCE_DATE_EPOCH only where the exporter rewrites them
    const rewrite = config.reproducible ? ',rewrite-timestamp=true' : '';
    if (exportsOciArchive(config))
        args.push('--output', `type=oci,dest=${ociArchive(metadataFile)}${rewrite}`);
    else
        args.push(...loadArgs(config, plan, rewrite), ...pushArgs(config, plan, rewrite));
    for (const output of config.outputs)
        args.push('--output', output);
    args.push('--metadata-file', metadataFile, config.context);
    return { args, env };
}
function pushArgs(config, plan, rewrite) {
    if (!config.push)
        return [];
    if (plan.byDigestTo)
        return ['--output', `type=image,name=${plan.byDigestTo},push-by-digest=true,name-canonical=true,push=true${rewrite}`];
    return rewrite ? ['--output', `type=image,push=true${rewrite}`] : ['--push'];
}
/**
 * The load into the daemon, ahead of the push: with two exporters the metadata file reports the last one's
 * digest, which must be the pushed image's (the read-back fetches it by digest, so a loaded one would fail it).
 * Pushed by digest, the loaded image is named by the tags it gets in the registry.
 */
function loadArgs(config, plan, rewrite) {
    // the docker driver's image exporter always stores the image in the daemon; a --load beside --push exports it
    // there a second time, which fails now and then with "image … already exists"
    const loadedAnyway = pushesUnderTags(config) && (config.push || exportsOciArchive(config));
    if (!config.load || loadedAnyway)
        return [];
    const named = config.push && plan.byDigestTo && plan.tagAfter.length > 0 ? `,${csvField(`name=${plan.tagAfter.join(',')}`)}` : '';
    return named || rewrite ? ['--output', `type=docker${named}${rewrite}`] : ['--load'];
}
/**
 * The secrets: values through the child's environment (argv names the variable only), files by path, secret-envs
 * by the name of the variable the step already has.
 */
function secretArgs(config, env) {
    const args = [];
    config.secrets.forEach((secret, index) => {
        env[secretEnvName(index)] = secret.value;
        args.push('--secret', `id=${secret.id},env=${secretEnvName(index)}`);
    });
    for (const file of config.secretFiles)
        args.push('--secret', `id=${file.id},${csvField(`src=${file.path}`)}`);
    for (const secret of config.secretEnvs)
        args.push('--secret', `id=${secret.id},env=${secret.variable}`);
    return args;
}
/** buildx reads --secret and --output as CSV: a field holding a comma or a quote is quoted. */
function csvField(field) {
    return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
/** What the RUN steps get (ssh, hosts, network, limits, entitlements) and what else the build is given or asked. */
function runArgs(config) {
    const args = [];
    for (const ssh of config.ssh)
        args.push('--ssh', ssh);
    for (const context of config.buildContexts)
        args.push('--build-context', context);
    for (const host of config.addHosts)
        args.push('--add-host', host);
    if (config.network !== '')
        args.push('--network', config.network);
    if (config.shmSize !== '')
        args.push('--shm-size', config.shmSize);
    for (const ulimit of config.ulimits)
        args.push('--ulimit', ulimit);
    if (config.cgroupParent !== '')
        args.push('--cgroup-parent', config.cgroupParent);
    for (const stage of config.noCacheFilters)
        args.push('--no-cache-filter', stage);
    for (const entitlement of config.allow)
        args.push('--allow', entitlement);
    if (config.call !== '')
        args.push('--call', config.call);
    return args;
}
/**
 * Attestations: `provenance` and `sbom` win over an `attests` entry of their type, as in build-push-action; an
 * empty `provenance` gets build-push-action's default for the repository (public: mode=max, private: mode=min).
 */
function attestArgs(config, canAttest) {
    const args = [];
    if (config.provenance !== '')
        args.push(`--provenance=${config.provenance}`);
    else if (wantsDefaultProvenance(config, canAttest))
        args.push('--attest', config.defaultProvenance);
    if (config.sbom !== '')
        args.push(`--sbom=${config.sbom}`);
    for (const attest of config.attests) {
        const overridden = (config.provenance !== '' && hasAttestType([attest], 'provenance')) || (config.sbom !== '' && hasAttestType([attest], 'sbom'));
        if (!overridden)
            args.push('--attest', attest);
    }
    return args;
}
function buildDescription(config, plan = pushPlan(config)) {
    const where = !config.push
        ? ''
        : plan.byDigestTo
            ? ` and pushing by digest to ${plan.byDigestTo}`
            : ` and pushing to ${plan.buildTags.join(', ')}`;
    return `building ${config.platforms.join(', ')}${where}`;
}

;// CONCATENATED MODULE: ./src/legs/cache-records.ts
// The legs' records in the GitHub Actions cache, where the runner offers one (every github.com runner, hosted or
// self-hosted, and GHES with the cache on). A record is the key of a cache entry, which the cache service creates
// once and never lets anyone overwrite; the merge finds it by prefix (`lookupOnly`: nothing is downloaded). The
// service keeps entries 7 days after their last use and evicts them by itself: nothing of a run stays anywhere.
// @actions/cache is loaded only here, by legs and merges: it is the heaviest dependency the action has.






// The entries' version hashes the paths, so every leg and merge must name the same one, on every runner: an
// absolute path (Linux runners only) whose contents nobody reads. Its text says what it is for whoever finds it.
const RECORD_PATH = '/tmp/buildx-multiarch-leg-record';
const RECORD_TEXT = 'buildx-multiarch: the records of native multi-runner legs are the keys of their Actions cache entries\n';
/** At most 10 keys go into one lookup: the attempt's own prefix and the nine before it. */
const ATTEMPTS_LOOKED_BACK = 9;
/** The Actions cache when the runner offers one that this step may write (a leg) or read (a merge). */
async function actionsCache(access, env = process.env) {
    const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
    // the runner's cache mode: read, write, write-only or none; unset or unknown allows both, as @actions/cache reads it
    const allowed = access === 'read' ? !['none', 'write-only'].includes(mode) : !['none', 'read'].includes(mode);
    if (!allowed || !(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL))
        return undefined;
    const cache = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(347)]).then(__webpack_require__.bind(__webpack_require__, 4347));
    return cache.isFeatureAvailable() ? cache : undefined;
}
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Records one platform of a leg and returns once a lookup finds it. @actions/cache reports a failed save only in
 * its log (and a failed lookup as a miss), so the lookup is what decides: a try that is not found is made again
 * under a new key (a key whose upload broke off may stay reserved), and after the last the leg fails.
 */
async function recordInCache(cache, group, record, policy = core_retry/* REGISTRY_RETRY */.dv) {
    // another user's leg on a shared self-hosted machine may have written it: its text is all that matters
    if (!external_node_fs_.existsSync(RECORD_PATH) || external_node_fs_.readFileSync(RECORD_PATH, 'utf8') !== RECORD_TEXT)
        external_node_fs_.writeFileSync(RECORD_PATH, RECORD_TEXT);
    for (let tries = 1;; tries++) {
        const key = cacheKey(group, record, (0,external_node_crypto_.randomBytes)(4).toString('hex'));
        await cache.saveCache([RECORD_PATH], key);
        if ((await cache.restoreCache([RECORD_PATH], key, [], { lookupOnly: true })) === key)
            return key;
        if (tries >= policy.attempts) {
            throw new Error(`recording ${record.platform} of ${describeGroup(group)} in the Actions cache failed: the cache service did not keep it after ${tries} tries (its answers are in the log above); re-run this job`);
        }
        core/* warning */.$e(`recording ${record.platform} of ${describeGroup(group)} in the Actions cache: not found after saving; trying again`);
        await pause((0,core_retry/* retryDelay */.a2)(policy, tries));
    }
}
/** The newest record up to `attempt` of one platform, in one lookup (restore keys are tried in order). */
async function lookUp(cache, group, platform, attempt) {
    const prefixes = [];
    for (let a = attempt; a >= 1 && prefixes.length <= ATTEMPTS_LOOKED_BACK; a--)
        prefixes.push(attemptPrefix(group, platform, a));
    const key = await cache.restoreCache([RECORD_PATH], prefixes[0], prefixes.slice(1), { lookupOnly: true });
    return key ? recordOfCacheKey(key, group) : undefined;
}
/**
 * The group's records of the platforms asked for (every platform the action knows when none were), and of every
 * other known platform, so that a merge can name legs it leaves out. A platform asked for and not found is looked
 * up again with backoff: a lookup the service failed looks like a miss.
 */
async function findInCache(cache, group, asked, attempt, policy = core_retry/* REGISTRY_RETRY */.dv) {
    const platforms = [...new Set([...(asked ?? []), ...image_platforms/* KNOWN_PLATFORMS */.PA])];
    const found = await Promise.all(platforms.map((platform) => lookUp(cache, group, platform, attempt)));
    const records = found.filter((record) => record !== undefined);
    let missing = (asked ?? []).filter((platform) => !records.some((record) => record.platform === platform));
    for (let retry = 1; missing.length > 0 && retry < policy.attempts; retry++) {
        await pause((0,core_retry/* retryDelay */.a2)(policy, retry));
        const again = (await Promise.all(missing.map((platform) => lookUp(cache, group, platform, attempt)))).filter((r) => r !== undefined);
        records.push(...again);
        missing = missing.filter((platform) => !again.some((record) => record.platform === platform));
    }
    return records;
}

;// CONCATENATED MODULE: ./src/legs/registry-records.ts
// The legs' records in the registry, where no Actions cache is offered (outside GitHub Actions, GHES without the
// cache): one tag per leg and attempt, written by that leg alone, so nothing another job does can drop it. The
// tag holds a small index whose one entry is the leg's own index, which it so keeps from garbage collection. The
// merge deletes the records it merged, and records older than the retention, where the registry allows DELETE.







const MARK = 'buildx-multiarch.record';
const KEY = {
    run: 'buildx-multiarch.run',
    variant: 'buildx-multiarch.variant',
    platform: 'buildx-multiarch.platform',
    attempt: 'buildx-multiarch.attempt',
    created: 'org.opencontainers.image.created',
};
/** A record's bytes: an OCI index whose one entry is the leg's pushed index (or image). */
function recordJson(group, record, leg, now) {
    const annotations = {
        [KEY.run]: group.run,
        [KEY.variant]: group.variant,
        [KEY.platform]: record.platform,
        [KEY.attempt]: String(record.attempt),
        [KEY.created]: new Date(now).toISOString(),
    };
    const manifests = [{ mediaType: leg.mediaType, digest: record.digest, size: leg.size, annotations }];
    return JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests,
        annotations: { [MARK]: 'a leg of a native multi-runner build, waiting for its merge step' },
    });
}
/** The digest a tag holds, or undefined when there is no such tag; a refusal throws with the registry's reason. */
async function heldDigest(client, tag) {
    const response = await client.request('GET', `/manifests/${tag}`, { Accept: OCI_INDEX });
    if (response.status === 404)
        return undefined;
    if (!response.ok)
        throw new errors/* RegistryError */.gl(`reading ${tag}`, response.status, await registryReason(response));
    const bytes = Buffer.from(await response.arrayBuffer());
    return { digest: digestOf(bytes), json: bytes.toString('utf8') };
}
/**
 * Writes a leg's record and returns its tag once the registry serves it. The tag is this leg's alone and the
 * bytes are the same on every try, so a PUT is repeated freely; whether it landed is decided by reading it back,
 * never by the PUT's answer (one that timed out may land later, and that is harmless).
 */
async function recordInRegistry(client, group, record, leg, policy = core_retry/* REGISTRY_RETRY */.dv) {
    const now = Date.now();
    const tag = recordTag(group, record, dayOf(now));
    const body = recordJson(group, record, leg, now);
    for (let tries = 1;; tries++) {
        const failure = await (async () => {
            const response = await client.request('PUT', `/manifests/${tag}`, { 'Content-Type': OCI_INDEX }, body);
            if (!response.ok)
                throw new errors/* RegistryError */.gl(`writing ${tag}`, response.status, await registryReason(response));
            return undefined;
        })().catch((error) => error);
        if (failure && !(0,core_retry/* isTransientFailure */.Ri)(failure))
            throw new Error(`recording ${record.platform} of ${describeGroup(group)}: ${failure.message}`);
        const held = await heldDigest(client, tag).catch((error) => ((0,core_retry/* isTransientFailure */.Ri)(error) ? undefined : Promise.reject(error)));
        if (held?.digest === digestOf(body))
            return tag;
        const why = failure?.message ?? 'the registry does not serve it yet';
        if (tries >= policy.attempts)
            throw new Error(`recording ${record.platform} of ${describeGroup(group)} in ${tag} failed: ${why} (tried ${tries} times); re-run this job`);
        core/* warning */.$e(`recording ${record.platform} of ${describeGroup(group)}: ${why}; reading it back and writing it again`);
        await new Promise((resolve) => setTimeout(resolve, (0,core_retry/* retryDelay */.a2)(policy, tries)));
    }
}
/** Every tag of the repository, page by page (registries answer a page at a time, `Link: <…>; rel="next"`). */
async function allTags(client) {
    const tags = [];
    for (let page = '/tags/list?n=1000'; page;) {
        const response = await client.request('GET', page);
        if (response.status === 404)
            return tags;
        if (!response.ok)
            throw new errors/* RegistryError */.gl('listing the tags', response.status, await registryReason(response));
        tags.push(...((await response.json()).tags ?? []));
        page = /<[^>]*?(\/tags\/list[^>]*)>;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return tags;
}
/** The group's records of the newest attempt up to `attempt` per platform (every leg of it), read from their tags. */
async function findInRegistry(client, group, attempt) {
    return (0,core_retry/* withRetry */.bD)(`reading the legs' records of ${describeGroup(group)}`, core_retry/* REGISTRY_RETRY */.dv, async () => {
        const tags = await allTags(client);
        const ours = tags.flatMap((tag) => {
            const parsed = parseRecordName(tag, group);
            return parsed && parsed.attempt <= attempt ? [{ tag, platform: parsed.platform, attempt: parsed.attempt }] : [];
        });
        const newest = (platform) => Math.max(...ours.filter((o) => o.platform === platform).map((o) => o.attempt));
        const read = ours.filter((o) => o.attempt === newest(o.platform));
        const records = await Promise.all(read.map(async ({ tag, platform, attempt: recorded }) => {
            const held = await heldDigest(client, tag);
            const entry = held && (JSON.parse(held.json).manifests ?? [])[0];
            return entry ? [{ platform, attempt: recorded, digest: entry.digest }] : [];
        }));
        const stale = tags.filter((tag) => !tag.startsWith(groupPrefix(group)) && isStaleRecordTag(tag, Date.now()));
        return { records: records.flat(), tags: ours.map(({ tag, platform }) => ({ tag, platform })), stale };
    });
}
/**
 * Deletes record tags (by the digest each holds: registries delete manifests, and a record's manifest is its
 * own); returns why not when the registry refuses (Docker Hub, GHCR: 405), at the first refusal.
 */
async function deleteRecords(client, tags) {
    for (const tag of tags) {
        const refusal = await (0,core_retry/* withRetry */.bD)(`deleting ${tag}`, core_retry/* REGISTRY_RETRY */.dv, async () => {
            const held = await heldDigest(client, tag);
            if (!held)
                return undefined;
            const response = await client.request('DELETE', `/manifests/${held.digest}`);
            if (response.ok || response.status === 404)
                return undefined;
            const reason = await registryReason(response);
            if (response.status >= 500 || response.status === 429)
                throw new errors/* RegistryError */.gl(`deleting ${tag}`, response.status, reason);
            return reason;
        });
        if (refusal)
            return refusal;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/legs/legs.ts
// Where a leg records itself and where a merge finds its legs: the Actions cache when the runner offers it
// (cache-records.ts), else the registry (registry-records.ts). A merge looks in both at once, so that it finds
// legs whichever way they recorded themselves, at the cost of one tag listing beside the cache lookups.





/** The group of a leg or merge step: the first tag's repository, the run, the variant. */
function legGroupOf(config) {
    return { repository: (0,reference/* repositoryOf */._M)(config.tags[0]), run: config.run.id, variant: config.mergeKey };
}
/** Records each platform of a leg, once each can be read back; returns where, for the log. */
async function recordLeg(client, group, records, leg) {
    const cache = await actionsCache('write');
    if (cache) {
        const keys = await Promise.all(records.map((record) => recordInCache(cache, group, record)));
        return `the Actions cache (${keys.join(', ')})`;
    }
    const tags = await Promise.all(records.map((record) => recordInRegistry(client, group, record, leg)));
    return `${group.repository} (${tags.join(', ')})`;
}
/** The legs of the group, the newest attempt per platform; a platform asked for and not recorded fails, named. */
async function findLegs(client, group, platforms, attempt) {
    const cache = await actionsCache('read');
    const [cached, registry] = await Promise.all([
        cache ? findInCache(cache, group, platforms, attempt) : [],
        findInRegistry(client, group, attempt),
    ]);
    const { picked, missing, unasked, conflicts } = pickLegs(uniqueRecords([...cached, ...registry.records]), platforms, attempt);
    if (missing.length > 0 || picked.length === 0)
        throw new Error(missingLegsMessage(group, picked, missing, cache !== undefined));
    if (conflicts.length > 0)
        throw new Error(`two legs of ${describeGroup(group)} recorded ${conflicts.join('; ')}: give each leg platforms of its own; no tag was moved`);
    // records of platforms left out stay for a merge that asks for them
    const recordTags = registry.tags.filter((record) => !unasked.includes(record.platform)).map((record) => record.tag);
    return { picked, unasked, recordTags, staleTags: registry.stale };
}
/** One record per leg and platform, found in the cache and the registry alike or not. */
function uniqueRecords(records) {
    const seen = new Map(records.map((record) => [`${record.platform} ${record.attempt} ${record.digest}`, record]));
    return [...seen.values()];
}
function missingLegsMessage(group, found, missing, cache) {
    const where = cache ? "the Actions cache or the registry's record tags" : "the registry's record tags";
    const has = found.length > 0 ? `found ${found.map((r) => `${r.platform} (attempt ${r.attempt})`).join(', ')}` : 'found no leg of it at all';
    const what = missing.length > 0 ? missing.join(', ') : 'any platform';
    return `no leg of ${describeGroup(group)} in ${group.repository} recorded ${what} (${where}; ${has}): did that platform's build job finish? Re-run it, then the merge; legs and merge need the same first tag's repository, and the same merge-key or first tag`;
}
/**
 * After the tags moved: deletes the merged legs' registry records and other runs' stale ones, and the legs' own
 * indexes the merged index does not refer to, where the registry allows DELETE. Never throws: the tags have
 * moved already; what could not be done is returned, to be said next to where the tags now point.
 */
async function releaseLegs(client, found, merged) {
    const notes = [];
    if (found.unasked.length > 0)
        notes.push(`legs recorded ${found.unasked.join(', ')}, which this merge did not ask for: left out of the image and kept`);
    const refused = await deleteRecords(client, [...found.recordTags, ...found.staleTags]).catch((error) => error.message);
    if (refused)
        notes.push(`the registry kept the legs' record tags (${refused}); they are small and point at the legs' own indexes`);
    const inUse = new Set([
        merged.digest,
        ...(JSON.parse(merged.indexJson).manifests ?? []).map((m) => m.digest),
    ]);
    const unused = [...new Set(found.picked.map((record) => record.digest))].filter((digest) => !inUse.has(digest));
    for (const digest of unused) {
        const failure = await client.deleteManifest(digest).catch((error) => error.message);
        // Docker Hub, GHCR and Distribution with deletes disabled answer 405: the legs' indexes stay, without a tag
        if (failure)
            core/* info */.pq(`The registry kept the leg's own untagged index ${digest} (${failure})`);
    }
    return notes;
}

;// CONCATENATED MODULE: ./src/build/annotations.ts


/** The Dockerfile as the workflow's files name it (annotations point into the repository). */
function dockerfilePath(context, file) {
    return external_node_path_.normalize(file !== '' ? file : external_node_path_.join(context, 'Dockerfile'));
}
/**
 * The build checks' warnings, from the metadata file (buildx writes them there with BUILDX_METADATA_WARNINGS=1,
 * base64-encoded, with their line range).
 */
function checkWarnings(metadataJson, dockerfile) {
    let warnings;
    try {
        warnings = JSON.parse(metadataJson)['buildx.build.warnings'];
    }
    catch {
        return [];
    }
    return (warnings ?? []).map((warning) => {
        const text = Buffer.from(warning.short ?? '', 'base64').toString('utf8');
        const rule = /^([A-Za-z]+):\s*/.exec(text);
        return {
            title: rule ? `Build check ${rule[1]}` : 'Build check',
            message: `${rule ? text.slice(rule[0].length) : text}${warning.url ? ` (${warning.url})` : ''}`,
            file: dockerfile,
            line: warning.range?.[0]?.start?.line,
        };
    });
}
/** The Dockerfile line a failed build points at ("Dockerfile:3" above the ">>>" excerpt of its error summary). */
function failedLine(stderr) {
    const match = /^[^\s:]*Dockerfile[^\s:]*:(\d+)\r?\n-{5,}/m.exec(stderr);
    return match ? Number(match[1]) : undefined;
}
/**
 * Shows the build checks' warnings at their lines, as docker/build-push-action does, unless the workflow turned
 * them off with its variable (DOCKER_BUILD_CHECKS_ANNOTATIONS=false). The same warning from several builds (one
 * per platform) is shown once.
 */
function annotateCheckWarnings(annotations, env = process.env) {
    if (env.DOCKER_BUILD_CHECKS_ANNOTATIONS === 'false')
        return 0;
    const seen = new Set();
    // in the Dockerfile's order, whatever order BuildKit reported them in
    const inOrder = [...annotations].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
    for (const annotation of inOrder) {
        const key = `${annotation.file}:${annotation.line}:${annotation.message}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        core/* warning */.$e(annotation.message, { title: annotation.title, file: annotation.file, startLine: annotation.line });
    }
    return seen.size;
}

// EXTERNAL MODULE: ./src/build/event-payload.ts
var event_payload = __webpack_require__(647);
;// CONCATENATED MODULE: ./src/build/failure.ts
// A failed build, read from buildx's output: which step failed, where in the Dockerfile, and whether a rerun can help.






/** The step that failed, as buildx names it in its error summary (" > [linux/arm64 2/2] RUN …:"). */
function failedStep(stderr) {
    const lines = stderr.split(/\r?\n/);
    for (let i = lines.length - 1; i >= 0; i--) {
        const match = /^\s*> \[(?:([a-z0-9]+\/[a-z0-9]+(?:\/[a-z0-9]+)?) )?([^\]]+)\] (.+):$/.exec(lines[i]);
        if (match)
            return { platform: match[1], step: `[${match[2]}] ${match[3]}` };
    }
    return undefined;
}
/**
 * A failed build. `userStep` is true when one of the Dockerfile's own RUN steps failed: that is the project's
 * error, never retried, even when its output happens to look like a registry hiccup.
 */
class BuildError extends errors/* CommandError */.Qd {
    userStep;
    location;
    constructor(doing, exitCode, reason, userStep, 
    /** The Dockerfile line the failure points at, for the error's annotation. */
    location) {
        super(doing, exitCode, reason);
        this.userStep = userStep;
        this.location = location;
    }
}
function buildError(config, result, plan = pushPlan(config)) {
    // a check's findings go to stdout, their count on its first line ("Check complete, 1 warning has been found!")
    const finding = isSubrequest(config.call) ? result.stdout.trim().split(/\r?\n/)[0] : '';
    if (finding)
        return new BuildError(`${config.call.split(',')[0]} of the build`, result.exitCode, finding, true);
    const step = failedStep(result.stderr);
    const doing = step ? `building ${step.platform ?? config.platforms.join(', ')} (step ${step.step})` : buildDescription(config, plan);
    const line = failedLine(result.stderr);
    const location = line === undefined ? undefined : { file: dockerfilePath(config.context, config.file), line };
    return new BuildError(doing, result.exitCode, (0,core_exec.failureReason)(result), step !== undefined && /^\[[^\]]*\] RUN /.test(step.step), location);
}
/** A registry hiccup outside the Dockerfile's own steps: worth a rerun. */
function isRetriableBuildFailure(error) {
    return error instanceof BuildError && !error.userStep && (0,core_retry/* isTransientFailure */.Ri)(error);
}

;// CONCATENATED MODULE: ./src/build/log-stats.ts
// "#7 [linux/arm64 2/3] RUN …", "#7 [linux/amd64->arm64 build 2/3] …", "#7 [stage-1  1/12] …"
const STEP = /^#(\d+) \[\s*(?:([a-z0-9]+\/[a-z0-9]+(?:\/v[0-9]+)?)(?:->[a-z0-9/]+)?\s+)?(?:[\w.-]+\s+)?\d+\/\d+\] /;
const CACHED = /^#(\d+) CACHED$/;
// a FROM is never "CACHED": BuildKit resolves the base image and, when later steps come from a cache, never pulls
// its layers; only a FROM that extracts layers did work a cache could have saved
const FROM = /^#(\d+) \[[^\]]*\] FROM /;
const EXTRACTING = /^#(\d+) extracting /;
const DONE = /^#(\d+) DONE (\d+(?:\.\d+)?)s$/;
/**
 * Counts, per platform, the Dockerfile steps and those served from a cache ("#7 CACHED"), one line at a time: a
 * build log can be gigabytes and is never held whole. Steps without a platform (single-platform builds) count
 * under "".
 */
class BuildLogStats {
    vertex = new Map();
    cachedVertices = new Set();
    pulled = new Set();
    durations = new Map();
    addLine(line) {
        const step = STEP.exec(line);
        if (step && !this.vertex.has(step[1])) {
            this.vertex.set(step[1], step[2] ?? '');
            if (FROM.test(line))
                this.cachedVertices.add(step[1]);
        }
        const hit = CACHED.exec(line);
        if (hit)
            this.cachedVertices.add(hit[1]);
        const extracting = EXTRACTING.exec(line);
        if (extracting)
            this.pulled.add(extracting[1]);
        const done = DONE.exec(line);
        if (done)
            this.durations.set(done[1], Number(done[2]));
    }
    stats() {
        const steps = {};
        const cached = {};
        const seconds = {};
        for (const [id, platform] of this.vertex) {
            steps[platform] = (steps[platform] ?? 0) + 1;
            cached[platform] = (cached[platform] ?? 0) + (this.cachedVertices.has(id) && !this.pulled.has(id) ? 1 : 0);
            // tenths, as BuildKit prints them: a sum of floats would carry 0.30000000000000004 into the summary
            seconds[platform] = Math.round(((seconds[platform] ?? 0) + (this.durations.get(id) ?? 0)) * 10) / 10;
        }
        return { steps, cached, seconds };
    }
}
/** The stats of a whole log at once (captured fixtures, the benchmark's raw runs). */
function buildStats(log) {
    const parser = new BuildLogStats();
    for (const line of log.split(/\r?\n/))
        parser.addLine(line);
    return parser.stats();
}
/** The stats of one-platform builds, each filed under its platform. */
function mergeStats(perPlatform) {
    const steps = {};
    const cached = {};
    const seconds = {};
    const sum = (values) => Object.values(values).reduce((a, b) => a + b, 0);
    for (const [platform, stats] of perPlatform) {
        steps[platform] = sum(stats.steps);
        cached[platform] = sum(stats.cached);
        seconds[platform] = Math.round(sum(stats.seconds) * 10) / 10;
    }
    return { steps, cached, seconds };
}

;// CONCATENATED MODULE: ./src/build/run.ts





/** Builds and pushes; a registry hiccup (token, blob upload, manifest put) reruns the build, which the cache makes cheap. */
async function build(exec, config, builder, metadataFile, options) {
    const { canExportCache, plan = pushPlan(config), policy = core_retry/* REGISTRY_RETRY */.dv } = options;
    const command = buildCommand(config, builder, metadataFile, canExportCache, plan);
    return (0,core_retry/* withRetry */.bD)(buildDescription(config, plan), policy, async () => {
        const log = new BuildLogStats();
        const result = await exec('docker', command.args, { env: command.env, onLine: (line) => log.addLine(line) });
        if (result.exitCode !== 0)
            throw buildError(config, result, plan);
        if (exportsOciArchive(config))
            await loadAndPush(exec, ociArchive(metadataFile), config.push ? plan.buildTags : []);
        return log.stats();
    }, { retriable: isRetriableBuildFailure });
}

// EXTERNAL MODULE: ./src/docker/engine-api.ts
var engine_api = __webpack_require__(2633);
;// CONCATENATED MODULE: ./src/docker/local-image.ts
// An image's names in the Docker daemon. The docker driver stores every image it builds there, under the tag it
// pushed (build/command.ts's fixed untested tag); once the registry's tags hold the image, the daemon's copy gets
// those tags instead, as a build pushed under them would have left it.



/** Gives the daemon's image `from` the names `to`, then drops `from`: over the Engine API where its socket is known. */
async function renameLocalImage(exec, socket, from, to) {
    if (to.length === 0)
        return;
    if (!socket) {
        for (const name of to)
            await (0,core_exec/* runOrThrow */.nf)(exec, `naming the built image ${name}`, 'docker', ['tag', from, name]);
        await (0,core_exec/* runOrThrow */.nf)(exec, `removing the name ${from}`, 'docker', ['image', 'rm', from]);
        return;
    }
    for (const name of to) {
        const query = new URLSearchParams({ repo: (0,reference/* repositoryOf */._M)(name), tag: (0,reference/* parseReference */.F2)(name).tag ?? 'latest' });
        const tagged = await (0,engine_api/* engineRequest */.U1)(socket, 'POST', `/images/${encodeURIComponent(from)}/tag?${query.toString()}`);
        if (tagged.status !== 201)
            throw new Error(`naming the built image ${name} failed: ${engineReason(tagged.body, tagged.status)}`);
    }
    // untagging only: the image keeps its other names, and nothing is pruned
    const removed = await (0,engine_api/* engineRequest */.U1)(socket, 'DELETE', `/images/${encodeURIComponent(from)}?noprune=true`);
    if (removed.status !== 200)
        throw new Error(`removing the name ${from} failed: ${engineReason(removed.body, removed.status)}`);
}
/** The daemon's own words from an error answer (`{"message": …}`), else its status. */
function engineReason(body, status) {
    try {
        return JSON.parse(body.toString('utf8')).message ?? `status ${status}`;
    }
    catch {
        return `status ${status}`;
    }
}

;// CONCATENATED MODULE: ./src/image/imagetest.ts

function testArgs(image, platform, command) {
    // the command runs in a shell of the image, whatever its ENTRYPOINT
    return ['run', '--rm', '--quiet', '--platform', platform, '--entrypoint', '/bin/sh', image, '-c', command];
}
/** The last lines of a command's output, for an error that shows why a test failed. */
function tail(text, lines = 15) {
    return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}
/**
 * Runs the test command in every platform's pushed image (QEMU serves the foreign ones), one platform after the
 * other; the first failure stops the step, naming the platform and showing the tail of its output.
 */
async function testImages(exec, repository, digests, command) {
    for (const [platform, digest] of Object.entries(digests)) {
        const image = `${repository}@${digest}`;
        core/* info */.pq(`test-command on ${platform}`);
        const result = await exec('docker', testArgs(image, platform, command));
        if (result.exitCode !== 0) {
            // one line for the error annotation, the tail of the output below it in the log
            core/* error */.z3(`test-command output on ${platform} (last lines):\n${tail(`${result.stdout}\n${result.stderr}`)}`);
            throw new Error(`test-command failed on ${platform} (exit code ${result.exitCode}); no tag was created or moved. Last output: ${tail(`${result.stdout}\n${result.stderr}`, 1)}`);
        }
    }
    await exec('docker', ['image', 'rm', ...Object.values(digests).map((d) => `${repository}@${d}`)], { silent: true });
}

;// CONCATENATED MODULE: ./src/report/nodes.ts
// The builder's nodes as the outputs and the summary report them.

/** Where each platform ran: the node that built it, and native, QEMU or remote. */
function executionOf(platforms, nodes, driver, native, statuses) {
    return Object.fromEntries(platforms.map((platform) => {
        const index = nodeFor(platform, nodes) ?? 0;
        const ran = nodes[index]?.endpoint && driver === 'remote' ? 'remote' : native.includes(platform) ? 'native' : 'QEMU';
        return [platform, statuses.length > 1 ? `${ran} on ${statuses[index]?.name ?? `node ${index + 1}`}` : ran];
    }));
}
/** The `nodes` output: each node buildx reported, with the platforms it stands for in this step. */
function nodeReports(statuses, nodes, platforms) {
    return statuses.map((status, index) => ({
        ...status,
        platforms: nodes[index]?.platforms.length
            ? nodes[index].platforms
            : platforms.filter((platform) => (nodeFor(platform, nodes) ?? 0) === index),
    }));
}

;// CONCATENATED MODULE: ./src/report/result.ts

/**
 * The one constructor of a step's result. A leg pushes by digest and moves no tag (the merge step owns the tags),
 * so it reports none; an image that was not pushed has no tags either.
 */
function stepResult(config, builder, findings) {
    return {
        mode: config.mode,
        builder,
        platforms: config.platforms,
        imageid: findings.digest,
        metadataJson: '',
        tags: config.push && config.mode !== 'leg' ? config.tags : [],
        execution: {},
        ...findings,
        pushed: config.push,
    };
}
function setOutputs(result) {
    core/* setOutput */.uH('digest', result.digest ?? '');
    core/* setOutput */.uH('platform-digests', JSON.stringify(result.platformDigests));
    core/* setOutput */.uH('imageid', result.imageid ?? '');
    core/* setOutput */.uH('metadata', result.metadataJson);
    core/* setOutput */.uH('builder', result.builder);
    core/* setOutput */.uH('platforms', result.platforms.join(','));
    if (result.nodes && result.nodes.length > 0)
        core/* setOutput */.uH('nodes', JSON.stringify(result.nodes));
}

// EXTERNAL MODULE: ./src/setup/builder.ts + 1 modules
var builder = __webpack_require__(2921);
;// CONCATENATED MODULE: ./src/image/imagetools.ts
// `docker buildx imagetools`. `create`: one index from several sources, run twice: first with --dry-run, which
// prints the index it would push and pushes nothing, so that the index can be verified before any tag moves; then
// with the tags, which must push that very index (imagetools builds the same bytes from the same sources).
// `inspect`: what a registry holds, when the action's own registry client cannot read it (registry/step-registry.ts).



function imagetoolsCreateArgs(builder, sources, options = {}) {
    return [
        'buildx',
        'imagetools',
        'create',
        '--builder',
        builder,
        ...(options.dryRun ? ['--dry-run'] : []),
        ...(options.preferIndex === false ? ['--prefer-index=false'] : []),
        ...(options.tags ?? []).flatMap((tag) => ['--tag', tag]),
        ...sources,
    ];
}
/** The digest imagetools create pushed, from its progress ("pushing sha256:… to ghcr.io/acme/app:1"). */
function createdDigest(output) {
    return /pushing (sha256:[a-f0-9]{64}) to /.exec(output)?.[1];
}
/** The index the sources make, as imagetools would push it (its bytes, and their digest); nothing is pushed. */
async function planIndex(exec, builder, sources, policy = core_retry/* REGISTRY_RETRY */.dv) {
    const result = await (0,core_retry/* withRetry */.bD)(`assembling the index of ${sources[0]}`, policy, () => (0,core_exec/* runOrThrow */.nf)(exec, `assembling one index from ${sources.join(', ')}`, 'docker', imagetoolsCreateArgs(builder, sources, { dryRun: true }), { silent: true }));
    // buildx prints the bytes it would push, then a newline
    const json = result.stdout.replace(/\n$/, '');
    return { json, digest: digestOf(json) };
}
/** Creates (or moves) the tags onto the index of the sources; throws unless imagetools pushed `planned`. */
async function createIndex(exec, builder, tags, sources, planned, policy = core_retry/* REGISTRY_RETRY */.dv) {
    const result = await (0,core_retry/* withRetry */.bD)(`creating ${tags[0]}`, policy, () => (0,core_exec/* runOrThrow */.nf)(exec, `creating ${tags.join(', ')} from ${sources.join(', ')}`, 'docker', imagetoolsCreateArgs(builder, sources, { tags })));
    const pushed = createdDigest(`${result.stderr}\n${result.stdout}`);
    if (pushed !== planned)
        throw new Error(`creating ${tags.join(', ')} pushed ${pushed ?? 'an index imagetools did not name'}, not the verified ${planned}: the tags now point at it`);
}
/**
 * Tags `repository@digest`, byte for byte (`--prefer-index=false`: an image of one platform without attestations
 * is a manifest, which imagetools would otherwise wrap in a new index); throws unless the tags then hold it.
 */
async function tagTested(exec, builder, tags, repository, digest, policy = core_retry/* REGISTRY_RETRY */.dv) {
    const source = `${repository}@${digest}`;
    const args = imagetoolsCreateArgs(builder, [source], { tags, preferIndex: false });
    const result = await (0,core_retry/* withRetry */.bD)(`tagging ${tags[0]}`, policy, () => (0,core_exec/* runOrThrow */.nf)(exec, `tagging ${tags.join(', ')} with ${source}`, 'docker', args));
    const tagged = createdDigest(`${result.stderr}\n${result.stdout}`);
    if (tagged !== digest)
        throw new Error(`tagging ${tags[0]} pushed ${tagged ?? 'an unknown digest'}, not the tested ${digest}`);
}
/**
 * Reads what the registry holds at `repository@digest` with one command: the index (fetched by digest, so the
 * registry's content is checked against it) and each platform's image config.
 */
async function inspectPushed(exec, repository, digest, builder) {
    const ref = `${repository}@${digest}`;
    const result = await (0,core_retry/* withRetry */.bD)(`reading ${ref}`, core_retry/* REGISTRY_RETRY */.dv, () => (0,core_exec/* runOrThrow */.nf)(exec, `reading the pushed image ${ref}`, 'docker', ['buildx', 'imagetools', 'inspect', '--builder', builder, '--format', '{{json .}}', ref], { silent: true }));
    return parseInspect(result.stdout);
}

;// CONCATENATED MODULE: ./src/image/pushed-image.ts


/** The sum of an image manifest's layer sizes: what a pull downloads. */
function compressedSize(manifestJson) {
    const layers = JSON.parse(manifestJson).layers;
    return layers ? layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0) : undefined;
}
/** An image's config and compressed size: its manifest (fetched unless given), then its config blob. */
async function readImage(client, digest, manifestJson) {
    const imageJson = manifestJson ?? (await client.manifest(digest));
    const image = JSON.parse(imageJson);
    const config = JSON.parse(await client.blob(image.config.digest));
    return { config, size: compressedSize(imageJson) ?? 0 };
}
/**
 * What the client's repository holds at `digest`, read over the registry API: the index (its bytes checked against the
 * digest), each image's config and compressed size. Throws on anything unexpected (StepRegistry then asks buildx).
 */
async function readPushedImage(client, digest) {
    const manifestJson = await client.manifest(digest);
    const manifest = JSON.parse(manifestJson);
    const configs = {};
    const sizes = {};
    const images = manifest.manifests ? manifest.manifests.filter(isImageEntry) : [{ digest }];
    await Promise.all(images.map(async (entry) => {
        const { config, size } = await readImage(client, entry.digest, entry.digest === digest ? manifestJson : undefined);
        const key = manifest.manifests ? (0,image_platforms/* platformOfDescriptor */.KZ)(entry.platform ?? {}) : '';
        configs[key] = { os: config.os, architecture: config.architecture, variant: config.variant };
        sizes[key === '' ? (0,image_platforms/* platformOfDescriptor */.KZ)(config) : key] = size;
    }));
    return { manifestJson, configs, sizes };
}

;// CONCATENATED MODULE: ./src/registry/step-registry.ts
// The registries as one step sees them: one client per repository, whose connection and token every read, write
// and delete of that repository shares, and buildx for the reads the registry API cannot serve (an unusual token
// service, TLS quirks). Modes make one per step and hand it on, rather than logins and insecure lists.






class StepRegistry {
    options;
    clients = new Map();
    constructor(options) {
        this.options = options;
    }
    /** The step's client of a repository, made on first use. */
    client(repository) {
        let client = this.clients.get(repository);
        if (!client) {
            client = registryClient(repository, this.options.logins, this.options.insecure);
            this.clients.set(repository, client);
        }
        return client;
    }
    /** What `repository@digest` holds (the index, each image's config and size), over the API, else through buildx. */
    async pushed(repository, digest) {
        try {
            return { ...(await readPushedImage(this.client(repository), digest)), repository, digest, overApi: true };
        }
        catch (error) {
            this.fallingBack(repository, digest, error);
            return { ...(await inspectPushed(this.options.exec, repository, digest, this.options.builder)), repository, digest, overApi: false };
        }
    }
    /**
     * Points the tags at an image read back: a tag of its own repository by a PUT of the very bytes read (one
     * request), any other through imagetools, which copies the image there first. The PUT needs the bytes as the
     * registry served them; read through buildx (re-encoded), every tag goes through imagetools.
     */
    async tag(tags, image, policy = core_retry/* REGISTRY_RETRY */.dv) {
        const { exec, builder } = this.options;
        const mediaType = image.overApi ? JSON.parse(image.manifestJson).mediaType : undefined;
        const home = (0,reference/* locationOf */.hD)((0,reference/* parseReference */.F2)(image.repository));
        const inHome = (tag) => {
            const there = (0,reference/* locationOf */.hD)((0,reference/* parseReference */.F2)(tag));
            return there.registry === home.registry && there.path === home.path;
        };
        const byPut = mediaType ? tags.filter(inHome) : [];
        const others = tags.filter((tag) => !byPut.includes(tag));
        const client = this.client(image.repository);
        const put = (tag) => (0,core_retry/* withRetry */.bD)(`tagging ${tag}`, policy, () => client.putManifest((0,reference/* parseReference */.F2)(tag).tag ?? 'latest', image.manifestJson, mediaType));
        await Promise.all([
            ...byPut.map(put),
            others.length > 0 ? tagTested(exec, builder, others, image.repository, image.digest, policy) : undefined,
        ]);
    }
    /** One image's config and compressed size (0 when only buildx could read it), over the API, else through buildx. */
    async image(repository, digest) {
        try {
            return await readImage(this.client(repository), digest);
        }
        catch (error) {
            this.fallingBack(repository, digest, error);
            const inspected = await inspectPushed(this.options.exec, repository, digest, this.options.builder);
            return { config: inspected.configs[''] ?? Object.values(inspected.configs)[0] ?? {}, size: 0 };
        }
    }
    fallingBack(repository, digest, error) {
        core/* debug */.Yz(`reading ${repository}@${digest} over the registry API failed (${error.message}); asking buildx`);
    }
}

;// CONCATENATED MODULE: ./src/modes/mode.ts


/** The mode's phases in order, each in its group, each given what the one before returned. */
async function runPhases(config, mode, group = core/* group */.Os) {
    const built = await group(config.mode === 'merge' ? 'Merge' : 'Build', () => mode.build());
    const verified = await group('Read back and verify', () => mode.verify(built));
    if (config.testCommand !== '' && mode.test)
        await group('Test', async () => mode.test?.(verified));
    return group('Tag', () => mode.tag(verified));
}
/** The docker driver on the classic image store cannot export a cache. */
function canExportCache({ config, docker }) {
    return config.driver !== 'docker' || docker.containerdStore;
}
/** The step's registries, for the mode's reads, writes and deletes (buildx reads through the step's builder). */
function stepRegistry(ctx, builder) {
    const { config, exec } = ctx;
    return new StepRegistry({ exec, builder: builder.name, logins: config.logins, insecure: config.insecureRegistries });
}

;// CONCATENATED MODULE: ./src/modes/single-build.ts


















/**
 * One buildx build of every platform, pushed by digest (the docker driver: under one fixed tag of its own); the
 * tags move in Tag, once the image is read back, verified and tested.
 */
class SingleBuild {
    ctx;
    builder;
    plan;
    repository;
    registry;
    /** The client of the pushed repository: the build warms its connection and token, the reads and a leg's record use them. */
    client;
    constructor(ctx, builder) {
        this.ctx = ctx;
        this.builder = builder;
        const { config } = ctx;
        this.plan = pushPlan(config);
        this.repository = config.push ? (this.plan.byDigestTo ?? (0,reference/* repositoryOf */._M)(this.plan.buildTags[0])) : '';
        this.registry = stepRegistry(ctx, builder);
        this.client = config.push ? this.registry.client((0,reference/* repositoryOf */._M)(config.tags[0])) : undefined;
    }
    async build() {
        const { config, exec, tempDir } = this.ctx;
        const metadataFile = external_node_path_.join(tempDir, 'metadata.json');
        const started = Date.now();
        // while BuildKit works: open the connection (and get a token) for reading the pushed image back
        this.client?.warmUp();
        const nodes = (0,builder/* buildNodes */._A)(exec, this.builder, this.ctx.docker.socket);
        let reproducible;
        let stats;
        try {
            reproducible = await startReproducible(exec, config, this.builder.nodes);
            stats = await build(nodes.exec, reproducible.config, this.builder.name, metadataFile, { canExportCache: canExportCache(this.ctx) });
        }
        catch (error) {
            // a failed check still reports its findings in metadata, as build-push-action does
            if (isSubrequest(config.call) && external_node_fs_.existsSync(metadataFile))
                core/* setOutput */.uH('metadata', (0,event_payload/* withoutEventPayload */.$v)(external_node_fs_.readFileSync(metadataFile, 'utf8')));
            throw error;
        }
        const buildSeconds = (Date.now() - started) / 1000;
        const metadataJson = (0,event_payload/* withoutEventPayload */.$v)(external_node_fs_.readFileSync(metadataFile, 'utf8'));
        annotateCheckWarnings(checkWarnings(metadataJson, dockerfilePath(config.context, config.file)));
        return { metadataJson, metadata: parseMetadata(metadataJson), stats, buildSeconds, reproducible, nodes: () => nodes.nodes() };
    }
    async verify(built) {
        const asked = built.nodes();
        const [readBack, nodes] = await Promise.allSettled([this.readBack(built.metadata), asked]);
        if (readBack.status === 'rejected')
            throw readBack.reason;
        if (nodes.status === 'rejected')
            throw nodes.reason;
        const statuses = nodes.value;
        // a builder the build started told its BuildKit only once up
        const problem = this.ctx.config.reproducible ? nodesProblem(statuses) : undefined;
        if (problem)
            throw new Error(problem);
        return { built, ...readBack.value, statuses };
    }
    /** The pushed image, fetched by the digest the build reported (with a load beside, the push's: build/command.ts). */
    async readBack({ digest }) {
        const { config } = this.ctx;
        if (!config.push || !digest)
            return { pushed: undefined, digests: {} };
        const pushed = await this.registry.pushed(this.repository, digest);
        const digests = platformDigests(pushed.manifestJson, config.platforms, digest);
        verifyPushed(pushed, digests, config.platforms, digest);
        return { pushed, digests };
    }
    async test(verified) {
        const { config, exec } = this.ctx;
        if (verified.pushed)
            await testImages(exec, this.repository, verified.digests, config.testCommand);
    }
    async tag(verified) {
        const { config, docker } = this.ctx;
        const { built, pushed, statuses } = verified;
        const { digest, configDigest } = built.metadata;
        const tagged = pushed ? this.plan.tagAfter : [];
        if (pushed)
            await this.registry.tag(tagged, pushed);
        if (pushed && pushesUnderTags(config))
            await this.nameInDaemon(tagged);
        return stepResult(config, this.builder.name, {
            digest,
            imageid: configDigest ?? digest,
            metadataJson: tagged.length > 0 ? namedByTags(built.metadataJson, tagged) : built.metadataJson,
            platformDigests: verified.digests,
            execution: executionOf(config.platforms, config.nodes, config.driver, (0,image_platforms/* nativePlatforms */.y$)(docker.hostPlatform), statuses),
            nodes: nodeReports(statuses, config.nodes, config.platforms),
            buildSeconds: built.buildSeconds,
            stats: built.stats,
            sizes: pushed?.sizes,
            sourceDateEpoch: built.reproducible.config.sourceDateEpoch || undefined,
            heldBefore: built.reproducible.heldBefore,
        });
    }
    /**
     * The docker driver's daemon holds the image under the fixed tag it pushed; it gets the tags instead. Once the
     * registry's tags moved, only a load the user asked for makes a failure here fail the step.
     */
    async nameInDaemon(tags) {
        const { config, docker, exec } = this.ctx;
        try {
            await renameLocalImage(exec, docker.socket, this.plan.buildTags[0], tags);
        }
        catch (error) {
            if (config.load)
                throw error;
            core/* warning */.$e(`${error.message}; the tags in the registry hold the image`);
        }
    }
}

;// CONCATENATED MODULE: ./src/modes/leg.ts







/**
 * One job of a native multi-runner build: a single build of this job's platforms, pushed by digest only (no tag,
 * pushPlan in build/command.ts), verified and tested like any build, then recorded for the merge step (legs/legs.ts),
 * which owns the real tags; its result reports none (stepResult). The leg fails unless its record reads back.
 */
class Leg extends SingleBuild {
    async tag(verified) {
        const result = await super.tag(verified);
        if (result.digest)
            await this.record(result.digest);
        return result;
    }
    /** Records each platform of the leg, written once under names of its own, and read back (legs/records.ts). */
    async record(digest) {
        const { config } = this.ctx;
        const repository = (0,reference/* repositoryOf */._M)(config.tags[0]);
        // the build's client: its connection and credentials serve the record too
        const client = this.registry.client(repository);
        const pushed = await (0,core_retry/* withRetry */.bD)(`reading ${repository}@${digest}`, core_retry/* REGISTRY_RETRY */.dv, () => client.manifest(digest));
        const mediaType = JSON.parse(pushed).mediaType ?? OCI_INDEX;
        const group = legGroupOf(config);
        const records = config.platforms.map((platform) => ({ platform, attempt: config.run.attempt, digest }));
        const where = await recordLeg(client, group, records, { mediaType, size: Buffer.byteLength(pushed) });
        core/* info */.pq(`Recorded ${repository}@${digest} for the merge step: ${config.platforms.join(', ')} of ${describeGroup(group)}, attempt ${config.run.attempt}, in ${where}`);
    }
}

;// CONCATENATED MODULE: ./src/image/verify-index.ts

/**
 * Checks a planned index and returns its platform digests and sizes; throws, naming the platform, when it is not
 * what was asked for.
 */
async function verifyIndex(planned, requested, expected, registry) {
    const digests = platformDigests(planned.json, [], planned.digest);
    const { missing, extra } = platformMismatch(digests, requested);
    if (missing.length > 0 || extra.length > 0) {
        throw new Error(`the index ${planned.digest} does not hold the requested platforms (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'}): no tag was moved`);
    }
    const want = expected.digests ?? {};
    const wrong = requested.filter((platform) => want[platform] !== undefined && want[platform] !== digests[platform]);
    if (wrong.length > 0) {
        const said = wrong.map((p) => `${p} is ${digests[p]} where ${want[p]} was pushed for it`).join('; ');
        throw new Error(`the index ${planned.digest} holds other images than were pushed for its platforms (${said}): do two legs build the same platform? No tag was moved`);
    }
    const images = await Promise.all(requested.map((p) => registry.image(expected.repositoryOf(digests[p]), digests[p])));
    const configs = Object.fromEntries(requested.map((p, i) => [p, images[i].config]));
    const mismatches = configMismatches({ manifestJson: planned.json, configs }, digests);
    if (mismatches.length > 0)
        throw new Error(`the index ${planned.digest} lists an image under the wrong platform: ${mismatches.join('; ')}; no tag was moved`);
    return { digests, sizes: Object.fromEntries(requested.map((p, i) => [p, images[i].size])) };
}

;// CONCATENATED MODULE: ./src/modes/merge.ts










/**
 * Merge: one index from the legs' pushed platforms (or from `sources`). "Build" finds them and plans the index
 * (imagetools --dry-run: nothing is pushed), "Verify" checks the plan, and only "Tag" pushes it under the tags;
 * the legs' records are let go of after that, and nothing then can fail the step.
 */
class Merge {
    ctx;
    builder;
    repository;
    registry;
    /** The client of the tags' repository, where the legs pushed and recorded. */
    client;
    constructor(ctx, builder) {
        this.ctx = ctx;
        this.builder = builder;
        this.repository = (0,reference/* repositoryOf */._M)(ctx.config.tags[0]);
        this.registry = stepRegistry(ctx, builder);
        this.client = this.registry.client(this.repository);
    }
    async build() {
        const { config, exec } = this.ctx;
        const found = config.sources.length === 0
            ? await this.legSources()
            : { legs: undefined, sources: [...config.sources], expected: await this.sourceImages() };
        const planned = await planIndex(exec, this.builder.name, found.sources);
        core/* info */.pq(`The index of ${found.sources.length} source(s) would be ${planned.digest}`);
        return { ...found, planned };
    }
    /** The legs recorded for the platforms, each leg's image a source. */
    async legSources() {
        const { config } = this.ctx;
        const asked = config.platforms.length > 0 ? config.platforms : undefined;
        const legs = await findLegs(this.client, legGroupOf(config), asked, config.run.attempt);
        const sources = [...new Set(legs.picked.map((leg) => `${this.repository}@${leg.digest}`))];
        return { legs, sources, expected: await this.legImages(legs) };
    }
    /** Each picked leg's image of its platform, read from the leg's own index. */
    async legImages(legs) {
        const digests = {};
        await Promise.all(legs.picked.map(async (leg) => {
            const index = await (0,core_retry/* withRetry */.bD)(`reading ${this.repository}@${leg.digest}`, core_retry/* REGISTRY_RETRY */.dv, () => this.client.manifest(leg.digest));
            const held = platformDigests(index, [leg.platform], leg.digest);
            if (!held[leg.platform])
                throw new Error(`the leg recorded for ${leg.platform} (${this.repository}@${leg.digest}, attempt ${leg.attempt}) holds no ${leg.platform} image`);
            digests[leg.platform] = held[leg.platform];
        }));
        return { digests, repositoryOf: () => this.repository };
    }
    /** Which repository holds each image of the sources (they may come from several). */
    async sourceImages() {
        const { config } = this.ctx;
        const where = new Map();
        await Promise.all(config.sources.map(async (source) => {
            const repository = (0,reference/* repositoryOf */._M)(source);
            const client = this.registry.client(repository);
            const ref = (0,reference/* parseReference */.F2)(source);
            const read = async () => client.manifest(ref.digest ?? (await client.taggedDigest(ref.tag ?? 'latest')));
            // a source the registry API cannot read (an unusual token service) is left to buildx in the check
            const raw = await (0,core_retry/* withRetry */.bD)(`reading ${source}`, core_retry/* REGISTRY_RETRY */.dv, read).catch((error) => void core/* debug */.Yz(`reading ${source}: ${error.message}`));
            if (raw === undefined)
                return;
            const digest = ref.digest ?? digestOf(raw);
            const manifest = JSON.parse(raw);
            for (const entry of manifest.manifests ?? [{ digest }])
                where.set(entry.digest, repository);
        }));
        return { repositoryOf: (digest) => where.get(digest) ?? (0,reference/* repositoryOf */._M)(config.sources[0]) };
    }
    async verify(built) {
        const { config } = this.ctx;
        const { planned } = built;
        const recorded = built.legs?.picked.map((leg) => leg.platform);
        const asked = config.platforms.length > 0 ? config.platforms : (recorded ?? Object.keys(platformDigests(planned.json, [], planned.digest)));
        return { built, ...(await verifyIndex(planned, asked, built.expected, this.registry)) };
    }
    async tag(verified) {
        const { config } = this.ctx;
        const { legs, sources, planned } = verified.built;
        await createIndex(this.ctx.exec, this.builder.name, config.tags, sources, planned.digest);
        if (legs) {
            const group = legGroupOf(config);
            const notes = await releaseLegs(this.client, legs, { digest: planned.digest, indexJson: planned.json });
            for (const note of notes)
                core/* warning */.$e(`${config.tags.join(', ')} now point at ${planned.digest}; ${note}`);
            core/* info */.pq(`Merged the legs of ${describeGroup(group)}`);
        }
        return stepResult(config, this.builder.name, {
            platforms: Object.keys(verified.digests),
            digest: planned.digest,
            platformDigests: verified.digests,
            sizes: verified.sizes,
        });
    }
}

// EXTERNAL MODULE: ./src/core/log.ts
var log = __webpack_require__(4325);
;// CONCATENATED MODULE: ./src/modes/per-platform.ts


















/**
 * Several nodes: one build per platform, in parallel, each pushed by digest with its own cache ref; then each and
 * the index they make are verified (and tested), and only then is that index pushed under the tags.
 */
class PerPlatformBuilds {
    ctx;
    builder;
    builds;
    repository;
    registry;
    constructor(ctx, builder, builds) {
        this.ctx = ctx;
        this.builder = builder;
        this.builds = builds;
        this.repository = (0,reference/* repositoryOf */._M)(ctx.config.tags[0]);
        this.registry = stepRegistry(ctx, builder);
    }
    async build() {
        const { exec, tempDir } = this.ctx;
        const started = Date.now();
        const files = this.builds.map((_, i) => external_node_path_.join(tempDir, `metadata-${i}.json`));
        // the builds' progress would interleave, with the same step numbers: each line says whose it is
        const execFor = (platform) => (0,core_exec/* execWithOutput */.h2)(exec, new log/* PrefixedLog */.s(`[${platform}] `));
        const reproducible = await startReproducible(exec, this.ctx.config, this.builder.nodes);
        const epoch = reproducible.config.sourceDateEpoch;
        const builds = this.builds.map(({ config, plan }) => ({ config: { ...config, sourceDateEpoch: epoch }, plan }));
        const stats = await allOrNone(builds.map(({ config, plan }, i) => build(execFor(config.platforms[0]), config, this.builder.name, files[i], { canExportCache: canExportCache(this.ctx), plan })));
        const buildSeconds = (Date.now() - started) / 1000;
        const dockerfile = dockerfilePath(this.ctx.config.context, this.ctx.config.file);
        const warnings = [];
        const pushed = this.builds.map((one, i) => {
            const json = (0,event_payload/* withoutEventPayload */.$v)(external_node_fs_.readFileSync(files[i], 'utf8'));
            warnings.push(...checkWarnings(json, dockerfile));
            return { platform: one.config.platforms[0], digest: parseMetadata(json).digest, metadata: JSON.parse(json) };
        });
        annotateCheckWarnings(warnings);
        // each build has one platform, so buildx names its steps without one: file them under their platform
        return { pushed, stats: mergeStats(stats.map((one, i) => [this.builds[i].config.platforms[0], one])), buildSeconds, reproducible };
    }
    async verify(built) {
        const { config, exec } = this.ctx;
        const perPlatform = {};
        await Promise.all(built.pushed.map(async ({ platform, digest }) => {
            const inspected = await this.registry.pushed(this.repository, digest);
            const digests = platformDigests(inspected.manifestJson, [platform], digest);
            verifyPushed(inspected, digests, [platform], digest);
            perPlatform[platform] = digests[platform];
        }));
        const digests = Object.fromEntries(config.platforms.map((p) => [p, perPlatform[p]]));
        // the index the tags will get, checked before "Tag" moves any of them
        const planned = await planIndex(exec, this.builder.name, this.sources(built));
        const { sizes } = await verifyIndex(planned, config.platforms, { digests, repositoryOf: () => this.repository }, this.registry);
        return { built, digests, planned, sizes };
    }
    sources(built) {
        return built.pushed.map((one) => `${this.repository}@${one.digest}`);
    }
    async test(verified) {
        await testImages(this.ctx.exec, this.repository, verified.digests, this.ctx.config.testCommand);
    }
    async tag(verified) {
        const { config, docker, exec } = this.ctx;
        const { built, planned } = verified;
        const digest = planned.digest;
        await createIndex(exec, this.builder.name, config.tags, this.sources(built), digest);
        return stepResult(config, this.builder.name, {
            digest,
            metadataJson: JSON.stringify(Object.fromEntries(built.pushed.map((one) => [one.platform, one.metadata]))),
            platformDigests: verified.digests,
            execution: executionOf(config.platforms, config.nodes, config.driver, (0,image_platforms/* nativePlatforms */.y$)(docker.hostPlatform), this.builder.nodes),
            nodes: nodeReports(this.builder.nodes, config.nodes, config.platforms),
            buildSeconds: built.buildSeconds,
            stats: built.stats,
            sizes: verified.sizes,
            sourceDateEpoch: built.reproducible.config.sourceDateEpoch || undefined,
            heldBefore: built.reproducible.heldBefore,
        });
    }
}
/**
 * Waits for every build; the first to fail stops the others (their pushes would serve no index, and nothing may go
 * on writing into the temp dir the step removes), then its error is thrown once all have ended.
 */
async function allOrNone(builds) {
    let first;
    const settled = await Promise.allSettled(builds.map((one) => one.catch((error) => {
        if (first === undefined) {
            first = error;
            (0,core_exec/* stopRunningCommands */.aX)();
        }
        throw error;
    })));
    if (first !== undefined)
        throw first;
    return settled.map((one) => one.value);
}

;// CONCATENATED MODULE: ./src/modes/index.ts








/** Runs the mode the config asks for; several nodes get one build per platform where that keeps every cache warm. */
function runMode(ctx, builder, run) {
    if (ctx.config.mode === 'merge')
        return run(new Merge(ctx, builder));
    if (ctx.config.mode === 'leg')
        return run(new Leg(ctx, builder));
    const split = perPlatformBuilds(ctx.config);
    return split ? run(new PerPlatformBuilds(ctx, builder, split)) : run(new SingleBuild(ctx, builder));
}
/**
 * With several nodes, one build per platform, each exporting its own cache ref derived from cache-ref and all
 * of them imported: with one shared ref every node overwrites it and only the last one's platform stays warm
 * (docker/buildx#1044, moby/buildkit#2758). Undefined when one build is right: one node, a raw cache-from/-to,
 * no cache, no push, or a leg.
 */
function perPlatformBuilds(config) {
    const defaultCache = config.cache && config.cacheRef !== '' && config.cacheFrom.length === 0 && config.cacheTo.length === 0;
    if (config.nodes.length < 2 || !defaultCache || !config.push || config.mode !== 'build' || config.platforms.length < 2)
        return undefined;
    const refs = config.platforms.map((platform) => (0,reference/* derivedRef */.bw)(config.cacheRef, (0,image_platforms/* platformTagText */.L9)(platform)));
    // each platform's image goes by digest; the tags get the index of all of them
    return config.platforms.map((platform, i) => {
        const one = {
            ...config,
            platforms: [platform],
            cacheFrom: refs.map((ref) => `type=registry,ref=${ref}`),
            cacheTo: [defaultCacheTo(refs[i])],
        };
        return { config: one, plan: pushedByDigest(one) };
    });
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/summary.js
var summary = __webpack_require__(1170);
;// CONCATENATED MODULE: ./src/report/qemu-cost.ts
/** An emulated platform is worth a line when it took this many times a native one's time, */
const SLOW_FACTOR = 3;
/** and this many seconds more: a few seconds lost to QEMU are not worth a runner of their own. */
const SLOW_SECONDS = 30;
/** GitHub's hosted runners that run a platform natively (arm/v7 has none: the arm64 runners run no AArch32). */
const NATIVE_RUNNERS = { 'linux/amd64': 'ubuntu-24.04', 'linux/arm64': 'ubuntu-24.04-arm' };
/** The runner a leg of a platform goes to: its native one, else the x86-64 runner, under QEMU there too. */
const runnerOf = (platform) => NATIVE_RUNNERS[platform] ?? NATIVE_RUNNERS['linux/amd64'];
/** A platform's build time, where the log told it (one-platform builds file theirs under ""). */
function buildSeconds(result, platform) {
    const seconds = result.stats?.seconds;
    if (!seconds)
        return undefined;
    return seconds[platform] ?? (result.platforms.length === 1 ? seconds[''] : undefined);
}
const formatSeconds = (seconds) => `${seconds.toFixed(1)} s`;
const ran = (result, platform) => result.execution[platform] ?? 'native';
/** The emulated platforms much slower than the slowest native one, slowest first, and that native time. */
function slowEmulated(result) {
    const timed = result.platforms.flatMap((platform) => {
        const seconds = buildSeconds(result, platform);
        return seconds === undefined ? [] : [{ platform, seconds, how: ran(result, platform) }];
    });
    const natives = timed.filter((one) => one.how.startsWith('native')).sort((a, b) => b.seconds - a.seconds);
    if (natives.length === 0)
        return undefined;
    const reference = natives[0];
    const slow = timed
        .filter((one) => one.how.startsWith('QEMU'))
        .filter((one) => one.seconds >= SLOW_FACTOR * reference.seconds && one.seconds - reference.seconds >= SLOW_SECONDS)
        .sort((a, b) => b.seconds - a.seconds)
        .map(({ platform, seconds }) => ({ platform, seconds }));
    return slow.length === 0 ? undefined : { native: reference.platform, nativeSeconds: reference.seconds, slow };
}
/**
 * The summary's lines on QEMU's cost: none when no emulated platform is much slower than a native one; else one
 * line, and the YAML of this build as legs on native runners when a hosted runner runs a slow platform natively.
 */
function qemuCostLines(result, action) {
    const found = slowEmulated(result);
    if (!found)
        return [];
    const factor = (seconds) => `${(seconds / Math.max(found.nativeSeconds, 0.1)).toFixed(1)}×`;
    const which = found.slow.map((one, i) => `${one.platform} ${i === 0 ? 'took ' : ''}${factor(one.seconds)}`).join(' and ');
    const times = found.slow.map((one) => formatSeconds(one.seconds)).join(', ');
    const movable = found.slow.filter((one) => NATIVE_RUNNERS[one.platform] !== undefined);
    const runners = movable.map((one) => `${one.platform} on \`${NATIVE_RUNNERS[one.platform]}\``).join(', ');
    const cure = movable.length > 0 ? `build ${runners} with this action's legs (YAML below), or cross-compile` : 'cross-compile';
    const line = `QEMU cost: ${which} as long under emulation as ${found.native} natively (${times} against ${formatSeconds(found.nativeSeconds)}): ` +
        `${cure} in a \`FROM --platform=$BUILDPLATFORM\` stage.`;
    return movable.length > 0 ? [line, '', ...legsYaml(result, action), ''] : [line, ''];
}
/** This build as legs on native runners and a merge step, collapsed, to copy into the workflow. */
function legsYaml(result, action) {
    const byRunner = new Map();
    for (const platform of result.platforms)
        byRunner.set(runnerOf(platform), [...(byRunner.get(runnerOf(platform)) ?? []), platform]);
    const tags = result.tags.length > 0 ? result.tags : ['ghcr.io/OWNER/IMAGE:latest'];
    const tagLines = (indent) => ['tags: |', ...tags.map((tag) => `  ${tag}`)].map((line) => `${indent}${line}`);
    const matrix = [...byRunner].flatMap(([runner, platforms]) => [
        `          - runner: ${runner}`,
        `            platforms: ${platforms.join(',')}`,
    ]);
    return [
        '<details><summary>The same build as legs on native runners</summary>',
        '',
        '```yaml',
        'jobs:',
        '  build:',
        '    strategy:',
        '      matrix:',
        '        include:',
        ...matrix,
        '    runs-on: ${{ matrix.runner }}',
        '    steps:',
        '      - uses: actions/checkout@v5',
        `      - uses: ${action}`,
        "        with:  # and this step's login inputs",
        '          platforms: ${{ matrix.platforms }}',
        ...tagLines('          '),
        '          push-by-digest: true',
        '  merge:',
        '    needs: build',
        '    runs-on: ubuntu-latest',
        '    steps:',
        `      - uses: ${action}`,
        "        with:  # and this step's login inputs",
        `          platforms: ${result.platforms.join(',')}`,
        ...tagLines('          '),
        '          merge: true',
        '```',
        '',
        '</details>',
    ];
}

;// CONCATENATED MODULE: ./src/report/summary.ts



function formatSize(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024 - 51)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
/** The job summary in Markdown: what was pushed where, then one row per platform. */
function summaryMarkdown(result, action = 'OWNER/buildx-multiarch@v1') {
    const what = result.mode === 'merge' ? 'Merged' : result.mode === 'leg' ? 'Pushed for the merge step' : result.pushed ? 'Pushed' : 'Built';
    const count = `${result.platforms.length} platform${result.platforms.length === 1 ? '' : 's'}`;
    const lines = [`### ${what}: ${count}`, ''];
    if (result.digest && result.pushed)
        lines.push(`Index digest: \`${result.digest}\``, '');
    if (result.tags.length > 0)
        lines.push(`Tags: ${result.tags.map((t) => `\`${t}\``).join(', ')}`, '');
    const building = result.mode !== 'merge';
    lines.push(building ? '| Platform | Digest | Size | Ran | Build time | Cached steps |' : '| Platform | Digest | Size |');
    lines.push(building ? '| --- | --- | --- | --- | --- | --- |' : '| --- | --- | --- |');
    for (const platform of result.platforms) {
        const digest = result.platformDigests[platform];
        const size = result.sizes?.[platform];
        const cells = [platform, digest ? `\`${digest}\`` : 'not pushed', size === undefined ? '' : formatSize(size)];
        if (building) {
            const key = result.stats?.steps[platform] !== undefined ? platform : '';
            const steps = result.stats?.steps[key];
            const seconds = buildSeconds(result, platform);
            cells.push(result.execution[platform] ?? 'native', seconds === undefined ? '' : formatSeconds(seconds), steps === undefined ? '' : `${result.stats?.cached[key] ?? 0}/${steps}`);
        }
        lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('');
    if (building)
        lines.push(...qemuCostLines(result, action));
    lines.push(...reproducibleLines(result));
    if (result.buildSeconds !== undefined)
        lines.push(`Build: ${result.buildSeconds.toFixed(1)} s on builder \`${result.builder}\``, '');
    return lines.join('\n');
}
/** A reproducible build: its epoch, and whether the platform images are what the tags held before. */
function reproducibleLines(result) {
    if (result.sourceDateEpoch === undefined)
        return [];
    const when = new Date(Number(result.sourceDateEpoch) * 1000).toISOString().replace('.000Z', 'Z');
    const lines = [`Reproducible: created and file times are \`SOURCE_DATE_EPOCH=${result.sourceDateEpoch}\` (${when})`, ''];
    if (!result.heldBefore || !result.pushed)
        return lines;
    return [...lines, ...comparedLines(result.heldBefore, result.platformDigests).flatMap((line) => [line, ''])];
}
/** Appends the step's report to the job summary, when the runner asks for one. */
async function writeSummary(result) {
    // DOCKER_BUILD_SUMMARY=false turns it off, as it does for docker/build-push-action
    if (!process.env.GITHUB_STEP_SUMMARY || process.env.DOCKER_BUILD_SUMMARY === 'false')
        return;
    const { GITHUB_ACTION_REPOSITORY: repository, GITHUB_ACTION_REF: ref } = process.env;
    await summary/* summary */.z.addRaw(summaryMarkdown(result, repository && ref ? `${repository}@${ref}` : undefined)).write();
}

// EXTERNAL MODULE: ./src/state.ts
var state = __webpack_require__(2462);
// EXTERNAL MODULE: ./src/setup/login.ts
var login = __webpack_require__(9732);
;// CONCATENATED MODULE: ./src/setup/qemu.ts








const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
const HOST_DIRS = { binfmt: BINFMT_DIR, conf: '/usr/lib/binfmt.d' };
const EMULATORS = {
    amd64: { arch: 'amd64', entry: 'qemu-x86_64' },
    arm64: { arch: 'arm64', entry: 'qemu-aarch64' },
    arm: { arch: 'arm', entry: 'qemu-arm' },
    '386': { arch: '386', entry: 'qemu-i386' },
    ppc64le: { arch: 'ppc64le', entry: 'qemu-ppc64le' },
    s390x: { arch: 's390x', entry: 'qemu-s390x' },
    riscv64: { arch: 'riscv64', entry: 'qemu-riscv64' },
    mips64le: { arch: 'mips64le', entry: 'qemu-mips64el' },
    mips64: { arch: 'mips64', entry: 'qemu-mips64' },
    loong64: { arch: 'loong64', entry: 'qemu-loongarch64' },
};
/** Which requested platforms run natively, which emulators are registered and which must be installed. */
function qemuPlan(platforms, host, registrations) {
    const native = (0,image_platforms/* nativePlatforms */.y$)(host);
    const needed = new Map();
    for (const platform of platforms) {
        if (native.includes(platform))
            continue;
        const emulator = EMULATORS[(0,image_platforms/* parsePlatform */.FL)(platform).architecture];
        if (emulator)
            needed.set(emulator.arch, emulator);
    }
    const registered = [];
    const missing = [];
    for (const emulator of needed.values()) {
        const registration = registrations.get(emulator.entry);
        (registration?.enabled && registration.fixBinary ? registered : missing).push(emulator);
    }
    return { native: platforms.filter((p) => native.includes(p)), registered, missing };
}
/** Parses a binfmt_misc entry file ("enabled\ninterpreter …\nflags: OCF\n…"). */
function parseRegistration(text) {
    const flags = /^flags:\s*(\S*)/m.exec(text)?.[1] ?? '';
    return { enabled: /^enabled\b/.test(text), fixBinary: flags.includes('F') };
}
/** The qemu entries registered on this host; an unmounted or unreadable binfmt_misc reads as none. */
function readRegistrations(dir = BINFMT_DIR) {
    const registrations = new Map();
    let names;
    try {
        names = external_node_fs_.readdirSync(dir).filter((name) => name.startsWith('qemu-'));
    }
    catch {
        return registrations;
    }
    for (const name of names) {
        try {
            registrations.set(name, parseRegistration(external_node_fs_.readFileSync(external_node_path_.join(dir, name), 'utf8')));
        }
        catch {
            // an entry removed while we read the directory is simply not registered
        }
    }
    return registrations;
}
/** Whether the binfmt image comes from a registry the step logs in to: then it is pulled as that user, after the login. */
function pullsAfterLogin(image, logins) {
    if (image === 'host')
        return false;
    const registry = (0,reference/* registryOf */.Fv)(image);
    return logins.some((login) => (0,reference/* canonicalRegistry */.i7)(login.registry) === registry);
}
function binfmtImageArgs(image, missing) {
    return ['run', '--rm', '--privileged', image, '--install', missing.map((e) => e.arch).join(',')];
}
/** Registers the missing emulators, with the binfmt image or, for "host" or when the image cannot be pulled, the host's qemu-user-static. */
async function installEmulators(exec, image, missing, dirs = HOST_DIRS) {
    if (image !== 'host') {
        const result = await exec('docker', binfmtImageArgs(image, missing));
        if (result.exitCode === 0)
            return 'image';
        // 125 is docker run's own failure (image not pulled, daemon refused); anything else came from the binfmt tool
        if (result.exitCode !== 125) {
            throw new errors/* CommandError */.Qd(`installing QEMU emulators ${missing.map((e) => e.arch).join(',')} with ${image}`, result.exitCode, (0,core_exec.failureReason)(result));
        }
        core/* warning */.$e(`Could not run ${image} (${(0,core_exec.failureReason)(result)}); registering the host's qemu-user-static emulators instead`);
    }
    await registerHostEmulators(exec, missing, dirs);
    return 'host';
}
/**
 * Registers Debian/Ubuntu's qemu-user-static interpreters from the systemd binfmt.d lines the package ships
 * (they carry the F flag, so the emulators work inside BuildKit's containers). Written straight to binfmt_misc:
 * binfmt-support's `update-binfmts --enable` refuses formats it has not imported, and its package scripts skip
 * the import inside containers.
 */
async function registerHostEmulators(exec, missing, dirs) {
    const lines = new Map();
    const absent = [];
    for (const emulator of missing) {
        const line = hostRegistrationLine(emulator, dirs.conf);
        if (line)
            lines.set(emulator, line);
        else
            absent.push(emulator.arch);
    }
    if (absent.length > 0) {
        throw new Error(`no host emulator for ${absent.join(', ')}: install qemu-user-static (apt-get install qemu-user-static), or use a qemu-image that can be pulled`);
    }
    const asRoot = typeof process.getuid !== 'function' || process.getuid() === 0;
    if (!external_node_fs_.existsSync(external_node_path_.join(dirs.binfmt, 'register'))) {
        const mount = ['mount', '-t', 'binfmt_misc', 'binfmt_misc', dirs.binfmt];
        await (0,core_exec/* runOrThrow */.nf)(exec, 'mounting binfmt_misc', asRoot ? mount[0] : 'sudo', asRoot ? mount.slice(1) : ['-n', ...mount]);
    }
    for (const [emulator, line] of lines) {
        // an entry that is disabled or lacks the F flag must go before the kernel takes a new one under its name
        if (external_node_fs_.existsSync(external_node_path_.join(dirs.binfmt, emulator.entry)))
            await writeBinfmt(exec, asRoot, external_node_path_.join(dirs.binfmt, emulator.entry), '-1');
        await writeBinfmt(exec, asRoot, external_node_path_.join(dirs.binfmt, 'register'), line);
    }
}
/** The binfmt_misc registration line qemu-user-static ships for an emulator, if installed. */
function hostRegistrationLine(emulator, dir = '/usr/lib/binfmt.d') {
    let text;
    try {
        text = external_node_fs_.readFileSync(external_node_path_.join(dir, `${emulator.entry}.conf`), 'utf8');
    }
    catch {
        return undefined;
    }
    return text.split(/\r?\n/).find((line) => line.startsWith(`:${emulator.entry}:`));
}
async function writeBinfmt(exec, asRoot, target, content) {
    if (asRoot) {
        try {
            external_node_fs_.writeFileSync(target, content);
        }
        catch (error) {
            throw new Error(`writing ${target} failed: ${error.message}`);
        }
        return;
    }
    await (0,core_exec/* runOrThrow */.nf)(exec, `writing ${target} with sudo`, 'sudo', ['-n', 'tee', target], { input: content, silent: true });
}
/**
 * The platforms that run on this machine's kernel, which need its emulators: those its builder nodes build (a
 * remote node emulates, or not, on its own), and every platform when test-command runs the images here.
 */
function platformsRunHere(platforms, nodes, driver, testHere) {
    if (testHere)
        return [...platforms];
    if (driver === 'remote' || driver === 'kubernetes')
        return [];
    return platforms.filter((platform) => isLocalNode(nodes[nodeFor(platform, nodes) ?? 0]));
}

;// CONCATENATED MODULE: ./src/setup/index.ts











/**
 * Login, QEMU and the builder, side by side (none needs another; the builder's nodes read the emulators when they
 * boot, so they start after all three). A merge builds nothing: it needs no emulators and starts no builder.
 */
async function setUp(ctx) {
    const { config, exec } = ctx;
    if (config.mode === 'merge')
        return setUpForMerge(ctx);
    const name = (0,builder/* existingBuilder */.LQ)(config) ?? (config.builderName || (0,builder/* newBuilderName */.f0)());
    const logs = [new log/* PhaseLog */.U('Login'), new log/* PhaseLog */.U('QEMU'), new log/* PhaseLog */.U(`Builder ${name}`)];
    // QEMU is handed the login: a binfmt image from a registry the step logs in to is pulled once logged in
    const loggedIn = logIn(ctx, logs[0]);
    const [, , created] = await sideBySide(logs, [
        loggedIn,
        registerEmulators(ctx, logs[1], loggedIn),
        createBuilderUnlessGiven(ctx, name, logs[2]),
    ]);
    // the docker driver's builder is the daemon itself, always up: nothing to start. One local docker-container node
    // this step created is started by the build itself, which finds the emulators registered by then; several nodes,
    // remote or pods, and a named builder reused as it is, are started first, so that one that does not come up is
    // named before any build begins (and the nodes are those buildx reports, not those the inputs describe)
    const startedByBuild = created && startsWithBuild(config);
    if ((config.driver === 'docker' && config.builder === '') || startedByBuild)
        return { name, nodes: [], startedByBuild };
    const nodes = await core/* group */.Os(`Start builder ${name}`, () => (0,builder/* bootstrapBuilder */.S0)(exec, name));
    return { name, nodes, startedByBuild };
}
/** A builder this step creates with one node on this machine's Docker: the build can start it. */
function startsWithBuild(config) {
    return config.builder === '' && config.driver === 'docker-container' && config.nodes.length === 1 && config.nodes[0].endpoint === '';
}
async function setUpForMerge(ctx) {
    const { config } = ctx;
    // imagetools reads plain-HTTP registries from a builder's buildkitd config, which a builder can carry unstarted
    const created = config.builder === '' && config.driver !== 'docker' && config.insecureRegistries.length > 0;
    const name = config.builder || (created ? (0,builder/* newBuilderName */.f0)() : 'default');
    const login = new log/* PhaseLog */.U('Login');
    if (!created)
        await sideBySide([login], [logIn(ctx, login)]);
    else {
        const builder = new log/* PhaseLog */.U(`Builder ${name}`);
        await sideBySide([login, builder], [logIn(ctx, login), createBuilderUnlessGiven(ctx, name, builder)]);
    }
    return { name, nodes: [], startedByBuild: false };
}
/**
 * Waits for phases that run at once, each logging into its own group, and shows the groups in order once all have
 * ended; waits for every phase (none is left running against a removed temp dir), then throws the first failure,
 * else returns what each phase returned.
 */
async function sideBySide(logs, running) {
    const settled = await Promise.allSettled(running);
    for (const log of logs)
        await log.show();
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
    return settled.map((r) => r.value);
}
async function logIn({ config, exec }, log) {
    if (config.logins.length === 0) {
        log.info('No credentials given: not logging in');
        return;
    }
    // one after the other: docker login rewrites one config file
    const loggedIn = [];
    for (const credentials of config.logins) {
        loggedIn.push(credentials.registry);
        // saved before the login runs: one cancelled midway may have stored the credentials, and post must remove them
        if (config.logout)
            state/* save */.UN('loggedIn', loggedIn.join(','));
        await (0,login/* login */.iD)((0,core_exec/* execWithOutput */.h2)(exec, log), credentials);
    }
}
async function registerEmulators({ config, docker, exec }, log, loggedIn) {
    if (!config.qemu) {
        log.info('QEMU: not set up (qemu: false)');
        return;
    }
    const local = platformsRunHere(config.platforms, config.nodes, config.driver, config.testCommand !== '');
    if (local.length < config.platforms.length)
        log.info(`QEMU: built on remote nodes, no local emulator needed: ${config.platforms.filter((p) => !local.includes(p)).join(', ')}`);
    const plan = qemuPlan(local, docker.hostPlatform, readRegistrations());
    if (plan.native.length > 0)
        log.info(`QEMU: native, no emulator needed: ${plan.native.join(', ')}`);
    if (plan.registered.length > 0)
        log.info(`QEMU: already registered: ${plan.registered.map((e) => e.entry).join(', ')}`);
    if (plan.missing.length === 0)
        return;
    const image = (0,mirror/* binfmtImage */.oE)(config);
    // an anonymous pull counts against Docker Hub's limit for the runner's address: pull as the step's user
    if (pullsAfterLogin(image, config.logins)) {
        log.info(`QEMU: pulling ${image} once logged in to ${(0,reference/* registryOf */.Fv)(image)}`);
        await loggedIn;
    }
    const how = await installEmulators((0,core_exec/* execWithOutput */.h2)(exec, log), image, plan.missing);
    log.info(`QEMU: installed ${plan.missing.map((e) => e.entry).join(', ')} (${how === 'host' ? "host's qemu-user-static" : image})`);
}
/** Creates the builder unless one is given or a named one exists; true when it created it. */
async function createBuilderUnlessGiven({ config, exec, tempDir, buildxVersion }, name, log) {
    if ((0,builder/* existingBuilder */.LQ)(config))
        return false;
    // cleanup: false keeps the builder for later steps; with cleanup, post removes a reused one too, as setup-buildx-action does
    if (config.cleanup)
        state/* save */.UN('builder', name);
    if (config.builderName !== '' && (await (0,builder/* builderExists */.cv)(exec, name))) {
        log.info(`Builder ${name} exists: reused as it is (the builder inputs apply only when it is created)`);
        return false;
    }
    const base = config.buildkitdConfig !== '' ? external_node_fs_.readFileSync(config.buildkitdConfig, 'utf8') : config.buildkitdConfigInline;
    // a remote daemon reads its own buildkitd.toml; buildx has none to hand it
    const text = config.driver === 'remote' ? '' : (0,builder/* buildkitdConfigText */._7)((0,mirror/* withMirror */.M6)(base, config.registryMirror), config.insecureRegistries);
    let configFile;
    if (text !== '') {
        configFile = external_node_path_.join(tempDir, 'buildkitd.toml');
        external_node_fs_.writeFileSync(configFile, text);
    }
    await (0,builder/* createBuilder */.Ij)((0,core_exec/* execWithOutput */.h2)(exec, log), config, name, configFile, buildxVersion);
    return true;
}

;// CONCATENATED MODULE: ./src/main.ts













/** The action's main step: read the config, set up, build, verify, test, tag, report. */
async function main(asked = (0,facts/* askDocker */.ad)()) {
    (0,core_exec/* stopCommandsOnCancel */.UL)();
    state/* markMainStarted */.UM();
    const config = await readConfig();
    const { docker, buildx } = await core/* group */.Os('Docker', async () => {
        const [daemon, plugin] = await Promise.all([asked.daemon(), asked.buildx()]);
        core/* info */.pq((0,facts/* describeDocker */.sB)(daemon, config.buildxVersion === '' ? plugin : undefined));
        checkAgainstDocker(config, { ...daemon, buildxVersion: plugin });
        return { docker: daemon, buildx: plugin };
    });
    const exec = await commandRunner(config);
    const tempDir = external_node_fs_.mkdtempSync(external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'buildx-multiarch-'));
    state/* save */.UN('tempDir', tempDir);
    try {
        const ctx = { config, docker, buildxVersion: config.buildxVersion || buildx, exec, tempDir };
        const builder = await setUp(ctx); // each of its phases logs in a group of its own
        const result = await runMode(ctx, builder, (mode) => runPhases(config, mode));
        setOutputs(result);
        // a check (outline, targets) built nothing to report, and build-push-action writes no summary for it either
        if (!isSubrequest(config.call))
            await writeSummary(result);
    }
    finally {
        external_node_fs_.rmSync(tempDir, { recursive: true, force: true });
    }
}
/** The exec seam; with `buildx-version`, `docker buildx` runs that release's standalone binary. */
async function commandRunner(config) {
    if (config.buildxVersion === '')
        return (0,core_exec.createExec)();
    const { installBuildx } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(347), __webpack_require__.e(562)]).then(__webpack_require__.bind(__webpack_require__, 1562));
    return (0,core_exec.createExec)(await installBuildx((0,core_exec.createExec)(), config.buildxVersion));
}


/***/ })

};
