export const id = 982;
export const ids = [982];
export const modules = {

/***/ 2982:
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
// EXTERNAL MODULE: ./src/docker.ts
var src_docker = __webpack_require__(3871);
// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __webpack_require__(3190);
// EXTERNAL MODULE: ./node_modules/csv-parse/lib/sync.js + 9 modules
var sync = __webpack_require__(5175);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/platforms.ts
var src_platforms = __webpack_require__(9799);
// EXTERNAL MODULE: ./src/nodes.ts
var src_nodes = __webpack_require__(1886);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/legs/ledger.ts
// The legs' ledger: one OCI image index per repository, under one fixed tag, whose entries are the indexes the
// legs of native multi-runner builds pushed by digest, each annotated with who pushed it (run, attempt, variant,
// platform) and when. Legs add themselves, the merge step reads it and drops what it merged. Why a manifest in the
// registry: it is the one place every job of a run can reach (hosted, self-hosted, GHES runners alike) without
// anything passed between jobs, and it is one tag that is overwritten, never a tag per run, so registries that
// refuse DELETE (Docker Hub, GHCR: 405 UNSUPPORTED) are left with nothing per run. Being an index that refers
// to the legs' manifests, it also keeps them from garbage collection until the merge has used them.
// This module is the pure part: the records, their JSON, and which of them a merge takes.

const LEDGER_TAG = 'buildx-multiarch-legs';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
/** Entries older than this are dropped by any write: the legs of a run nobody merged, or a merge that failed. */
const LEDGER_RETENTION_MS = 7 * 24 * 3600 * 1000;
const KEY = {
    run: 'buildx-multiarch.run',
    attempt: 'buildx-multiarch.attempt',
    variant: 'buildx-multiarch.variant',
    platform: 'buildx-multiarch.platform',
    recorded: 'org.opencontainers.image.created',
};
const LEDGER_MARK = 'buildx-multiarch.ledger';
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
/** The group a leg or merge step belongs to: its run and its variant (`merge-key`, or the first tag's tag). */
function legGroup(config) {
    return { run: config.run.id, variant: config.mergeKey };
}
function inGroup(record, group) {
    return record.run === group.run && record.variant === group.variant;
}
function sameLeg(a, b) {
    return inGroup(a, b) && a.platform === b.platform && a.attempt === b.attempt;
}
/** Records whose time is older than the retention, at `now`; an unreadable time counts as old. */
function fresh(records, now) {
    return records.filter((record) => now - Date.parse(record.recorded) < LEDGER_RETENTION_MS);
}
/** The ledger with `leg` in it: an earlier record of the same run, attempt, variant and platform is replaced. */
function withLeg(records, leg, now) {
    return [...fresh(records, now).filter((record) => !sameLeg(record, leg)), leg];
}
/** The ledger without a merged group (every attempt of it), and without expired records. */
function withoutGroup(records, group, now) {
    return fresh(records, now).filter((record) => !inGroup(record, group));
}
function holdsLeg(records, leg) {
    return records.some((record) => sameLeg(record, leg) && record.digest === leg.digest);
}
/** Of two records for one platform, the later attempt ("re-run failed jobs" re-runs a leg), then the later write. */
function newer(a, b) {
    if (a.attempt !== b.attempt)
        return a.attempt > b.attempt ? a : b;
    return Date.parse(a.recorded) >= Date.parse(b.recorded) ? a : b;
}
/**
 * What a merge takes: per platform, the newest record of its group. A re-run attempt's merge so finds the legs
 * that succeeded in an earlier attempt next to the ones it re-ran. `missing` are the platforms no leg recorded.
 */
function pickLegs(records, group, platforms) {
    const picked = [];
    const missing = [];
    for (const platform of platforms) {
        const candidates = records.filter((record) => inGroup(record, group) && record.platform === platform);
        if (candidates.length === 0)
            missing.push(platform);
        else
            picked.push(candidates.reduce(newer));
    }
    return { picked, missing };
}
/** The ledger's bytes: an OCI index, one entry per record, entries in the order given. */
function ledgerJson(records) {
    const manifests = records.map((record) => ({
        mediaType: record.mediaType,
        digest: record.digest,
        size: record.size,
        annotations: {
            [KEY.run]: record.run,
            [KEY.attempt]: String(record.attempt),
            [KEY.variant]: record.variant,
            [KEY.platform]: record.platform,
            [KEY.recorded]: record.recorded,
        },
    }));
    const annotations = { [LEDGER_MARK]: 'legs of native multi-runner builds waiting for their merge step' };
    return JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests, annotations });
}
/**
 * The records of a ledger's bytes. Throws when the tag holds something else (an image someone pushed under the
 * same name): overwriting it would lose what is there.
 */
