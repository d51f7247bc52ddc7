/**
 * Prometheus metrics of SQS, on the server's registry: messages sent, received and deleted
 * (by queue type, to keep cardinality bounded), long polls waiting, move tasks running.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export type QueueType = 'standard' | 'fifo';

export class SqsMetrics {
  readonly sent: Counter<'type'>;
  readonly duplicates: Counter;
  readonly received: Counter<'type'>;
  readonly deleted: Counter<'type'>;
  /** What the gauges read at scrape time; set by `watch` once the module's parts exist. */
  private live: () => { longPolls: number; moveTasks: number } = () => ({ longPolls: 0, moveTasks: 0 });

  constructor(registry: Registry) {
    const live = () => this.live();
    const registers = [registry];
    this.sent = new Counter({ name: 'switchboard_sqs_messages_sent_total', help: 'Messages stored by SendMessage(Batch) and in-process sends.', labelNames: ['type'] as const, registers });
    this.duplicates = new Counter({ name: 'switchboard_sqs_messages_deduplicated_total', help: 'FIFO sends dropped as duplicates within the deduplication window.', registers });
    this.received = new Counter({ name: 'switchboard_sqs_messages_received_total', help: 'Messages handed to receivers.', labelNames: ['type'] as const, registers });
    this.deleted = new Counter({ name: 'switchboard_sqs_messages_deleted_total', help: 'Messages deleted by receipt handle.', labelNames: ['type'] as const, registers });
    new Gauge({
      name: 'switchboard_sqs_long_polls',
      help: 'ReceiveMessage calls waiting for a message now.',
      registers,
      collect() {
        this.set(live().longPolls);
      },
    });
    new Gauge({
      name: 'switchboard_sqs_move_tasks_running',
      help: 'Message move tasks running in this process.',
      registers,
      collect() {
        this.set(live().moveTasks);
      },
    });
  }

  watch(live: () => { longPolls: number; moveTasks: number }): void {
    this.live = live;
  }
}

export const queueType = (fifo: boolean): QueueType => (fifo ? 'fifo' : 'standard');
