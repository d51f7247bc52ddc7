/** QueueStore contract: FIFO queues — group order and blocking, deduplication, receive attempts, FIFO redrive. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContractContext } from './queue-store.js';
import { KEEP_ALL, MINUTE, SECOND, T0, bodies, fifoMessage, newQueue, receiving, sendOptions } from './queue-store-fixtures.js';

export function fifoCases({ store }: ContractContext): void {
  describe('FIFO messages', () => {
    it('delivers each group in order and blocks a group while any of its messages is in flight', async () => {
      const q = await newQueue(store(), { fifo: true });
      await store().sendMessages(
        q.arn,
        [fifoMessage('a1', 'A'), fifoMessage('b1', 'B'), fifoMessage('a2', 'A'), fifoMessage('b2', 'B'), fifoMessage('a3', 'A')],
        sendOptions(),
      );
      const first = await store().receiveMessages(q.arn, receiving(T0, { max: 2 }));
      assert.deepEqual(bodies(first.messages), ['a1', 'a2']);
      const second = await store().receiveMessages(q.arn, receiving(T0, { max: 10 }));
      assert.deepEqual(bodies(second.messages), ['b1', 'b2']);
      // Group A is blocked by a1 and a2 although a3 is visible.
      assert.deepEqual((await store().receiveMessages(q.arn, receiving(T0))).messages, []);
      assert.deepEqual(await store().deleteMessages(q.arn, [first.messages[0]!.receipt]), ['deleted']);
      assert.deepEqual((await store().receiveMessages(q.arn, receiving(T0))).messages, []);
      await store().deleteMessages(q.arn, [first.messages[1]!.receipt]);
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0))).messages), ['a3']);
    });

    it('returns an expired in-flight message to the head of its group', async () => {
      const q = await newQueue(store(), { fifo: true });
      await store().sendMessages(q.arn, [fifoMessage('x1', 'X'), fifoMessage('x2', 'X')], sendOptions());
      await store().receiveMessages(q.arn, receiving(T0, { max: 1, visibilityTimeoutMs: 10 * SECOND }));
      const empty = await store().receiveMessages(q.arn, receiving(T0 + SECOND));
      assert.deepEqual(empty.messages, []);
      assert.equal(empty.wakeAt, T0 + 10 * SECOND);
      const again = await store().receiveMessages(q.arn, receiving(T0 + 10 * SECOND));
      assert.deepEqual(bodies(again.messages), ['x1', 'x2']);
      assert.deepEqual(again.messages.map((m) => m.receiveCount), [2, 1]);
    });

    it('keeps the group blocked while one message stays in flight after another was released', async () => {
      const q = await newQueue(store(), { fifo: true });
      await store().sendMessages(q.arn, [fifoMessage('p1', 'P'), fifoMessage('p2', 'P'), fifoMessage('p3', 'P')], sendOptions());
      const got = (await store().receiveMessages(q.arn, receiving(T0, { max: 2 }))).messages;
      await store().changeVisibility(q.arn, [{ receipt: got[0]!.receipt, visibleAt: T0 }], T0, MINUTE);
      assert.deepEqual((await store().receiveMessages(q.arn, receiving(T0 + SECOND))).messages, []);
      await store().deleteMessages(q.arn, [got[1]!.receipt]);
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0 + SECOND))).messages), ['p1', 'p3']);
    });

    it('deduplicates within the window and returns the original id and sequence', async () => {
      const q = await newQueue(store(), { fifo: true });
      const [a] = await store().sendMessages(q.arn, [fifoMessage('one', 'G', 'd1')], sendOptions());
      const [dup, other] = await store().sendMessages(q.arn, [fifoMessage('one-again', 'G', 'd1'), fifoMessage('two', 'G', 'd2')], sendOptions(T0 + MINUTE));
      assert.equal(dup?.duplicate, true);
      assert.equal(dup?.messageId, a?.messageId);
      assert.equal(dup?.sequence, a?.sequence);
      assert.ok(other!.sequence > a!.sequence);
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0 + MINUTE))).messages), ['one', 'two']);
      const [late] = await store().sendMessages(q.arn, [fifoMessage('one-later', 'G', 'd1')], sendOptions(T0 + 6 * MINUTE));
      assert.equal(late?.duplicate, false);
    });

    it('scopes deduplication to the message group when asked', async () => {
      const q = await newQueue(store(), { fifo: true });
      const sent = await store().sendMessages(
        q.arn,
        [fifoMessage('g1', 'G1', 'same', 'G1'), fifoMessage('g2', 'G2', 'same', 'G2'), fifoMessage('g1-dup', 'G1', 'same', 'G1')],
        sendOptions(),
      );
      assert.deepEqual(sent.map((s) => s.duplicate), [false, false, true]);
      assert.deepEqual((await store().countMessages(q.arn, T0, KEEP_ALL)).visible, 2);
    });

    it('repeats a receive attempt with the same messages and receipts until one is touched', async () => {
      const q = await newQueue(store(), { fifo: true });
      await store().sendMessages(q.arn, [fifoMessage('r1', 'R'), fifoMessage('r2', 'R')], sendOptions());
      const attempt = { id: 'attempt-1', windowMs: 5 * MINUTE };
      const first = await store().receiveMessages(q.arn, receiving(T0, { attempt }));
      const retry = await store().receiveMessages(q.arn, receiving(T0 + SECOND, { attempt }));
      assert.deepEqual(retry.messages.map((m) => m.receipt), first.messages.map((m) => m.receipt));
      await store().deleteMessages(q.arn, [first.messages[0]!.receipt]);
      assert.deepEqual((await store().receiveMessages(q.arn, receiving(T0 + 2 * SECOND, { attempt }))).messages, []);
    });

    it('redrives the head of a group to a FIFO dead-letter queue and unblocks the group', async () => {
      const dlq = await newQueue(store(), { fifo: true });
      const q = await newQueue(store(), { fifo: true, deadLetterTargetArn: dlq.arn });
      await store().sendMessages(q.arn, [fifoMessage('bad', 'G'), fifoMessage('good', 'G')], sendOptions());
      const redrive = { deadLetterArn: dlq.arn, maxReceiveCount: 1, resetEnqueuedAt: true };
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0, { max: 1, redrive, visibilityTimeoutMs: 0 }))).messages), ['bad']);
      assert.deepEqual(bodies((await store().receiveMessages(q.arn, receiving(T0 + SECOND, { max: 1, redrive }))).messages), ['good']);
      const moved = (await store().receiveMessages(dlq.arn, receiving(T0 + SECOND, { retentionCutoff: T0 }))).messages;
      assert.deepEqual(bodies(moved), ['bad']);
      assert.equal(moved[0]?.groupId, 'G');
    });
  });
}
