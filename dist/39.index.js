export const id = 39;
export const ids = [39,642];
export const modules = {

/***/ 647:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $v: () => (/* binding */ withoutEventPayload),
/* harmony export */   RH: () => (/* binding */ eventPayloadDriverOpts)
/* harmony export */ });
/* unused harmony export buildxAddsEventPayload */
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
// The GitHub event payload (pull-request bodies, commit messages: user text) that buildx 0.30 and later's
// docker-container driver hands BuildKit for every build's provenance when the builder is created in a GitHub
// Actions job (it writes provenance.d/github_actions_context.json into the builder). Pure: what to strip from the
// metadata buildx writes, and which builders are told to leave it out.

/**
 * The metadata file without the GitHub event payload that buildx 0.30 and later's docker-container driver puts in
 * every build's provenance (`buildx.build.provenance` and `buildx.build.provenance/<platform>`, at
 * `invocation.environment.github_event_payload`), also with provenance off: pull-request bodies and commit messages
 * are user text, which neither the `metadata` output nor the log may carry. Otherwise the text as buildx wrote it.
 */
function withoutEventPayload(json) {
    let metadata;
    try {
        metadata = JSON.parse(json);
    }
    catch {
        return json;
    }
    let removed = false;
    for (const [key, value] of Object.entries(metadata ?? {})) {
        if (key !== 'buildx.build.provenance' && !key.startsWith('buildx.build.provenance/'))
            continue;
        const environment = value?.invocation?.environment;
        if (environment && typeof environment === 'object' && 'github_event_payload' in environment) {
            delete environment.github_event_payload;
            removed = true;
        }
    }
    return removed ? JSON.stringify(metadata, null, 2) : json;
}
/**
 * Whether this buildx's docker-container driver adds the payload, and so knows `provenance-add-gha` (older ones
 * refuse an unknown driver option). `latest` is buildx-version's newest release, past 0.30 since 2025.
 */
function buildxAddsEventPayload(version) {
    if (version === 'latest')
        return true;
    const coerced = semver__WEBPACK_IMPORTED_MODULE_0___default().coerce(version ?? '');
    return coerced !== null && semver__WEBPACK_IMPORTED_MODULE_0___default().gte(coerced, '0.30.0');
}
/**
 * The driver options a node of the docker-container builder this step creates gets besides its `driver-opts`:
 * `provenance-add-gha=false` for a private repository, whose pull-request and commit text would otherwise reach the
 * registry inside the provenance (also the `mode=min,inline-only=true` build-push-action gives it). A public
 * repository's payload is public: it keeps what setup-buildx-action's builder gives. A `provenance-add-gha` in `driver-opts` wins.
 */
function eventPayloadDriverOpts(config, given, buildxVersion) {
    if (config.driver !== 'docker-container' || !config.privateRepository || !buildxAddsEventPayload(buildxVersion))
        return [];
    if (given.some((opt) => opt.trim().startsWith('provenance-add-gha=')))
        return [];
    return ['provenance-add-gha=false'];
}


/***/ }),

/***/ 2642:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UL: () => (/* binding */ stopCommandsOnCancel),
/* harmony export */   aX: () => (/* binding */ stopRunningCommands),
/* harmony export */   createExec: () => (/* binding */ createExec),
/* harmony export */   failureReason: () => (/* binding */ failureReason),
/* harmony export */   h2: () => (/* binding */ execWithOutput),
/* harmony export */   nf: () => (/* binding */ runOrThrow)
/* harmony export */ });
/* unused harmony exports OUTPUT_LIMIT, BoundedText, signalChildren */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(235);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1955);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);




