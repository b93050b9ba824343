import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';

import { ROOT } from '../support.js';

// docs/migrating.md's "Coming from the docker actions" section against the peers' own action.yml (names saved as fixtures)
// and ours: every peer input and output has a row, and a row that says "same" or "renamed" names something we have.

const PEERS_DIR = path.join(ROOT, '__tests__', 'fixtures', 'peers');
const SECTION = '## Coming from the docker actions';

const STATUSES = ['same', 'renamed', 'not needed', 'not supported', 'not supported yet'] as const;
type Status = (typeof STATUSES)[number];
type Kind = 'input' | 'output';

interface Peer {
  readonly source: string;
  readonly inputs: string[];
  readonly outputs: string[];
}

interface Row {
  readonly action: string;
  readonly kind: Kind;
  readonly name: string;
  /** As written, before it is checked against STATUSES. */
  readonly status: string;
  /** Our name, for "renamed". */
  readonly ours?: string;
  readonly notes: string;
}

interface Section {
  /** `docker/<action>` → the version its heading names. */
  readonly headings: Map<string, string>;
  readonly rows: Row[];
  readonly yamlBlocks: string[];
}

function loadPeers(): Map<string, Peer> {
  const peers = new Map<string, Peer>();
  for (const file of fs
    .readdirSync(PEERS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    peers.set(`docker/${file.replace(/\.json$/, '')}`, JSON.parse(fs.readFileSync(path.join(PEERS_DIR, file), 'utf8')) as Peer);
  }
  return peers;
}

/** The section's text: from its heading to the next `## ` heading (or the end of the file). */
function sectionText(readme: string): string {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === SECTION);
  if (start < 0) throw new Error(`docs/migrating.md has no "${SECTION}" section`);
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** The `### docker/<action> (<version>)` subsections' tables, and the section's YAML code blocks. */
function parseSection(text: string): Section {
  const headings = new Map<string, string>();
  const rows: Row[] = [];
  const yamlBlocks: string[] = [];
  let action: string | undefined;
  let kind: Kind | undefined;
  let block: string[] | undefined;
  for (const line of text.split('\n')) {
    if (block) {
      if (line.trim() === '```') {
        yamlBlocks.push(block.join('\n'));
        block = undefined;
      } else block.push(line);
      continue;
    }
    if (line.trim() === '```yaml') {
      block = [];
      continue;
    }
    const heading = /^### (\S+)(?: \(([^)]+)\))?\s*$/.exec(line);
    if (heading) {
      action = heading[1].startsWith('docker/') ? heading[1] : undefined;
      if (action) headings.set(action, heading[2] ?? '');
      kind = undefined;
      continue;
    }
    if (!action || !line.startsWith('|')) {
      kind = undefined;
      continue;
    }
    const row = cells(line);
    if (kind === undefined) {
      // a table's header row names what its rows are
      kind = row[0] === 'Input' ? 'input' : row[0] === 'Output' ? 'output' : undefined;
      if (kind === undefined) throw new Error(`a table under ${action} starts with "${row[0]}", not "Input" or "Output"`);
      continue;
    }
    if (/^-+$/.test(row[0])) continue;
    const name = /^`([^`]+)`$/.exec(row[0])?.[1];
    const here = /^\*\*([^*]+)\*\*(?:\s+`([^`]+)`)?$/.exec(row[1] ?? '');
    if (!name || !here) throw new Error(`unreadable row under ${action}: ${line}`);
    rows.push({ action, kind, name, status: here[1], ours: here[2], notes: row[2] ?? '' });
  }
  return { headings, rows, yamlBlocks };
}

/** Our action.yml's input and output names. */
function ourNames(): Record<Kind, Set<string>> {
  const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs?: object; outputs?: object };
  return { input: new Set(Object.keys(action.inputs ?? {})), output: new Set(Object.keys(action.outputs ?? {})) };
}

