// The build secrets: an entry is named by its line, never by its value.
import { describe, expect, test } from '@jest/globals';

import { type Config, type RawInputs } from '../../../src/config/index.js';
import { configOf, expectRefusal, SECRET } from '../support.js';

const SECRET_ID = 'without a valid id: expected id=value (id of letters, digits, "_", "." and "-")';

describe('secrets refuses a bad entry with one line naming the input, never the value', () => {
  test.each<[string, RawInputs, string]>([
    ['secret line counted with blank lines', { secrets: `a=1\n\n=${SECRET}` }, `Input "secrets" has an entry on line 3 ${SECRET_ID}`],
    ['secret without an id', { secrets: SECRET }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['secret with an empty id', { secrets: `a=1\n=${SECRET}` }, `Input "secrets" has an entry on line 2 ${SECRET_ID}`],
    ['secret id with a space', { secrets: `npm token=${SECRET}` }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['secret id with a slash', { secrets: `a/b=${SECRET}` }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['duplicate secret id', { secrets: `token=abc\ntoken=${SECRET}` }, 'Input "secrets" has the id "token" twice'],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('secrets accepts', () => {
  test.each<[RawInputs, Partial<Config>]>([
    [
      { secrets: `npm_token=${SECRET}\n\ngithub.token=a=b=c\nEMPTY=` },
      {
        secrets: [
          { id: 'npm_token', value: SECRET },
          { id: 'github.token', value: 'a=b=c' },
        ],
        warnings: ['Input "secrets": the secret "EMPTY" has an empty value and is not passed to the build'],
      },
    ],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });
});
