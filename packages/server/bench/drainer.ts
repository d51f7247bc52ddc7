/**
 * Receivers that keep SQS queues drained: each loop long-polls one queue with
 * ReceiveMessage (10 messages, 1 s wait) and deletes what it got with DeleteMessageBatch.
 */
import type { AwsJsonClient } from './aws-client.js';
import { Latencies } from './stats.js';

interface ReceivedMessage {
  readonly ReceiptHandle: string;
  readonly Body: string;
}

export interface DrainerOptions {
  /** Receive loops per queue. */
  readonly loopsPerQueue: number;
  /** Called with each message body and the time it was received (performance.now()). */
  readonly onMessage?: (body: string, receivedAt: number) => void;
  /**
   * Delete in the background instead of before the next receive, so the receive loop is not
   * slowed by the delete round trip (the latency phase wants messages picked up at once).
   */
  readonly backgroundDeletes?: boolean;
}

export class Drainer {
  received = 0;
  receiveErrors = 0;
  deleteErrors = 0;
  firstError: string | undefined;
  /** performance.now() of the last receive that returned messages. */
  lastReceiveAt = 0;
  readonly receiveLatency = new Latencies();
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private readonly pendingDeletes = new Set<Promise<void>>();

  constructor(
    private readonly client: AwsJsonClient,
    private readonly queueUrls: readonly string[],
    private readonly options: DrainerOptions,
  ) {}

  start(): this {
    for (const url of this.queueUrls) for (let i = 0; i < this.options.loopsPerQueue; i++) this.loops.push(this.loop(url));
    return this;
  }

  /** Stops after the current long polls return (at most ~1 s) and the deletes finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
    await Promise.all(this.pendingDeletes);
  }

  private async loop(queueUrl: string): Promise<void> {
    const receiveBody = JSON.stringify({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
    while (!this.stopping) {
      let messages: ReceivedMessage[];
      try {
        const t = performance.now();
        const text = await this.client.call('sqs', 'ReceiveMessage', receiveBody);
        const now = performance.now();
        messages = ((JSON.parse(text) as { Messages?: ReceivedMessage[] }).Messages ?? []);
        // Empty long polls last the whole wait second: they say nothing about the server.
        if (messages.length > 0) {
          this.receiveLatency.add(now - t);
          this.lastReceiveAt = now;
        }
        this.received += messages.length;
        if (this.options.onMessage) for (const m of messages) this.options.onMessage(m.Body, now);
      } catch (err) {
        this.fail('receive', err);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (messages.length === 0) continue;
      const del = this.delete(queueUrl, messages);
      if (this.options.backgroundDeletes) {
        this.pendingDeletes.add(del);
        void del.finally(() => this.pendingDeletes.delete(del));
      } else {
        await del;
      }
    }
  }

  private async delete(queueUrl: string, messages: readonly ReceivedMessage[]): Promise<void> {
    const body = JSON.stringify({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) });
    try {
      const text = await this.client.call('sqs', 'DeleteMessageBatch', body);
      const failed = (JSON.parse(text) as { Failed?: unknown[] }).Failed ?? [];
      if (failed.length > 0) this.fail('delete', new Error(`DeleteMessageBatch failed entries: ${JSON.stringify(failed).slice(0, 300)}`), failed.length);
    } catch (err) {
      this.fail('delete', err, messages.length);
    }
  }

  private fail(what: 'receive' | 'delete', err: unknown, count = 1): void {
    if (what === 'receive') this.receiveErrors += count;
    else this.deleteErrors += count;
    this.firstError ??= `${what}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
