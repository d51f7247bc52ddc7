/** Dead-letter queues through @aws-sdk/client-sqs: redrive at maxReceiveCount, allow policies, source listing, message move tasks. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
  type ListMessageMoveTasksResultEntry,
} from '@aws-sdk/client-sqs';
import { sleep, startSqs, uniqueName, type SqsHarness } from './sqs-fixtures.js';

describe('SQS dead-letter queues (SDK)', () => {
  let h: SqsHarness;

  const create = async (name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> => {
    const url = (await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
    const arn = (await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    return { url, arn };
  };
  const redrive = (arn: string, maxReceiveCount = 1) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount });

  /** Receives with visibility 0 until the source has nothing left (every message dead-lettered). */
  const exhaust = async (url: string): Promise<number> => {
    let received = 0;
    for (let i = 0; i < 20; i++) {
      const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      if (!Messages) return received;
      received += Messages.length;
    }
    throw new Error('messages never left the source queue');
  };

  const waitForTask = async (sourceArn: string, status: string): Promise<ListMessageMoveTasksResultEntry> => {
    for (let i = 0; i < 100; i++) {
      const [task] = (await h.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn }))).Results ?? [];
      if (task?.Status === status) return task;
      await sleep(50);
    }
    throw new Error(`task never reached ${status}`);
  };

  before(async () => {
    h = await startSqs();
  });
  after(async () => {
    await h.close();
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives, with its attributes', async () => {
    const dlq = await create(uniqueName('dlq'));
    const source = await create(uniqueName('src'), { RedrivePolicy: redrive(dlq.arn, 2) });
    const policy = (await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: source.url, AttributeNames: ['RedrivePolicy'] }))).Attributes?.RedrivePolicy;
    assert.deepEqual(JSON.parse(policy!), { deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 });
    const sent = await h.sqs.send(
      new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'poison', MessageAttributes: { kind: { DataType: 'String', StringValue: 'bad' } } }),
    );
    assert.equal(await exhaust(source.url), 2);
    const { Messages } = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    const m = Messages![0]!;
    assert.equal(m.MessageId, sent.MessageId);
    assert.equal(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.equal(m.MessageAttributes?.['kind']?.StringValue, 'bad');
    assert.equal(m.Attributes?.DeadLetterQueueSourceArn, source.arn);
    assert.equal(m.Attributes?.ApproximateReceiveCount, '3');
    const sources = await h.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }));
    assert.deepEqual(sources.queueUrls, [source.url]);
  });

  it('enforces the dead-letter queue RedriveAllowPolicy and the queue type', async () => {
    const allowed = await create(uniqueName('allowed-src'));
    const denied = await create(uniqueName('denied-src'));
    const dlq = await create(uniqueName('picky-dlq'), {
      RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [allowed.arn] }),
    });
    await h.sqs.send(new SetQueueAttributesCommand({ QueueUrl: allowed.url, Attributes: { RedrivePolicy: redrive(dlq.arn) } }));
    await assert.rejects(
      h.sqs.send(new SetQueueAttributesCommand({ QueueUrl: denied.url, Attributes: { RedrivePolicy: redrive(dlq.arn) } })),
      { name: 'InvalidAttributeValue' },
    );
    const closed = await create(uniqueName('closed-dlq'), { RedriveAllowPolicy: '{"redrivePermission":"denyAll"}' });
    await assert.rejects(create(uniqueName('src'), { RedrivePolicy: redrive(closed.arn) }), { name: 'InvalidAttributeValue' });
    const fifoDlq = await create(uniqueName('fifo-dlq', true), { FifoQueue: 'true' });
    await assert.rejects(create(uniqueName('src'), { RedrivePolicy: redrive(fifoDlq.arn) }), { name: 'InvalidAttributeValue' });
    await assert.rejects(create(uniqueName('src'), { RedrivePolicy: redrive(`${dlq.arn}-absent`) }), { name: 'InvalidAttributeValue' });
    await h.sqs.send(new SetQueueAttributesCommand({ QueueUrl: allowed.url, Attributes: { RedrivePolicy: '' } }));
    assert.deepEqual((await h.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }))).queueUrls, []);
  });

  it('moves dead-lettered messages back to their source with a message move task', async () => {
    const dlq = await create(uniqueName('dlq'));
    const source = await create(uniqueName('src'), { RedrivePolicy: redrive(dlq.arn) });
    await h.sqs.send(new SendMessageBatchCommand({ QueueUrl: source.url, Entries: ['1', '2', '3'].map((Id) => ({ Id, MessageBody: `m${Id}` })) }));
    await exhaust(source.url);
    const { TaskHandle } = await h.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    assert.ok(TaskHandle);
    const done = await waitForTask(dlq.arn, 'COMPLETED');
    assert.equal(done.ApproximateNumberOfMessagesMoved, 3);
    assert.equal(done.ApproximateNumberOfMessagesToMove, 3);
    assert.equal(done.TaskHandle, undefined);
    assert.ok(Number(done.StartedTimestamp) > 0);
    const back = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    assert.deepEqual(back.Messages?.map((m) => m.Body).sort(), ['m1', 'm2', 'm3']);
    assert.ok(back.Messages?.every((m) => m.Attributes?.ApproximateReceiveCount === '1'));
  });

  it('moves to a DestinationArn at the requested rate and can be cancelled', async () => {
    const dlq = await create(uniqueName('dlq'));
    const source = await create(uniqueName('src'), { RedrivePolicy: redrive(dlq.arn) });
    const destination = await create(uniqueName('dest'));
    await h.sqs.send(new SendMessageBatchCommand({ QueueUrl: source.url, Entries: ['1', '2', '3', '4', '5'].map((Id) => ({ Id, MessageBody: Id })) }));
    await exhaust(source.url);
    const { TaskHandle } = await h.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: destination.arn, MaxNumberOfMessagesPerSecond: 1 }),
    );
    const running = await waitForTask(dlq.arn, 'RUNNING');
    assert.equal(running.TaskHandle, TaskHandle);
    assert.equal(running.MaxNumberOfMessagesPerSecond, 1);
    assert.equal(running.DestinationArn, destination.arn);
    await assert.rejects(h.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn })), { name: 'UnsupportedOperation' });
    const cancelled = await h.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    assert.ok((cancelled.ApproximateNumberOfMessagesMoved ?? 0) < 5);
    assert.equal((await waitForTask(dlq.arn, 'CANCELLED')).ApproximateNumberOfMessagesMoved, cancelled.ApproximateNumberOfMessagesMoved);
    await assert.rejects(h.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })), { name: 'UnsupportedOperation' });
  });

  it('rejects move tasks on unknown queues, non-dead-letter queues and unknown handles', async () => {
    const plain = await create(uniqueName('plain'));
    await assert.rejects(
      h.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: `${plain.arn}-absent` })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'ResourceNotFoundException' && e.$metadata?.httpStatusCode === 404,
    );
    await assert.rejects(h.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: plain.arn })), { name: 'InvalidParameterValue' });
    await assert.rejects(h.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: 'bm8tc3VjaC10YXNr' })), { name: 'ResourceNotFoundException' });
    await assert.rejects(h.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: `${plain.arn}-absent` })), { name: 'ResourceNotFoundException' });
    assert.deepEqual((await h.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: plain.arn }))).Results, []);
  });
});
