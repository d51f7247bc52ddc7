/** Event buses through the AWS SDK: create, describe, list, update, delete, tags. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  ListEventBusesCommand,
  ListTagsForResourceCommand,
  PutRuleCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEventBusCommand,
} from '@aws-sdk/client-eventbridge';
import { expectAwsError, startFixture, unique, type Fixture } from './eventbridge-core-fixture.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const arnOf = (name: string): string => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`;

describe('EventBridge buses', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f.server.dispose();
  });

  it('has a default bus in every account and Region', async () => {
    const bus = await f.eb.send(new DescribeEventBusCommand({}));
    assert.equal(bus.Name, 'default');
    assert.equal(bus.Arn, arnOf('default'));
    const byName = await f.eb.send(new DescribeEventBusCommand({ Name: 'default' }));
    assert.equal(byName.Arn, arnOf('default'));
  });

  it('creates a custom bus with its settings and tags, and describes it by name and ARN', async () => {
    const name = unique('orders');
    const dlq = `arn:aws:sqs:${REGION}:${ACCOUNT}:bus-dlq`;
    const created = await f.eb.send(
      new CreateEventBusCommand({
        Name: name,
        Description: 'order events',
        KmsKeyIdentifier: 'alias/orders',
        DeadLetterConfig: { Arn: dlq },
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    assert.equal(created.EventBusArn, arnOf(name));
    assert.equal(created.Description, 'order events');
    for (const ref of [name, arnOf(name)]) {
      const bus = await f.eb.send(new DescribeEventBusCommand({ Name: ref }));
      assert.equal(bus.Name, name);
      assert.equal(bus.Arn, arnOf(name));
      assert.equal(bus.Description, 'order events');
      assert.equal(bus.KmsKeyIdentifier, 'alias/orders');
      assert.deepEqual(bus.DeadLetterConfig, { Arn: dlq });
      assert.ok(bus.CreationTime instanceof Date);
    }
    const tags = await f.eb.send(new ListTagsForResourceCommand({ ResourceARN: arnOf(name) }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'shop' }]);
  });

  it('refuses a bus that exists, `default`, and invalid names', async () => {
    const name = unique('dup');
    await f.eb.send(new CreateEventBusCommand({ Name: name }));
    await expectAwsError(f.eb.send(new CreateEventBusCommand({ Name: name })), 'ResourceAlreadyExistsException', /already exists/);
    await expectAwsError(f.eb.send(new CreateEventBusCommand({ Name: 'default' })), 'ResourceAlreadyExistsException');
    await expectAwsError(f.eb.send(new CreateEventBusCommand({ Name: 'a/b' })), 'ValidationException', /cannot contain '\/'/);
    await expectAwsError(f.eb.send(new CreateEventBusCommand({ Name: 'bad name!' })), 'ValidationException', /at 'name'.*regular expression/);
    await expectAwsError(f.eb.send(new CreateEventBusCommand({ Name: 'x'.repeat(257) })), 'ValidationException', /length less than or equal to 256/);
    await expectAwsError(
      f.eb.send(new CreateEventBusCommand({ Name: unique('fifo-dlq'), DeadLetterConfig: { Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:q.fifo` } })),
      'ValidationException',
      /FIFO/,
    );
  });

  it('describes an unknown bus as ResourceNotFoundException', async () => {
    await expectAwsError(f.eb.send(new DescribeEventBusCommand({ Name: 'no-such-bus' })), 'ResourceNotFoundException', /Event bus no-such-bus does not exist/);
  });

  it('lists buses by prefix, page by page', async () => {
    const prefix = unique('page');
    const names = [0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`);
    for (const name of names) await f.eb.send(new CreateEventBusCommand({ Name: name }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await f.eb.send(new ListEventBusesCommand({ NamePrefix: prefix, Limit: 2, NextToken: token }));
      assert.ok((page.EventBuses ?? []).length <= 2);
      seen.push(...(page.EventBuses ?? []).map((b) => b.Name as string));
      token = page.NextToken;
      pages++;
    } while (token);
    assert.deepEqual(seen, names);
    assert.equal(pages, 3);
    const all = await f.eb.send(new ListEventBusesCommand({}));
    assert.ok(all.EventBuses?.some((b) => b.Name === 'default'));
    await expectAwsError(f.eb.send(new ListEventBusesCommand({ NextToken: 'garbage' })), 'ValidationException', /NextToken/);
  });

  it('updates a bus', async () => {
    const name = unique('upd');
    await f.eb.send(new CreateEventBusCommand({ Name: name, Description: 'before' }));
    const updated = await f.eb.send(new UpdateEventBusCommand({ Name: name, Description: 'after', KmsKeyIdentifier: 'alias/k' }));
    assert.equal(updated.Arn, arnOf(name));
    assert.equal(updated.Description, 'after');
    const bus = await f.eb.send(new DescribeEventBusCommand({ Name: name }));
    assert.equal(bus.Description, 'after');
    assert.equal(bus.KmsKeyIdentifier, 'alias/k');
    await expectAwsError(f.eb.send(new UpdateEventBusCommand({ Name: 'no-such-bus', Description: 'x' })), 'ResourceNotFoundException');
    const def = await f.eb.send(new UpdateEventBusCommand({ Description: 'the default bus' }));
    assert.equal(def.Name, 'default');
    assert.equal((await f.eb.send(new DescribeEventBusCommand({}))).Description, 'the default bus');
  });

  it('deletes a bus only when it has no rules, never `default`, and idempotently', async () => {
    const name = unique('del');
    await f.eb.send(new CreateEventBusCommand({ Name: name }));
    await f.eb.send(new PutRuleCommand({ Name: 'r', EventBusName: name, EventPattern: '{"source":["x"]}' }));
    await expectAwsError(f.eb.send(new DeleteEventBusCommand({ Name: name })), 'ValidationException', /has rules/);
    await f.eb.send(new DeleteRuleCommand({ Name: 'r', EventBusName: name }));
    await f.eb.send(new DeleteEventBusCommand({ Name: name }));
    await expectAwsError(f.eb.send(new DescribeEventBusCommand({ Name: name })), 'ResourceNotFoundException');
    await f.eb.send(new DeleteEventBusCommand({ Name: name }));
    await expectAwsError(f.eb.send(new DeleteEventBusCommand({ Name: 'default' })), 'ValidationException', /default/);
    await f.eb.send(new CreateEventBusCommand({ Name: name }));
    assert.equal((await f.eb.send(new DescribeEventBusCommand({ Name: name }))).Name, name);
  });

  it('tags and untags buses', async () => {
    const name = unique('tags');
    await f.eb.send(new CreateEventBusCommand({ Name: name, Tags: [{ Key: 'a', Value: '1' }] }));
    await f.eb.send(new TagResourceCommand({ ResourceARN: arnOf(name), Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] }));
    let tags = await f.eb.send(new ListTagsForResourceCommand({ ResourceARN: arnOf(name) }));
    assert.deepEqual(tags.Tags, [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }]);
    await f.eb.send(new UntagResourceCommand({ ResourceARN: arnOf(name), TagKeys: ['a'] }));
    tags = await f.eb.send(new ListTagsForResourceCommand({ ResourceARN: arnOf(name) }));
    assert.deepEqual(tags.Tags, [{ Key: 'b', Value: '3' }]);
    await expectAwsError(f.eb.send(new TagResourceCommand({ ResourceARN: arnOf('missing-bus'), Tags: [{ Key: 'a', Value: '1' }] })), 'ResourceNotFoundException');
    await expectAwsError(f.eb.send(new TagResourceCommand({ ResourceARN: arnOf(name), Tags: [{ Key: 'aws:x', Value: '1' }] })), 'ValidationException', /reserved/);
    await expectAwsError(f.eb.send(new ListTagsForResourceCommand({ ResourceARN: 'arn:aws:sqs:us-east-1:000000000000:q' })), 'ValidationException');
  });
});
