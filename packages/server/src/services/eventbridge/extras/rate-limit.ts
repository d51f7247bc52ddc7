/**
 * `InvocationRateLimitPerSecond`: a token bucket per API destination. Over the rate an
 * invocation waits for its turn instead of failing, as AWS delays rather than drops
 * throttled invocations. Callers reserve tokens in arrival order (the balance may go
 * negative), so waiting invocations leave in FIFO order, spaced 1/rate apart.
 *
 * Rate limiting is about real elapsed time, so it reads the monotonic clock, not the
 * service clock (tests may freeze that one).
 */

/** A token bucket refilled at `rate` tokens a second up to `capacity`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private readonly capacity = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Changes the rate from now on (UpdateApiDestination). */
  setRate(rate: number): void {
    if (rate === this.rate) return;
    this.refill();
    this.rate = rate;
  }

  /** Takes one token; returns how many ms to wait before using it (0 when it is there now). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rate) * 1000;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.rate) / 1000);
    this.last = t;
  }
}

/** The wait ended because the limiter was closed (the server is stopping). */
export class RateLimiterClosed extends Error {
  override readonly name = 'RateLimiterClosed';
}

/** One bucket per key; `acquire` resolves when the caller may go. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly waiting = new Set<{ timer: NodeJS.Timeout; reject: (err: Error) => void }>();
  private closed = false;

  constructor(private readonly capacity = 1) {}

  async acquire(key: string, ratePerSecond: number): Promise<void> {
    if (this.closed) throw new RateLimiterClosed('rate limiter closed');
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(ratePerSecond, this.capacity)));
    else bucket.setRate(ratePerSecond);
    const wait = bucket.reserve();
    if (wait <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.waiting.delete(entry);
          resolve();
        }, Math.ceil(wait)),
        reject,
      };
      this.waiting.add(entry);
    });
  }

  /** Forgets a key's bucket (its destination was deleted). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Ends every wait with RateLimiterClosed and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const w of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new RateLimiterClosed('rate limiter closed'));
    }
    this.waiting.clear();
  }
}
