export const id = 930;
export const ids = [930];
export const modules = {

/***/ 3930:
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
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/reference.ts
// The grammar of github.com/distribution/reference: lower-case path components joined by "/", separators
// ".", "_", "__" or dashes inside a component; a first component is a domain when it has a "." or ":" or is
// "localhost"; tags are at most 128 word characters.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_NAME = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*$/;
const IPV6 = /^\[[a-fA-F0-9:]+\]$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
/** Why a reference is not valid, or undefined when it is. */
function referenceProblem(ref) {
    try {
        parseReference(ref);
        return undefined;
    }
    catch (error) {
        return error.message;
    }
}
function parseReference(ref) {
    if (ref === '')
        throw new Error('is empty');
    if (/\s/.test(ref))
        throw new Error('contains whitespace');
    let rest = ref;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            throw new Error(`has an invalid digest "${digest}"`);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.indexOf(':', lastSlash + 1);
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            throw new Error(`has an invalid tag "${tag}" (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`);
    }
    const parts = rest.split('/');
    let domain;
    if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
        domain = parts.shift();
        checkDomain(domain);
    }
    for (const part of parts) {
        if (!PATH_COMPONENT.test(part)) {
            throw new Error(part.toLowerCase() !== part && PATH_COMPONENT.test(part.toLowerCase())
                ? `has an upper-case repository name "${part}" (repository names are lower case)`
                : `has an invalid repository path component "${part}"`);
        }
    }
    const path = parts.join('/');
    if ((domain ? domain.length + 1 : 0) + path.length > 255)
        throw new Error('has a repository name longer than 255 characters');
    return { domain, path, tag, digest };
}
function checkDomain(domain) {
    const portAt = domain.startsWith('[') ? domain.indexOf(':', domain.indexOf(']')) : domain.indexOf(':');
    const host = portAt >= 0 ? domain.slice(0, portAt) : domain;
    if (portAt >= 0) {
        const port = domain.slice(portAt + 1);
        if (!/^[0-9]+$/.test(port) || Number(port) < 1 || Number(port) > 65535)
            throw new Error(`has an invalid registry port "${port}" (1-65535)`);
    }
    if (!DOMAIN_NAME.test(host) && !IPV6.test(host))
        throw new Error(`has an invalid registry host "${host}"`);
}
/** The repository of a reference, as written: "ghcr.io/acme/app:1" -> "ghcr.io/acme/app". */
function repositoryOf(ref) {
    const parsed = parseReference(ref);
    return parsed.domain ? `${parsed.domain}/${parsed.path}` : parsed.path;
}
/** A sibling tag of a reference: "ghcr.io/acme/app:buildcache" + "linux-arm64" -> "ghcr.io/acme/app:buildcache-linux-arm64". */
function derivedRef(ref, suffix) {
    return `${repositoryOf(ref)}:${parseReference(ref).tag ?? 'latest'}-${suffix}`;
}
/** The registry a reference lives on, "docker.io" when it names none. */
function registryOf(ref) {
    return parseReference(ref).domain ?? 'docker.io';
}