/** The same seam, with every command's echo going to `output`. */
function execWithOutput(exec, output) {
    return (command, args, options = {}) => exec(command, args, { ...options, output });
}
/** Enough for any JSON a command prints here; a multi-gigabyte build log keeps only its last part. */
const OUTPUT_LIMIT = 4 * 1024 * 1024;
/** Text that keeps at most `limit` characters, the most recent ones. */
class BoundedText {
    limit;
    parts = [];
    length = 0;
    constructor(limit = OUTPUT_LIMIT) {
        this.limit = limit;
    }
    append(chunk) {
        this.parts.push(chunk);
        this.length += chunk.length;
        if (this.length > this.limit * 2)
            this.compact();
    }
    toString() {
        this.compact();
        return this.parts.join('');
    }
    compact() {
        const text = this.parts.join('');
        const kept = text.length > this.limit ? text.slice(text.length - this.limit) : text;
        this.parts = [kept];
        this.length = kept.length;
    }
}
let cancelledBy;
/** Runs commands with @actions/exec; with `buildxBinary`, `docker buildx …` runs that standalone binary instead. */
function createExec(buildxBinary) {
    return async (command, args, options = {}) => {
        if (buildxBinary && command === 'docker' && args[0] === 'buildx')
            [command, args] = [buildxBinary, args.slice(1)];
        if (cancelledBy)
            throw new Error(`cancelled (${cancelledBy}) before running ${command} ${args[0] ?? ''}`);
        _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .debug */ .Yz(`run: ${[command, ...args].join(' ')}`);
        const stdout = new BoundedText();
        const stderr = new BoundedText();
        const onLine = options.onLine;
        let exitCode;
        try {
            exitCode = await _actions_exec__WEBPACK_IMPORTED_MODULE_1__/* .exec */ .m(command, [...args], {
                env: options.env ? { ...process.env, ...options.env } : undefined,
                input: options.input === undefined ? undefined : Buffer.from(options.input),
                silent: options.silent,
                outStream: options.output,
                errStream: options.output,
                ignoreReturnCode: true,
                listeners: {
                    stdout: (data) => stdout.append(data.toString()),
                    stderr: (data) => stderr.append(data.toString()),
                    stdline: onLine,
                    errline: onLine,
                },
            });
        }
        catch (error) {
            // @actions/exec throws when the executable is not on PATH, before anything runs
            const reason = /Unable to locate executable/.test(error.message) ? 'command not found' : error.message;
            return { exitCode: 127, stdout: '', stderr: `${command}: ${reason}\n` };
        }
        // a process killed by a signal has no exit code
        return { exitCode: exitCode ?? 128, stdout: stdout.toString(), stderr: stderr.toString() };
    };
}
/** The runner signals a cancelled job: stop the running build so nothing is pushed after it; post cleans up. */
function stopCommandsOnCancel() {
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => {
            _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .error */ .z3(`Cancelled (${signal}): stopping the running commands; the post step removes what was created`);
            stopRunningCommands(signal);
            setTimeout(() => process.exit(1), 10_000).unref();
        });
    }
}
/** Stops every running command and refuses new ones: the step is failing or cancelled, post cleans up. */
function stopRunningCommands(signal = 'SIGTERM') {
    cancelledBy = signal;
    signalChildren(signal);
}
/**
 * Sends `signal` to every process this one started. @actions/exec keeps its child processes to itself (ToolRunner
 * has no kill and no AbortSignal), and a cancelled build must stop at once, before it pushes: the children are
 * found through /proc, where each process's stat line names its parent. Linux only, as the action is.
 */
function signalChildren(signal, parent = process.pid) {
    const children = node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .filter((pid) => {
        try {
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")"
            const stat = node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(`/proc/${pid}/stat`, 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
        }
        catch {
            return false; // exited meanwhile
        }
    })
        .map(Number);
    for (const pid of children) {
        try {
            process.kill(pid, signal);
        }
        catch {
            // exited meanwhile
        }
    }
    return children;
}
/** Runs a command and throws a CommandError saying what we were doing unless it exits 0. */
async function runOrThrow(exec, doing, command, args, options = {}) {
    const result = await exec(command, args, options);
    if (result.exitCode !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CommandError */ .Qd(doing, result.exitCode, failureReason(result));
    return result;
}
/**
 * The line that explains a failure. Judged from stderr only after the exit code said it failed: buildx writes
 * its progress to stderr too, so the explanation is its last meaningful line.
 */
function failureReason(result) {
    // stderr explains; stdout only when stderr is silent (binfmt prints its JSON state on stdout, the reason on stderr)
    const lines = (result.stderr.trim() !== '' ? result.stderr : result.stdout)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !/^-+$/.test(line) && !/^Run '.*--help' for more information$/.test(line));
    let at = lines.length - 1;
    while (at >= 0 && !/\berror\b/i.test(lines[at]))
        at--;
    const line = at >= 0 ? withContinuation(lines, at) : (lines.at(-1) ?? `exit code ${result.exitCode}`);
    return line.replace(/^(?:docker:\s*)?(?:ERROR|Error):\s*/, '');
}
/**
 * The error line and the lines its message goes on in. An error that wraps a tool's own output spans lines:
 * BuildKit's failed Git fetch is "…: git stderr:", git's "fatal: …" line, then ": exit status 128"; without them
 * the reason would end at "git stderr:".
 */
function withContinuation(lines, at) {
    let text = lines[at];
    for (let i = at + 1; i < lines.length && (text.endsWith(':') || lines[i].startsWith(':')); i++)
        text += lines[i].startsWith(':') ? lines[i] : ` ${lines[i]}`;
    return text;
}


/***/ }),

