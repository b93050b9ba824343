import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { login, loginArgs, logout } from '../../../src/setup/login.js';
import { FakeExec } from '../fake-exec.js';
import { captured, failure, fixture, NO_WAIT, PASSWORD, tempDirForEachTest } from '../support.js';

const R = '127.0.0.1:5000';
const LOGIN = `docker login ${R} --username e2e --password-stdin`;

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

// driven through the exec seam by the argv-keyed fake, with the answers captured from the stack (fixtures/cmd-*)
describe('login', () => {
  test('the password goes on stdin, never in argv', async () => {
    const fake = new FakeExec({ [LOGIN]: captured('login-ok') });
    await login(fake.exec, { registry: R, username: 'e2e', password: PASSWORD }, NO_WAIT);
    expect(fake.calls).toEqual([{ argv: LOGIN, input: PASSWORD, env: undefined }]);
  });

  test('a registry answering 503 is tried four times, then named with its own reason', async () => {
    const argv = 'docker login 127.0.0.1:5998 --username e2e --password-stdin';
    const fake = new FakeExec({ [argv]: captured('login-unavailable') });
    const error = await failure(login(fake.exec, { registry: '127.0.0.1:5998', username: 'e2e', password: PASSWORD }, NO_WAIT));
    expect(fake.argvs).toEqual([argv, argv, argv, argv]);
    expect(error.message).toBe(
      'login to 127.0.0.1:5998 failed: Error response from daemon: login attempt to http://127.0.0.1:5998/v2/ failed with status: 503 Service Unavailable (tried 4 times)',
    );
  });

  test('a hiccup, then success: two tries', async () => {
    const unavailable = captured('login-unavailable');
    const fake = new FakeExec({ [LOGIN]: [unavailable, captured('login-ok')] });
    await login(fake.exec, { registry: R, username: 'e2e', password: PASSWORD }, NO_WAIT);
    expect(fake.argvs).toEqual([LOGIN, LOGIN]);
  });

  test('a wrong password is not retried', async () => {
    const fake = new FakeExec({ [LOGIN]: { exitCode: 1, stderr: fixture('stderr-login-wrong-password.txt') } });
    const error = await failure(login(fake.exec, { registry: R, username: 'e2e', password: PASSWORD }, NO_WAIT));
    expect(fake.argvs).toEqual([LOGIN]);
    expect(error.message).toBe(
      `login to ${R} failed: Error response from daemon: login attempt to http://${R}/v2/ failed with status: 401 Unauthorized`,
    );
    expect(error.message).not.toContain(PASSWORD);
  });
});

// docker logout exits 0 and prints "Removing login credentials" whatever it managed: seen on Docker 28.2 with a
// read-only config.json (the entry stays) and with a credential helper whose erase fails (the `{}` entry stays)
describe('logout', () => {
  const dockerConfig = tempDirForEachTest('logout-test-');
  const AUTH = Buffer.from(`e2e:${PASSWORD}`).toString('base64');
  const loggedOut = (configJson: object): FakeExec => {
    fs.writeFileSync(path.join(dockerConfig(), 'config.json'), JSON.stringify(configJson));
    return new FakeExec({ [`docker logout ${R}`]: captured('logout'), 'docker logout docker.io': captured('logout') });
  };

  test.each<[string, object]>([
    ['the entry gone from config.json', { auths: {} }],
    ["a credential helper's placeholder entry (what the helper keeps is not looked at)", { credsStore: 'desktop', auths: { [R]: {} } }],
    ['no config.json entry for this registry', { auths: { 'ghcr.io': { auth: AUTH } } }],
  ])('resolves with %s', async (_, configJson) => {
    const fake = loggedOut(configJson);
    await logout(fake.exec, R, { DOCKER_CONFIG: dockerConfig() });
    expect(fake.argvs).toEqual([`docker logout ${R}`]);
  });

  test.each<[string, string, object]>([
    [R, 'its auth', { auths: { [R]: { auth: AUTH } } }],
    ['docker.io', 'an identity token under the historical key', { auths: { 'https://index.docker.io/v1/': { identitytoken: PASSWORD } } }],
  ])('fails for %s when config.json still holds %s, naming the file and not the secret', async (registry, _, configJson) => {
    const fake = loggedOut(configJson);
    const error = await failure(logout(fake.exec, registry, { DOCKER_CONFIG: dockerConfig() }));
    expect(error.message).toBe(
      `logging out of ${registry} left its credentials in ${path.join(dockerConfig(), 'config.json')}: is it writable?`,
    );
    expect(error.message).not.toContain(PASSWORD);
  });
});
