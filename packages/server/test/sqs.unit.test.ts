/** Pure pieces of the SQS service: digests, names and URLs, characters, receipt handles, query decoding. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../src/core/errors.js';
import { sequenceNumber } from '../src/services/sqs/fifo.js';
import { md5OfAttributes } from '../src/services/sqs/md5.js';
import { selectAttributes } from '../src/services/sqs/message-attributes.js';
import { parseQueueArn, parseQueueUrl, validateQueueName } from '../src/services/sqs/names.js';
import { decodeQueryInput } from '../src/services/sqs/query-input.js';
import { decodeReceiptHandle, encodeReceiptHandle } from '../src/services/sqs/receipts.js';
import { parseRedriveAllowPolicy, parseRedrivePolicy } from '../src/services/sqs/redrive.js';
import { firstInvalidChar } from '../src/services/sqs/validation.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof ServiceError ? e.code : 'not a ServiceError';
  }
};

describe('MD5 of message attributes', () => {
  // Vectors published with the aws-md5-of-message-attributes package, computed against SQS.
  const binary = Buffer.from('Hello binary world!').toString('base64');
  const cases: Array<[string, Parameters<typeof md5OfAttributes>[0], string]> = [
    ['one string', { attribName1: { dataType: 'String', stringValue: 'attribValue 1' } }, '19e27d4e946b072f3f58da80d94fd778'],
    ['custom number type', { customNumberTypeAttrib: { dataType: 'Number.float', stringValue: '4563442423554324324264524243.32543234' } }, '9fe1b90bbd9965bdf77bac517c7d2495'],
    ['binary', { binaryAttribute: { dataType: 'Binary', binaryValue: binary } }, '31a92b15d92f8db860eda32aceb656c3'],
    [
      'several, sorted by name',
      {
        customNumberTypeAttrib: { dataType: 'Number.float', stringValue: '4563442423554324324264524243.32543234' },
        binaryAttribute: { dataType: 'Binary', binaryValue: binary },
        attribName1: { dataType: 'String', stringValue: 'attribValue 1' },
      },
      'c932db14a896c663f83c260297d594ff',
    ],
  ];
  for (const [name, attributes, md5] of cases) it(name, () => assert.equal(md5OfAttributes(attributes), md5));
  it('is absent for no attributes', () => assert.equal(md5OfAttributes({}), undefined));
});

describe('queue names and URLs', () => {
  const good: Array<[string, boolean]> = [['orders', false], ['a', false], ['A-b_9', false], ['x'.repeat(80), false], ['o.fifo', true], [`${'x'.repeat(75)}.fifo`, true]];
  const bad: Array<[string, boolean]> = [['', false], ['has space', false], ['x'.repeat(81), false], ['dot.name', false], ['o.fifo', false], ['orders', true], [`${'x'.repeat(76)}.fifo`, true], ['ünï', false]];
  for (const [name, fifo] of good) it(`accepts ${name.slice(0, 12)} (fifo ${fifo})`, () => assert.equal(code(() => validateQueueName(name, fifo)), undefined));
  for (const [name, fifo] of bad) it(`rejects "${name.slice(0, 12)}" (fifo ${fifo})`, () => assert.equal(code(() => validateQueueName(name, fifo)), 'InvalidParameterValue'));

  it('reads account and name from any host, or none', () => {
    assert.deepEqual(parseQueueUrl('http://localhost:4010/000000000000/orders'), { account: '000000000000', name: 'orders' });
    assert.deepEqual(parseQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/q.fifo'), { account: '123456789012', name: 'q.fifo' });
    assert.deepEqual(parseQueueUrl('/123456789012/q'), { account: '123456789012', name: 'q' });
    assert.equal(parseQueueUrl('http://localhost/orders'), undefined);
    assert.equal(parseQueueUrl('http://localhost/12345/orders'), undefined);
  });

  it('parses queue ARNs', () => {
    assert.deepEqual(parseQueueArn('arn:aws:sqs:us-east-1:123456789012:q'), { region: 'us-east-1', account: '123456789012', name: 'q' });
    assert.equal(parseQueueArn('arn:aws:sns:us-east-1:123456789012:q'), undefined);
  });
});

describe('allowed characters', () => {
  const allowed = ['plain', 'tab\tnew\nline\r', 'é ✓ 中', '🚀', '\uE000\uFFFD'];
  const rejected: Array<[string, number]> = [['\u0000', 0], ['a\u0008b', 8], ['\uFFFE', 0xfffe], ['\uD800', 0xd800], ['x\uDFFFy', 0xdfff]];
  for (const text of allowed) it(`allows ${JSON.stringify(text)}`, () => assert.equal(firstInvalidChar(text), undefined));
  for (const [text, cp] of rejected) it(`rejects ${JSON.stringify(text)}`, () => assert.equal(firstInvalidChar(text), cp));
});

describe('receipt handles', () => {
  const queue = { account: '000000000000', region: 'us-east-1', name: 'q' };
  it('round-trips and is bound to its queue', () => {
    const handle = encodeReceiptHandle(queue, '12.0123456789abcdef');
    assert.match(handle, /^[A-Za-z0-9_-]+$/);
    assert.equal(decodeReceiptHandle(handle, queue), '12.0123456789abcdef');
    assert.equal(decodeReceiptHandle(handle, { ...queue, name: 'other' }), undefined);
    assert.equal(decodeReceiptHandle(handle, { ...queue, region: 'eu-west-1' }), undefined);
  });
  for (const bad of ['', 'not base64!', 'aGVsbG8', 'x'.repeat(2000)]) {
    it(`rejects ${JSON.stringify(bad.slice(0, 12))}`, () => assert.equal(decodeReceiptHandle(bad, queue), undefined));
  }
});

describe('redrive policies', () => {
  const arn = 'arn:aws:sqs:us-east-1:000000000000:dlq';
  it('accepts a numeric string maxReceiveCount, as AWS does', () => {
    assert.deepEqual(parseRedrivePolicy(`{"deadLetterTargetArn":"${arn}","maxReceiveCount":"5"}`), { deadLetterTargetArn: arn, maxReceiveCount: 5 });
  });
  const badRedrive = ['{}', '[]', 'nope', `{"deadLetterTargetArn":"${arn}","maxReceiveCount":0}`, `{"deadLetterTargetArn":"${arn}","maxReceiveCount":1001}`, '{"deadLetterTargetArn":"x","maxReceiveCount":1}', `{"deadLetterTargetArn":"${arn}","maxReceiveCount":1,"extra":1}`];
  for (const text of badRedrive) it(`rejects RedrivePolicy ${text}`, () => assert.equal(code(() => parseRedrivePolicy(text)), 'InvalidAttributeValue'));
  const badAllow = ['{"redrivePermission":"some"}', '{"redrivePermission":"byQueue"}', `{"redrivePermission":"allowAll","sourceQueueArns":["${arn}"]}`, `{"redrivePermission":"byQueue","sourceQueueArns":[${Array(11).fill(`"${arn}"`).join(',')}]}`];
  for (const text of badAllow) it(`rejects RedriveAllowPolicy ${text.slice(0, 50)}`, () => assert.equal(code(() => parseRedriveAllowPolicy(text)), 'InvalidAttributeValue'));
});

describe('message attribute selection', () => {
  const attrs = { 'a.x': { dataType: 'String', stringValue: '1' }, 'a.y': { dataType: 'String', stringValue: '2' }, b: { dataType: 'String', stringValue: '3' } };
  const cases: Array<[string[], string[]]> = [[[], []], [['All'], ['a.x', 'a.y', 'b']], [['.*'], ['a.x', 'a.y', 'b']], [['a.*'], ['a.x', 'a.y']], [['b', 'zz'], ['b']]];
  for (const [requested, names] of cases) it(`selects ${JSON.stringify(requested)}`, () => assert.deepEqual(Object.keys(selectAttributes(attrs, requested)), names));
});

describe('query protocol decoding', () => {
  it('decodes flattened maps, lists and entries into the JSON shape', () => {
    const params = new URLSearchParams({
      QueueUrl: 'http://h/000000000000/q',
      'SendMessageBatchRequestEntry.2.Id': 'b',
      'SendMessageBatchRequestEntry.2.MessageBody': 'second',
      'SendMessageBatchRequestEntry.1.Id': 'a',
      'SendMessageBatchRequestEntry.1.MessageBody': 'first',
      'SendMessageBatchRequestEntry.1.DelaySeconds': '3',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'k',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'v',
    });
    assert.deepEqual(decodeQueryInput('SendMessageBatch', params, undefined), {
      QueueUrl: 'http://h/000000000000/q',
      Entries: [
        { Id: 'a', MessageBody: 'first', DelaySeconds: 3, MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
        { Id: 'b', MessageBody: 'second' },
      ],
    });
    const receive = new URLSearchParams({ 'AttributeName.1': 'All', 'MessageAttributeName.1': 'x.*', MaxNumberOfMessages: '4' });
    assert.deepEqual(decodeQueryInput('ReceiveMessage', receive, 'http://h/000000000000/q'), {
      QueueUrl: 'http://h/000000000000/q',
      AttributeNames: ['All'],
      MessageAttributeNames: ['x.*'],
      MaxNumberOfMessages: 4,
    });
    assert.equal(code(() => decodeQueryInput('ReceiveMessage', new URLSearchParams({ WaitTimeSeconds: '2.5' }), undefined)), 'InvalidParameterValue');
  });
});

describe('FIFO sequence numbers', () => {
  it('are 20 digits and grow with the store sequence', () => {
    assert.equal(sequenceNumber(1), '10000000000000000001');
    assert.ok(sequenceNumber(99) < sequenceNumber(100));
    assert.equal(sequenceNumber(2 ** 40).length, 20);
  });
});
