/**
 * Queue storage (SQS): queues, messages, visibility, FIFO groups and deduplication, redrive
 * to a dead-letter queue, message move tasks. Part of the storage port (see port.ts for the
 * rules every method follows: atomic, durable when resolved, caller-supplied times).
 *
 * Durability: sends are durable when they resolve; receives, deletes and visibility changes
 * may resolve before their own writes are (see port.ts), never before the messages a receive
 * returns are.
 *
 * Queues are named by their ARN. The engine keeps per-message visibility as a time column
 * (`visibleAt`), so delays, visibility timeouts and in-flight state survive a restart with
 * nothing to resume: a message is receivable when `visibleAt <= now`.
 *
 * What the port leaves to the service (deliberately): attribute syntax and defaults, the
 * AWS limits, MD5 digests, receipt-handle wrapping and every error message. The engine only
 * stores, claims and moves.
 */

/** A queue as stored. */
export interface QueueRecord {
  /** `arn:aws:sqs:<region>:<account>:<name>` — the queue's identity in this port. */
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly fifo: boolean;
  /** Settable attributes as their AWS strings (`VisibilityTimeout: "30"`), interpreted by the service. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** ARN of the dead-letter queue its RedrivePolicy names, if any (indexed for ListDeadLetterSourceQueues). */
  readonly deadLetterTargetArn: string | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When the queue was last purged. */
  readonly lastPurgedAt: number | undefined;
}

/** A queue to create: its record without the times the engine keeps. */
export type NewQueue = Omit<QueueRecord, 'createdAt' | 'updatedAt' | 'lastPurgedAt'>;

/** An atomic change to a queue: attributes and tags are merged, not replaced. */
export interface QueuePatch {
  readonly setAttributes?: Readonly<Record<string, string>>;
  readonly removeAttributes?: readonly string[];
  readonly setTags?: Readonly<Record<string, string>>;
  readonly removeTags?: readonly string[];
  /** `null` clears it; undefined leaves it. */
  readonly deadLetterTargetArn?: string | null;
}

export interface QueueListOptions {
  readonly prefix?: string;
  /** Only names sorting after this (pagination). */
  readonly after?: string;
  readonly limit?: number;
}

/** A message attribute as on the wire: binary values in base64. */
export interface StoredAttribute {
  readonly dataType: string;
  readonly stringValue?: string;
  readonly binaryValue?: string;
}

export type StoredAttributes = Readonly<Record<string, StoredAttribute>>;

export interface NewMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: StoredAttributes;
  /** `AWSTraceHeader`, the only system attribute a sender may set. */
  readonly systemAttributes: StoredAttributes;
  readonly senderId: string;
  /** When it first becomes receivable (now + delay). */
  readonly visibleAt: number;
  readonly groupId?: string;
  /** FIFO deduplication: a second message with the same id in the same scope within the window is not stored. */
  readonly deduplication?: {
    readonly id: string;
    /** The message group for DeduplicationScope=messageGroup, '' for the whole queue. */
    readonly scope: string;
  };
}

export interface SendOptions {
  readonly now: number;
  /** How long a deduplication id is remembered (5 minutes on AWS). */
  readonly deduplicationWindowMs: number;
}

export interface SendOutcome {
  readonly messageId: string;
  /** Strictly increasing within the queue; the FIFO SequenceNumber. */
  readonly sequence: number;
  /** True when an earlier message had the same deduplication id: nothing was stored and its id is returned. */
  readonly duplicate: boolean;
}

/** A message as handed to a receiver. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: StoredAttributes;
  readonly systemAttributes: StoredAttributes;
  readonly senderId: string;
  readonly sentAt: number;
  readonly sequence: number;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
  readonly receiveCount: number;
  readonly firstReceivedAt: number | undefined;
  /** ARN of the queue it was dead-lettered from. */
  readonly deadLetterSourceArn: string | undefined;
  /** Opaque token naming this receipt; pass it back to delete or change visibility. */
  readonly receipt: string;
}

export interface ReceiveOptions {
  readonly now: number;
  readonly max: number;
  /** Messages claimed become visible again at now + this. */
  readonly visibilityTimeoutMs: number;
  /** Messages enqueued at or before this are expired (retention): dropped, never delivered. */
  readonly retentionCutoff: number;
  /** Messages already received `maxReceiveCount` times move to the dead-letter queue instead of being delivered. */
  readonly redrive?: {
    readonly deadLetterArn: string;
    readonly maxReceiveCount: number;
    /** FIFO dead-letter queues restart the retention clock; standard ones keep the original enqueue time. */
    readonly resetEnqueuedAt: boolean;
  };
  /** FIFO ReceiveRequestAttemptId: a retry within the window returns the same messages and receipts. */
  readonly attempt?: { readonly id: string; readonly windowMs: number };
  /** Claim nothing and report `overLimit` when this many messages are already in flight. */
  readonly inFlightLimit?: number;
}

export interface ReceiveOutcome {
  readonly messages: readonly StoredMessage[];
  /** When nothing was receivable: the earliest time something may become so (a delay or a visibility timeout ending). */
  readonly wakeAt: number | undefined;
  /** True when `inFlightLimit` was reached (nothing was claimed). */
  readonly overLimit?: boolean;
}

export type DeleteResult = 'deleted' | 'gone' | 'invalid';
export type VisibilityResult = 'changed' | 'not-in-flight' | 'beyond-limit' | 'invalid';

