/**
 * The background delivery loop of one node. Deliveries reach it two ways:
 * - handed off right after the commit that accepted their event (they were stored already
 *   leased to this node, so the first attempt needs no further write — the low-latency path);
 * - claimed from the store when due: retries, deliveries another node left behind when its
 *   lease ran out (a crash), and those accepted while this node had too much in hand.
 * Leases are short (10 s by default); while this node holds deliveries it renews all its
 * leases every third of that, so a slow target never loses its lease, and a crashed node's
 * deliveries are taken over within one lease period.
 * At most `concurrency` attempts run at once; the loop sleeps until the next due time it
 * knows of, but never longer than `pollMs`, so work made due elsewhere (another node, a
 * moved clock) is noticed.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Delivery, DeliveryLease, EventStore } from '../../storage/event-port.js';

/** How a node's dispatcher runs. */
export interface DispatcherOptions {
  readonly owner: string;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly concurrency: number;
  /** False: deliver nothing (deliveries wait in the store). */
  readonly enabled: boolean;
}

/** Pause before claiming again when due deliveries were all taken by other nodes. */
const CONTENDED_BACKOFF_MS = 25;

/** How long stop() waits for running attempts before releasing leases anyway. */
const STOP_GRACE_MS = 10_000;

/** The delivery loop of one node (see the module comment). */
export class Dispatcher {
  private readonly queue: Delivery[] = [];
  /** Ids queued or running here, so a re-claimed delivery is not run twice. */
  private readonly known = new Set<string>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private polling: Promise<void> | undefined;
  /** A poll found no room; poll again once attempts finish. */
  private starved = false;
  private stopped = true;
  private idleWaiters: Array<() => void> = [];
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly run: (d: Delivery) => Promise<void>,
    private readonly clock: Clock,
    private readonly logger: FastifyBaseLogger,
    private readonly options: DispatcherOptions,
  ) {}

  start(): void {
    if (!this.options.enabled || !this.stopped) return;
    this.stopped = false;
    this.wake(this.clock.now());
    // Leases are short so a crashed node's work resumes soon; a live node keeps its own alive.
    this.heartbeat = setInterval(() => void this.renew(), Math.max(1, Math.floor(this.options.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private async renew(): Promise<void> {
    if (this.stopped || this.queue.length + this.inFlight === 0) return;
    try {
      await this.store.renew(this.options.owner, this.clock.now() + this.options.leaseMs);
    } catch (err) {
      if (!this.stopped) this.logger.error({ err }, 'renewing event delivery leases failed; will retry');
    }
  }

  /** Deliveries held here before new ones are left for polling (bounds memory under a backlog). */
  private get backlogLimit(): number {
    return this.options.concurrency * 64;
  }

  /**
   * A lease for `count` deliveries about to be stored, when this node can start them at once;
   * undefined when they should be stored free for whoever claims them (stopped, or backlogged).
   */
  leaseFor(count: number): DeliveryLease | undefined {
    if (this.stopped || this.queue.length + count > this.backlogLimit) return undefined;
    return { owner: this.options.owner, until: this.clock.now() + this.options.leaseMs };
  }

  /** Runs deliveries leased to this node. */
  handOff(deliveries: readonly Delivery[]): void {
    if (this.stopped) return;
    for (const d of deliveries) {
      if (this.known.has(d.id)) continue;
      this.known.add(d.id);
      this.queue.push(d);
    }
    this.pump();
  }

  /** Makes sure the loop looks for due work by `at` (service clock, epoch ms). */
  wake(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    const delay = Math.max(0, Math.min(at - this.clock.now(), this.options.pollMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.poll();
    }, delay);
    this.timer.unref();
  }

  private poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.polling) return this.polling;
    this.polling = this.claimDue().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async claimDue(): Promise<void> {
    try {
      for (;;) {
        const room = this.options.concurrency * 4 - this.queue.length - this.inFlight;
        if (room <= 0) {
          this.starved = true;
          return;
        }
        // Reading the next due time is cheap; claiming is a write, so only claim what is due.
        const now = this.clock.now();
        const due = await this.store.nextDueAt();
        if (due === undefined || due > now) {
          this.wake(Math.min(due ?? Infinity, now + this.options.pollMs));
          return;
        }
        const claimed = await this.store.claim({ now, lease: { owner: this.options.owner, until: now + this.options.leaseMs }, limit: room });
        this.handOff(claimed);
        if (this.stopped) return;
        if (claimed.length === 0) {
          // Due work exists but another node is claiming it right now (its rows are locked):
          // look again shortly instead of spinning on the store.
          this.wake(now + Math.min(CONTENDED_BACKOFF_MS, this.options.pollMs));
          return;
        }
      }
    } catch (err) {
      if (this.stopped) return;
      this.logger.error({ err }, 'claiming event deliveries failed; will retry');
      this.wake(this.clock.now() + this.options.pollMs);
    }
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const d = this.queue.shift() as Delivery;
      this.inFlight++;
      void this.run(d).finally(() => this.finished(d));
    }
  }

  private finished(d: Delivery): void {
    this.inFlight--;
    this.known.delete(d.id);
    // Claim again once the queue runs low, so each claim (a write) takes a large batch.
    if (this.starved && this.queue.length < this.options.concurrency) {
      this.starved = false;
      void this.poll();
    }
    this.pump();
    if (this.inFlight === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Stops taking work, lets running attempts finish, and releases this node's other leases. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.queue.length = 0;
    await this.polling;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timeout = setTimeout(resolve, STOP_GRACE_MS);
        this.idleWaiters.push(() => {
          clearTimeout(timeout);
          resolve();
        });
      });
    }
    try {
      await this.store.release(this.options.owner);
    } catch (err) {
      this.logger.error({ err }, 'releasing event delivery leases failed; they expire on their own');
    }
  }
}
