/**
 * This node's copy of queue records (`getQueue`), kept in step with every node's changes.
 * The services read the queue record on every SQS call and on every event routed to a queue
 * target (a PutEvents of 10 events to 100 rules reads ~25), so without a copy each of those is
 * a round trip through the pool before any work starts.
 *
 * A record is dropped when a change to its queue commits: right after commit on this node, and
 * on every other node when the NOTIFY sent in the changing transaction arrives (so for a few
 * milliseconds another node may still answer with the previous attributes, as it may still
 * route with a previous rule). While the listening connection is away, nothing is read from or
 * kept in the copy, and it is emptied when the connection is back (notifications sent
 * meanwhile are lost). Only queues that exist are kept: a queue created on another node is
 * read from the database on first use.
 */
import type { QueueRecord } from '../queue-port.js';

export class QueueCache {
  private readonly records = new Map<string, QueueRecord>();
  /** Grows with every invalidation: a read that started before one must not fill the copy. */
  private generation = 0;

  /** `usable()`: whether changes from other nodes are being heard (the listener is connected). */
  constructor(private readonly usable: () => boolean) {}

  /** The record from the copy, or read by `load` (and kept unless a change committed meanwhile). */
  async get(arn: string, load: () => Promise<QueueRecord | undefined>): Promise<QueueRecord | undefined> {
    if (!this.usable()) return load();
    const kept = this.records.get(arn);
    if (kept) return kept;
    const generation = this.generation;
    const record = await load();
    if (record && generation === this.generation && this.usable()) this.records.set(arn, record);
    return record;
  }

  /** A change to this queue committed (here or on another node). */
  invalidate(arn: string): void {
    this.generation++;
    this.records.delete(arn);
  }

  /** Changes may have been missed: forget everything. */
  clear(): void {
    this.generation++;
    this.records.clear();
  }
}
