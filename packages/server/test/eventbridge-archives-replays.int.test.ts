/**
 * Archives and replays through the extras' operations over a real SQLite file. The core's
 * EventIngest is stood in for by a recorder whose batches can be held back, which is what
 * makes cancel-between-batches and resume-after-restart testable deterministically; the
 * end-to-end test (eventbridge-archives.e2e.test.ts) runs the same flows through the real core.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ServiceError } from '../src/core/errors.js';
import type { EventBridgeExtras, EventEnvelope, EventIngest } from '../src/services/eventbridge/contracts.js';
import { createEventBridgeExtras, type ExtrasOptions } from '../src/services/eventbridge/extras/index.js';
import { eventually, openFixture, type Fixture } from './eventbridge-extras-fixture.js';

const ACCOUNT = '123456789012';
const BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`;
const T0 = Date.UTC(2026, 0, 1, 12);

function ev(n: number, at: number, over: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    version: '0', id: `e-${n}`, 'detail-type': n % 2 === 0 ? 'Even' : 'Odd', source: 'shop', account: ACCOUNT,
    time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'), region: 'us-east-1', resources: [], detail: { n }, ...over,
  };
}

/**
 * Stands in for the core's ingest: records batches. After `hold()` every batch waits until
 * `releaseOne()` lets one through or `release()` lets all through and stops holding.
 */
class RecordingIngest implements EventIngest {
  readonly batches: Array<{ bus: string; events: EventEnvelope[]; replayName: string; onlyRuleArns?: string[] }> = [];
  buses = new Set([BUS]);
  failWith: Error | undefined;
  private holding = false;
  private readonly held: Array<() => void> = [];

  get waiting(): number {
    return this.held.length;
  }
  hold(): void {
    this.holding = true;
  }
  releaseOne(): void {
    this.held.shift()?.();
  }
  release(): void {
    this.holding = false;
    this.held.splice(0).forEach((go) => go());
  }
  async ingest(bus: string, events: readonly EventEnvelope[], options: { replayName: string; onlyRuleArns?: ReadonlySet<string> }): Promise<void> {
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failWith) throw this.failWith;
    this.batches.push({ bus, events: [...events], replayName: options.replayName, ...(options.onlyRuleArns ? { onlyRuleArns: [...options.onlyRuleArns] } : {}) });
  }
  async busExists(arn: string): Promise<boolean> {
    return this.buses.has(arn);
  }
  replayed(): number[] {
    return this.batches.flatMap((b) => b.events.map((e) => (e.detail as { n: number }).n));
  }
}

