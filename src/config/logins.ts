// The logins section: the registries to log in to (and out of), and those reached over plain HTTP.
import { InputError, quote } from '../core/errors.js';
import { inputReader, isRegistryHost, listInput, parseYamlInput, type SectionInputs } from './values.js';

/** The section's inputs and their defaults (empty: none). */
export const LOGIN_INPUTS = {
  registry: 'docker.io',
  username: '',
  password: '',
  'registry-auth': '',
  logout: 'true',
  'insecure-registries': '',
} as const;

/** Credentials for one registry. */
export interface RegistryLogin {
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

export interface LoginConfig {
  /** Every registry to log in to: `registry`/`username`/`password` first (when given), then `registry-auth`. */
  readonly logins: readonly RegistryLogin[];
  readonly logout: boolean;
  /** Registries reached over plain HTTP (or with a self-signed certificate). */
  readonly insecureRegistries: readonly string[];
}

const AUTH_KEYS = ['registry', 'username', 'password'];

export function parseLogins(raw: SectionInputs<typeof LOGIN_INPUTS>, parseYaml: ((text: string) => unknown) | undefined): LoginConfig {
  const input = inputReader(raw, LOGIN_INPUTS);
  const registry = input.text('registry');
  if (!isRegistryHost(registry)) {
    throw new InputError('registry', `is ${quote(registry)}: expected a registry host such as docker.io, ghcr.io or localhost:5000`);
  }
  const username = input.text('username');
  const password = input.given('password');
  // checked here, not among the rules: the logins cannot hold a password without its user
  if (username !== '' && password === '') throw new InputError('password', 'is empty but "username" is set: give both or neither');
  if (username === '' && password !== '') throw new InputError('username', 'is empty but "password" is set: give both or neither');
  const insecureRegistries = listInput('insecure-registries', input.given('insecure-registries'), 'commas');
  const unreachable = insecureRegistries.find((host) => !isRegistryHost(host));
  if (unreachable !== undefined) {
    throw new InputError(
      'insecure-registries',
      `has ${quote(unreachable)}: expected a registry host such as localhost:5000 or registry.internal`,
    );
  }
  const first = username !== '' ? [{ registry, username, password }] : [];
  const authText = input.given('registry-auth');
  const logins = authText.trim() === '' ? first : withRegistryAuth(first, parseYamlInput('registry-auth', authText, parseYaml));
  return { logins, logout: input.bool('logout'), insecureRegistries };
}

/**
 * `first` followed by the entries of `registry-auth`, a YAML list of `{registry, username, password}` as
 * docker/login-action reads it. Errors name the entry, never its password.
 */
function withRegistryAuth(first: readonly RegistryLogin[], entries: unknown): RegistryLogin[] {
  if (!Array.isArray(entries))
    throw new InputError('registry-auth', 'is not a YAML list: expected "- registry: …" entries with username and password');
  const logins = [...first];
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw new InputError('registry-auth', `${where} is not a mapping of registry, username and password`);
    const fields = entry as Record<string, unknown>;
    // a mis-split flow mapping can turn part of a password into a key or a registry: such text is never repeated
    if (Object.keys(fields).some((key) => !AUTH_KEYS.includes(key))) {
      throw new InputError(
        'registry-auth',
        `${where} has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")`,
      );
    }
    const notText = AUTH_KEYS.find((key) => fields[key] !== undefined && fields[key] !== null && typeof fields[key] !== 'string');
    if (notText !== undefined) throw new InputError('registry-auth', `${where} has a ${notText} that is not a string: quote it`);
    const text = (key: string): string => ((fields[key] as string | undefined | null) ?? '').trim();
    const registry = text('registry') || 'docker.io';
    if (!isRegistryHost(registry))
      throw new InputError('registry-auth', `${where} has a registry that is not a registry host such as ghcr.io`);
    if (text('username') === '' || text('password') === '')
      throw new InputError('registry-auth', `${where} (${registry}) needs both username and password`);
    if (logins.some((login) => login.registry === registry))
      throw new InputError('registry-auth', `${where} logs in to ${registry} a second time`);
    logins.push({ registry, username: text('username'), password: text('password') });
  });
  return logins;
}
