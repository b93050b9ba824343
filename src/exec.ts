import * as actionsExec from '@actions/exec';
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

const actionsRunner: Runner = async (command, args, options) => {
  const env = options.env ? { ...(process.env as Record<string, string>), ...options.env } : undefined;
  const result = await actionsExec.getExecOutput(command, [...args], {
    ignoreReturnCode: true,
    silent: options.silent ?? false,
    input: options.input === undefined ? undefined : Buffer.from(options.input),
    env,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
};

let runner: Runner = actionsRunner;
const spawned: string[] = [];
let buildxBinary: string | undefined;

/** Tests replace the process runner here and nowhere else. */
export function useRunner(replacement: Runner): void {
  runner = replacement;
}

/** Every command this process ran, in order, as `command arg…` (argv never holds a secret). */
export function spawnedCommands(): readonly string[] {
  return spawned;
}

/** From now on, `docker buildx …` runs this standalone buildx binary instead of the docker CLI plugin. */
export function useBuildxBinary(binary: string): void {
  buildxBinary = binary;
}

/** Runs a command (no shell) and returns what it printed, whatever its exit code. */
export async function run(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  if (buildxBinary && command === 'docker' && args[0] === 'buildx') [command, args] = [buildxBinary, args.slice(1)];
  spawned.push([command, ...args].join(' '));
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
