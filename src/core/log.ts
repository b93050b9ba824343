import { Writable } from 'node:stream';

import * as core from '@actions/core';

/**
 * The log of one phase that runs beside others (login, QEMU and builder set up at once): kept until they all end,
 * then shown in the phase's own group, so the job log is not a braid of three.
 */
export class PhaseLog extends Writable {
  private readonly chunks: string[] = [];

  constructor(readonly title: string) {
    super();
  }

  info(message: string): void {
    this.chunks.push(`${message}\n`);
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  /** Shows what the phase printed, in its own group. */
  async show(): Promise<void> {
    if (this.chunks.length === 0) return;
    await core.group(this.title, async () => {
      process.stdout.write(this.chunks.join(''));
    });
  }
}

/** Output that goes on at once, each line marked with whose it is (several builds at once, one per platform). */
export class PrefixedLog extends Writable {
  private partial = '';

  constructor(private readonly prefix: string) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    const lines = (this.partial + chunk.toString()).split('\n');
    this.partial = lines.pop() ?? '';
    if (lines.length > 0) process.stdout.write(lines.map((line) => `${this.prefix}${line}\n`).join(''));
    done();
  }

  override _final(done: () => void): void {
    if (this.partial !== '') process.stdout.write(`${this.prefix}${this.partial}\n`);
    done();
  }
}

/**
 * Reports the error a step failed with as the runner shows it; a build that failed at a Dockerfile instruction is
 * annotated at its line, as docker/build-push-action does.
 */
export function annotateFailure(error: unknown): void {
  const at = (error as { location?: { file: string; line: number } }).location;
  core.error((error as Error).message, at ? { file: at.file, startLine: at.line } : {});
}
