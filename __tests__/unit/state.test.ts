// The state main hands post: written to a GITHUB_STATE file as the runner hands one, read back with the runner's
// own parser (scripts/runner.mjs), and loaded in post from the STATE_* variables the runner makes of it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';

import { parseCommandFile } from '../../scripts/runner.mjs';
import * as state from '../../src/state.js';

describe('state, from main to post', () => {
  let dir: string;
  let file: string;
  const previous = process.env.GITHUB_STATE;
  const KEYS = ['STATE_builder', 'STATE_loggedIn', 'STATE_tempDir', 'STATE_isPost'];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-test-'));
    file = path.join(dir, 'state');
    fs.writeFileSync(file, '');
    process.env.GITHUB_STATE = file;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.GITHUB_STATE;
    else process.env.GITHUB_STATE = previous;
    for (const key of KEYS) delete process.env[key];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('main saves under the named keys, and marks itself for src/index.ts (isPost)', () => {
    state.markMainStarted();
    state.save('builder', 'buildx-multiarch-1a2b3c4d');
    state.save('loggedIn', '127.0.0.1:5000,ghcr.io');
    state.save('tempDir', '/tmp/buildx-multiarch-x');
    expect(parseCommandFile(fs.readFileSync(file, 'utf8'))).toEqual({
      isPost: 'true',
      builder: 'buildx-multiarch-1a2b3c4d',
      loggedIn: '127.0.0.1:5000,ghcr.io',
      tempDir: '/tmp/buildx-multiarch-x',
    });
  });

  test.each<[string, Record<string, string>, state.SavedState]>([
    [
      'everything main saved',
      { STATE_builder: 'b1', STATE_loggedIn: 'ghcr.io', STATE_tempDir: '/tmp/x' },
      { builder: 'b1', loggedIn: 'ghcr.io', tempDir: '/tmp/x' },
    ],
    ['a main that failed before saving: nothing', {}, { builder: undefined, loggedIn: undefined, tempDir: undefined }],
    [
      'an empty value is no value',
      { STATE_builder: '', STATE_loggedIn: 'ghcr.io' },
      { builder: undefined, loggedIn: 'ghcr.io', tempDir: undefined },
    ],
  ])('post loads %s', (_, variables, saved) => {
    Object.assign(process.env, variables);
    expect(state.load()).toEqual(saved);
  });
});
