import { describe, expect, test } from '@jest/globals';
import { holdsLeg, LEDGER_TAG, ledgerJson, parseLedger, withLeg, type LegRecord } from '../../src/legs/ledger.js';
import { changeLedger, type LedgerChange } from '../../src/legs/ledger-store.js';
import type { RegistryClient } from '../../src/registry.js';

const FAST = { maxReadToWriteMs: 1000, settleMs: 5, jitterMs: 5, rounds: 4 };
const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const INDEX = 'application/vnd.oci.image.index.v1+json';
// recorded now-ish, so that no write prunes it
const RECORDED = new Date().toISOString();
const leg = (run: string, n: number): LegRecord => ({ run, attempt: 1, variant: 'latest', platform: 'linux/amd64', digest: digest(n), mediaType: INDEX, size: 10, recorded: RECORDED });

/**
 * The ledger tag of one repository, in memory. `onPut` runs after each accepted PUT (a concurrent writer's
 * move), `refusePut` may answer a PUT with a registry error instead.
 */
class LedgerTag {
  bytes: string | undefined;
  puts = 0;
  onPut: (tag: LedgerTag) => void = () => undefined;
  refusePut: (body: string) => Response | undefined = () => undefined;

  readonly client = {
    request: async (method: string, path: string, _headers: Record<string, string> = {}, body?: string): Promise<Response> => {
      expect(path).toBe(`/manifests/${LEDGER_TAG}`);
      if (method === 'GET') return this.bytes === undefined ? new Response('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', { status: 404 }) : new Response(this.bytes, { status: 200 });
      const refused = this.refusePut(body ?? '');
      if (refused) return refused;
      this.bytes = body;
      this.puts++;
      this.onPut(this);
      return new Response('', { status: 201 });
    },
  } as unknown as RegistryClient;

  records(): LegRecord[] {
    return this.bytes === undefined ? [] : parseLedger(this.bytes, 'r');
  }
}

const adding = (record: LegRecord): LedgerChange => ({
  doing: `recording ${record.run}`,
  apply: (records, now) => withLeg(records, record, now),
  holds: (records) => holdsLeg(records, record),
});

describe('changeLedger: a verified read-modify-write', () => {
  test('into a ledger that does not exist yet: one PUT, read back', async () => {
    const tag = new LedgerTag();
    expect(await changeLedger(tag.client, 'r', adding(leg('1', 1)), FAST)).toEqual([leg('1', 1)]);
    expect(tag.puts).toBe(1);
  });

  test('a concurrent writer that read before our PUT and wrote after it dropped our record: written again, both kept', async () => {
    const tag = new LedgerTag();
    const theirs = leg('2', 2);
    // the other job read the empty ledger, then PUT its own record over ours
    tag.onPut = (t) => {
      if (t.puts !== 1) return;
      t.bytes = ledgerJson([theirs]);
    };
    const after = await changeLedger(tag.client, 'r', adding(leg('1', 1)), FAST);
    expect(after.map((r) => r.run)).toEqual(['2', '1']);
    expect(tag.records().map((r) => r.run)).toEqual(['2', '1']);
    expect(tag.puts).toBe(2);
  });

  test('a change already in the ledger writes nothing', async () => {
    const tag = new LedgerTag();
    tag.bytes = ledgerJson([leg('1', 1)]);
    await changeLedger(tag.client, 'r', adding(leg('1', 1)), FAST);
    expect(tag.puts).toBe(0);
  });

  test('a writer that keeps being overwritten gives up after its rounds, saying so', async () => {
    const tag = new LedgerTag();
    tag.onPut = (t) => (t.bytes = ledgerJson([]));
    await expect(changeLedger(tag.client, 'ghcr.io/acme/app', adding(leg('1', 1)), FAST)).rejects.toThrow(
      `recording 1 in ghcr.io/acme/app:${LEDGER_TAG} failed: after 4 rounds other writers still replaced it`,
    );
  });

  test('a record whose manifest the registry no longer has is dropped, the rest written', async () => {
    const tag = new LedgerTag();
    tag.bytes = ledgerJson([leg('9', 9)]);
    tag.refusePut = (body) =>
      body.includes(digest(9)) ? new Response(JSON.stringify({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: digest(9) }] }), { status: 400 }) : undefined;
    expect((await changeLedger(tag.client, 'r', adding(leg('1', 1)), FAST)).map((r) => r.run)).toEqual(['1']);
  });

  test('a read or a write the registry answers 500 (Distribution, a read racing a write of the tag) is tried again', async () => {
    const tag = new LedgerTag();
    const unknown = (): Response => new Response(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'unknown error', detail: {} }] }), { status: 500 });
    const request = tag.client.request.bind(tag.client);
    let gets = 0;
    (tag.client as unknown as { request: typeof request }).request = async (method, path, headers, body) => (method === 'GET' && ++gets === 1 ? unknown() : request(method, path, headers, body));
    let puts = 0;
    tag.refusePut = () => (++puts === 1 ? unknown() : undefined);
    expect((await changeLedger(tag.client, 'r', adding(leg('1', 1)), FAST)).map((r) => r.run)).toEqual(['1']);
    expect([gets, puts]).toEqual([4, 2]); // a retried first read, a read after the refused PUT, one after the PUT
  });

  test("any other refusal fails with the registry's own reason", async () => {
    const tag = new LedgerTag();
    tag.refusePut = () => new Response(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }), { status: 403 });
    await expect(changeLedger(tag.client, 'ghcr.io/acme/app', adding(leg('1', 1)), FAST)).rejects.toThrow(
      `recording 1: writing ghcr.io/acme/app:${LEDGER_TAG} failed: 403 DENIED requested access to the resource is denied`,
    );
  });
});
