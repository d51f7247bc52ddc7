/**
 * The ArchiveStore contract: every engine runs this suite through a factory that opens a
 * fresh, empty store. Archive ids are unique per test so engines may share one database.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ArchiveAppend, ArchiveStore } from '../../src/storage/archive-port.js';

export interface ArchiveStoreHandle {
  readonly store: ArchiveStore;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const SECOND = 1000;

function entry(archiveId: string, n: number, eventTime: number, body = `{"n":${n}}`): ArchiveAppend {
  return { archiveId, eventId: `e-${n}`, eventTime, body };
}

function numbers(events: ReadonlyArray<{ body: string }>): number[] {
  return events.map((e) => (JSON.parse(e.body) as { n: number }).n);
}

export function archiveStoreContract(name: string, open: () => Promise<ArchiveStoreHandle>): void {
  describe(`ArchiveStore contract: ${name}`, () => {
    let handle: ArchiveStoreHandle;
    let store: ArchiveStore;
    const fresh = (): string => `archive-${randomUUID()}`;
    before(async () => {
      handle = await open();
      store = handle.store;
    });
    after(async () => {
      await handle.close();
    });

    it('reads a time window in event-time order, append order within one time', async () => {
      const a = fresh();
      assert.equal(await store.append([entry(a, 1, T0 + 2 * SECOND), entry(a, 2, T0), entry(a, 3, T0 + SECOND), entry(a, 4, T0)], T0), 4);
      const all = await store.read(a, { from: T0, to: T0 + 10 * SECOND, limit: 100 });
      assert.deepEqual(numbers(all), [2, 4, 3, 1]);
      assert.equal(all[0]?.eventId, 'e-2');
      assert.equal(all[0]?.eventTime, T0);
      assert.equal(all[0]?.archivedAt, T0);
      assert.ok(all.every((e, i) => i === 0 || e.sequence !== all[i - 1]!.sequence));
    });

    it('includes the window start and excludes its end', async () => {
      const a = fresh();
      await store.append([entry(a, 1, T0 - 1), entry(a, 2, T0), entry(a, 3, T0 + SECOND - 1), entry(a, 4, T0 + SECOND)], T0);
      assert.deepEqual(numbers(await store.read(a, { from: T0, to: T0 + SECOND, limit: 10 })), [2, 3]);
    });

    it('resumes after a position, in pages of at most `limit`', async () => {
      const a = fresh();
      await store.append(Array.from({ length: 7 }, (_, i) => entry(a, i, T0 + (i % 3) * SECOND)), T0);
      const seen: number[] = [];
      let page = await store.read(a, { from: T0, to: T0 + 60 * SECOND, limit: 3 });
      while (page.length > 0) {
        assert.ok(page.length <= 3);
        seen.push(...numbers(page));
        const last = page[page.length - 1]!;
        page = await store.read(a, { from: T0, to: T0 + 60 * SECOND, limit: 3, after: last });
      }
      assert.deepEqual(seen, [0, 3, 6, 1, 4, 2, 5]);
    });

    it('skips an event id the archive already holds, but not in another archive', async () => {
      const a = fresh();
      const b = fresh();
      assert.equal(await store.append([entry(a, 1, T0)], T0), 1);
      assert.equal(await store.append([entry(a, 1, T0), entry(b, 1, T0)], T0 + 1), 1);
      assert.equal((await store.stats(a)).eventCount, 1);
      assert.equal((await store.stats(b)).eventCount, 1);
    });

    it('counts events and their UTF-8 size per archive', async () => {
      const a = fresh();
      assert.deepEqual(await store.stats(a), { eventCount: 0, sizeBytes: 0 });
      await store.append([entry(a, 1, T0, '{"n":1,"s":"é"}'), entry(a, 2, T0, '{"n":2}')], T0);
      assert.deepEqual(await store.stats(a), { eventCount: 2, sizeBytes: 16 + 7 });
    });

    it('keeps archives apart', async () => {
      const a = fresh();
      const b = fresh();
      await store.append([entry(a, 1, T0), entry(b, 2, T0)], T0);
      assert.deepEqual(numbers(await store.read(b, { from: T0, to: T0 + 1, limit: 10 })), [2]);
      assert.deepEqual(await store.read(fresh(), { from: 0, to: T0 * 2, limit: 10 }), []);
    });

    it('expires events archived before a time, oldest first, at most `limit` a call', async () => {
      const a = fresh();
      await store.append([entry(a, 1, T0)], T0);
      await store.append([entry(a, 2, T0), entry(a, 3, T0)], T0 + 10);
      await store.append([entry(a, 4, T0)], T0 + 20);
      assert.equal(await store.expire(a, T0 + 20, 2), 2);
      assert.equal(await store.expire(a, T0 + 20, 2), 1);
      assert.equal(await store.expire(a, T0 + 20, 2), 0);
      assert.deepEqual(numbers(await store.read(a, { from: 0, to: T0 * 2, limit: 10 })), [4]);
      assert.deepEqual(await store.stats(a), { eventCount: 1, sizeBytes: 7 });
    });

    it('purges an archive in bounded steps and stops listing it', async () => {
      const a = fresh();
      const b = fresh();
      await store.append([...Array.from({ length: 5 }, (_, i) => entry(a, i, T0)), entry(b, 9, T0)], T0);
      assert.ok((await store.archiveIds()).includes(a));
      let removed = 0;
      for (let n = await store.purge(a, 2); n > 0; n = await store.purge(a, 2)) {
        assert.ok(n <= 2);
        removed += n;
      }
      assert.equal(removed, 5);
      assert.deepEqual(await store.stats(a), { eventCount: 0, sizeBytes: 0 });
      const ids = await store.archiveIds();
      assert.ok(!ids.includes(a));
      assert.ok(ids.includes(b));
    });

    it('appends nothing for an empty batch', async () => {
      assert.equal(await store.append([], T0), 0);
    });

    it('serves concurrent appends to one archive without losing any', async () => {
      const a = fresh();
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.append([entry(a, i, T0 + i)], T0)));
      assert.equal((await store.stats(a)).eventCount, 20);
      assert.equal((await store.read(a, { from: T0, to: T0 + 20, limit: 100 })).length, 20);
    });
  });
}
