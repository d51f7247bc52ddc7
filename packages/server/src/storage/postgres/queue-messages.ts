/**
 * Message steps of the PostgreSQL queue store — send, delete, change visibility, count,
 * expire, move, receive attempts — each running inside the caller's transaction (so every
 * public store method stays atomic). Receiving lives in queue-receive.ts; the FIFO group
 * locking rules in queue-groups.ts.
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
import type { PgQuery, PgTx } from './database.js';
import type { FifoGroups, QueueRef } from './queue-groups.js';
import { attributesText, parseReceipt, toStoredMessage } from '../rows.js';
import type { MessageRow } from './queue-schema.js';

const COLUMNS = `queue_id, message_id, body, attributes, system_attributes, sender_id, sent_at, enqueued_at, visible_at, group_id, dedup_id`;

export function newNonce(): string {
  return randomBytes(8).toString('hex');
}

/** How a message moves to another queue (dead-letter redrive, move tasks). */
export interface MoveHow {
  readonly now: number;
  readonly enqueuedAt: number;
  readonly keepReceives: boolean;
  readonly deadLetterSource: string | null;
}

/** One message for a standard queue (no deduplication), sent at `now`. */
export interface StandardInsert {
  readonly queueId: number;
  readonly message: NewMessage;
  readonly now: number;
}

/** The per-message values of a standard insert, as the arrays `$2`–`$9` of INSERT_STANDARD. */
export function standardValues(rows: readonly Omit<StandardInsert, 'queueId'>[]): unknown[] {
  return [
    rows.map((r) => r.message.messageId),
    rows.map((r) => r.message.body),
    rows.map((r) => attributesText(r.message.attributes)),
    rows.map((r) => attributesText(r.message.systemAttributes)),
    rows.map((r) => r.message.senderId),
    rows.map((r) => r.now),
    rows.map((r) => r.message.visibleAt),
    rows.map((r) => r.message.groupId ?? null),
  ];
}

/**
 * Inserts standard-queue messages in array order (so `seq` follows it): `queue` is the SQL of
 * the queue id per row, `from` what the rows come from besides the arrays `$2`–`$9`.
 */
export function insertStandardSql(queue: string, from: string): string {
  return `INSERT INTO sqs_messages (${COLUMNS})
     SELECT ${queue}, m, b, a, s, snd, t, t, v, g, NULL
     FROM ${from} unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[])
       WITH ORDINALITY AS u(m, b, a, s, snd, t, v, g, o) ORDER BY o
     RETURNING seq, message_id`;
}

/** Seqs in the order of `messages`, from the rows an insert returned. */
export function seqsOf(messages: readonly NewMessage[], inserted: ReadonlyArray<{ seq: number; message_id: string }>): number[] {
  const seqs = new Map(inserted.map((r) => [r.message_id, r.seq]));
  return messages.map((m) => seqs.get(m.messageId) ?? 0);
}

/**
 * Inserts standard-queue messages, of one queue or many, in one statement; returns their seqs
 * in input order. The caller holds the queues' key-share locks.
 */
