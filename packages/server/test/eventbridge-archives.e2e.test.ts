/**
 * Archives and replays end to end through @aws-sdk/client-eventbridge and
 * @aws-sdk/client-sqs: events put on a bus are archived (EventCount grows), a replay of a
 * time window puts them back on the bus and its rules deliver them to SQS queues carrying
 * `replay-name`, only to the rules named in FilterArns when given, without archiving them
 * again; DescribeReplay follows it to COMPLETED; bad input gets AWS's errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CancelReplayCommand, CreateArchiveCommand, CreateEventBusCommand, DeleteArchiveCommand, DescribeArchiveCommand,
  DescribeReplayCommand, EventBridgeClient, ListArchivesCommand, ListReplaysCommand, PutEventsCommand, PutRuleCommand,
  PutTargetsCommand, StartReplayCommand, UpdateArchiveCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestServer, type TestServer } from './helpers/server.js';
import { eventually } from './eventbridge-extras-fixture.js';

describe('archives and replays (SDK, end to end)', () => {
  let server: TestServer;
  let eb: EventBridgeClient;
  let sqs: SQSClient;
  let busArn: string;
  let archiveArn: string;
  const queues: Record<string, { url: string; arn: string; bodies: Array<Record<string, unknown>> }> = {};
  let putStart: Date;
  let putEnd: Date;

  const errorName = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (err) {
      return `${(err as Error).name}: ${(err as Error).message}`;
    }
    return 'no error';
  };

  async function queue(name: string): Promise<void> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    queues[name] = { url: QueueUrl!, arn: Attributes!['QueueArn']!, bodies: [] };
  }

  /** Receives until `probe` holds on everything this queue got so far. */
  async function drainUntil(name: string, probe: (bodies: Array<Record<string, unknown>>) => boolean, what: string): Promise<Array<Record<string, unknown>>> {
    const q = queues[name]!;
    return eventually(async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const m of out.Messages ?? []) q.bodies.push(JSON.parse(m.Body!) as Record<string, unknown>);
      return probe(q.bodies) ? q.bodies : undefined;
    }, 15_000, what);
  }
  const replayed = (bodies: Array<Record<string, unknown>>, name: string): Array<Record<string, unknown>> => bodies.filter((b) => b['replay-name'] === name);

  before(async () => {
    server = await startTestServer();
    eb = new EventBridgeClient(server.clientConfig);
    sqs = new SQSClient(server.clientConfig);
    busArn = (await eb.send(new CreateEventBusCommand({ Name: 'orders' }))).EventBusArn!;
    await queue('all-orders');
    await queue('big-orders');
    for (const [rule, pattern, q] of [['AllOrders', { source: ['shop'] }, 'all-orders'], ['BigOrders', { source: ['shop'], detail: { total: [{ numeric: ['>=', 100] }] } }, 'big-orders']] as const) {
      await eb.send(new PutRuleCommand({ Name: rule, EventBusName: 'orders', EventPattern: JSON.stringify(pattern) }));
      await eb.send(new PutTargetsCommand({ Rule: rule, EventBusName: 'orders', Targets: [{ Id: 'q', Arn: queues[q]!.arn }] }));
    }
  });
  after(async () => {
    eb.destroy();
    sqs.destroy();
    await server.dispose();
  });

  it('creates an archive of a bus and counts the events it takes', async () => {
    const created = await eb.send(new CreateArchiveCommand({
      ArchiveName: 'orders-archive', EventSourceArn: busArn, Description: 'shop orders', EventPattern: JSON.stringify({ source: ['shop'] }), RetentionDays: 30,
    }));
    archiveArn = created.ArchiveArn!;
    assert.equal(archiveArn, 'arn:aws:events:us-east-1:000000000000:archive/orders-archive');
    assert.equal(created.State, 'ENABLED');
    putStart = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    const entries = [50, 150, 250].map((total) => ({ EventBusName: 'orders', Source: 'shop', DetailType: 'OrderPlaced', Detail: JSON.stringify({ total }) }));
    assert.equal((await eb.send(new PutEventsCommand({ Entries: [...entries, { EventBusName: 'orders', Source: 'elsewhere', DetailType: 'X', Detail: '{}' }] }))).FailedEntryCount, 0);
    const d = await eb.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }));
    assert.equal(d.EventCount, 3);
    assert.ok((d.SizeBytes ?? 0) > 0);
    assert.deepEqual([d.State, d.RetentionDays, d.Description, d.EventSourceArn], ['ENABLED', 30, 'shop orders', busArn]);
    assert.ok(d.CreationTime instanceof Date);
    const listed = await eb.send(new ListArchivesCommand({ EventSourceArn: busArn }));
    assert.deepEqual(listed.Archives?.map((a) => [a.ArchiveName, a.EventCount]), [['orders-archive', 3]]);
    await drainUntil('all-orders', (b) => b.length >= 3, 'the original deliveries');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the window's end must be past the events' (second-precision) time
    putEnd = new Date();
  });

  it('replays a window to every rule, marked with replay-name, without archiving it again', async () => {
    const started = await eb.send(new StartReplayCommand({
      ReplayName: 'replay-all', EventSourceArn: archiveArn, EventStartTime: putStart, EventEndTime: putEnd, Destination: { Arn: busArn },
    }));
    assert.equal(started.ReplayArn, 'arn:aws:events:us-east-1:000000000000:replay/replay-all');
    assert.ok(started.State === 'STARTING' || started.State === 'RUNNING');
    const done = await eventually(async () => {
      const d = await eb.send(new DescribeReplayCommand({ ReplayName: 'replay-all' }));
      return d.State === 'COMPLETED' ? d : undefined;
    }, 15_000, 'the replay to complete');
    assert.ok(done.EventLastReplayedTime instanceof Date);
    assert.ok(done.ReplayEndTime instanceof Date && done.ReplayStartTime instanceof Date);
    assert.equal(done.EventSourceArn, archiveArn);
    const all = await drainUntil('all-orders', (b) => replayed(b, 'replay-all').length >= 3, 'the replayed events');
    assert.deepEqual(replayed(all, 'replay-all').map((b) => (b['detail'] as { total: number }).total).sort(), [150, 250, 50]);
    await drainUntil('big-orders', (b) => replayed(b, 'replay-all').length >= 2, 'the replayed big orders');
    assert.equal((await eb.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }))).EventCount, 3);
    const listed = await eb.send(new ListReplaysCommand({ EventSourceArn: archiveArn, State: 'COMPLETED' }));
    assert.deepEqual(listed.Replays?.map((r) => r.ReplayName), ['replay-all']);
  });

  it('replays only to the rules in FilterArns', async () => {
    const bigRule = 'arn:aws:events:us-east-1:000000000000:rule/orders/BigOrders';
    await eb.send(new StartReplayCommand({
      ReplayName: 'replay-big', EventSourceArn: archiveArn, EventStartTime: putStart, EventEndTime: putEnd, Destination: { Arn: busArn, FilterArns: [bigRule] },
    }));
    await eventually(async () => ((await eb.send(new DescribeReplayCommand({ ReplayName: 'replay-big' }))).State === 'COMPLETED' ? true : undefined), 15_000, 'replay-big');
    await drainUntil('big-orders', (b) => replayed(b, 'replay-big').length >= 2, 'replay-big in big-orders');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await drainUntil('all-orders', () => true, 'a last look');
    assert.equal(replayed(queues['all-orders']!.bodies, 'replay-big').length, 0);
  });

  it('refuses to cancel a finished replay, and answers bad replays and archives with AWS errors', async () => {
    assert.match(await errorName(eb.send(new CancelReplayCommand({ ReplayName: 'replay-all' }))), /^IllegalStatusException/);
    assert.match(await errorName(eb.send(new CancelReplayCommand({ ReplayName: 'nope' }))), /^ResourceNotFoundException/);
    const base = { ReplayName: 'bad', EventSourceArn: archiveArn, EventStartTime: putStart, EventEndTime: putEnd, Destination: { Arn: busArn } };
    assert.match(await errorName(eb.send(new StartReplayCommand({ ...base, ReplayName: 'replay-all' }))), /^ResourceAlreadyExistsException/);
    assert.match(await errorName(eb.send(new StartReplayCommand({ ...base, EventEndTime: new Date(Date.now() + 3_600_000) }))), /^ValidationException: .*future/);
    assert.match(await errorName(eb.send(new StartReplayCommand({ ...base, EventStartTime: putEnd, EventEndTime: putStart }))), /^ValidationException/);
    assert.match(await errorName(eb.send(new StartReplayCommand({ ...base, Destination: { Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' } }))), /^ValidationException/);
    assert.match(await errorName(eb.send(new StartReplayCommand({ ...base, EventSourceArn: `${archiveArn}-missing` }))), /^ResourceNotFoundException/);
    assert.match(await errorName(eb.send(new CreateArchiveCommand({ ArchiveName: 'a2', EventSourceArn: busArn, EventPattern: '{"source":"shop"}' }))), /^InvalidEventPatternException/);
    assert.match(await errorName(eb.send(new CreateArchiveCommand({ ArchiveName: 'a2', EventSourceArn: busArn.replace('orders', 'missing') }))), /^ResourceNotFoundException/);
    assert.match(await errorName(eb.send(new CreateArchiveCommand({ ArchiveName: 'orders-archive', EventSourceArn: busArn }))), /^ResourceAlreadyExistsException/);
    assert.match(await errorName(eb.send(new DescribeArchiveCommand({ ArchiveName: 'nope' }))), /^ResourceNotFoundException/);
  });

  it('updates and deletes an archive', async () => {
    await eb.send(new UpdateArchiveCommand({ ArchiveName: 'orders-archive', RetentionDays: 0, EventPattern: '{"source":["elsewhere"]}' }));
    await eb.send(new PutEventsCommand({ Entries: [{ EventBusName: 'orders', Source: 'elsewhere', DetailType: 'X', Detail: '{}' }, { EventBusName: 'orders', Source: 'shop', DetailType: 'Y', Detail: '{}' }] }));
    const d = await eb.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }));
    assert.deepEqual([d.EventCount, d.RetentionDays, d.EventPattern], [4, 0, '{"source":["elsewhere"]}']);
    await eb.send(new DeleteArchiveCommand({ ArchiveName: 'orders-archive' }));
    assert.match(await errorName(eb.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }))), /^ResourceNotFoundException/);
    const again = await eb.send(new CreateArchiveCommand({ ArchiveName: 'orders-archive', EventSourceArn: busArn }));
    assert.equal(again.ArchiveArn, archiveArn);
    assert.equal((await eb.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }))).EventCount, 0);
  });
});