export interface VisibilityChange {
  readonly receipt: string;
  /** now + new timeout. */
  readonly visibleAt: number;
}

export interface MessageCounts {
  /** Receivable now. */
  readonly visible: number;
  /** Received and within their visibility timeout. */
  readonly inFlight: number;
  /** Never received and still delayed. */
  readonly delayed: number;
}

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MoveTaskRecord {
  readonly handle: string;
  readonly sourceArn: string;
  /** Undefined: each message returns to the queue it was dead-lettered from. */
  readonly destinationArn: string | undefined;
  readonly maxPerSecond: number | undefined;
  readonly status: MoveTaskStatus;
  readonly moved: number;
  /** Messages in the source when the task started. */
  readonly toMove: number;
  readonly failureReason: string | undefined;
  readonly startedAt: number;
  readonly updatedAt: number;
}

export interface NewMoveTask {
  readonly handle: string;
  readonly sourceArn: string;
  readonly destinationArn: string | undefined;
  readonly maxPerSecond: number | undefined;
}

/** Wake-ups for long polling; SQLite feeds it in-process, PostgreSQL will feed it from LISTEN/NOTIFY. */
export interface QueueSignals {
  /** Calls `listener` after a commit that may have made messages receivable in the queue; returns an unsubscribe. */
  subscribe(queueArn: string, listener: () => void): () => void;
}

export interface QueueStore {
  readonly signals: QueueSignals;

  /** Creates the queue, or returns the existing one with `created: false` (the service compares attributes). */
  createQueue(queue: NewQueue, now: number): Promise<{ queue: QueueRecord; created: boolean }>;
  getQueue(arn: string): Promise<QueueRecord | undefined>;
  /** Queues of one account and region, in name order. */
  listQueues(account: string, region: string, options?: QueueListOptions): Promise<QueueRecord[]>;
  /** Queues whose RedrivePolicy names `deadLetterArn`, in name order. */
  listDeadLetterSources(deadLetterArn: string, options?: QueueListOptions): Promise<QueueRecord[]>;
  /** Every queue (the expiry sweeper walks them). */
  listAllQueues(): Promise<QueueRecord[]>;
  /** Merges the patch; NOT_FOUND when the queue is absent. */
  updateQueue(arn: string, patch: QueuePatch, now: number): Promise<QueueRecord>;
  /** Deletes the queue with its messages, groups, deduplication ids and move tasks; false when absent. */
  deleteQueue(arn: string): Promise<boolean>;
  /**
   * Deletes every message unless the last purge was after `notBefore`; NOT_FOUND when absent.
   * Deduplication ids are kept (AWS remembers them after deletion too).
   */
  purgeQueue(arn: string, now: number, notBefore: number): Promise<{ purged: boolean; lastPurgedAt: number | undefined }>;

  /** Stores messages in order, all or none; NOT_FOUND when the queue is absent. */
  sendMessages(queueArn: string, messages: readonly NewMessage[], options: SendOptions): Promise<SendOutcome[]>;
  /**
   * Claims up to `max` receivable messages: no message is claimed twice within its visibility
   * timeout. FIFO queues deliver each message group in order and skip a group while any of its
   * messages is in flight. NOT_FOUND when the queue is absent.
   */
  receiveMessages(queueArn: string, options: ReceiveOptions): Promise<ReceiveOutcome>;
  /** Deletes by receipt (a stale receipt still deletes, as on AWS); one result per receipt. */
  deleteMessages(queueArn: string, receipts: readonly string[]): Promise<DeleteResult[]>;
  /**
   * Changes the visibility of in-flight messages; `beyond-limit` when the new time is more
   * than `limitMs` after the message was received.
   */
  changeVisibility(queueArn: string, changes: readonly VisibilityChange[], now: number, limitMs: number): Promise<VisibilityResult[]>;
  countMessages(queueArn: string, now: number, retentionCutoff: number): Promise<MessageCounts>;
  /** Drops expired messages of one queue and forgotten deduplication ids and receive attempts; returns messages dropped. */
  expireMessages(queueArn: string, retentionCutoff: number, now: number): Promise<number>;

  /** Starts a task (RUNNING); CONFLICT when the source already has a running one, NOT_FOUND when the source is absent. */
  startMoveTask(task: NewMoveTask, now: number): Promise<MoveTaskRecord>;
  getMoveTask(handle: string): Promise<MoveTaskRecord | undefined>;
  /** Most recent first. */
  listMoveTasks(sourceArn: string, limit: number): Promise<MoveTaskRecord[]>;
  /** Every RUNNING task (resumed after a restart). */
  listRunningMoveTasks(): Promise<MoveTaskRecord[]>;
  /**
   * Moves up to `limit` messages that were in the source when the task started (and are not in
   * flight) to their destination, counting them; marks the task COMPLETED when none remain, or
   * FAILED when a destination does not exist. No-op unless RUNNING. Returns the task after the move.
   * With `minIntervalMs`, also a no-op (the task returned as it is) when its last step or its
   * start was less than that before `now`: nodes that all step one task keep its pace together.
   */
  runMoveTask(handle: string, limit: number, now: number, minIntervalMs?: number): Promise<MoveTaskRecord>;
  /** RUNNING → CANCELLED; NOT_FOUND when absent, CONFLICT when not running. */
  cancelMoveTask(handle: string, now: number): Promise<MoveTaskRecord>;
}