export async function insertStandard(q: PgQuery, rows: readonly StandardInsert[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await q.query<{ seq: number; message_id: string }>(
    insertStandardSql('($1::bigint[])[o::int]', ''),
    [rows.map((r) => r.queueId), ...standardValues(rows)],
  );
  return seqsOf(rows.map((r) => r.message), inserted);
}

export class MessageSteps {
  constructor(readonly groups: FifoGroups) {}

  /** Inserts messages in order, skipping duplicates within the deduplication window. */
  async send(tx: PgTx, queue: QueueRef, messages: readonly NewMessage[], options: SendOptions): Promise<SendOutcome[]> {
    if (queue.fifo) await this.groups.insertLock(tx, queue);
    else if (messages.every((m) => !m.deduplication)) {
      const seqs = await insertStandard(tx, messages.map((message) => ({ queueId: queue.id, message, now: options.now })));
      return messages.map((m, i) => ({ messageId: m.messageId, sequence: seqs[i] ?? 0, duplicate: false }));
    }
    const outcomes: SendOutcome[] = [];
    for (const m of messages) outcomes.push(await this.sendOne(tx, queue, m, options));
    return outcomes;
  }

  private async sendOne(tx: PgTx, queue: QueueRef, m: NewMessage, options: SendOptions): Promise<SendOutcome> {
    const { now } = options;
    const values = [
      queue.id, m.messageId, m.body, attributesText(m.attributes), attributesText(m.systemAttributes), m.senderId,
      now, m.visibleAt, m.groupId ?? null,
    ];
    const dedup = m.deduplication;
    let seq: number | undefined;
    if (dedup) {
      // Claim the deduplication id (unless a live one holds it) and insert the message, in one statement.
      const [row] = await tx.query<{ seq: number }>(
        `WITH d AS (
           INSERT INTO sqs_dedup (queue_id, scope, dedup_id, message_id, seq, expires_at)
           VALUES ($1, $10, $11, $2, nextval('sqs_message_seq'), $12)
           ON CONFLICT (queue_id, scope, dedup_id) DO UPDATE
             SET message_id = excluded.message_id, seq = excluded.seq, expires_at = excluded.expires_at
             WHERE sqs_dedup.expires_at <= $7
           RETURNING seq
         )
         INSERT INTO sqs_messages (seq, ${COLUMNS}) SELECT d.seq, $1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $11 FROM d RETURNING seq`,
        [...values, dedup.scope, dedup.id, now + options.deduplicationWindowMs],
      );
      if (!row) {
        const [seen] = await tx.query<{ message_id: string; seq: number }>(
          'SELECT message_id, seq FROM sqs_dedup WHERE queue_id = $1 AND scope = $2 AND dedup_id = $3',
          [queue.id, dedup.scope, dedup.id],
        );
        return { messageId: seen?.message_id ?? m.messageId, sequence: seen?.seq ?? 0, duplicate: true };
      }
      seq = row.seq;
    } else {
      const [row] = await tx.query<{ seq: number }>(
        `INSERT INTO sqs_messages (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, NULL) RETURNING seq`,
        values,
      );
      seq = row!.seq;
    }
    if (queue.fifo && m.groupId !== undefined) await this.groups.appended(tx, queue, m.groupId, seq, m.visibleAt);
    return { messageId: m.messageId, sequence: seq, duplicate: false };
  }

  /** Claims these rows for one receive (one statement) and returns them as handed out. */
  async claim(tx: PgTx, rows: readonly MessageRow[], options: ReceiveOptions): Promise<StoredMessage[]> {
    if (rows.length === 0) return [];
    const visibleAt = options.now + options.visibilityTimeoutMs;
    const nonces = rows.map(() => newNonce());
    await tx.query(
      `UPDATE sqs_messages m SET receive_count = m.receive_count + 1, first_received_at = COALESCE(m.first_received_at, $1),
         received_at = $1, visible_at = $2, receipt_nonce = u.nonce
       FROM unnest($3::bigint[], $4::text[]) AS u(seq, nonce) WHERE m.seq = u.seq`,
      [options.now, visibleAt, rows.map((r) => r.seq), nonces],
    );
    return rows.map((row, i) =>
      toStoredMessage({
        ...row,
        receive_count: row.receive_count + 1,
        first_received_at: row.first_received_at ?? options.now,
        received_at: options.now,
        visible_at: visibleAt,
        receipt_nonce: nonces[i]!,
      }),
    );
  }

  /** Moves one message to another queue under a new seq, keeping its id, body, attributes and sent time. */
  async move(tx: PgTx, row: MessageRow, target: QueueRef, how: MoveHow): Promise<void> {
    if (target.fifo) await this.groups.insertLock(tx, target);
    const [moved] = await tx.query<{ seq: number }>(
      `WITH src AS (DELETE FROM sqs_messages WHERE seq = $1 RETURNING *)
       INSERT INTO sqs_messages (queue_id, message_id, body, attributes, system_attributes, sender_id, sent_at, enqueued_at,
         visible_at, receive_count, first_received_at, group_id, dedup_id, dead_letter_source)
       SELECT $2, message_id, body, attributes, system_attributes, sender_id, sent_at, $3, $4,
         CASE WHEN $5 THEN receive_count ELSE 0 END, CASE WHEN $5 THEN first_received_at END, group_id, dedup_id, $6
       FROM src RETURNING seq`,
      [row.seq, target.id, how.enqueuedAt, how.now, how.keepReceives, how.deadLetterSource],
    );
    if (moved && target.fifo && row.group_id !== null) await this.groups.appended(tx, target, row.group_id, moved.seq, how.now);
  }

  /** Deletes by receipt; a receipt of another queue is invalid, one already deleted is gone. */
  async delete(tx: PgTx, queue: QueueRef, receipts: readonly string[]): Promise<DeleteResult[]> {
    const parsed = receipts.map(parseReceipt);
    const seqs = parsed.flatMap((p) => (p ? [p.seq] : []));
    const owners = await this.owners(tx, queue, seqs);
    const deleted = new Set(
      (await tx.query<{ seq: number }>('DELETE FROM sqs_messages WHERE queue_id = $1 AND seq = ANY($2::bigint[]) RETURNING seq', [queue.id, seqs])).map(
        (r) => r.seq,
      ),
    );
    if (queue.fifo) await this.groups.refresh(tx, queue, owners.groups);
    return parsed.map((p) => {
      if (!p) return 'invalid';
      const owner = owners.queueOf.get(p.seq);
      if (owner !== undefined && owner !== queue.id) return 'invalid';
      // A receipt repeated in one call deletes once.
      return deleted.delete(p.seq) ? 'deleted' : 'gone';
    });
  }

  /** Changes the visibility of in-flight messages, in request order (a repeated receipt sees the first change). */
  async changeVisibility(
    tx: PgTx,
    queue: QueueRef,
    changes: readonly VisibilityChange[],
    now: number,
    limitMs: number,
  ): Promise<VisibilityResult[]> {
    const parsed = changes.map((c) => parseReceipt(c.receipt));
    const seqs = parsed.flatMap((p) => (p ? [p.seq] : []));
    const owners = await this.owners(tx, queue, seqs);
    const rows = new Map(
      (await tx.query<MessageRow>('SELECT * FROM sqs_messages WHERE queue_id = $1 AND seq = ANY($2::bigint[]) FOR UPDATE', [queue.id, seqs])).map(
        (r) => [r.seq, r],
      ),
    );
    const changed = new Map<number, number>();
    const results = changes.map((change, i): VisibilityResult => {
      const p = parsed[i];
      if (!p) return 'invalid';
      const owner = owners.queueOf.get(p.seq);
      if (owner !== undefined && owner !== queue.id) return 'invalid';
      const row = rows.get(p.seq);
      if (!row || row.receipt_nonce !== p.nonce || row.visible_at <= now) return 'not-in-flight';
      if (change.visibleAt > (row.received_at ?? now) + limitMs) return 'beyond-limit';
      row.visible_at = change.visibleAt;
      changed.set(row.seq, change.visibleAt);
      return 'changed';
    });
    if (changed.size > 0) {
      await tx.query('UPDATE sqs_messages m SET visible_at = u.v FROM unnest($1::bigint[], $2::bigint[]) AS u(seq, v) WHERE m.seq = u.seq', [
        [...changed.keys()],
        [...changed.values()],
      ]);
    }
    if (queue.fifo) await this.groups.refresh(tx, queue, owners.groups);
    return results;
  }

  /**
   * Which queue each of these messages is in, and — for a FIFO queue — their groups, locked
   * (so the caller's change and the group recomputation after it see a settled group).
   */
  private async owners(tx: PgTx, queue: QueueRef, seqs: readonly number[]): Promise<{ queueOf: Map<number, number>; groups: string[] }> {
    if (seqs.length === 0) return { queueOf: new Map(), groups: [] };
    const rows = await tx.query<{ seq: number; queue_id: number; group_id: string | null }>(
      'SELECT seq, queue_id, group_id FROM sqs_messages WHERE seq = ANY($1::bigint[])',
      [seqs],
    );
    const groups = rows.flatMap((r) => (r.queue_id === queue.id && r.group_id !== null ? [r.group_id] : []));
    if (queue.fifo) await this.groups.lock(tx, queue, groups);
    return { queueOf: new Map(rows.map((r) => [r.seq, r.queue_id])), groups };
  }

  async counts(tx: PgQuery, queue: QueueRef, now: number, retentionCutoff: number): Promise<MessageCounts> {
    const [r] = await tx.query<{ visible: number; in_flight: number; delayed: number }>(
      `SELECT count(*) FILTER (WHERE visible_at <= $2) AS visible,
         count(*) FILTER (WHERE visible_at > $2 AND receive_count > 0) AS in_flight,
         count(*) FILTER (WHERE visible_at > $2 AND receive_count = 0) AS delayed
       FROM sqs_messages WHERE queue_id = $1 AND enqueued_at > $3`,
      [queue.id, now, retentionCutoff],
    );
    return { visible: r?.visible ?? 0, inFlight: r?.in_flight ?? 0, delayed: r?.delayed ?? 0 };
  }

  /** Drops every message enqueued at or before the cutoff (FIFO groups locked first); returns how many. */
  async expire(tx: PgTx, queue: QueueRef, cutoff: number): Promise<number> {
    if (!queue.fifo) {
      const rows = await tx.query('DELETE FROM sqs_messages WHERE queue_id = $1 AND enqueued_at <= $2 RETURNING 1 AS one', [queue.id, cutoff]);
      return rows.length;
    }
    const groups = (
      await tx.query<{ group_id: string | null }>('SELECT DISTINCT group_id FROM sqs_messages WHERE queue_id = $1 AND enqueued_at <= $2', [
        queue.id,
        cutoff,
      ])
    ).flatMap((r) => (r.group_id === null ? [] : [r.group_id]));
    await this.groups.lock(tx, queue, groups);
    const rows = await tx.query('DELETE FROM sqs_messages WHERE queue_id = $1 AND enqueued_at <= $2 RETURNING 1 AS one', [queue.id, cutoff]);
    await this.groups.refresh(tx, queue, groups);
    return rows.length;
  }

  /** Re-delivers a FIFO receive attempt's messages if none was touched since; undefined otherwise. */
  async retryAttempt(tx: PgTx, queue: QueueRef, attemptId: string, options: ReceiveOptions): Promise<StoredMessage[] | undefined> {
    const [attempt] = await tx.query<{ receipts: string; expires_at: number }>(
      'SELECT receipts, expires_at FROM sqs_receive_attempts WHERE queue_id = $1 AND attempt_id = $2',
      [queue.id, attemptId],
    );
    if (!attempt || attempt.expires_at <= options.now) return undefined;
    const pairs = JSON.parse(attempt.receipts) as Array<[number, string]>;
    if (pairs.length === 0) return undefined;
    const seqs = pairs.map(([seq]) => seq);
    const owners = await this.owners(tx, queue, seqs);
    const rows = new Map(
      (await tx.query<MessageRow>('SELECT * FROM sqs_messages WHERE queue_id = $1 AND seq = ANY($2::bigint[]) FOR UPDATE', [queue.id, seqs])).map(
        (r) => [r.seq, r],
      ),
    );
    const kept = pairs.map(([seq, nonce]) => {
      const row = rows.get(seq);
      return row && row.receipt_nonce === nonce ? row : undefined;
    });
    if (kept.some((r) => r === undefined)) return undefined;
    const visibleAt = options.now + options.visibilityTimeoutMs;
    await tx.query('UPDATE sqs_messages SET visible_at = $1 WHERE seq = ANY($2::bigint[])', [visibleAt, seqs]);
    if (queue.fifo) await this.groups.refresh(tx, queue, owners.groups);
    return (kept as MessageRow[]).map((row) => toStoredMessage({ ...row, visible_at: visibleAt }));
  }

  async recordAttempt(tx: PgTx, queue: QueueRef, attemptId: string, messages: readonly StoredMessage[], expiresAt: number): Promise<void> {
    const pairs = messages.map((m) => {
      const r = parseReceipt(m.receipt)!;
      return [r.seq, r.nonce];
    });
    await tx.query(
      `INSERT INTO sqs_receive_attempts (queue_id, attempt_id, receipts, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (queue_id, attempt_id) DO UPDATE SET receipts = excluded.receipts, expires_at = excluded.expires_at`,
      [queue.id, attemptId, JSON.stringify(pairs), expiresAt],
    );
  }
}
