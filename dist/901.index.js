export const id = 901;
export const ids = [901];
export const modules = {

/***/ 8901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   installBuildx: () => (/* binding */ installBuildx)
/* harmony export */ });
/* unused harmony exports releaseArch, releaseUrl */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3838);
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1691);
/* harmony import */ var _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9805);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3190);
// Loaded only when `buildx-version` is set: @actions/tool-cache and @actions/cache are the heaviest part of the
// bundle, and most runs use the installed plugin.







/** The release asset's architecture suffix for the runner's platform (buildx names ARM variants "arm-v7"). */
function releaseArch(platform) {
    const suffix = {
        'linux/amd64': 'amd64',
        'linux/arm64': 'arm64',
        'linux/arm/v7': 'arm-v7',
        'linux/arm/v6': 'arm-v6',
        'linux/ppc64le': 'ppc64le',
        'linux/s390x': 's390x',
        'linux/riscv64': 'riscv64',
    };
    const arch = suffix[platform];
    if (!arch)
        throw new Error(`buildx releases have no binary for ${platform}`);
    return arch;
}
function releaseUrl(version, arch) {
    return `https://github.com/docker/buildx/releases/download/v${version}/buildx-v${version}.linux-${arch}`;
}
async function latestVersion() {
    const response = await fetch('https://api.github.com/repos/docker/buildx/releases/latest', {
        headers: { Accept: 'application/vnd.github+json', 'User-Agent': 'buildx-multiarch' },
    });
    if (!response.ok)
        throw new Error(`looking up the latest buildx release failed: HTTP ${response.status}`);
    return (await response.json()).tag_name.replace(/^v/, '');
}
/**
 * The path of a standalone buildx binary of that release: from the runner's tool cache, else the Actions cache,
 * else downloaded from the release (and saved to both caches for the next run).
 */
async function installBuildx(exec, requested, platform) {
    const version = requested === 'latest' ? await latestVersion() : requested;
    const arch = releaseArch(platform);
    let dir = _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__/* .find */ .I6('buildx', version, arch);
    if (!dir) {
        const staging = node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir(), 'buildx-download-'));
        const binary = node_path__WEBPACK_IMPORTED_MODULE_2__.join(staging, 'buildx');
        const key = `buildx-multiarch-buildx-${version}-linux-${arch}`;
        const restored = _actions_cache__WEBPACK_IMPORTED_MODULE_4__/* .isFeatureAvailable */ .w3() ? await _actions_cache__WEBPACK_IMPORTED_MODULE_4__/* .restoreCache */ .P3([staging], key).catch(() => undefined) : undefined;
        if (!restored) {
            _actions_core__WEBPACK_IMPORTED_MODULE_3__.info(`Downloading buildx ${version} (${arch})`);
            await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__/* .downloadTool */ .bq(releaseUrl(version, arch), binary);
            node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync(binary, 0o755);
            if (_actions_cache__WEBPACK_IMPORTED_MODULE_4__/* .isFeatureAvailable */ .w3())
                await _actions_cache__WEBPACK_IMPORTED_MODULE_4__/* .saveCache */ .Io([staging], key).catch((error) => _actions_core__WEBPACK_IMPORTED_MODULE_3__.warning(`caching buildx failed: ${error.message}`));
        }
        dir = await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__/* .cacheFile */ .NJ(binary, 'buildx', 'buildx', version, arch);
        node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync(staging, { recursive: true, force: true });
    }
    const installed = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'buildx');
    await (0,_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .runOrThrow */ .nf)(exec, `checking the installed buildx ${version}`, installed, ['version'], { silent: true });
    return installed;
}


/***/ })

};
