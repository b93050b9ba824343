// The logins section: registry, username and password, registry-auth's list (no error shows a password), logout,
// and the registries reached over plain HTTP.
import { describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';

import { type Config, parseConfig, type ParseContext, type RawInputs, type RegistryLogin } from '../../../src/config/index.js';
import { InputError } from '../../../src/core/errors.js';
import {
  AUTH_PASSWORD,
  configOf,
  configWithCredentials,
  CREDENTIALS,
  expectRefusal,
  fakeFiles,
  NO_RUN,
  PASSWORD,
  thrown,
} from '../support.js';

const BOTH = 'give both or neither';
const NOT_YAML = 'is not valid YAML';
const YAML_EXPECTED = 'expected a YAML list';

describe('the logins section refuses bad input with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    ['username without password', { password: '' }, `Input "password" is empty but "username" is set: ${BOTH}`],
    ['password without username', { username: '' }, `Input "username" is empty but "password" is set: ${BOTH}`],
    [
      'registry as a URL',
      { registry: 'https://ghcr.io' },
      'Input "registry" is "https://ghcr.io": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'registry with a path',
      { registry: 'ghcr.io/acme' },
      'Input "registry" is "ghcr.io/acme": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'registry port out of range',
      { registry: 'localhost:99999' },
      'Input "registry" is "localhost:99999": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'registry starting with "-"',
      { registry: '-ghcr.io' },
      'Input "registry" is "-ghcr.io": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'insecure registry as a URL',
      { 'insecure-registries': 'http://localhost:5000' },
      'Input "insecure-registries" has "http://localhost:5000": expected a registry host such as localhost:5000 or registry.internal',
    ],
    [
      'insecure registry with a path',
      { 'insecure-registries': 'localhost:5000, registry.internal/acme' },
      'Input "insecure-registries" has "registry.internal/acme": expected a registry host such as localhost:5000 or registry.internal',
    ],
    [
      'insecure registry port out of range',
      { 'insecure-registries': 'localhost:99999' },
      'Input "insecure-registries" has "localhost:99999": expected a registry host such as localhost:5000 or registry.internal',
    ],
    // registry-auth: a YAML list of {registry, username, password}; no row may show a password
    [
      'registry-auth: a YAML error right after a password line',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}\n bad: [` },
      `Input "registry-auth" ${NOT_YAML} (line 4): ${YAML_EXPECTED}`,
    ],
    [
      'registry-auth: ": " inside an unquoted password',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}: tail` },
      `Input "registry-auth" ${NOT_YAML} (line 3): ${YAML_EXPECTED}`,
    ],
    [
      'registry-auth: an unclosed quote around a password',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: "${AUTH_PASSWORD}\n` },
      `Input "registry-auth" ${NOT_YAML} (line 4): ${YAML_EXPECTED}`,
    ],
    [
      'registry-auth: a mapping, not a list',
      { 'registry-auth': `registry: ghcr.io\nusername: ci\npassword: ${AUTH_PASSWORD}` },
      'Input "registry-auth" is not a YAML list: expected "- registry: …" entries with username and password',
    ],
    [
      'registry-auth: a bare token',
      { 'registry-auth': AUTH_PASSWORD },
      'Input "registry-auth" is not a YAML list: expected "- registry: …" entries with username and password',
    ],
    [
      'registry-auth: an entry that is a token',
      { 'registry-auth': `- ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 is not a mapping of registry, username and password',
    ],
    [
      'registry-auth: an entry that is a list',
      { 'registry-auth': `- [ghcr.io, ci, ${AUTH_PASSWORD}]` },
      'Input "registry-auth" entry 1 is not a mapping of registry, username and password',
    ],
    [
      'registry-auth: an empty second entry',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}\n-` },
      'Input "registry-auth" entry 2 is not a mapping of registry, username and password',
    ],
    [
      'registry-auth: an unknown key',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}\n  token: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")',
    ],
    [
      'registry-auth: a misspelt password key',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  pasword: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")',
    ],
    [
      'registry-auth: registry as a URL',
      { 'registry-auth': `- registry: https://ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has a registry that is not a registry host such as ghcr.io',
    ],
    [
      'registry-auth: registry with a path',
      { 'registry-auth': `- registry: ghcr.io/acme\n  username: ci\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has a registry that is not a registry host such as ghcr.io',
    ],
    [
      'registry-auth: missing password',
      { 'registry-auth': '- registry: ghcr.io\n  username: ci' },
      'Input "registry-auth" entry 1 (ghcr.io) needs both username and password',
    ],
    [
      'registry-auth: empty password',
      { 'registry-auth': '- registry: ghcr.io\n  username: ci\n  password: ""' },
      'Input "registry-auth" entry 1 (ghcr.io) needs both username and password',
    ],
    [
      'registry-auth: missing username, default registry',
      { 'registry-auth': `- password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 (docker.io) needs both username and password',
    ],
    [
      'registry-auth: the same registry twice',
      {
        'registry-auth': `- registry: quay.io\n  username: a\n  password: ${AUTH_PASSWORD}\n- registry: quay.io\n  username: b\n  password: ${AUTH_PASSWORD}`,
      },
      'Input "registry-auth" entry 2 logs in to quay.io a second time',
    ],
    [
      'registry-auth: repeats the registry input',
      { registry: 'ghcr.io', 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 logs in to ghcr.io a second time',
    ],
    [
      'registry-auth: repeats the default registry input docker.io',
      { 'registry-auth': `- username: hub\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 logs in to docker.io a second time',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });

  test('registry-auth without the YAML parser is a programming error, not bad input', () => {
    const error = thrown(() =>
      parseConfig(
        { ...CREDENTIALS, 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}` },
        { files: fakeFiles },
      ),
    );
    expect({ input: error instanceof InputError, message: error?.message }).toEqual({
      input: false,
      message: 'registry-auth needs the YAML parser',
    });
  });
});

describe('the logins section accepts', () => {
  test.each<[RawInputs, Partial<Config>]>([
    [
      { registry: 'localhost:5000', username: 'octocat', password: PASSWORD },
      { logins: [{ registry: 'localhost:5000', username: 'octocat', password: PASSWORD }] },
    ],
    [
      { registry: '[::1]:5000', username: 'octocat', password: PASSWORD },
      { logins: [{ registry: '[::1]:5000', username: 'octocat', password: PASSWORD }] },
    ],
    [
      { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
      { logins: [{ registry: 'ghcr.io', username: 'octocat', password: PASSWORD }] },
    ],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });

  test.each<[string, RawInputs, ParseContext, Partial<Config>]>([
    [
      'insecure-registries by commas and lines',
      { 'insecure-registries': 'localhost:5000, registry.internal\n[::1]:5000\n' },
      NO_RUN,
      { insecureRegistries: ['localhost:5000', 'registry.internal', '[::1]:5000'] },
    ],
  ])('%s', (_, raw, ctx, expected) => {
    expect(configWithCredentials(raw, ctx)).toMatchObject(expected);
  });
});

describe('config.logins with registry-auth', () => {
  const yaml = (entries: string): RawInputs => ({ 'registry-auth': entries });
  const QUAY = { registry: 'quay.io', username: 'acme+ci', password: AUTH_PASSWORD };
  test.each<[string, RawInputs, RegistryLogin[]]>([
    [
      'a 2-entry list after the registry input, in order; an entry without registry is docker.io',
      {
        registry: 'ghcr.io',
        ...yaml(`- registry: quay.io\n  username: acme+ci\n  password: ${AUTH_PASSWORD}\n- username: hubuser\n  password: "0123"\n`),
      },
      [
        { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
        QUAY,
        { registry: 'docker.io', username: 'hubuser', password: '0123' },
      ],
    ],
    [
      'flow style, as docker/login-action documents it',
      {
        registry: 'ghcr.io',
        ...yaml(
          `[{registry: quay.io, username: acme+ci, password: "${AUTH_PASSWORD}"}, {registry: "localhost:5000", username: e2e, password: 'it''s'}]`,
        ),
      },
      [
        { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
        QUAY,
        { registry: 'localhost:5000', username: 'e2e', password: "it's" },
      ],
    ],
    [
      'registry-auth alone',
      { username: '', password: '', ...yaml(`- registry: quay.io\n  username: acme+ci\n  password: ${AUTH_PASSWORD}`) },
      [QUAY],
    ],
    [
      'registry-auth alone for docker.io',
      { username: '', password: '', ...yaml(`- username: hubuser\n  password: ${AUTH_PASSWORD}`) },
      [{ registry: 'docker.io', username: 'hubuser', password: AUTH_PASSWORD }],
    ],
    [
      'registry null means docker.io',
      { registry: 'ghcr.io', ...yaml(`- registry: ~\n  username: hubuser\n  password: "${AUTH_PASSWORD}"`) },
      [
        { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
        { registry: 'docker.io', username: 'hubuser', password: AUTH_PASSWORD },
      ],
    ],
    ['an empty list', { registry: 'ghcr.io', ...yaml('[]') }, [{ registry: 'ghcr.io', username: 'octocat', password: PASSWORD }]],
  ])('%s', (_, raw, expected) => {
    expect(configWithCredentials(raw).logins).toEqual(expected);
  });
});

describe('registry-auth keeps every value a string', () => {
  test('an unquoted number as password is refused with a plain YAML parser, never silently reformatted', () => {
    const error = thrown(() =>
      parseConfig({ tags: 'ghcr.io/acme/app:1', 'registry-auth': '- registry: ghcr.io\n  username: ci\n  password: 0123' }, NO_RUN),
    );
    expect(error?.message).toBe('Input "registry-auth" entry 1 has a password that is not a string: quote it');
  });

  test("the action's failsafe parse keeps 0123 as written", () => {
    const failsafe = (text: string): unknown => parseYaml(text, { schema: 'failsafe' });
    const config = parseConfig(
      { tags: 'ghcr.io/acme/app:1', 'registry-auth': '- registry: ghcr.io\n  username: ci\n  password: 0123' },
      { ...NO_RUN, parseYaml: failsafe },
    );
    expect(config.logins).toEqual([{ registry: 'ghcr.io', username: 'ci', password: '0123' }]);
  });

  test('a flow mapping split inside a password names no part of it', () => {
    const error = thrown(() =>
      parseConfig(
        { tags: 'ghcr.io/acme/app:1', 'registry-auth': '- {registry: ghcr.io, username: u, password: hunter2,tail-of-secret}' },
        NO_RUN,
      ),
    );
    expect(error?.message).toMatch(/^Input "registry-auth" entry 1 has an unknown key/);
    expect(error?.message).not.toContain('tail-of-secret');
  });
});

// registry-auth (the YAML list) is covered in config/parse.test.ts, with the YAML parser given
describe('config.logins from registry, username and password', () => {
  test.each<[string, RawInputs, RegistryLogin[]]>([
    [
      'username and password: docker.io by default',
      { username: 'octocat', password: PASSWORD },
      [{ registry: 'docker.io', username: 'octocat', password: PASSWORD }],
    ],
    [
      'with a registry',
      { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
      [{ registry: 'ghcr.io', username: 'octocat', password: PASSWORD }],
    ],
    [
      'username trimmed, password kept as given',
      { registry: 'localhost:5000', username: ' ci ', password: ` ${PASSWORD} ` },
      [{ registry: 'localhost:5000', username: 'ci', password: ` ${PASSWORD} ` }],
    ],
    ['no credentials: no login', {}, []],
    ['a registry without credentials: no login', { registry: 'ghcr.io' }, []],
    [
      'blank registry-auth: no extra login',
      { username: 'octocat', password: PASSWORD, 'registry-auth': '\n  \n' },
      [{ registry: 'docker.io', username: 'octocat', password: PASSWORD }],
    ],
  ])('%s', (_, raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw }).logins).toEqual(expected);
  });
});
