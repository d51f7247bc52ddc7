/**
 * Restarting the server on the same data directory: acknowledged messages stay gone, sent ones
 * stay, in-flight ones become visible again when their timeout ends, FIFO groups stay blocked
 * until then, and a running message move task resumes.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { sleep, startSqs, uniqueName, type SqsHarness } from './sqs-fixtures.js';

describe('SQS across a restart', () => {
  let dataDir: string | undefined;
  after(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes visibility timeouts, FIFO groups and move tasks from the data directory', async () => {
    const first: SqsHarness = await startSqs();
    dataDir = first.server.dataDir;
    const sqs = first.sqs;
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('durable') }))).QueueUrl!;
    const fifoUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('durable', true), Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }))).QueueUrl!;
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ['acked', 'in-flight', 'waiting'].map((b) => ({ Id: b, MessageBody: b })) }));
    const acked = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0]!;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: acked.ReceiptHandle }));
    const inFlight = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 2 }))).Messages![0]!;
    for (const body of ['f1', 'f2']) await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: body, MessageGroupId: 'g' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifoUrl, VisibilityTimeout: 2 }));

    // A dead-letter queue with a slow move task, interrupted by the restart.
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('durable-dlq') }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const srcUrl = (await sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('durable-src'), Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } }),
    )).QueueUrl!;
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: srcUrl, Entries: Array.from({ length: 6 }, (_, i) => ({ Id: `m${i}`, MessageBody: `m${i}` })) }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, MaxNumberOfMessages: 10 }));
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 4 }));

    sqs.destroy();
    await first.server.close();

    const second = await startSqs({ dataDir });
    try {
      const s = second.sqs;
      const attributes = (await s.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
      assert.equal(attributes.ApproximateNumberOfMessages, '1');
      assert.equal(attributes.ApproximateNumberOfMessagesNotVisible, '1');
      assert.deepEqual((await s.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages?.map((m) => m.Body), ['waiting']);
      assert.equal((await s.send(new ReceiveMessageCommand({ QueueUrl: fifoUrl }))).Messages, undefined);

      const again = await s.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      assert.equal(again.Messages?.[0]?.MessageId, inFlight.MessageId);
      assert.equal(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
      const fifoAgain = await s.send(new ReceiveMessageCommand({ QueueUrl: fifoUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }));
      assert.deepEqual(fifoAgain.Messages?.map((m) => m.Body), ['f1', 'f2']);

      let status: string | undefined;
      for (let i = 0; i < 80 && status !== 'COMPLETED'; i++) {
        status = (await s.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results?.[0]?.Status;
        if (status !== 'COMPLETED') await sleep(50);
      }
      assert.equal(status, 'COMPLETED');
      const back = await s.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, MaxNumberOfMessages: 10 }));
      assert.equal(back.Messages?.length, 6);
    } finally {
      second.sqs.destroy();
      await second.server.close();
    }
  });

  it('answers a pending long poll and closes promptly', async () => {
    const h = await startSqs();
    const QueueUrl = (await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('closing') }))).QueueUrl!;
    const pending = h.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await sleep(200);
    const started = Date.now();
    await h.server.dispose();
    assert.equal((await pending).Messages, undefined);
    h.sqs.destroy();
    assert.ok(Date.now() - started < 5000, `close took ${Date.now() - started} ms`);
  });
});