/***/ 7722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ isTransientNetworkError),
/* harmony export */   x6: () => (/* binding */ networkError)
/* harmony export */ });
/* unused harmony export socketReason */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
// What went wrong when fetch got no answer. Node's fetch (undici) rejects with a bare `TypeError: fetch failed`
// and puts the socket's reason in `cause` (ECONNRESET, UND_ERR_SOCKET "other side closed", …); an
// AbortSignal.timeout rejects with a DOMException named TimeoutError; a body cut off midway rejects its read with
// `TypeError: terminated`, the reason again in `cause`.

/** Socket failures a registry or proxy on a bad day causes and the next try may not meet. */
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'TimeoutError',
]);
/** The innermost cause's code (or name) and words: `ECONNRESET read ECONNRESET`, `TimeoutError …`. */
function socketReason(error) {
    let inner = error;
    while (inner?.cause && typeof inner.cause === 'object')
        inner = inner.cause;
    const code = typeof inner?.code === 'string' ? inner.code : inner?.name === 'TimeoutError' || inner?.name === 'AbortError' ? inner.name : '';
    const words = inner?.message ?? String(error);
    return { code, reason: code && !words.includes(code) ? `${code} (${words})` : words };
}
/** A fetch or body-read rejection as a NetworkError naming what was being done and the socket's reason. */
function networkError(doing, error) {
    const { code, reason } = socketReason(error);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(doing, code, reason);
}
/** Whether no answer came for a reason worth another try; connection refused is not: nothing is listening. */
function isTransientNetworkError(error) {
    return error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr && TRANSIENT_CODES.has(error.code);
}


/***/ }),

/***/ 7253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ri: () => (/* binding */ isTransientFailure),
/* harmony export */   a2: () => (/* binding */ retryDelay),
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   dv: () => (/* binding */ REGISTRY_RETRY)
/* harmony export */ });
/* unused harmony exports isTransient, backoffDelay */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(235);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _network_failure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7722);



/** Four tries over about 7 s: enough for a registry hiccup, short enough to fail a dead registry quickly. */
const REGISTRY_RETRY = { attempts: 4, firstDelayMs: 1000, maxDelayMs: 4000, jitter: 0.5 };
// What hosted CI sees from registries and proxies on a bad day. "connection refused" is not here: a registry
// that is not listening will not start listening in the next seconds. A status code counts only next to its text
// or after "status"/"HTTP": the command's own error names the image (app:pr-503, app:1.429.0) and that number is
// not the registry's answer.
const TRANSIENT = [
    /\b(?:status(?: code)?|HTTP(?:\/[\d.]+)?):?\s+(?:429|500|502|503|504)\b/i,
    /too many requests|toomanyrequests/i,
    /service unavailable|bad gateway|gateway time-?out|internal server error/i,
    /connection reset by peer|broken pipe|unexpected EOF|\bEOF$|use of closed network connection/i,
    /TLS handshake timeout|i\/o timeout|timeout awaiting response headers|context deadline exceeded|net\/http: request canceled/i,
];
/** Whether a failure, in the failing command's or registry's own words, reads as a registry hiccup worth retrying. */
function isTransient(output) {
    return TRANSIENT.some((pattern) => pattern.test(output));
}
/**
 * Whether a failed attempt is worth another: judged on the failed command's own output (a CommandError's reason),
 * never on the action's description of what it was doing, which holds tags and paths chosen by the user.
 */
function isTransientFailure(error) {
    // no answer at all: judged on the socket's own reason (a reset, a timeout), never on fetch's "fetch failed"
    if ((0,_network_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .isTransientNetworkError */ .l)(error))
        return true;
    // the registry's own answer carries its status: 429 and 5xx are its hiccups, whatever words come with them
    // (Distribution answers a read racing a write of the same tag with "500 UNKNOWN unknown error")
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl)
        return TRANSIENT_STATUS.includes(error.status) || isTransient(error.reason);
    return isTransient(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CommandError */ .Qd ? error.reason : error.message);
}
const TRANSIENT_STATUS = [429, 500, 502, 503, 504];
/** The wait before retry number `retry` (1-based): doubling from the first delay, capped. */
function backoffDelay(policy, retry) {
    return Math.min(policy.firstDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}
/**
 * The wait before retry number `retry`: the backoff plus up to `jitter` of it at random. A matrix's jobs meet a
 * registry's hiccup at the same instant; without jitter they would retry in step and meet the next one together.
 */
function retryDelay(policy, retry) {
    return Math.round(backoffDelay(policy, retry) * (1 + (policy.jitter ?? 0) * Math.random()));
}
/**
 * Runs `attempt` until it succeeds, fails for a reason that is not transient, or the policy's tries are spent;
 * then the last error is thrown, saying how often it was tried.
 */
async function withRetry(what, policy, attempt, { sleep = defaultSleep, retriable = isTransientFailure } = {}) {
    for (let tries = 1;; tries++) {
        try {
            return await attempt();
        }
        catch (error) {
            const message = error.message;
            if (!retriable(error))
                throw error;
            if (tries >= policy.attempts) {
                error.message = `${message} (tried ${tries} times)`;
                throw error;
            }
            const delay = retryDelay(policy, tries);
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`${what}: ${message}; retrying in ${(delay / 1000).toFixed(1)}s (${tries}/${policy.attempts - 1} retries)`);
            await sleep(delay);
        }
    }
}
function defaultSleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}


