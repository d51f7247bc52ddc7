/**
 * Switchboard server benchmark: `npm run bench -w switchboard`.
 *
 * Starts the real server from source in a child process (so the load generator does not share
 * its event loop) on a fresh data directory, drives it with raw AWS JSON requests over
 * keep-alive node:http, and prints one table: PutEvents throughput with 100 rules routing to
 * SQS, publish-to-receive latency at a fixed rate, SQS send/receive throughput, and NATS
 * JetStream side by side. It prints; it never asserts timing.
 *
 * BENCH_QUICK=1: a smoke run of ~2 s per phase. BENCH_SECONDS: length of each window
 * (default 10). BENCH_CONCURRENCY: comma-separated client counts (default 8,32,64).
 * BENCH_LATENCY_RPS: PutEvents/s of the latency phase (default 500 = 5,000 events/s); a
 * second latency run (2b) at a tenth of that shows the latency below saturation.
 * BENCH_PHASES: comma-separated phases to run, of 1 (PutEvents), 2 (latency at the full rate),
 * 2b (latency at a tenth), 3 (SQS) and 4 (NATS); default all. Without phase 1, the latency
 * phases still create its 10 queues and 100 rules first.
 * NATS_URL: default nats://127.0.0.1:4222.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../test/helpers/process.js';
import { AwsJsonClient } from './aws-client.js';
import { progress, type BenchConfig, type ServerUnderTest } from './context.js';
import { cpuModel, measureCpu } from './cpu.js';
import { fsyncProbe } from './fsync-probe.js';
import { latencyPhase, setupLatencyRule } from './phase-latency.js';
import { natsPhase } from './phase-nats.js';
import { putEventsPhase, setupMixedRules } from './phase-putevents.js';
import { sqsPhase } from './phase-sqs.js';
import { table, type Row } from './report.js';
import { ms } from './stats.js';

const PHASES = ['1', '2', '2b', '3', '4'];

function config(): BenchConfig {
  const quick = process.env['BENCH_QUICK'] === '1';
  const seconds = Number(process.env['BENCH_SECONDS'] ?? (quick ? 2 : 10));
  if (!(seconds > 0)) throw new Error(`BENCH_SECONDS must be a positive number, not ${process.env['BENCH_SECONDS']}`);
  const concurrencies = (process.env['BENCH_CONCURRENCY'] ?? '8,32,64').split(',').map(Number);
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`BENCH_CONCURRENCY must be positive integers, not ${process.env['BENCH_CONCURRENCY']}`);
  const latencyRequestsPerSecond = Number(process.env['BENCH_LATENCY_RPS'] ?? 500);
  const phases = new Set((process.env['BENCH_PHASES'] ?? PHASES.join(',')).split(',').map((p) => p.trim()));
  const unknown = [...phases].filter((p) => !PHASES.includes(p));
  if (unknown.length > 0) throw new Error(`BENCH_PHASES must name phases of ${PHASES.join(', ')}, not ${unknown.join(', ')}`);
  return { quick, seconds, concurrencies, latencyRequestsPerSecond, phases, natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222' };
}

const ACCOUNT = '000000000000';

function serverUnderTest(server: ServerProcess, cfg: BenchConfig): ServerUnderTest {
  const client = new AwsJsonClient(server.url, Math.max(...cfg.concurrencies) + 4);
  return {
    url: server.url,
    pid: server.child.pid,
    client,
    newClient: (maxSockets) => new AwsJsonClient(server.url, maxSockets),
    queueUrl: (name) => `${server.url}/${ACCOUNT}/${name}`,
    queueArn: (name) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`,
    metrics: () => client.get('/metrics'),
  };
}

/**
 * The server's own metrics about commits and deliveries (for explaining group commit), and its
 * SQS request counts (receives per message received: how full the receives were).
 */
function interestingMetrics(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('switchboard_') && (/commit|deliver/i.test(l) || /^switchboard_requests_total\{service="AmazonSQS"|^switchboard_sqs_messages_(received|deleted)_total/.test(l)));
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b !== undefined && b > 0 ? (a / b).toFixed(2) : '-';
}

