/**
 * Phase 2: publish-to-receive latency at a fixed rate. An open-loop schedule sends PutEvents
 * of 10 events on a timer whether or not earlier requests have answered; each event carries
 * its send time, and receivers long-polling the target queue record now − sent per event.
 * The 100 mixed rules stay in place, so matching cost is realistic, but only one rule matches.
 * A warm-up at the same rate comes first, unmeasured (its events carry negative seq numbers):
 * run alone (BENCH_PHASES=2), the window would otherwise start on a cold server, where the
 * first second's JIT compilation and rule-engine planning stall the event loop for tens of
 * milliseconds and set the p99 — in the full run, phase 1 has warmed the server already.
 */
import { progress, type BenchConfig, type ServerUnderTest } from './context.js';
import { measureCpu } from './cpu.js';
import { Drainer } from './drainer.js';
import { count, type Row } from './report.js';
import { Latencies, ms, sleep } from './stats.js';
import { LATENCY_SOURCE } from './workload.js';

const QUEUE = 'bench-latency';
const PADDING = 'p'.repeat(840);

interface Envelope {
  readonly detail?: { readonly t?: number; readonly seq?: number };
}

export interface LatencyResult {
  readonly rows: Row[];
  readonly notes: string[];
}

/** Creates the latency queue and the one rule that routes the latency events to it. */
export async function setupLatencyRule(sut: ServerUnderTest): Promise<void> {
  await sut.client.json('sqs', 'CreateQueue', { QueueName: QUEUE });
  await sut.client.json('events', 'PutRule', { Name: 'bench-latency', EventPattern: JSON.stringify({ source: [LATENCY_SOURCE] }) });
  await sut.client.json('events', 'PutTargets', { Rule: 'bench-latency', Targets: [{ Id: 'queue', Arn: sut.queueArn(QUEUE) }] });
}

