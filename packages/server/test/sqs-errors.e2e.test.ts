/** Bad input to SQS: every malformed request gets the AWS error code and a 4xx, and the server keeps serving. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { sqsJson, startSqs, uniqueName, type SqsHarness } from './sqs-fixtures.js';

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; Code?: string };

describe('SQS bad input', () => {
  let h: SqsHarness;
  let QueueUrl: string;

  /** Asserts the SDK call fails with `name` (the JSON __type) and a 4xx status, optionally the message too. */
  const fails = async (call: Promise<unknown>, name: string, message?: RegExp): Promise<void> => {
    await assert.rejects(call, (e: SdkError) => {
      assert.equal(e.name, name, `${e.name}: ${e.message}`);
      const status = e.$metadata?.httpStatusCode ?? 0;
      assert.ok(status >= 400 && status < 500, `status ${status}`);
      if (message) assert.match(e.message, message);
      return true;
    });
  };

  before(async () => {
    h = await startSqs();
    QueueUrl = (await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('bad') }))).QueueUrl!;
  });
  after(async () => {
    // The server is still answering after everything below.
    assert.ok((await h.sqs.send(new ListQueuesCommand({}))).QueueUrls?.includes(QueueUrl));
    await h.close();
  });

  it('answers malformed JSON and wrong member types with SerializationException', async () => {
    const broken = await sqsJson(h.server, 'SendMessage', '{"QueueUrl": ');
    assert.equal(broken.status, 400);
    assert.equal(broken.json['__type'], 'com.amazonaws.sqs#SerializationException');
    const wrong = await sqsJson(h.server, 'CreateQueue', { QueueName: 5 });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json['__type'], 'com.amazonaws.sqs#SerializationException');
    assert.match(String(wrong.json['message']), /QueueName/);
    const wrongInt = await sqsJson(h.server, 'ReceiveMessage', { QueueUrl, MaxNumberOfMessages: '5' });
    assert.match(String(wrongInt.json['message']), /MaxNumberOfMessages/);
  });

  it('answers an unknown queue with QueueDoesNotExist and its query error code', async () => {
    const res = await sqsJson(h.server, 'SendMessage', { QueueUrl: `${h.server.url}/000000000000/absent`, MessageBody: 'x' });
    assert.equal(res.status, 400);
    assert.equal(res.json['__type'], 'com.amazonaws.sqs#QueueDoesNotExist');
    assert.equal(res.headers.get('x-amzn-query-error'), 'AWS.SimpleQueueService.NonExistentQueue;Sender');
    await assert.rejects(h.sqs.send(new SendMessageCommand({ QueueUrl: 'not a url', MessageBody: 'x' })), (e: SdkError) => {
      assert.equal(e.name, 'QueueDoesNotExist');
      assert.equal(e.Code, 'AWS.SimpleQueueService.NonExistentQueue');
      return true;
    });
  });

  it('names missing parameters', async () => {
    const res = await sqsJson(h.server, 'SendMessage', { QueueUrl });
    assert.equal(res.json['__type'], 'com.amazonaws.sqs#MissingParameter');
    assert.match(String(res.json['message']), /MessageBody/);
    await fails(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '' })), 'MissingParameter', /MessageBody/);
    await fails(h.sqs.send(new CreateQueueCommand({ QueueName: '' })), 'MissingParameter', /QueueName/);
    await fails(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: undefined as never })), 'MissingParameter', /Attributes/);
  });

  it('rejects messages over the size limit, body and attributes together', async () => {
    await fails(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1_048_577) })), 'InvalidParameterValue', /shorter than 1048576/);
    await fails(
      h.sqs.send(
        new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1_048_570), MessageAttributes: { attr: { DataType: 'String', StringValue: 'value' } } }),
      ),
      'InvalidParameterValue',
      /Message must be shorter/,
    );
    const small = (await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('small'), Attributes: { MaximumMessageSize: '1024' } }))).QueueUrl!;
    await h.sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: 'y'.repeat(1024) }));
    await fails(h.sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: 'y'.repeat(1025) })), 'InvalidParameterValue', /1024/);
  });

  it('rejects characters outside the allowed set', async () => {
    await fails(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'bell \u0007' })), 'InvalidMessageContents', /#x7/);
    const lone = await sqsJson(h.server, 'SendMessage', `{"QueueUrl":"${QueueUrl}","MessageBody":"half \\ud800 pair"}`);
    assert.equal(lone.json['__type'], 'com.amazonaws.sqs#InvalidMessageContents');
    await fails(
      h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'ok', MessageAttributes: { a: { DataType: 'String', StringValue: '\u0001' } } })),
      'InvalidMessageContents',
    );
  });

  it('rejects bad message attributes', async () => {
    const s = (v: string): MessageAttributeValue => ({ DataType: 'String', StringValue: v });
    const send = (MessageAttributes: Record<string, MessageAttributeValue>) => h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm', MessageAttributes }));
    await fails(send(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, s('v')]))), 'InvalidParameterValue', /\[11\]/);
    await fails(send({ 'AWS.reserved': s('v') }), 'InvalidParameterValue', /reserved/);
    await fails(send({ 'bad..name': s('v') }), 'InvalidParameterValue', /period/);
    await fails(send({ n: { DataType: 'Number', StringValue: 'twelve' } }), 'InvalidParameterValue', /number/);
    await fails(send({ t: { DataType: 'Text', StringValue: 'v' } }), 'InvalidParameterValue', /Binary, Number, String/);
    await fails(send({ e: { DataType: 'String', StringValue: '' } }), 'InvalidParameterValue', /non-empty/);
    await fails(
      h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm', MessageSystemAttributes: { Other: { DataType: 'String', StringValue: 'v' } } as never })),
      'InvalidParameterValue',
    );
  });

  it('fails malformed batches as a whole', async () => {
    const entry = (Id: string) => ({ Id, MessageBody: 'b' });
    await fails(h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 11 }, (_, i) => entry(`e${i}`)) })), 'TooManyEntriesInBatchRequest', /11/);
    await fails(h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [entry('same'), entry('same')] })), 'BatchEntryIdsNotDistinct', /same/);
    await fails(h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] })), 'EmptyBatchRequest');
    await fails(h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [entry('has space')] })), 'InvalidBatchEntryId');
    const big = Array.from({ length: 5 }, (_, i) => ({ Id: `b${i}`, MessageBody: 'z'.repeat(300_000) }));
    await fails(h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: big })), 'BatchRequestTooLong');
    const res = await sqsJson(h.server, 'SendMessageBatch', { QueueUrl, Entries: [entry('a'), entry('a')] });
    assert.equal(res.headers.get('x-amzn-query-error'), 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct;Sender');
  });

  it('rejects receipt handles that are not ones, or belong to another queue', async () => {
    await fails(h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'garbage!' })), 'ReceiptHandleIsInvalid');
    const other = (await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('other') }))).QueueUrl!;
    await h.sqs.send(new SendMessageCommand({ QueueUrl: other, MessageBody: 'theirs' }));
    const { Messages } = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl: other }));
    await assert.rejects(h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle })), (e: SdkError) => {
      assert.equal(e.name, 'ReceiptHandleIsInvalid');
      assert.equal(e.$metadata?.httpStatusCode, 404);
      return true;
    });
    await h.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: other, ReceiptHandle: Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
    await fails(
      h.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: other, ReceiptHandle: Messages![0]!.ReceiptHandle, VisibilityTimeout: 10 })),
      'InvalidParameterValue',
      /not available for visibility timeout change/,
    );
  });

  it('rejects unknown attribute names and out-of-range attribute values', async () => {
    await fails(h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Bogus' as never] })), 'InvalidAttributeName', /Bogus/);
    await fails(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Bogus: '1' } as never })), 'InvalidAttributeName');
    await fails(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '43201' } })), 'InvalidAttributeValue', /VisibilityTimeout/);
    await fails(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { MaximumMessageSize: '1048577' } })), 'InvalidAttributeValue');
    await fails(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { DelaySeconds: 'ten' } })), 'InvalidAttributeValue');
    await fails(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: '{not json' } })), 'InvalidAttributeValue');
    await fails(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { FifoQueue: 'true' } })), 'InvalidAttributeValue');
    await fails(h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('q'), Attributes: { MessageRetentionPeriod: '59' } })), 'InvalidAttributeValue');
    await fails(h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['Nope' as never] })), 'InvalidAttributeName');
  });

  it('rejects out-of-range request parameters with the AWS wording', async () => {
    await fails(h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })), 'InvalidParameterValue', /Value 11 for parameter MaxNumberOfMessages is invalid/);
    await fails(h.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 21 })), 'InvalidParameterValue', /WaitTimeSeconds/);
    await fails(h.sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: -1 })), 'InvalidParameterValue', /VisibilityTimeout/);
    await fails(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', DelaySeconds: 901 })), 'InvalidParameterValue', /DelaySeconds/);
    await fails(h.sqs.send(new ListQueuesCommand({ MaxResults: 0 })), 'InvalidParameterValue', /MaxResults/);
    await fails(h.sqs.send(new ListQueuesCommand({ MaxResults: 5, NextToken: '%%%' })), 'InvalidParameterValue', /NextToken/);
  });

  it('rejects invalid queue names', async () => {
    await fails(h.sqs.send(new CreateQueueCommand({ QueueName: 'has space' })), 'InvalidParameterValue');
    await fails(h.sqs.send(new CreateQueueCommand({ QueueName: 'x'.repeat(81) })), 'InvalidParameterValue');
    await h.sqs.send(new CreateQueueCommand({ QueueName: `${'x'.repeat(75)}.fifo`, Attributes: { FifoQueue: 'true' } }));
    await fails(h.sqs.send(new CreateQueueCommand({ QueueName: `${'x'.repeat(76)}.fifo`, Attributes: { FifoQueue: 'true' } })), 'InvalidParameterValue');
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await sqsJson(h.server, 'FlyToTheMoon', {});
    assert.equal(res.status, 400);
    assert.match(String(res.json['__type']), /UnknownOperationException/);
  });
});