/** Everything wrong with the section, one line each; empty when it is right. */
function problems(section: Section, peers: Map<string, Peer>, ours: Record<Kind, Set<string>>): string[] {
  const found: string[] = [];
  for (const [action, peer] of peers) {
    const version = /^docker\/[a-z-]+@(\S+) action\.yml$/.exec(peer.source)?.[1];
    if (!section.headings.has(action)) found.push(`no "### ${action} (${version})" subsection`);
    else if (section.headings.get(action) !== version)
      found.push(`${action}: the heading names ${section.headings.get(action)}, the fixture ${version}`);
    for (const kind of ['input', 'output'] as const) {
      for (const name of kind === 'input' ? peer.inputs : peer.outputs) {
        const count = section.rows.filter((row) => row.action === action && row.kind === kind && row.name === name).length;
        if (count === 0) found.push(`${action}: ${kind} "${name}" has no row`);
        if (count > 1) found.push(`${action}: ${kind} "${name}" has ${count} rows`);
      }
    }
  }
  for (const action of section.headings.keys()) {
    if (!peers.has(action)) found.push(`${action}: a subsection without a fixture in __tests__/fixtures/peers`);
  }
  for (const row of section.rows) {
    const what = `${row.action}: ${row.kind} "${row.name}"`;
    const peer = peers.get(row.action);
    if (peer && !(row.kind === 'input' ? peer.inputs : peer.outputs).includes(row.name)) found.push(`${what} is not in ${peer.source}`);
    if (!(STATUSES as readonly string[]).includes(row.status)) {
      found.push(`${what} is "${row.status}": expected one of ${STATUSES.join(', ')}`);
      continue;
    }
    const status = row.status as Status;
    const ourName = status === 'renamed' ? row.ours : row.name;
    if (status === 'renamed' && !row.ours) found.push(`${what} is "renamed" without our name`);
    if (status !== 'renamed' && row.ours) found.push(`${what} is "${status}" but names ${row.ours}`);
    if (status === 'renamed' && row.ours === row.name) found.push(`${what} is "renamed" to the same name: say "same"`);
    if ((status === 'same' || status === 'renamed') && ourName && !ours[row.kind].has(ourName)) {
      found.push(`${what} claims "${status}", but our action.yml has no ${row.kind} "${ourName}"`);
    }
    if (status === 'not supported yet' && ours[row.kind].has(row.name)) {
      found.push(`${what} is "not supported yet", but our action.yml has it now: make the row "same" (or say how it differs)`);
    }
    if (status !== 'same' && row.notes === '') found.push(`${what} is "${status}" without a note saying why`);
  }
  return found;
}

/** The keys under `with:` of every step of the section's workflows that uses `prefix…`. */
function withKeys(yamlBlocks: readonly string[], prefix: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const text of yamlBlocks) {
    const doc = parseYaml(text) as { steps?: { uses?: string; with?: Record<string, unknown> }[] };
    for (const step of doc.steps ?? []) {
      if (!step.uses?.startsWith(prefix)) continue;
      const action = step.uses.replace(/@.*$/, '');
      keys.set(action, [...(keys.get(action) ?? []), ...Object.keys(step.with ?? {})]);
    }
  }
  return keys;
}

