/**
 * Serializes read-modify-write updates of one resource within this process, so concurrent
 * PutTargets on one rule both succeed instead of one failing its version check. Versioned
 * writes still catch updates from other nodes (ConcurrentModificationException).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