function parseLedger(json, where) {
    const index = JSON.parse(json);
    if (!index.annotations?.[LEDGER_MARK] || !Array.isArray(index.manifests)) {
        throw new Error(`${where} holds a manifest this action did not write (no "${LEDGER_MARK}" annotation): move that image to another tag`);
    }
    return index.manifests.flatMap((entry) => {
        const a = entry.annotations ?? {};
        if (!a[KEY.run] && !a[KEY.variant])
            return [];
        return [
            {
                run: a[KEY.run] ?? '',
                attempt: Number(a[KEY.attempt] ?? '1') || 1,
                variant: a[KEY.variant] ?? '',
                platform: a[KEY.platform] ?? '',
                digest: entry.digest,
                mediaType: entry.mediaType ?? OCI_INDEX,
                size: entry.size ?? 0,
                recorded: a[KEY.recorded] ?? '',
            },
        ];
    });
}
/** "run 4242, variant "slim"": how errors and logs name a group. */
function describeGroup(group) {
    return group.run === '' ? `merge-key "${group.variant}"` : `run ${group.run}, variant "${group.variant}"`;
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
};
const INPUT_NAMES = [
    'qemu', 'qemu-image', 'driver', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline',
    'builder', 'buildx-version', 'registry', 'username', 'password', 'logout', 'context', 'file', 'platforms', 'tags',
    'labels', 'annotations', 'build-args', 'target', 'secrets', 'push', 'load', 'outputs', 'provenance', 'sbom',
    'no-cache', 'pull', 'cache', 'cache-ref', 'cache-from', 'cache-to', 'push-by-digest', 'merge', 'merge-key', 'sources',
    'test-command', 'registry-auth', 'insecure-registries', 'endpoint', 'node-platforms', 'append',
];
const realFileSystem = {
    isDirectory: (p) => external_node_fs_.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
    isFile: (p) => external_node_fs_.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
    readText: (p) => external_node_fs_.readFileSync(p, 'utf8'),
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
    const push = bool('push');
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
    const run = { id: ctx.run?.id ?? '', attempt: Number(ctx.run?.attempt) || 1 };
    const mergeKey = mode === 'build' ? '' : value('merge-key') || (tags.length > 0 ? variantOf(tags[0]) : '');
    if (mode !== 'build' && sources.length === 0) {
        if (value('merge-key') === '' && run.id === '')
            throw new errors/* InputError */.dz('merge-key', 'is empty and GITHUB_RUN_ID is not set: give the same merge-key to the legs and the merge step of one run');
        if (!/^[A-Za-z0-9_.-]{1,60}$/.test(mergeKey))
            throw new errors/* InputError */.dz('merge-key', `is ${(0,errors/* quote */.hD)(mergeKey)}: up to 60 letters, digits, "_", "." and "-"`);
    }
    if (mode === 'leg' && driver === 'docker')
        throw new errors/* InputError */.dz('push-by-digest', 'cannot be used with driver "docker", which cannot push by digest: use driver docker-container');
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
    const secrets = parseSecrets(raw.secrets);
    const cache = bool('cache');
    const cacheRefInput = value('cache-ref');
    if (cacheRefInput !== '')
        checkReference('cache-ref', cacheRefInput);
    if (cacheRefInput.includes('@'))
        throw new errors/* InputError */.dz('cache-ref', `is ${(0,errors/* quote */.hD)(cacheRefInput)}: a cache is written under a tag, not a digest`);
    // legs build in parallel: one cache ref per variant and platform, or the last leg to finish would overwrite the
    // others' cache (and a slim image's cache the full one's)
    const baseCacheRef = cacheRefInput !== '' ? cacheRefInput : tags.length > 0 ? `${repositoryOf(tags[0])}:buildcache` : '';
    const cacheRef = mode === 'leg' && baseCacheRef !== '' ? derivedRef(baseCacheRef, `${mergeKey}-${platforms.map((p) => p.replace(/\//g, '-')).join('_')}`) : baseCacheRef;
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
        run,
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
/** Build secrets as `id=value` lines. A bad line is named by its id or position, never by its value. */
function parseSecrets(text) {
    const secrets = [];
    (text ?? '').split(/\r?\n/).forEach((line, index) => {
        const entry = line.trim();
        if (entry === '')
            return;
        const eq = entry.indexOf('=');
        const id = eq > 0 ? entry.slice(0, eq) : '';
        if (!/^[A-Za-z0-9_.-]+$/.test(id)) {
            throw new errors/* InputError */.dz('secrets', `has an entry on line ${index + 1} without a valid id: expected id=value (id of letters, digits, "_", "." and "-")`);
        }
        if (secrets.some((secret) => secret.id === id))
            throw new errors/* InputError */.dz('secrets', `has the id "${id}" twice`);
        secrets.push({ id, value: entry.slice(eq + 1) });
    });
    return secrets;
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
    if (raw.password)
        core.setSecret(raw.password);
    for (const line of (raw.secrets ?? '').split(/\r?\n/)) {
        const value = line.slice(line.indexOf('=') + 1).trim();
        if (line.includes('=') && value !== '')
            core.setSecret(value);
    }
    // registry-auth and append are rare: the YAML parser loads only when one is given. Every scalar stays a string
    // (failsafe schema): a password like 0123 or 1e3 must not turn into a number
    const yaml = raw['registry-auth']?.trim() || raw.append?.trim() ? await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19)) : undefined;
    const parseYaml = yaml ? (text) => yaml.parse(text, { schema: 'failsafe' }) : undefined;
    const config = parseConfig(raw, { run: { id: process.env.GITHUB_RUN_ID, attempt: process.env.GITHUB_RUN_ATTEMPT }, parseYaml });
    for (const credentials of config.logins)
        core.setSecret(credentials.password);
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
/**
 * `byDigest`: push by digest whatever the config says (one platform of a per-platform build). A leg pushes by
 * digest and tags nothing: the merge step owns the tags, and finds the leg in the legs' ledger (legs/ledger.ts).
 */