describe('docs/migrating.md "Coming from the docker actions"', () => {
  const peers = loadPeers();
  const section = parseSection(sectionText(fs.readFileSync(path.join(ROOT, 'docs', 'migrating.md'), 'utf8')));
  const ours = ourNames();

  test('the fixtures hold the four peers, each with its source', () => {
    expect([...peers.keys()]).toEqual([
      'docker/build-push-action',
      'docker/login-action',
      'docker/setup-buildx-action',
      'docker/setup-qemu-action',
    ]);
    for (const [action, peer] of peers) {
      expect(peer.source).toMatch(new RegExp(`^${action}@\\S+ action\\.yml$`));
      expect(peer.inputs.length).toBeGreaterThan(0);
    }
  });

  test('every peer input and output has one row, and every "same" or "renamed" row names what our action.yml has', () => {
    expect(section.rows.length).toBeGreaterThan(0);
    expect(problems(section, peers, ours)).toEqual([]);
  });

  test('the workflows use only inputs that exist: the peers\' in "before", ours in "after"', () => {
    const before = withKeys(section.yamlBlocks, 'docker/');
    const after = withKeys(section.yamlBlocks, 'OWNER/buildx-multiarch@');
    expect([...before.keys()].filter((action) => peers.has(action)).sort()).toEqual([...peers.keys()]);
    for (const [action, keys] of before) {
      const peer = peers.get(action);
      if (peer) expect(keys.filter((key) => !peer.inputs.includes(key))).toEqual([]);
    }
    expect(after.get('OWNER/buildx-multiarch')?.length).toBeGreaterThan(0);
    expect((after.get('OWNER/buildx-multiarch') ?? []).filter((key) => !ours.input.has(key))).toEqual([]);
  });

  // the checks themselves can fail, shown on a made-up peer (the real rows change as inputs land)
  test('the checks catch a missing row, a false "same" or "renamed", and a "not supported yet" that has landed', () => {
    const fake = new Map<string, Peer>([
      ['docker/fake-action', { source: 'docker/fake-action@v9.1.0 action.yml', inputs: ['kept', 'gone', 'later'], outputs: ['name'] }],
    ]);
    const mine = { input: new Set(['kept']), output: new Set(['builder']) };
    const row = (kind: Kind, name: string, status: string, ours?: string): Row => ({
      action: 'docker/fake-action',
      kind,
      name,
      status,
      ours,
      notes: status === 'same' ? '' : 'why',
    });
    const rows = [
      row('input', 'kept', 'same'),
      row('input', 'gone', 'not needed'),
      row('input', 'later', 'not supported yet'),
      row('output', 'name', 'renamed', 'builder'),
    ];
    const good: Section = { headings: new Map([['docker/fake-action', 'v9.1.0']]), rows, yamlBlocks: [] };
    const at = (i: number, changed: Partial<Row>): Row[] => rows.map((r, j) => (j === i ? { ...r, ...changed } : r));
    expect(problems(good, fake, mine)).toEqual([]);
    expect(problems({ ...good, rows: rows.filter((r) => r.name !== 'gone') }, fake, mine)).toEqual([
      'docker/fake-action: input "gone" has no row',
    ]);
    expect(problems({ ...good, rows: at(2, { status: 'same' }) }, fake, mine)).toEqual([
      'docker/fake-action: input "later" claims "same", but our action.yml has no input "later"',
    ]);
    expect(problems({ ...good, rows: at(3, { ours: 'name-of-builder' }) }, fake, mine)).toEqual([
      'docker/fake-action: output "name" claims "renamed", but our action.yml has no output "name-of-builder"',
    ]);
    expect(problems(good, fake, { ...mine, input: new Set(['kept', 'later']) })).toEqual([
      'docker/fake-action: input "later" is "not supported yet", but our action.yml has it now: make the row "same" (or say how it differs)',
    ]);
    expect(problems({ ...good, rows: [...rows, row('input', 'typo', 'same')] }, fake, mine)).toEqual([
      'docker/fake-action: input "typo" is not in docker/fake-action@v9.1.0 action.yml',
      'docker/fake-action: input "typo" claims "same", but our action.yml has no input "typo"',
    ]);
    expect(problems({ ...good, rows: at(1, { notes: '' }) }, fake, mine)).toEqual([
      'docker/fake-action: input "gone" is "not needed" without a note saying why',
    ]);
    expect(problems({ ...good, headings: new Map([['docker/fake-action', 'v9.0.0']]) }, fake, mine)).toEqual([
      'docker/fake-action: the heading names v9.0.0, the fixture v9.1.0',
    ]);
  });
});
