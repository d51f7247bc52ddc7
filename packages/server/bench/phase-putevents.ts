/**
 * Phase 1: durable PutEvents throughput. 100 mixed rules on the default bus route to 10 SQS
 * queues; C closed-loop clients send PutEvents of 10 ~1 KB events while receivers drain the
 * queues. Counts only entries acknowledged without a per-entry error.
 */
import { RuleSet } from '@switchboard/event-patterns';
import { progress, type BenchConfig, type ServerUnderTest } from './context.js';
import { measureCpu } from './cpu.js';
import { Drainer } from './drainer.js';
import { closedLoop } from './load.js';
import { count, metricSum, type Row } from './report.js';
import { rate, sleep } from './stats.js';
import { mixedRules, prng, shopEvent, type BenchEvent } from './workload.js';

const QUEUES = 10;
const POOL = 400;

interface PooledRequest {
  readonly body: string;
  /** Rules each entry matches, for the expected number of deliveries. */
  readonly matches: readonly number[];
}

interface PutEventsOutput {
  readonly Entries?: readonly { readonly EventId?: string; readonly ErrorCode?: string; readonly ErrorMessage?: string }[];
}

export interface PutEventsResult {
  readonly rows: Row[];
  /** Acknowledged events/s by concurrency. */
  readonly eventsPerSecond: Map<number, number>;
  readonly notes: string[];
}

export async function setupMixedRules(sut: ServerUnderTest): Promise<string[]> {
  const queues = Array.from({ length: QUEUES }, (_, i) => `bench-q${i}`);
  for (const q of queues) await sut.client.json('sqs', 'CreateQueue', { QueueName: q });
  const rules = mixedRules();
  for (const [i, r] of rules.entries()) {
    await sut.client.json('events', 'PutRule', { Name: r.name, EventPattern: JSON.stringify(r.pattern) });
    const out = await sut.client.json<{ FailedEntryCount?: number; FailedEntries?: unknown[] }>('events', 'PutTargets', {
      Rule: r.name,
      Targets: [{ Id: 'queue', Arn: sut.queueArn(queues[i % QUEUES]!) }],
    });
    if (out.FailedEntryCount) throw new Error(`PutTargets ${r.name} failed: ${JSON.stringify(out.FailedEntries)}`);
  }
  return queues.map((q) => sut.queueUrl(q));
}

function requestPool(): PooledRequest[] {
  const set = new RuleSet();
  for (const r of mixedRules()) set.add(r.name, r.pattern);
  const random = prng(42);
  const matchesOf = (e: BenchEvent): number =>
    set.match({ version: '0', id: '0', 'detail-type': e.DetailType, source: e.Source, account: '000000000000', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: JSON.parse(e.Detail) as unknown }).length;
  return Array.from({ length: POOL }, (_, p) => {
    const entries = Array.from({ length: 10 }, (_, i) => shopEvent(random, p * 10 + i));
    return { body: JSON.stringify({ Entries: entries }), matches: entries.map(matchesOf) };
  });
}

/** Waits until the server has no pending deliveries and the receivers found nothing for a while. */
async function waitDrained(sut: ServerUnderTest, drainer: Drainer, limitSeconds: number): Promise<{ seconds: number; pending: number }> {
  const start = performance.now();
  let pending = NaN;
  while (performance.now() - start < limitSeconds * 1000) {
    pending = metricSum(await sut.metrics(), 'switchboard_events_pending_deliveries');
    const idleFor = performance.now() - Math.max(drainer.lastReceiveAt, start);
    if ((pending === 0 || Number.isNaN(pending)) && idleFor > 1500) break;
    await sleep(250);
  }
  return { seconds: (performance.now() - start) / 1000, pending };
}