/** One open-loop run at `perSecond` PutEvents/s (10 events each) for the configured window. */
export async function latencyPhase(sut: ServerUnderTest, cfg: BenchConfig, perSecond: number, label: string): Promise<LatencyResult> {
  const endToEnd = new Latencies();
  const seen = new Set<number>();
  let duplicates = 0;
  let unparsable = 0;
  let warmReceived = 0;
  const drainClient = sut.newClient(16);
  // Its own agent with room to spare: if the server falls behind, requests pile up on the
  // server, not in the agent's queue.
  const sender = sut.newClient(1024);
  const drainer = new Drainer(drainClient, [sut.queueUrl(QUEUE)], {
    loopsPerQueue: 4,
    backgroundDeletes: true,
    onMessage(body, receivedAt) {
      const detail = (JSON.parse(body) as Envelope).detail;
      if (typeof detail?.t !== 'number' || typeof detail.seq !== 'number') {
        unparsable++;
        return;
      }
      if (detail.seq < 0) {
        warmReceived++;
        return;
      }
      if (seen.has(detail.seq)) {
        duplicates++;
        return;
      }
      seen.add(detail.seq);
      endToEnd.add(receivedAt - detail.t);
    },
  }).start();

  const total = Math.round(perSecond * cfg.seconds);
  const interval = 1000 / perSecond;
  const putLatency = new Latencies();
  const scheduleLag = new Latencies();
  const outstanding = new Set<Promise<void>>();
  let acked = 0;
  let errors = 0;
  let firstError: string | undefined;
  let inFlight = 0;
  let maxInFlight = 0;

  /** Sends PutEvents number `i` of the window (or, `warm`, of the warm-up: negative seq, not measured). */
  const send = (i: number, warm = false): void => {
    const t = performance.now();
    const entries = Array.from({ length: 10 }, (_, j) => ({
      Source: LATENCY_SOURCE,
      DetailType: 'Latency Probe',
      Detail: `{"t":${t},"seq":${warm ? -(i * 10 + j + 1) : i * 10 + j},"padding":"${PADDING}"}`,
    }));
    if (warm) {
      void sender.call('events', 'PutEvents', JSON.stringify({ Entries: entries })).catch(() => undefined);
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const p = sender
      .call('events', 'PutEvents', JSON.stringify({ Entries: entries }))
      .then((text) => {
        putLatency.add(performance.now() - t);
        for (const e of (JSON.parse(text) as { Entries?: { ErrorCode?: string }[] }).Entries ?? []) if (e.ErrorCode === undefined) acked++;
      })
      .catch((err: unknown) => {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      })
      .finally(() => {
        inFlight--;
        outstanding.delete(p);
      });
    outstanding.add(p);
  };

  /** Calls `each(i)` on an open-loop schedule of `n` sends at `perSecond`; resolves after the last. */
  const schedule = (n: number, each: (i: number, lag: number) => void): Promise<void> => {
    const begin = performance.now();
    let done = 0;
    return new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        const due = Math.min(n, Math.floor((now - begin) / interval) + 1);
        while (done < due) {
          each(done, now - (begin + done * interval));
          done++;
        }
        if (done >= n) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
  };

  const warmSeconds = Math.min(2, cfg.seconds / 5);
  const warmTotal = Math.round(perSecond * warmSeconds);
  progress(`${label}: warm-up, ${perSecond} PutEvents/s for ${warmSeconds} s (not measured)`);
  await schedule(warmTotal, (i) => send(i, true));
  const warmWait = performance.now();
  while (warmReceived < warmTotal * 10 && performance.now() - warmWait < 10_000) await sleep(20);

  progress(`${label}: open loop, ${perSecond} PutEvents/s × 10 events for ${cfg.seconds} s`);
  const cpu = measureCpu({ server: sut.pid });
  // Also to the last delivery: the server's CPU per event, draining included.
  const cpuToDrained = measureCpu({ server: sut.pid });
  const start = performance.now();
  await schedule(total, (i, lag) => {
    scheduleLag.add(lag);
    send(i);
  });
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.all(outstanding);
  const answeredSeconds = (performance.now() - start) / 1000;
  const usage = cpu.stop();
  const waitStart = performance.now();
  while (seen.size < acked && performance.now() - waitStart < Math.max(60, cfg.seconds * 6) * 1000) await sleep(50);
  const lastDeliverySeconds = (drainer.lastReceiveAt - start) / 1000;
  const drainedUsage = cpuToDrained.stop();
  const drainedSeconds = (performance.now() - start) / 1000;
  await drainer.stop();
  drainClient.close();
  sender.close();

  const lag = scheduleLag.summary();
  const put = putLatency.summary();
  // Behind: the timer could not send on time, or answers still trailed a second after the last send.
  const behind = lag.p99 > 5 * interval || answeredSeconds > sendSeconds + 1;
  const events = total * 10;
  const deliveriesBehind = lastDeliverySeconds > answeredSeconds + 1 || seen.size < acked;
  const rows: Row[] = [
    {
      phase: `${label} end-to-end PutEvents→Receive`,
      concurrency: `${perSecond * 10}/s`,
      rate: seen.size / Math.max(lastDeliverySeconds, answeredSeconds),
      unit: 'ev/s',
      latency: endToEnd.summary(),
      count: `${count(seen.size)} delivered / ${count(acked)} acked / ${count(events)} sent`,
      cpu: usage,
      cpuOf: ['server', 'client'],
    },
    {
      phase: '  PutEvents latency (open loop)',
      concurrency: `${perSecond * 10}/s`,
      rate: acked / answeredSeconds,
      unit: 'ev/s',
      latency: put,
      count: `${count(putLatency.count)} req, ${errors} err, max in flight ${maxInFlight}`,
    },
  ];
  const notes = [
    `${label} at ${perSecond * 10} events/s: PutEvents ${behind ? 'FELL BEHIND the schedule' : 'kept up with the schedule'}, deliveries ${deliveriesBehind ? 'FELL BEHIND' : 'kept up'}: sending took ${sendSeconds.toFixed(2)} s for ${cfg.seconds} s of schedule, last PutEvents answer at ${answeredSeconds.toFixed(2)} s, last delivery at ${lastDeliverySeconds.toFixed(2)} s; send lag p99 ${ms(lag.p99)} ms, max ${ms(lag.max)} ms; max ${maxInFlight} PutEvents in flight. Target p99 < 10 ms: ${endToEnd.summary().p99 < 10 ? 'met' : 'NOT met'}.`,
  ];
  const serverSeconds = (drainedUsage.cores['server'] ?? NaN) * drainedSeconds;
  notes.push(`${label}: server CPU ${serverSeconds.toFixed(2)} s from the first send to the last delivery, ${((serverSeconds / Math.max(1, seen.size)) * 1e6).toFixed(0)} µs per event delivered.`);
  if (duplicates || unparsable) notes.push(`${label}: ${duplicates} duplicate deliveries, ${unparsable} bodies without a send time.`);
  if (firstError) notes.push(`${label}: ${errors} PutEvents failed; first: ${firstError}`);
  if (drainer.firstError) notes.push(`${label} receivers: ${drainer.firstError}`);
  return { rows, notes };
}