async function main(): Promise<void> {
  const cfg = config();
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const fsync = fsyncProbe(dataDir);
  const before = measureCpu({});
  await new Promise((r) => setTimeout(r, 1000));
  const busyBefore = before.stop();
  progress(`starting the server (data dir ${dataDir})`);
  let server: ServerProcess;
  try {
    server = await startServerProcess(dataDir);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const cleanup = async (): Promise<void> => {
    const stopped = await Promise.race([server.stop(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
    if (stopped === 'timeout') await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  const sut = serverUnderTest(server, cfg);
  const rows: Row[] = [];
  const notes: string[] = [];
  let metricLines: string[] = [];
  let ebRates = new Map<number, number>();
  let sqsRates = new Map<number, number>();
  let natsRates = new Map<number, number>();
  let natsClientBound = false;
  try {
    if (cfg.phases.has('1')) {
      const eb = await putEventsPhase(sut, cfg);
      rows.push(...eb.rows);
      notes.push(...eb.notes);
      ebRates = eb.eventsPerSecond;
    }
    const rps = cfg.latencyRequestsPerSecond;
    const latencyRuns = ([[rps, '2'], [Math.max(1, Math.round(rps / 10)), '2b']] as const).filter(([, label]) => cfg.phases.has(label));
    if (latencyRuns.length > 0) {
      if (!cfg.phases.has('1')) await setupMixedRules(sut);
      await setupLatencyRule(sut);
    }
    for (const [perSecond, label] of latencyRuns) {
      const lat = await latencyPhase(sut, cfg, perSecond, label);
      rows.push(...lat.rows);
      notes.push(...lat.notes);
    }
    if (cfg.phases.has('3')) {
      const sqs = await sqsPhase(sut, cfg);
      rows.push(...sqs.rows);
      notes.push(...sqs.notes);
      sqsRates = sqs.sendsPerSecond;
    }
    metricLines = interestingMetrics(await sut.metrics());
    if (cfg.phases.has('4')) {
      const nats = await natsPhase(cfg);
      rows.push(...nats.rows);
      notes.push(...nats.notes);
      natsRates = nats.publishesPerSecond;
      natsClientBound = nats.clientBound;
    }
  } catch (err) {
    notes.push(`RUN ABORTED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    notes.push(`server output (tail):\n${server.output().slice(-2000)}`);
    process.exitCode = 1;
  } finally {
    sut.client.close();
    await cleanup();
  }

  const out: string[] = [];
  out.push('');
  out.push(`Switchboard server benchmark${cfg.quick ? ' (BENCH_QUICK smoke run)' : ''}`);
  out.push(`node ${process.version} · ${cpuModel()} · ${cfg.seconds} s per window · server in a child process, SQLite store in ${tmpdir()}`);
  out.push(`disk: 4 KB write + fdatasync p50 ${ms(fsync.p50)} ms, p99 ${ms(fsync.p99)} ms (the floor under a durable ack)`);
  out.push(`machine before the run: ${(busyBefore.cores['other'] ?? NaN).toFixed(2)} cores busy with other processes`);
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push(`CPU column: cores used during the window (1.00 = one core saturated) by the server, this client, NATS, and everything else on the ${cpus().length}-core machine; iowait = share of all cores idle waiting on the disk.`);
  const contended = rows.filter((r) => (r.cpu?.cores['other'] ?? 0) >= 0.25).length;
  if (contended > 0) notes.unshift(`${contended} of the rows with a CPU column ran while other processes on this machine used ≥ 0.25 core (o): their figures understate what the server can do alone.`);
  for (const n of notes) out.push(`- ${n}`);
  if (natsRates.size > 0) {
    out.push('');
    out.push(`Ratios to NATS JetStream publish (same C)${natsClientBound ? ' — NATS publish was bound by this client\'s CPU, so these ratios flatter Switchboard' : ''}:`);
    for (const c of cfg.concurrencies) out.push(`  C=${c}: Switchboard PutEvents events/s ÷ NATS msgs/s = ${ratio(ebRates.get(c), natsRates.get(c))}; SQS send msgs/s ÷ NATS msgs/s = ${ratio(sqsRates.get(c), natsRates.get(c))}`);
    const best = (m: Map<number, number>): number | undefined => (m.size > 0 ? Math.max(...m.values()) : undefined);
    out.push(`  best of each: PutEvents ÷ NATS = ${ratio(best(ebRates), best(natsRates))}; SQS send ÷ NATS = ${ratio(best(sqsRates), best(natsRates))}`);
  }
  out.push('');
  out.push('Server metrics about commits, deliveries and SQS requests (GET /metrics):');
  out.push(...(metricLines.length > 0 ? metricLines.map((l) => `  ${l}`) : ['  (none exported)']));
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
