/**
 * Removes finished deliveries in batches: every delivery that finishes within one turn of the
 * event loop is removed by the same store write, instead of one write each (a busy node
 * finishes hundreds per turn; the write, not the delivery, would be the bottleneck).
 */
import type { EventStore } from '../../storage/event-port.js';

/** Batches `EventStore.complete` calls made in the same turn of the event loop. */
export class Completions {
  private batch: string[] | undefined;
  private written: Promise<unknown> | undefined;

  constructor(private readonly store: EventStore) {}

  /** Resolves once the delivery's removal is durable. */
  complete(id: string): Promise<unknown> {
    if (!this.batch) {
      const batch: string[] = (this.batch = []);
      this.written = new Promise((resolve) => setImmediate(resolve)).then(() => {
        this.batch = undefined;
        return this.store.complete(batch);
      });
    }
    this.batch.push(id);
    return this.written as Promise<unknown>;
  }
}
