/**
 * Phase 4: NATS JetStream side by side. A FILE-storage stream on `bench.>`; C publishes in
 * flight with ack (js.publish) for the window, then a pull consumer with explicit acks reads
 * everything back. The stream is deleted at the end, whatever happened.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { progress, type BenchConfig } from './context.js';
import { findPid, measureCpu } from './cpu.js';
import { closedLoop } from './load.js';
import { count, type Row } from './report.js';

const STREAM_PREFIX = 'SWITCHBOARD_BENCH_';

export interface NatsResult {
  readonly rows: Row[];
  /** Acknowledged publishes/s by concurrency; empty when NATS was skipped. */
  readonly publishesPerSecond: Map<number, number>;
  /** This process was the bottleneck of some publish window (the NATS figures are floors). */
  readonly clientBound: boolean;
  readonly notes: string[];
}

/** Removes streams an interrupted earlier run of this benchmark left on `bench.>`. */
async function removeLeftovers(jsm: JetStreamManager): Promise<void> {
  for await (const info of jsm.streams.list()) {
    if (info.config.name.startsWith(STREAM_PREFIX)) await jsm.streams.delete(info.config.name);
  }
}

export async function natsPhase(cfg: BenchConfig): Promise<NatsResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const publishesPerSecond = new Map<number, number>();
  let clientBound = false;
  let nc;
  try {
    nc = await connect({ servers: cfg.natsUrl, timeout: 3000, name: 'switchboard-bench' });
  } catch (err) {
    const line = `!!!!! NATS PART SKIPPED: cannot connect to ${cfg.natsUrl} (${err instanceof Error ? err.message : String(err)}) !!!!!`;
    process.stderr.write(`${line}\n`);
    return { rows, publishesPerSecond, clientBound: false, notes: [line] };
  }
  const natsPid = findPid('nats-server');
  const stream = `${STREAM_PREFIX}${process.pid}`;
  const jsm = await jetstreamManager(nc);
  try {
    await removeLeftovers(jsm);
    await jsm.streams.add({ name: stream, subjects: ['bench.>'], storage: StorageType.File });
    const js = jetstream(nc);
    const payload = new Uint8Array(1024).fill(0x61);
    for (const c of cfg.concurrencies) {
      const subject = `bench.c${c}`;
      progress(`phase 4: NATS publish, C=${c}, ${cfg.seconds} s`);
      const pubCpu = measureCpu({ nats: natsPid });
      const pubs = await closedLoop(c, cfg.seconds, async () => {
        await js.publish(subject, payload);
        return 1;
      });
      const pubUsage = pubCpu.stop();
      publishesPerSecond.set(c, pubs.acked / pubs.seconds);
      rows.push({
        phase: '4 NATS JetStream publish 1KB',
        concurrency: String(c),
        rate: pubs.acked / pubs.seconds,
        unit: 'msg/s',
        latency: pubs.latency.summary(),
        count: `${count(pubs.acked)} acked, ${pubs.errors} err`,
        cpu: pubUsage,
        cpuOf: ['nats', 'client'],
      });
      if ((pubUsage.cores['client'] ?? 0) > 0.8) clientBound = true;
      if ((pubUsage.cores['client'] ?? 0) > 0.8) notes.push(`phase 4 C=${c}: this client used ${pubUsage.cores['client']!.toFixed(2)} cores while publishing: the NATS figure is bounded by the load generator, not by nats-server (${pubUsage.cores['nats']?.toFixed(2) ?? '?'} cores).`);
      if (pubs.firstError) notes.push(`phase 4 C=${c}: first publish error: ${pubs.firstError}`);

      progress(`phase 4: NATS pull consumer reading ${count(pubs.acked)} messages`);
      const name = `bench-c${c}`;
      await jsm.consumers.add(stream, { name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: subject });
      const consumer = await js.consumers.get(stream, name);
      const conCpu = measureCpu({ nats: natsPid });
      const start = performance.now();
      const messages = await consumer.consume({ max_messages: 1000 });
      const limit = setTimeout(() => void messages.stop(), Math.max(30, cfg.seconds * 3) * 1000);
      let got = 0;
      for await (const m of messages) {
        m.ack();
        if (++got >= pubs.acked) break;
      }
      const seconds = (performance.now() - start) / 1000;
      clearTimeout(limit);
      await messages.close().catch(() => undefined);
      const conUsage = conCpu.stop();
      rows.push({
        phase: '  NATS pull consume + ack',
        concurrency: String(c),
        rate: got / seconds,
        unit: 'msg/s',
        count: `${count(got)} of ${count(pubs.acked)} in ${seconds.toFixed(1)} s`,
        cpu: conUsage,
        cpuOf: ['nats', 'client'],
      });
      if (got < pubs.acked) notes.push(`phase 4 C=${c}: consumed only ${count(got)} of ${count(pubs.acked)}.`);
      await jsm.consumers.delete(stream, name).catch(() => undefined);
    }
    notes.push('phase 4: NATS acks a publish once the message is written to the OS, and fsyncs on its sync_interval (default 2 min); Switchboard acks after fsync (group commit). A PutEvents carries 10 events per request, a NATS publish one message.');
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain().catch(() => undefined);
  }
  return { rows, publishesPerSecond, clientBound, notes };
}
