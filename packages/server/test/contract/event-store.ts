/**
 * The EventStore contract: what every storage engine must do for EventBridge deliveries and
 * schedules. Run it with a factory for the engine under test (SQLite in
 * test/storage-events.int.test.ts; PostgreSQL will reuse it). Times are passed in, never read
 * from the wall clock, so every case is deterministic.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventDeliveries, EventStore, NewDelivery } from '../../src/storage/event-port.js';
import type { QueueStore } from '../../src/storage/queue-port.js';
import { fifoMessage, message, newQueue, receiving } from './queue-store-fixtures.js';

/** One engine instance for the suite. */
export interface EventStoreHarness {
  readonly events: EventStore;
  /** The same engine's queues, for inline deliveries; engines without them skip those cases. */
  readonly queues?: QueueStore;
  /** Closes and reopens the same storage (durability); optional for engines that cannot. */
  reopen?(): Promise<EventStore>;
  close(): Promise<void>;
}

const T0 = 1_800_000_000_000;

function delivery(overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id: randomUUID(),
    busArn: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
    ruleArn: `arn:aws:events:us-east-1:000000000000:rule/r-${randomUUID().slice(0, 8)}`,
    target: JSON.stringify({ Id: 't1', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }),
    enqueuedAt: T0,
    nextAttemptAt: T0,
    ...overrides,
  };
}

function event(...deliveries: NewDelivery[]): EventDeliveries {
  return { event: JSON.stringify({ id: randomUUID(), detail: { n: deliveries.length } }), deliveries };
}

const lease = (owner: string, until: number) => ({ owner, until });

