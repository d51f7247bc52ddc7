/**
 * Scaling benchmark: the same load against 1, 2 and 3 server processes on one PostgreSQL,
 * next to one server on the embedded SQLite store, in one run (`npm run bench` runs it after
 * server.bench.ts; alone: `node --import tsx bench/cluster.bench.ts`).
 *
 * For each setup: 10 queues and the 100 mixed rules are made on the first node (the others
 * learn the rules from the change signals); then C closed-loop clients, spread round-robin over
 * the nodes, send PutEvents of 10 ~1 KB events while receivers on every node drain the queues;
 * then SendMessage of 1 KB and a Receive(10)+DeleteBatch drain of what was sent. CPU is shown
 * per role (server processes together, PostgreSQL backends together, this client, the rest),
 * because on this 2-core machine it says where the limit is. It prints; it never asserts.
 *
 * BENCH_QUICK=1: ~2 s windows. BENCH_SECONDS (default 8), BENCH_CLUSTER_CONCURRENCY (default 32),
 * SWITCHBOARD_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_URL, postgresUnreachable } from '../test/helpers/postgres.js';
import { startServerProcess, type ServerProcess } from '../test/helpers/process.js';
import { AwsJsonClient } from './aws-client.js';
import { progress, type ServerUnderTest } from './context.js';
import { cpuModel, processSeconds } from './cpu.js';
import { Drainer } from './drainer.js';
import { closedLoop } from './load.js';
import { setupMixedRules } from './phase-putevents.js';
import { ms, rate, sleep, type LatencySummary } from './stats.js';
import { prng, shopEvent } from './workload.js';

const ACCOUNT = '000000000000';
const QUICK = process.env['BENCH_QUICK'] === '1';
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? (QUICK ? 2 : 8));
const CONCURRENCY = Number(process.env['BENCH_CLUSTER_CONCURRENCY'] ?? 32);

interface Setup {
  readonly label: string;
  readonly engine: 'sqlite' | 'postgres';
  readonly nodes: number;
}

const SETUPS: readonly Setup[] = [
  { label: 'SQLite, 1 node', engine: 'sqlite', nodes: 1 },
  { label: 'PostgreSQL, 1 node', engine: 'postgres', nodes: 1 },
  { label: 'PostgreSQL, 2 nodes', engine: 'postgres', nodes: 2 },
  { label: 'PostgreSQL, 3 nodes', engine: 'postgres', nodes: 3 },
];

// ---- CPU by role, from /proc ------------------------------------------------------------

const TICKS = 100;

/** CPU seconds of a process (0 once it is gone). */
function secondsOf(pid: number): number {
  const s = processSeconds(pid);
  return Number.isNaN(s) ? 0 : s;
}

/** Every process whose command is `comm` (PostgreSQL runs one per connection). */
function pidsNamed(comm: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

function machineBusySeconds(): { busy: number; total: number } {
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0) / TICKS;
  return { busy: total - ((v[3] ?? 0) + (v[4] ?? 0)) / TICKS, total };
}

/** Cores used per role over an interval: servers, postgres, this client, everything else. */
function cpuByRole(serverPids: readonly number[]): { stop(): string } {
  const t0 = performance.now();
  const sample = () => ({
    servers: serverPids.reduce((a, p) => a + secondsOf(p), 0),
    postgres: pidsNamed('postgres').reduce((a, p) => a + secondsOf(p), 0),
    client: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    machine: machineBusySeconds().busy,
  });
  const a = sample();
  return {
    stop() {
      const b = sample();
      const wall = (performance.now() - t0) / 1000;
      const servers = (b.servers - a.servers) / wall;
      const postgres = (b.postgres - a.postgres) / wall;
      const client = (b.client - a.client) / wall;
      const other = Math.max(0, (b.machine - a.machine) / wall - servers - postgres - client);
      return `servers ${servers.toFixed(2)} · postgres ${postgres.toFixed(2)} · client ${client.toFixed(2)} · other ${other.toFixed(2)}`;
    },
  };
}

// ---- one setup ----------------------------------------------------------------------------

