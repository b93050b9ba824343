// The fixtures against the tests and the capture scripts: every captured file is read by a test, and written by one
// of the scripts in fixtures/ (so it can be captured again), except the two folders that cannot be captured on the
// stack, which fixtures/README.md says where they came from.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { FIXTURES, ROOT } from '../support.js';

/** Folders captured elsewhere (the docker actions' releases, a newer buildx): read by a test, written by no script. */
const CAPTURED_ELSEWHERE = ['peers/', 'buildx-0.36.1/'];
/** What the folder holds besides fixtures: the scripts that capture them, their notes, and a server they run. */
const NOT_FIXTURES = /^(capture[a-z-]*\.sh|status-server\.mjs|README\.md)$/;

function walk(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(prefix, entry.name);
    return entry.isDirectory() ? walk(dir, relative) : [relative];
  });
}

function sourcesUnder(dir: string): string {
  return walk(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'))
    .join('\n');
}

const fixtures = walk(FIXTURES).filter((file) => !NOT_FIXTURES.test(file));
const tests = sourcesUnder(path.join(ROOT, '__tests__', 'unit')) + sourcesUnder(path.join(ROOT, '__tests__', 'e2e'));
const scripts = fs
  .readdirSync(FIXTURES)
  .filter((file) => /^capture[a-z-]*\.sh$/.test(file))
  .map((file) => fs.readFileSync(path.join(FIXTURES, file), 'utf8'))
  .join('\n');
/** `cmd-NAME.stdout` and `.stderr` are read through `captured('NAME')` and written by `capture NAME` (capture-commands.sh). */
const commandName = (file: string): string | undefined => /^cmd-(.+)\.(stdout|stderr)$/.exec(file)?.[1];

describe('fixtures', () => {
  test('the folder holds fixtures, and the scripts that capture them', () => {
    expect(fixtures.length).toBeGreaterThan(50);
    expect(scripts).toContain('capture-classic');
  });

  test('every fixture is read by a test', () => {
    const unread = fixtures.filter((file) => {
      const name = commandName(file);
      if (name !== undefined) return !tests.includes(`captured('${name}')`);
      if (file.startsWith('peers/')) return !tests.includes("'fixtures', 'peers'");
      return !tests.includes(file);
    });
    expect(unread).toEqual([]);
  });

  test('every fixture is written by a capture script, except the folders captured elsewhere', () => {
    const unscripted = fixtures.filter((file) => {
      if (CAPTURED_ELSEWHERE.some((folder) => file.startsWith(folder))) return false;
      const name = commandName(file);
      if (name !== undefined) return !new RegExp(`^capture ${name.replace(/[.]/g, '\\.')} `, 'm').test(scripts);
      return !scripts.includes(`$F/${file}`) && !scripts.includes(`out=${file}`);
    });
    expect(unscripted).toEqual([]);
  });

  test('every command whose answer was captured has its exit code recorded, and no other', () => {
    const recorded = fs
      .readFileSync(path.join(FIXTURES, 'cmd-exit-codes.txt'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=')[0]);
    const answered = [...new Set(fixtures.map(commandName).filter((name): name is string => name !== undefined))];
    expect(recorded.sort()).toEqual(answered.sort());
  });
});
