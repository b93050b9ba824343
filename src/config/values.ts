// The value parsers every section shares. Each refuses a bad value with an InputError naming the input; none
// looks at another input.
import { parse as parseCsv } from 'csv-parse/sync';

import { InputError, quote } from '../core/errors.js';
import { ACCEPTED_ALIASES, ACCEPTED_PLATFORMS, canonicalPlatform } from '../image/platforms.js';
import { referenceProblem } from '../image/reference.js';

/** The raw text of a section's inputs, as the runner hands them over (absent and empty alike mean "not given"). */
export type SectionInputs<Declared> = Partial<Record<keyof Declared & string, string>>;

/** One section's inputs, read the one way the action reads any input. */
export interface InputReader<Name extends string> {
  /** Trimmed; a blank input is the section's default for it (or empty). */
  text(name: Name): string;
  /** Exactly as given: for a password, whose spaces may be part of it, and for list inputs, split later. */
  given(name: Name): string;
  bool(name: Name): boolean;
}

/** Reads the inputs one section declares (`declared` maps each name to its default, empty for none). */
export function inputReader<Name extends string>(
  raw: Partial<Record<Name, string>>,
  declared: Readonly<Record<Name, string>>,
): InputReader<Name> {
  const text = (name: Name): string => (raw[name] ?? '').trim() || declared[name];
  return {
    text,
    given: (name) => raw[name] ?? '',
    bool: (name) => parseBoolean(name, text(name)),
  };
}

/** YAML 1.2 core booleans, as the Actions runner documents them. */
export function parseBoolean(name: string, text: string): boolean {
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(name, `is ${quote(text)}: expected true or false`);
}

/**
 * A list input. `lines`: one entry per line, as written (build-push-action's `outputs` and setup-buildx-action's
 * `driver-opts`, which buildx reads as CSV itself, so their quotes must reach it). `records`: CSV records, as the
 * build-push-action reads its other line inputs (see csvEntries). `commas`: also comma-separated, with CSV quoting for a value
 * that holds a comma inside a line of several; a line quoted whole is split too. Blank lines are skipped (a YAML
 * block's trailing newline included), but an empty entry between commas is refused: it is nearly always a `${{ }}`
 * expression that came out empty.
 */
export function listInput(name: string, text: string | undefined, separators: 'commas' | 'lines' | 'records'): string[] {
  if (separators === 'records') return csvEntries(name, text, { asWritten: true }).map((entry) => entry.text);
  const entries: string[] = [];
  for (const line of (text ?? '').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (separators === 'lines') {
      entries.push(line.trim());
      continue;
    }
    let fields: string[];
    try {
      fields = (parseCsv(line, { relax_quotes: true, trim: true, relax_column_count: true }) as string[][]).flat();
    } catch (error) {
      throw new InputError(
        name,
        `has ${quote(line)}, which is not a valid comma-separated list: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    // a line quoted whole is one CSV field, which build-push-action splits on its commas too
    if (fields.length === 1) fields = fields[0].split(',').map((field) => field.trim());
    if (fields.some((field) => field === '')) {
      throw new InputError(name, `has an empty entry in ${quote(line)}: remove the extra comma (an empty \${{ }} expression?)`);
    }
    entries.push(...fields);
  }
  return entries;
}

/** An entry of a list input read as CSV records, and the line it starts on. */
export interface Entry {
  readonly text: string;
  readonly line: number;
}

/**
 * A list input read as build-push-action reads its "one entry per line" inputs (actions-toolkit's getInputList with
 * ignoreComma): the whole text as CSV records, so an entry double-quoted whole reaches buildx without its quotes,
 * and may hold commas, span lines (a PEM key) and double a quote inside it (""). The fields of a record of several
 * are joined back with commas, as build-push-action joins them; with `asWritten` such a record is kept as written instead:
 * buildx reads cache-from, cache-to and attests as CSV itself, and a quoted field inside them (`"ref=a,b"`) would
 * lose the quotes that keep its comma. `trim: false` keeps each entry's spaces (a secret's value is taken as
 * written). The error gives the line only: the parser's own message quotes the text, which may be a secret.
 */
export function csvEntries(name: string, text: string | undefined, { trim = true, asWritten = false } = {}): Entry[] {
  if ((text ?? '').trim() === '') return [];
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parseCsv(text as string, {
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(
      name,
      `is not a valid list${line ? ` (line ${line})` : ''}: one entry per line; an entry double-quoted whole may hold commas and span lines ("KEY=line 1…line 2")`,
    );
  }
  return records
    .map(({ record, raw, info }) => {
      const joined = asWritten && record.length > 1 ? raw : record.join(',');
      return { text: trim ? joined.trim() : joined, line: info.lines - newlinesIn(record) };
    })
    .filter((entry) => entry.text.trim() !== '');
}

function newlinesIn(record: string[]): number {
  return record.join(',').split(/\r?\n/).length - 1;
}

/** Canonical platforms in the order given, duplicates (after aliases are resolved) dropped. */
export function parsePlatforms(text: string, fallback: string): string[] {
  const names = listInput('platforms', text.trim() === '' ? fallback : text, 'commas');
  const platforms: string[] = [];
  for (const name of names) {
    const canonical = canonicalPlatform(name);
    if (!canonical) {
      throw new InputError(
        'platforms',
        `has ${quote(name)}, which is not a known platform: use ${ACCEPTED_PLATFORMS} (or an alias: ${ACCEPTED_ALIASES})`,
      );
    }
    if (!platforms.includes(canonical)) platforms.push(canonical);
  }
  if (platforms.length === 0) throw new InputError('platforms', 'is empty: give at least one platform');
  return platforms;
}

/** `KEY=VALUE` lines; where a value is optional a bare `KEY` passes the variable from the environment. */
export function keyValueList(name: string, text: string | undefined, valueRequired: boolean): string[] {
  const entries = listInput(name, text, 'records');
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq >= 0 ? entry.slice(0, eq) : entry;
    if (key.trim() === '' || /\s/.test(key) || (valueRequired && eq < 0)) {
      throw new InputError(
        name,
        `has ${quote(entry)}: expected KEY=VALUE${valueRequired ? '' : ' (or KEY to pass it from the environment)'}`,
      );
    }
  }
  return entries;
}

/** Image references, each refused with the reason the reference parser gives. */
export function checkReferences(name: string, refs: readonly string[], verb: 'is' | 'has'): void {
  for (const ref of refs) {
    const problem = referenceProblem(ref);
    if (problem) throw new InputError(name, `${verb} ${quote(ref)}, which ${problem}`);
  }
}

const REGISTRY_HOST = /^[a-zA-Z0-9.-]+(?::[0-9]{1,5})?$|^\[[a-fA-F0-9:]+\](?::[0-9]{1,5})?$/;

export function isRegistryHost(host: string): boolean {
  return REGISTRY_HOST.test(host) && referenceProblem(`${host}/x`) === undefined;
}

/** Docker treats loopback registries as insecure on its own. */
export function isLoopback(host: string): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/.test(host);
}

/** A YAML input. The parser is passed in because the action loads it only when such an input is given. */
export function parseYamlInput(name: string, text: string, parseYaml: ((text: string) => unknown) | undefined): unknown {
  if (!parseYaml) throw new Error(`${name} needs the YAML parser`);
  try {
    return parseYaml(text);
  } catch (error) {
    // the parser's message quotes the text around the fault, which may hold a password: keep only the position
    const at = /line (\d+)/.exec((error as Error).message)?.[1];
    throw new InputError(name, `is not valid YAML${at ? ` (line ${at})` : ''}: expected a YAML list`);
  }
}
