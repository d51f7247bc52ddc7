/**
 * The PostgreSQL engine as several nodes see it: two store instances (two pools, two listeners
 * — two "nodes") on one schema, racing each other. What a single store's contract cannot show:
 * migrations started together, claims that never overlap, FIFO order with receivers on both
 * nodes, a schedule tick fired once, and queue signals and resource changes crossing nodes (and
 * surviving a dropped listener connection).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { EventDeliveries } from '../src/storage/event-port.js';
import { openPostgresStore, type PostgresStore } from '../src/storage/postgres/store.js';
import { SECOND, T0, fifoMessage, message, newQueue, receiving, sendOptions } from './contract/queue-store-fixtures.js';
import { PG_URL, dropSchema, freshSchema, whenPostgres } from './helpers/postgres.js';

/** Resolves when `listen` is called back, rejects after `ms`. */
function woken(subscribe: (wake: () => void) => () => void, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`not woken within ${ms} ms: ${what}`));
    }, ms);
    const stop = subscribe(() => {
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

await whenPostgres('PostgreSQL engine with two nodes', () => {
  describe('PostgreSQL engine with two nodes on one schema', () => {
    const schema = freshSchema();
    let a: PostgresStore;
    let b: PostgresStore;
    before(async () => {
      // Three nodes starting at once: the advisory lock lets one migrate, the others find it done.
      const opened = await Promise.all([0, 1, 2].map(() => openPostgresStore(PG_URL, { schema, poolSize: 6 })));
      [a, b] = [opened[0]!, opened[1]!];
      await opened[2]!.close();
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await dropSchema(schema);
    });

    it('applied each migration once although three nodes started together', async () => {
      const rows = await a.database.read<{ version: number; n: number }>(
        'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
      );
      assert.deepEqual(rows.map((r) => r.version), [1, 100, 200, 300]);
      assert.ok(rows.every((r) => r.n === 1));
    });

    it('never hands a message to two receivers within its visibility timeout', async () => {
      const q = await newQueue(a.queues);
      const total = 300;
      for (let i = 0; i < total; i += 10) {
        await a.queues.sendMessages(q.arn, Array.from({ length: 10 }, (_, j) => message(`m${i + j}`)), sendOptions());
      }
      const seen: string[] = [];
      const now = T0 + SECOND;
      const receiver = async (node: PostgresStore): Promise<void> => {
        for (;;) {
          const r = await node.queues.receiveMessages(q.arn, receiving(now, { max: 7 }));
          seen.push(...r.messages.map((m) => m.messageId));
          // Done when nothing is receivable before the claimed ones' visibility ends (not merely contended).
          if (r.messages.length === 0 && (r.wakeAt === undefined || r.wakeAt >= now + 30 * SECOND)) return;
        }
      };
      await Promise.all([a, b, a, b, a, b, a, b].map(receiver));
      assert.equal(seen.length, total, 'every message received once');
      assert.equal(new Set(seen).size, total, 'no message received twice');
    });

    it('keeps each FIFO group in order with receivers on both nodes', async () => {
      const q = await newQueue(a.queues, { fifo: true });
      const groups = ['g1', 'g2', 'g3', 'g4'];
      const perGroup = 25;
      for (let i = 0; i < perGroup; i++) {
        await (i % 2 ? a : b).queues.sendMessages(q.arn, groups.map((g) => fifoMessage(`${g}:${i}`, g)), sendOptions());
      }
      const log = new Map(groups.map((g) => [g, [] as number[]]));
      let received = 0;
      const receiver = async (node: PostgresStore, max: number): Promise<void> => {
        for (let idle = 0; idle < 20 && received < groups.length * perGroup; ) {
          const r = await node.queues.receiveMessages(q.arn, receiving(T0 + SECOND, { max }));
          if (r.messages.length === 0) {
            idle++;
            await new Promise((resolve) => setTimeout(resolve, 5));
            continue;
          }
          // Logged before the delete: the group stays blocked until the delete commits.
          for (const m of r.messages) {
            const [g, n] = m.body.split(':');
            log.get(g!)!.push(Number(n));
          }
          received += r.messages.length;
          const results = await node.queues.deleteMessages(q.arn, r.messages.map((m) => m.receipt));
          assert.ok(results.every((x) => x === 'deleted'));
        }
      };
      await Promise.all([receiver(a, 3), receiver(b, 2), receiver(a, 10), receiver(b, 1), receiver(b, 4)]);
      for (const g of groups) assert.deepEqual(log.get(g), Array.from({ length: perGroup }, (_, i) => i), `group ${g} in order, once each`);
    });

    it('serves one FIFO group to one receiver at a time', async () => {
      const q = await newQueue(a.queues, { fifo: true });
      await a.queues.sendMessages(q.arn, Array.from({ length: 6 }, (_, i) => fifoMessage(`x${i}`, 'only')), sendOptions());
      const results = await Promise.all([a, b, a, b].map((n) => n.queues.receiveMessages(q.arn, receiving(T0 + SECOND, { max: 2 }))));
      const served = results.filter((r) => r.messages.length > 0);
      assert.equal(served.length, 1, 'the group was locked by the first receiver');
      assert.deepEqual(served[0]!.messages.map((m) => m.body), ['x0', 'x1']);
    });

    it('wakes a long poll on one node when another node sends', async () => {
      const q = await newQueue(a.queues);
      const wake = woken((w) => b.queues.signals.subscribe(q.arn, w), 5000, 'send on a, subscriber on b');
      await a.queues.sendMessages(q.arn, [message('cross-node')], sendOptions());
      await wake;
    });

    it('reconnects a dropped listener, waking every local poll, and hears other nodes again', async () => {
      const q = await newQueue(a.queues);
      const pid = b.listener.listenerPid;
      assert.ok(pid, 'b listens on a connection of its own');
      const rewoken = woken((w) => b.queues.signals.subscribe(q.arn, w), 5000, 'wake-up after the listener reconnected');
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      } finally {
        await admin.end();
      }
      await rewoken;
      assert.ok(b.listener.connects >= 2);
      const wake = woken((w) => b.queues.signals.subscribe(q.arn, w), 5000, 'send on a after b reconnected');
      await a.queues.sendMessages(q.arn, [message('after-reconnect')], sendOptions());
      await wake;
    });

    it("drops a node's copy of a queue record when another node changes, purges or deletes the queue", async () => {
      const q = await newQueue(a.queues);
      const eventually = async (what: string, check: () => Promise<boolean>): Promise<void> => {
        const deadline = Date.now() + 5000;
        while (!(await check())) {
          if (Date.now() > deadline) throw new Error(`not seen on b within 5 s: ${what}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      assert.equal((await b.queues.getQueue(q.arn))?.attributes['VisibilityTimeout'], q.attributes['VisibilityTimeout'], 'b keeps a copy');
      await a.queues.updateQueue(q.arn, { setAttributes: { VisibilityTimeout: '77' } }, T0 + SECOND);
      assert.equal((await a.queues.getQueue(q.arn))?.attributes['VisibilityTimeout'], '77', 'a reads its own change at once');
      await eventually('the update', async () => (await b.queues.getQueue(q.arn))?.attributes['VisibilityTimeout'] === '77');
      await a.queues.purgeQueue(q.arn, T0 + 2 * SECOND, T0);
      await eventually('the purge', async () => (await b.queues.getQueue(q.arn))?.lastPurgedAt === T0 + 2 * SECOND);
      await a.queues.deleteQueue(q.arn);
      await eventually('the delete', async () => (await b.queues.getQueue(q.arn)) === undefined);
    });

    it('tells both nodes of a resource change committed on one, with its key', async () => {
      const key = { kind: 'rule', account: '000000000000', region: 'us-east-1', name: `r-${randomUUID()}` };
      const heard = (node: PostgresStore, what: string): Promise<void> =>
        woken(
          (w) => node.resources.changes!.subscribe((k) => {
            if (k && k.name === key.name) w();
          }),
          5000,
          what,
        );
      const both = Promise.all([heard(a, 'a hears its own create'), heard(b, 'b hears a create on a')]);
      await a.resources.create(key, { n: 1 }, T0);
      await both;
      const deleted = heard(a, 'a hears a delete on b');
      await b.resources.delete(key);
      await deleted;
    });

    it('asks for a full reload of resources after the listener reconnects', async () => {
      const reload = woken(
        (w) => b.resources.changes!.subscribe((k) => {
          if (k === undefined) w();
        }),
        5000,
        'reload after reconnect',
      );
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend($1)', [b.listener.listenerPid]);
      } finally {
        await admin.end();
      }
      await reload;
    });

    it('fires a schedule tick once when both nodes fire it together', async () => {
      const rule = `arn:aws:events:us-east-1:000000000000:rule/tick-${randomUUID()}`;
      const t = T0 + 1_000_000;
      await a.events.putSchedule({ ruleArn: rule, nextFireAt: t });
      const before = await a.events.pendingCount();
      const tick = (n: number): EventDeliveries => ({
        event: JSON.stringify({ id: randomUUID(), n }),
        deliveries: [{ id: randomUUID(), busArn: 'bus', ruleArn: rule, target: '{}', enqueuedAt: t, nextAttemptAt: t }],
      });
      for (let i = 0; i < 10; i++) {
        const expectedFireAt = t + i * 60_000;
        const fired = await Promise.all(
          [a, b].map((node, n) => node.events.fireSchedule({ ruleArn: rule, expectedFireAt, nextFireAt: expectedFireAt + 60_000, events: [tick(n)] })),
        );
        assert.equal(fired.filter(Boolean).length, 1, `tick ${i} fired once`);
      }
      assert.equal(await a.events.pendingCount(), before + 10);
      const claimed = await a.events.claim({ now: t + 600_000, lease: { owner: 'drain', until: t + 600_001 }, limit: 100 });
      await a.events.complete(claimed.map((d) => d.id));
      await a.events.deleteSchedule(rule);
    });

    it('leases each due delivery to one node when both claim at once', async () => {
      const t = T0 + 50_000_000;
      const ids = Array.from({ length: 60 }, () => randomUUID());
      await a.events.enqueue([
        {
          event: '{"id":"shared"}',
          deliveries: ids.map((id) => ({ id, busArn: 'bus', ruleArn: 'rule', target: '{}', enqueuedAt: t, nextAttemptAt: t })),
        },
      ]);
      const claims = await Promise.all(
        [a, b, a, b, a, b].map((node, i) => node.events.claim({ now: t, lease: { owner: `node-${i}`, until: t + 60_000 }, limit: 15 })),
      );
      const claimed = claims.flat().map((d) => d.id);
      assert.equal(new Set(claimed).size, claimed.length, 'no delivery leased twice');
      assert.deepEqual([...claimed].sort(), [...ids].sort());
      // The last two completions race on the shared event text; it must go with them.
      await Promise.all([a.events.complete(ids.slice(0, 30)), b.events.complete(ids.slice(30))]);
      const [left] = await a.database.read<{ n: number }>(`SELECT count(*) AS n FROM eb_events WHERE body = '{"id":"shared"}'`);
      assert.equal(left?.n, 0);
    });
  });
});
