/** The embedded SQLite engine against the QueueStore contract, plus what only a file can show. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SqliteDatabase } from '../src/storage/sqlite/database.js';
import { SqliteQueueStore, queueMigrations } from '../src/storage/sqlite/queues.js';
import { queueStoreContract } from './contract/queue-store.js';
import { KEEP_ALL, SECOND, T0, bodies, message, newQueue, receiving, sendOptions } from './contract/queue-store-fixtures.js';

/** Opens only the queue part of the embedded engine, as openSqliteStore would. */
function openQueues(dir: string): { store: SqliteQueueStore; database: SqliteDatabase; close(): Promise<void> } {
  const database = new SqliteDatabase(join(dir, 'switchboard.db'));
  database.migrate(queueMigrations);
  return { store: new SqliteQueueStore(database), database, close: async () => database.close() };
}

queueStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-queues-'));
  const opened = openQueues(dir);
  return {
    store: opened.store,
    async close() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite queue store on disk', () => {
  it('keeps messages, in-flight state and FIFO groups across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-queues-'));
    try {
      const first = openQueues(dir);
      const standard = await newQueue(first.store);
      const fifo = await newQueue(first.store, { fifo: true });
      await first.store.sendMessages(standard.arn, [message('kept'), message('in-flight')], sendOptions());
      await first.store.sendMessages(fifo.arn, [message('f1', { groupId: 'G' }), message('f2', { groupId: 'G' })], sendOptions());
      const claimed = await first.store.receiveMessages(standard.arn, receiving(T0, { max: 1, visibilityTimeoutMs: 10 * SECOND }));
      await first.store.receiveMessages(fifo.arn, receiving(T0, { max: 1, visibilityTimeoutMs: 10 * SECOND }));
      await first.close();

      const second = openQueues(dir);
      assert.deepEqual(await second.store.countMessages(standard.arn, T0 + SECOND, KEEP_ALL), { visible: 1, inFlight: 1, delayed: 0 });
      assert.deepEqual((await second.store.receiveMessages(fifo.arn, receiving(T0 + SECOND))).messages, []);
      const later = await second.store.receiveMessages(standard.arn, receiving(T0 + 10 * SECOND));
      assert.equal(later.messages.length, 2);
      assert.ok(later.messages.some((m) => m.messageId === claimed.messages[0]!.messageId && m.receiveCount === 2));
      assert.deepEqual(bodies((await second.store.receiveMessages(fifo.arn, receiving(T0 + 10 * SECOND))).messages), ['f1', 'f2']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('commits a batch of sends with one fsync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-queues-'));
    try {
      const opened = openQueues(dir);
      const q = await newQueue(opened.store);
      const before = opened.database.commits;
      await Promise.all(Array.from({ length: 20 }, (_, i) => opened.store.sendMessages(q.arn, [message(`m${i}`)], sendOptions())));
      assert.equal(opened.database.commits - before, 1);
      await opened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('acknowledges deletes and receives of durable messages at commit, and syncs them soon after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-queues-'));
    try {
      const { store, database, close } = openQueues(dir);
      const q = await newQueue(store);
      await store.sendMessages(q.arn, [message('a'), message('b')], sendOptions());
      assert.equal(database.durableCommits, database.commits);
      const received = await store.receiveMessages(q.arn, receiving(T0, { max: 1 }));
      assert.deepEqual(bodies(received.messages), ['a']);
      assert.equal(database.durableCommits, database.commits - 1, 'the receive did not wait for an fsync');
      assert.deepEqual(await store.deleteMessages(q.arn, [received.messages[0]!.receipt]), ['deleted']);
      assert.ok(database.durableCommits < database.commits, 'the delete did not wait for an fsync');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(database.durableCommits, database.commits, 'an fsync followed on its own');
      await close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never hands out a message before its send is durable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-queues-'));
    try {
      const { store, database, close } = openQueues(dir);
      const q = await newQueue(store);
      // Same group transaction: the receive sees the send before any fsync.
      const sent = store.sendMessages(q.arn, [message('fresh')], sendOptions());
      const received = await store.receiveMessages(q.arn, receiving(T0));
      assert.deepEqual(bodies(received.messages), ['fresh']);
      assert.equal(database.durableCommits, database.commits, 'the receive waited for the fsync of the send');
      await sent;
      await close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands out a message claimed during its send\'s fsync once that fsync is done, not its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-queues-'));
    try {
      const { store, database, close } = openQueues(dir);
      const q = await newQueue(store);
      let sendCommit = 0;
      let sendDurable = false;
      const woke = new Promise<void>((resolve) => store.signals.subscribe(q.arn, () => {
        sendCommit = database.commits;
        resolve();
      }));
      const sent = store.sendMessages(q.arn, [message('early')], sendOptions()).then(() => (sendDurable = true));
      await woke; // signalled at commit, before the fsync
      const received = await store.receiveMessages(q.arn, receiving(T0));
      assert.deepEqual(bodies(received.messages), ['early']);
      assert.ok(database.durableCommits >= sendCommit, 'the send was durable before the message was handed out');
      await sent;
      assert.ok(sendDurable);
      await close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('syncs relaxed writes left unsynced when closing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-queues-'));
    try {
      const first = openQueues(dir);
      const q = await newQueue(first.store);
      await first.store.sendMessages(q.arn, [message('gone')], sendOptions());
      const received = await first.store.receiveMessages(q.arn, receiving(T0));
      await first.store.deleteMessages(q.arn, received.messages.map((m) => m.receipt));
      await first.close();
      assert.equal(first.database.durableCommits, first.database.commits);
      const second = openQueues(dir);
      assert.deepEqual(await second.store.countMessages(q.arn, T0 + 60 * SECOND, KEEP_ALL), { visible: 0, inFlight: 0, delayed: 0 });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
