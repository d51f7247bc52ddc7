/** The in-process SqsApi (what EventBridge calls) on a real module and SQLite file, plus the module's metrics. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { systemClock } from '../src/core/clock.js';
import type { RequestContext } from '../src/core/context.js';
import { ServiceError } from '../src/core/errors.js';
import type { ServiceModule } from '../src/core/service.js';
import { Metrics } from '../src/http/metrics.js';
import { createSqsModule, type SqsApi } from '../src/services/sqs/index.js';
import type { Store } from '../src/storage/port.js';
import { openSqliteStore } from '../src/storage/sqlite/store.js';

const ctx: RequestContext = { account: '000000000000', region: 'us-east-1', requestId: 'test', endpoint: 'http://localhost:4010' };

describe('SqsApi in-process', () => {
  let dir: string;
  let store: Store;
  let metrics: Metrics;
  let sqs: ServiceModule & { api: SqsApi };
  const call = (op: string, input: Record<string, unknown>) => sqs.json!.operations[op]!(input, ctx) as Promise<Record<string, unknown>>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-sqs-api-'));
    store = openSqliteStore(dir);
    metrics = new Metrics();
    sqs = createSqsModule({ store, clock: systemClock, logger: pino({ level: 'silent' }), metrics });
    await sqs.start();
  });
  after(async () => {
    await sqs.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends to a standard queue by ARN with attributes and delay', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'targets' });
    const arn = 'arn:aws:sqs:us-east-1:000000000000:targets';
    assert.equal(await sqs.api.queueExists(arn), true);
    assert.equal(await sqs.api.isFifo(arn), false);
    const sent = await sqs.api.sendMessage({
      queueArn: arn,
      body: '{"detail":{}}',
      messageAttributes: { source: { DataType: 'String', StringValue: 'aws.events' }, raw: { DataType: 'Binary', BinaryValue: 'AQI=' } },
    });
    assert.match(sent.messageId, /^[0-9a-f-]{36}$/);
    assert.equal(sent.sequenceNumber, undefined);
    const received = await call('ReceiveMessage', { QueueUrl, MessageAttributeNames: ['All'] });
    const [m] = received['Messages'] as Array<Record<string, unknown>>;
    assert.equal(m?.['MessageId'], sent.messageId);
    assert.deepEqual(m?.['MessageAttributes'], { source: { DataType: 'String', StringValue: 'aws.events' }, raw: { DataType: 'Binary', BinaryValue: 'AQI=' } });
    await sqs.api.sendMessage({ queueArn: arn, body: 'later', delaySeconds: 60 });
    const counts = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] });
    assert.deepEqual(counts['Attributes'], { ApproximateNumberOfMessagesDelayed: '1' });
  });

  it('sends to a FIFO queue with group and deduplication, returning the sequence number', async () => {
    await call('CreateQueue', { QueueName: 'targets.fifo', Attributes: { FifoQueue: 'true' } });
    const arn = 'arn:aws:sqs:us-east-1:000000000000:targets.fifo';
    assert.equal(await sqs.api.isFifo(arn), true);
    const a = await sqs.api.sendMessage({ queueArn: arn, body: 'x', messageGroupId: 'g', messageDeduplicationId: 'event-1' });
    const b = await sqs.api.sendMessage({ queueArn: arn, body: 'x', messageGroupId: 'g', messageDeduplicationId: 'event-1' });
    assert.match(a.sequenceNumber ?? '', /^\d{20}$/);
    assert.equal(b.messageId, a.messageId);
    await assert.rejects(sqs.api.sendMessage({ queueArn: arn, body: 'x' }), (e: ServiceError) => e.code === 'MissingParameter');
  });

  it('reports the errors SendMessage would', async () => {
    const absent = 'arn:aws:sqs:us-east-1:000000000000:absent';
    assert.equal(await sqs.api.queueExists(absent), false);
    assert.equal(await sqs.api.isFifo(absent), undefined);
    await assert.rejects(sqs.api.sendMessage({ queueArn: absent, body: 'x' }), (e: ServiceError) => e.code === 'QueueDoesNotExist');
    const arn = 'arn:aws:sqs:us-east-1:000000000000:targets';
    await assert.rejects(sqs.api.sendMessage({ queueArn: arn, body: '\u0000' }), (e: ServiceError) => e.code === 'InvalidMessageContents');
    await assert.rejects(sqs.api.sendMessage({ queueArn: arn, body: 'x'.repeat(1_048_577) }), (e: ServiceError) => e.code === 'InvalidParameterValue');
    await assert.rejects(sqs.api.sendMessage({ queueArn: arn, body: '' }), (e: ServiceError) => e.code === 'MissingParameter');
  });

  it('counts messages in Prometheus metrics', async () => {
    const text = await metrics.render();
    assert.match(text, /switchboard_sqs_messages_sent_total\{type="standard"\} 2/);
    assert.match(text, /switchboard_sqs_messages_sent_total\{type="fifo"\} 1/);
    assert.match(text, /switchboard_sqs_messages_deduplicated_total 1/);
    assert.match(text, /switchboard_sqs_messages_received_total\{type="standard"\} 1/);
    assert.match(text, /switchboard_sqs_long_polls 0/);
    assert.deepEqual(sqs.health?.(), { longPolls: 0, moveTasks: 0 });
  });
});
