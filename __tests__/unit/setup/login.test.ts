import { describe, expect, test } from '@jest/globals';

import type { RawInputs, RegistryLogin } from '../../../src/config/index.js';
import { loginArgs } from '../../../src/setup/login.js';
import { configOf } from '../support.js';

const PASSWORD = 'pw-Zq7$Xk!9-never-print-me';

describe('loginArgs', () => {
  test.each<[string, string, string[]]>([
    ['docker.io', 'octocat', ['login', 'docker.io', '--username', 'octocat', '--password-stdin']],
    ['localhost:5000', 'ci', ['login', 'localhost:5000', '--username', 'ci', '--password-stdin']],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      'AWS',
      ['login', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', '--username', 'AWS', '--password-stdin'],
    ],
  ])('%s as %s', (registry, username, expected) => {
    expect(loginArgs(registry, username)).toEqual(expected);
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