/***/ }),

/***/ 3564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   Fv: () => (/* binding */ registryOf),
/* harmony export */   _M: () => (/* binding */ repositoryOf),
/* harmony export */   bw: () => (/* binding */ derivedRef),
/* harmony export */   hD: () => (/* binding */ locationOf),
/* harmony export */   i7: () => (/* binding */ canonicalRegistry),
/* harmony export */   te: () => (/* binding */ referenceProblem)
/* harmony export */ });
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
/** The other names Docker Hub's registry goes by (its index, its API host): all of them are docker.io. */
const DOCKER_HUB_ALIASES = ['index.docker.io', 'registry-1.docker.io'];
/** A registry host under its one name: Docker Hub's aliases are "docker.io", any other host is itself. */
function canonicalRegistry(host) {
    return DOCKER_HUB_ALIASES.includes(host) ? 'docker.io' : host;
}
/**
 * Where a reference's repository lives: its registry under its one name ("docker.io" when it names none), and
 * its path there (Docker Hub keeps its official images under library/).
 */
function locationOf(ref) {
    const registry = canonicalRegistry(ref.domain ?? 'docker.io');
    return { registry, path: registry === 'docker.io' && !ref.path.includes('/') ? `library/${ref.path}` : ref.path };
}
/** The registry a reference lives on, under its one name: "docker.io" when it names none or a Docker Hub alias. */
function registryOf(ref) {
    return locationOf(parseReference(ref)).registry;
}


/***/ }),

/***/ 7481:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bi: () => (/* binding */ tokenRequestInit),
/* harmony export */   D: () => (/* binding */ dockerConfigCredentials),
/* harmony export */   Qn: () => (/* binding */ configFileHoldingSecret),
/* harmony export */   aR: () => (/* binding */ basicAuthorization),
/* harmony export */   uV: () => (/* binding */ parseChallenges),
/* harmony export */   vQ: () => (/* binding */ tokenUrl)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(235);
/* harmony import */ var _docker_facts_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8923);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3564);
// Registry authentication, as the docker CLI and registries practise it: the challenges a 401 carries, the token
// request they ask for, and the credentials an earlier `docker login` or a credential helper left.






/**
 * The challenges in a WWW-Authenticate header (RFC 7235): several in one header (fetch also joins repeated headers
 * with ", "), parameter values quoted (with backslash escapes) or bare tokens, any parameters, schemes in any case.
 */
function parseChallenges(header) {
    const challenges = [];
    const token = /[^\s,="]+/y;
    let i = 0;
    const skip = (chars) => {
        while (i < header.length && chars.test(header[i]))
            i++;
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
            for (i++; i < header.length && header[i] !== '"'; i++)
                value += header[i] === '\\' ? (header[++i] ?? '') : header[i];
            i++;
        }
        else {
            token.lastIndex = i;
            value = token.exec(header)?.[0] ?? '';
            i += value.length;
        }
        const current = challenges.at(-1);
        if (current)
            current.params[name.toLowerCase()] = value;
    }
    return challenges;
}
/** The token request a Bearer challenge asks for ("Bearer realm=…,service=…,scope=…"), or undefined without one. */
function tokenUrl(header, scope) {
    const bearer = parseChallenges(header).find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm);
    if (!bearer)
        return undefined;
    const url = new URL(bearer.params.realm);
    if (bearer.params.service)
        url.searchParams.set('service', bearer.params.service);
    url.searchParams.set('scope', scope);
    return url.toString();
}
/** The docker CLI's username for an identity token. */
const IDENTITY_TOKEN_USER = '<token>';
function basicAuthorization(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
/**
 * How to ask a token service for a token: a GET with Basic credentials (or none, for public repositories), or
 * with an identity token the OAuth2 refresh-token grant (distribution's docs/spec/auth/oauth.md): a form POST.
 */
function tokenRequestInit(url, credentials) {
    if (!credentials)
        return { method: 'GET', headers: {} };
    if (!credentials.identityToken)
        return { method: 'GET', headers: { Authorization: basicAuthorization(credentials) } };
    const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credentials.identityToken,
        client_id: 'buildx-multiarch',
    });
    for (const name of ['service', 'scope']) {
        for (const value of url.searchParams.getAll(name))
            form.append(name, value);
    }
    return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() };
}
/** The key `docker login` files a registry under in config.json: Docker Hub keeps its historical URL. */
function configKey(registry) {
    return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}
