// The value parsers every section shares. Each refuses a bad value with an InputError naming the input; none
// looks at another input.
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, quote } from '../errors.js';
import { ACCEPTED_ALIASES, ACCEPTED_PLATFORMS, canonicalPlatform } from '../platforms.js';
import { referenceProblem } from '../reference.js';

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
export function inputReader<Name extends string>(raw: Partial<Record<Name, string>>, declared: Readonly<Record<Name, string>>): InputReader<Name> {
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
 * A list input: one entry per line, and with `commas` also comma-separated with CSV quoting for values that
 * hold a comma. Blank lines are skipped (a YAML block's trailing newline included), but an empty entry between
 * commas is refused: it is nearly always a `${{ }}` expression that came out empty.
 */
export function listInput(name: string, text: string | undefined, separators: 'commas' | 'lines'): string[] {
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
      throw new InputError(name, `has ${quote(line)}, which is not a valid comma-separated list: ${(error as Error).message.split('\n')[0]}`);
    }
    if (fields.some((field) => field === '')) {
      throw new InputError(name, `has an empty entry in ${quote(line)}: remove the extra comma (an empty \${{ }} expression?)`);
    }
    entries.push(...fields);
  }
  return entries;
}

/** Canonical platforms in the order given, duplicates (after aliases are resolved) dropped. */
export function parsePlatforms(text: string, fallback: string): string[] {
  const names = listInput('platforms', text.trim() === '' ? fallback : text, 'commas');
  const platforms: string[] = [];
  for (const name of names) {
    const canonical = canonicalPlatform(name);
    if (!canonical) {
      throw new InputError('platforms', `has ${quote(name)}, which is not a known platform: use ${ACCEPTED_PLATFORMS} (or an alias: ${ACCEPTED_ALIASES})`);
    }
    if (!platforms.includes(canonical)) platforms.push(canonical);
  }
  if (platforms.length === 0) throw new InputError('platforms', 'is empty: give at least one platform');
  return platforms;
}

/** `KEY=VALUE` lines; where a value is optional a bare `KEY` passes the variable from the environment. */
export function keyValueList(name: string, text: string | undefined, valueRequired: boolean): string[] {
  const entries = listInput(name, text, 'lines');
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq >= 0 ? entry.slice(0, eq) : entry;
    if (key.trim() === '' || /\s/.test(key) || (valueRequired && eq < 0)) {
      throw new InputError(name, `has ${quote(entry)}: expected KEY=VALUE${valueRequired ? '' : ' (or KEY to pass it from the environment)'}`);
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