export async function putEventsPhase(sut: ServerUnderTest, cfg: BenchConfig): Promise<PutEventsResult> {
  progress('phase 1: creating 10 queues and 100 rules');
  const queueUrls = await setupMixedRules(sut);
  const pool = requestPool();
  const meanMatches = pool.reduce((a, p) => a + p.matches.reduce((x, y) => x + y, 0), 0) / (POOL * 10);
  const drainClient = sut.newClient(QUEUES * 2 * 2);
  const drainer = new Drainer(drainClient, queueUrls, { loopsPerQueue: 2 }).start();
  const rows: Row[] = [];
  const notes: string[] = [
    `phase 1: an event matches ${meanMatches.toFixed(2)} of the 100 rules on average (by @switchboard/event-patterns), so deliveries ≈ ${meanMatches.toFixed(2)} × events.`,
    'phase 1: the deliveries row: rate received during the PutEvents window; count = received/expected, the rate from the window start to the last delivery, and how long the queues took to drain after the window (its CPU column).',
  ];
  const eventsPerSecond = new Map<number, number>();
  try {
    for (const c of cfg.concurrencies) {
      progress(`phase 1: PutEvents, C=${c}, ${cfg.seconds} s`);
      let expected = 0;
      let entryErrors = 0;
      let firstEntryError: string | undefined;
      const delivered0 = drainer.received;
      const cpu = measureCpu({ server: sut.pid });
      const loop = await closedLoop(c, cfg.seconds, async (_w, n) => {
        const req = pool[n % POOL]!;
        const out = JSON.parse(await sut.client.call('events', 'PutEvents', req.body)) as PutEventsOutput;
        let acked = 0;
        (out.Entries ?? []).forEach((e, i) => {
          if (e.ErrorCode === undefined && e.EventId !== undefined) {
            acked++;
            expected += req.matches[i] ?? 0;
          } else {
            entryErrors++;
            firstEntryError ??= `${e.ErrorCode}: ${e.ErrorMessage}`;
          }
        });
        return acked;
      });
      const windowEnd = performance.now();
      const usage = cpu.stop();
      const deliveredInWindow = drainer.received - delivered0;
      const drainCpu = measureCpu({ server: sut.pid });
      const drained = await waitDrained(sut, drainer, Math.max(60, cfg.seconds * 15));
      const drainUsage = drainCpu.stop();
      const deliveredTotal = drainer.received - delivered0;
      const sustained = deliveredTotal / (loop.seconds + Math.max(0, drainer.lastReceiveAt - windowEnd) / 1000);
      const eventsRate = loop.acked / loop.seconds;
      eventsPerSecond.set(c, eventsRate);
      rows.push({
        phase: '1 PutEvents 10×1KB, 100 rules',
        concurrency: String(c),
        rate: eventsRate,
        unit: 'ev/s',
        latency: loop.latency.summary(),
        count: `${count(loop.acked)} ev acked / ${count(loop.requests)} req, ${loop.errors} req err, ${entryErrors} entry err`,
        cpu: usage,
        cpuOf: ['server', 'client'],
      });
      rows.push({
        phase: '  deliveries received (CPU: drain)',
        concurrency: String(c),
        rate: deliveredInWindow / loop.seconds,
        unit: 'msg/s',
        count: `${count(deliveredTotal)}/${count(expected)} expected; ${rate(sustained)}/s to the last, ${drained.seconds.toFixed(1)} s drain${drained.pending > 0 ? `, ${drained.pending} still pending` : ''}`,
        cpu: drainUsage,
        cpuOf: ['server', 'client'],
      });
      if (loop.firstError) notes.push(`phase 1 C=${c}: first request error: ${loop.firstError}`);
      if (firstEntryError) notes.push(`phase 1 C=${c}: first entry error: ${firstEntryError}`);
      if (deliveredTotal < expected) notes.push(`phase 1 C=${c}: ${count(expected - deliveredTotal)} expected deliveries not received after the drain wait.`);
    }
  } finally {
    await drainer.stop();
    drainClient.close();
  }
  if (drainer.firstError) notes.push(`phase 1 receivers: ${drainer.receiveErrors} receive errors, ${drainer.deleteErrors} delete errors; first: ${drainer.firstError}`);
  return { rows, eventsPerSecond, notes };
}