/** A config.json key's registry: keys may carry a scheme and a path (`https://index.docker.io/v1/`). */
function registryOfKey(key) {
    const host = key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
    return (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .canonicalRegistry */ .i7)(host);
}
/**
 * `docker-credential-<helper> get`: the server on stdin, {Username, Secret} on stdout; undefined when it has none.
 * Run directly, not through the exec seam: its whole stdout is a secret, which must never be echoed or logged.
 */
function credentialHelper(helper, server) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(`docker-credential-${helper}`, ['get'], { env: process.env, timeout: 10_000 }, (error, stdout) => {
            if (error)
                return resolve(undefined);
            try {
                const answer = JSON.parse(stdout);
                if (!answer.Secret || !answer.Username)
                    return resolve(undefined);
                resolve(answer.Username === IDENTITY_TOKEN_USER
                    ? { username: answer.Username, password: '', identityToken: answer.Secret }
                    : { username: answer.Username, password: answer.Secret });
            }
            catch {
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
async function dockerConfigCredentials(registry, env = process.env) {
    const config = readDockerConfig(env);
    if (!config)
        return undefined;
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => registryOfKey(key) === registry)?.[1] ?? config.credsStore;
    const fromHelper = helper ? await credentialHelper(helper, configKey(registry)) : undefined;
    if (fromHelper) {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .setSecret */ .Pq(fromHelper.identityToken ?? fromHelper.password);
        return fromHelper;
    }
    const entry = authsEntry(config, registry);
    if (entry?.identitytoken) {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .setSecret */ .Pq(entry.identitytoken);
        return { username: IDENTITY_TOKEN_USER, password: '', identityToken: entry.identitytoken };
    }
    if (entry?.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
            _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .setSecret */ .Pq(decoded.slice(colon + 1));
            return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
    }
    return entry?.username && entry.password ? { username: entry.username, password: entry.password } : undefined;
}
/**
 * The config.json that still holds a secret for the registry (an `auths` entry with auth, a password or an
 * identity token), else undefined: `docker logout` exits 0 and leaves it there when it cannot write the file. What
 * a credential helper keeps is not looked at: a helper such as ecr-login answers for a registry whatever logout did.
 */
function configFileHoldingSecret(registry, env = process.env) {
    const entry = authsEntry(readDockerConfig(env), registry);
    return entry?.auth || entry?.password || entry?.identitytoken ? configFile(env) : undefined;
}
const configFile = (env) => node_path__WEBPACK_IMPORTED_MODULE_2__.join((0,_docker_facts_js__WEBPACK_IMPORTED_MODULE_3__/* .dockerConfigDir */ .kG)(env), 'config.json');
/** The docker CLI's config.json; undefined when there is none, or it is not JSON. */
function readDockerConfig(env) {
    try {
        return JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(configFile(env), 'utf8'));
    }
    catch {
        return undefined;
    }
}
function authsEntry(config, registry) {
    return Object.entries(config?.auths ?? {}).find(([key]) => registryOfKey(key) === registry)?.[1];
}


/***/ }),

/***/ 2921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S0: () => (/* binding */ bootstrapBuilder),
  _A: () => (/* binding */ buildNodes),
  cv: () => (/* binding */ builderExists),
  _7: () => (/* binding */ buildkitdConfigText),
  Ij: () => (/* binding */ createBuilder),
  LQ: () => (/* binding */ existingBuilder),
  f0: () => (/* binding */ newBuilderName),
  iq: () => (/* binding */ removeBuilder)
});

// UNUSED EXPORTS: appendArgs, bootstrapArgs, builderNodes, createArgs, entitlementFlags, localBuilderNode, removeArgs

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 3 modules
var core = __webpack_require__(235);
// EXTERNAL MODULE: ./src/build/event-payload.ts
var event_payload = __webpack_require__(647);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/exec.ts
var core_exec = __webpack_require__(2642);
// EXTERNAL MODULE: ./src/docker/engine-api.ts
var engine_api = __webpack_require__(2633);
;// CONCATENATED MODULE: ./src/setup/builder-inspect.ts
// What `docker buildx inspect` and `buildkitd --version` say of a builder's nodes.
/** The nodes section of `docker buildx inspect` (which `inspect --bootstrap` prints once the builder is up). */
function parseBuilderInspect(text) {
    const nodesAt = text.indexOf('\nNodes:');
    if (nodesAt < 0)
        return [];
    const nodes = [];
    let current;
    for (const line of text.slice(nodesAt).split(/\r?\n/)) {
        const field = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
        if (!field)
            continue;
        const [, key, value] = field;
        if (key === 'Name') {
            current = { name: value.trim(), endpoint: '', status: '', buildkit: '', platforms: [] };
            nodes.push(current);
        }
        else if (current && key === 'Endpoint')
            current.endpoint = value.trim();
        else if (current && key === 'Status')
            current.status = value.trim();
        else if (current && key === 'BuildKit version')
            current.buildkit = value.trim();
        else if (current && key === 'Platforms')
            current.platforms = value
                .split(',')
                .map((p) => p.replace('*', '').trim())
                .filter(Boolean);
    }
    return nodes;
}
/** The version in `buildkitd --version` output ("buildkitd github.com/moby/buildkit v0.25.2 <revision>"). */
function parseBuildkitdVersion(output) {
    return /^buildkitd \S+ (v?\d\S*)/m.exec(output)?.[1];
}

