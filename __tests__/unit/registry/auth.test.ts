// Where the read-back finds credentials when the step has no username/password: the docker CLI's config.json as
// `docker login` (or docker/login-action) leaves it, with the key forms the CLI writes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, test } from '@jest/globals';

import { dockerConfigCredentials } from '../../../src/registry/auth.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-credentials-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function configWith(config: object): NodeJS.ProcessEnv {
  const configDir = fs.mkdtempSync(path.join(dir, 'config-'));
  fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(config));
  return { DOCKER_CONFIG: configDir };
}

describe('dockerConfigCredentials', () => {
  test.each<[string, string, object, { username: string; password: string; identityToken?: string } | undefined]>([
    ['a host key', 'ghcr.io', { auths: { 'ghcr.io': { auth: b64('octo:ghp_x') } } }, { username: 'octo', password: 'ghp_x' }],
    [
      'a key with a scheme',
      'registry.internal:5000',
      { auths: { 'https://registry.internal:5000': { auth: b64('ci:p:w') } } },
      { username: 'ci', password: 'p:w' },
    ],
    [
      'Docker Hub under its historical key',
      'docker.io',
      { auths: { 'https://index.docker.io/v1/': { auth: b64('acme:dckr_pat_x') } } },
      { username: 'acme', password: 'dckr_pat_x' },
    ],
    [
      'username and password fields',
      'ghcr.io',
      { auths: { 'ghcr.io': { username: 'octo', password: 'ghp_y' } } },
      { username: 'octo', password: 'ghp_y' },
    ],
    [
      'an identity token (az acr login): used instead of the empty password beside it',
      'acme.azurecr.io',
      { auths: { 'acme.azurecr.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'eyJhbGciOi.refresh' } } },
      { username: '<token>', password: '', identityToken: 'eyJhbGciOi.refresh' },
    ],
    ['another registry only', 'ghcr.io', { auths: { 'quay.io': { auth: b64('q:x') } } }, undefined],
    ['an entry without credentials (they are in a helper that has none)', 'ghcr.io', { auths: { 'ghcr.io': {} } }, undefined],
    [
      'a credsStore whose helper is not installed: the auths entry',
      'ghcr.io',
      { credsStore: 'absent-helper-xyz', auths: { 'ghcr.io': { auth: b64('octo:ghp_z') } } },
      { username: 'octo', password: 'ghp_z' },
    ],
  ])('%s', async (_, registry, config, expected) => {
    expect(await dockerConfigCredentials(registry, configWith(config))).toEqual(expected);
  });

  test('no config.json', async () => {
    expect(await dockerConfigCredentials('ghcr.io', { DOCKER_CONFIG: path.join(dir, 'none') })).toBeUndefined();
  });
});
