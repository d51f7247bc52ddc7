/**
 * Retries, backoff, retry policies and dead-letter queues, with a target that fails on
 * purpose. The server is assembled here (real SQLite store, real SQS module, real HTTP app)
 * so the EventBridge module can be given one extra target kind: `arn:aws:lambda:...`
 * functions whose name says how they fail. Everything else is the production path; the
 * retry base is 20 ms (the `retryBaseMs` option, same as SWITCHBOARD_EVENTS_RETRY_BASE_MS).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import pino from 'pino';
import type { ServiceDeps, ServiceModule } from '../src/core/service.js';
import { buildApp } from '../src/http/app.js';
import { Metrics } from '../src/http/metrics.js';
import { DeliveryFailure, type DeliveryAttempt, type TargetDriver } from '../src/services/eventbridge/contracts.js';
import { createEventBridgeModule, type EventBridgeOptions } from '../src/services/eventbridge/index.js';
import { createSqsModule } from '../src/services/sqs/index.js';
import { openSqliteStore, type SqliteStore } from '../src/storage/sqlite/store.js';
import { createQueue, eventually, receive, sleep, unique } from './eventbridge-core-fixture.js';

/**
 * Functions named `ok-after-<n>-...` fail n times then succeed; `always-...` always fail;
 * `fatal-...` fail for good; `age-...` fail once after moving the clock 61 s on; `slow-...`
 * take a second.
 */
class FailingFunctions implements TargetDriver {
  readonly kind = 'test-function';
  readonly attempts = new Map<string, Array<{ n: number; at: number }>>();
  constructor(private readonly moveClock: (ms: number) => void) {}

  handles(arn: string): boolean {
    return arn.startsWith('arn:aws:lambda:');
  }

  of(name: string): Array<{ n: number; at: number }> {
    return this.attempts.get(name) ?? [];
  }

  async deliver(a: DeliveryAttempt): Promise<void> {
    const name = a.target.Arn.slice(a.target.Arn.lastIndexOf(':') + 1);
    this.attempts.set(name, [...this.of(name), { n: a.attempt, at: performance.now() }]);
    const okAfter = /^ok-after-(\d+)-/.exec(name);
    if (okAfter && a.attempt > Number(okAfter[1])) return;
    if (name.startsWith('slow-')) return sleep(1000);
    if (name.startsWith('fatal-')) throw new DeliveryFailure('NO_PERMISSIONS', 'the function refuses us', false);
    if (name.startsWith('age-')) this.moveClock(61_000);
    throw new DeliveryFailure('ERROR_FROM_TARGET', `attempt ${a.attempt} failed`, true);
  }
}

interface Node {
  readonly url: string;
  close(): Promise<void>;
}

