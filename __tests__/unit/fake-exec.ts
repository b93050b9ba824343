// The exec seam's stand-in for unit tests: a table keyed by the exact argv ("docker buildx rm --force b1"), whose
// answers are real output captured from the stack (fixtures). A command the table does not know fails the test,
// so a module cannot run anything the test did not foresee.
import type { CommandOptions, CommandResult, Exec } from '../../src/core/exec.js';

export interface Answer {
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface Call {
  readonly argv: string;
  readonly input?: string;
  readonly env?: Record<string, string>;
}

export class FakeExec {
  readonly calls: Call[] = [];
  private readonly queues = new Map<string, Answer[]>();

  /** `answers`: one answer per argv, or a list answered in turn (the last one repeats). */
  constructor(answers: Record<string, Answer | Answer[]>) {
    for (const [argv, answer] of Object.entries(answers)) this.queues.set(argv, Array.isArray(answer) ? [...answer] : [answer]);
  }

  readonly exec: Exec = async (command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> => {
    const argv = [command, ...args].join(' ');
    this.calls.push({ argv, input: options.input, env: options.env });
    const queue = this.queues.get(argv);
    if (!queue) throw new Error(`unexpected command: ${argv}`);
    const answer = queue.length > 1 ? (queue.shift() as Answer) : queue[0];
    const result = { exitCode: answer.exitCode ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
    if (options.onLine) for (const line of `${result.stdout}${result.stderr}`.split(/\r?\n/)) options.onLine(line);
    return result;
  };

  /** The argv of every command run, in order. */
  get argvs(): string[] {
    return this.calls.map((call) => call.argv);
  }
}
