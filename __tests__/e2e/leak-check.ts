// A setup file of the e2e project (jest.config.mjs): after each test file, no run of the action in it may have left
// a secret it was given in anything the runner would show or keep (leaks.ts).
import { afterAll, expect } from '@jest/globals';

import { leaksOfThisFile } from './leaks.js';

afterAll(() => {
  expect(leaksOfThisFile()).toEqual([]);
});
