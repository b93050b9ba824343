import { describe, expect, test } from '@jest/globals';

import {
  attemptPrefix,
  cacheKey,
  groupId,
  isStaleRecordTag,
  type LegGroup,
  type LegRecord,
  parseRecordName,
  pickLegs,
  recordOfCacheKey,
  recordTag,
  variantOf,
} from '../../../src/legs/records.js';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;
const GROUP: LegGroup = { repository: 'ghcr.io/acme/app', run: '4242', variant: 'slim' };
const rec = (platform: string, attempt: number, digest = D1): LegRecord => ({ platform, attempt, digest });

describe('variantOf', () => {
  test.each([
    ['ghcr.io/acme/app:slim', 'slim'],
    ['ghcr.io/acme/app', 'latest'],
    ['127.0.0.1:5000/app', 'latest'],
    [`ghcr.io/acme/app:${'x'.repeat(41)}`, expect.stringMatching(/^x{31}-[a-f0-9]{8}$/)],
  ])('%s -> %s', (tag, variant) => {
    expect(variantOf(tag)).toEqual(variant);
  });
});

describe('record names', () => {
  test('a group is its repository, run and variant: any of them changed is another group', () => {
    const ids = [GROUP, { ...GROUP, repository: 'ghcr.io/acme/other' }, { ...GROUP, run: '4243' }, { ...GROUP, variant: 'full' }].map(
      groupId,
    );
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^[a-f0-9]{16}$/);
  });

  test('a cache key reads back as its record, and only for its own group', () => {
    const key = cacheKey(GROUP, rec('linux/arm/v7', 3), 'c0ffee00');
    expect(key).toBe(`buildx-multiarch-leg-${groupId(GROUP)}-linux_arm_v7-a3-${'a'.repeat(64)}-c0ffee00`);
    expect(recordOfCacheKey(key, GROUP)).toEqual(rec('linux/arm/v7', 3));
    expect(recordOfCacheKey(key, { ...GROUP, run: '1' })).toBeUndefined();
  });

  test("an attempt's prefix matches its own keys only: not linux/arm64's for linux/arm, not attempt 12's for attempt 1", () => {
    const arm = attemptPrefix(GROUP, 'linux/arm/v7', 1);
    expect(cacheKey(GROUP, rec('linux/arm/v7', 1), 'n').startsWith(arm)).toBe(true);
    expect(cacheKey(GROUP, rec('linux/arm64', 1), 'n').startsWith(attemptPrefix(GROUP, 'linux/arm', 1))).toBe(false);
    expect(cacheKey(GROUP, rec('linux/amd64', 12), 'n').startsWith(attemptPrefix(GROUP, 'linux/amd64', 1))).toBe(false);
  });

  test('a record tag names platform, attempt and day, fits in 128 characters, and reads back', () => {
    const tag = recordTag(GROUP, rec('linux/amd64/v2', 2), '20261202');
    expect(tag).toBe(`buildx-multiarch-leg-${groupId(GROUP)}-linux_amd64_v2-a2-20261202-${'a'.repeat(16)}`);
    expect(tag.length).toBeLessThanOrEqual(128);
    expect(parseRecordName(tag, GROUP)).toEqual({ platform: 'linux/amd64/v2', attempt: 2, rest: `20261202-${'a'.repeat(16)}` });
    expect(parseRecordName('latest', GROUP)).toBeUndefined();
  });

  test.each<[string, string, boolean]>([
    ['a record tag of 9 days ago', `buildx-multiarch-leg-${'0'.repeat(16)}-linux_amd64-a1-20261123-${'c'.repeat(16)}`, true],
    ['a record tag of 7 days ago', `buildx-multiarch-leg-${'0'.repeat(16)}-linux_amd64-a1-20261125-${'c'.repeat(16)}`, false],
    ["a user's tag that looks dated", 'release-20200101', false],
    ['a record-like tag without a group id', 'buildx-multiarch-leg-x-a1-20200101', false],
  ])('isStaleRecordTag: %s', (_, tag, stale) => {
    expect(isStaleRecordTag(tag, Date.parse('2026-12-02T12:00:00Z'))).toBe(stale);
  });
});

describe('pickLegs', () => {
  test("the newest attempt per platform up to the merge's own; a later attempt is ignored", () => {
    const records = [rec('linux/amd64', 1, D1), rec('linux/amd64', 2, D2), rec('linux/arm64', 1), rec('linux/arm64', 3, D2)];
    expect(pickLegs(records, ['linux/amd64', 'linux/arm64'], 2)).toEqual({
      picked: [rec('linux/amd64', 2, D2), rec('linux/arm64', 1)],
      missing: [],
      unasked: [],
      conflicts: [],
    });
  });

  test('without platforms: every platform recorded', () => {
    const records = [rec('linux/arm/v7', 1), rec('linux/amd64', 1), rec('linux/arm64', 1)];
    expect(pickLegs(records, undefined, 1).picked.map((r) => r.platform)).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
  });

  test('platforms asked for and missing, and platforms recorded but not asked for', () => {
    const records = [rec('linux/arm/v7', 1), rec('linux/amd64', 1)];
    expect(pickLegs(records, ['linux/amd64', 'linux/arm64'], 1)).toEqual({
      picked: [rec('linux/amd64', 1)],
      missing: ['linux/arm64'],
      unasked: ['linux/arm/v7'],
      conflicts: [],
    });
  });

  test('two legs of one attempt with different images for one platform are a conflict, named with both digests', () => {
    const records = [rec('linux/arm64', 1, D1), rec('linux/arm64', 1, D2), rec('linux/arm64', 2, D1)];
    expect(pickLegs(records, ['linux/arm64'], 1).conflicts).toEqual([`linux/arm64 (attempt 1: ${D1}, ${D2})`]);
    expect(pickLegs(records, ['linux/arm64'], 2).conflicts).toEqual([]);
  });
});
