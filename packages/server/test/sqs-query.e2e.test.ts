/** SQS over the query protocol: raw form POSTs (`Action=`) and the XML AWS answers with. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { md5OfAttributes } from '../src/services/sqs/md5.js';
import { startSqs, uniqueName, type SqsHarness } from './sqs-fixtures.js';

const XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** Text of every `<name>` element, unescaped. */
function all(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#xD;/g, '\r').replace(/&amp;/g, '&'),
  );
}

function one(xml: string, name: string): string {
  const [value] = all(xml, name);
  assert.ok(value !== undefined, `<${name}> missing in ${xml}`);
  return value;
}

describe('SQS query protocol', () => {
  let h: SqsHarness;

  const post = async (params: Record<string, string>, path = '/', signed = false): Promise<{ status: number; xml: string }> => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    if (signed) headers['authorization'] = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=abc';
    const res = await fetch(`${h.server.url}${path}`, { method: 'POST', headers, body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString() });
    return { status: res.status, xml: await res.text() };
  };

  before(async () => {
    h = await startSqs();
  });
  after(async () => {
    await h.close();
  });

  it('creates a queue with attributes and tags and reads them back as XML', async () => {
    const name = uniqueName('query');
    const created = await post({
      Action: 'CreateQueue',
      QueueName: name,
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '60',
      'Attribute.2.Name': 'DelaySeconds',
      'Attribute.2.Value': '0',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'ops',
    }, '/', true);
    assert.equal(created.status, 200);
    assert.ok(created.xml.startsWith(`<?xml version="1.0"?><CreateQueueResponse xmlns="${XMLNS}"><CreateQueueResult>`));
    const url = one(created.xml, 'QueueUrl');
    assert.equal(url, `${h.server.url}/000000000000/${name}`);
    assert.match(one(created.xml, 'RequestId'), /^[0-9a-f-]{36}$/);

    const attrs = await post({ Action: 'GetQueueAttributes', QueueUrl: url, 'AttributeName.1': 'VisibilityTimeout', 'AttributeName.2': 'QueueArn' });
    assert.match(attrs.xml, /<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout<\/Name><Value>60<\/Value><\/Attribute>/);
    assert.deepEqual(all(attrs.xml, 'Name'), ['VisibilityTimeout', 'QueueArn']);
    const tags = await post({ Action: 'ListQueueTags', QueueUrl: url });
    assert.match(tags.xml, /<Tag><Key>team<\/Key><Value>ops<\/Value><\/Tag>/);
    const listed = await post({ Action: 'ListQueues', QueueNamePrefix: name });
    assert.deepEqual(all(listed.xml, 'QueueUrl'), [url]);
  });

  it('sends with message attributes, receives them as XML, and deletes by receipt handle', async () => {
    const url = one((await post({ Action: 'CreateQueue', QueueName: uniqueName('query-msg') })).xml, 'QueueUrl');
    const body = 'a <tag> & "quotes" \r\n é';
    const binary = Buffer.from([1, 2, 3, 250]).toString('base64');
    const sent = await post({
      Action: 'SendMessage',
      QueueUrl: url,
      MessageBody: body,
      'MessageAttribute.1.Name': 'color',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'blue',
      'MessageAttribute.2.Name': 'raw',
      'MessageAttribute.2.Value.DataType': 'Binary',
      'MessageAttribute.2.Value.BinaryValue': binary,
      'MessageAttribute.3.Name': 'n',
      'MessageAttribute.3.Value.DataType': 'Number',
      'MessageAttribute.3.Value.StringValue': '7',
    });
    assert.equal(sent.status, 200);
    const expectedMd5 = md5OfAttributes({
      color: { dataType: 'String', stringValue: 'blue' },
      raw: { dataType: 'Binary', binaryValue: binary },
      n: { dataType: 'Number', stringValue: '7' },
    });
    assert.equal(one(sent.xml, 'MD5OfMessageAttributes'), expectedMd5);
    assert.equal(one(sent.xml, 'MD5OfMessageBody'), (await import('node:crypto')).createHash('md5').update(body).digest('hex'));
    const messageId = one(sent.xml, 'MessageId');

    const received = await post({ Action: 'ReceiveMessage', QueueUrl: url, 'AttributeName.1': 'All', 'MessageAttributeName.1': 'All', MaxNumberOfMessages: '5' });
    assert.match(received.xml, /<ReceiveMessageResult><Message><MessageId>/);
    assert.equal(one(received.xml, 'MessageId'), messageId);
    assert.equal(one(received.xml, 'Body'), body);
    assert.equal(one(received.xml, 'MD5OfMessageAttributes'), expectedMd5);
    assert.match(received.xml, /<Attribute><Name>ApproximateReceiveCount<\/Name><Value>1<\/Value><\/Attribute>/);
    assert.match(received.xml, /<MessageAttribute><Name>color<\/Name><Value><StringValue>blue<\/StringValue><DataType>String<\/DataType><\/Value><\/MessageAttribute>/);
    assert.match(received.xml, new RegExp(`<MessageAttribute><Name>raw</Name><Value><BinaryValue>${binary.replace(/[+/]/g, '\\$&')}</BinaryValue><DataType>Binary</DataType></Value></MessageAttribute>`));

    const deleted = await post({ Action: 'DeleteMessage', QueueUrl: url, ReceiptHandle: one(received.xml, 'ReceiptHandle') });
    assert.equal(deleted.status, 200);
    assert.match(deleted.xml, new RegExp(`^<\\?xml version="1.0"\\?><DeleteMessageResponse xmlns="${XMLNS}"><ResponseMetadata><RequestId>`));
    const empty = await post({ Action: 'ReceiveMessage', QueueUrl: url });
    assert.match(empty.xml, /<ReceiveMessageResult><\/ReceiveMessageResult>/);
  });

  it('handles batches with flattened entries and reports failures per entry', async () => {
    const url = one((await post({ Action: 'CreateQueue', QueueName: uniqueName('query-batch') })).xml, 'QueueUrl');
    const batch = await post({
      Action: 'SendMessageBatch',
      QueueUrl: url,
      'SendMessageBatchRequestEntry.1.Id': 'first',
      'SendMessageBatchRequestEntry.1.MessageBody': 'one',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'k',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'v',
      'SendMessageBatchRequestEntry.2.Id': 'second',
      'SendMessageBatchRequestEntry.2.MessageBody': 'two',
      'SendMessageBatchRequestEntry.2.DelaySeconds': '1000',
    });
    assert.match(batch.xml, /<SendMessageBatchResultEntry><Id>first<\/Id><MessageId>/);
    assert.match(batch.xml, /<BatchResultErrorEntry><Id>second<\/Id><SenderFault>true<\/SenderFault><Code>InvalidParameterValue<\/Code>/);
    const received = await post({ Action: 'ReceiveMessage', QueueUrl: url });
    const handle = one(received.xml, 'ReceiptHandle');
    const del = await post({
      Action: 'DeleteMessageBatch',
      QueueUrl: url,
      'DeleteMessageBatchRequestEntry.1.Id': 'd1',
      'DeleteMessageBatchRequestEntry.1.ReceiptHandle': handle,
    });
    assert.match(del.xml, /<DeleteMessageBatchResult><DeleteMessageBatchResultEntry><Id>d1<\/Id><\/DeleteMessageBatchResultEntry><\/DeleteMessageBatchResult>/);
  });

  it('takes the queue from the request path when QueueUrl is absent', async () => {
    const name = uniqueName('query-path');
    await post({ Action: 'CreateQueue', QueueName: name, 'Attribute.1.Name': 'DelaySeconds', 'Attribute.1.Value': '7' });
    const res = await post({ Action: 'GetQueueAttributes', 'AttributeName.1': 'DelaySeconds' }, `/000000000000/${name}`);
    assert.equal(res.status, 200);
    assert.match(res.xml, /<Attribute><Name>DelaySeconds<\/Name><Value>7<\/Value><\/Attribute>/);
  });

  it('answers errors as an ErrorResponse with the query error code', async () => {
    const missing = await post({ Action: 'GetQueueAttributes', QueueUrl: `${h.server.url}/000000000000/absent`, 'AttributeName.1': 'All' });
    assert.equal(missing.status, 400);
    assert.match(missing.xml, new RegExp(`<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>`));
    assert.equal(one(missing.xml, 'Message'), 'The specified queue does not exist.');
    const badInt = await post({ Action: 'ReceiveMessage', QueueUrl: `${h.server.url}/000000000000/absent`, MaxNumberOfMessages: 'ten' });
    assert.equal(one(badInt.xml, 'Code'), 'InvalidParameterValue');
    assert.match(one(badInt.xml, 'Message'), /MaxNumberOfMessages/);
    const exists = await post({ Action: 'CreateQueue', QueueName: 'has space' });
    assert.equal(one(exists.xml, 'Code'), 'InvalidParameterValue');
    const listed = await post({ Action: 'ListQueues' });
    assert.equal(listed.status, 200);
  });
});
