export const id = 642;
export const ids = [642];
export const modules = {

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


/***/ })

};
