// Drift between what the code reads, what action.yml declares and what the README documents fails here.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

import { DEFAULTS, INPUT_NAMES } from '../../../src/config/index.js';
import { ROOT } from '../support.js';

interface Declared {
  readonly description?: string;
  readonly default?: string;
}

interface ActionMetadata {
  readonly inputs: Record<string, Declared>;
  readonly outputs: Record<string, Declared>;
}

/** One row of a README table: the backquoted name, the default (Inputs only) and the description. */
interface ReadmeRow {
  readonly name: string;
  readonly default: string;
  readonly description: string;
}

// the runner reads every scalar of action.yml as a string: so does the failsafe schema
const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'), { schema: 'failsafe' }) as ActionMetadata;
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/**
 * The rows of the table under `## heading`. A row whose first cell is not one backquoted name keeps its raw cell
 * as the name, so that it shows up as a drift instead of being skipped.
 */
function readmeTable(heading: string): ReadmeRow[] {
  const lines = readme.split(/\r?\n/);
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const rows = lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line.startsWith('|'));
  // the header row, then the |---| row
  return rows.slice(2).map((row) => {
    const cells = row
      .replace(/^\|/, '')
      .replace(/\|\s*$/, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    const unquote = (cell: string): string => /^`([^`]*)`$/.exec(cell)?.[1] ?? cell;
    const description = cells[cells.length - 1];
    return { name: unquote(cells[0]), default: cells.length > 2 ? unquote(cells[1]) : '', description };
  });
}

const inputs = Object.entries(action.inputs);
const sorted = (names: Iterable<string>): string[] => [...names].sort();

// platforms has its default in the code only: the runner fills in a declared default, and then a merge of
// sources could not tell whether platforms was given (it takes what the sources hold when it is not)
const DEFAULT_IN_CODE_ONLY = ['platforms'];

describe('action.yml against the code', () => {
  test('declares exactly the inputs the action reads', () => {
    expect(sorted(Object.keys(action.inputs))).toEqual(sorted(INPUT_NAMES));
  });

  test('declares the same defaults as the code, but for platforms', () => {
    // a ${{ }} default (github-token's ${{ github.token }}) is the runner's to evaluate: the action cannot repeat it
    const declared = Object.fromEntries(
      inputs
        .filter(([, input]) => input.default !== undefined && !input.default.startsWith('${{'))
        .map(([name, input]) => [name, input.default]),
    );
    const expected = Object.fromEntries(Object.entries(DEFAULTS).filter(([name]) => !DEFAULT_IN_CODE_ONLY.includes(name)));
    expect(declared).toEqual(expected);
  });

  test('declares github-token with the workflow token as its default, as build-push-action does', () => {
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
  });

  test('declares platforms without a default; the code has it', () => {
    expect({ declared: 'platforms' in action.inputs, default: action.inputs.platforms?.default, inCode: DEFAULTS.platforms }).toEqual({
      declared: true,
      default: undefined,
      inCode: 'linux/amd64,linux/arm64',
    });
  });

  test('describes every input and output', () => {
    const undescribed = [...inputs, ...Object.entries(action.outputs)]
      .filter(([, entry]) => (entry.description ?? '').trim() === '')
      .map(([name]) => name);
    expect(undescribed).toEqual([]);
  });
});

describe('README tables against action.yml', () => {
  const inputRows = readmeTable('Inputs');
  const outputRows = readmeTable('Outputs');

  test('## Inputs has one row for each input action.yml declares, and no other', () => {
    expect(sorted(inputRows.map((row) => row.name))).toEqual(sorted(Object.keys(action.inputs)));
  });

  test("## Inputs shows action.yml's default for each input (platforms: the code's)", () => {
    const shown = Object.fromEntries(inputRows.map((row) => [row.name, row.default]));
    const declared = Object.fromEntries(
      inputs.map(([name, input]) => [name, input.default ?? (DEFAULT_IN_CODE_ONLY.includes(name) ? DEFAULTS[name] : '')]),
    );
    expect(shown).toEqual(declared);
  });

  test('## Outputs has one row for each output action.yml declares, and no other', () => {
    expect(sorted(outputRows.map((row) => row.name))).toEqual(sorted(Object.keys(action.outputs)));
  });

  test('every row has a description', () => {
    expect([...inputRows, ...outputRows].filter((row) => row.description === '').map((row) => row.name)).toEqual([]);
  });
});
