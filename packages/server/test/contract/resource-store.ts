/**
 * The ResourceStore contract: metadata documents with optimistic concurrency, as every engine
 * must keep them. Run it with a factory for the engine under test; every case uses its own
 * account, so engines may share one database between tests.
 *
 * @example
 * resourceStoreContract('sqlite', async () => ({ store: opened.resources, close }));
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { StorageError, type ResourceKey, type ResourceStore } from '../../src/storage/port.js';

export interface ResourceStoreHandle {
  readonly store: ResourceStore;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);

interface Body {
  readonly n: number;
  readonly tags?: Record<string, string>;
}

const code = (c: string) => (e: unknown) => e instanceof StorageError && e.code === c;

export function resourceStoreContract(name: string, open: () => Promise<ResourceStoreHandle>): void {
  describe(`ResourceStore contract: ${name}`, () => {
    let handle: ResourceStoreHandle;
    let store: ResourceStore;
    before(async () => {
      handle = await open();
      store = handle.store;
    });
    after(async () => {
      await handle.close();
    });
    /** An account no other case uses. */
    const account = (): string => randomUUID().replace(/-/g, '').slice(0, 12);
    const key = (acct: string, n: string, kind = 'rule'): ResourceKey => ({ kind, account: acct, region: 'us-east-1', name: n });

    it('creates, reads back the body and times, and refuses a second create', async () => {
      const k = key(account(), 'orders');
      const created = await store.create<Body>(k, { n: 1, tags: { a: 'é' } }, T0);
      assert.deepEqual(created, { ...k, body: { n: 1, tags: { a: 'é' } }, version: 1, createdAt: T0, updatedAt: T0 });
      assert.deepEqual(await store.get<Body>(k), created);
      await assert.rejects(store.create(k, { n: 2 }, T0 + 1), code('ALREADY_EXISTS'));
      assert.equal((await store.get<Body>(k))?.body.n, 1);
      assert.equal(await store.get({ ...k, name: 'absent' }), undefined);
    });

    it('keeps kinds, accounts and regions apart', async () => {
      const acct = account();
      await store.create(key(acct, 'same', 'rule'), { n: 1 }, T0);
      await store.create(key(acct, 'same', 'bus'), { n: 2 }, T0);
      await store.create({ ...key(acct, 'same'), region: 'eu-west-1' }, { n: 3 }, T0);
      assert.equal((await store.get<Body>(key(acct, 'same', 'bus')))?.body.n, 2);
      assert.equal((await store.get<Body>({ ...key(acct, 'same'), region: 'eu-west-1' }))?.body.n, 3);
      assert.equal(await store.get(key(account(), 'same')), undefined);
    });

    it('updates with a growing version, and checks the expected version when given', async () => {
      const k = key(account(), 'r');
      await store.create<Body>(k, { n: 1 }, T0);
      const second = await store.update<Body>(k, { n: 2 }, T0 + 10);
      assert.deepEqual([second.version, second.createdAt, second.updatedAt, second.body.n], [2, T0, T0 + 10, 2]);
      await assert.rejects(store.update(k, { n: 3 }, T0 + 20, 1), code('CONFLICT'));
      const third = await store.update<Body>(k, { n: 3 }, T0 + 20, 2);
      assert.equal(third.version, 3);
      assert.deepEqual(await store.get<Body>(k), third);
      await assert.rejects(store.update(key(k.account, 'absent'), { n: 1 }, T0), code('NOT_FOUND'));
    });

    it('lets exactly one of two concurrent updates of one version win', async () => {
      const k = key(account(), 'contended');
      await store.create<Body>(k, { n: 0 }, T0);
      const results = await Promise.allSettled([store.update(k, { n: 1 }, T0 + 1, 1), store.update(k, { n: 2 }, T0 + 1, 1)]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const failed = results.find((r) => r.status === 'rejected');
      assert.ok(failed && code('CONFLICT')(failed.reason));
      assert.equal((await store.get(k))?.version, 2);
    });

    it('deletes once', async () => {
      const k = key(account(), 'gone');
      await store.create(k, { n: 1 }, T0);
      assert.equal(await store.delete(k), true);
      assert.equal(await store.delete(k), false);
      assert.equal(await store.get(k), undefined);
      assert.equal((await store.create(k, { n: 2 }, T0 + 1)).version, 1, 'a new incarnation starts over');
    });

    it('lists one kind of one account and region in name order, with prefix, after and limit', async () => {
      const acct = account();
      const names = ['b-2', 'a-1', 'b-10', 'B-upper', 'c', 'b_under'];
      for (const n of names) await store.create(key(acct, n), { n: 0 }, T0);
      await store.create(key(acct, 'b-other-kind', 'bus'), { n: 0 }, T0);
      const sorted = [...names].sort();
      assert.deepEqual((await store.list('rule', acct, 'us-east-1')).map((r) => r.name), sorted);
      assert.deepEqual((await store.list('rule', acct, 'us-east-1', { prefix: 'b-' })).map((r) => r.name), ['b-10', 'b-2']);
      assert.deepEqual((await store.list('rule', acct, 'us-east-1', { after: 'b-2', limit: 2 })).map((r) => r.name), ['b_under', 'c']);
      assert.deepEqual((await store.list('rule', acct, 'us-east-1', { prefix: 'b', after: 'b-10' })).map((r) => r.name), ['b-2', 'b_under']);
      assert.deepEqual(await store.list('rule', acct, 'eu-west-1'), []);
    });

    it('signals each committed change with its key, and nothing for a failed one', async (t) => {
      const changes = store.changes;
      if (!changes) return t.skip('engine has no change signals (single node only)');
      const k = key(account(), 'watched');
      const seen: string[] = [];
      const stop = changes.subscribe((changed) => {
        if (changed?.account === k.account) seen.push(`${changed.kind}/${changed.name}`);
      });
      try {
        await store.create(k, { n: 1 }, T0);
        await assert.rejects(store.create(k, { n: 1 }, T0));
        await store.update(k, { n: 2 }, T0 + 1);
        await store.delete(k);
        await new Promise((resolve) => setTimeout(resolve, 50)); // a node's own signals come back too, and are skipped
        assert.deepEqual(seen, ['rule/watched', 'rule/watched', 'rule/watched']);
      } finally {
        stop();
      }
    });

    it('lists every resource of a kind across accounts and regions', async () => {
      const a = account();
      const b = account();
      const kind = `kind-${randomUUID()}`;
      await store.create(key(b, 'y', kind), { n: 1 }, T0);
      await store.create(key(a, 'x', kind), { n: 2 }, T0);
      await store.create({ ...key(a, 'x', kind), region: 'eu-west-1' }, { n: 3 }, T0);
      const all = await store.listAll<Body>(kind);
      assert.deepEqual(all.map((r) => r.body.n).sort(), [1, 2, 3]);
      assert.ok(all.every((r) => r.kind === kind));
    });
  });
}
