/**
 * The message hot path of the SQLite queue store: synchronous steps that run inside one
 * `sqlite.write()` unit (so each public store method stays atomic). This file is the
 * engine's inner loop — receive, FIFO group bookkeeping, dead-letter moves — and is kept
 * together on purpose; the public surface is SqliteQueueStore.
 *
 * FIFO groups: `sqs_groups` holds one row per group with messages, naming its head (lowest
 * seq) and `available_at`, the time the group can next be served: the later of the head's
 * visible_at and the visibility end of any in-flight message of the group. In-flight
 * messages are always among the first ten of a group (a receive claims at most ten from
 * the head, and the group is blocked until they are resolved), so refreshing a group reads
 * at most ten rows.
 */
import { randomBytes } from 'node:crypto';
import type {
  DeleteResult,
  MessageCounts,
  NewMessage,
  ReceiveOptions,
  SendOptions,
  SendOutcome,
  StoredMessage,
  VisibilityChange,
  VisibilityResult,
} from '../queue-port.js';
import type { Db } from './database.js';
import { attributesText, parseReceipt, toStoredMessage } from '../rows.js';
import { MESSAGE_COLUMNS, messageQuery } from './message-rows.js';
import type { MessageRow } from './queue-schema.js';
import type { SeqWatermark } from './seq-watermark.js';

/** What the message steps need to know about a queue. */
export interface QueueRef {
  readonly id: number;
  readonly arn: string;
  readonly fifo: boolean;
}

/** The longest in-flight prefix of a FIFO group (see the module comment). */
const GROUP_WINDOW = 10;
/** Expired messages dropped per receive, so one receive never stalls on a huge backlog. */
const EXPIRE_PER_RECEIVE = 500;
/** Receives sweep expired messages ahead of them at most this often per queue (caller time). */
const EXPIRE_INTERVAL_MS = 1_000;

export class MessageTable {
  private readonly s;
  /** When a receive last swept each queue's expired messages, by queue id. */
  private readonly expiredAt = new Map<number, number>();