;// CONCATENATED MODULE: ./src/build-inputs.ts
// docker/build-push-action's build inputs that map onto one buildx flag each (ssh, build-contexts, add-hosts,
// network, shm-size, ulimit, cgroup-parent, no-cache-filters, allow, attests, call) and setup-buildx-action's builder
// `name`. Pure functions: the input's entries in, the typed value out, or an InputError naming the input, the
// value and what is allowed. List inputs arrive already split (lines, and commas where the peer splits on them).



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
        const paths = eq < 0 ? [] : entry.slice(eq + 1).split(',').filter((p) => p !== '');
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
/** A build context that BuildKit fetches itself: a URL, a Git remote, an image, or another stage. */
function isRemoteSource(value) {
    return /^(?:https?|git|ssh):\/\//.test(value) || /^[A-Za-z0-9_.-]+@[^:/]+:/.test(value) || value.startsWith('github.com/');
}
/**
 * `build-contexts`: `name=value` with value `docker-image://<ref>`, `oci-layout://<dir>`, a Git or HTTP URL, or a
 * local directory, which must exist. `target:<stage>` is bake's (buildx build cannot resolve it): refused. The peer's `{{defaultContext}}` (its commit's Git context)
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
        return "uses the peer's {{defaultContext}} (its commit's Git context): here the build's context is the checkout, give the directory (or the Git URL) instead";
    if (value.startsWith('docker-image://')) {
        const problem = referenceProblem(value.slice('docker-image://'.length));
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
const ULIMITS = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];
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
/** `attests`: `type=…` attestation parameters, one per line. */
function parseAttests(entries) {
    const bad = entries.find((attest) => !attest.split(',').some((field) => /^type=[a-z]+$/.test(field.trim())));
    if (bad !== undefined)
        throw new errors/* InputError */.dz('attests', `has ${(0,errors/* quote */.hD)(bad)}: expected type=sbom|provenance[,key=value…], e.g. type=sbom,generator=image`);
    return [...entries];
}
/** Whether an attestation list asks for this type (the peer's inputs `provenance`/`sbom` win over it). */
function hasAttestType(attests, type) {
    return attests.some((attest) => attest.split(',').some((field) => field.trim() === `type=${type}`));
}
const CALLS = ['build', 'check', 'outline', 'targets'];
/** `call`: how the build is evaluated; anything but `build` builds and pushes nothing. */
function parseCall(text) {
    const method = text.split(',')[0];
    if (text !== '' && (!CALLS.includes(method) || !text.split(',').slice(1).every((option) => /^[a-z]+=[^,]*$/.test(option)))) {
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
    if (text !== '' && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(text))
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

// EXTERNAL MODULE: ./src/docker.ts
var src_docker = __webpack_require__(3871);
// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __webpack_require__(3190);
// EXTERNAL MODULE: ./node_modules/csv-parse/lib/sync.js + 9 modules
var sync = __webpack_require__(5175);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./src/platforms.ts
var src_platforms = __webpack_require__(9799);
// EXTERNAL MODULE: ./src/nodes.ts
var src_nodes = __webpack_require__(1886);
;// CONCATENATED MODULE: ./src/secret-inputs.ts
// The build-secret inputs as docker/build-push-action reads them: `secrets` (`id=value`, CSV-quoted to span
// lines), `secret-files` (`id=path`), `secret-envs` (`id=ENV_NAME`), and `github-token` (the GIT_AUTH_TOKEN.<host>
// secret for Git contexts on the GitHub server). Pure functions: text in, typed value out, or an InputError that
// names the input and the id or position of the entry, never a secret's value.


const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
const ID_RULE = 'id of letters, digits, "_", "." and "-"';
/**
 * A list input read the way the peer reads its "one entry per line" inputs: CSV records, so that a double-quoted
 * entry may span lines (a PEM key) or hold a comma; the fields of an unquoted line are joined back with commas.
 * `trim: false` keeps each entry's spaces (a secret's value is taken as written). The error gives the line only:
 * the parser's own message quotes the text around the fault, which may be a secret.
 */
function csvEntries(name, text, trim = true) {
    if ((text ?? '').trim() === '')
        return [];
    let records;
    try {
        records = (0,sync/* parse */.qg)(text, { relax_quotes: true, relax_column_count: true, skip_empty_lines: true, info: true });
    }
    catch (error) {
        const line = error.lines;
        throw new errors/* InputError */.dz(name, `is not a valid list${line ? ` (line ${line})` : ''}: one entry per line, a double-quoted entry may span lines ("id=line 1…line 2")`);
    }
    return records
        .map(({ record, info }) => ({ text: trim ? record.join(',').trim() : record.join(','), line: info.lines - newlinesIn(record) }))
        .filter((entry) => entry.text.trim() !== '');
}
function newlinesIn(record) {
    return record.join(',').split(/\r?\n/).length - 1;
}
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
    for (const entry of csvEntries('secrets', text, false)) {
        const [id, value] = idAndRest('secrets', entry, 'value');
        checkUnique('secrets', seen, id);
        if (value.replace(/\r$/, '') === '')
            warnings.push(`Input "secrets": the secret "${id}" has an empty value and is not passed to the build`);
        else
            values.push({ id, value: value.replace(/\r$/, '') });
    }
    return { values, warnings };
}
/** `secret-files`: `id=path`, each file there now (a missing file is refused, where the peer warns and builds). */
function parseSecretFiles(text, isFile) {
    const seen = new Set();
    return csvEntries('secret-files', text).map((entry) => {
        const [id, rest] = idAndRest('secret-files', entry, 'path');
        checkUnique('secret-files', seen, id);
        const file = rest.trim();
        if (!isFile(file))
            throw new errors/* InputError */.dz('secret-files', `has ${(0,errors/* quote */.hD)(`${id}=${file}`)}: no such file`);
        return { id, path: file };
    });
}
/**
 * `secret-envs`: `id=ENV_NAME`, comma- or newline-separated as the peer splits it. The variable must be set (an
 * unset one is refused); set but empty, the secret is skipped with a warning, like an empty value in `secrets`.
 */
function parseSecretEnvs(entries, env) {
    const values = [];
    const warnings = [];
    const seen = new Set();
    for (const entry of entries) {
        const eq = entry.indexOf('=');
        const id = eq > 0 ? entry.slice(0, eq).trim() : '';
        const variable = entry.slice(eq + 1).trim();
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
    const lines = value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
    return [value, ...(lines.length > 1 ? lines : [])].filter((part) => part.trim() !== '');
}
/**
 * Every secret value in the raw `secrets` text, to be masked before anything can log it. Lenient: when the text
 * does not parse, every line is masked, and its part after "=" (the parse error itself names no value).
 */
function secretTextsToMask(text) {
    try {
        return csvEntries('secrets', text, false).flatMap((entry) => maskedParts(entry.text.slice(entry.text.indexOf('=') + 1)));
    }
    catch {
        const lines = (text ?? '').split(/\r?\n/);
        return [...new Set(lines.flatMap((line) => [...maskedParts(line), ...maskedParts(line.slice(line.indexOf('=') + 1).replace(/^"/, ''))]))];
    }
}
/** A Git context URL's host (https://, git://, ssh://, git@host:, github.com/…), or undefined for anything else. */
function gitHost(context) {
    const scp = /^[A-Za-z0-9_.-]+@([^:/]+):/.exec(context);
    if (scp)
        return scp[1];
    if (context.startsWith('github.com/'))
        return 'github.com';
    const url = /^(?:https?|git|ssh):\/\/(?:[^@/]*@)?([^/:#?]+)/.exec(context);
    if (!url)
        return undefined;
    // an HTTP URL is a Git context when it names a repository; a tarball or a Dockerfile URL is fetched plainly
    return /^git|^ssh/.test(context) || /\.git(?:[#?/]|$)/.test(context) || url[1] === 'github.com' ? url[1] : undefined;
}
/**
 * `github-token` as the peer passes it: the secret GIT_AUTH_TOKEN.<host of GITHUB_SERVER_URL>, with which BuildKit
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

;// CONCATENATED MODULE: ./src/provenance.ts
// The provenance attestation an empty `provenance` asks for, decided as docker/build-push-action decides it, so that
// an image keeps the provenance it had when a workflow switches: mode=max for a public repository, and
// mode=min,inline-only=true (buildx's own default) for a private one, read from the event payload's repository.

/**
 * The `--attest` value for an empty `provenance`, or '' to leave buildx's default: outside a workflow run (no
 * GITHUB_EVENT_PATH), or when BUILDX_NO_DEFAULT_ATTESTATIONS turns default attestations off, as for the peer.
 */
function defaultProvenance({ env, readText }) {
    if (!env.GITHUB_EVENT_PATH || isTrue(env.BUILDX_NO_DEFAULT_ATTESTATIONS))
        return '';
    const mode = repositoryIsPrivate(env.GITHUB_EVENT_PATH, readText) ? 'mode=min,inline-only=true' : 'mode=max';
    const builderId = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `,builder-id=${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`
        : '';
    return `type=provenance,${mode}${builderId}`;
}
/** As the peer reads it: `repository.private` of the payload, false when the payload says nothing. */
function repositoryIsPrivate(eventPath, readText) {
    try {
        const payload = JSON.parse(readText(eventPath));
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
 * export to the Docker daemon (load, type=docker), where the peer leaves it out too; `canAttest` is false for the
 * docker driver on the classic image store, which stores no attestation.
 */
function wantsDefaultProvenance(config, canAttest) {
    const dockerExport = config.load || config.outputs.some((output) => output.split(',').some((field) => field.trim() === 'type=docker'));
    return config.defaultProvenance !== '' && config.provenance === '' && !hasAttestType(config.attests, 'provenance') && !dockerExport && canAttest;
}

;// CONCATENATED MODULE: ./src/inputs.ts












/** Multiple exporters (push and load at once) and ignore-error cache exports need buildx 0.13. */
const MIN_BUILDX = '0.13.0';
const DRIVERS = ['docker-container', 'docker', 'remote', 'kubernetes'];
/** Input defaults. action.yml declares the same ones (a unit test keeps them equal), except platforms: a merge of
 * sources takes what the sources hold unless platforms is given, so the runner must not fill it in. */
const DEFAULTS = {
    qemu: 'true',
    'qemu-image': 'docker.io/tonistiigi/binfmt:latest',
    driver: 'docker-container',
    registry: 'docker.io',
    logout: 'true',
    context: '.',
    platforms: 'linux/amd64,linux/arm64',
    push: 'true',
    load: 'false',
    'no-cache': 'false',
    pull: 'false',
    cache: 'true',
    'push-by-digest': 'false',
    merge: 'false',
    cleanup: 'true',
};
const INPUT_NAMES = [
    'qemu', 'qemu-image', 'driver', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline',
    'builder', 'buildx-version', 'registry', 'username', 'password', 'logout', 'context', 'file', 'platforms', 'tags',
    'labels', 'annotations', 'build-args', 'target', 'secrets', 'push', 'load', 'outputs', 'provenance', 'sbom',
    'no-cache', 'pull', 'cache', 'cache-ref', 'cache-from', 'cache-to', 'push-by-digest', 'merge', 'merge-key', 'sources',
    'test-command', 'registry-auth', 'insecure-registries', 'endpoint', 'node-platforms', 'append',
    'secret-files', 'secret-envs', 'ssh', 'build-contexts', 'add-hosts', 'network', 'shm-size', 'ulimit', 'cgroup-parent',
    'no-cache-filters', 'allow', 'attests', 'call', 'github-token', 'name', 'cleanup',
];
const realFileSystem = {
    isDirectory: (p) => external_node_fs_.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
    isFile: (p) => external_node_fs_.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
    readText: (p) => external_node_fs_.readFileSync(p, 'utf8'),
    exists: (p) => external_node_fs_.existsSync(p),
};
function parseConfig(raw, facts = realFileSystem) {
    const ctx = 'isFile' in facts ? { files: facts } : facts;
    const files = ctx.files ?? realFileSystem;
    const value = (name) => (raw[name] ?? '').trim() || (DEFAULTS[name] ?? '');
    const bool = (name) => parseBoolean(name, value(name));
    const driver = value('driver');
    if (!DRIVERS.includes(driver)) {
        throw new errors/* InputError */.dz('driver', `is ${(0,errors/* quote */.hD)(driver)}: supported drivers are ${DRIVERS.join(', ')}`);
    }
    const builder = value('builder');
    if (builder !== '' && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(builder)) {
        throw new errors/* InputError */.dz('builder', `is ${(0,errors/* quote */.hD)(builder)}: a builder name has letters, digits, "_", "." and "-"`);
    }
    const builderName = parseBuilderName(value('name'));
    checkBuilderName(builderName, builder, driver);
    const driverOpts = listInput('driver-opts', raw['driver-opts'], 'lines');
    const buildkitdFlags = value('buildkitd-flags');
    const buildkitdConfig = value('buildkitd-config');
    const buildkitdConfigInline = (raw['buildkitd-config-inline'] ?? '').trim();
    const builderOnly = [
        ['driver-opts', driverOpts.length > 0],
        ['buildkitd-flags', buildkitdFlags !== ''],
        ['buildkitd-config', buildkitdConfig !== ''],
        ['buildkitd-config-inline', buildkitdConfigInline !== ''],
    ];
    for (const [name, given] of builderOnly) {
        if (given && builder !== '')
            throw new errors/* InputError */.dz(name, `cannot be used with "builder": the action does not create a builder then`);
        if (given && driver === 'docker')
            throw new errors/* InputError */.dz(name, `cannot be used with driver "docker": it configures a builder the action creates (driver docker-container)`);
        if (given && driver === 'remote' && name.startsWith('buildkitd'))
            throw new errors/* InputError */.dz(name, 'cannot be used with driver "remote": the remote BuildKit daemon runs with its own flags and config');
    }
    const endpoint = value('endpoint');
    if (endpoint !== '' && driver === 'kubernetes')
        throw new errors/* InputError */.dz('endpoint', 'cannot be used with driver "kubernetes": it reaches the cluster through the kubeconfig; use driver-opts (namespace=…)');
    const endpointIssue = endpoint === '' ? undefined : (0,src_nodes/* endpointProblem */.$Q)(endpoint, driver);
    if (endpointIssue)
        throw new errors/* InputError */.dz('endpoint', `is ${(0,errors/* quote */.hD)(endpoint)}, which ${endpointIssue}`);
    if (driver === 'remote' && endpoint === '')
        throw new errors/* InputError */.dz('endpoint', 'is empty but driver is "remote": give the BuildKit daemon\'s address, e.g. tcp://buildkitd:1234');
    const appendParsed = (raw.append ?? '').trim() === '' ? undefined : parseYamlInput('append', raw.append, ctx.parseYaml);
    const appended = (0,src_nodes/* parseAppend */.cZ)(appendParsed, driver);
    const firstPinned = (0,src_nodes/* nodePlatforms */.l5)('node-platforms', '', value('node-platforms'));
    const nodeInputs = [['endpoint', endpoint !== ''], ['node-platforms', firstPinned.length > 0], ['append', appended.length > 0]];
    for (const [name, given] of nodeInputs) {
        if (given && builder !== '')
            throw new errors/* InputError */.dz(name, 'cannot be used with "builder": the action does not create a builder then');
        if (given && driver === 'docker')
            throw new errors/* InputError */.dz(name, 'cannot be used with driver "docker", which has one node, the Docker daemon');
    }
    const nodes = [{ name: '', endpoint, platforms: firstPinned, driverOpts, buildkitdFlags }, ...appended];
    (0,src_nodes/* checkNodes */.or)(nodes);
    if (buildkitdConfig !== '' && buildkitdConfigInline !== '') {
        throw new errors/* InputError */.dz('buildkitd-config-inline', 'cannot be used together with "buildkitd-config": give one of them');
    }
    if (buildkitdConfig !== '' && !files.isFile(buildkitdConfig)) {
        throw new errors/* InputError */.dz('buildkitd-config', `is ${(0,errors/* quote */.hD)(buildkitdConfig)}: no such file`);
    }
    const buildxVersion = value('buildx-version').replace(/^v/, '');
    if (buildxVersion !== '' && buildxVersion !== 'latest' && semver_default().valid(buildxVersion) !== buildxVersion) {
        throw new errors/* InputError */.dz('buildx-version', `is ${(0,errors/* quote */.hD)(value('buildx-version'))}: expected a buildx release such as 0.29.1 or "latest"`);
    }
    const qemuImage = value('qemu-image');
    if (qemuImage !== 'host')
        checkReference('qemu-image', qemuImage);
    const registry = value('registry');
    if (!/^[a-zA-Z0-9.-]+(?::[0-9]{1,5})?$|^\[[a-fA-F0-9:]+\](?::[0-9]{1,5})?$/.test(registry) || referenceProblem(`${registry}/x`) !== undefined) {
        throw new errors/* InputError */.dz('registry', `is ${(0,errors/* quote */.hD)(registry)}: expected a registry host such as docker.io, ghcr.io or localhost:5000`);
    }
    const username = value('username');
    const password = raw.password ?? '';
    if (username !== '' && password === '')
        throw new errors/* InputError */.dz('password', 'is empty but "username" is set: give both or neither');
    if (username === '' && password !== '')
        throw new errors/* InputError */.dz('username', 'is empty but "password" is set: give both or neither');
    const platforms = parsePlatforms(raw.platforms ?? '', value('platforms'));
    const unserved = platforms.find((platform) => (0,src_nodes/* nodeFor */.Oi)(platform, nodes) === undefined);
    if (unserved && builder === '' && driver !== 'docker') {
        throw new errors/* InputError */.dz('platforms', `has ${unserved}, which no node of the builder is pinned to (each node has fixed platforms): add it to a node's platforms, or add a node without platforms`);
    }
    const tags = listInput('tags', raw.tags, 'commas');
    for (const tag of tags) {
        const problem = referenceProblem(tag);
        if (problem)
            throw new errors/* InputError */.dz('tags', `has ${(0,errors/* quote */.hD)(tag)}, which ${problem}`);
        if (tag.includes('@'))
            throw new errors/* InputError */.dz('tags', `has ${(0,errors/* quote */.hD)(tag)}: a tag cannot hold a digest`);
    }
    const call = parseCall(value('call'));
    // a check (outline, targets) evaluates the build and exports nothing, as buildx does: no push, no tags needed
    const push = bool('push') && !isSubrequest(call);
    const load = bool('load');
    const outputs = listInput('outputs', raw.outputs, 'lines');
    const pushByDigest = bool('push-by-digest');
    const merge = bool('merge');
    const mode = merge ? 'merge' : pushByDigest ? 'leg' : 'build';
    if (pushByDigest && merge)
        throw new errors/* InputError */.dz('merge', 'is true and so is "push-by-digest": a step either pushes one leg or merges them');
    if ((push || mode !== 'build') && tags.length === 0) {
        throw new errors/* InputError */.dz('tags', mode === 'build' ? 'is empty but "push" is true: give at least one tag to push, or set push: false' : `is empty: the ${mode === 'leg' ? 'leg pushes to' : 'merge tags'} the repository of the first tag`);
    }
    checkCall(call, mode, value('test-command'));
    if (merge && !push)
        throw new errors/* InputError */.dz('push', 'is false but "merge" is true: a merge pushes the index it creates');
    if (pushByDigest && !push)
        throw new errors/* InputError */.dz('push', 'is false but "push-by-digest" is true: a leg pushes its platforms for the merge step');
    const sources = listInput('sources', raw.sources, 'commas');
    if (sources.length > 0 && mode !== 'merge')
        throw new errors/* InputError */.dz('sources', 'is set but "merge" is false: sources are the images a merge step combines');
    for (const source of sources) {
        const problem = referenceProblem(source);
        if (problem)
            throw new errors/* InputError */.dz('sources', `has ${(0,errors/* quote */.hD)(source)}, which ${problem}`);
    }
    const mergeKey = value('merge-key') || (ctx.run?.id ? `${ctx.run.id}-${ctx.run.attempt || '1'}` : '');
    if (mode !== 'build' && sources.length === 0) {
        if (mergeKey === '')
            throw new errors/* InputError */.dz('merge-key', 'is empty and GITHUB_RUN_ID is not set: give the same merge-key to the legs and the merge step of one run');
        if (!/^[A-Za-z0-9_.-]{1,60}$/.test(mergeKey))
            throw new errors/* InputError */.dz('merge-key', `is ${(0,errors/* quote */.hD)(mergeKey)}: up to 60 letters, digits, "_", "." and "-"`);
    }
    const testCommand = (raw['test-command'] ?? '').trim();
    if (testCommand !== '' && driver === 'docker') {
        // the images are pushed by digest first, so that no tag moves before the tests pass; the docker driver cannot
        throw new errors/* InputError */.dz('test-command', 'cannot be used with driver "docker", which cannot push by digest: use driver docker-container');
    }
    if (testCommand !== '' && (!push || mode === 'merge')) {
        throw new errors/* InputError */.dz('test-command', mode === 'merge' ? 'cannot be used with "merge": test in the legs, which push the images' : 'is set but "push" is false: the test runs in the pushed images before tags move');
    }
    const context = value('context');
    // a merge builds nothing: its context and Dockerfile are not looked at
    const isRemoteContext = mode === 'merge' || /^(?:https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context);
    if (context === '-' && mode !== 'merge')
        throw new errors/* InputError */.dz('context', 'is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL');
    if (!isRemoteContext && !files.isDirectory(context)) {
        throw new errors/* InputError */.dz('context', `is ${(0,errors/* quote */.hD)(context)}: no such directory`);
    }
    const file = value('file');
    if (!isRemoteContext) {
        const dockerfile = file !== '' ? file : external_node_path_.join(context, 'Dockerfile');
        if (!files.isFile(dockerfile)) {
            throw new errors/* InputError */.dz('file', `is ${(0,errors/* quote */.hD)(dockerfile)}: no such file${file === '' ? ' (the default is Dockerfile in the context)' : ''}`);
        }
    }
    const buildArgs = keyValueList('build-args', raw['build-args'], false);
    const labels = keyValueList('labels', raw.labels, true);
    const annotations = keyValueList('annotations', raw.annotations, true);
    const env = ctx.env ?? {};
    const local = { exists: (p) => files.exists?.(p) ?? (files.isFile(p) || files.isDirectory(p)), isDirectory: (p) => files.isDirectory(p), env };
    const userSecrets = parseSecrets(raw.secrets);
    const secretFiles = parseSecretFiles(raw['secret-files'], (p) => files.isFile(p));
    const secretEnvs = parseSecretEnvs(listInput('secret-envs', raw['secret-envs'], 'commas'), env);
    checkSecretIdsUnique([['secrets', userSecrets.values], ['secret-files', secretFiles], ['secret-envs', secretEnvs.values]]);
    const buildContexts = parseBuildContexts(listInput('build-contexts', raw['build-contexts'], 'lines'), local);
    const secretIds = [...userSecrets.values, ...secretFiles, ...secretEnvs.values].map((secret) => secret.id);
    const gitToken = gitAuthSecret((raw['github-token'] ?? '').trim(), env.GITHUB_SERVER_URL, [context, ...buildContexts.map((c) => c.slice(c.indexOf('=') + 1))], secretIds);
    const secrets = gitToken ? [...userSecrets.values, gitToken] : userSecrets.values;
    const cache = bool('cache');
    const cacheRefInput = value('cache-ref');
    if (cacheRefInput !== '')
        checkReference('cache-ref', cacheRefInput);
    if (cacheRefInput.includes('@'))
        throw new errors/* InputError */.dz('cache-ref', `is ${(0,errors/* quote */.hD)(cacheRefInput)}: a cache is written under a tag, not a digest`);
    // legs build in parallel: one cache ref each, or the last leg to finish would overwrite the others' cache
    const baseCacheRef = cacheRefInput !== '' ? cacheRefInput : tags.length > 0 ? `${repositoryOf(tags[0])}:buildcache` : '';
    const cacheRef = mode === 'leg' && baseCacheRef !== '' ? derivedRef(baseCacheRef, platforms.map((p) => p.replace(/\//g, '-')).join('_')) : baseCacheRef;
    const insecureRegistries = listInput('insecure-registries', raw['insecure-registries'], 'commas');
    for (const host of insecureRegistries) {
        if (!isRegistryHost(host))
            throw new errors/* InputError */.dz('insecure-registries', `has ${(0,errors/* quote */.hD)(host)}: expected a registry host such as localhost:5000 or registry.internal`);
    }
    if (insecureRegistries.length > 0 && driver === 'remote') {
        throw new errors/* InputError */.dz('insecure-registries', 'cannot be used with driver "remote": a remote daemon reads its own buildkitd.toml; mark the registries there (http = true)');
    }
    if (insecureRegistries.length > 0 && builder !== '')
        throw new errors/* InputError */.dz('insecure-registries', 'cannot be used with "builder": configure that builder\'s buildkitd.toml');
    const remoteInsecure = insecureRegistries.filter((host) => !isLoopback(host));
    if (remoteInsecure.length > 0 && driver === 'docker') {
        throw new errors/* InputError */.dz('insecure-registries', `has ${remoteInsecure.join(', ')}, but driver "docker" pushes through the daemon: list them in the daemon's "insecure-registries" (daemon.json)`);
    }
    const baseBuildkitdConfig = buildkitdConfig !== '' ? (files.readText?.(buildkitdConfig) ?? '') : buildkitdConfigInline;
    const clash = insecureRegistries.find((host) => baseBuildkitdConfig.includes(`[registry."${host}"]`));
    if (clash) {
        throw new errors/* InputError */.dz('insecure-registries', `has ${clash}, which the buildkitd config already has a [registry."${clash}"] section for: put http = true there, or drop it from one of them`);
    }
    const logins = registryLogins(registry, username, password, raw['registry-auth'], ctx.parseYaml);
    return Object.freeze({
        mode,
        mergeKey,
        sources,
        testCommand,
        logins,
        insecureRegistries,
        qemu: bool('qemu'),
        qemuImage,
        driver: driver,
        driverOpts,
        nodes,
        buildkitdFlags,
        buildkitdConfig,
        buildkitdConfigInline,
        builder,
        buildxVersion,
        registry,
        username,
        password,
        logout: bool('logout'),
        context,
        file,
        platforms,
        platformsGiven: (raw.platforms ?? '').trim() !== '',
        tags,
        labels,
        annotations,
        buildArgs,
        target: value('target'),
        secrets,
        secretFiles,
        secretEnvs: secretEnvs.values,
        ssh: parseSsh(listInput('ssh', raw.ssh, 'commas'), local),
        buildContexts,
        addHosts: parseAddHosts(listInput('add-hosts', raw['add-hosts'], 'commas')),
        network: parseNetwork(value('network')),
        shmSize: parseShmSize(value('shm-size')),
        ulimits: parseUlimits(listInput('ulimit', raw.ulimit, 'lines')),
        cgroupParent: parseCgroupParent(value('cgroup-parent')),
        noCacheFilters: parseNoCacheFilters(listInput('no-cache-filters', raw['no-cache-filters'], 'commas')),
        allow: parseAllow(listInput('allow', raw.allow, 'commas')),
        attests: parseAttests(listInput('attests', raw.attests, 'lines')),
        call,
        defaultProvenance: defaultProvenance({ env, readText: (p) => (files.readText ?? ((f) => external_node_fs_.readFileSync(f, 'utf8')))(p) }),
        builderName,
        cleanup: bool('cleanup'),
        warnings: [...userSecrets.warnings, ...secretEnvs.warnings],
        push,
        load,
        outputs,
        provenance: value('provenance'),
        sbom: value('sbom'),
        noCache: bool('no-cache'),
        pull: bool('pull'),
        cache,
        cacheRef,
        cacheFrom: listInput('cache-from', raw['cache-from'], 'lines'),
        cacheTo: listInput('cache-to', raw['cache-to'], 'lines'),
    });
}
const REGISTRY_HOST = /^[a-zA-Z0-9.-]+(?::[0-9]{1,5})?$|^\[[a-fA-F0-9:]+\](?::[0-9]{1,5})?$/;
function isRegistryHost(host) {
    return REGISTRY_HOST.test(host) && referenceProblem(`${host}/x`) === undefined;
}
/** Docker treats loopback registries as insecure on its own. */
function isLoopback(host) {
    return /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/.test(host);
}
/**
 * The logins: the `registry`/`username`/`password` inputs, then each entry of `registry-auth`, a YAML list of
 * `{registry, username, password}` as docker/login-action reads it. Errors name the entry, never its password.
 */
function registryLogins(registry, username, password, yamlText, parseYaml) {
    const logins = username !== '' ? [{ registry, username, password }] : [];
    if ((yamlText ?? '').trim() === '')
        return logins;
    const entries = parseYamlInput('registry-auth', yamlText, parseYaml);
    if (!Array.isArray(entries))
        throw new errors/* InputError */.dz('registry-auth', 'is not a YAML list: expected "- registry: …" entries with username and password');
    entries.forEach((entry, index) => {
        const where = `entry ${index + 1}`;
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
            throw new errors/* InputError */.dz('registry-auth', `${where} is not a mapping of registry, username and password`);
        const fields = entry;
        // a mis-split flow mapping can turn part of a password into a key or a registry: such text is never repeated
        if (Object.keys(fields).some((key) => !['registry', 'username', 'password'].includes(key))) {
            throw new errors/* InputError */.dz('registry-auth', `${where} has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")`);
        }
        for (const key of ['registry', 'username', 'password']) {
            if (fields[key] !== undefined && fields[key] !== null && typeof fields[key] !== 'string') {
                throw new errors/* InputError */.dz('registry-auth', `${where} has a ${key} that is not a string: quote it`);
            }
        }
        const text = (key) => (fields[key] ?? '').trim();
        const entryRegistry = text('registry') || 'docker.io';
        if (!isRegistryHost(entryRegistry))
            throw new errors/* InputError */.dz('registry-auth', `${where} has a registry that is not a registry host such as ghcr.io`);
        if (text('username') === '' || text('password') === '')
            throw new errors/* InputError */.dz('registry-auth', `${where} (${entryRegistry}) needs both username and password`);
        if (logins.some((login) => login.registry === entryRegistry))
            throw new errors/* InputError */.dz('registry-auth', `${where} logs in to ${entryRegistry} a second time`);
        logins.push({ registry: entryRegistry, username: text('username'), password: text('password') });
    });
    return logins;
}
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
/** YAML 1.2 core booleans, as the Actions runner documents them. */
function parseBoolean(name, text) {
    if (['true', 'True', 'TRUE'].includes(text))
        return true;
    if (['false', 'False', 'FALSE'].includes(text))
        return false;
    throw new errors/* InputError */.dz(name, `is ${(0,errors/* quote */.hD)(text)}: expected true or false`);
}
/**
 * A list input: one entry per line, and with `commas` also comma-separated with CSV quoting for values that
 * hold a comma. Blank lines are skipped (a YAML block's trailing newline included), but an empty entry between
 * commas is refused: it is nearly always a `${{ }}` expression that came out empty.
 */
function listInput(name, text, separators) {
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
        if (fields.some((field) => field === '')) {
            throw new errors/* InputError */.dz(name, `has an empty entry in ${(0,errors/* quote */.hD)(line)}: remove the extra comma (an empty \${{ }} expression?)`);
        }
        entries.push(...fields);
    }
    return entries;
}
/** Canonical platforms in the order given, duplicates (after aliases are resolved) dropped. */
function parsePlatforms(text, fallback) {
    const names = listInput('platforms', text.trim() === '' ? fallback : text, 'commas');
    const platforms = [];
    for (const name of names) {
        const canonical = (0,src_platforms/* canonicalPlatform */._l)(name);
        if (!canonical) {
            throw new errors/* InputError */.dz('platforms', `has ${(0,errors/* quote */.hD)(name)}, which is not a known platform: use ${src_platforms/* ACCEPTED_PLATFORMS */.jm} (or an alias: ${src_platforms/* ACCEPTED_ALIASES */.Nn})`);
        }
        if (!platforms.includes(canonical))
            platforms.push(canonical);
    }
    if (platforms.length === 0)
        throw new errors/* InputError */.dz('platforms', 'is empty: give at least one platform');
    return platforms;
}
function keyValueList(name, text, valueRequired) {
    const entries = listInput(name, text, 'lines');
    for (const entry of entries) {
        const eq = entry.indexOf('=');
        const key = eq >= 0 ? entry.slice(0, eq) : entry;
        if (key.trim() === '' || /\s/.test(key) || (valueRequired && eq < 0)) {
            throw new errors/* InputError */.dz(name, `has ${(0,errors/* quote */.hD)(entry)}: expected KEY=VALUE${valueRequired ? '' : ' (or KEY to pass it from the environment)'}`);
        }
    }
    return entries;
}
function checkReference(name, ref) {
    const problem = referenceProblem(ref);
    if (problem)
        throw new errors/* InputError */.dz(name, `is ${(0,errors/* quote */.hD)(ref)}, which ${problem}`);
}
/**
 * The checks that need a fact of the Docker installation (read-only): buildx present, and `load` of several
 * platforms only where the image store can hold a multi-platform image.
 */
function checkAgainstDocker(config, facts) {
    if (config.buildxVersion === '') {
        if (facts.buildxVersion === undefined) {
            throw new errors/* InputError */.dz('buildx-version', 'is empty and the docker buildx plugin is not installed: install docker-buildx, or set buildx-version to download a release');
        }
        const installed = semver_default().coerce(facts.buildxVersion);
        if (installed && semver_default().lt(installed, MIN_BUILDX)) {
            throw new errors/* InputError */.dz('buildx-version', `is empty and the installed buildx is ${facts.buildxVersion}, older than ${MIN_BUILDX}: upgrade docker-buildx, or set buildx-version to download a release`);
        }
    }
    else if (config.buildxVersion !== 'latest' && semver_default().lt(config.buildxVersion, MIN_BUILDX)) {
        throw new errors/* InputError */.dz('buildx-version', `is ${(0,errors/* quote */.hD)(config.buildxVersion)}: the action needs buildx ${MIN_BUILDX} or newer`);
    }
    if (config.driver === 'docker' && !facts.containerdStore) {
        if (config.platforms.length > 1) {
            throw new errors/* InputError */.dz('platforms', `has ${config.platforms.length} platforms (${config.platforms.join(',')}), but driver "docker" on the classic image store builds one platform: use driver docker-container, or enable the containerd image store`);
        }
        if (config.cacheTo.length > 0) {
            throw new errors/* InputError */.dz('cache-to', 'is set, but driver "docker" on the classic image store cannot export a cache: use driver docker-container, or enable the containerd image store');
        }
    }
    if (config.load && config.platforms.length > 1 && !facts.containerdStore) {
        throw new errors/* InputError */.dz('load', `is true with ${config.platforms.length} platforms (${config.platforms.join(',')}), but the Docker daemon uses the classic image store, which cannot hold a multi-platform image: load one platform, or enable the containerd image store ("features": {"containerd-snapshotter": true})`);
    }
}
/** The one place inputs are read; secrets are masked before anything can log them. */
async function readConfig() {
    const raw = {};
    for (const name of INPUT_NAMES)
        raw[name] = core.getInput(name);
    // a secret's value is taken as written, spaces and final newline included, as the peer takes it
    raw.secrets = core.getInput('secrets', { trimWhitespace: false });
    if (raw.password)
        core.setSecret(raw.password);
    if (raw['github-token'])
        core.setSecret(raw['github-token']);
    for (const part of secretTextsToMask(raw.secrets))
        core.setSecret(part);
    // registry-auth and append are rare: the YAML parser loads only when one is given. Every scalar stays a string
    // (failsafe schema): a password like 0123 or 1e3 must not turn into a number
    const yaml = raw['registry-auth']?.trim() || raw.append?.trim() ? await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19)) : undefined;
    const parseYaml = yaml ? (text) => yaml.parse(text, { schema: 'failsafe' }) : undefined;
    const config = parseConfig(raw, { run: { id: process.env.GITHUB_RUN_ID, attempt: process.env.GITHUB_RUN_ATTEMPT }, parseYaml, env: process.env });
    for (const credentials of config.logins)
        core.setSecret(credentials.password);
    for (const { variable } of config.secretEnvs)
        for (const part of maskedParts(process.env[variable] ?? ''))
            core.setSecret(part);
    for (const warning of config.warnings)
        core.warning(warning);
    return config;
}

;// CONCATENATED MODULE: ./src/build-log.ts
// "#7 [linux/arm64 2/3] RUN …", "#7 [linux/amd64->arm64 build 2/3] …", "#7 [stage-1  1/12] …"
const STEP = /^#(\d+) \[\s*(?:([a-z0-9]+\/[a-z0-9]+(?:\/v[0-9]+)?)(?:->[a-z0-9/]+)?\s+)?(?:[\w.-]+\s+)?\d+\/\d+\] /;
const CACHED = /^#(\d+) CACHED$/;
/**
 * Counts, per platform, the Dockerfile steps and those served from a cache ("#7 CACHED"), one line at a time: a
 * build log can be gigabytes and is never held whole. Steps without a platform (single-platform builds) count
 * under "".
 */
class BuildLogStats {
    vertex = new Map();
    cachedVertices = new Set();
    addLine(line) {
        const step = STEP.exec(line);
        if (step && !this.vertex.has(step[1]))
            this.vertex.set(step[1], step[2] ?? '');
        const hit = CACHED.exec(line);
        if (hit)
            this.cachedVertices.add(hit[1]);
    }
    stats() {
        const steps = {};
        const cached = {};
        for (const [id, platform] of this.vertex) {
            steps[platform] = (steps[platform] ?? 0) + 1;
            cached[platform] = (cached[platform] ?? 0) + (this.cachedVertices.has(id) ? 1 : 0);
        }
        return { steps, cached };
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
    for (const [platform, stats] of perPlatform) {
        steps[platform] = Object.values(stats.steps).reduce((a, b) => a + b, 0);
        cached[platform] = Object.values(stats.cached).reduce((a, b) => a + b, 0);
    }
    return { steps, cached };
}

// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/digests.ts




const INDEX_MEDIA_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
function parseMetadata(json) {
    const metadata = JSON.parse(json);
    const text = (key) => (typeof metadata[key] === 'string' ? metadata[key] : undefined);
    return { digest: text('containerimage.digest'), configDigest: text('containerimage.config.digest') };
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
        const platform = (0,src_platforms/* platformOfDescriptor */.KZ)(entry.platform);
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
            configs[(0,src_platforms/* platformOfDescriptor */.KZ)(parsePlatformKey(platform))] = config;
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
        const actual = config ? (0,src_platforms/* platformOfDescriptor */.KZ)(config) : 'no config';
        if (actual !== platform)
            mismatches.push(`${platform} (its image config says ${actual})`);
    }
    return mismatches;
}
/**
 * Reads what the registry holds at `repository@digest` with one command: the index (fetched by digest, so the
 * registry's content is checked against it) and each platform's image config.
 */
async function inspectPushed(exec, repository, digest, builder) {
    const ref = `${repository}@${digest}`;
    const result = await (0,retry/* withRetry */.bD)(`reading ${ref}`, retry/* REGISTRY_RETRY */.dv, () => (0,src_exec/* runOrThrow */.nf)(exec, `reading the pushed image ${ref}`, 'docker', ['buildx', 'imagetools', 'inspect', '--builder', builder, '--format', '{{json .}}', ref], { silent: true }));
    return parseInspect(result.stdout);
}
/** Throws, naming the platform, unless the index holds exactly the requested platforms, each with a matching config. */
function verifyPushed(pushed, digests, requested, digest) {
    const { missing, extra } = platformMismatch(digests, requested);
    if (missing.length > 0 || extra.length > 0) {
        throw new Error(`the pushed index ${digest} does not hold the requested platforms (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'})`);
    }
    const mismatches = configMismatches(pushed, digests);
    if (mismatches.length > 0)
        throw new Error(`the pushed index ${digest} lists an image under the wrong platform: ${mismatches.join('; ')}`);
}

;// CONCATENATED MODULE: ./src/merge.ts




// Legs of a native multi-runner build meet in the registry, under temporary tags in the image's own repository:
// that works wherever the image can be pushed (self-hosted runners, GitHub Enterprise Server), needs nothing passed
// between jobs, and the merge step removes the tags. The merge key (run id and attempt) keeps concurrent runs and
// re-run attempts apart.
const LEG_PREFIX = 'buildx-multiarch-leg';
/** The temporary tag under which a leg leaves one platform for the merge step. */
function legTag(repository, mergeKey, platform) {
    return `${repository}:${LEG_PREFIX}-${mergeKey}-${platform.replace(/\//g, '-')}`;
}
function imagetoolsCreateArgs(builder, tags, sources) {
    return ['buildx', 'imagetools', 'create', '--builder', builder, ...tags.flatMap((tag) => ['--tag', tag]), ...sources];
}
/** The digest imagetools create pushed, from its progress ("pushing sha256:… to ghcr.io/acme/app:1"). */
function createdDigest(output) {
    return /pushing (sha256:[a-f0-9]{64}) to /.exec(output)?.[1];
}
/** The legs' platforms, each from its temporary tag; a platform no leg pushed fails the merge, named. */
async function readLegs(exec, config, repository, builder) {
    const legs = await Promise.all(config.platforms.map(async (platform) => {
        const tag = legTag(repository, config.mergeKey, platform);
        const result = await (0,retry/* withRetry */.bD)(`reading ${tag}`, retry/* REGISTRY_RETRY */.dv, async () => {
            const inspected = await exec('docker', ['buildx', 'imagetools', 'inspect', '--builder', builder, '--format', '{{json .}}', tag], { silent: true });
            if (inspected.exitCode === 0 || /not found|manifest unknown/i.test(inspected.stderr))
                return inspected;
            throw new errors/* CommandError */.Qd(`reading ${tag}`, inspected.exitCode, (0,src_exec.failureReason)(inspected));
        });
        if (result.exitCode !== 0) {
            throw new Error(`no leg pushed ${platform} for merge key ${config.mergeKey} (${tag} does not exist): did that platform's build job finish, in this run attempt?`);
        }
        const pushed = parseInspect(result.stdout);
        const digest = JSON.parse(pushed.manifestJson).digest;
        const platforms = platformDigests(pushed.manifestJson, [platform], digest);
        if (!platforms[platform])
            throw new Error(`the leg under ${tag} does not hold ${platform} (it holds ${Object.keys(platforms).join(', ')})`);
        return { platform, digest, platforms };
    }));
    return legs;
}
/** Creates (or moves) the tags onto one index made of the sources; returns the index digest. */
async function createIndex(exec, builder, tags, sources, policy = retry/* REGISTRY_RETRY */.dv) {
    const result = await (0,retry/* withRetry */.bD)(`creating ${tags[0]}`, policy, () => (0,src_exec/* runOrThrow */.nf)(exec, `creating ${tags.join(', ')} from ${sources.join(', ')}`, 'docker', imagetoolsCreateArgs(builder, tags, sources)));
    const digest = createdDigest(`${result.stderr}\n${result.stdout}`);
    if (!digest)
        throw new Error(`imagetools create did not say which index it pushed to ${tags[0]}`);
    return digest;
}

;// CONCATENATED MODULE: ./src/build.ts








const ECR = /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$|^public\.ecr\.aws$/;
/**
 * The registry cache: from and to `cache-ref` with mode=max by default, raw `cache-from`/`cache-to` replacing
 * their half. The default export never fails a good build (ignore-error), and is written only when pushing.
 */
function cacheFlags(config, canExport = true) {
    const useDefault = config.cache && config.cacheRef !== '';
    const ref = config.cacheRef;
    // ECR refuses the cache's own manifest type; an image manifest with OCI media types it stores (buildkit#3687)
    const from = config.cacheFrom.length > 0 ? config.cacheFrom : useDefault ? [`type=registry,ref=${ref}`] : [];
    const to = config.cacheTo.length > 0 ? config.cacheTo : useDefault && config.push && canExport ? [defaultCacheTo(ref)] : [];
    return { from, to };
}
function defaultCacheTo(ref) {
    // ECR refuses the cache's own manifest type; an image manifest with OCI media types it stores (buildkit#3687)
    const ecr = ECR.test(registryOf(ref)) ? ',image-manifest=true,oci-mediatypes=true' : '';
    return `type=registry,ref=${ref},mode=max,ignore-error=true${ecr}`;
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
    const refs = config.platforms.map((platform) => derivedRef(config.cacheRef, platform.replace(/\//g, '-')));
    return config.platforms.map((platform, i) => ({
        ...config,
        platforms: [platform],
        cacheFrom: refs.map((ref) => `type=registry,ref=${ref}`),
        cacheTo: [defaultCacheTo(refs[i])],
    }));
}
function secretEnvName(index) {
    return `BUILDX_MULTIARCH_SECRET_${index}`;
}
/** `byDigest`: push by digest whatever the config says (one platform of a per-platform build). */
function pushPlan(config, byDigest = false) {
    const tags = config.mode === 'leg' ? config.platforms.map((p) => legTag(repositoryOf(config.tags[0]), config.mergeKey, p)) : config.tags;
    if (config.testCommand === '' && !byDigest)
        return { buildTags: tags, tagAfter: [] };
    return { buildTags: [], byDigestTo: repositoryOf(config.tags[0]), tagAfter: tags };
}
/** `canExportCache` is false for the docker driver on the classic image store, which cannot export a cache. */
function buildCommand(config, builder, metadataFile, canExportCache = true, byDigest = false) {
    const args = ['buildx', 'build', '--builder', builder, '--platform', config.platforms.join(',')];
    const env = {};
    const plan = pushPlan(config, byDigest);
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
    if (config.push && plan.byDigestTo)
        args.push('--output', `type=image,name=${plan.byDigestTo},push-by-digest=true,name-canonical=true,push=true`);
    else if (config.push)
        args.push('--push');
    // the docker driver's image exporter always stores the image in the daemon; a --load beside --push exports it
    // there a second time, which fails now and then with "image … already exists"
    const loadedAnyway = config.driver === 'docker' && config.builder === '' && config.push;
    if (config.load && !loadedAnyway)
        args.push('--load');
    for (const output of config.outputs)
        args.push('--output', output);
    args.push('--metadata-file', metadataFile, config.context);
    return { args, env };
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
/** buildx reads --secret as CSV: a field holding a comma or a quote is quoted. */
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
 * empty `provenance` gets the peer's default for the repository (public: mode=max, private: mode=min).
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
function buildDescription(config, byDigest = false) {
    const plan = pushPlan(config, byDigest);
    const where = !config.push ? '' : plan.byDigestTo ? ` and pushing by digest to ${plan.byDigestTo}` : ` and pushing to ${plan.buildTags.join(', ')}`;
    return `building ${config.platforms.join(', ')}${where}`;
}
/**
 * A failed build. `userStep` is true when one of the Dockerfile's own RUN steps failed: that is the project's
 * error, never retried, even when its output happens to look like a registry hiccup.
 */
class BuildError extends errors/* CommandError */.Qd {
    userStep;
    constructor(doing, exitCode, reason, userStep) {
        super(doing, exitCode, reason);
        this.userStep = userStep;
    }
}
function buildError(config, result, byDigest = false) {
    // a check's findings go to stdout, their count on its first line ("Check complete, 1 warning has been found!")
    const finding = isSubrequest(config.call) ? result.stdout.trim().split(/\r?\n/)[0] : '';
    if (finding)
        return new BuildError(`${config.call.split(',')[0]} of the build`, result.exitCode, finding, true);
    const step = failedStep(result.stderr);
    const doing = step ? `building ${step.platform ?? config.platforms.join(', ')} (step ${step.step})` : buildDescription(config, byDigest);
    return new BuildError(doing, result.exitCode, (0,src_exec.failureReason)(result), step !== undefined && /^\[[^\]]*\] RUN /.test(step.step));
}
/** Builds and pushes; a registry hiccup (token, blob upload, manifest put) reruns the build, which the cache makes cheap. */
async function build(exec, config, builder, metadataFile, canExportCache, byDigest = false, policy = retry/* REGISTRY_RETRY */.dv) {
    const command = buildCommand(config, builder, metadataFile, canExportCache, byDigest);
    return (0,retry/* withRetry */.bD)(buildDescription(config, byDigest), policy, async () => {
        const log = new BuildLogStats();
        const result = await exec('docker', command.args, { env: command.env, onLine: (line) => log.addLine(line) });
        if (result.exitCode !== 0)
            throw buildError(config, result, byDigest);
        return log.stats();
    }, undefined, isRetriableBuildFailure);
}
/** A registry hiccup outside the Dockerfile's own steps: worth a rerun. */
function isRetriableBuildFailure(error) {
    return error instanceof BuildError && !error.userStep && (0,retry/* isTransient */.dg)(error.message);
}

;// CONCATENATED MODULE: ./src/registry.ts
// The registry's HTTP API: reading what was pushed without a process per read, and the one thing the docker CLI
// cannot do at all, deleting a manifest (the merge's temporary leg tags).





function manifestRef(repository, digest) {
    const ref = parseReference(repository);
    const registry = !ref.domain || ref.domain === 'index.docker.io' || ref.domain === 'registry-1.docker.io' ? 'docker.io' : ref.domain;
    // Docker Hub's official images live under library/
    const path = registry === 'docker.io' && !ref.path.includes('/') ? `library/${ref.path}` : ref.path;
    return { registry, repository: path, digest };
}
/** The API host of a registry: Docker Hub's API lives elsewhere than its name. */
function apiHost(registry) {
    return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}
/** The token request a Bearer challenge asks for ("Bearer realm=…,service=…,scope=…"), or undefined for Basic. */
function tokenUrl(challenge, scope) {
    if (!/^Bearer\s/i.test(challenge))
        return undefined;
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1].toLowerCase(), m[2]]));
    if (!params.realm)
        return undefined;
    const url = new URL(params.realm);
    if (params.service)
        url.searchParams.set('service', params.service);
    url.searchParams.set('scope', scope);
    return url.toString();
}
/**
 * The registry's HTTP API for one repository, in-process: reading a pushed image this way costs milliseconds
 * where a `docker buildx imagetools` process costs a few hundred. Basic credentials, or a Bearer token fetched
 * once with them when the registry challenges; plain HTTP only for loopback and the named insecure registries.
 */
class RegistryClient {
    ref;
    login;
    token;
    base;
    constructor(ref, login, insecure) {
        this.ref = ref;
        this.login = login;
        const scheme = isLoopback(ref.registry) || insecure.includes(ref.registry) ? 'http' : 'https';
        this.base = `${scheme}://${apiHost(ref.registry)}/v2/${ref.repository}`;
    }
    basic() {
        return this.login ? { Authorization: `Basic ${Buffer.from(`${this.login.username}:${this.login.password}`).toString('base64')}` } : {};
    }
    async request(method, path, headers = {}) {
        const url = `${this.base}${path}`;
        const auth = this.token ? { Authorization: `Bearer ${this.token}` } : this.basic();
        const response = await fetch(url, { method, headers: { ...headers, ...auth }, signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (response.status !== 401 || this.token)
            return response;
        const scope = `repository:${this.ref.repository}:${method === 'DELETE' ? 'delete,pull' : 'pull'}`;
        const tokenRequest = tokenUrl(response.headers.get('www-authenticate') ?? '', scope);
        if (!tokenRequest)
            return response;
        const tokenResponse = await fetch(tokenRequest, { headers: this.basic(), signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (!tokenResponse.ok)
            throw new Error(`token request to ${new URL(tokenRequest).host}: ${tokenResponse.status} ${tokenResponse.statusText}`);
        const body = (await tokenResponse.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new Error(`token request to ${new URL(tokenRequest).host} answered without a token`);
        this.token = token;
        return fetch(url, { method, headers: { ...headers, Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    }
    /** Opens the connection and fetches the pull token, so that the reads after the push start at once. */
    async warm() {
        const response = await this.request('GET', '/tags/list?n=1');
        await response.arrayBuffer();
    }
    /** The bytes of a manifest fetched by digest, checked against the digest. */
    manifest(digest) {
        return this.byDigest('manifest', digest, { Accept: ACCEPT_ALL });
    }
    blob(digest) {
        return this.byDigest('blob', digest);
    }
    async byDigest(kind, digest, headers = {}) {
        const response = await this.request('GET', `/${kind}s/${digest}`, headers);
        if (!response.ok)
            throw new Error(`GET ${kind} ${digest}: ${response.status} ${response.statusText}`);
        const bytes = Buffer.from(await response.arrayBuffer());
        const actual = digestOf(bytes);
        if (actual !== digest)
            throw new Error(`the registry served ${kind === 'blob' ? 'blob ' : ''}${digest} with digest ${actual}`);
        return bytes.toString('utf8');
    }
}
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
async function deleteManifest(ref, login, insecure) {
    const response = await new RegistryClient(ref, login, insecure).request('DELETE', `/manifests/${ref.digest}`);
    if (response.status === 202 || response.status === 200 || response.status === 404)
        return undefined;
    return `${response.status} ${response.statusText}`.trim();
}
/** The sum of an image manifest's layer sizes: what a pull downloads. */
function compressedSize(manifestJson) {
    const layers = JSON.parse(manifestJson).layers;
    return layers ? layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0) : undefined;
}
/**
 * What the registry holds at `repository@digest`, read over its API: the index (its bytes checked against the
 * digest), each image's config and compressed size. Throws on anything unexpected; the caller then asks buildx.
 */
async function readPushedImage(repository, digest, logins, insecure, client = registryClient(repository, logins, insecure)) {
    const manifestJson = await client.manifest(digest);
    const manifest = JSON.parse(manifestJson);
    const configs = {};
    const sizes = {};
    const images = manifest.manifests
        ? manifest.manifests.filter(isImageEntry)
        : [{ digest }];
    await Promise.all(images.map(async (entry) => {
        const imageJson = entry.digest === digest ? manifestJson : await client.manifest(entry.digest);
        const image = JSON.parse(imageJson);
        const config = JSON.parse(await client.blob(image.config.digest));
        const key = manifest.manifests ? (0,src_platforms/* platformOfDescriptor */.KZ)(entry.platform ?? {}) : '';
        configs[key] = { os: config.os, architecture: config.architecture, variant: config.variant };
        sizes[key === '' ? (0,src_platforms/* platformOfDescriptor */.KZ)(config) : key] = compressedSize(imageJson) ?? 0;
    }));
    return { manifestJson, configs, sizes };
}
/** A client for a repository with the login for its registry, if the action has one. */
function registryClient(repository, logins, insecure) {
    const ref = manifestRef(repository, '');
    return new RegistryClient(ref, logins.find((login) => login.registry === ref.registry), insecure);
}
/** The pushed image over the registry API, or, when that cannot be done (credentials in a helper, TLS quirks), through buildx. */
async function readPushed(exec, repository, digest, builder, logins, insecure, client) {
    try {
        return await readPushedImage(repository, digest, logins, insecure, client);
    }
    catch (error) {
        core.debug(`reading ${repository}@${digest} over the registry API failed (${error.message}); asking buildx`);
        return inspectPushed(exec, repository, digest, builder);
    }
}

;// CONCATENATED MODULE: ./src/result.ts

/**
 * The one constructor of a step's result. A leg's tags are temporary (the merge step owns the real ones), so it
 * reports none; an image that was not pushed has no tags either.
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
    core.setOutput('digest', result.digest ?? '');
    core.setOutput('platform-digests', JSON.stringify(result.platformDigests));
    core.setOutput('imageid', result.imageid ?? '');
    core.setOutput('metadata', result.metadataJson);
    core.setOutput('builder', result.builder);
    core.setOutput('platforms', result.platforms.join(','));
}

;// CONCATENATED MODULE: ./src/imagetest.ts

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
        core.info(`test-command on ${platform}`);
        const result = await exec('docker', testArgs(image, platform, command));
        if (result.exitCode !== 0) {
            // one line for the error annotation, the tail of the output below it in the log
            core.error(`test-command output on ${platform} (last lines):\n${tail(`${result.stdout}\n${result.stderr}`)}`);
            throw new Error(`test-command failed on ${platform} (exit code ${result.exitCode}); no tag was created or moved. Last output: ${tail(`${result.stdout}\n${result.stderr}`, 1)}`);
        }
    }
    await exec('docker', ['image', 'rm', ...Object.values(digests).map((d) => `${repository}@${d}`)], { silent: true });
}

;// CONCATENATED MODULE: ./src/modes/mode.ts
/** The docker driver on the classic image store cannot export a cache. */
function canExportCache({ config, docker }) {
    return config.driver !== 'docker' || docker.containerdStore;
}

;// CONCATENATED MODULE: ./src/modes/build.ts














/** One buildx build of every platform, pushed under the tags (or by digest, while test-command must pass first). */
class SingleBuild {
    ctx;
    builder;
    metadataJson = '';
    metadata = { digest: undefined, configDigest: undefined };
    stats;
    buildSeconds = 0;
    digests = {};
    sizes;
    plan;
    repository;
    registry;
    constructor(ctx, builder) {
        this.ctx = ctx;
        this.builder = builder;
        const { config } = ctx;
        this.plan = pushPlan(config);
        this.repository = config.push ? (this.plan.byDigestTo ?? repositoryOf(this.plan.buildTags[0])) : '';
        this.registry = config.push ? registryClient(repositoryOf(config.tags[0]), config.logins, config.insecureRegistries) : undefined;
    }
    async build() {
        const { config, exec, tempDir } = this.ctx;
        const metadataFile = external_node_path_.join(tempDir, 'metadata.json');
        const started = Date.now();
        // while BuildKit works: open the connection (and get a token) for reading the pushed image back
        this.registry?.warm().catch(() => undefined);
        try {
            this.stats = await build(exec, config, this.builder.name, metadataFile, canExportCache(this.ctx));
        }
        catch (error) {
            // a failed check still reports its findings in metadata, as build-push-action does
            if (isSubrequest(config.call) && external_node_fs_.existsSync(metadataFile))
                core.setOutput('metadata', external_node_fs_.readFileSync(metadataFile, 'utf8'));
            throw error;
        }
        this.buildSeconds = (Date.now() - started) / 1000;
        this.metadataJson = external_node_fs_.readFileSync(metadataFile, 'utf8');
        this.metadata = parseMetadata(this.metadataJson);
    }
    async verify() {
        const { config, exec } = this.ctx;
        const digest = this.metadata.digest;
        if (!config.push || !digest)
            return;
        const pushed = await readPushed(exec, this.repository, digest, this.builder.name, config.logins, config.insecureRegistries, this.registry);
        this.sizes = pushed.sizes;
        this.digests = platformDigests(pushed.manifestJson, config.platforms, digest);
        verifyPushed(pushed, this.digests, config.platforms, digest);
    }
    async test() {
        const { config, exec } = this.ctx;
        if (config.push && this.metadata.digest)
            await testImages(exec, this.repository, this.digests, config.testCommand);
    }
    async tag() {
        const { config, docker, exec } = this.ctx;
        const digest = this.metadata.digest;
        if (config.push && digest && this.plan.tagAfter.length > 0) {
            const tagged = await createIndex(exec, this.builder.name, this.plan.tagAfter, [`${this.repository}@${digest}`]);
            if (tagged !== digest)
                throw new Error(`tagging ${this.plan.tagAfter[0]} pushed ${tagged}, not the tested ${digest}`);
        }
        return stepResult(config, this.builder.name, {
            digest,
            imageid: this.metadata.configDigest ?? digest,
            metadataJson: this.metadataJson,
            platformDigests: this.digests,
            execution: (0,src_nodes/* executionOf */.eo)(config.platforms, config.nodes, config.driver, (0,src_platforms/* nativePlatforms */.y$)(docker.hostPlatform), this.builder.nodes),
            buildSeconds: this.buildSeconds,
            stats: this.stats,
            sizes: this.sizes,
        });
    }
}

;// CONCATENATED MODULE: ./src/modes/leg.ts

/**
 * One job of a native multi-runner build: a single build of this job's platforms, pushed under temporary leg tags
 * (pushPlan in build.ts) for the merge step, which owns the real tags; its result reports none (stepResult).
 */
function legBuild(ctx, builder) {
    return new SingleBuild(ctx, builder);
}

;// CONCATENATED MODULE: ./src/cleanup.ts



/**
 * Removes the legs' temporary tags once the merged index holds their platforms: each leg's own index is deleted
 * by digest, which takes its tags with it. The platform images stay (the merged index refers to them). A leg
 * index that is byte for byte the merged index (a merge of one leg) stays, with its tag.
 */
async function removeLegs(config, repository, legs, mergedDigest) {
    const left = [];
    for (const digest of new Set(legs.map((leg) => leg.digest))) {
        const tags = legs.filter((leg) => leg.digest === digest).map((leg) => legTag(repository, config.mergeKey, leg.platform));
        if (digest === mergedDigest) {
            left.push(`${tags.join(', ')} (the merged index itself)`);
            continue;
        }
        const ref = manifestRef(repository, digest);
        const credentials = config.logins.find((login) => login.registry === ref.registry);
        const failure = await deleteManifest(ref, credentials, config.insecureRegistries).catch((error) => error.message);
        if (failure)
            left.push(`${tags.join(', ')} (${failure})`);
    }
    if (left.length > 0)
        core.warning(`Could not remove the temporary leg tags: ${left.join('; ')}; delete them in the registry`);
    else
        core.info(`Removed the temporary leg tags of merge key ${config.mergeKey}`);
}

;// CONCATENATED MODULE: ./src/modes/merge.ts







/** Merge: one index from the legs' pushed platforms (or from `sources`), under the tags; the legs' temporary tags go. */
class Merge {
    ctx;
    builder;
    repository;
    legs = [];
    digest = '';
    pushed;
    digests = {};
    constructor(ctx, builder) {
        this.ctx = ctx;
        this.builder = builder;
        this.repository = repositoryOf(ctx.config.tags[0]);
    }
    async build() {
        const { config, exec } = this.ctx;
        this.legs = config.sources.length > 0 ? [] : await readLegs(exec, config, this.repository, this.builder.name);
        const sources = config.sources.length > 0 ? config.sources : [...new Set(this.legs.map((leg) => `${this.repository}@${leg.digest}`))];
        this.digest = await createIndex(exec, this.builder.name, config.tags, sources);
    }
    async verify() {
        const { config, exec } = this.ctx;
        this.pushed = await readPushed(exec, this.repository, this.digest, this.builder.name, config.logins, config.insecureRegistries);
        // a merge of sources takes what they hold, unless platforms was given
        const requested = config.platformsGiven || this.legs.length > 0 ? config.platforms : undefined;
        this.digests = platformDigests(this.pushed.manifestJson, requested ?? [], this.digest);
        verifyPushed(this.pushed, this.digests, requested ?? Object.keys(this.digests), this.digest);
    }
    async test() {
        core.info('A merge runs no test: the legs test the images they push');
    }
    async tag() {
        const { config } = this.ctx;
        if (this.legs.length > 0)
            await removeLegs(config, this.repository, this.legs, this.digest);
        return stepResult(config, this.builder.name, {
            platforms: Object.keys(this.digests),
            digest: this.digest,
            platformDigests: this.digests,
            sizes: this.pushed?.sizes,
        });
    }
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/log.ts


/**
 * The log of one phase that runs beside others (login, QEMU and builder set up at once): kept until they all end,
 * then shown in the phase's own group, so the job log is not a braid of three.
 */
class PhaseLog extends external_node_stream_.Writable {
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
        await core.group(this.title, async () => {
            process.stdout.write(this.chunks.join(''));
        });
    }
}
/** Output that goes on at once, each line marked with whose it is (several builds at once, one per platform). */
class PrefixedLog extends external_node_stream_.Writable {
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

;// CONCATENATED MODULE: ./src/modes/per-platform.ts















/**
 * Several nodes: one build per platform, in parallel, each pushed by digest with its own cache ref; then verified
 * (and tested), and one index made of them under the tags.
 */
class PerPlatformBuilds {
    ctx;
    builder;
    builds;
    repository;
    pushed = [];
    stats;
    buildSeconds = 0;
    digests = {};
    constructor(ctx, builder, builds) {
        this.ctx = ctx;
        this.builder = builder;
        this.builds = builds;
        this.repository = repositoryOf(ctx.config.tags[0]);
    }
    async build() {
        const { exec, tempDir } = this.ctx;
        const started = Date.now();
        const files = this.builds.map((_, i) => external_node_path_.join(tempDir, `metadata-${i}.json`));
        // the builds' progress would interleave, with the same step numbers: each line says whose it is
        const execFor = (platform) => (0,src_exec/* execWithOutput */.h2)(exec, new PrefixedLog(`[${platform}] `));
        const stats = await allOrNone(this.builds.map((one, i) => build(execFor(one.platforms[0]), one, this.builder.name, files[i], canExportCache(this.ctx), true)));
        this.buildSeconds = (Date.now() - started) / 1000;
        this.pushed = this.builds.map((one, i) => {
            const json = external_node_fs_.readFileSync(files[i], 'utf8');
            return { platform: one.platforms[0], digest: parseMetadata(json).digest, metadata: JSON.parse(json) };
        });
        // each build has one platform, so buildx names its steps without one: file them under their platform
        this.stats = mergeStats(stats.map((one, i) => [this.builds[i].platforms[0], one]));
    }
    async verify() {
        const { config, exec } = this.ctx;
        const perPlatform = {};
        await Promise.all(this.pushed.map(async ({ platform, digest }) => {
            const inspected = await readPushed(exec, this.repository, digest, this.builder.name, config.logins, config.insecureRegistries);
            const digests = platformDigests(inspected.manifestJson, [platform], digest);
            verifyPushed(inspected, digests, [platform], digest);
            perPlatform[platform] = digests[platform];
        }));
        this.digests = Object.fromEntries(config.platforms.map((p) => [p, perPlatform[p]]));
    }
    async test() {
        await testImages(this.ctx.exec, this.repository, this.digests, this.ctx.config.testCommand);
    }
    async tag() {
        const { config, docker, exec } = this.ctx;
        const digest = await createIndex(exec, this.builder.name, config.tags, this.pushed.map((one) => `${this.repository}@${one.digest}`));
        const merged = await readPushed(exec, this.repository, digest, this.builder.name, config.logins, config.insecureRegistries);
        verifyPushed(merged, platformDigests(merged.manifestJson, config.platforms, digest), config.platforms, digest);
        return stepResult(config, this.builder.name, {
            digest,
            metadataJson: JSON.stringify(Object.fromEntries(this.pushed.map((one) => [one.platform, one.metadata]))),
            platformDigests: this.digests,
            execution: (0,src_nodes/* executionOf */.eo)(config.platforms, config.nodes, config.driver, (0,src_platforms/* nativePlatforms */.y$)(docker.hostPlatform), this.builder.nodes),
            buildSeconds: this.buildSeconds,
            stats: this.stats,
            sizes: merged.sizes,
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
            (0,src_exec/* stopRunningCommands */.aX)();
        }
        throw error;
    })));
    if (first !== undefined)
        throw first;
    return settled.map((one) => one.value);
}

;// CONCATENATED MODULE: ./src/modes/index.ts





/** The mode the config asks for; several nodes get one build per platform where that keeps every cache warm. */
function modeFor(ctx, builder) {
    if (ctx.config.mode === 'merge')
        return new Merge(ctx, builder);
    if (ctx.config.mode === 'leg')
        return legBuild(ctx, builder);
    const split = perPlatformBuilds(ctx.config);
    return split ? new PerPlatformBuilds(ctx, builder, split) : new SingleBuild(ctx, builder);
}

// EXTERNAL MODULE: ./src/builder.ts
var builder = __webpack_require__(4868);
// EXTERNAL MODULE: ./src/login.ts
var login = __webpack_require__(2430);
;// CONCATENATED MODULE: ./src/qemu.ts






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
    const native = (0,src_platforms/* nativePlatforms */.y$)(host);
    const needed = new Map();
    for (const platform of platforms) {
        if (native.includes(platform))
            continue;
        const emulator = EMULATORS[(0,src_platforms/* parsePlatform */.FL)(platform).architecture];
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
            throw new errors/* CommandError */.Qd(`installing QEMU emulators ${missing.map((e) => e.arch).join(',')} with ${image}`, result.exitCode, (0,src_exec.failureReason)(result));
        }
        core.warning(`Could not run ${image} (${(0,src_exec.failureReason)(result)}); registering the host's qemu-user-static emulators instead`);
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
        await (0,src_exec/* runOrThrow */.nf)(exec, 'mounting binfmt_misc', asRoot ? mount[0] : 'sudo', asRoot ? mount.slice(1) : ['-n', ...mount]);
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
    await (0,src_exec/* runOrThrow */.nf)(exec, `writing ${target} with sudo`, 'sudo', ['-n', 'tee', target], { input: content, silent: true });
}

// EXTERNAL MODULE: ./src/state.ts
var state = __webpack_require__(2462);
;// CONCATENATED MODULE: ./src/setup.ts










/**
 * Login, QEMU and the builder, side by side (none needs another; the builder's nodes read the emulators when they
 * boot, so they start after all three). A merge builds nothing: it needs no emulators and starts no builder.
 */
async function setUp(ctx) {
    const { config, exec } = ctx;
    if (config.mode === 'merge')
        return setUpForMerge(ctx);
    const name = (0,builder/* existingBuilder */.LQ)(config) ?? (config.builderName || (0,builder/* newBuilderName */.f0)());
    await sideBySide([
        ['Login', (log) => logIn(ctx, log)],
        ['QEMU', (log) => registerEmulators(ctx, log)],
        [`Builder ${name}`, (log) => createBuilderUnlessGiven(ctx, name, log)],
    ]);
    // the docker driver's builder is the daemon itself, always up: nothing to start
    const nodes = config.driver === 'docker' && config.builder === '' ? [] : await core.group(`Start builder ${name}`, () => (0,builder/* bootstrapBuilder */.S0)(exec, name));
    if (nodes.length > 0)
        core.setOutput('nodes', JSON.stringify((0,src_nodes/* nodeReports */.Yv)(nodes, config.nodes, config.platforms)));
    return { name, nodes };
}
async function setUpForMerge(ctx) {
    const { config } = ctx;
    // imagetools reads plain-HTTP registries from a builder's buildkitd config, which a builder can carry unstarted
    const created = config.builder === '' && config.driver !== 'docker' && config.insecureRegistries.length > 0;
    const name = config.builder || (created ? (0,builder/* newBuilderName */.f0)() : 'default');
    await sideBySide([['Login', (log) => logIn(ctx, log)], ...(created ? [[`Builder ${name}`, (log) => createBuilderUnlessGiven(ctx, name, log)]] : [])]);
    return { name, nodes: [] };
}
/**
 * Runs the phases at once, each logging into its own group, shown in order once all have ended; waits for every
 * phase (none is left running against a removed temp dir), then throws the first failure.
 */
async function sideBySide(phases) {
    const logs = phases.map(([title]) => new PhaseLog(title));
    const settled = await Promise.allSettled(phases.map(([, run], i) => run(logs[i])));
    for (const log of logs)
        await log.show();
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
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
        if (config.logout)
            state/* save */.UN('loggedIn', loggedIn.join(','));
        await (0,login/* login */.iD)((0,src_exec/* execWithOutput */.h2)(exec, log), credentials);
    }
}
async function registerEmulators({ config, docker, exec }, log) {
    if (!config.qemu) {
        log.info('QEMU: not set up (qemu: false)');
        return;
    }
    const local = (0,src_nodes/* platformsRunHere */.eJ)(config.platforms, config.nodes, config.driver, config.testCommand !== '');
    if (local.length < config.platforms.length)
        log.info(`QEMU: built on remote nodes, no local emulator needed: ${config.platforms.filter((p) => !local.includes(p)).join(', ')}`);
    const plan = qemuPlan(local, docker.hostPlatform, readRegistrations());
    if (plan.native.length > 0)
        log.info(`QEMU: native, no emulator needed: ${plan.native.join(', ')}`);
    if (plan.registered.length > 0)
        log.info(`QEMU: already registered: ${plan.registered.map((e) => e.entry).join(', ')}`);
    if (plan.missing.length === 0)
        return;
    const how = await installEmulators((0,src_exec/* execWithOutput */.h2)(exec, log), config.qemuImage, plan.missing);
    log.info(`QEMU: installed ${plan.missing.map((e) => e.entry).join(', ')} (${how === 'host' ? "host's qemu-user-static" : config.qemuImage})`);
}
async function createBuilderUnlessGiven({ config, exec, tempDir }, name, log) {
    if ((0,builder/* existingBuilder */.LQ)(config))
        return;
    // cleanup: false keeps the builder for later steps; with cleanup, post removes a reused one too, as the peer does
    if (config.cleanup)
        state/* save */.UN('builder', name);
    if (config.builderName !== '' && (await (0,builder/* builderExists */.cv)(exec, name))) {
        log.info(`Builder ${name} exists: reused as it is (the builder inputs apply only when it is created)`);
        return;
    }
    const base = config.buildkitdConfig !== '' ? external_node_fs_.readFileSync(config.buildkitdConfig, 'utf8') : config.buildkitdConfigInline;
    // a remote daemon reads its own buildkitd.toml; buildx has none to hand it
    const text = config.driver === 'remote' ? '' : (0,builder/* buildkitdConfigText */._7)(base, config.insecureRegistries);
    let configFile;
    if (text !== '') {
        configFile = external_node_path_.join(tempDir, 'buildkitd.toml');
        external_node_fs_.writeFileSync(configFile, text);
    }
    await (0,builder/* createBuilder */.Ij)((0,src_exec/* execWithOutput */.h2)(exec, log), config, name, configFile);
}

;// CONCATENATED MODULE: ./src/summary.ts

function formatSize(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024 - 51)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
/** The job summary in Markdown: what was pushed where, then one row per platform. */
function summaryMarkdown(result) {
    const what = result.mode === 'merge' ? 'Merged' : result.mode === 'leg' ? 'Pushed for the merge step' : result.pushed ? 'Pushed' : 'Built';
    const count = `${result.platforms.length} platform${result.platforms.length === 1 ? '' : 's'}`;
    const lines = [`### ${what}: ${count}`, ''];
    if (result.digest && result.pushed)
        lines.push(`Index digest: \`${result.digest}\``, '');
    if (result.tags.length > 0)
        lines.push(`Tags: ${result.tags.map((t) => `\`${t}\``).join(', ')}`, '');
    const building = result.mode !== 'merge';
    lines.push(building ? '| Platform | Digest | Size | Ran | Cached steps |' : '| Platform | Digest | Size |');
    lines.push(building ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- |');
    for (const platform of result.platforms) {
        const digest = result.platformDigests[platform];
        const size = result.sizes?.[platform];
        const cells = [platform, digest ? `\`${digest}\`` : 'not pushed', size === undefined ? '' : formatSize(size)];
        if (building) {
            const key = result.stats?.steps[platform] !== undefined ? platform : '';
            const steps = result.stats?.steps[key];
            cells.push(result.execution[platform] ?? 'native', steps === undefined ? '' : `${result.stats?.cached[key] ?? 0}/${steps}`);
        }
        lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('');
    if (result.buildSeconds !== undefined)
        lines.push(`Build: ${result.buildSeconds.toFixed(1)} s on builder \`${result.builder}\``, '');
    return lines.join('\n');
}
/** Appends the step's report to the job summary, when the runner asks for one. */
async function writeSummary(result) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core.summary.addRaw(summaryMarkdown(result)).write();
}

;// CONCATENATED MODULE: ./src/main.ts













/** The action's main step: read the config, set up, build, verify, test, tag, report. */
async function main(facts = (0,src_docker/* dockerFacts */.qo)()) {
    (0,src_exec/* stopCommandsOnCancel */.UL)();
    state/* markMainStarted */.UM();
    const config = await readConfig();
    const docker = await core.group('Docker', async () => {
        const known = await facts;
        core.info((0,src_docker/* describeDocker */.sB)(known));
        checkAgainstDocker(config, known);
        return known;
    });
    const exec = await commandRunner(config, docker);
    const tempDir = external_node_fs_.mkdtempSync(external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'buildx-multiarch-'));
    state/* save */.UN('tempDir', tempDir);
    try {
        const ctx = { config, docker, exec, tempDir };
        const builder = await core.group('Set up: login, QEMU, builder', () => setUp(ctx));
        const mode = modeFor(ctx, builder);
        await core.group(config.mode === 'merge' ? 'Merge' : 'Build', () => mode.build());
        await core.group('Read back and verify', () => mode.verify());
        if (config.testCommand !== '')
            await core.group('Test', () => mode.test());
        const result = await core.group('Tag', () => mode.tag());
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
async function commandRunner(config, docker) {
    if (config.buildxVersion === '')
        return (0,src_exec.createExec)();
    const { installBuildx } = await Promise.all(/* import() */[__webpack_require__.e(415), __webpack_require__.e(901)]).then(__webpack_require__.bind(__webpack_require__, 8901));
    return (0,src_exec.createExec)(await installBuildx((0,src_exec.createExec)(), config.buildxVersion, docker.hostPlatform ?? 'linux/amd64'));
}


/***/ })

};
