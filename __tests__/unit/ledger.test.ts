import { describe, expect, test } from '@jest/globals';
import { missingLegsMessage } from '../../src/legs/merge-legs.js';
import { holdsLeg, ledgerJson, parseLedger, pickLegs, variantOf, withLeg, withoutGroup, type LegGroup, type LegRecord } from '../../src/legs/ledger.js';

const NOW = Date.parse('2026-11-29T03:00:00Z');
const HOUR = 3600 * 1000;
const at = (hoursAgo: number): string => new Date(NOW - hoursAgo * HOUR).toISOString();
const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const INDEX = 'application/vnd.oci.image.index.v1+json';

/** A record: run 42, variant slim, attempt 1, linux/amd64, an hour ago, unless said otherwise. */
function leg(over: Partial<LegRecord> = {}): LegRecord {
  return { run: '42', attempt: 1, variant: 'slim', platform: 'linux/amd64', digest: digest(1), mediaType: INDEX, size: 100, recorded: at(1), ...over };
}

const SLIM: LegGroup = { run: '42', variant: 'slim' };

describe('pickLegs: per platform, the newest attempt of this run and variant', () => {
  test.each<[string, LegRecord[], string[], { picked: LegRecord[]; missing: string[] }]>([
    ['one leg per platform', [leg(), leg({ platform: 'linux/arm64', digest: digest(2) })], ['linux/amd64', 'linux/arm64'], {
      picked: [leg(), leg({ platform: 'linux/arm64', digest: digest(2) })],
      missing: [],
    }],
    // re-run failed jobs: arm64 failed in attempt 1 and ran again in attempt 2, amd64 stays from attempt 1
    ['re-run failed jobs: the earlier attempt\'s good leg next to the re-run one', [leg(), leg({ attempt: 2, platform: 'linux/arm64', digest: digest(2) })], ['linux/amd64', 'linux/arm64'], {
      picked: [leg(), leg({ attempt: 2, platform: 'linux/arm64', digest: digest(2) })],
      missing: [],
    }],
    ['re-run all jobs: the later attempt wins, whatever the order or time', [leg({ attempt: 2, digest: digest(2), recorded: at(2) }), leg({ attempt: 1, recorded: at(0.5) })], ['linux/amd64'], {
      picked: [leg({ attempt: 2, digest: digest(2), recorded: at(2) })],
      missing: [],
    }],
    ['attempt 10 is later than attempt 9 (numbers, not text)', [leg({ attempt: 10, digest: digest(2) }), leg({ attempt: 9 })], ['linux/amd64'], {
      picked: [leg({ attempt: 10, digest: digest(2) })],
      missing: [],
    }],
    ['the same attempt twice (a merge-key reused outside Actions): the later write', [leg({ recorded: at(3) }), leg({ digest: digest(2), recorded: at(1) })], ['linux/amd64'], {
      picked: [leg({ digest: digest(2), recorded: at(1) })],
      missing: [],
    }],
    ['another variant of the same run is not taken', [leg({ variant: 'full' }), leg({ platform: 'linux/arm64' })], ['linux/amd64', 'linux/arm64'], {
      picked: [leg({ platform: 'linux/arm64' })],
      missing: ['linux/amd64'],
    }],
    ['another run of the same variant is not taken', [leg({ run: '41' }), leg({ run: '43', attempt: 5 })], ['linux/amd64'], { picked: [], missing: ['linux/amd64'] }],
    ['nothing recorded', [], ['linux/amd64', 'linux/arm/v7'], { picked: [], missing: ['linux/amd64', 'linux/arm/v7'] }],
  ])('%s', (_, records, platforms, expected) => {
    expect(pickLegs(records, SLIM, platforms)).toEqual(expected);
  });
});

describe('withLeg: a leg records itself', () => {
  test.each<[string, LegRecord[], LegRecord, LegRecord[]]>([
    ['into an empty ledger', [], leg(), [leg()]],
    ['next to other runs, variants and platforms', [leg({ run: '41' }), leg({ variant: 'full' }), leg({ platform: 'linux/arm64' })], leg({ digest: digest(3) }), [
      leg({ run: '41' }), leg({ variant: 'full' }), leg({ platform: 'linux/arm64' }), leg({ digest: digest(3) }),
    ]],
    ['replacing its own earlier record (same run, attempt, variant, platform)', [leg({ recorded: at(2) })], leg({ digest: digest(3) }), [leg({ digest: digest(3) })]],
    ['keeping the earlier attempt\'s record (the merge picks)', [leg()], leg({ attempt: 2, digest: digest(3) }), [leg(), leg({ attempt: 2, digest: digest(3) })]],
    ['pruning records older than 7 days, and records with no readable time', [leg({ run: '1', recorded: at(7 * 24 + 1) }), leg({ run: '2', recorded: 'yesterday' }), leg({ run: '3', recorded: at(6 * 24) })], leg(), [
      leg({ run: '3', recorded: at(6 * 24) }), leg(),
    ]],
  ])('%s', (_, records, added, expected) => {
    const after = withLeg(records, added, NOW);
    expect(after).toEqual(expected);
    expect(holdsLeg(after, added)).toBe(true);
  });

  test('a record of the same leg with another digest does not count as held', () => {
    expect(holdsLeg([leg({ digest: digest(2) })], leg())).toBe(false);
  });
});