/** A server like startServer's, with the EventBridge module given extra options. */
async function startNode(store: SqliteStore, clock: { now(): number }, options: EventBridgeOptions): Promise<Node> {
  const logger = pino({ level: 'silent' });
  const metrics = new Metrics();
  const deps: ServiceDeps = { store, clock, logger, metrics };
  const sqs = createSqsModule(deps);
  const modules: ServiceModule[] = [sqs, createEventBridgeModule(deps, sqs.api, options)];
  for (const m of modules) await m.start();
  const app = buildApp({
    json: modules.flatMap((m) => (m.json ? [m.json] : [])),
    query: modules.flatMap((m) => (m.query ? [m.query] : [])),
    metrics,
    logger,
    health: () => ({}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async close() {
      await app.close();
      for (const m of [...modules].reverse()) await m.stop();
    },
  };
}

describe('EventBridge retries and dead-letter queues', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-retry-'));
  let store: SqliteStore;
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const functions = new FailingFunctions((ms) => (offset += ms));
  const options: EventBridgeOptions = { retryBaseMs: 20, pollMs: 50, leaseMs: 300, drivers: [functions] };
  let node: Node;
  let eb: EventBridgeClient;
  let sqs: SQSClient;

  const connect = (url: string): void => {
    const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };
    eb = new EventBridgeClient(config);
    sqs = new SQSClient(config);
  };

  before(async () => {
    store = openSqliteStore(dir);
    node = await startNode(store, clock, options);
    connect(node.url);
  });
  after(async () => {
    await node.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ruleFor(fn: string, extra: Partial<Target> = {}): Promise<string> {
    const source = unique('src');
    const name = unique('rule');
    await eb.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'fn', Arn: `arn:aws:lambda:us-east-1:000000000000:function:${fn}`, ...extra }] }));
    await eb.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: 'x', Detail: '{}' }] }));
    return name;
  }

  it('retries with growing, jittered delays until the target accepts', async () => {
    const fn = unique('ok-after-3');
    await ruleFor(fn);
    await eventually(async () => functions.of(fn).length === 4);
    await sleep(100);
    const attempts = functions.of(fn);
    assert.deepEqual(attempts.map((a) => a.n), [1, 2, 3, 4]);
    const gaps = attempts.slice(1).map((a, i) => a.at - (attempts[i] as { at: number }).at);
    // base 20 ms with equal jitter: [10, 20], [20, 40], [40, 80] ms (plus scheduling slack)
    assert.ok(gaps[0]! >= 9, `gaps ${gaps.join(', ')}`);
    assert.ok(gaps[1]! >= 19, `gaps ${gaps.join(', ')}`);
    assert.ok(gaps[2]! >= 39, `gaps ${gaps.join(', ')}`);
    assert.equal(await store.events.pendingCount(), 0);
  });

  it('after MaximumRetryAttempts, dead-letters the event with why and how often', async () => {
    const dlq = await createQueue(sqs, unique('dlq'));
    const fn = unique('always');
    const rule = await ruleFor(fn, { RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: { Arn: dlq.arn } });
    const [message] = await receive(sqs, dlq.url, 1, 5000);
    assert.ok(message);
    assert.equal(functions.of(fn).length, 3);
    const attrs = message.MessageAttributes ?? {};
    assert.equal(attrs['RULE_ARN']?.StringValue, `arn:aws:events:us-east-1:000000000000:rule/${rule}`);
    assert.equal(attrs['TARGET_ARN']?.StringValue, `arn:aws:lambda:us-east-1:000000000000:function:${fn}`);
    assert.equal(attrs['ERROR_CODE']?.StringValue, 'ERROR_FROM_TARGET');
    assert.equal(attrs['ERROR_MESSAGE']?.StringValue, 'attempt 3 failed');
    assert.equal(attrs['EXHAUSTED_RETRY_CONDITION']?.StringValue, 'MaximumRetryAttempts');
    assert.equal(attrs['RETRY_ATTEMPTS']?.StringValue, '2');
    assert.equal((JSON.parse(message.Body as string) as { source: string }).source.startsWith('src-'), true);
  });

  it('sends a failure that retrying cannot fix to the dead-letter queue at once', async () => {
    const dlq = await createQueue(sqs, unique('dlq'));
    const fn = unique('fatal');
    await ruleFor(fn, { DeadLetterConfig: { Arn: dlq.arn } });
    const [message] = await receive(sqs, dlq.url, 1, 5000);
    assert.equal(functions.of(fn).length, 1);
    assert.equal(message?.MessageAttributes?.['ERROR_CODE']?.StringValue, 'NO_PERMISSIONS');
    assert.equal(message?.MessageAttributes?.['EXHAUSTED_RETRY_CONDITION'], undefined);
    assert.equal(message?.MessageAttributes?.['RETRY_ATTEMPTS']?.StringValue, '0');
  });

  it('gives up when the event is older than MaximumEventAgeInSeconds', async () => {
    const dlq = await createQueue(sqs, unique('dlq'));
    const fn = unique('age');
    await ruleFor(fn, { RetryPolicy: { MaximumEventAgeInSeconds: 60 }, DeadLetterConfig: { Arn: dlq.arn } });
    const [message] = await receive(sqs, dlq.url, 1, 5000);
    assert.equal(functions.of(fn).length, 1);
    assert.equal(message?.MessageAttributes?.['EXHAUSTED_RETRY_CONDITION']?.StringValue, 'MaximumEventAge');
  });

  it('keeps the lease of a delivery that outlasts it (heartbeat), so no other node takes it', async () => {
    const fn = unique('slow');
    const rule = await ruleFor(fn);
    await eventually(async () => functions.of(fn).length === 1);
    await sleep(600);
    const now = clock.now();
    const stolen = await store.events.claim({ now, lease: { owner: 'another-node', until: now + 60_000 }, limit: 100 });
    assert.deepEqual(stolen.filter((d) => d.ruleArn.endsWith(rule)), []);
    await eventually(async () => (await store.events.pendingCount()) === 0);
    assert.equal(functions.of(fn).length, 1);
  });

  it('resumes pending retries, attempt count and all, after a restart', async () => {
    const fn = unique('ok-after-6');
    await ruleFor(fn, { RetryPolicy: { MaximumRetryAttempts: 10 } });
    await eventually(async () => functions.of(fn).length >= 2);
    await node.close();
    const seen = functions.of(fn).length;
    assert.ok(seen < 7, 'stopped before the end');
    await sleep(100);
    assert.equal(functions.of(fn).length, seen, 'nothing runs while stopped');
    assert.ok((await store.events.pendingCount()) >= 1);
    node = await startNode(store, clock, options);
    connect(node.url);
    await eventually(async () => functions.of(fn).length === 7, 10_000);
    assert.deepEqual(functions.of(fn).map((a) => a.n), [1, 2, 3, 4, 5, 6, 7]);
    await eventually(async () => (await store.events.pendingCount()) === 0);
  });
});