// EXTERNAL MODULE: ./src/setup/mirror.ts
var mirror = __webpack_require__(6442);
;// CONCATENATED MODULE: ./src/setup/builder.ts








function newBuilderName() {
    return `buildx-multiarch-${external_node_crypto_.randomBytes(4).toString('hex')}`;
}
/** The builder the config asks for when the action creates none: a named one, or the docker driver's own. */
function existingBuilder(config) {
    if (config.builder !== '')
        return config.builder;
    if (config.driver === 'docker')
        return 'default';
    return undefined;
}
function createArgs(config, name, { buildkitdConfigPath, buildxVersion } = {}) {
    const args = ['buildx', 'create', '--name', name, '--driver', config.driver];
    const first = config.nodes[0];
    if (first && first.platforms.length > 0)
        args.push('--platform', first.platforms.join(','));
    const driverOpts = first?.driverOpts ?? [];
    for (const opt of [...driverOpts, ...(0,event_payload/* eventPayloadDriverOpts */.RH)(config, driverOpts, buildxVersion)])
        args.push('--driver-opt', opt);
    // a remote daemon runs with its own flags
    const given = first?.buildkitdFlags ?? '';
    const flags = given !== '' || config.driver === 'remote' ? given : entitlementFlags(config);
    if (flags !== '')
        args.push('--buildkitd-flags', flags);
    if (buildkitdConfigPath)
        args.push('--buildkitd-config', buildkitdConfigPath);
    if (first && first.endpoint !== '')
        args.push(first.endpoint);
    return args;
}
/**
 * The insecure entitlements the build asks for (`allow`, `network: host`), allowed on the builder this step creates
 * when `buildkitd-flags` is empty: setup-buildx-action allows both there by default, so a copied `allow` works.
 */
function entitlementFlags(config) {
    const wanted = ['network.host', 'security.insecure'].filter((e) => config.allow.includes(e) || (e === 'network.host' && config.network === 'host'));
    return wanted.map((e) => `--allow-insecure-entitlement ${e}`).join(' ');
}
/** Adds one more node to the builder (its driver is the builder's). */
function appendArgs(builder, node, buildkitdConfigPath, extraDriverOpts = []) {
    const args = ['buildx', 'create', '--append', '--name', builder];
    if (node.name !== '')
        args.push('--node', node.name);
    if (node.platforms.length > 0)
        args.push('--platform', node.platforms.join(','));
    for (const opt of [...node.driverOpts, ...extraDriverOpts])
        args.push('--driver-opt', opt);
    if (node.buildkitdFlags !== '')
        args.push('--buildkitd-flags', node.buildkitdFlags);
    if (buildkitdConfigPath)
        args.push('--buildkitd-config', buildkitdConfigPath);
    if (node.endpoint !== '')
        args.push(node.endpoint);
    return args;
}
/**
 * The created builder's buildkitd.toml: the user's, plus a registry section per insecure registry (plain HTTP,
 * and no certificate check where it does speak TLS).
 */
function buildkitdConfigText(base, insecureRegistries) {
    const sections = insecureRegistries.map((host) => `[registry."${host}"]\n  http = true\n  insecure = true`);
    const parts = [base.trim(), ...sections].filter((part) => part !== '');
    return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}
function bootstrapArgs(name) {
    return ['buildx', 'inspect', '--bootstrap', '--builder', name];
}
function removeArgs(name) {
    return ['buildx', 'rm', '--force', name];
}
/**
 * Creates the builder with its first node, then appends the others, one after the other (buildx rewrites one file);
 * `buildxVersion` is the buildx that runs, which decides the driver options it knows.
 */
