// The build-secret inputs as docker/build-push-action reads them: `secrets` (`id=value`, CSV-quoted to span
// lines), `secret-files` (`id=path`), `secret-envs` (`id=ENV_NAME`), and `github-token` (the GIT_AUTH_TOKEN.<host>
// secret for Git contexts on the GitHub server). Pure functions: text in, typed value out, or an InputError that
// names the input and the id or position of the entry, never a secret's value.
import { InputError, quote } from '../core/errors.js';
import { csvEntries, type Entry } from './values.js';

export interface BuildSecret {
  readonly id: string;
  readonly value: string;
}

export interface SecretFile {
  readonly id: string;
  readonly path: string;
}

export interface SecretEnv {
  readonly id: string;
  /** The name of the environment variable buildx reads the value from. */
  readonly variable: string;
}

/** What a parser accepted, and what it skipped with a warning (as build-push-action does for an empty value). */
export interface Parsed<T> {
  readonly values: T[];
  readonly warnings: string[];
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
const ID_RULE = 'id of letters, digits, "_", "." and "-"';

/** `id=rest` with a valid id; a bad entry is named by its line, as its text may be a secret. */
function idAndRest(name: string, entry: Entry, what: string): [string, string] {
  const eq = entry.text.indexOf('=');
  const id = eq > 0 ? entry.text.slice(0, eq).trim() : '';
  if (!SECRET_ID.test(id))
    throw new InputError(name, `has an entry on line ${entry.line} without a valid id: expected id=${what} (${ID_RULE})`);
  return [id, entry.text.slice(eq + 1)];
}

function checkUnique(name: string, seen: Set<string>, id: string): void {
  if (seen.has(id)) throw new InputError(name, `has the id "${id}" twice`);
  seen.add(id);
}

/** `secrets`: `id=value` entries; the value is kept exactly (spaces, newlines); an empty one is skipped with a warning. */
export function parseSecrets(text: string | undefined): Parsed<BuildSecret> {
  const values: BuildSecret[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const entry of csvEntries('secrets', text, { trim: false })) {
    const [id, value] = idAndRest('secrets', entry, 'value');
    checkUnique('secrets', seen, id);
    if (value.replace(/\r$/, '') === '')
      warnings.push(`Input "secrets": the secret "${id}" has an empty value and is not passed to the build`);
    else values.push({ id, value: value.replace(/\r$/, '') });
  }
  return { values, warnings };
}

/**
 * `secret-files`: `id=path`, each file there now (a missing file is refused, where build-push-action warns and builds); an
 * empty path (`id=`, in build-push-action's own CI) is skipped with a warning, as build-push-action skips it.
 */
export function parseSecretFiles(text: string | undefined, isFile: (p: string) => boolean): Parsed<SecretFile> {
  const values: SecretFile[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const entry of csvEntries('secret-files', text)) {
    const [id, rest] = idAndRest('secret-files', entry, 'path');
    checkUnique('secret-files', seen, id);
    const file = rest.trim();
    if (file === '') {
      warnings.push(`Input "secret-files": the secret "${id}" has no path and is not passed to the build`);
      continue;
    }
    if (!isFile(file)) throw new InputError('secret-files', `has ${quote(`${id}=${file}`)}: no such file`);
    values.push({ id, path: file });
  }
  return { values, warnings };
}

/**
 * `secret-envs`: `id=ENV_NAME`, comma- or newline-separated as build-push-action splits it. The variable must be set (an
 * unset one is refused); set but empty, or not named (`id=`), the secret is skipped with a warning, like an empty
 * value in `secrets`.
 */
export function parseSecretEnvs(entries: readonly string[], env: Readonly<Record<string, string | undefined>>): Parsed<SecretEnv> {
  const values: SecretEnv[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const id = eq > 0 ? entry.slice(0, eq).trim() : '';
    const variable = entry.slice(eq + 1).trim();
    if (SECRET_ID.test(id) && variable === '') {
      warnings.push(`Input "secret-envs": the secret "${id}" names no variable and is not passed to the build`);
      continue;
    }
    if (!SECRET_ID.test(id) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      throw new InputError(
        'secret-envs',
        `has ${quote(entry)}: expected id=ENV_NAME (${ID_RULE}; a variable name of letters, digits and "_")`,
      );
    }
    checkUnique('secret-envs', seen, id);
    const value = env[variable];
    if (value === undefined)
      throw new InputError(
        'secret-envs',
        `has ${quote(entry)}, but the environment variable ${variable} is not set: set it in the step's env`,
      );
    if (value === '')
      warnings.push(`Input "secret-envs": the variable ${variable} of secret "${id}" is empty, so the secret is not passed to the build`);
    else values.push({ id, variable });
  }
  return { values, warnings };
}

/** The same id in two of the secret inputs would leave buildx to pick one: refused, naming both. */
export function checkSecretIdsUnique(byInput: readonly [string, readonly { id: string }[]][]): void {
  const owner = new Map<string, string>();
  for (const [name, secrets] of byInput) {
    for (const { id } of secrets) {
      const first = owner.get(id);
      if (first !== undefined && first !== name)
        throw new InputError(name, `has the id "${id}", which "${first}" already gives: use one of them`);
      owner.set(id, name);
    }
  }
}

/** What to hide in the log for a secret value: the whole, and each line of a multi-line one. */
export function maskedParts(value: string): string[] {
  const lines = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return [value, ...(lines.length > 1 ? lines : [])].filter((part) => part.trim() !== '');
}

/**
 * Every secret value in the raw `secrets` text, to be masked before anything can log it. Lenient: when the text
 * does not parse, every line is masked, and its part after "=" (the parse error itself names no value).
 */
export function secretTextsToMask(text: string | undefined): string[] {
  try {
    return csvEntries('secrets', text, { trim: false }).flatMap((entry) => maskedParts(entry.text.slice(entry.text.indexOf('=') + 1)));
  } catch {
    const lines = (text ?? '').split(/\r?\n/);
    return [
      ...new Set(lines.flatMap((line) => [...maskedParts(line), ...maskedParts(line.slice(line.indexOf('=') + 1).replace(/^"/, ''))])),
    ];
  }
}

/**
 * A Git context URL's host (https://, git://, ssh://, git@host:, github.com/…), or undefined for anything else. The
 * host keeps its port: BuildKit looks the token up as GIT_AUTH_TOKEN.<Go's url.Host> (moby/buildkit
 * source/git/source.go, authSecretNames), which is `new URL(GITHUB_SERVER_URL).host` for a server on its own port.
 */
export function gitHost(context: string): string | undefined {
  const scp = /^[A-Za-z0-9_.-]+@([^:/]+):/.exec(context);
  if (scp) return scp[1];
  if (context.startsWith('github.com/')) return 'github.com';
  const url = /^(https?|git|ssh):\/\/(?:[^@/]*@)?([^/#?]+)([^#?]*)/i.exec(context);
  if (!url) return undefined;
  // BuildKit takes an HTTP(S) URL for a Git repository only when its path ends in .git (dfgitutil.ParseGitRef);
  // it downloads any other one plainly, without the token
  return /^https?$/i.test(url[1]) && !url[3].endsWith('.git') ? undefined : url[2];
}

/**
 * `github-token` as build-push-action passes it: the secret GIT_AUTH_TOKEN.<host of GITHUB_SERVER_URL>, with which BuildKit
 * fetches Git contexts from that host. Only when a context (the build's or a named one) is a Git URL on that host,
 * and the secrets do not give a GIT_AUTH_TOKEN of their own.
 */
export function gitAuthSecret(
  token: string,
  serverUrl: string | undefined,
  contexts: readonly string[],
  ids: readonly string[],
): BuildSecret | undefined {
  if (token === '') return undefined;
  let host: string;
  try {
    host = new URL(serverUrl || 'https://github.com').host;
  } catch {
    return undefined;
  }
  const id = `GIT_AUTH_TOKEN.${host}`;
  if (ids.includes('GIT_AUTH_TOKEN') || ids.includes(id)) return undefined;
  return contexts.some((context) => gitHost(context) === host) ? { id, value: token } : undefined;
}
