// The cache section: the registry cache ref, next to the first tag unless cache-ref names one, and raw cache flags.
import { describe, expect, test } from '@jest/globals';

import { type Config, parseConfig, type RawInputs } from '../../../src/config/index.js';
import { configOf, expectRefusal, fakeFiles, TAG_CHARS } from '../support.js';

describe('the cache section refuses bad input with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'cache-ref invalid',
      { 'cache-ref': 'ghcr.io/acme/app:cache+x' },
      `Input "cache-ref" is "ghcr.io/acme/app:cache+x", which has an invalid tag "cache+x" ${TAG_CHARS}`,
    ],
    [
      'cache-ref upper case',
      { 'cache-ref': 'ghcr.io/ACME/cache' },
      'Input "cache-ref" is "ghcr.io/ACME/cache", which has an upper-case repository name "ACME" (repository names are lower case)',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('the cache section accepts', () => {
  test.each<[string, string]>([
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:buildcache'],
    ['127.0.0.1:5000/a/b:1', '127.0.0.1:5000/a/b:buildcache'],
    ['localhost:5000/app', 'localhost:5000/app:buildcache'],
    ['[::1]:5000/a/b:t', '[::1]:5000/a/b:buildcache'],
    ['acme/app:latest', 'acme/app:buildcache'],
    ['app', 'app:buildcache'],
    ['ghcr.io/acme/app:1,docker.io/acme/app:1', 'ghcr.io/acme/app:buildcache'],
  ])('tags %j: cache-ref %j from the first tag', (tags, cacheRef) => {
    expect(configOf({ tags }).cacheRef).toBe(cacheRef);
  });

  test.each<[RawInputs, string]>([
    [{ tags: 'ghcr.io/acme/app:1', 'cache-ref': 'ghcr.io/acme/cache:main' }, 'ghcr.io/acme/cache:main'],
    [{ push: 'false' }, ''],
    [{ push: 'false', 'cache-ref': 'localhost:5000/cache' }, 'localhost:5000/cache'],
  ])('%j: cache-ref %j', (raw, cacheRef) => {
    expect(configOf(raw).cacheRef).toBe(cacheRef);
  });

  test.each<[RawInputs, Partial<Config>]>([
    [
      { 'cache-from': 'type=gha\ntype=registry,ref=ghcr.io/acme/cache', 'cache-to': 'type=gha,mode=max' },
      { cacheFrom: ['type=gha', 'type=registry,ref=ghcr.io/acme/cache'], cacheTo: ['type=gha,mode=max'] },
    ],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });
});

describe("a leg's cache ref", () => {
  test.each<[string, Record<string, string>, string]>([
    ['an explicit merge-key', { 'merge-key': 'k' }, 'ghcr.io/acme/cache:main-k-linux-arm64'],
    // variants of one run (app:slim, app:full) never share a cache ref; runs with other tags after the first do
    ["the first tag's tag", { tags: 'ghcr.io/acme/app:slim,ghcr.io/acme/app:slim-1a2b3c' }, 'ghcr.io/acme/cache:main-slim-linux-arm64'],
  ])('its own sibling of cache-ref, with its variant: %s', (_, raw, ref) => {
    const run = { id: '42', attempt: '3' };
    expect(
      parseConfig(
        { 'push-by-digest': 'true', platforms: 'linux/arm64', 'cache-ref': 'ghcr.io/acme/cache:main', tags: 'ghcr.io/acme/app:1', ...raw },
        { files: fakeFiles, run },
      ).cacheRef,
    ).toBe(ref);
  });
});
