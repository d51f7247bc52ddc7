/**
 * Several nodes over one PostgreSQL: three server processes on one fresh schema, with AWS SDK
 * clients spread across them. A rule made on one node routes events put on another; FIFO
 * order per message group holds with receivers on every node; no message is handed to two
 * receivers within its visibility timeout; a long poll on one node is woken by a send on
 * another; a scheduled rule fires once per minute tick; a node killed with SIGKILL mid-load
 * loses nothing acknowledged. A second schedule case runs three nodes in this process sharing
 * a test clock, so several ticks can be made due at once (a process only has the wall clock).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { startServer, type RunningServer } from '../src/index.js';
import { openPostgresStore } from '../src/storage/postgres/store.js';
import { startServerProcess, type ServerProcess } from './helpers/process.js';
import { PG_URL, dropSchema, freshSchema, whenPostgres } from './helpers/postgres.js';

const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Clients {
  readonly url: string;
  readonly events: EventBridgeClient;
  readonly sqs: SQSClient;
}

function clientsOf(url: string): Clients {
  return {
    url,
    events: new EventBridgeClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
    sqs: new SQSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
  };
}

/** Queue URLs name the node they were made on, but any node serves any queue: address it via `node`. */
const urlOn = (node: Clients, queue: string): string => `${node.url}/${ACCOUNT}/${queue}`;

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${counter++}`;

async function createQueue(node: Clients, name: string, attributes: Record<string, string> = {}): Promise<void> {
  await node.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
}

async function deleteAll(node: Clients, queue: string, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  const r = await node.sqs.send(new DeleteMessageBatchCommand({
    QueueUrl: urlOn(node, queue),
    Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
  }));
  assert.equal(r.Failed?.length ?? 0, 0, JSON.stringify(r.Failed));
}

async function depth(node: Clients, queue: string): Promise<number> {
  const res = await node.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: urlOn(node, queue),
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  const a = res.Attributes ?? {};
  return Number(a['ApproximateNumberOfMessages']) + Number(a['ApproximateNumberOfMessagesNotVisible']) + Number(a['ApproximateNumberOfMessagesDelayed']);
}

/** Polls until `check` holds, or fails after `ms`. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not reached in ${ms} ms`);
    await sleep(100);
  }
}

