// The two logs phases write to, and a step's failure: what reaches the job log (stdout).
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';

import { annotateFailure, PhaseLog, PrefixedLog } from '../../../src/core/log.js';

const written: string[] = [];
let write: ReturnType<typeof jest.spyOn>;
beforeEach(() => {
  written.length = 0;
  write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  write.mockRestore();
});

/** Writes each chunk in turn, then ends the stream and waits for it to finish. */
async function writeAll(log: NodeJS.WritableStream, chunks: string[]): Promise<void> {
  for (const chunk of chunks) log.write(chunk);
  await new Promise<void>((resolve) => log.end(resolve));
}

describe('PhaseLog', () => {
  test('holds what the phase wrote until shown, then shows it whole in its own group', async () => {
    const log = new PhaseLog('Log in to ghcr.io');
    log.info('Logging in');
    await writeAll(log, ['Login ', 'Succeeded\n']);
    expect(written).toEqual([]);
    await log.show();
    expect(written.join('')).toBe('::group::Log in to ghcr.io\nLogging in\nLogin Succeeded\n::endgroup::\n');
  });

  test('a phase that wrote nothing shows no group', async () => {
    await new PhaseLog('QEMU').show();
    expect(written).toEqual([]);
  });
});

describe('PrefixedLog', () => {
  test.each<[string, string[], string]>([
    ['whole lines, each marked', ['#1 DONE 0.0s\n#2 CACHED\n'], '[linux/arm64] #1 DONE 0.0s\n[linux/arm64] #2 CACHED\n'],
    ['a line split across chunks is marked once', ['#5 [2/2] RU', 'N true\n'], '[linux/arm64] #5 [2/2] RUN true\n'],
    [
      'a last line without its newline is shown at the end',
      ['#6 DONE 0.1s\n#7 exporting'],
      '[linux/arm64] #6 DONE 0.1s\n[linux/arm64] #7 exporting\n',
    ],
    ['an empty line is a line', ['\n'], '[linux/arm64] \n'],
    ['nothing written: nothing shown', [], ''],
  ])('%s', async (_, chunks, shown) => {
    await writeAll(new PrefixedLog('[linux/arm64] '), chunks);
    expect(written.join('')).toBe(shown);
  });
});

describe('annotateFailure', () => {
  test.each([
    [
      'an error without a location',
      Object.assign(new Error('pushing linux/arm64 to ghcr.io/acme/app: 401'), {}),
      '::error::pushing linux/arm64 to ghcr.io/acme/app: 401',
    ],
    [
      'a build that failed at a Dockerfile instruction, at its line',
      Object.assign(new Error('building: process "/bin/sh -c make" did not complete'), { location: { file: 'app/Dockerfile', line: 3 } }),
      '::error file=app/Dockerfile,line=3::building: process "/bin/sh -c make" did not complete',
    ],
  ])('%s', (_, error, line) => {
    annotateFailure(error);
    expect(written.join('')).toBe(`${line}\n`);
  });
});
