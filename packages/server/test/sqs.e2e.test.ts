/** SQS through @aws-sdk/client-sqs: queue lifecycle, attributes, tags, permissions, listing. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  RemovePermissionCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { startSqs, uniqueName, type SqsHarness } from './sqs-fixtures.js';

describe('SQS queues (SDK)', () => {
  let h: SqsHarness;
  before(async () => {
    h = await startSqs();
  });
  after(async () => {
    await h.close();
  });

  it('creates a queue at <endpoint>/<account>/<name> and finds it by name', async () => {
    const name = uniqueName('orders');
    const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
    assert.equal(QueueUrl, `${h.server.url}/000000000000/${name}`);
    assert.equal((await h.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl, QueueUrl);
    assert.equal((await h.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: '000000000000' }))).QueueUrl, QueueUrl);
  });

  it('is idempotent with identical attributes and refuses different ones', async () => {
    const name = uniqueName('idem');
    const attrs = { VisibilityTimeout: '45', DelaySeconds: '2' };
    const first = await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attrs }));
    const again = await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attrs }));
    assert.equal(again.QueueUrl, first.QueueUrl);
    assert.equal((await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '45' } }))).QueueUrl, first.QueueUrl);
    await assert.rejects(h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '46' } })), (e: Error) => {
      assert.equal(e.name, 'QueueNameExists');
      assert.match(e.message, /VisibilityTimeout/);
      return true;
    });
  });

  it('reports every attribute with defaults and computed values', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { QueueUrl } = await h.sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('attrs'), Attributes: { Policy: '{"Version":"2012-10-17","Statement":[]}' } }),
    );
    const { Attributes } = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    assert.equal(Attributes?.VisibilityTimeout, '30');
    assert.equal(Attributes?.MaximumMessageSize, '1048576');
    assert.equal(Attributes?.MessageRetentionPeriod, '345600');
    assert.equal(Attributes?.DelaySeconds, '0');
    assert.equal(Attributes?.ReceiveMessageWaitTimeSeconds, '0');
    assert.equal(Attributes?.SqsManagedSseEnabled, 'true');
    assert.equal(Attributes?.ApproximateNumberOfMessages, '0');
    assert.equal(Attributes?.ApproximateNumberOfMessagesNotVisible, '0');
    assert.equal(Attributes?.ApproximateNumberOfMessagesDelayed, '0');
    assert.match(Attributes?.QueueArn ?? '', /^arn:aws:sqs:us-east-1:000000000000:attrs-/);
    assert.ok(Number(Attributes?.CreatedTimestamp) >= before);
    assert.equal(Attributes?.Policy, '{"Version":"2012-10-17","Statement":[]}');
    assert.equal(Attributes?.FifoQueue, undefined);
    const some = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'VisibilityTimeout'] }));
    assert.deepEqual(Object.keys(some.Attributes ?? {}).sort(), ['QueueArn', 'VisibilityTimeout']);
    assert.equal((await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl }))).Attributes, undefined);
  });

  it('sets attributes, clears clearable ones with an empty string, and keeps the rest', async () => {
    const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('set'), Attributes: { KmsMasterKeyId: 'alias/aws/sqs' } }));
    await h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '120', MaximumMessageSize: '2048' } }));
    let { Attributes } = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    assert.equal(Attributes?.VisibilityTimeout, '120');
    assert.equal(Attributes?.MaximumMessageSize, '2048');
    assert.equal(Attributes?.KmsMasterKeyId, 'alias/aws/sqs');
    assert.equal(Attributes?.KmsDataKeyReusePeriodSeconds, '300');
    assert.equal(Attributes?.SqsManagedSseEnabled, 'false');
    await h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { KmsMasterKeyId: '' } }));
    ({ Attributes } = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })));
    assert.equal(Attributes?.KmsMasterKeyId, undefined);
    assert.equal(Attributes?.SqsManagedSseEnabled, 'true');
  });

  it('lists queues by prefix, with pages when MaxResults is given', async () => {
    const prefix = uniqueName('list');
    const urls: string[] = [];
    for (const suffix of ['a', 'b', 'c']) urls.push((await h.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${suffix}` }))).QueueUrl!);
    assert.deepEqual((await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }))).QueueUrls, urls);
    const page1 = await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
    assert.deepEqual(page1.QueueUrls, urls.slice(0, 2));
    assert.ok(page1.NextToken);
    const page2 = await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: page1.NextToken }));
    assert.deepEqual(page2.QueueUrls, urls.slice(2));
    assert.equal(page2.NextToken, undefined);
    assert.equal((await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'no-such-prefix-' }))).QueueUrls, undefined);
  });

  it('deletes a queue; it is gone for every operation', async () => {
    const name = uniqueName('gone');
    const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
    await h.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await assert.rejects(h.sqs.send(new GetQueueUrlCommand({ QueueName: name })), { name: 'QueueDoesNotExist' });
    await assert.rejects(h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })), { name: 'QueueDoesNotExist' });
    await assert.rejects(h.sqs.send(new DeleteQueueCommand({ QueueUrl })), { name: 'QueueDoesNotExist' });
  });

  it('accepts a queue URL with another host name', async () => {
    const name = uniqueName('host');
    await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '3' } }));
    const foreign = `https://sqs.us-east-1.amazonaws.com/000000000000/${name}`;
    const { Attributes } = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: foreign, AttributeNames: ['DelaySeconds'] }));
    assert.equal(Attributes?.DelaySeconds, '3');
  });

  it('tags queues at creation and later, and untags them', async () => {
    const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('tags'), tags: { team: 'payments' } }));
    await h.sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'dev', team: 'orders' } }));
    assert.deepEqual((await h.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { team: 'orders', env: 'dev' });
    await h.sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team', 'absent'] }));
    assert.deepEqual((await h.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { env: 'dev' });
    await h.sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['env'] }));
    assert.equal((await h.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, undefined);
  });

  it('adds and removes permission statements in the queue policy', async () => {
    const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('perm') }));
    await h.sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'AliceSend', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] }));
    const policy = JSON.parse((await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))).Attributes!.Policy!);
    assert.equal(policy.Statement[0].Sid, 'AliceSend');
    assert.deepEqual(policy.Statement[0].Action, ['SQS:SendMessage']);
    await assert.rejects(
      h.sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'AliceSend', AWSAccountIds: ['111122223333'], Actions: ['*'] })),
      { name: 'InvalidParameterValue' },
    );
    await h.sqs.send(new RemovePermissionCommand({ QueueUrl, Label: 'AliceSend' }));
    assert.equal((await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))).Attributes, undefined);
  });
});
