// CONTRIBUTING's "Where things are" against the tree: every path it names exists, every folder and top-level file
// of src/ is in it, and the unit suites mirror src/ (a suite is named after the module it tests, at its path).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { ROOT } from '../support.js';

/**
 * Modules with no suite of their own, and why. A module that gets one leaves this list (the test below says so);
 * a new module without a suite must say here where it is tested.
 */
const WITHOUT_OWN_SUITE: Readonly<Record<string, string>> = {
  'config/build-flags.ts': 'repository/peer-inputs.test.ts, through parseConfig',
  'config/index.ts': 'registry/proxy.test.ts (readConfig masks first) and every e2e suite',
  'config/mirror.ts': 'setup/mirror.test.ts, through parseConfig',
  'config/options.ts': 'repository/peer-inputs.test.ts, through parseConfig',
  'config/provenance.ts': 'repository/peer-inputs.test.ts and build/event-payload.test.ts',
  'config/reproducible.ts': 'build/reproducible.test.ts',
  'core/errors.ts': 'error classes only: every suite reads their messages',
  'docker/engine-api.ts': 'docker/facts.socket.test.ts, on a socket of its own',
  'image/oci.ts': 'constants only',
  'image/verify-index.ts': 'modes/merge.test.ts and e2e verify-before-tag.test.ts',
  'index.ts': 'the entry: every e2e suite runs it',
  'legs/legs.ts': 'e2e legs.test.ts',
  'legs/registry-records.ts': 'e2e legs.test.ts, against Distribution',
  'main.ts': 'every e2e suite',
  'modes/leg.ts': 'e2e legs.test.ts and multi-runner.test.ts',
};

const SRC = path.join(ROOT, 'src');
const UNIT = path.join(ROOT, '__tests__', 'unit');

/** Paths under `dir`, relative to it, that `keep` accepts. */
function walk(dir: string, keep: (name: string) => boolean, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(prefix, entry.name);
    return entry.isDirectory() ? walk(dir, keep, relative) : keep(entry.name) ? [relative] : [];
  });
}

const modules = walk(SRC, (name) => name.endsWith('.ts'));
const suites = walk(UNIT, (name) => name.endsWith('.test.ts')).filter((suite) => !suite.startsWith('repository/'));

/** The module a suite tests: `image/digests.test.ts` and `docker/facts.socket.test.ts` name `image/digests.ts`, `docker/facts.ts`. */
const moduleOf = (suite: string): string => suite.replace(/(\.[a-z-]+)?\.test\.ts$/, '.ts');

/** The backquoted paths in the first column of CONTRIBUTING's "Where things are" table. */
function mappedPaths(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');
  const section = text.slice(text.indexOf('## Where things are'), text.indexOf('\n## ', text.indexOf('## Where things are') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map((match) => match[1]));
}

describe("CONTRIBUTING's map of the tree", () => {
  const mapped = mappedPaths();

  test('names only paths that exist', () => {
    expect(mapped.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  test('names every folder and every top-level module of src/', () => {
    const top = fs.readdirSync(SRC, { withFileTypes: true }).map((entry) => `src/${entry.name}${entry.isDirectory() ? '/' : ''}`);
    expect(top.filter((p) => !mapped.includes(p))).toEqual([]);
  });
});

describe('the unit suites mirror src/', () => {
  test('every suite is named after a module at its path', () => {
    expect(suites.filter((suite) => !modules.includes(moduleOf(suite)))).toEqual([]);
  });

  test('every module has a suite of its own, or says where it is tested', () => {
    const tested = new Set(suites.map(moduleOf));
    expect(modules.filter((module) => !tested.has(module) && !(module in WITHOUT_OWN_SUITE))).toEqual([]);
  });

  test('the list of modules without a suite holds only modules that still have none', () => {
    const tested = new Set(suites.map(moduleOf));
    expect(Object.keys(WITHOUT_OWN_SUITE).filter((module) => !modules.includes(module) || tested.has(module))).toEqual([]);
  });
});
