import { describe, expect, test } from '@jest/globals';

import {
  derivedRef,
  locationOf,
  parseReference,
  type Reference,
  referenceProblem,
  registryOf,
  repositoryOf,
} from '../../../src/image/reference.js';

const HEX64 = '0123456789abcdef'.repeat(4);
const TAG_CHARS = '(letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")';

describe('referenceProblem', () => {
  test.each<string>([
    'app',
    'acme/app',
    'acme/app:1.2.3',
    'docker.io/library/alpine:3.20',
    'ghcr.io/acme/app:latest',
    'localhost/app',
    'localhost:5000/a',
    'localhost:5000/a/b/c:v1_2-3.4',
    '127.0.0.1:5000/a/b:1',
    '[::1]:5000/a/b:t',
    '[fe80::1]/a',
    'Registry.Example.COM/a',
    'my-registry.example.com:443/team/app',
    `a/b@sha256:${HEX64}`,
    `a/b:1@sha256:${HEX64}`,
    'a/b__c/d.e/f-g/h--i:T_1',
    `a/b:${'x'.repeat(128)}`,
    `${'a'.repeat(255)}`,
    `localhost:65535/a`,
    `localhost:1/a`,
    `ghcr.io/${'a'.repeat(247)}`,
  ])('%j is valid', (ref) => {
    expect(referenceProblem(ref)).toBeUndefined();
  });

  test.each<[string, string]>([
    ['', 'is empty'],
    ['a b', 'contains whitespace'],
    ['a/b:1\n', 'contains whitespace'],
    ['UPPER', 'has an upper-case repository name "UPPER" (repository names are lower case)'],
    ['acme/App:1', 'has an upper-case repository name "App" (repository names are lower case)'],
    ['ghcr.io/acme/app_', 'has an invalid repository path component "app_"'],
    ['ghcr.io//app', 'has an invalid repository path component ""'],
    ['ghcr.io/acme/-app', 'has an invalid repository path component "-app"'],
    ['ghcr.io/acme/a___b', 'has an invalid repository path component "a___b"'],
    ['ghcr.io/acme/a$b', 'has an invalid repository path component "a$b"'],
    ['ghcr.io/acme/ü', 'has an invalid repository path component "ü"'],
    [`${'a'.repeat(256)}`, 'has a repository name longer than 255 characters'],
    [`ghcr.io/${'a'.repeat(248)}`, 'has a repository name longer than 255 characters'],
    ['localhost:0/a', 'has an invalid registry port "0" (1-65535)'],
    ['localhost:65536/a', 'has an invalid registry port "65536" (1-65535)'],
    ['localhost:abc/a', 'has an invalid registry port "abc" (1-65535)'],
    ['localhost:/a', 'has an invalid registry port "" (1-65535)'],
    ['[::1]:0/a', 'has an invalid registry port "0" (1-65535)'],
    ['-bad.io/a', 'has an invalid registry host "-bad.io"'],
    ['bad_host.io/a', 'has an invalid registry host "bad_host.io"'],
    ['[::g]/a', 'has an invalid registry host "[::g]"'],
    ['a/b:', `has an invalid tag "" ${TAG_CHARS}`],
    ['a/b:-1', `has an invalid tag "-1" ${TAG_CHARS}`],
    ['a/b:v1+2', `has an invalid tag "v1+2" ${TAG_CHARS}`],
    [`a/b:${'x'.repeat(129)}`, `has an invalid tag "${'x'.repeat(129)}" ${TAG_CHARS}`],
    ['a/b@sha256:abc', 'has an invalid digest "sha256:abc"'],
    [`a/b@SHA256:${HEX64}`, `has an invalid digest "SHA256:${HEX64}"`],
    ['a/b@', 'has an invalid digest ""'],
  ])('%j %s', (ref, problem) => {
    expect(referenceProblem(ref)).toBe(problem);
  });
});

describe('parseReference', () => {
  test.each<[string, Reference]>([
    ['app', { domain: undefined, path: 'app', tag: undefined, digest: undefined }],
    ['localhost:5000/a/b:1', { domain: 'localhost:5000', path: 'a/b', tag: '1', digest: undefined }],
    ['[::1]:5000/a/b:t', { domain: '[::1]:5000', path: 'a/b', tag: 't', digest: undefined }],
    [`ghcr.io/a:v@sha256:${HEX64}`, { domain: 'ghcr.io', path: 'a', tag: 'v', digest: `sha256:${HEX64}` }],
  ])('%j -> %j', (ref, parsed) => {
    expect(parseReference(ref)).toEqual(parsed);
  });
});

describe('repositoryOf and registryOf', () => {
  test.each<[string, string, string]>([
    ['app', 'app', 'docker.io'],
    ['acme/app:1', 'acme/app', 'docker.io'],
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app', 'ghcr.io'],
    ['index.docker.io/library/app:1', 'index.docker.io/library/app', 'docker.io'],
    ['registry-1.docker.io/acme/app', 'registry-1.docker.io/acme/app', 'docker.io'],
    ['localhost/app', 'localhost/app', 'localhost'],
    ['127.0.0.1:5000/a/b:1', '127.0.0.1:5000/a/b', '127.0.0.1:5000'],
    ['[::1]:5000/a/b:t', '[::1]:5000/a/b', '[::1]:5000'],
    [`ghcr.io/acme/app@sha256:${HEX64}`, 'ghcr.io/acme/app', 'ghcr.io'],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ],
  ])('%j: repository %j, registry %j', (ref, repository, registry) => {
    expect(repositoryOf(ref)).toBe(repository);
    expect(registryOf(ref)).toBe(registry);
  });

  test('an invalid reference throws', () => {
    expect(() => repositoryOf('Acme/app')).toThrow('has an upper-case repository name "Acme" (repository names are lower case)');
    expect(() => registryOf('localhost:0/a')).toThrow('has an invalid registry port "0" (1-65535)');
  });
});

describe('locationOf', () => {
  test.each([
    { ref: 'busybox:1', registry: 'docker.io', path: 'library/busybox' },
    { ref: 'docker.io/busybox', registry: 'docker.io', path: 'library/busybox' },
    { ref: 'index.docker.io/busybox', registry: 'docker.io', path: 'library/busybox' },
    { ref: 'docker.io/library/busybox', registry: 'docker.io', path: 'library/busybox' },
    { ref: 'acme/app', registry: 'docker.io', path: 'acme/app' },
    { ref: 'ghcr.io/app', registry: 'ghcr.io', path: 'app' },
    { ref: '127.0.0.1:5000/app', registry: '127.0.0.1:5000', path: 'app' },
  ])('$ref: $path on $registry', ({ ref, registry, path }) => {
    expect(locationOf(parseReference(ref))).toEqual({ registry, path });
  });
});

describe('derivedRef: a sibling tag, as the per-platform and per-leg cache refs are', () => {
  test.each<[string, string, string]>([
    ['ghcr.io/acme/app:buildcache', 'linux-arm64', 'ghcr.io/acme/app:buildcache-linux-arm64'],
    ['ghcr.io/acme/cache', 'linux-amd64', 'ghcr.io/acme/cache:latest-linux-amd64'],
    ['localhost:5000/a/b:c', 'linux-arm-v7', 'localhost:5000/a/b:c-linux-arm-v7'],
  ])('derivedRef(%s, %s)', (ref, suffix, expected) => {
    expect(derivedRef(ref, suffix)).toBe(expected);
  });
});