interface Result {
  readonly setup: Setup;
  readonly putEvents: { rate: number; latency: LatencySummary; cpu: string; delivered: number; expectedNote: string };
  readonly send: { rate: number; latency: LatencySummary; cpu: string };
  readonly receive: { rate: number; cpu: string };
}

function sutFor(url: string, client: AwsJsonClient, pid: number | undefined): ServerUnderTest {
  return {
    url,
    pid,
    client,
    newClient: (maxSockets) => new AwsJsonClient(url, maxSockets),
    queueUrl: (name) => `${url}/${ACCOUNT}/${name}`,
    queueArn: (name) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`,
    metrics: () => client.get('/metrics'),
  };
}

function requestPool(): string[] {
  const random = prng(42);
  return Array.from({ length: 400 }, (_, p) => JSON.stringify({ Entries: Array.from({ length: 10 }, (_, i) => shopEvent(random, p * 10 + i)) }));
}

function sendBodies(queue: (node: number) => string, nodes: number): string[][] {
  const payload = JSON.stringify({ orderId: 'ord', status: 'paid', note: 'n'.repeat(980) });
  return Array.from({ length: nodes }, (_, n) => [JSON.stringify({ QueueUrl: queue(n), MessageBody: payload })]);
}

async function runSetup(setup: Setup, pool: readonly string[]): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-bench-'));
  const schema = `sb_bench_${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = setup.engine === 'postgres' ? { SWITCHBOARD_STORE: PG_URL, SWITCHBOARD_STORE_SCHEMA: schema } : {};
  const processes: ServerProcess[] = [];
  const clients: AwsJsonClient[] = [];
  try {
    progress(`${setup.label}: starting`);
    for (let i = 0; i < setup.nodes; i++) {
      // Separate data dirs: in SQLite mode the file is the node's own; in PostgreSQL mode it is unused.
      processes.push(await startServerProcess(join(dataDir, `node${i}`), env));
    }
    for (const p of processes) clients.push(new AwsJsonClient(p.url, CONCURRENCY + 8));
    const first = sutFor(processes[0]!.url, clients[0]!, processes[0]!.child.pid);
    const queues = await setupMixedRules(first);
    await sleep(1500); // the other nodes follow the rule changes
    const pids = processes.map((p) => p.child.pid!).filter((p) => p !== undefined);
    const node = (w: number): number => w % setup.nodes;

    // PutEvents, receivers on every node draining the ten queues.
    const queueNames = queues.map((u) => u.slice(u.lastIndexOf('/') + 1));
    const drainers = processes.map((p, i) => new Drainer(new AwsJsonClient(p.url, queueNames.length * 2), queueNames.map((q) => `${p.url}/${ACCOUNT}/${q}`), { loopsPerQueue: 1 }).start());
    void clients;
    progress(`${setup.label}: PutEvents, C=${CONCURRENCY}, ${SECONDS} s`);
    const pcpu = cpuByRole(pids);
    const puts = await closedLoop(CONCURRENCY, SECONDS, async (w, n) => {
      const out = JSON.parse(await clients[node(w)]!.call('events', 'PutEvents', pool[n % pool.length]!)) as { FailedEntryCount?: number };
      return 10 - (out.FailedEntryCount ?? 0);
    });
    const putCpu = pcpu.stop();
    await sleep(1000);
    const delivered = drainers.reduce((a, d) => a + d.received, 0);
    for (const d of drainers) await d.stop();

    // SendMessage spread over the nodes, one queue, then a drain from every node.
    const queue = 'bench-cluster-sqs';
    await clients[0]!.json('sqs', 'CreateQueue', { QueueName: queue });
    const bodies = sendBodies((n) => `${processes[n]!.url}/${ACCOUNT}/${queue}`, setup.nodes);
    progress(`${setup.label}: SendMessage, C=${CONCURRENCY}, ${SECONDS} s`);
    const scpu = cpuByRole(pids);
    const sends = await closedLoop(CONCURRENCY, SECONDS, async (w) => {
      const out = JSON.parse(await clients[node(w)]!.call('sqs', 'SendMessage', bodies[node(w)]![0]!)) as { MessageId?: string };
      return out.MessageId === undefined ? 0 : 1;
    });
    const sendCpu = scpu.stop();
    progress(`${setup.label}: draining ${sends.acked} messages from every node`);
    const rcpu = cpuByRole(pids);
    const t0 = performance.now();
    const drain = processes.map((p) => new Drainer(new AwsJsonClient(p.url, 8), [`${p.url}/${ACCOUNT}/${queue}`], { loopsPerQueue: 4 }).start());
    const deadline = Date.now() + 120_000;
    while (drain.reduce((a, d) => a + d.received, 0) < sends.acked && Date.now() < deadline) await sleep(50);
    const receivedAll = drain.reduce((a, d) => a + d.received, 0);
    const receiveSeconds = (performance.now() - t0) / 1000;
    const receiveCpu = rcpu.stop();
    for (const d of drain) await d.stop();

    return {
      setup,
      putEvents: {
        rate: puts.acked / puts.seconds,
        latency: puts.latency.summary(),
        cpu: putCpu,
        delivered,
        expectedNote: `${puts.errors} req err${puts.firstError ? ` (${puts.firstError})` : ''}`,
      },
      send: { rate: sends.acked / sends.seconds, latency: sends.latency.summary(), cpu: sendCpu },
      receive: { rate: receivedAll / receiveSeconds, cpu: receiveCpu },
    };
  } finally {
    for (const c of clients) c.close();
    await Promise.all(processes.map((p) => Promise.race([p.stop(), sleep(10_000).then(() => p.kill())])));
    rmSync(dataDir, { recursive: true, force: true });
    if (setup.engine === 'postgres') {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
}

async function main(): Promise<void> {
  const unreachable = await postgresUnreachable();
  const setups = unreachable ? SETUPS.filter((s) => s.engine === 'sqlite') : SETUPS;
  const pool = requestPool();
  const results: Result[] = [];
  for (const setup of setups) results.push(await runSetup(setup, pool));

  const lines: string[] = [];
  lines.push('');
  lines.push(`Switchboard scaling benchmark${QUICK ? ' (BENCH_QUICK smoke run)' : ''}: 1–3 nodes on one PostgreSQL next to SQLite`);
  lines.push(`node ${process.version} · ${cpuModel()} × ${cpus().length} · ${SECONDS} s windows · C=${CONCURRENCY} clients spread round-robin over the nodes · everything (nodes, PostgreSQL, clients) on this one machine`);
  if (unreachable) lines.push(`PostgreSQL unreachable at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} (${unreachable}): only SQLite ran.`);
  lines.push('');
  const head = ['setup', 'PutEvents ev/s', 'p50 ms', 'p99 ms', 'delivered', 'SendMessage/s', 'p50 ms', 'p99 ms', 'Receive+Delete/s'];
  const rows = results.map((r) => [
    r.setup.label,
    rate(r.putEvents.rate),
    ms(r.putEvents.latency.p50),
    ms(r.putEvents.latency.p99),
    rate(r.putEvents.delivered),
    rate(r.send.rate),
    ms(r.send.latency.p50),
    ms(r.send.latency.p99),
    rate(r.receive.rate),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(head));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(fmt(row));
  lines.push('');
  lines.push('CPU cores used in each window (1.00 = one core busy):');
  for (const r of results) {
    lines.push(`  ${r.setup.label.padEnd(20)} PutEvents: ${r.putEvents.cpu}`);
    lines.push(`  ${''.padEnd(20)} SendMessage: ${r.send.cpu}`);
    lines.push(`  ${''.padEnd(20)} Receive+Delete: ${r.receive.cpu}`);
    if (r.putEvents.expectedNote.startsWith('0 ') === false) lines.push(`  ${''.padEnd(20)} PutEvents errors: ${r.putEvents.expectedNote}`);
  }
  lines.push('');
  lines.push(`- "delivered": messages the rules routed to the ten queues that receivers on every node took during the PutEvents window (+1 s).`);
  lines.push(`- This machine has ${cpus().length} cores shared by every node, PostgreSQL and the load generator: more nodes add event loops, not cores, so read the CPU lines for where the limit is.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
