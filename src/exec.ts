import { spawn, type ChildProcess } from 'node:child_process';
import * as core from '@actions/core';
import { CommandError } from './errors.js';

export interface CommandResult {
  exitCode: number;
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
}

export type Runner = (command: string, args: readonly string[], options: CommandOptions) => Promise<CommandResult>;

const running = new Set<ChildProcess>();
let cancelledBy: NodeJS.Signals | undefined;

// A plain spawn rather than @actions/exec: cancellation has to reach the running build, and @actions/exec does
// not hand out its child process.
const spawnRunner: Runner = (command, args, options) =>
  new Promise((resolve) => {
    if (!options.silent) process.stdout.write(`[command]${command} ${args.join(' ')}\n`);
    const child = spawn(command, [...args], {
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (!options.silent) process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (!options.silent) process.stderr.write(chunk);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError = error));
    child.on('close', (code, signal) => {
      running.delete(child);
      const err = Buffer.concat(stderr).toString();
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString(),
        stderr: spawnError ? `${err}${command}: ${(spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? 'command not found' : spawnError.message}\n` : err,
      });
    });
  });

/** The runner signals a cancelled job: stop the running build so nothing is pushed after it; post cleans up. */
export function stopCommandsOnCancel(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      core.error(`Cancelled (${signal}): stopping the running commands; the post step removes what was created`);
      cancelRunningCommands(signal);
      setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
}

/** Stops the commands still running and refuses new ones: the job was cancelled, post will clean up. */
export function cancelRunningCommands(signal: NodeJS.Signals): void {
  cancelledBy = signal;
  for (const child of running) child.kill(signal);
}

let runner: Runner = spawnRunner;
let buildxBinary: string | undefined;

/** Tests replace the process runner here and nowhere else. */
export function useRunner(replacement: Runner): void {
  runner = replacement;
}

/** From now on, `docker buildx …` runs this standalone buildx binary instead of the docker CLI plugin. */
export function useBuildxBinary(binary: string): void {
  buildxBinary = binary;
}

/** Runs a command (no shell) and returns what it printed, whatever its exit code. */
export async function run(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  if (buildxBinary && command === 'docker' && args[0] === 'buildx') [command, args] = [buildxBinary, args.slice(1)];
  if (cancelledBy) throw new Error(`cancelled (${cancelledBy}) before running ${command} ${args[0] ?? ''}`);
  core.debug(`run: ${[command, ...args].join(' ')}`);
  return runner(command, args, options);
}

/** Runs a command and throws a CommandError saying what we were doing unless it exits 0. */
export async function runOrThrow(
  doing: string,
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const result = await run(command, args, options);
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
  const errorLine = [...lines].reverse().find((line) => /\berror\b/i.test(line));
  const line = errorLine ?? lines.at(-1) ?? `exit code ${result.exitCode}`;
  return line.replace(/^(?:docker:\s*)?(?:ERROR|Error):\s*/, '');
}
