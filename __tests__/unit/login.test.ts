import { describe, expect, test } from '@jest/globals';
import type { RawInputs } from '../../src/inputs.js';
import { hasCredentials, loginArgs } from '../../src/login.js';
import { configOf } from './support.js';

const PASSWORD = 'pw-Zq7$Xk!9-never-print-me';

describe('loginArgs', () => {
  test.each<[string, string, string[]]>([
    ['docker.io', 'octocat', ['login', 'docker.io', '--username', 'octocat', '--password-stdin']],
    ['localhost:5000', 'ci', ['login', 'localhost:5000', '--username', 'ci', '--password-stdin']],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'AWS', ['login', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', '--username', 'AWS', '--password-stdin']],
  ])('%s as %s', (registry, username, expected) => {
    expect(loginArgs(registry, username)).toEqual(expected);
  });

  test('the password from the config never reaches argv', () => {
    const config = configOf({ tags: 'ghcr.io/acme/app:1', registry: 'ghcr.io', username: 'octocat', password: PASSWORD });
    expect(loginArgs(config.registry, config.username).join(' ')).not.toContain(PASSWORD);
  });
});

describe('hasCredentials', () => {
  test.each<[RawInputs, boolean]>([
    [{ username: 'octocat', password: PASSWORD }, true],
    [{}, false],
  ])('%j -> %j', (raw, expected) => {
    expect(hasCredentials(configOf({ tags: 'ghcr.io/acme/app:1', ...raw }))).toBe(expected);
  });
});
