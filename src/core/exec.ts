import * as fs from 'node:fs';
import type { Writable } from 'node:stream';

import * as core from '@actions/core';
import * as actionsExec from '@actions/exec';

import { CommandError } from './errors.js';

export interface CommandResult {
  exitCode: number;
  /** What the command printed, up to OUTPUT_LIMIT (the end is kept: that is where tools explain a failure). */
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Written to the process's stdin: the only way a secret reaches a command. */
  input?: string;
  /** Added to the inherited environment (build secrets travel here, never in argv). */
  env?: Record<string, string>;
  /** Keep the command's output out of the job log (it is still captured). */
  silent?: boolean;
  /** Sees every line the command prints, stdout and stderr, as it comes (for logs too long to keep). */
  onLine?: (line: string) => void;
  /** Where the command's echo goes instead of the job log (a phase's own log). */
  output?: NodeJS.WritableStream;
}

/** The same seam, with every command's echo going to `output`. */
export function execWithOutput(exec: Exec, output: NodeJS.WritableStream): Exec {
  return (command, args, options = {}) => exec(command, args, { ...options, output });
}

/**
 * The one seam through which the action runs processes: argv, never a shell. Modules that run commands take it
 * as a parameter; unit tests hand them a fake keyed by argv (__tests__/unit/fake-exec.ts).
 */
export type Exec = (command: string, args: readonly string[], options?: CommandOptions) => Promise<CommandResult>;

/** Enough for any JSON a command prints here; a multi-gigabyte build log keeps only its last part. */
export const OUTPUT_LIMIT = 4 * 1024 * 1024;

/** Text that keeps at most `limit` characters, the most recent ones. */
export class BoundedText {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly limit = OUTPUT_LIMIT) {}

  append(chunk: string): void {
    this.parts.push(chunk);
    this.length += chunk.length;
    if (this.length > this.limit * 2) this.compact();
  }

  toString(): string {
    this.compact();
    return this.parts.join('');
  }

  private compact(): void {
    const text = this.parts.join('');
    const kept = text.length > this.limit ? text.slice(text.length - this.limit) : text;
    this.parts = [kept];
    this.length = kept.length;
  }
}

let cancelledBy: NodeJS.Signals | undefined;

/** Runs commands with @actions/exec; with `buildxBinary`, `docker buildx …` runs that standalone binary instead. */
export function createExec(buildxBinary?: string): Exec {
  return async (command, args, options = {}) => {
    if (buildxBinary && command === 'docker' && args[0] === 'buildx') [command, args] = [buildxBinary, args.slice(1)];
    if (cancelledBy) throw new Error(`cancelled (${cancelledBy}) before running ${command} ${args[0] ?? ''}`);
    core.debug(`run: ${[command, ...args].join(' ')}`);
    const stdout = new BoundedText();
    const stderr = new BoundedText();
    const onLine = options.onLine;
    let exitCode: number;
    try {
      exitCode = await actionsExec.exec(command, [...args], {
        env: options.env ? ({ ...process.env, ...options.env } as Record<string, string>) : undefined,
        input: options.input === undefined ? undefined : Buffer.from(options.input),
        silent: options.silent,
        outStream: options.output as Writable | undefined,
        errStream: options.output as Writable | undefined,
        ignoreReturnCode: true,
        listeners: {
          stdout: (data) => stdout.append(data.toString()),
          stderr: (data) => stderr.append(data.toString()),
          stdline: onLine,
          errline: onLine,
        },
      });
    } catch (error) {
      // @actions/exec throws when the executable is not on PATH, before anything runs
      const reason = /Unable to locate executable/.test((error as Error).message) ? 'command not found' : (error as Error).message;
      return { exitCode: 127, stdout: '', stderr: `${command}: ${reason}\n` };
    }
    // a process killed by a signal has no exit code
    return { exitCode: exitCode ?? 128, stdout: stdout.toString(), stderr: stderr.toString() };
  };
}

/** The runner signals a cancelled job: stop the running build so nothing is pushed after it; post cleans up. */
export function stopCommandsOnCancel(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      core.error(`Cancelled (${signal}): stopping the running commands; the post step removes what was created`);
      stopRunningCommands(signal);
      setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
}

/** Stops every running command and refuses new ones: the step is failing or cancelled, post cleans up. */
export function stopRunningCommands(signal: NodeJS.Signals = 'SIGTERM'): void {
  cancelledBy = signal;
  signalChildren(signal);
}

/**
 * Sends `signal` to every process this one started. @actions/exec keeps its child processes to itself (ToolRunner
 * has no kill and no AbortSignal), and a cancelled build must stop at once, before it pushes: the children are
 * found through /proc, where each process's stat line names its parent. Linux only, as the action is.
 */
export function signalChildren(signal: NodeJS.Signals, parent = process.pid): number[] {
  const children = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")"
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
  for (const pid of children) {
    try {
      process.kill(pid, signal);
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/** Runs a command and throws a CommandError saying what we were doing unless it exits 0. */
export async function runOrThrow(
  exec: Exec,
  doing: string,
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const result = await exec(command, args, options);
  if (result.exitCode !== 0) throw new CommandError(doing, result.exitCode, failureReason(result));
  return result;
}

/**
 * The line that explains a failure. Judged from stderr only after the exit code said it failed: buildx writes
 * its progress to stderr too, so the explanation is its last meaningful line.
 */
export function failureReason(result: CommandResult): string {
  // stderr explains; stdout only when stderr is silent (binfmt prints its JSON state on stdout, the reason on stderr)
  const lines = (result.stderr.trim() !== '' ? result.stderr : result.stdout)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^-+$/.test(line) && !/^Run '.*--help' for more information$/.test(line));
  let at = lines.length - 1;
  while (at >= 0 && !/\berror\b/i.test(lines[at])) at--;
  const line = at >= 0 ? withContinuation(lines, at) : (lines.at(-1) ?? `exit code ${result.exitCode}`);
  return line.replace(/^(?:docker:\s*)?(?:ERROR|Error):\s*/, '');
}

/**
 * The error line and the lines its message goes on in. An error that wraps a tool's own output spans lines:
 * BuildKit's failed Git fetch is "…: git stderr:", git's "fatal: …" line, then ": exit status 128"; without them
 * the reason would end at "git stderr:".
 */
function withContinuation(lines: readonly string[], at: number): string {
  let text = lines[at];
  for (let i = at + 1; i < lines.length && (text.endsWith(':') || lines[i].startsWith(':')); i++)
    text += lines[i].startsWith(':') ? lines[i] : ` ${lines[i]}`;
  return text;
}
