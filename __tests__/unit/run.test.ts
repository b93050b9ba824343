// The action as @github/local-action runs it: src/run.ts's run(), with @actions/core replaced by a stub that has
// only the functions (local-action's has no ExitCode), and nothing done by importing it.
import { afterEach, beforeAll, expect, jest, test } from '@jest/globals';

const errors: string[] = [];
const stub = {
  getInput: (): string => '',
  getState: (): string => '',
  saveState: (): void => undefined,
  setSecret: (): void => undefined,
  setOutput: (): void => undefined,
  info: (): void => undefined,
  debug: (): void => undefined,
  warning: (): void => undefined,
  error: (message: string): void => void errors.push(message),
  group: async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn(),
};
jest.unstable_mockModule('@actions/core', () => ({ ...stub, default: stub }));

let run: (typeof import('../../src/run.js'))['run'];
const saved = { ...process.env };

beforeAll(async () => {
  ({ run } = await import('../../src/run.js'));
});

afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
  errors.length = 0;
});

test('importing it runs nothing: run is an async function to call', () => {
  expect(typeof run).toBe('function');
  expect(errors).toEqual([]);
  expect(process.exitCode).toBeUndefined();
});

test('a failing main is reported as one error and fails the step through process.exitCode', async () => {
  process.env.RUNNER_OS = 'Windows';
  delete process.env.STATE_isPost;
  await run();
  expect({ exitCode: process.exitCode, errors }).toEqual({
    exitCode: 1,
    errors: [
      'RUNNER_OS is "Windows": this action runs on Linux runners only (runs-on: ubuntu-latest, ubuntu-24.04-arm, or a self-hosted Linux runner)',
    ],
  });
});

test('post, with nothing saved, undoes nothing and succeeds', async () => {
  process.env.STATE_isPost = 'true';
  await run();
  expect({ exitCode: process.exitCode, errors }).toEqual({ exitCode: undefined, errors: [] });
});