export function eventStoreContract(engine: string, open: () => Promise<EventStoreHarness>): void {
  describe(`EventStore contract: ${engine}`, () => {
    let h: EventStoreHarness;
    let store: EventStore;
    /** Each case works in its own time window, far from the others, so leftovers never interfere. */
    let base = T0;
    const window = (): number => (base += 10_000_000);

    before(async () => {
      h = await open();
      store = h.events;
    });
    after(async () => {
      await h.close();
    });

    /** Claims everything due at `now` (then completes it, so later cases start clean). */
    async function drain(now: number): Promise<void> {
      for (const d of await store.claim({ now, lease: lease('drain', now + 1), limit: 10_000 })) await store.complete([d.id]);
    }

    it('claims due deliveries with their event text, leases them, and removes them on complete', async () => {
      const t = window();
      const d1 = delivery({ enqueuedAt: t, nextAttemptAt: t });
      const d2 = delivery({ enqueuedAt: t, nextAttemptAt: t });
      const e = event(d1, d2);
      await store.enqueue([e]);
      const claimed = await store.claim({ now: t, lease: lease('a', t + 1000), limit: 10 });
      assert.deepEqual(claimed.map((d) => d.id).sort(), [d1.id, d2.id].sort());
      for (const d of claimed) {
        assert.equal(d.event, e.event);
        assert.equal(d.attempts, 0);
        assert.equal(d.lastError, undefined);
        assert.equal(d.enqueuedAt, t);
      }
      const got = claimed.find((d) => d.id === d1.id);
      assert.deepEqual({ ...got, event: undefined, attempts: undefined }, { ...d1, event: undefined, attempts: undefined });
      assert.deepEqual(await store.claim({ now: t + 999, lease: lease('b', t + 2000), limit: 10 }), [], 'leased deliveries are not claimed again');
      assert.equal(await store.complete([d1.id]), 1);
      assert.equal(await store.complete([d1.id]), 0, 'already gone');
      assert.equal(await store.complete([d2.id, d1.id, 'never-there']), 1);
    });

    it('does not claim deliveries before their next attempt time', async () => {
      const t = window();
      const later = delivery({ enqueuedAt: t, nextAttemptAt: t + 500 });
      await store.enqueue([event(later)]);
      assert.deepEqual(await store.claim({ now: t + 499, lease: lease('a', t + 5000), limit: 10 }), []);
      assert.deepEqual((await store.claim({ now: t + 500, lease: lease('a', t + 5000), limit: 10 })).map((d) => d.id), [later.id]);
      await store.complete([later.id]);
    });

    it('a lease that runs out makes the delivery claimable by another owner', async () => {
      const t = window();
      const d = delivery({ enqueuedAt: t, nextAttemptAt: t });
      await store.enqueue([event(d)], lease('crashed-node', t + 1000));
      assert.deepEqual(await store.claim({ now: t + 999, lease: lease('b', t + 5000), limit: 10 }), []);
      const claimed = await store.claim({ now: t + 1000, lease: lease('b', t + 5000), limit: 10 });
      assert.deepEqual(claimed.map((x) => x.id), [d.id]);
      assert.equal(await store.reschedule(d.id, 'crashed-node', { attempts: 1, nextAttemptAt: t, error: { code: 'X', message: 'x' } }), false, 'the old owner lost it');
      await store.complete([d.id]);
    });

    it('reschedule records the failed attempt, releases the lease and delays the next claim', async () => {
      const t = window();
      const d = delivery({ enqueuedAt: t, nextAttemptAt: t });
      await store.enqueue([event(d)], lease('a', t + 60_000));
      assert.equal(await store.reschedule(d.id, 'someone-else', { attempts: 1, nextAttemptAt: t + 10, error: { code: 'X', message: 'x' } }), false);
      assert.equal(await store.reschedule(d.id, 'a', { attempts: 3, nextAttemptAt: t + 100, error: { code: 'NO_RESOURCE', message: 'gone' } }), true);
      assert.deepEqual(await store.claim({ now: t + 99, lease: lease('b', t + 5000), limit: 10 }), []);
      const [again] = await store.claim({ now: t + 100, lease: lease('b', t + 5000), limit: 10 });
      assert.equal(again?.id, d.id);
      assert.equal(again?.attempts, 3);
      assert.equal(again?.nextAttemptAt, t + 100);
      assert.deepEqual(again?.lastError, { code: 'NO_RESOURCE', message: 'gone' });
      assert.equal(await store.reschedule(d.id, 'a', { attempts: 4, nextAttemptAt: t, error: { code: 'X', message: 'x' } }), false, 'b holds it now');
      await store.complete([d.id]);
      assert.equal(await store.reschedule(d.id, 'b', { attempts: 4, nextAttemptAt: t, error: { code: 'X', message: 'x' } }), false, 'gone');
    });

    it('release frees every lease of one owner at once, and only that owner', async () => {
      const t = window();
      const mine = [delivery({ enqueuedAt: t, nextAttemptAt: t }), delivery({ enqueuedAt: t, nextAttemptAt: t })];
      const theirs = delivery({ enqueuedAt: t, nextAttemptAt: t });
      await store.enqueue([event(...mine)], lease('stopping', t + 60_000));
      await store.enqueue([event(theirs)], lease('other', t + 60_000));
      assert.equal(await store.release('stopping'), 2);
      const claimed = await store.claim({ now: t, lease: lease('c', t + 5000), limit: 10 });
      assert.deepEqual(claimed.map((d) => d.id).sort(), mine.map((d) => d.id).sort());
      for (const d of claimed) await store.complete([d.id]);
      await drain(t + 60_000);
    });

    it('renew extends every lease of one owner, and only that owner', async () => {
      const t = window();
      const mine = delivery({ enqueuedAt: t, nextAttemptAt: t });
      const theirs = delivery({ enqueuedAt: t, nextAttemptAt: t });
      await store.enqueue([event(mine)], lease('alive', t + 100));
      await store.enqueue([event(theirs)], lease('dead', t + 100));
      assert.equal(await store.renew('alive', t + 5000), 1);
      const claimed = await store.claim({ now: t + 100, lease: lease('c', t + 20_000), limit: 10 });
      assert.deepEqual(claimed.map((d) => d.id), [theirs.id], 'only the dead owner’s lease ran out');
      assert.deepEqual(await store.claim({ now: t + 4999, lease: lease('c', t + 9000), limit: 10 }), []);
      assert.deepEqual((await store.claim({ now: t + 5000, lease: lease('c', t + 9000), limit: 10 })).map((d) => d.id), [mine.id]);
      assert.equal(await store.renew('alive', t + 10), 0, 'nothing left to renew');
      await store.complete([mine.id, theirs.id]);
    });

    it('claims earliest due first, at most `limit`', async () => {
      const t = window();
      const ds = [3, 1, 2, 0].map((k) => delivery({ enqueuedAt: t, nextAttemptAt: t + k }));
      await store.enqueue(ds.map((d) => event(d)));
      const first = await store.claim({ now: t + 10, lease: lease('a', t + 100), limit: 2 });
      assert.deepEqual(first.map((d) => d.nextAttemptAt), [t, t + 1]);
      const rest = await store.claim({ now: t + 10, lease: lease('a', t + 100), limit: 10 });
      assert.deepEqual(rest.map((d) => d.nextAttemptAt), [t + 2, t + 3]);
      for (const d of [...first, ...rest]) await store.complete([d.id]);
    });

    it('keeps an event text shared by deliveries until the last one completes', async () => {
      const t = window();
      const d1 = delivery({ enqueuedAt: t, nextAttemptAt: t });
      const d2 = delivery({ enqueuedAt: t, nextAttemptAt: t + 1 });
      const e = event(d1, d2);
      await store.enqueue([e]);
      const [c1] = await store.claim({ now: t, lease: lease('a', t + 100), limit: 1 });
      assert.equal(c1?.id, d1.id);
      await store.complete([d1.id]);
      const [c2] = await store.claim({ now: t + 1, lease: lease('a', t + 100), limit: 1 });
      assert.equal(c2?.id, d2.id);
      assert.equal(c2?.event, e.event);
      await store.complete([d2.id]);
    });

    it('reports the earliest due time and the pending count', async () => {
      const t = window();
      const before = await store.pendingCount();
      const free = delivery({ enqueuedAt: t, nextAttemptAt: t + 50 });
      const leased = delivery({ enqueuedAt: t, nextAttemptAt: t });
      await store.enqueue([event(free)]);
      await store.enqueue([event(leased)], lease('a', t + 20));
      assert.equal(await store.pendingCount(), before + 2);
      assert.equal(await store.nextDueAt(), t + 20, 'a lease expiry is a due time');
      await store.complete([leased.id]);
      assert.equal(await store.nextDueAt(), t + 50);
      await store.complete([free.id]);
      assert.equal(await store.pendingCount(), before);
    });

    it('enqueue is all or nothing', async () => {
      const t = window();
      const before = await store.pendingCount();
      const d = delivery({ enqueuedAt: t, nextAttemptAt: t });
      await assert.rejects(store.enqueue([event(delivery({ enqueuedAt: t, nextAttemptAt: t })), event(d, { ...d })]));
      assert.equal(await store.pendingCount(), before);
      assert.deepEqual(await store.claim({ now: t, lease: lease('a', t + 1), limit: 10 }), []);
    });

    it('stores nothing for an event that owes no delivery', async () => {
      const before = await store.pendingCount();
      await store.enqueue([{ event: '{"id":"x"}', deliveries: [] }]);
      assert.equal(await store.pendingCount(), before);
    });

    it('keeps schedules: put, replace, list, delete', async () => {
      const arn = `arn:aws:events:us-east-1:000000000000:rule/s-${randomUUID()}`;
      await store.putSchedule({ ruleArn: arn, nextFireAt: T0 + 60_000 });
      await store.putSchedule({ ruleArn: arn, nextFireAt: T0 + 120_000 });
      assert.deepEqual((await store.listSchedules()).filter((s) => s.ruleArn === arn), [{ ruleArn: arn, nextFireAt: T0 + 120_000 }]);
      assert.equal(await store.deleteSchedule(arn), true);
      assert.equal(await store.deleteSchedule(arn), false);
      assert.deepEqual((await store.listSchedules()).filter((s) => s.ruleArn === arn), []);
    });

    it('fires a schedule tick once: advances the time and stores its deliveries together', async () => {
      const t = window();
      const arn = `arn:aws:events:us-east-1:000000000000:rule/s-${randomUUID()}`;
      await store.putSchedule({ ruleArn: arn, nextFireAt: t });
      const d = delivery({ ruleArn: arn, enqueuedAt: t, nextAttemptAt: t });
      const fire = { ruleArn: arn, expectedFireAt: t, nextFireAt: t + 60_000, events: [event(d)] };
      assert.equal(await store.fireSchedule(fire, lease('a', t + 1000)), true);
      assert.equal(await store.fireSchedule({ ...fire, events: [event(delivery({ enqueuedAt: t, nextAttemptAt: t }))] }), false, 'a second fire of the same tick');
      assert.deepEqual((await store.listSchedules()).filter((s) => s.ruleArn === arn), [{ ruleArn: arn, nextFireAt: t + 60_000 }]);
      assert.deepEqual(await store.claim({ now: t, lease: lease('b', t + 5000), limit: 10 }), [], 'born leased to a');
      const claimed = await store.claim({ now: t + 1000, lease: lease('b', t + 5000), limit: 10 });
      assert.deepEqual(claimed.map((x) => x.id), [d.id]);
      await store.complete([d.id]);
    });

    it('a tick with no next time removes the schedule; a tick on a missing schedule writes nothing', async () => {
      const t = window();
      const arn = `arn:aws:events:us-east-1:000000000000:rule/s-${randomUUID()}`;
      await store.putSchedule({ ruleArn: arn, nextFireAt: t });
      assert.equal(await store.fireSchedule({ ruleArn: arn, expectedFireAt: t, nextFireAt: undefined, events: [] }), true);
      assert.deepEqual((await store.listSchedules()).filter((s) => s.ruleArn === arn), []);
      const before = await store.pendingCount();
      const d = delivery({ enqueuedAt: t, nextAttemptAt: t });
      assert.equal(await store.fireSchedule({ ruleArn: arn, expectedFireAt: t, nextFireAt: t + 1, events: [event(d)] }), false);
      assert.equal(await store.pendingCount(), before);
    });

    it('completes inline deliveries in the enqueue commit: the message is in the queue, the delivery is not stored', async (t) => {
      const queues = h.queues;
      if (!queues) return t.skip('harness has no queue store');
      const w = window();
      const q = await newQueue(queues);
      const before = await store.pendingCount();
      const inline = delivery({ enqueuedAt: w, nextAttemptAt: w, inline: { queueArn: q.arn, message: message('payload', { visibleAt: w }), deduplicationWindowMs: 300_000 } });
      const stored = delivery({ enqueuedAt: w, nextAttemptAt: w });
      const woke = new Promise<void>((resolve) => {
        const stop = queues.signals.subscribe(q.arn, () => {
          stop();
          resolve();
        });
      });
      const result = await store.enqueue([event(inline, stored)], lease('a', w + 10));
      assert.deepEqual([...result.inlined], [inline.id]);
      await woke; // long polls on the queue are woken
      assert.equal(await store.pendingCount(), before + 1, 'only the ordinary delivery is stored');
      const claimed = await store.claim({ now: w + 10, lease: lease('b', w + 20), limit: 10 });
      assert.deepEqual(claimed.map((d) => d.id), [stored.id]);
      assert.ok(claimed[0]!.event.includes('"n":2'), 'the event text is kept for the stored delivery');
      await store.complete([stored.id]);
      const received = await queues.receiveMessages(q.arn, receiving(w));
      assert.deepEqual(received.messages.map((m) => m.body), ['payload']);
      assert.equal(received.messages[0]!.sentAt, w);
    });

    it('stores an inline delivery as an ordinary one when its queue does not exist', async (t) => {
      if (!h.queues) return t.skip('harness has no queue store');
      const w = window();
      const missing = 'arn:aws:sqs:us-east-1:000000000000:no-such-queue-' + randomUUID().slice(0, 8);
      const d = delivery({ enqueuedAt: w, nextAttemptAt: w, inline: { queueArn: missing, message: message('x', { visibleAt: w }), deduplicationWindowMs: 300_000 } });
      const result = await store.enqueue([event(d)]);
      assert.deepEqual([...result.inlined], []);
      const [claimed] = await store.claim({ now: w, lease: lease('a', w + 10), limit: 10 });
      assert.equal(claimed?.id, d.id);
      assert.equal('inline' in claimed!, false, 'the inline message is not part of the stored delivery');
      await store.complete([d.id]);
    });

    it('deduplicates inline FIFO messages like any send; a schedule tick ignores inline', async (t) => {
      const queues = h.queues;
      if (!queues) return t.skip('harness has no queue store');
      const w = window();
      const q = await newQueue(queues, { fifo: true });
      const send = (body: string) => ({ queueArn: q.arn, message: { ...fifoMessage(body, 'g', 'event-1'), visibleAt: w }, deduplicationWindowMs: 300_000 });
      const first = delivery({ enqueuedAt: w, nextAttemptAt: w, inline: send('first') });
      const again = delivery({ enqueuedAt: w + 1, nextAttemptAt: w + 1, inline: send('again') });
      assert.deepEqual([...(await store.enqueue([event(first)])).inlined], [first.id]);
      assert.deepEqual([...(await store.enqueue([event(again)])).inlined], [again.id], 'a duplicate is still a completed delivery');
      assert.deepEqual((await queues.receiveMessages(q.arn, receiving(w + 2))).messages.map((m) => m.body), ['first']);
      const arn = `arn:aws:events:us-east-1:000000000000:rule/s-${randomUUID()}`;
      await store.putSchedule({ ruleArn: arn, nextFireAt: w });
      const ticked = delivery({ enqueuedAt: w, nextAttemptAt: w, inline: send('tick') });
      assert.equal(await store.fireSchedule({ ruleArn: arn, expectedFireAt: w, nextFireAt: undefined, events: [event(ticked)] }), true);
      const [claimed] = await store.claim({ now: w, lease: lease('a', w + 10), limit: 10 });
      assert.equal(claimed?.id, ticked.id, 'fireSchedule stores every delivery');
      await store.complete([ticked.id]);
    });

    it('keeps deliveries, attempts and schedules across a reopen', async (t) => {
      if (!h.reopen) return t.skip('engine cannot reopen');
      const w = window();
      const d = delivery({ enqueuedAt: w, nextAttemptAt: w });
      const arn = `arn:aws:events:us-east-1:000000000000:rule/s-${randomUUID()}`;
      await store.enqueue([event(d)], lease('a', w + 10));
      await store.reschedule(d.id, 'a', { attempts: 2, nextAttemptAt: w + 5, error: { code: 'E', message: 'm' } });
      await store.putSchedule({ ruleArn: arn, nextFireAt: w + 60_000 });
      store = await h.reopen();
      const [again] = await store.claim({ now: w + 5, lease: lease('b', w + 100), limit: 10 });
      assert.equal(again?.id, d.id);
      assert.equal(again?.attempts, 2);
      assert.deepEqual(again?.lastError, { code: 'E', message: 'm' });
      assert.deepEqual((await store.listSchedules()).filter((s) => s.ruleArn === arn), [{ ruleArn: arn, nextFireAt: w + 60_000 }]);
      await store.complete([d.id]);
      await store.deleteSchedule(arn);
    });
  });
}
