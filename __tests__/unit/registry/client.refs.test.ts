import { describe, expect, test } from '@jest/globals';

import { tokenUrl } from '../../../src/registry/auth.js';
import { apiHost, type ManifestRef, manifestRef } from '../../../src/registry/client.js';

const DIGEST = 'sha256:73784f9a542a1bb03fed8fc7c93ee5beabef2fe195f8265d63b89cb6e95f15bd';

describe('manifestRef', () => {
  test.each<[string, ManifestRef]>([
    ['ghcr.io/acme/app', { registry: 'ghcr.io', repository: 'acme/app', digest: DIGEST }],
    ['alpine', { registry: 'docker.io', repository: 'library/alpine', digest: DIGEST }],
    ['acme/app', { registry: 'docker.io', repository: 'acme/app', digest: DIGEST }],
    ['docker.io/acme/app', { registry: 'docker.io', repository: 'acme/app', digest: DIGEST }],
    ['127.0.0.1:5000/a/b', { registry: '127.0.0.1:5000', repository: 'a/b', digest: DIGEST }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', digest: DIGEST }],
    ['[::1]:5000/probe/merge', { registry: '[::1]:5000', repository: 'probe/merge', digest: DIGEST }],
  ])('%s', (repository, expected) => {
    expect(manifestRef(repository, DIGEST)).toEqual(expected);
  });
});

describe('apiHost', () => {
  test.each<[string, string]>([
    ['docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
  ])('%s -> %s', (registry, host) => {
    expect(apiHost(registry)).toBe(host);
  });
});

describe('tokenUrl', () => {
  test.each<[string, string, string, string | undefined]>([
    [
      "Docker Hub: the scope asked for, not the challenge's",
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      'repository:library/alpine:delete,pull',
      'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Adelete%2Cpull',
    ],
    [
      'ghcr.io',
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/app:pull"',
      'repository:acme/app:pull',
      'https://ghcr.io/token?service=ghcr.io&scope=repository%3Aacme%2Fapp%3Apull',
    ],
    [
      'a realm with its own query, a lower-case scheme, no service',
      'bearer realm="https://auth.example.com/token?account=ci"',
      'repository:a/b:pull',
      'https://auth.example.com/token?account=ci&scope=repository%3Aa%2Fb%3Apull',
    ],
    [
      'two challenges in one header, Basic first',
      'Basic realm="Registry Realm", Bearer realm="https://auth.example.com/token",service="registry.example.com"',
      'repository:a/b:pull',
      'https://auth.example.com/token?service=registry.example.com&scope=repository%3Aa%2Fb%3Apull',
    ],
    [
      'unquoted values, spaces around "=", extra parameters, an upper-case scheme',
      'BEARER realm = https://auth.example.com/token, service=registry.example.com, error="invalid_token", error_description="the token has expired"',
      'repository:a/b:pull',
      'https://auth.example.com/token?service=registry.example.com&scope=repository%3Aa%2Fb%3Apull',
    ],
    [
      'a quoted value holding a comma and an escaped quote',
      'Bearer realm="https://auth.example.com/token?a=1,2",service="svc \\"x\\""',
      'repository:a/b:pull',
      'https://auth.example.com/token?a=1%2C2&service=svc+%22x%22&scope=repository%3Aa%2Fb%3Apull',
    ],
    ['Basic (Distribution with htpasswd)', 'Basic realm="Registry Realm"', 'repository:a/b:pull', undefined],
    ['Bearer without a realm', 'Bearer service="registry.docker.io"', 'repository:a/b:pull', undefined],
    ['no challenge', '', 'repository:a/b:pull', undefined],
  ])('%s', (_, challenge, scope, url) => {
    expect(tokenUrl(challenge, scope)).toBe(url);
  });
});

describe('manifestRef normalizes Docker Hub names the way the registry API wants them', () => {
  test.each<[string, ManifestRef]>([
    ['docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine', digest: 'sha256:d' }],
    ['index.docker.io/acme/app', { registry: 'docker.io', repository: 'acme/app', digest: 'sha256:d' }],
    ['registry-1.docker.io/library/alpine', { registry: 'docker.io', repository: 'library/alpine', digest: 'sha256:d' }],
  ])('%s', (repository, expected) => {
    expect(manifestRef(repository, 'sha256:d')).toEqual(expected);
  });
});
