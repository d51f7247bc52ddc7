/**
 * Phase 3: SQS throughput. C closed-loop senders send 1 KB messages to a fresh queue for the
 * window; then C receivers drain it with ReceiveMessage (10) + DeleteMessageBatch.
 */
import { progress, type BenchConfig, type ServerUnderTest } from './context.js';
import { measureCpu } from './cpu.js';
import { Drainer } from './drainer.js';
import { closedLoop } from './load.js';
import { count, type Row } from './report.js';
import { sleep } from './stats.js';

export interface SqsResult {
  readonly rows: Row[];
  /** Acknowledged SendMessage/s by concurrency. */
  readonly sendsPerSecond: Map<number, number>;
  readonly notes: string[];
}

function messageBodies(queueUrl: string): string[] {
  return Array.from({ length: 64 }, (_, i) => {
    const payload = JSON.stringify({ orderId: `ord-${i}`, status: 'paid', amount: 12.5 * i, note: '' });
    return JSON.stringify({ QueueUrl: queueUrl, MessageBody: payload.replace('"note":""', `"note":"${'n'.repeat(1024 - payload.length)}"`) });
  });
}

export async function sqsPhase(sut: ServerUnderTest, cfg: BenchConfig): Promise<SqsResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const sendsPerSecond = new Map<number, number>();
  for (const c of cfg.concurrencies) {
    const name = `bench-sqs-c${c}`;
    await sut.client.json('sqs', 'CreateQueue', { QueueName: name });
    const url = sut.queueUrl(name);
    const bodies = messageBodies(url);

    progress(`phase 3: SendMessage, C=${c}, ${cfg.seconds} s`);
    const sendCpu = measureCpu({ server: sut.pid });
    const sends = await closedLoop(c, cfg.seconds, async (_w, n) => {
      const out = JSON.parse(await sut.client.call('sqs', 'SendMessage', bodies[n % bodies.length]!)) as { MessageId?: string };
      return out.MessageId === undefined ? 0 : 1;
    });
    const sendUsage = sendCpu.stop();
    const sendRate = sends.acked / sends.seconds;
    sendsPerSecond.set(c, sendRate);
    rows.push({
      phase: '3 SQS SendMessage 1KB',
      concurrency: String(c),
      rate: sendRate,
      unit: 'msg/s',
      latency: sends.latency.summary(),
      count: `${count(sends.acked)} acked, ${sends.errors} err`,
      cpu: sendUsage,
      cpuOf: ['server', 'client'],
    });
    if (sends.firstError) notes.push(`phase 3 C=${c}: first SendMessage error: ${sends.firstError}`);

    progress(`phase 3: Receive+DeleteBatch draining ${count(sends.acked)} messages, C=${c}`);
    const receiveClient = sut.newClient(c * 2);
    const receiveCpu = measureCpu({ server: sut.pid });
    const start = performance.now();
    const drainer = new Drainer(receiveClient, [url], { loopsPerQueue: c }).start();
    const limit = Math.max(30, cfg.seconds * 3) * 1000;
    while (drainer.received < sends.acked && performance.now() - start < limit) await sleep(20);
    const seconds = ((drainer.received > 0 ? drainer.lastReceiveAt : performance.now()) - start) / 1000;
    const receiveUsage = receiveCpu.stop();
    await drainer.stop();
    receiveClient.close();
    rows.push({
      phase: '  SQS Receive(10)+DeleteBatch',
      concurrency: String(c),
      rate: drainer.received / seconds,
      unit: 'msg/s',
      latency: drainer.receiveLatency.summary(),
      count: `${count(drainer.received)} of ${count(sends.acked)} in ${seconds.toFixed(1)} s`,
      cpu: receiveUsage,
      cpuOf: ['server', 'client'],
    });
    if (drainer.received < sends.acked) notes.push(`phase 3 C=${c}: drained only ${count(drainer.received)} of ${count(sends.acked)} within ${limit / 1000} s.`);
    if (drainer.firstError) notes.push(`phase 3 C=${c} receivers: ${drainer.receiveErrors} receive / ${drainer.deleteErrors} delete errors; first: ${drainer.firstError}`);
  }
  notes.push('phase 3: receive latency columns are per ReceiveMessage call (long poll 1 s, 10 messages).');
  return { rows, sendsPerSecond, notes };
}