async function createBuilder(exec, given, name, buildkitdConfigPath, buildxVersion) {
    // with a registry mirror, each docker-container node's BuildKit image comes from it too
    const nodes = given.nodes.map((node) => ({
        ...node,
        driverOpts: (0,mirror/* mirroredDriverOpts */.Bh)(node.driverOpts, given.driver, given.registryMirror),
    }));
    const config = { ...given, nodes };
    await (0,core_exec/* runOrThrow */.nf)(exec, `creating builder ${name}`, 'docker', createArgs(config, name, { buildkitdConfigPath, buildxVersion }));
    for (const node of config.nodes.slice(1)) {
        const extra = (0,event_payload/* eventPayloadDriverOpts */.RH)(config, node.driverOpts, buildxVersion);
        await (0,core_exec/* runOrThrow */.nf)(exec, `appending node ${node.name || node.endpoint} to builder ${name}`, 'docker', appendArgs(name, node, buildkitdConfigPath, extra));
    }
}
/**
 * Starts the builder's BuildKit nodes (they read the registered emulators when they boot, so QEMU comes first)
 * and returns what buildx says of each node.
 */
async function bootstrapBuilder(exec, name) {
    const result = await (0,core_exec/* runOrThrow */.nf)(exec, `starting builder ${name}`, 'docker', bootstrapArgs(name));
    return parseBuilderInspect(result.stdout);
}
/** What buildx says of each node of a builder that is up (the build started it), without starting it again. */
async function builderNodes(exec, name) {
    const result = await (0,core_exec/* runOrThrow */.nf)(exec, `inspecting builder ${name}`, 'docker', ['buildx', 'inspect', '--builder', name], { silent: true });
    return parseBuilderInspect(result.stdout);
}
/**
 * The one node of a builder on the local Docker, as `docker buildx inspect` reports it, asked of its container over
 * the Engine API instead of a buildx process. buildx names the node `<builder>0` and its container
 * `buildx_buildkit_<node>`; the version is the container's `buildkitd --version`. Platforms are not asked: the
 * `nodes` output lists those built.
 */
async function localBuilderNode(socket, builder) {
    const name = `${builder}0`;
    const { stdout, stderr } = await (0,engine_api/* execInContainer */.ur)(socket, `buildx_buildkit_${name}`, ['buildkitd', '--version']);
    const buildkit = parseBuildkitdVersion(stdout);
    if (!buildkit)
        throw new Error(`buildkitd --version in node ${name} said ${JSON.stringify((stdout + stderr).trim())}`);
    return [{ name, endpoint: `unix://${socket}`, status: 'running', buildkit, platforms: [] }];
}
/**
 * A builder the build starts is asked for its nodes when BuildKit is up (it then loads the build definition): the
 * answer comes while the build goes on. Other builders' nodes are known from the setup.
 */
function buildNodes(exec, builder, socket) {
    if (!builder.startedByBuild)
        return { exec, nodes: () => Promise.resolve(builder.nodes) };
    let asked;
    const watching = (command, args, options = {}) => exec(command, args, {
        ...options,
        onLine: (line) => {
            options.onLine?.(line);
            if (asked || !/^#\d+ \[internal\] load build definition/.test(line))
                return;
            asked = startedNodes(exec, builder.name, socket);
            asked.catch(() => undefined); // awaited by nodes(); a failed build never gets there
        },
    });
    return { exec: watching, nodes: () => asked ?? startedNodes(exec, builder.name, socket) };
}
/**
 * The node of a builder the build started: from its container over the Engine API when the CLI uses the local
 * daemon (a buildx process would take some 100 ms of CPU from the build it runs beside), else from buildx.
 */
function startedNodes(exec, builder, socket) {
    if (!socket)
        return builderNodes(exec, builder);
    return localBuilderNode(socket, builder).catch((error) => {
        core/* debug */.Yz(`asking the builder's container: ${error.message}; asking buildx`);
        return builderNodes(exec, builder);
    });
}
/** Whether buildx knows a builder of that name (a named builder is reused, as setup-buildx-action reuses it). */
async function builderExists(exec, name) {
    return (await exec('docker', ['buildx', 'inspect', name], { silent: true })).exitCode === 0;
}
/** Removes a builder the action created; a builder already gone is not an error. */
async function removeBuilder(exec, name) {
    const result = await exec('docker', removeArgs(name));
    if (result.exitCode === 0)
        return 'removed';
    if (/no builder .* found|not found/i.test(result.stderr))
        return 'absent';
    throw new errors/* CommandError */.Qd(`removing builder ${name}`, result.exitCode, (0,core_exec.failureReason)(result));
}


/***/ }),

/***/ 9732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iD: () => (/* binding */ login),
/* harmony export */   ri: () => (/* binding */ logout)
/* harmony export */ });
/* unused harmony export loginArgs */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2642);
/* harmony import */ var _core_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7253);
/* harmony import */ var _registry_auth_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7481);




