/**
 * The in-process half of QueueSignals: a listener registry per queue. An engine calls
 * `notify` once a commit may have made messages receivable; SQLite does so right after its
 * group commit, a PostgreSQL engine would do so from LISTEN/NOTIFY so other nodes' sends
 * wake this node's long polls too.
 */
import type { QueueSignals } from './queue-port.js';

export class LocalQueueSignals implements QueueSignals {
  private readonly listeners = new Map<string, Set<() => void>>();

  subscribe(queueArn: string, listener: () => void): () => void {
    let set = this.listeners.get(queueArn);
    if (!set) this.listeners.set(queueArn, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(queueArn) === set) this.listeners.delete(queueArn);
    };
  }

  /** Wakes every listener of the queue; a throwing listener does not stop the others. */
  notify(queueArn: string): void {
    const set = this.listeners.get(queueArn);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the signal is advisory.
      }
    }
  }

  /** Wakes every listener of every queue (after notifications may have been lost). */
  notifyAll(): void {
    for (const queueArn of [...this.listeners.keys()]) this.notify(queueArn);
  }

  /** Number of live subscriptions (for /health). */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