function pushPlan(config, byDigest = false) {
    const tags = config.mode === 'leg' ? [] : config.tags;
    if (config.testCommand === '' && !byDigest && config.mode !== 'leg')
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
    config.secrets.forEach((secret, index) => {
        env[secretEnvName(index)] = secret.value;
        args.push('--secret', `id=${secret.id},env=${secretEnvName(index)}`);
    });
    const cache = cacheFlags(config, canExportCache);
    for (const from of cache.from)
        args.push('--cache-from', from);
    for (const to of cache.to)
        args.push('--cache-to', to);
    if (config.provenance !== '')
        args.push(`--provenance=${config.provenance}`);
    if (config.sbom !== '')
        args.push(`--sbom=${config.sbom}`);
    if (config.noCache)
        args.push('--no-cache');
    if (config.pull)
        args.push('--pull');
    if (config.push && plan.byDigestTo)
        args.push('--output', `type=image,name=${plan.byDigestTo},push-by-digest=true,name-canonical=true,push=true`);
    else if (config.push)
        args.push('--push');
    if (config.load)
        args.push('--load');
    for (const output of config.outputs)
        args.push('--output', output);
    args.push('--metadata-file', metadataFile, config.context);
    return { args, env };
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


function imagetoolsCreateArgs(builder, tags, sources) {
    return ['buildx', 'imagetools', 'create', '--builder', builder, ...tags.flatMap((tag) => ['--tag', tag]), ...sources];
}
/** The digest imagetools create pushed, from its progress ("pushing sha256:… to ghcr.io/acme/app:1"). */
function createdDigest(output) {
    return /pushing (sha256:[a-f0-9]{64}) to /.exec(output)?.[1];
}
/** Creates (or moves) the tags onto one index made of the sources; returns the index digest. */
async function createIndex(exec, builder, tags, sources, policy = retry/* REGISTRY_RETRY */.dv) {
    const result = await (0,retry/* withRetry */.bD)(`creating ${tags[0]}`, policy, () => (0,src_exec/* runOrThrow */.nf)(exec, `creating ${tags.join(', ')} from ${sources.join(', ')}`, 'docker', imagetoolsCreateArgs(builder, tags, sources)));
    const digest = createdDigest(`${result.stderr}\n${result.stdout}`);
    if (!digest)
        throw new Error(`imagetools create did not say which index it pushed to ${tags[0]}`);
    return digest;
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
    tokenScope;
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
    async request(method, path, headers = {}, payload) {
        const url = `${this.base}${path}`;
        const auth = this.token ? { Authorization: `Bearer ${this.token}` } : this.basic();
        const response = await fetch(url, { method, body: payload, headers: { ...headers, ...auth }, signal: AbortSignal.timeout(TIMEOUT_MS) });
        // a held token is renewed when a request needs more than it allows (a pull token, then the ledger's PUT)
        if (response.status !== 401 || (this.token && this.tokenScope === SCOPE_ACTIONS[method]))
            return response;
        const scope = `repository:${this.ref.repository}:${SCOPE_ACTIONS[method]}`;
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
        this.tokenScope = SCOPE_ACTIONS[method];
        return fetch(url, { method, body: payload, headers: { ...headers, Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
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
/** What a token must allow for each method (a PUT writes the legs' ledger, a DELETE removes merged legs). */
const SCOPE_ACTIONS = { GET: 'pull', DELETE: 'delete,pull', PUT: 'pull,push' };
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
        this.stats = await build(exec, config, this.builder.name, metadataFile, canExportCache(this.ctx));
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

;// CONCATENATED MODULE: ./src/legs/ledger-store.ts
// Reading and writing the legs' ledger (ledger.ts) over the registry API. The registry offers no compare-and-swap
// for a tag (a manifest PUT has no If-Match), so a change is a read-modify-write that is verified by reading the
// ledger back after a jittered wait, and applied again when a concurrent writer's PUT, made from an older read,
// dropped it. Why that converges: each writer starts its PUT at most maxReadToWriteMs after the read it is
// based on, and waits longer than that before checking, so any PUT that could still drop its change lands before
// its check and is seen; it then re-applies on top of the newest ledger, which keeps the other writer's change.
// Among writers that collide, the last PUT wins a round, so each round satisfies at least one of them, and the
// random wait keeps the others from colliding again in step.




const TIMING = { maxReadToWriteMs: 1500, settleMs: 2000, jitterMs: 2000, rounds: 8 };
/** The registry's own words from an error response: its `errors[].code/message/detail`, else the status line. */
async function registryReason(response) {
    const text = await response.text().catch(() => '');
    try {
        const errors = JSON.parse(text).errors ?? [];
        const said = errors.map((e) => [e.code, e.message, e.detail === undefined ? '' : JSON.stringify(e.detail)].filter(Boolean).join(' ')).join('; ');
        return `${response.status} ${said || response.statusText}`.trim();
    }
    catch {
        return `${response.status} ${response.statusText}`.trim();
    }
}
/** The ledger's records as the registry holds them now; none when the tag does not exist yet. */
async function readLedger(client, where) {
    const response = await client.request('GET', `/manifests/${LEDGER_TAG}`, { Accept: OCI_INDEX });
    if (response.status === 404) {
        await response.arrayBuffer();
        return [];
    }
    if (!response.ok)
        throw new Error(`reading ${where} failed: ${await registryReason(response)}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const served = response.headers.get('docker-content-digest');
    if (served && served !== digestOf(bytes))
        throw new Error(`reading ${where}: the registry served ${served} with digest ${digestOf(bytes)}`);
    return parseLedger(bytes.toString('utf8'), where);
}
/**
 * PUTs the ledger. A registry that no longer has a manifest a record refers to (deleted since: a merge of another
 * run removed its legs after our read) refuses the index naming it; such records are dropped and the PUT retried.
 */
async function writeLedger(client, where, records) {
    for (let left = records;;) {
        const response = await client.request('PUT', `/manifests/${LEDGER_TAG}`, { 'Content-Type': OCI_INDEX }, ledgerJson(left));
        if (response.ok)
            return void (await response.arrayBuffer());
        const reason = await registryReason(response);
        const gone = left.filter((record) => reason.includes(record.digest));
        if (!/MANIFEST_BLOB_UNKNOWN|MANIFEST_UNKNOWN|BLOB_UNKNOWN/.test(reason) || gone.length === 0)
            throw new Error(`writing ${where} failed: ${reason}`);
        core.info(`${where}: dropping the records of ${gone.map((r) => r.digest).join(', ')}, which the registry no longer has`);
        left = left.filter((record) => !gone.includes(record));
    }
}
function pause(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
/** Applies a change to the ledger and returns the ledger as read back holding it (see the top of this file). */
async function changeLedger(client, repository, change, timing = TIMING) {
    const where = `${repository}:${LEDGER_TAG}`;
    const read = () => (0,retry/* withRetry */.bD)(`reading ${where}`, retry/* REGISTRY_RETRY */.dv, () => readLedger(client, where));
    for (let round = 1; round <= timing.rounds; round++) {
        const current = await read();
        const readAt = Date.now();
        const next = change.apply(current, readAt);
        if (ledgerJson(next) === ledgerJson(current) && change.holds(current))
            return current;
        // a read gone stale while we worked is read again rather than written over newer entries
        if (Date.now() - readAt > timing.maxReadToWriteMs)
            continue;
        // a failed PUT is not retried as is: the next round reads again, so no retry lands on a stale read
        const failure = await writeLedger(client, where, next).then(() => undefined, (error) => error);
        if (failure && !(0,retry/* isTransient */.dg)(failure.message))
            throw new Error(`${change.doing}: ${failure.message}`);
        if (failure) {
            core.warning(`${change.doing}: ${failure.message}; reading ${where} again`);
            await pause(timing.settleMs);
            continue;
        }
        await pause(timing.settleMs + Math.random() * timing.jitterMs);
        const after = await read();
        if (change.holds(after))
            return after;
        core.info(`${change.doing}: a concurrent write to ${where} replaced ours; writing it again (round ${round + 1})`);
    }
    throw new Error(`${change.doing} in ${where} failed: after ${timing.rounds} rounds other writers still replaced it`);
}

;// CONCATENATED MODULE: ./src/modes/leg.ts






/**
 * One job of a native multi-runner build: a single build of this job's platforms, pushed by digest only (no tag,
 * pushPlan in build.ts), verified and tested like any build, then recorded in the repository's legs ledger for
 * the merge step, which owns the real tags; its result reports none (stepResult).
 */
class Leg {
    ctx;
    single;
    constructor(ctx, builder) {
        this.ctx = ctx;
        this.single = new SingleBuild(ctx, builder);
    }
    build() {
        return this.single.build();
    }
    verify() {
        return this.single.verify();
    }
    test() {
        return this.single.test();
    }
    async tag() {
        const result = await this.single.tag();
        if (result.digest)
            await this.record(result.digest);
        return result;
    }
    /** Adds one record per platform to the ledger, verified (ledger-store.ts). */
    async record(digest) {
        const { config } = this.ctx;
        const repository = repositoryOf(config.tags[0]);
        const client = registryClient(repository, config.logins, config.insecureRegistries);
        const pushed = await client.manifest(digest);
        const mediaType = JSON.parse(pushed).mediaType ?? 'application/vnd.oci.image.index.v1+json';
        const recorded = new Date().toISOString();
        const group = legGroup(config);
        const records = config.platforms.map((platform) => ({ ...group, attempt: config.run.attempt, platform, digest, mediaType, size: Buffer.byteLength(pushed), recorded }));
        const doing = `recording ${config.platforms.join(', ')} of ${describeGroup(group)} (attempt ${config.run.attempt})`;
        await changeLedger(client, repository, {
            doing,
            apply: (current, now) => records.reduce((all, record) => withLeg(all, record, now), [...current]),
            holds: (current) => records.every((record) => holdsLeg(current, record)),
        });
        core.info(`Recorded ${repository}@${digest} for the merge step in ${repository}:${LEDGER_TAG}: ${config.platforms.join(', ')} of ${describeGroup(group)}, attempt ${config.run.attempt}`);
    }
}

;// CONCATENATED MODULE: ./src/legs/merge-legs.ts
// The merge step's side of the legs' ledger (legs/ledger.ts): which legs it merges, and letting go of them once
// the merged index holds their platforms.





/** The legs of this run and variant, the newest attempt per platform; a platform without one fails the merge, named. */
async function findLegs(client, repository, group, platforms) {
    const where = `${repository}:${LEDGER_TAG}`;
    const records = await (0,retry/* withRetry */.bD)(`reading ${where}`, retry/* REGISTRY_RETRY */.dv, () => readLedger(client, where));
    const { picked, missing } = pickLegs(records, group, platforms);
    if (missing.length > 0)
        throw new Error(missingLegsMessage(records, group, missing, where));
    return { picked, group: records.filter((record) => inGroup(record, group)) };
}
function missingLegsMessage(records, group, missing, where) {
    const ours = records.filter((record) => inGroup(record, group));
    const found = ours.length > 0 ? `it has ${[...new Set(ours.map((r) => `${r.platform} (attempt ${r.attempt})`))].join(', ')}` : 'it has no leg of it at all';
    const otherVariants = [...new Set(records.filter((r) => r.run === group.run && r.variant !== group.variant).map((r) => `"${r.variant}"`))];
    const hint = ours.length === 0 && otherVariants.length > 0 ? `; this run has legs of variant ${otherVariants.join(', ')}: legs and merge need the same first tag, or the same merge-key` : '';
    return `no leg of ${describeGroup(group)} recorded ${missing.join(', ')} in ${where} (${found}${hint}): did that platform's build job finish? Re-run it, then the merge`;
}
/**
 * Once the merged index is verified: drops the group's records from the ledger (every attempt; verified, like
 * every ledger write), which also lets the registry collect the legs' own indexes, then deletes those indexes
 * where the registry allows it. Nothing is deleted that the merged index or another record still refers to:
 * a leg that pushed one image without attestations is itself an entry of the merged index.
 */
async function releaseLegs(config, client, repository, found, merged) {
    const group = legGroup(config);
    const left = await changeLedger(client, repository, {
        doing: `dropping the merged legs of ${describeGroup(group)}`,
        apply: (records, now) => withoutGroup(records, group, now),
        holds: (records) => !records.some((record) => inGroup(record, group)),
    });
    const inUse = new Set([merged.digest, ...(JSON.parse(merged.manifestJson).manifests ?? []).map((m) => m.digest), ...left.map((r) => r.digest)]);
    const unused = [...new Set(found.group.map((record) => record.digest))].filter((digest) => !inUse.has(digest));
    const refused = [];
    for (const digest of unused) {
        const ref = manifestRef(repository, digest);
        const failure = await deleteManifest(ref, config.logins.find((login) => login.registry === ref.registry), config.insecureRegistries).catch((error) => error.message);
        if (failure)
            refused.push(`${digest} (${failure})`);
    }
    // Docker Hub, GHCR and Distribution with deletes disabled answer 405: the legs' indexes stay, with no tag on them
    if (refused.length > 0)
        core.info(`The registry kept the legs' own untagged indexes: ${refused.join('; ')}`);
    core.info(`Dropped the merged legs of ${describeGroup(group)} from ${repository}:${LEDGER_TAG}`);
}

;// CONCATENATED MODULE: ./src/modes/merge.ts








/** Merge: one index from the legs' pushed platforms (or from `sources`), under the tags; the legs leave the ledger. */
class Merge {
    ctx;
    builder;
    repository;
    client;
    legs;
    digest = '';
    pushed;
    digests = {};
    constructor(ctx, builder) {
        this.ctx = ctx;
        this.builder = builder;
        this.repository = repositoryOf(ctx.config.tags[0]);
        this.client = registryClient(this.repository, ctx.config.logins, ctx.config.insecureRegistries);
    }
    async build() {
        const { config, exec } = this.ctx;
        this.legs = config.sources.length > 0 ? undefined : await findLegs(this.client, this.repository, legGroup(config), config.platforms);
        const sources = this.legs ? [...new Set(this.legs.picked.map((leg) => `${this.repository}@${leg.digest}`))] : config.sources;
        this.digest = await createIndex(exec, this.builder.name, config.tags, sources);
    }
    async verify() {
        const { config, exec } = this.ctx;
        this.pushed = await readPushed(exec, this.repository, this.digest, this.builder.name, config.logins, config.insecureRegistries);
        // a merge of sources takes what they hold, unless platforms was given
        const requested = config.platformsGiven || this.legs ? config.platforms : undefined;
        this.digests = platformDigests(this.pushed.manifestJson, requested ?? [], this.digest);
        verifyPushed(this.pushed, this.digests, requested ?? Object.keys(this.digests), this.digest);
    }
    async test() {
        core.info('A merge runs no test: the legs test the images they push');
    }
    async tag() {
        const { config } = this.ctx;
        if (this.legs && this.pushed)
            await releaseLegs(config, this.client, this.repository, this.legs, { digest: this.digest, manifestJson: this.pushed.manifestJson });
        return stepResult(config, this.builder.name, {
            platforms: Object.keys(this.digests),
            digest: this.digest,
            platformDigests: this.digests,
            sizes: this.pushed?.sizes,
        });
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
        const stats = await allOrNone(this.builds.map((one, i) => build(exec, one, this.builder.name, files[i], canExportCache(this.ctx), true)));
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
        return new Leg(ctx, builder);
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
    const name = (0,builder/* existingBuilder */.LQ)(config) ?? (0,builder/* newBuilderName */.f0)();
    await allSettled([logIn(ctx), registerEmulators(ctx), createBuilderUnlessGiven(ctx, name)]);
    // the docker driver's builder is the daemon itself, always up: nothing to start
    const nodes = config.driver === 'docker' && config.builder === '' ? [] : await (0,builder/* bootstrapBuilder */.S0)(exec, name);
    if (nodes.length > 1)
        core.setOutput('nodes', JSON.stringify(nodes));
    return { name, nodes };
}
async function setUpForMerge(ctx) {
    const { config } = ctx;
    // imagetools reads plain-HTTP registries from a builder's buildkitd config, which a builder can carry unstarted
    const created = config.builder === '' && config.driver !== 'docker' && config.insecureRegistries.length > 0;
    const name = config.builder || (created ? (0,builder/* newBuilderName */.f0)() : 'default');
    await allSettled([logIn(ctx), created ? createBuilderUnlessGiven(ctx, name) : Promise.resolve()]);
    return { name, nodes: [] };
}
/** Waits for every step (none is left running against a removed temp dir), then throws the first failure. */
async function allSettled(steps) {
    const failed = (await Promise.allSettled(steps)).find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
}
async function logIn({ config, exec }) {
    if (config.logins.length === 0) {
        core.info('No credentials given: not logging in');
        return;
    }
    // one after the other: docker login rewrites one config file
    const loggedIn = [];
    for (const credentials of config.logins) {
        loggedIn.push(credentials.registry);
        if (config.logout)
            state/* save */.UN('loggedIn', loggedIn.join(','));
        await (0,login/* login */.iD)(exec, credentials);
    }
}
async function registerEmulators({ config, docker, exec }) {
    if (!config.qemu)
        return;
    const local = (0,src_nodes/* platformsBuiltHere */.lJ)(config.platforms, config.nodes, config.driver);
    if (local.length < config.platforms.length)
        core.info(`QEMU: built on remote nodes, no local emulator needed: ${config.platforms.filter((p) => !local.includes(p)).join(', ')}`);
    const plan = qemuPlan(local, docker.hostPlatform, readRegistrations());
    if (plan.native.length > 0)
        core.info(`QEMU: native, no emulator needed: ${plan.native.join(', ')}`);
    if (plan.registered.length > 0)
        core.info(`QEMU: already registered: ${plan.registered.map((e) => e.entry).join(', ')}`);
    if (plan.missing.length === 0)
        return;
    const how = await installEmulators(exec, config.qemuImage, plan.missing);
    core.info(`QEMU: installed ${plan.missing.map((e) => e.entry).join(', ')} (${how === 'host' ? "host's qemu-user-static" : config.qemuImage})`);
}
async function createBuilderUnlessGiven({ config, exec, tempDir }, name) {
    if ((0,builder/* existingBuilder */.LQ)(config))
        return;
    const base = config.buildkitdConfig !== '' ? external_node_fs_.readFileSync(config.buildkitdConfig, 'utf8') : config.buildkitdConfigInline;
    // a remote daemon reads its own buildkitd.toml; buildx has none to hand it
    const text = config.driver === 'remote' ? '' : (0,builder/* buildkitdConfigText */._7)(base, config.insecureRegistries);
    let configFile;
    if (text !== '') {
        configFile = external_node_path_.join(tempDir, 'buildkitd.toml');
        external_node_fs_.writeFileSync(configFile, text);
    }
    state/* save */.UN('builder', name);
    await (0,builder/* createBuilder */.Ij)(exec, config, name, configFile);
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
    const docker = await facts;
    checkAgainstDocker(config, docker);
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
