/**
 * PutEvents to SQS through the AWS SDK: the envelope, matching, FIFO queues, Input /
 * InputPath / InputTransformer bodies, bus-to-bus, per-entry failures, dead-letter queues,
 * metrics and publish-to-receive latency.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateEventBusCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type PutEventsRequestEntry,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  createQueue,
  eventually,
  expectNothing,
  metric,
  receive,
  receiveJson,
  sleep,
  startFixture,
  unique,
  type Fixture,
  type Queue,
} from './eventbridge-core-fixture.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

describe('EventBridge delivery to SQS', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f.server.dispose();
  });

  /** A rule on `bus` matching `source`, with one target per queue (target settings from `extra`). */
  async function ruleTo(source: string, queues: Queue[], extra: Partial<Target> = {}, bus = 'default'): Promise<string> {
    const name = unique('rule');
    await f.eb.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: JSON.stringify({ source: [source] }) }));
    const targets = queues.map((q, i) => ({ Id: `t${i}`, Arn: q.arn, ...extra }));
    const put = await f.eb.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: targets }));
    assert.equal(put.FailedEntryCount, 0);
    return name;
  }

  async function publish(...entries: PutEventsRequestEntry[]): Promise<string[]> {
    const r = await f.eb.send(new PutEventsCommand({ Entries: entries }));
    assert.equal(r.FailedEntryCount, 0, JSON.stringify(r.Entries));
    return (r.Entries ?? []).map((e) => e.EventId as string);
  }

  it('has the message in the queue when PutEvents returns (queue targets are written in the same commit)', async () => {
    const q = await createQueue(f.sqs, unique('inline'));
    const source = unique('inline');
    await ruleTo(source, [q], { InputTransformer: { InputPathsMap: { t: '$.detail-type' }, InputTemplate: '"<t> via <aws.events.rule-name>"' } });
    const before = await metric(f.server, 'switchboard_events_delivered_total{target_kind="sqs"}');
    await publish({ Source: source, DetailType: 'Now', Detail: '{}' });
    // No wait and no long poll: the message was stored by PutEvents' own commit.
    const r = await f.sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
    assert.equal(r.Messages?.length, 1);
    assert.match(r.Messages![0]!.Body!, /Now via rule-/);
    assert.equal(await metric(f.server, 'switchboard_events_delivered_total{target_kind="sqs"}'), before + 1, 'counted as a delivery');
  });

  it('delivers the full event envelope to a matching rule\u2019s queue', async () => {
    const q = await createQueue(f.sqs, unique('env'));
    const source = unique('shop');
    await ruleTo(source, [q]);
    const time = new Date('2026-03-04T05:06:07.890Z');
    const [id] = await publish({ Source: source, DetailType: 'OrderPlaced', Detail: '{"total": 12, "items": [1, 2]}', Resources: ['arn:x'], Time: time });
    const [event] = await receiveJson(f.sqs, q.url);
    assert.deepEqual(event, {
      version: '0',
      id,
      'detail-type': 'OrderPlaced',
      source,
      account: ACCOUNT,
      time: '2026-03-04T05:06:07Z',
      region: REGION,
      resources: ['arn:x'],
      detail: { total: 12, items: [1, 2] },
    });
  });

  it('stamps events without Time with the time of the call, and does not deliver non-matching events', async () => {
    const q = await createQueue(f.sqs, unique('time'));
    const source = unique('clock');
    await ruleTo(source, [q]);
    const before = Math.floor(Date.now() / 1000) * 1000;
    await publish({ Source: `${source}-other`, DetailType: 'x', Detail: '{}' }, { Source: source, DetailType: 'x', Detail: '{}' });
    const [event] = await receiveJson(f.sqs, q.url);
    const t = Date.parse(event?.['time'] as string);
    assert.ok(t >= before && t <= Date.now(), `time ${String(event?.['time'])}`);
    await expectNothing(f.sqs, q.url);
  });

  it('fans out to every target of every matching rule', async () => {
    const [a, b, c] = await Promise.all([createQueue(f.sqs, unique('fa')), createQueue(f.sqs, unique('fb')), createQueue(f.sqs, unique('fc'))]);
    const source = unique('fan');
    await ruleTo(source, [a as Queue, b as Queue]);
    await ruleTo(source, [c as Queue]);
    const [id] = await publish({ Source: source, DetailType: 'x', Detail: '{}' });
    for (const q of [a, b, c] as Queue[]) assert.equal((await receiveJson(f.sqs, q.url))[0]?.['id'], id);
  });

  it('delivers nothing for a disabled rule until it is enabled again', async () => {
    const q = await createQueue(f.sqs, unique('dis'));
    const source = unique('toggle');
    const rule = await ruleTo(source, [q]);
    await f.eb.send(new DisableRuleCommand({ Name: rule }));
    await publish({ Source: source, DetailType: 'x', Detail: '{"n":1}' });
    await expectNothing(f.sqs, q.url);
    await f.eb.send(new EnableRuleCommand({ Name: rule }));
    await publish({ Source: source, DetailType: 'x', Detail: '{"n":2}' });
    const [event] = await receiveJson(f.sqs, q.url);
    assert.deepEqual(event?.['detail'], { n: 2 });
  });

  it('delivers to a FIFO queue with the target\u2019s MessageGroupId, in order', async () => {
    const q = await createQueue(f.sqs, `${unique('orders')}.fifo`, { FifoQueue: 'true' });
    const source = unique('fifo');
    await ruleTo(source, [q], { SqsParameters: { MessageGroupId: 'group-1' } });
    for (let i = 0; i < 3; i++) await publish({ Source: source, DetailType: 'x', Detail: JSON.stringify({ i }) });
    const messages = await receive(f.sqs, q.url, 3);
    assert.deepEqual(messages.map((m) => (JSON.parse(m.Body as string) as { detail: { i: number } }).detail.i), [0, 1, 2]);
    for (const m of messages) assert.equal(m.Attributes?.['MessageGroupId'], 'group-1');
  });

  it('sends Input, InputPath and InputTransformer bodies', async () => {
    const source = unique('input');
    const [constant, path, json, text] = await Promise.all(['c', 'p', 'j', 't'].map((n) => createQueue(f.sqs, unique(n))));
    await ruleTo(source, [constant as Queue], { Input: '{"constant":[1,2]}' });
    await ruleTo(source, [path as Queue], { InputPath: '$.detail.order' });
    await ruleTo(source, [json as Queue], {
      InputTransformer: {
        InputPathsMap: { id: '$.detail.order.id', total: '$.detail.order.total', tags: '$.detail.tags' },
        InputTemplate: '{"order": <id>, "total": <total>, "tags": <tags>, "line": "order <id> of <total> (\\"<id>\\")", "rule": <aws.events.rule-name>, "list": [<id>, 1]}',
      },
    });
    const textRule = await ruleTo(source, [text as Queue], {
      InputTransformer: { InputPathsMap: { id: '$.detail.order.id' }, InputTemplate: 'Order <id> placed via <aws.events.rule-name>' },
    });
    await publish({ Source: source, DetailType: 'x', Detail: JSON.stringify({ order: { id: 'o-"1"', total: 9.5 }, tags: ['a'] }) });
    assert.equal((await receive(f.sqs, (constant as Queue).url))[0]?.Body, '{"constant":[1,2]}');
    assert.deepEqual(JSON.parse((await receive(f.sqs, (path as Queue).url))[0]?.Body as string), { id: 'o-"1"', total: 9.5 });
    const body = JSON.parse((await receive(f.sqs, (json as Queue).url))[0]?.Body as string) as Record<string, unknown>;
    assert.equal(body['order'], 'o-"1"');
    assert.equal(body['total'], 9.5);
    assert.deepEqual(body['tags'], ['a']);
    assert.equal(body['line'], 'order o-"1" of 9.5 ("o-"1"")');
    assert.match(body['rule'] as string, /^rule-/);
    assert.deepEqual(body['list'], ['o-"1"', 1]);
    assert.equal((await receive(f.sqs, (text as Queue).url))[0]?.Body, `Order o-"1" placed via ${textRule}`);
  });

  it('forwards events to another bus, whose rules route them, but never on to a third bus', async () => {
    const second = unique('second');
    const third = unique('third');
    await f.eb.send(new CreateEventBusCommand({ Name: second }));
    await f.eb.send(new CreateEventBusCommand({ Name: third }));
    const source = unique('b2b');
    const onSecond = await createQueue(f.sqs, unique('on-second'));
    const onThird = await createQueue(f.sqs, unique('on-third'));
    const busArn = (name: string): string => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`;
    // default -> second
    const fwd = unique('fwd');
    await f.eb.send(new PutRuleCommand({ Name: fwd, EventPattern: JSON.stringify({ source: [source] }) }));
    await f.eb.send(new PutTargetsCommand({ Rule: fwd, Targets: [{ Id: 'bus', Arn: busArn(second) }] }));
    // second -> queue, and second -> third (which must not happen for forwarded events)
    await ruleTo(source, [onSecond], {}, second);
    const hop = unique('hop');
    await f.eb.send(new PutRuleCommand({ Name: hop, EventBusName: second, EventPattern: JSON.stringify({ source: [source] }) }));
    await f.eb.send(new PutTargetsCommand({ Rule: hop, EventBusName: second, Targets: [{ Id: 'bus', Arn: busArn(third) }] }));
    await ruleTo(source, [onThird], {}, third);

    const [id] = await publish({ Source: source, DetailType: 'x', Detail: '{"hop":1}' });
    const [event] = await receiveJson(f.sqs, onSecond.url);
    assert.equal(event?.['id'], id);
    assert.deepEqual(event?.['detail'], { hop: 1 });
    await expectNothing(f.sqs, onThird.url, 500);

    // Published straight to the second bus, the same rule does forward to the third.
    await f.eb.send(new PutEventsCommand({ Entries: [{ EventBusName: second, Source: source, DetailType: 'x', Detail: '{}' }] }));
    assert.equal((await receiveJson(f.sqs, onThird.url)).length, 1);
  });

  it('reports failed entries one by one and delivers the others', async () => {
    const q = await createQueue(f.sqs, unique('partial'));
    const source = unique('partial');
    const bus = unique('pbus');
    await f.eb.send(new CreateEventBusCommand({ Name: bus }));
    await ruleTo(source, [q]);
    await ruleTo(source, [q], {}, bus);
    const r = await f.eb.send(
      new PutEventsCommand({
        Entries: [
          { Source: source, DetailType: 'x', Detail: '{"n":0}' },
          { DetailType: 'x', Detail: '{}' },
          { Source: source, Detail: '{}' },
          { Source: source, DetailType: 'x' },
          { Source: source, DetailType: 'x', Detail: '{broken' },
          { Source: source, DetailType: 'x', Detail: '[1,2]' },
          { Source: source, DetailType: 'x', Detail: '{}', EventBusName: 'no-such-bus' },
          { Source: 'aws.ec2', DetailType: 'x', Detail: '{}' },
          { Source: source, DetailType: 'x', Detail: '{"n":8}', EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${bus}` },
        ],
      }),
    );
    assert.equal(r.FailedEntryCount, 7);
    const codes = r.Entries?.map((e) => e.ErrorCode ?? 'ok');
    assert.deepEqual(codes, ['ok', 'InvalidArgument', 'InvalidArgument', 'InvalidArgument', 'MalformedDetail', 'MalformedDetail', 'InvalidArgument', 'NotAuthorizedForSourceException', 'ok']);
    assert.match(r.Entries?.[1]?.ErrorMessage ?? '', /Source/);
    assert.match(r.Entries?.[2]?.ErrorMessage ?? '', /DetailType/);
    assert.match(r.Entries?.[3]?.ErrorMessage ?? '', /Detail/);
    assert.match(r.Entries?.[6]?.ErrorMessage ?? '', /no-such-bus does not exist/);
    assert.ok(r.Entries?.[0]?.EventId && r.Entries[8]?.EventId);
    const events = await receiveJson(f.sqs, q.url, 2);
    assert.deepEqual(events.map((e) => (e['detail'] as { n: number }).n).sort(), [0, 8]);
  });

  it('sends an event whose queue is gone straight to the dead-letter queue, with the reason', async () => {
    const target = await createQueue(f.sqs, unique('doomed'));
    const dlq = await createQueue(f.sqs, unique('dlq'));
    const source = unique('dead');
    const rule = await ruleTo(source, [target], { DeadLetterConfig: { Arn: dlq.arn } });
    await f.sqs.send(new DeleteQueueCommand({ QueueUrl: target.url }));
    const [id] = await publish({ Source: source, DetailType: 'x', Detail: '{"lost":true}' });
    const [message] = await receive(f.sqs, dlq.url);
    assert.ok(message, 'a dead-lettered message');
    assert.equal((JSON.parse(message.Body as string) as { id: string }).id, id);
    const attrs = message.MessageAttributes ?? {};
    assert.equal(attrs['RULE_ARN']?.StringValue, `arn:aws:events:${REGION}:${ACCOUNT}:rule/${rule}`);
    assert.equal(attrs['TARGET_ARN']?.StringValue, target.arn);
    assert.equal(attrs['ERROR_CODE']?.StringValue, 'NO_RESOURCE');
    assert.match(attrs['ERROR_MESSAGE']?.StringValue ?? '', /does not exist/);
    for (const name of ['RULE_ARN', 'TARGET_ARN', 'ERROR_CODE', 'ERROR_MESSAGE']) assert.equal(attrs[name]?.DataType, 'String');
    assert.equal(attrs['RETRY_ATTEMPTS']?.StringValue, '0');
    await eventually(async () => (await metric(f.server, 'switchboard_events_dead_lettered_total{target_kind="sqs"}')) >= 1);
  });

  it('logs and counts a delivery given up on without a dead-letter queue', async () => {
    const target = await createQueue(f.sqs, unique('nodlq'));
    const source = unique('nodlq');
    await ruleTo(source, [target]);
    await f.sqs.send(new DeleteQueueCommand({ QueueUrl: target.url }));
    const before = await metric(f.server, 'switchboard_events_dropped_total{reason="no_dead_letter_queue"}');
    await publish({ Source: source, DetailType: 'x', Detail: '{}' });
    await eventually(async () => (await metric(f.server, 'switchboard_events_dropped_total{reason="no_dead_letter_queue"}')) === before + 1);
  });

  it('counts received, matched and delivered events', async () => {
    const q = await createQueue(f.sqs, unique('metrics'));
    const source = unique('metrics');
    await ruleTo(source, [q]);
    const received = await metric(f.server, 'switchboard_events_received_total{bus="default"}');
    const matched = await metric(f.server, 'switchboard_events_matched_total{bus="default"}');
    await publish({ Source: source, DetailType: 'x', Detail: '{}' }, { Source: `${source}-nomatch`, DetailType: 'x', Detail: '{}' });
    await receiveJson(f.sqs, q.url);
    assert.equal(await metric(f.server, 'switchboard_events_received_total{bus="default"}'), received + 2);
    assert.equal(await metric(f.server, 'switchboard_events_matched_total{bus="default"}'), matched + 1);
    await eventually(async () => (await metric(f.server, 'switchboard_events_pending_deliveries')) === 0);
    assert.ok((await metric(f.server, 'switchboard_events_delivered_total{target_kind="sqs"}')) >= 1);
  });

  it('gets a published event to a long-polling consumer within milliseconds', async () => {
    const q = await createQueue(f.sqs, unique('latency'));
    const source = unique('latency');
    await ruleTo(source, [q]);
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const polling = f.sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 5 }));
      await sleep(2);
      const started = performance.now();
      await publish({ Source: source, DetailType: 'x', Detail: JSON.stringify({ i }) });
      const got = await polling;
      samples.push(performance.now() - started);
      assert.equal(got.Messages?.length, 1);
      await f.sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: got.Messages?.[0]?.ReceiptHandle }));
    }
    samples.sort((a, b) => a - b);
    const p50 = samples[49] as number;
    const p99 = samples[98] as number;
    console.log(`publish-to-receive through the SDK (PutEvents call included): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
    assert.ok(p50 < 100, `p50 ${p50}`);
  });
});
