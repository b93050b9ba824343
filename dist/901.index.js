export const id = 901;
export const ids = [901];
export const modules = {

/***/ 8901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   installBuildx: () => (/* binding */ installBuildx)
/* harmony export */ });
/* unused harmony exports releaseArch, assetName, releaseUrl, checksumsUrl, parseChecksums, verifyChecksum, versionFromLatestRedirect, cacheKey, cachePath */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3838);
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1691);
/* harmony import */ var _actions_tool_cache__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9805);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3190);
// Loaded only when `buildx-version` is set: @actions/tool-cache and @actions/cache are the heaviest part of the
// bundle, and most runs use the installed plugin.








const RELEASES = 'https://github.com/docker/buildx/releases';
/**
 * The release asset's architecture suffix for the machine this runs on: the binary runs here, whatever platform a
 * (possibly remote) Docker daemon has. 32-bit ARM is told apart by the ARM version node was built for.
 */
function releaseArch(arch = node_os__WEBPACK_IMPORTED_MODULE_2__.arch(), armVersion = armVersionOfNode()) {
    const suffix = { x64: 'amd64', arm64: 'arm64', arm: `arm-v${armVersion ?? '7'}`, ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
    if (!suffix[arch])
        throw new Error(`buildx releases have no Linux binary for this runner's architecture (${arch})`);
    return suffix[arch];
}
function armVersionOfNode() {
    return process.config.variables.arm_version?.toString();
}
function assetName(version, arch) {
    return `buildx-v${version}.linux-${arch}`;
}
function releaseUrl(version, arch) {
    return `${RELEASES}/download/v${version}/${assetName(version, arch)}`;
}
function checksumsUrl(version) {
    return `${RELEASES}/download/v${version}/checksums.txt`;
}
/** checksums.txt as `sha256sum`/`shasum -b` write it: "<sha256> [*]<asset>" per line; asset → sha256. */
function parseChecksums(text) {
    return new Map([...text.matchAll(/^([a-f0-9]{64}) [ *]?(\S+)$/gm)].map((m) => [m[2], m[1]]));
}
/** Throws unless the file's sha256 is the one checksums.txt lists for the asset. */
async function verifyChecksum(file, asset, checksumsText) {
    const expected = parseChecksums(checksumsText).get(asset);
    if (!expected)
        throw new Error(`the release's checksums.txt has no line for ${asset}`);
    const hash = node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash('sha256');
    for await (const chunk of node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream(file))
        hash.update(chunk);
    const actual = hash.digest('hex');
    if (actual !== expected)
        throw new Error(`the downloaded ${asset} has sha256 ${actual}, but the release's checksums.txt says ${expected}`);
}
/** The version in the Location that releases/latest redirects to (…/releases/tag/v0.29.1). */
function versionFromLatestRedirect(location) {
    const version = location ? /\/releases\/tag\/v([^/?#]+)$/.exec(location)?.[1] : undefined;
    if (!version)
        throw new Error(`looking up the latest buildx release: ${RELEASES}/latest redirected to ${location ?? 'nowhere'}, not to a release tag`);
    return version;
}
// The release page's redirect, not the REST API: unauthenticated API calls share 60 an hour per runner IP
async function latestVersion() {
    const response = await fetch(`${RELEASES}/latest`, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(20_000) });
    return versionFromLatestRedirect(response.headers.get('location'));
}
function cacheKey(version, arch) {
    return `buildx-multiarch-buildx-${version}-linux-${arch}`;
}
/** Where the binary is kept for the Actions cache: @actions/cache hashes the path into the entry, so it must not vary. */
function cachePath(version, arch) {
    return node_path__WEBPACK_IMPORTED_MODULE_3__.join(node_os__WEBPACK_IMPORTED_MODULE_2__.homedir(), '.cache', 'buildx-multiarch', `buildx-${version}-linux-${arch}`);
}
/**
 * The path of a standalone buildx binary of that release: from the runner's tool cache, else the Actions cache,
 * else downloaded from the release, checked against its checksums.txt (and saved to both caches for the next run).
 */
async function installBuildx(exec, requested, arch = releaseArch()) {
    const version = requested === 'latest' ? await latestVersion() : requested;
    let dir = _actions_tool_cache__WEBPACK_IMPORTED_MODULE_6__/* .find */ .I6('buildx', version, arch);
    if (!dir) {
        const staging = cachePath(version, arch);
        const binary = node_path__WEBPACK_IMPORTED_MODULE_3__.join(staging, 'buildx');
        const key = cacheKey(version, arch);
        const restored = _actions_cache__WEBPACK_IMPORTED_MODULE_5__/* .isFeatureAvailable */ .w3() ? await _actions_cache__WEBPACK_IMPORTED_MODULE_5__/* .restoreCache */ .P3([staging], key).catch(() => undefined) : undefined;
        if (!restored) {
            _actions_core__WEBPACK_IMPORTED_MODULE_4__.info(`Downloading buildx ${version} (${arch})`);
            node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync(staging, { recursive: true, force: true });
            const [sums] = await Promise.all([_actions_tool_cache__WEBPACK_IMPORTED_MODULE_6__/* .downloadTool */ .bq(checksumsUrl(version)), _actions_tool_cache__WEBPACK_IMPORTED_MODULE_6__/* .downloadTool */ .bq(releaseUrl(version, arch), binary)]);
            await verifyChecksum(binary, assetName(version, arch), node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(sums, 'utf8'));
            node_fs__WEBPACK_IMPORTED_MODULE_1__.chmodSync(binary, 0o755);
            if (_actions_cache__WEBPACK_IMPORTED_MODULE_5__/* .isFeatureAvailable */ .w3())
                await _actions_cache__WEBPACK_IMPORTED_MODULE_5__/* .saveCache */ .Io([staging], key).catch((error) => _actions_core__WEBPACK_IMPORTED_MODULE_4__.warning(`caching buildx failed: ${error.message}`));
        }
        dir = await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_6__/* .cacheFile */ .NJ(binary, 'buildx', 'buildx', version, arch);
    }
    const installed = node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, 'buildx');
    await (0,_exec_js__WEBPACK_IMPORTED_MODULE_7__/* .runOrThrow */ .nf)(exec, `checking the installed buildx ${version}`, installed, ['version'], { silent: true });
    return installed;
}


/***/ })

};
