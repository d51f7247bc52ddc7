/** QueueStore contract: standard-queue messages — claim, visibility, delay, retention, delete, redrive, signals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContractContext } from './queue-store.js';
import { KEEP_ALL, MINUTE, SECOND, T0, bodies, message, newQueue, receiving, sendOptions } from './queue-store-fixtures.js';

export function messageCases({ store }: ContractContext): void {
  describe('standard messages', () => {
    it('stores a message with everything it was sent with and claims it once', async () => {
      const q = await newQueue(store());
      const sent = message('hello', {
        attributes: { a: { dataType: 'String', stringValue: 'x' }, b: { dataType: 'Binary', binaryValue: 'AAE=' } },
        systemAttributes: { AWSTraceHeader: { dataType: 'String', stringValue: 'Root=1-abc' } },
        groupId: 'tenant-1',
      });
      const [outcome] = await store().sendMessages(q.arn, [sent], sendOptions());
      assert.equal(outcome?.messageId, sent.messageId);
      assert.equal(outcome?.duplicate, false);
      const { messages } = await store().receiveMessages(q.arn, receiving(T0 + SECOND));
      assert.equal(messages.length, 1);
      const m = messages[0]!;
      assert.deepEqual(
        { id: m.messageId, body: m.body, attrs: m.attributes, sys: m.systemAttributes, sender: m.senderId, group: m.groupId },
        { id: sent.messageId, body: 'hello', attrs: sent.attributes, sys: sent.systemAttributes, sender: 'tester', group: 'tenant-1' },
      );
      assert.equal(m.sentAt, T0);
      assert.equal(m.sequence, outcome?.sequence);
      assert.equal(m.receiveCount, 1);
      assert.equal(m.firstReceivedAt, T0 + SECOND);
      assert.ok(m.receipt.length > 0);
      assert.deepEqual((await store().receiveMessages(q.arn, receiving(T0 + 2 * SECOND))).messages, []);
    });

    it('makes a message receivable again when its visibility timeout ends, with a new receipt', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, [message('again')], sendOptions());
      const first = (await store().receiveMessages(q.arn, receiving(T0, { visibilityTimeoutMs: 5 * SECOND }))).messages[0]!;
      const empty = await store().receiveMessages(q.arn, receiving(T0 + 4 * SECOND));
      assert.deepEqual(empty.messages, []);
      assert.equal(empty.wakeAt, T0 + 5 * SECOND);
      const second = (await store().receiveMessages(q.arn, receiving(T0 + 5 * SECOND))).messages[0]!;
      assert.equal(second.messageId, first.messageId);
      assert.equal(second.receiveCount, 2);
      assert.equal(second.firstReceivedAt, T0);
      assert.notEqual(second.receipt, first.receipt);
    });

    it('holds delayed messages back and counts visible, in-flight and delayed ones', async () => {
      const q = await newQueue(store());
      await store().sendMessages(
        q.arn,
        [message('now'), message('in-flight'), message('later', { visibleAt: T0 + 10 * SECOND })],
        sendOptions(),
      );
      await store().receiveMessages(q.arn, receiving(T0, { max: 1 }));
      assert.deepEqual(await store().countMessages(q.arn, T0, KEEP_ALL), { visible: 1, inFlight: 1, delayed: 1 });
      const batch = await store().receiveMessages(q.arn, receiving(T0 + SECOND));
      assert.equal(batch.messages.length, 1);
      assert.equal((await store().receiveMessages(q.arn, receiving(T0 + 2 * SECOND))).wakeAt, T0 + 10 * SECOND);
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0 + 10 * SECOND))).messages), ['later']);
    });

    it('never hands one message to two concurrent receivers', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, Array.from({ length: 40 }, (_, i) => message(`m${i}`)), sendOptions());
      const results = await Promise.all(Array.from({ length: 12 }, () => store().receiveMessages(q.arn, receiving(T0, { max: 5 }))));
      const ids = results.flatMap((r) => r.messages.map((m) => m.messageId));
      assert.equal(ids.length, 40);
      assert.equal(new Set(ids).size, 40);
    });

    it('returns a message claimed with visibility 0 at most once per receive', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, [message('zero')], sendOptions());
      const r = await store().receiveMessages(q.arn, receiving(T0, { visibilityTimeoutMs: 0 }));
      assert.deepEqual(bodies(r.messages), ['zero']);
      assert.equal((await store().receiveMessages(q.arn, receiving(T0))).messages[0]?.receiveCount, 2);
    });

    it('drops messages past retention and never delivers them', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, [message('old')], sendOptions(T0));
      await store().sendMessages(q.arn, [message('new')], sendOptions(T0 + MINUTE));
      const cutoff = T0 + 30 * SECOND;
      assert.deepEqual(await store().countMessages(q.arn, T0 + MINUTE, cutoff), { visible: 1, inFlight: 0, delayed: 0 });
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0 + MINUTE, { retentionCutoff: cutoff }))).messages), ['new']);
      await store().sendMessages(q.arn, [message('older')], sendOptions(T0));
      assert.equal(await store().expireMessages(q.arn, cutoff, T0 + MINUTE), 1);
      assert.equal(await store().expireMessages(q.arn, cutoff, T0 + MINUTE), 0);
    });

    it('deletes by receipt, stale receipts included, and tells gone from invalid', async () => {
      const q = await newQueue(store());
      const other = await newQueue(store());
      await store().sendMessages(q.arn, [message('a')], sendOptions());
      await store().sendMessages(other.arn, [message('b')], sendOptions());
      const stale = (await store().receiveMessages(q.arn, receiving(T0, { visibilityTimeoutMs: SECOND }))).messages[0]!;
      const fresh = (await store().receiveMessages(q.arn, receiving(T0 + SECOND))).messages[0]!;
      const foreign = (await store().receiveMessages(other.arn, receiving(T0))).messages[0]!;
      assert.deepEqual(await store().deleteMessages(q.arn, [stale.receipt, 'garbage', foreign.receipt]), ['deleted', 'invalid', 'invalid']);
      assert.deepEqual(await store().deleteMessages(q.arn, [fresh.receipt]), ['gone']);
      assert.deepEqual(await store().countMessages(q.arn, T0 + SECOND, KEEP_ALL), { visible: 0, inFlight: 0, delayed: 0 });
    });

    it('changes the visibility of in-flight messages only, within the limit', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, [message('v')], sendOptions());
      const m = (await store().receiveMessages(q.arn, receiving(T0))).messages[0]!;
      const limit = 12 * 60 * MINUTE;
      assert.deepEqual(await store().changeVisibility(q.arn, [{ receipt: m.receipt, visibleAt: T0 + limit + 1 }], T0, limit), ['beyond-limit']);
      assert.deepEqual(await store().changeVisibility(q.arn, [{ receipt: 'nope', visibleAt: T0 }], T0, limit), ['invalid']);
      assert.deepEqual(await store().changeVisibility(q.arn, [{ receipt: m.receipt, visibleAt: T0 + SECOND }], T0, limit), ['changed']);
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0 + SECOND))).messages), ['v']);
      assert.deepEqual(await store().changeVisibility(q.arn, [{ receipt: m.receipt, visibleAt: T0 + 5 * SECOND }], T0 + SECOND, limit), [
        'not-in-flight',
      ]);
    });

    it('moves a message received maxReceiveCount times to the dead-letter queue instead of delivering it', async () => {
      const dlq = await newQueue(store());
      const q = await newQueue(store(), { deadLetterTargetArn: dlq.arn });
      await store().sendMessages(q.arn, [message('poison', { attributes: { k: { dataType: 'String', stringValue: 'v' } } })], sendOptions());
      const redrive = { deadLetterArn: dlq.arn, maxReceiveCount: 2, resetEnqueuedAt: false };
      for (let i = 0; i < 2; i++) {
        const got = await store().receiveMessages(q.arn, receiving(T0 + i * MINUTE, { redrive }));
        assert.equal(got.messages.length, 1);
      }
      assert.deepEqual((await store().receiveMessages(q.arn, receiving(T0 + 2 * MINUTE, { redrive }))).messages, []);
      const moved = (await store().receiveMessages(dlq.arn, receiving(T0 + 2 * MINUTE))).messages[0]!;
      assert.equal(moved.body, 'poison');
      assert.deepEqual(moved.attributes, { k: { dataType: 'String', stringValue: 'v' } });
      assert.equal(moved.deadLetterSourceArn, q.arn);
      assert.equal(moved.receiveCount, 3);
      assert.equal(moved.sentAt, T0);
      // Standard queues keep the original enqueue time: a cutoff after it expires the moved message.
      await store().changeVisibility(dlq.arn, [{ receipt: moved.receipt, visibleAt: T0 + 2 * MINUTE }], T0 + 2 * MINUTE, MINUTE);
      assert.deepEqual((await store().receiveMessages(dlq.arn, receiving(T0 + 2 * MINUTE, { retentionCutoff: T0 }))).messages, []);
    });

    it('claims nothing and reports overLimit once the in-flight limit is reached', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, [message('1'), message('2'), message('3')], sendOptions());
      assert.equal((await store().receiveMessages(q.arn, receiving(T0, { max: 2, inFlightLimit: 2 }))).messages.length, 2);
      const blocked = await store().receiveMessages(q.arn, receiving(T0, { inFlightLimit: 2 }));
      assert.deepEqual([blocked.messages, blocked.overLimit], [[], true]);
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0, { inFlightLimit: 3 }))).messages), ['3']);
    });

    it('signals a queue after a send commits', async () => {
      const q = await newQueue(store());
      let seen: string[] | undefined;
      const done = new Promise<void>((resolve) => {
        const unsubscribe = store().signals.subscribe(q.arn, () => {
          unsubscribe();
          void store()
            .receiveMessages(q.arn, receiving(T0))
            .then((r) => {
              seen = bodies(r.messages);
              resolve();
            });
        });
      });
      await store().sendMessages(q.arn, [message('wake')], sendOptions());
      await done;
      assert.deepEqual(seen, ['wake']);
    });
  });
}
