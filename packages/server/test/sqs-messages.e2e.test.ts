/**
 * SQS messages through @aws-sdk/client-sqs: attributes of every type (the SDK checks the body
 * MD5 of every send and receive, so success proves those), batches, visibility, delays, long
 * polling, retention and purge.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { md5OfAttributes } from '../src/services/sqs/md5.js';
import { sleep, startSqs, uniqueName, type SqsHarness } from './sqs-fixtures.js';

describe('SQS messages (SDK)', () => {
  let h: SqsHarness;
  const queue = async (attributes: Record<string, string> = {}): Promise<string> =>
    (await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('msg'), Attributes: attributes }))).QueueUrl!;
  const count = async (QueueUrl: string, name: 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible' | 'ApproximateNumberOfMessagesDelayed') =>
    Number((await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [name] }))).Attributes?.[name]);

  before(async () => {
    h = await startSqs();
  });
  after(async () => {
    await h.close();
  });

  it('round-trips message attributes of every type with matching digests', async () => {
    const QueueUrl = await queue();
    const attributes: Record<string, MessageAttributeValue> = {
      text: { DataType: 'String', StringValue: 'héllo wörld ✓' },
      count: { DataType: 'Number', StringValue: '-12.5e3' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 254, 255]) },
      label: { DataType: 'String.json', StringValue: '{"a":1}' },
      int: { DataType: 'Number.int', StringValue: '42' },
      image: { DataType: 'Binary.gif', BinaryValue: new Uint8Array([71, 73, 70]) },
    };
    const body = 'body with unicode 🚀 and\ttab\nnewline';
    const sent = await h.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: body,
        MessageAttributes: attributes,
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' } },
      }),
    );
    const expected = md5OfAttributes(
      Object.fromEntries(
        Object.entries(attributes).map(([k, v]) => [
          k,
          v.BinaryValue ? { dataType: v.DataType!, binaryValue: Buffer.from(v.BinaryValue).toString('base64') } : { dataType: v.DataType!, stringValue: v.StringValue! },
        ]),
      ),
    );
    assert.equal(sent.MD5OfMessageAttributes, expected);
    assert.match(sent.MD5OfMessageSystemAttributes ?? '', /^[0-9a-f]{32}$/);
    const { Messages } = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    const m = Messages![0]!;
    assert.equal(m.Body, body);
    assert.equal(m.MessageId, sent.MessageId);
    assert.equal(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.deepEqual(m.MessageAttributes?.['blob']?.BinaryValue, new Uint8Array([0, 1, 2, 254, 255]));
    assert.equal(m.MessageAttributes?.['text']?.StringValue, 'héllo wörld ✓');
    assert.equal(m.MessageAttributes?.['int']?.DataType, 'Number.int');
    assert.equal(m.Attributes?.AWSTraceHeader, 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1');
    assert.equal(m.Attributes?.ApproximateReceiveCount, '1');
    assert.equal(m.Attributes?.SenderId, '000000000000');
    assert.ok(Math.abs(Number(m.Attributes?.SentTimestamp) - Date.now()) < 10_000);
    assert.ok(Number(m.Attributes?.ApproximateFirstReceiveTimestamp) >= Number(m.Attributes?.SentTimestamp));
  });

  it('returns only the attributes asked for: names, prefixes, none', async () => {
    const QueueUrl = await queue();
    const s = (v: string): MessageAttributeValue => ({ DataType: 'String', StringValue: v });
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageAttributes: { 'order.id': s('1'), 'order.total': s('2'), other: s('3') } }));
    const { Messages } = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['order.*'], MessageSystemAttributeNames: ['SentTimestamp'], VisibilityTimeout: 0 }),
    );
    assert.deepEqual(Object.keys(Messages![0]!.MessageAttributes ?? {}).sort(), ['order.id', 'order.total']);
    assert.deepEqual(Object.keys(Messages![0]!.Attributes ?? {}), ['SentTimestamp']);
    const bare = (await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages![0]!;
    assert.equal(bare.MessageAttributes, undefined);
    assert.equal(bare.MD5OfMessageAttributes, undefined);
    assert.equal(bare.Attributes, undefined);
  });

  it('sends a batch with per-entry results and receives up to ten at once', async () => {
    const QueueUrl = await queue();
    const result = await h.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', DelaySeconds: 0, MessageAttributes: { k: { DataType: 'Number', StringValue: '1' } } },
          { Id: 'bad', MessageBody: 'nul \u0000 char' },
          { Id: 'c', MessageBody: 'three' },
        ],
      }),
    );
    assert.deepEqual(result.Successful?.map((s) => s.Id), ['a', 'b', 'c']);
    assert.ok(result.Successful?.[1]?.MD5OfMessageAttributes);
    assert.deepEqual(result.Failed, [
      { Id: 'bad', SenderFault: true, Code: 'InvalidMessageContents', Message: result.Failed?.[0]?.Message },
    ]);
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    assert.deepEqual(Messages?.map((m) => m.Body).sort(), ['one', 'three', 'two']);
  });

  it('accepts a body of exactly 1 MiB (the 2025 limit)', async () => {
    const QueueUrl = await queue();
    const body = 'x'.repeat(1_048_576);
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(Messages?.[0]?.Body?.length, 1_048_576);
  });

  it('deletes single messages and batches; deleted messages never come back', async () => {
    const QueueUrl = await queue({ VisibilityTimeout: '0' });
    await h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: ['1', '2', '3'].map((Id) => ({ Id, MessageBody: `m${Id}` })) }));
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    assert.equal(Messages?.length, 3);
    await h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
    const batch = await h.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages!.slice(1).map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })) }),
    );
    assert.deepEqual(batch.Successful?.map((s) => s.Id), ['d0', 'd1']);
    assert.deepEqual(batch.Failed, []);
    assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    await h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
  });

  it('makes a message receivable again when its visibility timeout expires, counting receives', async () => {
    const QueueUrl = await queue();
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'retry me' }));
    const first = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 1 }));
    assert.equal(first.Messages?.length, 1);
    assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    assert.equal(await count(QueueUrl, 'ApproximateNumberOfMessagesNotVisible'), 1);
    await sleep(1100);
    const second = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(second.Messages?.[0]?.MessageId, first.Messages?.[0]?.MessageId);
    assert.equal(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
    assert.notEqual(second.Messages?.[0]?.ReceiptHandle, first.Messages?.[0]?.ReceiptHandle);
  });

  it('changes visibility of single messages and batches', async () => {
    const QueueUrl = await queue();
    await h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: ['1', '2'].map((Id) => ({ Id, MessageBody: `v${Id}` })) }));
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    await h.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
    assert.deepEqual((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }))).Messages?.map((m) => m.Body), [Messages![0]!.Body]);
    const batch = await h.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'ok', ReceiptHandle: Messages![1]!.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'not-a-handle', VisibilityTimeout: 0 },
        ],
      }),
    );
    assert.deepEqual(batch.Successful, [{ Id: 'ok' }]);
    assert.deepEqual([batch.Failed?.[0]?.Id, batch.Failed?.[0]?.Code, batch.Failed?.[0]?.SenderFault], ['bad', 'ReceiptHandleIsInvalid', true]);
    assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages?.length, 2);
  });

  it('holds messages back by the queue delay and by per-message DelaySeconds', async () => {
    const QueueUrl = await queue({ DelaySeconds: '1' });
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'queue delay' }));
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'no delay', DelaySeconds: 0 }));
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'long delay', DelaySeconds: 900 }));
    assert.deepEqual((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages?.map((m) => m.Body), ['no delay']);
    assert.equal(await count(QueueUrl, 'ApproximateNumberOfMessagesDelayed'), 2);
    const started = Date.now();
    const delayed = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    assert.deepEqual(delayed.Messages?.map((m) => m.Body), ['queue delay']);
    const waited = Date.now() - started;
    assert.ok(waited >= 500 && waited < 4000, `waited ${waited} ms for a 1 s delay`);
  });

  it('long polling returns as soon as a message arrives', async () => {
    const QueueUrl = await queue();
    const started = Date.now();
    const pending = h.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
    await sleep(300);
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake up' }));
    const { Messages } = await pending;
    const waited = Date.now() - started;
    assert.deepEqual(Messages?.map((m) => m.Body), ['wake up']);
    assert.ok(waited < 5000, `long poll took ${waited} ms`);
  });

  it('long polling waits the queue default and returns empty at the deadline', async () => {
    const QueueUrl = await queue({ ReceiveMessageWaitTimeSeconds: '1' });
    const started = Date.now();
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(Messages, undefined);
    assert.ok(Date.now() - started >= 900);
  });

  it('drops messages older than the retention period', async () => {
    const QueueUrl = await queue({ MessageRetentionPeriod: '60' });
    await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'short-lived' }));
    assert.equal(await count(QueueUrl, 'ApproximateNumberOfMessages'), 1);
    h.clock.advance(61_000);
    assert.equal(await count(QueueUrl, 'ApproximateNumberOfMessages'), 0);
    assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
  });

  it('purges all messages, once per 60 seconds', async () => {
    const QueueUrl = await queue();
    await h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: ['1', '2'].map((Id) => ({ Id, MessageBody: Id })) }));
    await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    await h.sqs.send(new PurgeQueueCommand({ QueueUrl }));
    assert.equal(await count(QueueUrl, 'ApproximateNumberOfMessages'), 0);
    assert.equal(await count(QueueUrl, 'ApproximateNumberOfMessagesNotVisible'), 0);
    await assert.rejects(h.sqs.send(new PurgeQueueCommand({ QueueUrl })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'PurgeQueueInProgress');
      assert.equal(e.$metadata?.httpStatusCode, 403);
      return true;
    });
    h.clock.advance(61_000);
    await h.sqs.send(new PurgeQueueCommand({ QueueUrl }));
  });
});