describe('withoutGroup: a merge drops what it merged', () => {
  test.each<[string, LegRecord[], LegRecord[]]>([
    ['every attempt and platform of its run and variant', [leg(), leg({ attempt: 2 }), leg({ platform: 'linux/arm64' })], []],
    ['other runs and variants stay', [leg(), leg({ run: '43' }), leg({ variant: 'full' })], [leg({ run: '43' }), leg({ variant: 'full' })]],
    ['expired records of anyone go', [leg({ run: '7', recorded: at(24 * 8) }), leg({ run: '8' })], [leg({ run: '8' })]],
  ])('%s', (_, records, expected) => {
    expect(withoutGroup(records, SLIM, NOW)).toEqual(expected);
  });
});

describe('the ledger JSON', () => {
  test('an OCI index, one annotated entry per record, marked as the ledger', () => {
    expect(JSON.parse(ledgerJson([leg({ platform: 'linux/arm/v7', attempt: 3 })]))).toEqual({
      schemaVersion: 2,
      mediaType: INDEX,
      manifests: [
        {
          mediaType: INDEX,
          digest: digest(1),
          size: 100,
          annotations: {
            'buildx-multiarch.run': '42',
            'buildx-multiarch.attempt': '3',
            'buildx-multiarch.variant': 'slim',
            'buildx-multiarch.platform': 'linux/arm/v7',
            'org.opencontainers.image.created': at(1),
          },
        },
      ],
      annotations: { 'buildx-multiarch.ledger': 'legs of native multi-runner builds waiting for their merge step' },
    });
  });

  test.each<[string, LegRecord[]]>([
    ['empty', []],
    ['several, in order', [leg(), leg({ run: '', variant: 'k1', platform: 'linux/arm64', mediaType: 'application/vnd.docker.distribution.manifest.v2+json' })]],
  ])('reads back what it writes: %s', (_, records) => {
    expect(parseLedger(ledgerJson(records), 'r:t')).toEqual(records);
  });

  test.each<[string, string]>([
    ['an image someone pushed under the tag', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] })],
    ['an index this action did not write', JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [] })],
  ])('refuses to take over %s', (_, json) => {
    expect(() => parseLedger(json, 'ghcr.io/acme/app:buildx-multiarch-legs')).toThrow(
      'ghcr.io/acme/app:buildx-multiarch-legs holds a manifest this action did not write (no "buildx-multiarch.ledger" annotation): move that image to another tag',
    );
  });
});

describe('variantOf: the default variant is the first tag\'s tag', () => {
  test.each<[string, string]>([
    ['ghcr.io/acme/app:slim', 'slim'],
    ['127.0.0.1:5000/acme/app:full', 'full'],
    ['127.0.0.1:5000/acme/app', 'latest'],
    ['acme/app:1.2.3_rc-1', '1.2.3_rc-1'],
    ['ghcr.io/acme/app:' + 'x'.repeat(41), 'x'.repeat(31) + '-3164596d'],
  ])('%s -> %s', (tag, variant) => {
    expect(variantOf(tag)).toBe(variant);
  });
});

describe('a missing leg fails the merge, naming platform, run and variant', () => {
  const where = 'ghcr.io/acme/app:buildx-multiarch-legs';
  test.each<[string, LegRecord[], LegGroup, string[], string]>([
    ['one platform missing', [leg()], SLIM, ['linux/arm64'],
      `no leg of run 42, variant "slim" recorded linux/arm64 in ${where} (it has linux/amd64 (attempt 1)): did that platform's build job finish? Re-run it, then the merge`],
    ['only another variant recorded', [leg({ variant: 'full' })], SLIM, ['linux/amd64'],
      `no leg of run 42, variant "slim" recorded linux/amd64 in ${where} (it has no leg of it at all; this run has legs of variant "full": legs and merge need the same first tag, or the same merge-key): did that platform's build job finish? Re-run it, then the merge`],
    ['outside Actions, by merge-key', [], { run: '', variant: 'k1' }, ['linux/amd64', 'linux/arm64'],
      `no leg of merge-key "k1" recorded linux/amd64, linux/arm64 in ${where} (it has no leg of it at all): did that platform's build job finish? Re-run it, then the merge`],
  ])('%s', (_, records, group, missing, message) => {
    expect(missingLegsMessage(records, group, missing, where)).toBe(message);
  });
});
