export const id = 661;
export const ids = [661];
export const modules = {

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(235);
/* harmony import */ var _core_exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2642);
/* harmony import */ var _setup_builder_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2921);
/* harmony import */ var _setup_login_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9732);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2462);






/** Undoes what main recorded, last first; one failed cleanup does not stop the others. */
async function post(exec = (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_1__.createExec)()) {
    const saved = _state_js__WEBPACK_IMPORTED_MODULE_4__/* .load */ .Hh();
    const failures = [];
    // each undo's error names what it was doing ("removing builder b1 failed: …"); the exec seam never throws
    const attempt = async (undo) => {
        try {
            await undo();
        }
        catch (error) {
            failures.push(error.message);
        }
    };
    const builder = saved.builder;
    if (builder) {
        await _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .group */ .Os('Remove builder', () => attempt(async () => _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(`Builder ${builder}: ${await (0,_setup_builder_js__WEBPACK_IMPORTED_MODULE_2__/* .removeBuilder */ .iq)(exec, builder)}`)));
    }
    const registries = (saved.loggedIn ?? '').split(',').filter(Boolean).reverse();
    if (registries.length > 0) {
        await _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .group */ .Os('Log out', async () => {
            for (const registry of registries)
                await attempt(() => (0,_setup_login_js__WEBPACK_IMPORTED_MODULE_3__/* .logout */ .ri)(exec, registry));
        });
    }
    if (saved.tempDir)
        node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync(saved.tempDir, { recursive: true, force: true });
    // a cleanup that failed leaves something behind on a possibly shared runner: say so, but the job's result stands
    for (const failure of failures)
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(failure);
}


/***/ })

};
