import * as core from '@actions/core';

import type { Exec } from '../core/exec.js';

export function testArgs(image: string, platform: string, command: string): string[] {
  // the command runs in a shell of the image, whatever its ENTRYPOINT
  return ['run', '--rm', '--quiet', '--platform', platform, '--entrypoint', '/bin/sh', image, '-c', command];
}

/** The last lines of a command's output, for an error that shows why a test failed. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}

/**
 * Runs the test command in every platform's pushed image (QEMU serves the foreign ones), one platform after the
 * other; the first failure stops the step, naming the platform and showing the tail of its output.
 */
export async function testImages(
  exec: Exec,
  repository: string,
  digests: Readonly<Record<string, string>>,
  command: string,
): Promise<void> {
  for (const [platform, digest] of Object.entries(digests)) {
    const image = `${repository}@${digest}`;
    core.info(`test-command on ${platform}`);
    const result = await exec('docker', testArgs(image, platform, command));
    if (result.exitCode !== 0) {
      // one line for the error annotation, the tail of the output below it in the log
      core.error(`test-command output on ${platform} (last lines):\n${tail(`${result.stdout}\n${result.stderr}`)}`);
      throw new Error(
        `test-command failed on ${platform} (exit code ${result.exitCode}); no tag was created or moved. Last output: ${tail(`${result.stdout}\n${result.stderr}`, 1)}`,
      );
    }
  }
  await exec('docker', ['image', 'rm', ...Object.values(digests).map((d) => `${repository}@${d}`)], { silent: true });
}
