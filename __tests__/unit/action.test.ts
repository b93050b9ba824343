import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { DEFAULTS, INPUT_NAMES } from '../../src/inputs.js';

const ACTION_YML = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'action.yml');

/** The inputs of action.yml and their defaults, read line by line (two-space input keys, four-space properties). */
function actionInputs(text: string): Map<string, string | undefined> {
  const inputs = new Map<string, string | undefined>();
  let inInputs = false;
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inInputs = line.startsWith('inputs:');
      continue;
    }
    if (!inInputs) continue;
    const name = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line)?.[1];
    if (name) {
      current = name;
      inputs.set(name, undefined);
      continue;
    }
    const value = /^ {4}default:\s*(.*)$/.exec(line)?.[1];
    if (value !== undefined && current) inputs.set(current, unquote(value.trim()));
  }
  return inputs;
}

function unquote(value: string): string {
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"') && value.endsWith('"')) return JSON.parse(value) as string;
  return value;
}

describe('action.yml', () => {
  const inputs = actionInputs(fs.readFileSync(ACTION_YML, 'utf8'));

  test('declares exactly the inputs the action reads', () => {
    expect([...inputs.keys()].sort()).toEqual([...INPUT_NAMES].sort());
  });

  // platforms has its default in inputs.ts only: the runner fills in a declared default, and then the action could
  // not tell a merge of sources whether platforms was given (platformsGiven)
  const UNDECLARED = ['platforms'];

  test('declares the same defaults as inputs.ts, but for platforms', () => {
    // a ${{ }} default (github-token's ${{ github.token }}) is the runner's to evaluate: the action cannot repeat it
    const declared = Object.fromEntries([...inputs].filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[1].startsWith('${{')));
    const expected = Object.fromEntries(Object.entries(DEFAULTS).filter(([name]) => !UNDECLARED.includes(name)));
    expect(declared).toEqual(expected);
  });

  test('declares github-token with the workflow token as its default, as build-push-action does', () => {
    expect(inputs.get('github-token')).toBe('${{ github.token }}');
  });

  test('declares platforms without a default', () => {
    expect({ declared: inputs.has('platforms'), default: inputs.get('platforms'), fallback: DEFAULTS.platforms }).toEqual({
      declared: true,
      default: undefined,
      fallback: 'linux/amd64,linux/arm64',
    });
  });
});

describe("README's Inputs table", () => {
  const readme = fs.readFileSync(path.join(path.dirname(ACTION_YML), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Inputs\n'), readme.indexOf('\n## Outputs\n'));
  // `| \`name\` | \`default\` | description |`
  const rows = new Map(
    [...section.matchAll(/^\| `([a-z-]+)` \| (?:`([^`]*)`)? *\|/gm)].map((m) => [m[1], m[2]] as [string, string | undefined]),
  );
  const inputs = actionInputs(fs.readFileSync(ACTION_YML, 'utf8'));

  test('has a row for every input of action.yml, and none more', () => {
    expect([...rows.keys()].sort()).toEqual([...inputs.keys()].sort());
  });

  test("gives action.yml's default (and platforms' fallback)", () => {
    for (const [name, declared] of inputs) expect({ name, shown: rows.get(name) }).toEqual({ name, shown: declared ?? (name === 'platforms' ? DEFAULTS.platforms : name === 'merge-key' ? 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT' : undefined) });
  });
});
