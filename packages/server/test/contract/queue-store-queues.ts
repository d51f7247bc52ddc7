/** QueueStore contract: queue records — create, read, list, patch, delete, purge. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageError } from '../../src/storage/port.js';
import type { ContractContext } from './queue-store.js';
import { KEEP_ALL, SECOND, T0, message, newQueue, receiving, sendOptions } from './queue-store-fixtures.js';

export function queueCases({ store }: ContractContext): void {
  describe('queues', () => {
    it('creates once and returns the existing queue afterwards, unchanged', async () => {
      const q = await newQueue(store(), { attributes: { VisibilityTimeout: '10' } });
      assert.equal(q.fifo, false);
      assert.deepEqual(q.attributes, { VisibilityTimeout: '10' });
      assert.equal(q.createdAt, T0);
      const again = await store().createQueue({ ...q, attributes: { VisibilityTimeout: '99' }, deadLetterTargetArn: undefined }, T0 + SECOND);
      assert.equal(again.created, false);
      assert.deepEqual(again.queue.attributes, { VisibilityTimeout: '10' });
      assert.deepEqual(await store().getQueue(q.arn), q);
    });

    it('lists by account and region in name order, with prefix, after and limit', async () => {
      const account = String(Date.now() % 1e12).padStart(12, '7');
      const made = [];
      for (let i = 0; i < 4; i++) made.push(await newQueue(store(), { account, prefix: i < 3 ? 'alpha' : 'beta' }));
      const names = made.map((q) => q.name).sort();
      assert.deepEqual((await store().listQueues(account, 'us-east-1')).map((q) => q.name), names);
      assert.equal((await store().listQueues(account, 'us-east-1', { prefix: 'alpha' })).length, 3);
      assert.deepEqual((await store().listQueues(account, 'us-east-1', { after: names[1]!, limit: 1 })).map((q) => q.name), [names[2]]);
      assert.deepEqual(await store().listQueues(account, 'eu-west-1'), []);
      const all = (await store().listAllQueues()).map((q) => q.arn);
      for (const q of made) assert.ok(all.includes(q.arn));
    });

    it('merges attribute and tag patches and indexes the dead-letter target', async () => {
      const dlq = await newQueue(store());
      const q = await newQueue(store(), { attributes: { A: '1', B: '2' } });
      const updated = await store().updateQueue(
        q.arn,
        { setAttributes: { B: '3', C: '4' }, removeAttributes: ['A'], setTags: { team: 'x', env: 'dev' }, deadLetterTargetArn: dlq.arn },
        T0 + SECOND,
      );
      assert.deepEqual(updated.attributes, { B: '3', C: '4' });
      assert.deepEqual(updated.tags, { team: 'x', env: 'dev' });
      assert.equal(updated.updatedAt, T0 + SECOND);
      assert.deepEqual((await store().listDeadLetterSources(dlq.arn)).map((s) => s.arn), [q.arn]);
      const cleared = await store().updateQueue(q.arn, { removeTags: ['env'], deadLetterTargetArn: null }, T0 + 2 * SECOND);
      assert.deepEqual(cleared.tags, { team: 'x' });
      assert.equal(cleared.deadLetterTargetArn, undefined);
      assert.deepEqual(await store().listDeadLetterSources(dlq.arn), []);
    });

    it('reports an absent queue as NOT_FOUND on writes', async () => {
      const arn = 'arn:aws:sqs:us-east-1:000000000000:never-created';
      assert.equal(await store().getQueue(arn), undefined);
      const notFound = (e: unknown) => e instanceof StorageError && e.code === 'NOT_FOUND';
      await assert.rejects(store().updateQueue(arn, { setTags: { a: 'b' } }, T0), notFound);
      await assert.rejects(store().sendMessages(arn, [message('x')], sendOptions()), notFound);
      await assert.rejects(store().receiveMessages(arn, receiving(T0)), notFound);
      await assert.rejects(store().purgeQueue(arn, T0, T0), notFound);
    });

    it('deletes a queue with its messages', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, [message('a'), message('b')], sendOptions());
      assert.equal(await store().deleteQueue(q.arn), true);
      assert.equal(await store().deleteQueue(q.arn), false);
      assert.equal(await store().getQueue(q.arn), undefined);
      const again = await store().createQueue({ ...q, deadLetterTargetArn: undefined }, T0);
      assert.equal(again.created, true);
      assert.deepEqual((await store().receiveMessages(q.arn, receiving(T0))).messages, []);
    });

    it('purges every message, in flight too, at most once per interval', async () => {
      const q = await newQueue(store());
      await store().sendMessages(q.arn, [message('a'), message('b'), message('c')], sendOptions());
      await store().receiveMessages(q.arn, receiving(T0, { max: 1 }));
      assert.deepEqual(await store().purgeQueue(q.arn, T0 + SECOND, T0 - 60 * SECOND), { purged: true, lastPurgedAt: T0 + SECOND });
      assert.deepEqual(await store().countMessages(q.arn, T0 + SECOND, KEEP_ALL), { visible: 0, inFlight: 0, delayed: 0 });
      const second = await store().purgeQueue(q.arn, T0 + 2 * SECOND, T0 + 2 * SECOND - 60 * SECOND);
      assert.deepEqual(second, { purged: false, lastPurgedAt: T0 + SECOND });
      assert.equal((await store().getQueue(q.arn))?.lastPurgedAt, T0 + SECOND);
      assert.equal((await store().purgeQueue(q.arn, T0 + 62 * SECOND, T0 + 2 * SECOND)).purged, true);
    });
  });
}
