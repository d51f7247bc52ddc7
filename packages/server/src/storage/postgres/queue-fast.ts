/**
 * One-statement paths for the hot calls on standard queues — send, receive, delete — each its
 * own transaction (`writeOne`): one round trip instead of the four to six of BEGIN, queue
 * lookup, the work, COMMIT. They are long SQL on purpose (data-modifying CTEs); the general
 * transactional paths in queues.ts stay the reference, and every case these statements do not
 * cover goes there: FIFO queues, deduplication, receive attempts, and a receive whose
 * candidates include an expired message or one due for the dead-letter queue (then this
 * statement claims nothing, and the general path runs instead).
 */
import type { DeleteResult, NewMessage, ReceiveOptions, ReceiveOutcome } from '../queue-port.js';
import type { PgDatabase } from './database.js';
import { parseReceipt, toStoredMessage } from '../rows.js';
import { insertStandardSql, newNonce, seqsOf, standardValues } from './queue-messages.js';
import { CONTENDED_RECHECK_MS } from './queue-receive.js';
import type { MessageRow } from './queue-schema.js';

/** Sends to standard queue `arn` (key-share locked); undefined, with nothing written, when it is absent or FIFO. */
export async function sendStandard(db: PgDatabase, arn: string, messages: readonly NewMessage[], now: number): Promise<number[] | undefined> {
  const rows = await db.writeOne<{ seq: number; message_id: string }>(
    `WITH target AS (SELECT id FROM sqs_queues WHERE arn = $1 AND NOT fifo FOR KEY SHARE)
     ${insertStandardSql('target.id', 'target,')}`,
    [arn, ...standardValues(messages.map((message) => ({ message, now })))],
  );
  return rows.length === 0 ? undefined : seqsOf(messages, rows);
}

interface ReceiveRow {
  queue_id: number | null;
  fifo: boolean | null;
  over: boolean;
  plain: boolean;
  messages: MessageRow[] | null;
  next: number | null;
  busy: boolean | null;
}

/**
 * Receives from standard queue `arn` without redrive work: 'absent' when the queue does not
 * exist, 'general' when the general path must run (nothing was claimed).
 */
export async function receiveStandard(db: PgDatabase, arn: string, options: ReceiveOptions): Promise<ReceiveOutcome | 'absent' | 'general'> {
  const nonces = Array.from({ length: options.max }, newNonce);
  const [r] = await db.writeOne<ReceiveRow>(
    `WITH q AS (SELECT id, fifo FROM sqs_queues WHERE arn = $1),
     lim AS (
       SELECT $7::int IS NOT NULL AND (SELECT count(*) FROM (SELECT 1 FROM sqs_messages
         WHERE queue_id = (SELECT id FROM q) AND visible_at > $2 AND receive_count > 0 LIMIT COALESCE($7, 0)) x) >= $7 AS over
     ),
     c AS MATERIALIZED (
       SELECT seq, enqueued_at, receive_count, row_number() OVER (ORDER BY visible_at, seq) AS n FROM (
         SELECT seq, enqueued_at, receive_count, visible_at FROM sqs_messages
         WHERE queue_id = (SELECT id FROM q WHERE NOT fifo) AND visible_at <= $2 AND NOT (SELECT over FROM lim)
         ORDER BY visible_at LIMIT $3 FOR UPDATE SKIP LOCKED
       ) s
     ),
     plain AS (SELECT NOT EXISTS (SELECT 1 FROM c WHERE enqueued_at <= $5 OR receive_count >= $6) AS ok),
     u AS (
       UPDATE sqs_messages m SET receive_count = m.receive_count + 1, first_received_at = COALESCE(m.first_received_at, $2),
         received_at = $2, visible_at = $4, receipt_nonce = ($8::text[])[c.n::int]
       FROM c WHERE m.seq = c.seq AND (SELECT ok FROM plain)
       RETURNING m.*, c.n
     )
     SELECT (SELECT id FROM q) AS queue_id, (SELECT fifo FROM q) AS fifo, (SELECT over FROM lim) AS over, (SELECT ok FROM plain) AS plain,
       (SELECT json_agg(u ORDER BY n) FROM u) AS messages,
       CASE WHEN NOT EXISTS (SELECT 1 FROM c) THEN
         (SELECT min(visible_at) FROM sqs_messages WHERE queue_id = (SELECT id FROM q) AND visible_at > $2) END AS next,
       CASE WHEN NOT EXISTS (SELECT 1 FROM c) THEN
         EXISTS (SELECT 1 FROM sqs_messages WHERE queue_id = (SELECT id FROM q) AND visible_at <= $2) END AS busy`,
    [
      arn,
      options.now,
      options.max,
      options.now + options.visibilityTimeoutMs,
      options.retentionCutoff,
      options.redrive ? options.redrive.maxReceiveCount : null,
      options.inFlightLimit ?? null,
      nonces,
    ],
  );
  if (!r || r.queue_id === null) return 'absent';
  if (r.fifo) return 'general';
  if (r.over) return { messages: [], wakeAt: undefined, overLimit: true };
  if (!r.plain) return 'general';
  const messages = (r.messages ?? []).map(toStoredMessage);
  if (messages.length > 0) return { messages, wakeAt: undefined };
  const next = r.next ?? undefined;
  // Receivable messages that were locked by someone else: look again soon (as the general path does).
  return { messages, wakeAt: r.busy ? Math.min(next ?? Number.POSITIVE_INFINITY, options.now + CONTENDED_RECHECK_MS) : next };
}

/** Deletes by receipt from standard queue `arn`: 'absent' when it does not exist, 'general' (nothing deleted) when it is FIFO. */
export async function deleteStandard(db: PgDatabase, arn: string, receipts: readonly string[]): Promise<DeleteResult[] | 'absent' | 'general'> {
  const parsed = receipts.map(parseReceipt);
  const seqs = parsed.flatMap((p) => (p ? [p.seq] : []));
  const [r] = await db.writeOne<{ queue_id: number | null; fifo: boolean | null; owners: Array<[number, number]> | null; deleted: number[] | null }>(
    `WITH q AS (SELECT id, fifo FROM sqs_queues WHERE arn = $1),
     o AS (SELECT seq, queue_id FROM sqs_messages WHERE seq = ANY($2::bigint[])),
     d AS (DELETE FROM sqs_messages WHERE queue_id = (SELECT id FROM q WHERE NOT fifo) AND seq = ANY($2::bigint[]) RETURNING seq)
     SELECT (SELECT id FROM q) AS queue_id, (SELECT fifo FROM q) AS fifo, (SELECT json_agg(json_build_array(seq, queue_id)) FROM o) AS owners,
       (SELECT json_agg(seq) FROM d) AS deleted`,
    [arn, seqs],
  );
  if (!r || r.queue_id === null) return 'absent';
  if (r.fifo) return 'general';
  const queueOf = new Map(r.owners ?? []);
  const deleted = new Set(r.deleted ?? []);
  return parsed.map((p) => {
    if (!p) return 'invalid';
    const owner = queueOf.get(p.seq);
    if (owner !== undefined && owner !== r.queue_id) return 'invalid';
    // A receipt repeated in one call deletes once.
    return deleted.delete(p.seq) ? 'deleted' : 'gone';
  });
}
