/**
 * Long polling. A waiting ReceiveMessage subscribes to its queue's signal before each attempt
 * and sleeps until whichever comes first: the signal (a send committed), the time the store
 * said something becomes receivable (a delay or visibility timeout ending), the deadline, or
 * the service stopping. Subscribing before the attempt means a send that commits while the
 * attempt runs is never missed.
 */
import type { Clock } from '../../core/clock.js';
import type { QueueSignals } from '../../storage/queue-port.js';

/** Re-check at least this often even without a signal (clock skew, signals lost by other engines). */
const SAFETY_POLL_MS = 5_000;

export interface PollAttempt<T> {
  readonly result: T;
  /** Stop polling and return `result`. */
  readonly done: boolean;
  /** When something may become receivable without a signal. */
  readonly wakeAt?: number | undefined;
}

export class LongPolls {
  private stopping = false;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly signals: QueueSignals,
    private readonly clock: Clock,
  ) {}

  /** Number of requests waiting now. */
  get waiting(): number {
    return this.wakers.size;
  }

  /** Repeats `attempt` until it is done, `deadline` (epoch ms) passes, or the service stops. */
  async poll<T>(queueArn: string, deadline: number, attempt: () => Promise<PollAttempt<T>>): Promise<T> {
    let signalled = false;
    let wake: (() => void) | undefined;
    const unsubscribe = this.signals.subscribe(queueArn, () => {
      signalled = true;
      wake?.();
    });
    const waker = (): void => wake?.();
    this.wakers.add(waker);
    try {
      for (;;) {
        signalled = false;
        const r = await attempt();
        const now = this.clock.now();
        if (r.done || this.stopping || now >= deadline) return r.result;
        if (signalled) continue;
        const until = Math.min(deadline, r.wakeAt ?? Number.POSITIVE_INFINITY, now + SAFETY_POLL_MS);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(finish, Math.max(1, until - now));
          function finish(): void {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = finish;
        });
      }
    } finally {
      unsubscribe();
      this.wakers.delete(waker);
    }
  }

  /** Ends every wait now (each returns its last, empty, result); later polls return after one attempt. */
  stop(): void {
    this.stopping = true;
    for (const waker of [...this.wakers]) waker();
  }
}