describe('archives and replays', () => {
  let fx: Fixture;
  let ingest: RecordingIngest;
  let extras: EventBridgeExtras;
  const options: ExtrasOptions = { maintenance: { refreshMs: 50, sweepMs: 50 }, replay: { batchSize: 2, attempts: 2, retryDelayMs: 10 } };

  const op = (name: string, input: Record<string, unknown>): Promise<Record<string, unknown>> =>
    extras.operations[name]!(input, fx.ctx) as Promise<Record<string, unknown>>;
  const fails = async (p: Promise<unknown>, code: string, message?: RegExp): Promise<void> => {
    await assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof ServiceError, String(err));
      assert.equal(err.code, code);
      if (message) assert.match(err.message, message);
      return true;
    });
  };
  const replayState = (name: string, state: string): Promise<Record<string, unknown>> =>
    eventually(async () => {
      const d = await op('DescribeReplay', { ReplayName: name });
      return d['State'] === state ? d : undefined;
    }, 10_000, `replay ${name} to be ${state}`);
  const archiveOf = async (name: string, events: EventEnvelope[]): Promise<string> => {
    const { ArchiveArn } = await op('CreateArchive', { ArchiveName: name, EventSourceArn: BUS });
    await extras.archive.record(BUS, events, fx.clock.now());
    return ArchiveArn as string;
  };
  const window = { EventStartTime: T0 / 1000, EventEndTime: (T0 + 3_600_000) / 1000, Destination: { Arn: BUS } };

  before(async () => {
    fx = openFixture();
    ingest = new RecordingIngest();
    extras = createEventBridgeExtras({ deps: fx.deps, ingest }, options);
    await extras.start();
  });
  afterEach(() => {
    ingest.release();
    ingest.failWith = undefined;
    ingest.batches.length = 0;
  });
  after(async () => {
    await extras.stop();
    await fx.close();
  });

  it('rejects archives of a missing bus, with a bad pattern or a bad name', async () => {
    await fails(op('CreateArchive', { ArchiveName: 'a1', EventSourceArn: BUS.replace('orders', 'nope') }), 'ResourceNotFoundException', /Event bus nope does not exist/);
    await fails(op('CreateArchive', { ArchiveName: 'a1', EventSourceArn: BUS, EventPattern: '{"detail":{"n":[{"numeric":[">"]}]}}' }), 'InvalidEventPatternException', /detail\.n/);
    await fails(op('CreateArchive', { ArchiveName: 'x'.repeat(49), EventSourceArn: BUS }), 'ValidationException', /archiveName/);
    await fails(op('CreateArchive', { ArchiveName: 'a1', EventSourceArn: BUS, RetentionDays: -1 }), 'ValidationException', /retentionDays/);
    await fails(op('DescribeArchive', { ArchiveName: 'none' }), 'ResourceNotFoundException');
  });

  it('archives the events its pattern matches, never replayed ones, and counts them', async () => {
    await op('CreateArchive', { ArchiveName: 'evens', EventSourceArn: BUS, EventPattern: '{"detail-type":["Even"]}', RetentionDays: 7, Description: 'even ones' });
    await fails(op('CreateArchive', { ArchiveName: 'evens', EventSourceArn: BUS }), 'ResourceAlreadyExistsException');
    await extras.archive.record(BUS, [ev(1, T0), ev(2, T0), ev(4, T0, { 'replay-name': 'r' }), ev(6, T0)], fx.clock.now());
    await extras.archive.record(BUS.replace('orders', 'other'), [ev(8, T0)], fx.clock.now());
    const d = await op('DescribeArchive', { ArchiveName: 'evens' });
    assert.equal(d['EventCount'], 2);
    assert.ok((d['SizeBytes'] as number) > 100);
    assert.equal(d['State'], 'ENABLED');
    assert.equal(d['RetentionDays'], 7);
    assert.equal(d['EventPattern'], '{"detail-type":["Even"]}');
    assert.equal(d['ArchiveArn'], `arn:aws:events:us-east-1:${ACCOUNT}:archive/evens`);
    const listed = await op('ListArchives', { NamePrefix: 'ev', EventSourceArn: BUS, State: 'ENABLED' });
    assert.deepEqual((listed['Archives'] as Array<Record<string, unknown>>).map((a) => [a['ArchiveName'], a['EventCount']]), [['evens', 2]]);
    await op('UpdateArchive', { ArchiveName: 'evens', EventPattern: '{"detail-type":["Odd"]}' });
    await extras.archive.record(BUS, [ev(3, T0), ev(10, T0)], fx.clock.now());
    assert.equal((await op('DescribeArchive', { ArchiveName: 'evens' }))['EventCount'], 3);
  });

  it('removes events past their retention, and all events of a deleted archive', async () => {
    await op('CreateArchive', { ArchiveName: 'short', EventSourceArn: BUS, RetentionDays: 1 });
    await extras.archive.record(BUS, [ev(1, T0), ev(2, T0)], fx.clock.now());
    assert.equal((await op('DescribeArchive', { ArchiveName: 'short' }))['EventCount'], 2);
    fx.clock.advance(2 * 24 * 60 * 60 * 1000);
    await eventually(async () => ((await op('DescribeArchive', { ArchiveName: 'short' }))['EventCount'] === 0 ? true : undefined), 5000, 'retention');
    const before = (await fx.deps.store.archives.archiveIds()).length;
    await op('DeleteArchive', { ArchiveName: 'evens' });
    await eventually(async () => ((await fx.deps.store.archives.archiveIds()).length < before ? true : undefined), 5000, 'purge');
    await fails(op('DeleteArchive', { ArchiveName: 'evens' }), 'ResourceNotFoundException');
  });

  it('replays a time window in event-time order to the bus, naming the replay and rules', async () => {
    const arn = await archiveOf('window', [ev(3, T0 + 2000), ev(1, T0), ev(2, T0 + 1000), ev(9, T0 + 3_600_000), ev(0, T0 - 1)]);
    const rule = `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders/audit`;
    const started = await op('StartReplay', { ReplayName: 'w1', EventSourceArn: arn, ...window, Destination: { Arn: BUS, FilterArns: [rule] } });
    assert.equal(started['State'], 'STARTING');
    assert.equal(started['ReplayArn'], `arn:aws:events:us-east-1:${ACCOUNT}:replay/w1`);
    const done = await replayState('w1', 'COMPLETED');
    assert.deepEqual(ingest.replayed(), [1, 2, 3]);
    assert.ok(ingest.batches.every((b) => b.bus === BUS && b.replayName === 'w1' && b.onlyRuleArns?.[0] === rule));
    assert.equal(done['EventLastReplayedTime'], (T0 + 2000) / 1000);
    assert.ok((done['ReplayEndTime'] as number) >= (done['ReplayStartTime'] as number));
    assert.deepEqual(done['Destination'], { Arn: BUS, FilterArns: [rule] });
    const listed = await op('ListReplays', { State: 'COMPLETED', EventSourceArn: arn });
    assert.deepEqual((listed['Replays'] as Array<Record<string, unknown>>).map((r) => r['ReplayName']), ['w1']);
    await fails(op('CancelReplay', { ReplayName: 'w1' }), 'IllegalStatusException', /COMPLETED/);
    await fails(op('StartReplay', { ReplayName: 'w1', EventSourceArn: arn, ...window }), 'ResourceAlreadyExistsException');
  });

  it('rejects replays of bad windows, destinations and sources', async () => {
    const arn = (await op('DescribeArchive', { ArchiveName: 'window' }))['ArchiveArn'];
    const now = fx.clock.now() / 1000;
    await fails(op('StartReplay', { ReplayName: 'bad', EventSourceArn: arn, ...window, EventEndTime: window.EventStartTime }), 'ValidationException', /EventStartTime must be before EventEndTime/);
    await fails(op('StartReplay', { ReplayName: 'bad', EventSourceArn: arn, ...window, EventEndTime: now + 3600 }), 'ValidationException', /future/);
    await fails(op('StartReplay', { ReplayName: 'bad', EventSourceArn: arn, ...window, Destination: { Arn: BUS.replace('orders', 'x') } }), 'ValidationException', /Destination\.Arn/);
    await fails(op('StartReplay', { ReplayName: 'bad', EventSourceArn: arn, ...window, Destination: { Arn: BUS, FilterArns: ['nope'] } }), 'ValidationException', /filterArns/);
    await fails(op('StartReplay', { ReplayName: 'bad', EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/none`, ...window }), 'ResourceNotFoundException', /Archive none/);
    await fails(op('StartReplay', { ReplayName: 'bad', EventSourceArn: BUS, ...window }), 'ValidationException', /eventSourceArn/);
    await fails(op('StartReplay', { ReplayName: 'bad', EventSourceArn: arn }), 'ValidationException', /eventStartTime.*must not be null/);
    await fails(op('DescribeReplay', { ReplayName: 'bad' }), 'ResourceNotFoundException');
  });

  it('cancels between batches', async () => {
    const arn = await archiveOf('cancel', [1, 2, 3, 4, 5, 6].map((n) => ev(n, T0 + n * 1000)));
    ingest.hold();
    await op('StartReplay', { ReplayName: 'c1', EventSourceArn: arn, ...window });
    await eventually(async () => (ingest.waiting > 0 ? true : undefined), 5000, 'the first batch');
    const cancelled = await op('CancelReplay', { ReplayName: 'c1' });
    assert.equal(cancelled['State'], 'CANCELLING');
    ingest.release();
    const d = await replayState('c1', 'CANCELLED');
    assert.deepEqual(ingest.replayed(), [1, 2]);
    assert.equal(d['EventLastReplayedTime'], (T0 + 2000) / 1000);
  });

  it('fails a replay whose batch the bus keeps refusing', async () => {
    const arn = await archiveOf('refused', [ev(1, T0)]);
    ingest.failWith = new Error('bus is gone');
    await op('StartReplay', { ReplayName: 'f1', EventSourceArn: arn, ...window });
    const d = await replayState('f1', 'FAILED');
    assert.match(String(d['StateReason']), /bus is gone/);
  });

  it('limits active replays to 10 per account and region', async () => {
    const arn = await archiveOf('busy', [ev(1, T0)]);
    ingest.hold();
    for (let i = 0; i < 10; i++) await op('StartReplay', { ReplayName: `busy-${i}`, EventSourceArn: arn, ...window });
    await fails(op('StartReplay', { ReplayName: 'busy-10', EventSourceArn: arn, ...window }), 'LimitExceededException');
    ingest.release();
    for (let i = 0; i < 10; i++) await replayState(`busy-${i}`, 'COMPLETED');
  });

  it('runs a replay on one node only, and another node takes it over when its lease runs out', async () => {
    // Two nodes on one store: this suite's `extras` (node A) and node B with its own ingest.
    const arn = await archiveOf('takeover', [1, 2, 3, 4, 5, 6].map((n) => ev(n, T0 + n * 1000)));
    const quick = { ...options, replay: { ...options.replay!, leaseMs: 1_000, scanMs: 20 } };
    const ingestB = new RecordingIngest();
    const nodeB = createEventBridgeExtras({ deps: fx.deps, ingest: ingestB }, quick);
    const nodeA = createEventBridgeExtras({ deps: fx.deps, ingest }, quick);
    await nodeA.start();
    await nodeB.start();
    try {
      ingest.hold();
      await nodeA.operations['StartReplay']!({ ReplayName: 'moved', EventSourceArn: arn, ...window }, fx.ctx);
      // A puts back batch 1, then hangs on batch 2 (as a node that stopped answering would).
      await eventually(async () => (ingest.waiting > 0 ? true : undefined), 5000, 'batch 1');
      ingest.releaseOne();
      await eventually(async () => (ingest.waiting > 0 && ingest.batches.length === 1 ? true : undefined), 5000, 'batch 2 held');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(ingestB.batches.length, 0, 'B leaves a replay alone while A holds a live lease');
      fx.clock.advance(1_001); // A's lease runs out
      await replayState('moved', 'COMPLETED');
      assert.deepEqual(ingestB.replayed(), [3, 4, 5, 6], 'B resumed after the last stored batch');
      ingest.release(); // A wakes up: its late batch is at least once, but it no longer writes progress
      await new Promise((r) => setTimeout(r, 100));
      const d = await op('DescribeReplay', { ReplayName: 'moved' });
      assert.equal(d['State'], 'COMPLETED');
      assert.equal(d['EventLastReplayedTime'], (T0 + 6000) / 1000, 'progress is B\'s: the last event');
    } finally {
      ingest.release();
      await nodeA.stop();
      await nodeB.stop();
    }
  });

  it('resumes a replay interrupted by a restart from its last stored batch', async () => {
    const arn = await archiveOf('resume', [1, 2, 3, 4, 5, 6].map((n) => ev(n, T0 + n * 1000)));
    ingest.hold();
    await op('StartReplay', { ReplayName: 'r1', EventSourceArn: arn, ...window });
    // Batch 1 goes through; the node stops while batch 2 is being put back.
    await eventually(async () => (ingest.waiting > 0 ? true : undefined), 5000, 'batch 1');
    ingest.releaseOne();
    await eventually(async () => (ingest.waiting > 0 && ingest.batches.length === 1 ? true : undefined), 5000, 'batch 2');
    const stopping = extras.stop();
    ingest.release();
    await stopping;
    assert.deepEqual(ingest.replayed(), [1, 2, 3, 4]);
    assert.equal((await extras.operations['DescribeReplay']!({ ReplayName: 'r1' }, fx.ctx) as Record<string, unknown>)['State'], 'RUNNING');
    extras = createEventBridgeExtras({ deps: fx.deps, ingest }, options);
    await extras.start();
    await replayState('r1', 'COMPLETED');
    assert.deepEqual(ingest.replayed(), [1, 2, 3, 4, 5, 6]);
  });
});