await whenPostgres('cluster of three nodes on PostgreSQL', () => {
  describe('cluster: three server processes on one PostgreSQL', () => {
    const schema = freshSchema();
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
    const env = { SWITCHBOARD_STORE: PG_URL, SWITCHBOARD_STORE_SCHEMA: schema };
    const processes: Array<ServerProcess | undefined> = [];
    let nodes: Clients[] = [];

    before(async () => {
      // Started together: migrations run once under the advisory lock.
      const started = await Promise.all([0, 1, 2].map(() => startServerProcess(dataDir, env)));
      processes.push(...started);
      nodes = started.map((p) => clientsOf(p.url));
    });
    after(async () => {
      await Promise.all(processes.map((p) => p?.stop().catch(() => undefined)));
      await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('routes events put on any node by a rule made on another, to a queue read on a third', async () => {
      const [a, b, c] = nodes as [Clients, Clients, Clients];
      const queue = unique('routed');
      await createQueue(a, queue);
      const source = unique('cluster.source');
      await a.events.send(new PutRuleCommand({ Name: queue, EventPattern: JSON.stringify({ source: [source] }) }));
      await a.events.send(new PutTargetsCommand({ Rule: queue, Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}` }] }));
      // The other nodes learn of the rule from the change signal, not from a restart.
      const received: string[] = [];
      let n = 0;
      await eventually('rule known on node b', async () => {
        const put = await b.events.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: 'Probe', Detail: JSON.stringify({ n: n++ }) }] }));
        assert.equal(put.FailedEntryCount, 0);
        const r = await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(c, queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        received.push(...(r.Messages ?? []).map((m) => m.Body!));
        return received.length > 0;
      }, 10_000);
      assert.equal((JSON.parse(received[0]!) as { source: string }).source, source);
    });

    it('wakes a long poll on one node when another node receives the send', async () => {
      const [a, b] = nodes as [Clients, Clients, Clients];
      const queue = unique('wake');
      await createQueue(a, queue);
      const started = Date.now();
      const polling = b.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(b, queue), WaitTimeSeconds: 10 }));
      await sleep(300);
      await a.sqs.send(new SendMessageCommand({ QueueUrl: urlOn(a, queue), MessageBody: 'wake up' }));
      const r = await polling;
      assert.equal(r.Messages?.[0]?.Body, 'wake up');
      assert.ok(Date.now() - started < 5_000, `the long poll was not woken by the other node's send (${Date.now() - started} ms)`);
    });

    it('never hands a message to two receivers within its visibility timeout', async () => {
      const queue = unique('once');
      await createQueue(nodes[0]!, queue, { VisibilityTimeout: '60' });
      const total = 300;
      for (let i = 0; i < total; i += 10) {
        await nodes[i % 3]!.sqs.send(new SendMessageBatchCommand({
          QueueUrl: urlOn(nodes[i % 3]!, queue),
          Entries: Array.from({ length: 10 }, (_, k) => ({ Id: String(k), MessageBody: `m${i + k}` })),
        }));
      }
      const seen = new Map<string, number>();
      // Four receivers per node, all at once, none deleting: each message may be handed out once.
      const receiver = async (node: Clients): Promise<void> => {
        for (let empty = 0; empty < 3; ) {
          const r = await node.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(node, queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
          const messages = r.Messages ?? [];
          if (messages.length === 0) empty++;
          for (const m of messages) seen.set(m.Body!, (seen.get(m.Body!) ?? 0) + 1);
        }
      };
      await Promise.all(nodes.flatMap((node) => [receiver(node), receiver(node), receiver(node), receiver(node)]));
      const twice = [...seen].filter(([, times]) => times > 1);
      assert.deepEqual(twice, [], 'messages received twice within the visibility timeout');
      assert.equal(seen.size, total, 'every message received once');
    });

    it('keeps FIFO order per message group with receivers on every node', async () => {
      const queue = `${unique('order')}.fifo`;
      await createQueue(nodes[0]!, queue, { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '30' });
      const groups = ['g0', 'g1', 'g2', 'g3', 'g4'];
      const perGroup = 30;
      // Sent in order per group, from different nodes in turn.
      for (let i = 0; i < perGroup; i++) {
        const node = nodes[i % 3]!;
        await node.sqs.send(new SendMessageBatchCommand({
          QueueUrl: urlOn(node, queue),
          Entries: groups.map((g, k) => ({ Id: String(k), MessageBody: `${g}:${i}`, MessageGroupId: g })),
        }));
      }
      const order = new Map<string, number[]>(groups.map((g) => [g, []]));
      let done = 0;
      const receiver = async (node: Clients): Promise<void> => {
        for (let empty = 0; done < groups.length * perGroup && empty < 50; ) {
          const r = await node.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(node, queue), MaxNumberOfMessages: 3, WaitTimeSeconds: 1 }));
          const messages = r.Messages ?? [];
          if (messages.length === 0) empty++;
          for (const m of messages) {
            const [g, i] = m.Body!.split(':') as [string, string];
            order.get(g)!.push(Number(i));
          }
          done += messages.length;
          // The next message of a group is receivable only once these are deleted.
          await deleteAll(node, queue, messages);
        }
      };
      await Promise.all(nodes.flatMap((node) => [receiver(node), receiver(node)]));
      const expected = Array.from({ length: perGroup }, (_, i) => i);
      for (const g of groups) assert.deepEqual(order.get(g), expected, `group ${g} out of order or incomplete`);
    });

    it('fires a scheduled rule once per tick with three processes running it', { timeout: 120_000 }, async () => {
      // Real time: every node's scheduler sees the minute tick; one commit wins it.
      const queue = unique('tick');
      await createQueue(nodes[0]!, queue);
      await nodes[1]!.events.send(new PutRuleCommand({ Name: queue, ScheduleExpression: 'cron(* * * * ? *)' }));
      await nodes[1]!.events.send(new PutTargetsCommand({ Rule: queue, Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}` }] }));
      const ticks: string[] = [];
      const take = async (node: Clients): Promise<void> => {
        const r = await node.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(node, queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        for (const m of r.Messages ?? []) ticks.push((JSON.parse(m.Body!) as { time: string }).time);
        await deleteAll(node, queue, r.Messages ?? []);
      };
      await eventually('the first minute tick', async () => {
        await take(nodes[2]!);
        return ticks.length > 0;
      }, 75_000);
      for (let i = 0; i < 4; i++) await take(nodes[i % 3]!); // a second node's copy of the tick would be here by now
      assert.equal(ticks.length, 1, `one event per tick, got ${JSON.stringify(ticks)}`);
    });

    it('loses nothing acknowledged when a node is killed with SIGKILL mid-load', { timeout: 120_000 }, async () => {
      const routed = unique('kill-routed');
      const direct = unique('kill-direct');
      await createQueue(nodes[0]!, routed, { VisibilityTimeout: '3' });
      await createQueue(nodes[0]!, direct, { VisibilityTimeout: '3' });
      const source = unique('kill.source');
      await nodes[0]!.events.send(new PutRuleCommand({ Name: routed, EventPattern: JSON.stringify({ source: [source] }) }));
      await nodes[0]!.events.send(new PutTargetsCommand({ Rule: routed, Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${routed}` }] }));
      await sleep(1000); // every node has the rule (the first test shows how quickly)

      const acked = { events: new Set<string>(), messages: new Set<string>() };
      const received = { events: new Set<string>(), messages: new Set<string>() };
      let running = true;
      let seq = 0;
      const producer = async (node: Clients, w: number): Promise<void> => {
        while (running) {
          const ids = Array.from({ length: 5 }, () => `e${w}-${seq++}`);
          const body = `m${w}-${seq++}`;
          try {
            const put = await node.events.send(new PutEventsCommand({ Entries: ids.map((n) => ({ Source: source, DetailType: 'T', Detail: JSON.stringify({ n }) })) }));
            if (put.FailedEntryCount === 0) ids.forEach((n) => acked.events.add(n));
            await node.sqs.send(new SendMessageCommand({ QueueUrl: urlOn(node, direct), MessageBody: body }));
            acked.messages.add(body);
          } catch {
            await sleep(20); // not acknowledged: this node may be dead
          }
        }
      };
      const receiver = async (node: Clients, queue: string, go: () => boolean): Promise<void> => {
        while (go()) {
          try {
            const r = await node.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(node, queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
            const messages = r.Messages ?? [];
            for (const m of messages) {
              if (queue === routed) received.events.add((JSON.parse(m.Body!) as { detail: { n: string } }).detail.n);
              else received.messages.add(m.Body!);
            }
            await deleteAll(node, queue, messages);
          } catch {
            await sleep(20);
          }
        }
      };
      const work = nodes.flatMap((node, i) => [
        producer(node, i * 2), producer(node, i * 2 + 1),
        receiver(node, routed, () => running), receiver(node, direct, () => running),
      ]);
      await sleep(1500);
      await processes[1]!.kill(); // node 1 dies with requests, receives and commits in flight
      processes[1] = undefined;
      await sleep(1500);
      running = false;
      await Promise.all(work);
      assert.ok(acked.events.size > 50 && acked.messages.size > 10, `too little load: ${acked.events.size} events, ${acked.messages.size} messages`);

      // The survivors drain: what the dead node had in flight reappears after its visibility timeout.
      const survivors = [nodes[0]!, nodes[2]!];
      let draining = true;
      const drainers = survivors.flatMap((node) => [receiver(node, routed, () => draining), receiver(node, direct, () => draining)]);
      const missing = (): number =>
        [...acked.events].filter((n) => !received.events.has(n)).length + [...acked.messages].filter((m) => !received.messages.has(m)).length;
      // Receivers keep going until the queues are empty too: a message received through the dead
      // node whose delete never reached it comes back after its visibility timeout (at least once).
      try {
        await eventually('every acknowledged event and message received', async () => missing() === 0, 30_000);
        await eventually('queues drained', async () => (await depth(survivors[0]!, routed)) + (await depth(survivors[0]!, direct)) === 0, 30_000);
      } finally {
        draining = false;
        await Promise.all(drainers);
      }
      process.stdout.write(`# cluster kill: ${acked.events.size} events and ${acked.messages.size} messages acknowledged, all received\n`);
    });
  });

  describe('cluster: a scheduled rule fires once per tick across nodes', () => {
    const schema = freshSchema();
    // Wall-clock speed plus an offset the test moves forward, shared by the three nodes.
    let offset = 0;
    const clock = { now: () => Date.now() + offset };
    const servers: RunningServer[] = [];

    before(async () => {
      // The schedule loops notice a moved clock within 50 ms (production: 1 s).
      process.env['SWITCHBOARD_EVENTS_POLL_MS'] = '50';
      for (let i = 0; i < 3; i++) {
        const store = await openPostgresStore(PG_URL, { schema, poolSize: 4 });
        servers.push(await startServer({ port: 0, logLevel: 'silent', store, clock }));
      }
    });
    after(async () => {
      delete process.env['SWITCHBOARD_EVENTS_POLL_MS'];
      for (const s of servers) await s.close();
      await dropSchema(schema);
    });

    it('three nodes with one clock: each tick delivers one event', async () => {
      const [a, b, c] = servers.map((s) => clientsOf(s.url)) as [Clients, Clients, Clients];
      const queue = unique('ticks');
      await createQueue(a, queue);
      await b.events.send(new PutRuleCommand({ Name: queue, ScheduleExpression: 'rate(1 minute)' }));
      await b.events.send(new PutTargetsCommand({ Rule: queue, Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}` }] }));
      await sleep(500); // every node knows the rule
      const times: string[] = [];
      for (let tick = 1; tick <= 3; tick++) {
        offset += 60_000;
        await eventually(`tick ${tick} delivered`, async () => {
          const r = await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(c, queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
          for (const m of r.Messages ?? []) times.push((JSON.parse(m.Body!) as { time: string }).time);
          await deleteAll(c, queue, r.Messages ?? []);
          return times.length >= tick;
        });
      }
      await sleep(1500); // any second node's tick would have arrived by now
      const r = await a.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOn(a, queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const m of r.Messages ?? []) times.push((JSON.parse(m.Body!) as { time: string }).time);
      assert.equal(times.length, 3, `expected one event per tick, got ${JSON.stringify(times)}`);
      assert.equal(new Set(times).size, 3, 'three distinct ticks');
    });
  });
});

