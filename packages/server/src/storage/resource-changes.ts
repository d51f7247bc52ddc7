/**
 * The in-process half of ResourceChanges: a listener list. SQLite calls `emit` after its own
 * commits (one process is the only writer); a multi-node engine calls it for the signals
 * other nodes send, and `emitAll` when signals may have been lost.
 */
import type { ResourceChanges, ResourceKey } from './port.js';

export class LocalResourceChanges implements ResourceChanges {
  private readonly listeners = new Set<(key: ResourceKey | undefined) => void>();

  subscribe(listener: (key: ResourceKey | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells every listener that `key` changed; a throwing listener does not stop the others. */
  emit(key: ResourceKey): void {
    this.call(key);
  }

  /** Tells every listener to reload everything. */
  emitAll(): void {
    this.call(undefined);
  }

  private call(key: ResourceKey | undefined): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(key);
      } catch {
        // A listener's failure is its own; the signal is advisory.
      }
    }
  }
}
