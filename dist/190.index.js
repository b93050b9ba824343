export const id = 190;
export const ids = [190];
export const modules = {

/***/ 3190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UL: () => (/* binding */ stopCommandsOnCancel),
/* harmony export */   failureReason: () => (/* binding */ failureReason),
/* harmony export */   nf: () => (/* binding */ runOrThrow),
/* harmony export */   rB: () => (/* binding */ useBuildxBinary),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* unused harmony exports cancelRunningCommands, useRunner */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);



const running = new Set();
let cancelledBy;
// A plain spawn rather than @actions/exec: cancellation has to reach the running build, and @actions/exec does
// not hand out its child process.
const spawnRunner = (command, args, options) => new Promise((resolve) => {
    if (!options.silent)
        process.stdout.write(`[command]${command} ${args.join(' ')}\n`);
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, [...args], {
        env: options.env ? { ...process.env, ...options.env } : process.env,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    const stdout = [];
    const stderr = [];
    child.stdout?.on('data', (chunk) => {
        stdout.push(chunk);
        if (!options.silent)
            process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk) => {
        stderr.push(chunk);
        if (!options.silent)
            process.stderr.write(chunk);
    });
    if (options.input !== undefined)
        child.stdin?.end(options.input);
    let spawnError;
    child.on('error', (error) => (spawnError = error));
    child.on('close', (code, signal) => {
        running.delete(child);
        const err = Buffer.concat(stderr).toString();
        resolve({
            exitCode: code ?? (signal ? 128 : 1),
            stdout: Buffer.concat(stdout).toString(),
            stderr: spawnError ? `${err}${command}: ${spawnError.code === 'ENOENT' ? 'command not found' : spawnError.message}\n` : err,
        });
    });
});
/** The runner signals a cancelled job: stop the running build so nothing is pushed after it; post cleans up. */
function stopCommandsOnCancel() {
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => {
            _actions_core__WEBPACK_IMPORTED_MODULE_1__.error(`Cancelled (${signal}): stopping the running commands; the post step removes what was created`);
            cancelRunningCommands(signal);
            setTimeout(() => process.exit(1), 10_000).unref();
        });
    }
}
/** Stops the commands still running and refuses new ones: the job was cancelled, post will clean up. */
function cancelRunningCommands(signal) {
    cancelledBy = signal;
    for (const child of running)
        child.kill(signal);
}
let runner = spawnRunner;
let buildxBinary;
/** Tests replace the process runner here and nowhere else. */
function useRunner(replacement) {
    runner = replacement;
}
/** From now on, `docker buildx …` runs this standalone buildx binary instead of the docker CLI plugin. */
function useBuildxBinary(binary) {
    buildxBinary = binary;
}
/** Runs a command (no shell) and returns what it printed, whatever its exit code. */
async function run(command, args, options = {}) {
    if (buildxBinary && command === 'docker' && args[0] === 'buildx')
        [command, args] = [buildxBinary, args.slice(1)];
    if (cancelledBy)
        throw new Error(`cancelled (${cancelledBy}) before running ${command} ${args[0] ?? ''}`);
    _actions_core__WEBPACK_IMPORTED_MODULE_1__.debug(`run: ${[command, ...args].join(' ')}`);
    return runner(command, args, options);
}
/** Runs a command and throws a CommandError saying what we were doing unless it exits 0. */
async function runOrThrow(doing, command, args, options = {}) {
    const result = await run(command, args, options);
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
    const errorLine = [...lines].reverse().find((line) => /\berror\b/i.test(line));
    const line = errorLine ?? lines.at(-1) ?? `exit code ${result.exitCode}`;
    return line.replace(/^(?:docker:\s*)?(?:ERROR|Error):\s*/, '');
}


/***/ })

};
