// The action runs on Linux runners only: any other RUNNER_OS is refused before an input is read.
import { expect, test } from '@jest/globals';

import { parseConfig } from '../../../src/config/index.js';
import { fakeFiles, thrown } from '../support.js';

const LINUX_ONLY = 'this action runs on Linux runners only (runs-on: ubuntu-latest, ubuntu-24.04-arm, or a self-hosted Linux runner)';

test.each<[string | undefined, string | undefined]>([
  ['Windows', `RUNNER_OS is "Windows": ${LINUX_ONLY}`],
  ['macOS', `RUNNER_OS is "macOS": ${LINUX_ONLY}`],
  ['Linux', undefined],
  // outside a runner (a local run, the end-to-end harness) it is not set
  [undefined, undefined],
])('RUNNER_OS %j', (os, message) => {
  expect(thrown(() => parseConfig({ tags: 'ghcr.io/acme/app:1' }, { files: fakeFiles, env: { RUNNER_OS: os } }))?.message).toBe(message);
});

test('the runner is refused first, before a bad input', () => {
  expect(thrown(() => parseConfig({ platforms: 'linux/sparc' }, { files: fakeFiles, env: { RUNNER_OS: 'Windows' } }))?.message).toBe(
    `RUNNER_OS is "Windows": ${LINUX_ONLY}`,
  );
});
