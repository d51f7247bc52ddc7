/**
 * Long polling. A waiting ReceiveMessage joins its queue's waiters before each attempt and
 * sleeps until whichever comes first: a signal (a send committed), the time the store said
 * something becomes receivable (a delay or visibility timeout ending), the deadline, or the
 * service stopping. Joining before the attempt means a send that commits while the attempt
 * runs is never missed: a waiter attempting when a signal comes attempts again if it found
 * nothing.
 *
 * A signal wakes ONE sleeping waiter of the queue, not all of them: a send of ten messages
 * is taken whole by one receive, and waking every receiver had the others claim nothing at the
 * cost of a transaction each. A waiter that takes as many messages as it asked for may have
 * left more, so it passes the signal on to the next sleeping waiter before it returns.
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
  /** The attempt took all it asked for: more may be waiting, so another waiter is woken. */
  readonly full?: boolean;
}

/** One waiting ReceiveMessage. */
interface Waiter {
  /** A signal came while it was attempting. */
  signalled: boolean;
  /** Set while it sleeps: ends the sleep. */
  wake: (() => void) | undefined;
}

/** The waiters of one queue, in the order they are woken (the longest asleep first). */
interface QueueWaiters {
  readonly waiters: Set<Waiter>;
  readonly unsubscribe: () => void;
}

export class LongPolls {
  private stopping = false;
  private readonly queues = new Map<string, QueueWaiters>();
  private count = 0;

  constructor(
    private readonly signals: QueueSignals,
    private readonly clock: Clock,
  ) {}

  /** Number of requests waiting now. */
  get waiting(): number {
    return this.count;
  }

  /** Repeats `attempt` until it is done, `deadline` (epoch ms) passes, or the service stops. */
  async poll<T>(queueArn: string, deadline: number, attempt: () => Promise<PollAttempt<T>>): Promise<T> {
    const waiter: Waiter = { signalled: false, wake: undefined };
    this.join(queueArn, waiter);
    try {
      for (;;) {
        waiter.signalled = false;
        const r = await attempt();
        const now = this.clock.now();
        if (r.done || this.stopping || now >= deadline) {
          if (r.full) this.signal(queueArn);
          return r.result;
        }
        if (waiter.signalled) continue;
        const until = Math.min(deadline, r.wakeAt ?? Number.POSITIVE_INFINITY, now + SAFETY_POLL_MS);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(finish, Math.max(1, until - now));
          function finish(): void {
            clearTimeout(timer);
            waiter.wake = undefined;
            resolve();
          }
          waiter.wake = finish;
        });
      }
    } finally {
      this.leave(queueArn, waiter);
    }
  }

  /** Ends every wait now (each returns its last, empty, result); later polls return after one attempt. */
  stop(): void {
    this.stopping = true;
    for (const { waiters } of [...this.queues.values()]) for (const w of [...waiters]) w.wake?.();
  }

  private join(queueArn: string, waiter: Waiter): void {
    let entry = this.queues.get(queueArn);
    if (!entry) {
      entry = { waiters: new Set(), unsubscribe: this.signals.subscribe(queueArn, () => this.signal(queueArn)) };
      this.queues.set(queueArn, entry);
    }
    entry.waiters.add(waiter);
    this.count++;
  }

  private leave(queueArn: string, waiter: Waiter): void {
    const entry = this.queues.get(queueArn);
    if (!entry?.waiters.delete(waiter)) return;
    this.count--;
    if (entry.waiters.size === 0) {
      entry.unsubscribe();
      this.queues.delete(queueArn);
    }
  }

  /** Marks the waiters attempting now, and wakes the sleeping waiter that has slept longest. */
  private signal(queueArn: string): void {
    const entry = this.queues.get(queueArn);
    if (!entry) return;
    let woken: Waiter | undefined;
    for (const w of entry.waiters) {
      if (!w.wake) w.signalled = true;
      else woken ??= w;
    }
    if (!woken) return;
    // To the back of the line: the next signal wakes another.
    entry.waiters.delete(woken);
    entry.waiters.add(woken);
    woken.wake!();
  }
}
