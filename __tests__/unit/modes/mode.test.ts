// The phases main runs every mode through (runPhases): their order, their log groups, and what each is handed.
import { describe, expect, test } from '@jest/globals';

import { type Mode, runPhases } from '../../../src/modes/mode.js';
import type { StepResult } from '../../../src/report/result.js';
import { configOf } from '../support.js';

const RESULT = { digest: 'sha256:feed' } as unknown as StepResult;

/** A mode that notes each phase it runs and what it was handed; its build's value is `built`. */
function recordingMode(withTest = true): { mode: Mode<string, string>; calls: string[] } {
  const calls: string[] = [];
  const mode: Mode<string, string> = {
    build: async () => (calls.push('build'), 'built'),
    verify: async (built) => (calls.push(`verify(${built})`), `verified ${built}`),
    tag: async (verified) => (calls.push(`tag(${verified})`), RESULT),
  };
  if (withTest) mode.test = async (verified) => void calls.push(`test(${verified})`);
  return { mode, calls };
}

describe('runPhases', () => {
  test.each([
    {
      row: 'a build with test-command: build, verify, test, tag, each in its group',
      inputs: { 'test-command': 'app --version' },
      groups: ['Build', 'Read back and verify', 'Test', 'Tag'],
      calls: ['build', 'verify(built)', 'test(verified built)', 'tag(verified built)'],
    },
    {
      row: 'a build without test-command: no Test phase',
      inputs: {},
      groups: ['Build', 'Read back and verify', 'Tag'],
      calls: ['build', 'verify(built)', 'tag(verified built)'],
    },
    {
      row: 'a merge: its first phase is called Merge',
      inputs: { merge: 'true', 'run-id': '42' },
      groups: ['Merge', 'Read back and verify', 'Tag'],
      calls: ['build', 'verify(built)', 'tag(verified built)'],
    },
  ])('$row', async ({ inputs, groups, calls }) => {
    const config = configOf({ tags: 'ghcr.io/acme/app:1', ...inputs });
    const { mode, calls: made } = recordingMode();
    const opened: string[] = [];
    const result = await runPhases(config, mode, (name, fn) => (opened.push(name), fn()));
    expect(opened).toEqual(groups);
    expect(made).toEqual(calls);
    expect(result).toBe(RESULT);
  });

  test('a mode without a test phase is tagged after verify even when test-command is set', async () => {
    const { mode, calls } = recordingMode(false);
    await runPhases(configOf({ tags: 'ghcr.io/acme/app:1', 'test-command': 'true' }), mode, (_name, fn) => fn());
    expect(calls).toEqual(['build', 'verify(built)', 'tag(verified built)']);
  });

  test('a phase that fails ends the run: no later phase runs, and no tag moves', async () => {
    const { mode, calls } = recordingMode();
    mode.verify = async () => {
      calls.push('verify');
      throw new Error('the pushed index sha256:feed does not hold the requested platforms');
    };
    const run = runPhases(configOf({ tags: 'ghcr.io/acme/app:1', 'test-command': 'true' }), mode, (_name, fn) => fn());
    await expect(run).rejects.toThrow('does not hold the requested platforms');
    expect(calls).toEqual(['build', 'verify']);
  });
});