  constructor(
    db: Db,
    private readonly watermark: SeqWatermark,
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO sqs_messages (queue_id, message_id, body, attributes, system_attributes, sender_id, sent_at, enqueued_at,
           visible_at, group_id, dedup_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      copy: db.prepare(
        `INSERT INTO sqs_messages (queue_id, message_id, body, attributes, system_attributes, sender_id, sent_at, enqueued_at,
           visible_at, receive_count, first_received_at, group_id, dedup_id, dead_letter_source)
         SELECT ?, message_id, body, attributes, system_attributes, sender_id, sent_at, ?, ?, ?, ?, group_id, dedup_id, ?
         FROM sqs_messages WHERE seq = ?`,
      ),
      get: messageQuery<[number]>(db, `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages WHERE seq = ?`),
      delete: db.prepare('DELETE FROM sqs_messages WHERE seq = ?'),
      deleteInQueue: db.prepare<[number, number], { group_id: string | null }>(
        'DELETE FROM sqs_messages WHERE seq = ? AND queue_id = ? RETURNING group_id',
      ),
      exists: db.prepare<[number], { queue_id: number }>('SELECT queue_id FROM sqs_messages WHERE seq = ?'),
      visibleCandidates: messageQuery<[number, number, number]>(
        db,
        `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at LIMIT ?`,
      ),
      nextVisible: db.prepare<[number, number], { t: number | null }>(
        'SELECT MIN(visible_at) AS t FROM sqs_messages WHERE queue_id = ? AND visible_at > ?',
      ),
      claim: db.prepare(
        `UPDATE sqs_messages SET receive_count = receive_count + 1, first_received_at = COALESCE(first_received_at, ?),
           received_at = ?, visible_at = ?, receipt_nonce = ? WHERE seq = ?`,
      ),
      setVisible: db.prepare('UPDATE sqs_messages SET visible_at = ? WHERE seq = ?'),
      expired: db.prepare<[number, number, number], { seq: number; group_id: string | null }>(
        'SELECT seq, group_id FROM sqs_messages WHERE queue_id = ? AND enqueued_at <= ? LIMIT ?',
      ),
      groupHead: messageQuery<[number, string, number]>(
        db,
        `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages WHERE queue_id = ? AND group_id = ? ORDER BY seq LIMIT ?`,
      ),
      groupAfter: messageQuery<[number, string, number, number]>(
        db,
        `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages WHERE queue_id = ? AND group_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      availableGroups: db.prepare<[number, number, number], { group_id: string }>(
        'SELECT group_id FROM sqs_groups WHERE queue_id = ? AND available_at <= ? ORDER BY head_seq LIMIT ?',
      ),
      nextGroup: db.prepare<[number, number], { t: number | null }>(
        'SELECT MIN(available_at) AS t FROM sqs_groups WHERE queue_id = ? AND available_at > ?',
      ),
      addGroup: db.prepare('INSERT OR IGNORE INTO sqs_groups (queue_id, group_id, head_seq, available_at) VALUES (?, ?, ?, ?)'),
      putGroup: db.prepare('INSERT OR REPLACE INTO sqs_groups (queue_id, group_id, head_seq, available_at) VALUES (?, ?, ?, ?)'),
      dropGroup: db.prepare('DELETE FROM sqs_groups WHERE queue_id = ? AND group_id = ?'),
      dedupGet: db.prepare<[number, string, string], { message_id: string; seq: number; expires_at: number }>(
        'SELECT message_id, seq, expires_at FROM sqs_dedup WHERE queue_id = ? AND scope = ? AND dedup_id = ?',
      ),
      dedupPut: db.prepare('INSERT OR REPLACE INTO sqs_dedup (queue_id, scope, dedup_id, message_id, seq, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      attemptGet: db.prepare<[number, string], { receipts: string; expires_at: number }>(
        'SELECT receipts, expires_at FROM sqs_receive_attempts WHERE queue_id = ? AND attempt_id = ?',
      ),
      counts: db.prepare<[number, number, number, number, number], { visible: number | null; in_flight: number | null; delayed: number | null }>(
        `SELECT SUM(visible_at <= ?) AS visible, SUM(visible_at > ? AND receive_count > 0) AS in_flight,
           SUM(visible_at > ? AND receive_count = 0) AS delayed
         FROM sqs_messages WHERE queue_id = ? AND enqueued_at > ?`,
      ),
      inFlight: db.prepare<[number, number, number], { n: number }>(
        'SELECT COUNT(*) AS n FROM (SELECT 1 FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND receive_count > 0 LIMIT ?)',
      ),
      attemptPut: db.prepare('INSERT OR REPLACE INTO sqs_receive_attempts (queue_id, attempt_id, receipts, expires_at) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Inserts messages in order, skipping FIFO duplicates within the window. */
  send(queue: QueueRef, messages: readonly NewMessage[], options: SendOptions): SendOutcome[] {
    const { now } = options;
    return messages.map((m) => {
      const dedup = m.deduplication;
      if (dedup) {
        const seen = this.s.dedupGet.get(queue.id, dedup.scope, dedup.id);
        if (seen && seen.expires_at > now) return { messageId: seen.message_id, sequence: seen.seq, duplicate: true };
      }
      const seq = Number(
        this.s.insert.run(
          queue.id, m.messageId, m.body, attributesText(m.attributes), attributesText(m.systemAttributes), m.senderId,
          now, now, m.visibleAt, m.groupId ?? null, dedup?.id ?? null,
        ).lastInsertRowid,
      );
      this.watermark.inserted(seq);
      if (dedup) this.s.dedupPut.run(queue.id, dedup.scope, dedup.id, m.messageId, seq, now + options.deduplicationWindowMs);
      if (queue.fifo && m.groupId !== undefined) this.s.addGroup.run(queue.id, m.groupId, seq, m.visibleAt);
      return { messageId: m.messageId, sequence: seq, duplicate: false };
    });
  }

  /**
   * Claims messages for one receive. `deadLetter` is the resolved dead-letter queue when the
   * queue has a redrive policy (and the target exists); `touched` collects queues to signal.
   */
  receive(queue: QueueRef, options: ReceiveOptions, deadLetter: QueueRef | undefined, touched: Set<string>): StoredMessage[] {
    // Expired messages a receive meets are dropped below anyway; sweeping ahead of it once a
    // second per queue keeps a large expired backlog from slowing receives.
    const since = options.now - (this.expiredAt.get(queue.id) ?? -Infinity);
    if (!(since >= 0 && since < EXPIRE_INTERVAL_MS)) {
      this.expiredAt.set(queue.id, options.now);
      this.expire(queue, options.retentionCutoff, EXPIRE_PER_RECEIVE);
    }
    const claimed: StoredMessage[] = [];
    // One nonce for the messages of one receive: their receipts differ by seq.
    const nonce = randomBytes(8).toString('hex');
    const consider = (row: MessageRow): 'claimed' | 'skipped' | 'blocked' => {
      if (row.visible_at > options.now) return 'blocked';
      if (row.enqueued_at <= options.retentionCutoff) {
        this.s.delete.run(row.seq);
        return 'skipped';
      }
      const redrive = options.redrive;
      if (redrive && deadLetter && row.receive_count >= redrive.maxReceiveCount) {
        this.move(row, queue, deadLetter, {
          now: options.now,
          enqueuedAt: redrive.resetEnqueuedAt ? options.now : row.enqueued_at,
          keepReceives: true,
          deadLetterSource: queue.arn,
        });
        touched.add(deadLetter.arn);
        return 'skipped';
      }
      claimed.push(this.claim(row, options, nonce));
      return 'claimed';
    };
    if (queue.fifo) this.receiveFifo(queue, options, consider, claimed);
    else this.receiveStandard(queue, options, consider, claimed);
    return claimed;
  }

  private receiveStandard(
    queue: QueueRef,
    options: ReceiveOptions,
    consider: (row: MessageRow) => string,
    claimed: StoredMessage[],
  ): void {
    // A claimed message may stay visible (VisibilityTimeout 0), so remember what was seen.
    const seen = new Set<number>();
    for (let pass = 0; pass < 20 && claimed.length < options.max; pass++) {
      const rows = this.s.visibleCandidates.all(queue.id, options.now, options.max - claimed.length + seen.size);
      const fresh = rows.filter((r) => !seen.has(r.seq));
      if (fresh.length === 0) return;
      for (const row of fresh) {
        if (claimed.length >= options.max) return;
        seen.add(row.seq);
        consider(row);
      }
    }
  }

  private receiveFifo(
    queue: QueueRef,
    options: ReceiveOptions,
    consider: (row: MessageRow) => string,
    claimed: StoredMessage[],
  ): void {
    const seen = new Set<string>();
    for (let pass = 0; pass < 50 && claimed.length < options.max; pass++) {
      const groups = this.s.availableGroups.all(queue.id, options.now, 20 + seen.size).filter((g) => !seen.has(g.group_id));
      if (groups.length === 0) return;
      for (const { group_id: group } of groups) {
        if (claimed.length >= options.max) return;
        seen.add(group);
        this.takeFromGroup(queue, group, options, consider, claimed);
        this.refreshGroup(queue, group);
      }
    }
  }

  /** Takes a group's messages from the head, in order, while they are receivable. */
  private takeFromGroup(
    queue: QueueRef,
    group: string,
    options: ReceiveOptions,
    consider: (row: MessageRow) => string,
    claimed: StoredMessage[],
  ): void {
    let after = 0;
    while (claimed.length < options.max) {
      const rows = this.s.groupAfter.all(queue.id, group, after, options.max - claimed.length);
      if (rows.length === 0) return;
      for (const row of rows) {
        after = row.seq;
        if (consider(row) === 'blocked' || claimed.length >= options.max) return;
      }
    }
  }

  private claim(row: MessageRow, options: ReceiveOptions, nonce: string): StoredMessage {
    const visibleAt = options.now + options.visibilityTimeoutMs;
    this.s.claim.run(options.now, options.now, visibleAt, nonce, row.seq);
    return toStoredMessage({
      ...row,
      receive_count: row.receive_count + 1,
      first_received_at: row.first_received_at ?? options.now,
      received_at: options.now,
      visible_at: visibleAt,
      receipt_nonce: nonce,
    });
  }

  /** The commit that must be durable before these messages may be handed out (0: none). */
  durableNeeded(messages: readonly StoredMessage[]): number {
    let need = 0;
    for (const m of messages) need = Math.max(need, this.watermark.commitOf(m.sequence));
    return need;
  }

  counts(queue: QueueRef, now: number, retentionCutoff: number): MessageCounts {
    const r = this.s.counts.get(now, now, now, queue.id, retentionCutoff);
    return { visible: r?.visible ?? 0, inFlight: r?.in_flight ?? 0, delayed: r?.delayed ?? 0 };
  }

  /** Whether at least `limit` messages are in flight (counts at most `limit` rows). */
  atInFlightLimit(queue: QueueRef, now: number, limit: number): boolean {
    return (this.s.inFlight.get(queue.id, now, limit)?.n ?? 0) >= limit;
  }

  /** When nothing is receivable now: the earliest time something may become so. */
  wakeAt(queue: QueueRef, now: number): number | undefined {
    const row = queue.fifo ? this.s.nextGroup.get(queue.id, now) : this.s.nextVisible.get(queue.id, now);
    return row?.t ?? undefined;
  }

  /** Re-delivers a FIFO receive attempt's messages if none was touched since; undefined otherwise. */
  retryAttempt(queue: QueueRef, attemptId: string, options: ReceiveOptions): StoredMessage[] | undefined {
    const attempt = this.s.attemptGet.get(queue.id, attemptId);
    if (!attempt || attempt.expires_at <= options.now) return undefined;
    const pairs = JSON.parse(attempt.receipts) as Array<[number, string]>;
    const rows = pairs.map(([seq, nonce]) => {
      const row = this.s.get.get(seq);
      return row && row.queue_id === queue.id && row.receipt_nonce === nonce ? row : undefined;
    });
    if (pairs.length === 0 || rows.some((r) => r === undefined)) return undefined;
    const visibleAt = options.now + options.visibilityTimeoutMs;
    const groups = new Set<string>();
    const messages = (rows as MessageRow[]).map((row) => {
      this.s.setVisible.run(visibleAt, row.seq);
      if (row.group_id !== null) groups.add(row.group_id);
      return toStoredMessage({ ...row, visible_at: visibleAt });
    });
    if (queue.fifo) for (const g of groups) this.refreshGroup(queue, g);
    return messages;
  }

  recordAttempt(queue: QueueRef, attemptId: string, messages: readonly StoredMessage[], expiresAt: number): void {
    const pairs = messages.map((m) => {
      const r = parseReceipt(m.receipt)!;
      return [r.seq, r.nonce];
    });
    this.s.attemptPut.run(queue.id, attemptId, JSON.stringify(pairs), expiresAt);
  }

  /** Deletes by receipt; a receipt of another queue is invalid. */
  delete(queue: QueueRef, receipt: string): DeleteResult {
    const parsed = parseReceipt(receipt);
    if (!parsed) return 'invalid';
    const deleted = this.s.deleteInQueue.get(parsed.seq, queue.id);
    if (!deleted) return this.s.exists.get(parsed.seq) ? 'invalid' : 'gone';
    if (queue.fifo && deleted.group_id !== null) this.refreshGroup(queue, deleted.group_id);
    return 'deleted';
  }

  changeVisibility(queue: QueueRef, change: VisibilityChange, now: number, limitMs: number): VisibilityResult {
    const parsed = parseReceipt(change.receipt);
    if (!parsed) return 'invalid';
    const row = this.s.get.get(parsed.seq);
    if (row && row.queue_id !== queue.id) return 'invalid';
    if (!row || row.receipt_nonce !== parsed.nonce || row.visible_at <= now) return 'not-in-flight';
    if (change.visibleAt > (row.received_at ?? now) + limitMs) return 'beyond-limit';
    this.s.setVisible.run(change.visibleAt, row.seq);
    if (queue.fifo && row.group_id !== null) this.refreshGroup(queue, row.group_id);
    return 'changed';
  }

  /** Drops up to `limit` messages enqueued at or before the cutoff; returns how many. */
  expire(queue: QueueRef, cutoff: number, limit: number): number {
    const rows = this.s.expired.all(queue.id, cutoff, limit);
    const groups = new Set<string>();
    for (const r of rows) {
      this.s.delete.run(r.seq);
      if (r.group_id !== null) groups.add(r.group_id);
    }
    if (queue.fifo) for (const g of groups) this.refreshGroup(queue, g);
    return rows.length;
  }

  /**
   * Moves one message to another queue under a new seq (dead-letter redrive and move tasks),
   * keeping its id, body, attributes and sent time.
   */
  move(
    row: MessageRow,
    source: QueueRef,
    target: QueueRef,
    how: { now: number; enqueuedAt: number; keepReceives: boolean; deadLetterSource: string | null },
  ): void {
    const seq = Number(
      this.s.copy.run(
        target.id, how.enqueuedAt, how.now,
        how.keepReceives ? row.receive_count : 0, how.keepReceives ? row.first_received_at : null,
        how.deadLetterSource, row.seq,
      ).lastInsertRowid,
    );
    this.watermark.inserted(seq);
    this.s.delete.run(row.seq);
    if (target.fifo && row.group_id !== null) this.s.addGroup.run(target.id, row.group_id, seq, how.now);
    if (source.fifo && row.group_id !== null) this.refreshGroup(source, row.group_id);
  }

  /** Recomputes a FIFO group's head and availability after its messages changed. */
  refreshGroup(queue: QueueRef, group: string): void {
    const rows = this.s.groupHead.all(queue.id, group, GROUP_WINDOW);
    const head = rows[0];
    if (!head) {
      this.s.dropGroup.run(queue.id, group);
      return;
    }
    let availableAt = head.visible_at;
    for (const r of rows) if (r.receive_count > 0 && r.visible_at > availableAt) availableAt = r.visible_at;
    this.s.putGroup.run(queue.id, group, head.seq, availableAt);
  }
}
