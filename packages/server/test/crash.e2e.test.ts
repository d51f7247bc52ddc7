/**
 * Acknowledged means durable: five rounds of SIGKILL while clients publish events (routed by
 * a rule to a queue) and send messages, with receivers consuming concurrently. After the last
 * restart every acknowledged event and message must be received at least once, and the queues
 * must drain to empty (nothing stuck in flight or pending delivery).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startServerProcess, type ServerProcess } from './helpers/process.js';

const ROUNDS = 5;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const clients = (url: string) => ({
  events: new EventBridgeClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
  sqs: new SQSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
});
const queueUrl = (url: string, name: string): string => `${url}/000000000000/${name}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tally {
  ackedEvents: Set<string>;
  ackedMessages: Set<string>;
  receivedEvents: Set<string>;
  receivedMessages: Set<string>;
}

/** Runs producers and receivers against one server until `stop` resolves. */
async function load(url: string, round: number, tally: Tally, stop: Promise<void>): Promise<void> {
  const { events, sqs } = clients(url);
  let running = true;
  void stop.then(() => (running = false));
  let seq = 0;
  const producer = async (w: number): Promise<void> => {
    while (running) {
      const ids = Array.from({ length: 5 }, () => `r${round}-w${w}-e${seq++}`);
      try {
        const res = await events.send(new PutEventsCommand({
          Entries: ids.map((n) => ({ Source: 'crash.test', DetailType: 'Tick', Detail: JSON.stringify({ n }) })),
        }));
        if (res.FailedEntryCount === 0) ids.forEach((n) => tally.ackedEvents.add(n));
      } catch {
        // not acknowledged: the server may be dying
      }
    }
  };
  const sender = async (w: number): Promise<void> => {
    while (running) {
      const body = `r${round}-w${w}-m${seq++}`;
      try {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(url, 'crash-direct'), MessageBody: body }));
        tally.ackedMessages.add(body);
      } catch {
        // not acknowledged
      }
    }
  };
  const receivers = [receiveLoop(sqs, url, 'crash-routed', tally, () => running), receiveLoop(sqs, url, 'crash-direct', tally, () => running)];
  await Promise.all([...[0, 1, 2, 3].map(producer), ...[0, 1, 2].map(sender), ...receivers]);
}

async function receiveLoop(sqs: SQSClient, url: string, queue: string, tally: Tally, go: () => boolean): Promise<void> {
  while (go()) {
    try {
      const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(url, queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const messages = res.Messages ?? [];
      for (const m of messages) {
        if (queue === 'crash-routed') tally.receivedEvents.add((JSON.parse(m.Body!) as { detail: { n: string } }).detail.n);
        else tally.receivedMessages.add(m.Body!);
      }
      if (messages.length > 0) {
        await sqs.send(new DeleteMessageBatchCommand({
          QueueUrl: queueUrl(url, queue),
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }));
      }
    } catch {
      await sleep(50);
    }
  }
}

async function depth(sqs: SQSClient, url: string, queue: string): Promise<number> {
  const res = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl(url, queue),
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  const a = res.Attributes ?? {};
  return Number(a['ApproximateNumberOfMessages']) + Number(a['ApproximateNumberOfMessagesNotVisible']) + Number(a['ApproximateNumberOfMessagesDelayed']);
}

describe('crash safety (SIGKILL under load)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
  let server: ServerProcess | undefined;
  after(async () => {
    if (server) await server.kill().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses nothing acknowledged across ${ROUNDS} kills`, { timeout: 240_000 }, async () => {
    const tally: Tally = { ackedEvents: new Set(), ackedMessages: new Set(), receivedEvents: new Set(), receivedMessages: new Set() };
    for (let round = 1; round <= ROUNDS; round++) {
      server = await startServerProcess(dataDir);
      if (round === 1) {
        const { events, sqs } = clients(server.url);
        for (const name of ['crash-routed', 'crash-direct']) {
          await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '2' } }));
        }
        await events.send(new PutRuleCommand({ Name: 'crash-rule', EventPattern: JSON.stringify({ source: ['crash.test'] }) }));
        await events.send(new PutTargetsCommand({
          Rule: 'crash-rule',
          Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:crash-routed' }],
        }));
      }
      const victim = server;
      const killed = sleep(700 + Math.floor(Math.random() * 800)).then(() => victim.kill());
      await load(server.url, round, tally, killed);
      await killed;
      server = undefined;
    }
    process.stdout.write(`# crash test: ${tally.ackedEvents.size} events and ${tally.ackedMessages.size} messages acknowledged across ${ROUNDS} kills\n`);
    assert.ok(tally.ackedEvents.size > 50, `too little load to mean anything: ${tally.ackedEvents.size} events acknowledged`);
    assert.ok(tally.ackedMessages.size > 50, `too little load: ${tally.ackedMessages.size} messages acknowledged`);

    // Restart once more and drain: everything acknowledged arrives; then the queues empty.
    server = await startServerProcess(dataDir);
    const { sqs } = clients(server.url);
    const missing = (): number =>
      [...tally.ackedEvents].filter((n) => !tally.receivedEvents.has(n)).length +
      [...tally.ackedMessages].filter((b) => !tally.receivedMessages.has(b)).length;
    const deadline = Date.now() + 60_000;
    let draining = true;
    const drainers = [receiveLoop(sqs, server.url, 'crash-routed', tally, () => draining), receiveLoop(sqs, server.url, 'crash-direct', tally, () => draining)];
    while (Date.now() < deadline) {
      if (missing() === 0 && (await depth(sqs, server.url, 'crash-routed')) === 0 && (await depth(sqs, server.url, 'crash-direct')) === 0) break;
      await sleep(250);
    }
    draining = false;
    await Promise.all(drainers);
    const lostEvents = [...tally.ackedEvents].filter((n) => !tally.receivedEvents.has(n));
    const lostMessages = [...tally.ackedMessages].filter((b) => !tally.receivedMessages.has(b));
    assert.deepEqual(lostEvents.slice(0, 10), [], `${lostEvents.length} of ${tally.ackedEvents.size} acknowledged events never delivered`);
    assert.deepEqual(lostMessages.slice(0, 10), [], `${lostMessages.length} of ${tally.ackedMessages.size} acknowledged messages never received`);
    assert.equal(await depth(sqs, server.url, 'crash-routed'), 0, 'routed queue did not drain');
    assert.equal(await depth(sqs, server.url, 'crash-direct'), 0, 'direct queue did not drain');
    assert.equal(await server.stop(), 0, 'SIGTERM should exit cleanly');
    server = undefined;
  });
});
