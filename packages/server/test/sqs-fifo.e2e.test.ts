/** FIFO queues through @aws-sdk/client-sqs: order per group under concurrent receivers, group blocking, deduplication, sequence numbers. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { startSqs, uniqueName, type SqsHarness } from './sqs-fixtures.js';

describe('SQS FIFO queues (SDK)', () => {
  let h: SqsHarness;
  const fifo = async (attributes: Record<string, string> = {}): Promise<string> =>
    (await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('fifo', true), Attributes: { FifoQueue: 'true', ...attributes } }))).QueueUrl!;
  const visible = async (QueueUrl: string): Promise<number> =>
    Number((await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages);

  before(async () => {
    h = await startSqs();
  });
  after(async () => {
    await h.close();
  });

  it('creates FIFO queues with their attributes and requires the .fifo suffix', async () => {
    const QueueUrl = await fifo({ ContentBasedDeduplication: 'true' });
    const { Attributes } = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    assert.equal(Attributes?.FifoQueue, 'true');
    assert.equal(Attributes?.ContentBasedDeduplication, 'true');
    assert.equal(Attributes?.DeduplicationScope, 'queue');
    assert.equal(Attributes?.FifoThroughputLimit, 'perQueue');
    await assert.rejects(h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('nofifo'), Attributes: { FifoQueue: 'true' } })), {
      name: 'InvalidParameterValue',
    });
    await assert.rejects(h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('plain', true) })), { name: 'InvalidParameterValue' });
    await assert.rejects(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { FifoThroughputLimit: 'perMessageGroupId' } })), {
      name: 'InvalidAttributeValue',
    });
    await h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' } }));
  });

  it('keeps strict order per group with concurrent receivers', async () => {
    const QueueUrl = await fifo();
    const groups = ['g1', 'g2', 'g3'];
    for (const g of groups) {
      for (let start = 0; start < 12; start += 6) {
        await h.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl,
            Entries: Array.from({ length: 6 }, (_, i) => ({ Id: `e${i}`, MessageBody: `${g}:${start + i}`, MessageGroupId: g, MessageDeduplicationId: `${g}-${start + i}` })),
          }),
        );
      }
    }
    const seen = new Map<string, number[]>(groups.map((g) => [g, []]));
    let processed = 0;
    const consumer = async (): Promise<void> => {
      for (let idle = 0; processed < 36 && idle < 50; ) {
        const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 3, VisibilityTimeout: 30 }));
        if (!Messages) {
          idle++;
          continue;
        }
        for (const m of Messages) {
          const [g, n] = m.Body!.split(':');
          seen.get(g!)!.push(Number(n));
          processed++;
          await h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
        }
      }
    };
    await Promise.all([consumer(), consumer(), consumer(), consumer()]);
    for (const g of groups) assert.deepEqual(seen.get(g), Array.from({ length: 12 }, (_, i) => i), `group ${g}`);
  });

  it('blocks a group while one of its messages is in flight, not the other groups', async () => {
    const QueueUrl = await fifo({ ContentBasedDeduplication: 'true' });
    for (const [body, group] of [['a1', 'A'], ['a2', 'A'], ['b1', 'B']] as const) {
      await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }));
    }
    const first = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
    assert.deepEqual(first.Messages?.map((m) => m.Body), ['a1']);
    const second = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    assert.deepEqual(second.Messages?.map((m) => m.Body), ['b1']);
    assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    await h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages![0]!.ReceiptHandle }));
    assert.deepEqual((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.map((m) => m.Body), ['a2']);
  });

  it('deduplicates by MessageDeduplicationId for five minutes, returning the original MessageId', async () => {
    const QueueUrl = await fifo();
    const send = (body: string) => h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: 'order-1' }));
    const a = await send('first');
    const b = await send('second');
    assert.equal(b.MessageId, a.MessageId);
    assert.equal(b.SequenceNumber, a.SequenceNumber);
    assert.equal(await visible(QueueUrl), 1);
    h.clock.advance(5 * 60_000 + 1000);
    const c = await send('third');
    assert.notEqual(c.MessageId, a.MessageId);
    assert.ok(BigInt(c.SequenceNumber!) > BigInt(a.SequenceNumber!));
    assert.equal(await visible(QueueUrl), 2);
  });

  it('deduplicates by body with ContentBasedDeduplication', async () => {
    const QueueUrl = await fifo({ ContentBasedDeduplication: 'true' });
    const a = await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'g' }));
    const b = await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'other' }));
    const c = await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'different', MessageGroupId: 'g' }));
    assert.equal(b.MessageId, a.MessageId);
    assert.notEqual(c.MessageId, a.MessageId);
    assert.equal(await visible(QueueUrl), 2);
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['All'] }));
    assert.match(Messages?.[0]?.Attributes?.MessageDeduplicationId ?? '', /^[0-9a-f]{64}$/);
  });

  it('scopes deduplication to the message group with DeduplicationScope=messageGroup', async () => {
    const grouped = await fifo({ DeduplicationScope: 'messageGroup' });
    const queueWide = await fifo();
    for (const QueueUrl of [grouped, queueWide]) {
      for (const group of ['x', 'y', 'x']) {
        await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: group, MessageGroupId: group, MessageDeduplicationId: 'd' }));
      }
    }
    assert.equal(await visible(grouped), 2);
    assert.equal(await visible(queueWide), 1);
  });

  it('assigns 20-digit, strictly increasing sequence numbers and returns FIFO system attributes', async () => {
    const QueueUrl = await fifo();
    const batch = await h.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: ['1', '2', '3'].map((Id) => ({ Id, MessageBody: Id, MessageGroupId: 'g', MessageDeduplicationId: `d${Id}` })),
      }),
    );
    const numbers = batch.Successful!.map((s) => s.SequenceNumber!);
    assert.ok(numbers.every((n) => /^\d{20}$/.test(n)));
    assert.ok(BigInt(numbers[0]!) < BigInt(numbers[1]!) && BigInt(numbers[1]!) < BigInt(numbers[2]!));
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    assert.deepEqual(Messages?.map((m) => m.Body), ['1', '2', '3']);
    assert.deepEqual(Messages?.map((m) => m.Attributes?.SequenceNumber), numbers);
    assert.equal(Messages?.[0]?.Attributes?.MessageGroupId, 'g');
    assert.equal(Messages?.[0]?.Attributes?.MessageDeduplicationId, 'd1');
  });

  it('returns the same messages and receipts for a retried ReceiveRequestAttemptId', async () => {
    const QueueUrl = await fifo({ ContentBasedDeduplication: 'true' });
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'once', MessageGroupId: 'g' }));
    const first = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, ReceiveRequestAttemptId: 'attempt-42' }));
    const retry = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, ReceiveRequestAttemptId: 'attempt-42' }));
    assert.equal(retry.Messages?.[0]?.ReceiptHandle, first.Messages?.[0]?.ReceiptHandle);
    assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, ReceiveRequestAttemptId: 'attempt-43' }))).Messages, undefined);
  });

  it('rejects what FIFO queues do not allow, and deduplication ids on standard queues', async () => {
    const QueueUrl = await fifo();
    await assert.rejects(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'd' })), { name: 'MissingParameter' });
    await assert.rejects(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g' })), { name: 'InvalidParameterValue' });
    await assert.rejects(
      h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 5 })),
      { name: 'InvalidParameterValue' },
    );
    const standard = (await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('std') }))).QueueUrl!;
    await assert.rejects(h.sqs.send(new SendMessageCommand({ QueueUrl: standard, MessageBody: 'x', MessageDeduplicationId: 'd' })), {
      name: 'InvalidParameterValue',
    });
    await assert.rejects(h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('std'), Attributes: { ContentBasedDeduplication: 'true' } })), {
      name: 'InvalidAttributeName',
    });
    await h.sqs.send(new SendMessageCommand({ QueueUrl: standard, MessageBody: 'fair', MessageGroupId: 'tenant-1' }));
  });
});