function loginArgs(registry, username) {
    return ['login', registry, '--username', username, '--password-stdin'];
}
/** Logs in with the password on stdin, retrying registry hiccups but not a refusal. */
async function login(exec, credentials, policy = _core_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .REGISTRY_RETRY */ .dv) {
    const doing = `login to ${credentials.registry}`;
    await (0,_core_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .withRetry */ .bD)(doing, policy, () => (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runOrThrow */ .nf)(exec, doing, 'docker', loginArgs(credentials.registry, credentials.username), { input: credentials.password }));
}
/**
 * Logs out; a registry we hold no credentials for any more is not an error. `docker logout` exits 0 whatever
 * happened, so what it left is looked for: a secret still in config.json (a file it could not write) is an error.
 */
async function logout(exec, registry, env = process.env) {
    const result = await exec('docker', ['logout', registry]);
    if (result.exitCode !== 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CommandError */ .Qd(`logging out of ${registry}`, result.exitCode, (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_1__.failureReason)(result));
    const left = (0,_registry_auth_js__WEBPACK_IMPORTED_MODULE_3__/* .configFileHoldingSecret */ .Qn)(registry, env);
    if (left)
        throw new Error(`logging out of ${registry} left its credentials in ${left}: is it writable?`);
}


/***/ }),

/***/ 6442:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bh: () => (/* binding */ mirroredDriverOpts),
/* harmony export */   M6: () => (/* binding */ withMirror),
/* harmony export */   Uy: () => (/* binding */ hasHubMirrors),
/* harmony export */   oE: () => (/* binding */ binfmtImage)
/* harmony export */ });
/* unused harmony exports DEFAULT_BUILDKIT_IMAGE, mirroredImage */
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3564);

/** The image buildx runs for a docker-container node when driver-opts name none. */
const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1';
/** An image on Docker Hub, as the mirror serves it (official images under library/); any other image as it is. */
function mirroredImage(image, mirror) {
    if (mirror === '')
        return image;
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReference */ .F2)(image);
    const { registry, path } = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .locationOf */ .hD)(ref);
    if (registry !== 'docker.io')
        return image;
    return `${mirror}/${path}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** The binfmt image the QEMU phase runs: from the mirror when it is a Docker Hub image. */
function binfmtImage(config) {
    return config.qemuImage === 'host' ? 'host' : mirroredImage(config.qemuImage, config.registryMirror);
}
/** A docker-container node's driver-opts with its BuildKit image taken from the mirror (buildx's default one too). */
function mirroredDriverOpts(driverOpts, driver, mirror) {
    if (mirror === '' || driver !== 'docker-container')
        return driverOpts;
    if (!driverOpts.some((opt) => opt.startsWith('image=')))
        return [...driverOpts, `image=${mirroredImage(DEFAULT_BUILDKIT_IMAGE, mirror)}`];
    return driverOpts.map((opt) => (opt.startsWith('image=') ? `image=${mirroredImage(opt.slice('image='.length), mirror)}` : opt));
}
const HUB_SECTION = /^[ \t]*\[registry\."docker\.io"\][ \t]*(?:#.*)?$/m;
/** The `[registry."docker.io"]` section of a buildkitd.toml, header excluded, or undefined. */
function hubSection(toml) {
    const header = HUB_SECTION.exec(toml);
    if (!header)
        return undefined;
    const rest = toml.slice(header.index + header[0].length);
    const next = /^[ \t]*\[/m.exec(rest);
    return next ? rest.slice(0, next.index) : rest;
}
/** Whether a buildkitd.toml already names mirrors for Docker Hub (then the input would contradict it). */
function hasHubMirrors(toml) {
    return /^\s*mirrors\s*=/m.test(hubSection(toml) ?? '');
}
/** The user's buildkitd.toml with the mirror for Docker Hub: into their docker.io section, else in one of its own. */
function withMirror(base, mirror) {
    if (mirror === '')
        return base;
    const line = `  mirrors = [${JSON.stringify(mirror)}]`;
    const header = HUB_SECTION.exec(base);
    if (!header)
        return [base.trim(), `[registry."docker.io"]\n${line}`].filter((part) => part !== '').join('\n\n');
    const end = header.index + header[0].length;
    return `${base.slice(0, end)}\n${line}${base.slice(end)}`;
}


/***/ }),

/***/ 2462:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hh: () => (/* binding */ load),
/* harmony export */   UM: () => (/* binding */ markMainStarted),
/* harmony export */   UN: () => (/* binding */ save)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(235);

// src/index.ts reads this one before the toolkit loads, as STATE_isPost
const POST = 'isPost';
const KEYS = { builder: 'builder', loggedIn: 'loggedIn', tempDir: 'tempDir' };
/** Marks that main started, so the same bundle runs as post next time. */
function markMainStarted() {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(POST, 'true');
}
function save(key, value) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(KEYS[key], value);
}
function load() {
    const read = (key) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(KEYS[key]) || undefined;
    return { builder: read('builder'), loggedIn: read('loggedIn'), tempDir: read('tempDir') };
}


/***/ })

};
