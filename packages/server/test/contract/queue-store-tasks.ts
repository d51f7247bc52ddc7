/** QueueStore contract: message move tasks — start, step, complete, cancel, fail, list. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { StorageError } from '../../src/storage/port.js';
import type { QueueRecord, QueueStore } from '../../src/storage/queue-port.js';
import type { ContractContext } from './queue-store.js';
import { KEEP_ALL, SECOND, T0, bodies, message, newQueue, receiving, sendOptions } from './queue-store-fixtures.js';

/** A source queue whose `count` messages were all dead-lettered into a fresh DLQ. */
async function deadLettered(store: QueueStore, count: number): Promise<{ source: QueueRecord; dlq: QueueRecord }> {
  const dlq = await newQueue(store);
  const source = await newQueue(store, { deadLetterTargetArn: dlq.arn });
  await store.sendMessages(source.arn, Array.from({ length: count }, (_, i) => message(`m${i}`)), sendOptions());
  const redrive = { deadLetterArn: dlq.arn, maxReceiveCount: 1, resetEnqueuedAt: false };
  await store.receiveMessages(source.arn, receiving(T0, { visibilityTimeoutMs: 0, redrive }));
  await store.receiveMessages(source.arn, receiving(T0, { redrive }));
  assert.equal((await store.countMessages(dlq.arn, T0, KEEP_ALL)).visible, count);
  return { source, dlq };
}

const task = (sourceArn: string, destinationArn?: string) => ({ handle: randomUUID(), sourceArn, destinationArn, maxPerSecond: undefined });

export function taskCases({ store }: ContractContext): void {
  describe('message move tasks', () => {
    it('moves dead-lettered messages back to their source in steps, then completes', async () => {
      const { source, dlq } = await deadLettered(store(), 5);
      const started = await store().startMoveTask(task(dlq.arn), T0);
      assert.equal(started.status, 'RUNNING');
      assert.equal(started.toMove, 5);
      await assert.rejects(store().startMoveTask(task(dlq.arn), T0), (e) => e instanceof StorageError && e.code === 'CONFLICT');
      assert.ok((await store().listRunningMoveTasks()).some((t) => t.handle === started.handle));
      const step = await store().runMoveTask(started.handle, 3, T0 + SECOND);
      assert.deepEqual([step.status, step.moved], ['RUNNING', 3]);
      const done = await store().runMoveTask(started.handle, 3, T0 + 2 * SECOND);
      assert.deepEqual([done.status, done.moved], ['COMPLETED', 5]);
      const back = await store().receiveMessages(source.arn, receiving(T0 + 2 * SECOND));
      assert.deepEqual(bodies(back.messages).sort(), ['m0', 'm1', 'm2', 'm3', 'm4']);
      assert.ok(back.messages.every((m) => m.receiveCount === 1 && m.deadLetterSourceArn === undefined));
      assert.deepEqual((await store().runMoveTask(started.handle, 3, T0 + 3 * SECOND)).moved, 5);
    });

    it('skips a step that comes less than minIntervalMs after the last (nodes sharing a task keep its pace)', async () => {
      const { dlq } = await deadLettered(store(), 4);
      const started = await store().startMoveTask(task(dlq.arn), T0);
      assert.equal((await store().runMoveTask(started.handle, 1, T0 + 50, 100)).moved, 0, 'too soon after the start');
      assert.equal((await store().runMoveTask(started.handle, 1, T0 + 100, 100)).moved, 1);
      assert.equal((await store().runMoveTask(started.handle, 1, T0 + 150, 100)).moved, 1, 'too soon after the last step');
      assert.equal((await store().runMoveTask(started.handle, 1, T0 + 200, 100)).moved, 2);
      assert.equal((await store().runMoveTask(started.handle, 1, T0 + 201)).moved, 3, 'without minIntervalMs every call steps');
      await store().cancelMoveTask(started.handle, T0 + 300);
    });

    it('moves to an explicit destination and leaves messages that arrived later', async () => {
      const { dlq } = await deadLettered(store(), 2);
      const destination = await newQueue(store());
      const t = await store().startMoveTask(task(dlq.arn, destination.arn), T0);
      await store().sendMessages(dlq.arn, [message('later')], sendOptions(T0 + SECOND));
      const done = await store().runMoveTask(t.handle, 10, T0 + SECOND);
      assert.deepEqual([done.status, done.moved], ['COMPLETED', 2]);
      assert.equal((await store().countMessages(destination.arn, T0 + SECOND, KEEP_ALL)).visible, 2);
      assert.deepEqual(bodies((await store().receiveMessages(dlq.arn, receiving(T0 + SECOND))).messages), ['later']);
    });

    it('cancels a running task and lists tasks newest first', async () => {
      const { dlq } = await deadLettered(store(), 3);
      const first = await store().startMoveTask(task(dlq.arn), T0);
      await store().runMoveTask(first.handle, 1, T0);
      const cancelled = await store().cancelMoveTask(first.handle, T0 + SECOND);
      assert.deepEqual([cancelled.status, cancelled.moved], ['CANCELLED', 1]);
      await assert.rejects(store().cancelMoveTask(first.handle, T0), (e) => e instanceof StorageError && e.code === 'CONFLICT');
      await assert.rejects(store().cancelMoveTask('no-such-task', T0), (e) => e instanceof StorageError && e.code === 'NOT_FOUND');
      assert.equal((await store().runMoveTask(first.handle, 10, T0 + 2 * SECOND)).moved, 1);
      const second = await store().startMoveTask(task(dlq.arn), T0 + 3 * SECOND);
      assert.deepEqual((await store().listMoveTasks(dlq.arn, 10)).map((t) => t.handle), [second.handle, first.handle]);
      assert.deepEqual((await store().listMoveTasks(dlq.arn, 1)).map((t) => t.handle), [second.handle]);
      assert.equal((await store().getMoveTask(first.handle))?.status, 'CANCELLED');
    });

    it('fails when a destination queue no longer exists', async () => {
      const { source, dlq } = await deadLettered(store(), 2);
      await store().deleteQueue(source.arn);
      const t = await store().startMoveTask(task(dlq.arn), T0);
      const failed = await store().runMoveTask(t.handle, 10, T0 + SECOND);
      assert.equal(failed.status, 'FAILED');
      assert.match(failed.failureReason ?? '', /does not exist/);
      assert.equal((await store().countMessages(dlq.arn, T0 + SECOND, KEEP_ALL)).visible, 2);
    });

    it('refuses to start on a queue that does not exist', async () => {
      await assert.rejects(
        store().startMoveTask(task('arn:aws:sqs:us-east-1:000000000000:absent-dlq'), T0),
        (e) => e instanceof StorageError && e.code === 'NOT_FOUND',
      );
    });
  });
}
