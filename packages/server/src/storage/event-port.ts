/**
 * Event-bus storage (EventBridge): the deliveries still owed to rule targets, with their
 * attempts, next-attempt times and leases, and the next fire time of every scheduled rule.
 * Part of the storage port (see port.ts for the rules every method follows: atomic, durable
 * when resolved, caller-supplied times).
 *
 * A delivery is one event owed to one target of one rule. It exists from the moment its event
 * is acknowledged (PutEvents writes every delivery of the call in one `enqueue`) until it has
 * been delivered, dead-lettered or given up on (`complete`, which takes many at once so a busy
 * node removes a batch of finished deliveries in one write). A worker takes a delivery by
 * leasing it (`claim`, or `enqueue` with a lease for the node that just accepted the event)
 * and keeps it with `renew`. A lease that runs out — its node crashed — makes the delivery
 * claimable again, so nothing is lost; a live lease keeps two workers from taking the same
 * delivery at once.
 *
 * What the port leaves to the service (deliberately): which rules match (patterns), what a
 * target is (its JSON is opaque here), retry policy and backoff, dead-letter queues, schedule
 * expressions. The engine stores, leases, orders by due time and deletes.
 */

import type { NewMessage } from './queue-port.js';

/**
 * A delivery the engine may complete inside the accepting commit: the message its SQS queue
 * target should receive. If the queue exists when `enqueue` runs, the message is stored in
 * it (FIFO deduplication applies as for any send) and the delivery is done — it is never
 * stored; if the queue is gone, the delivery is stored as usual and the dispatcher's attempt
 * reports the missing queue.
 */
export interface InlineQueueSend {
  readonly queueArn: string;
  readonly message: NewMessage;
  /** How long the message's deduplication id is remembered (FIFO). */
  readonly deduplicationWindowMs: number;
}

/** One delivery to create. */
export interface NewDelivery {
  /** Unique id chosen by the service (a UUID). */
  readonly id: string;
  readonly busArn: string;
  readonly ruleArn: string;
  /** The target as the rule held it when the event matched (JSON text, opaque to the engine). */
  readonly target: string;
  /** When the event was accepted (epoch ms): retry age counts from here. */
  readonly enqueuedAt: number;
  /** First attempt not before this (epoch ms). */
  readonly nextAttemptAt: number;
  /** Complete it inside the accepting commit when its queue exists (honoured by `enqueue` only). */
  readonly inline?: InlineQueueSend;
}

/** One accepted event and the deliveries it owes; the event text is stored once for all of them. */
export interface EventDeliveries {
  /** The full event envelope as JSON text. */
  readonly event: string;
  readonly deliveries: readonly NewDelivery[];
}

/** Who holds a delivery, and until when. */
export interface DeliveryLease {
  /** The worker (node) id. */
  readonly owner: string;
  /** Epoch ms after which the lease is void and any worker may claim the delivery. */
  readonly until: number;
}

/** The last failed attempt of a delivery. */
export interface DeliveryError {
  readonly code: string;
  readonly message: string;
}

/** A delivery as read back (always a leased one: `claim` and `enqueue` hand them out). */
export interface Delivery extends Omit<NewDelivery, 'inline'> {
  /** The event envelope JSON text. */
  readonly event: string;
  /** Attempts made so far (0 before the first). */
  readonly attempts: number;
  readonly lastError?: DeliveryError;
}

/** The outcome of a failed attempt that will be retried. */
export interface DeliveryRetry {
  /** Attempts made so far, this one included. */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly error: DeliveryError;
}

export interface ClaimOptions {
  readonly now: number;
  readonly lease: DeliveryLease;
  /** At most this many. */
  readonly limit: number;
}

/** A scheduled rule's state: when it fires next. */
export interface ScheduleState {
  readonly ruleArn: string;
  /** Epoch ms. */
  readonly nextFireAt: number;
}

/** A schedule tick: advance the schedule and write the tick's deliveries, together. */
export interface ScheduleFire {
  readonly ruleArn: string;
  /** The fire time the caller read; the tick happens only if it is still the stored one. */
  readonly expectedFireAt: number;
  /** The fire time after this tick; undefined when the schedule has no further tick (it is removed). */
  readonly nextFireAt: number | undefined;
  readonly events: readonly EventDeliveries[];
}

/** What `enqueue` did. */
export interface EnqueueResult {
  /** Ids of the deliveries completed inside the commit (their queue messages were stored); they were not stored as deliveries. */
  readonly inlined: readonly string[];
}

/** The EventBridge part of the storage port. */
export interface EventStore {
  /**
   * Stores accepted events and their deliveries, all or none; durable when it resolves.
   * With `lease`, the deliveries are created leased (the accepting node delivers them at once
   * without a separate claim); without, any worker may claim them when due. Deliveries with
   * `inline` whose queue exists are completed in the same commit (see InlineQueueSend) and the
   * queues are signalled once it is durable; an event whose deliveries were all inlined is not
   * kept.
   */
  enqueue(events: readonly EventDeliveries[], lease?: DeliveryLease): Promise<EnqueueResult>;
  /**
   * Leases up to `limit` deliveries that are due (`nextAttemptAt <= now`) and not leased (or
   * whose lease has run out), earliest due first, and returns them.
   */
  claim(options: ClaimOptions): Promise<Delivery[]>;
  /**
   * Removes deliveries for good (delivered, dead-lettered or given up on), and each event
   * text once no delivery needs it. Returns how many were still there (ids already gone are
   * skipped).
   */
  complete(ids: readonly string[]): Promise<number>;
  /**
   * Records a failed attempt and releases the lease so the delivery is claimable again at
   * `nextAttemptAt`. Only the lease holder may do so: false (and nothing changes) when the
   * delivery is gone or leased by another owner.
   */
  reschedule(id: string, owner: string, retry: DeliveryRetry): Promise<boolean>;
  /** Releases every lease `owner` holds (a node stopping cleanly); returns how many. */
  release(owner: string): Promise<number>;
  /**
   * Extends every lease `owner` holds to at least `until` (a live node's heartbeat, so leases
   * can be short and a crashed node's work resumes soon); returns how many.
   */
  renew(owner: string, until: number): Promise<number>;
  /**
   * The earliest time a delivery becomes claimable: the earliest `nextAttemptAt` of an
   * unleased delivery or the earliest lease expiry, whichever comes first; undefined when
   * nothing is pending.
   */
  nextDueAt(): Promise<number | undefined>;
  /** Number of deliveries not yet completed. */
  pendingCount(): Promise<number>;

  /** Creates or replaces a scheduled rule's next fire time. */
  putSchedule(state: ScheduleState): Promise<void>;
  /** Removes a rule's schedule; false when it had none. */
  deleteSchedule(ruleArn: string): Promise<boolean>;
  /** Every schedule (loaded when a node starts). */
  listSchedules(): Promise<ScheduleState[]>;
  /**
   * Fires one tick: if the rule's stored fire time still equals `expectedFireAt`, moves it
   * to `nextFireAt` and stores the tick's deliveries (leased to `lease` when given), all in
   * one commit. False, with nothing written, when the schedule is gone or another worker
   * fired this tick already — so a tick is never lost and never doubled. `inline` is ignored
   * here: every delivery is stored.
   */
  fireSchedule(fire: ScheduleFire, lease?: DeliveryLease): Promise<boolean>;
}
