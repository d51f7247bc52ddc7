/**
 * FIFO message groups on PostgreSQL, and the locking rules that keep them right across nodes.
 *
 * `sqs_groups` has one row per group with messages: its head (lowest seq) and `available_at`,
 * the time it can next be served (the later of the head's visible_at and the visibility end
 * of any in-flight message among the group's first ten). The row doubles as the group's lock:
 * - whoever changes a group's messages (receive, delete, change visibility, expiry, moves)
 *   locks its row first and recomputes the row from the messages afterwards, in a later
 *   statement, so the recomputation sees every earlier holder's commit;
 * - every insert into a FIFO queue (send, redrive, move) holds the queue's insert lock (a
 *   transaction-scoped advisory lock), so within a queue sequence order is commit order and a
 *   group's messages become visible in order; the insert then upserts the group row, which
 *   waits for any holder of the group (a receiver that might be dropping the row).
 * A receiver therefore never sees a later message of a group before an earlier one, and two
 * receivers never serve one group at once (`FOR UPDATE SKIP LOCKED` on the group rows).
 */
import type { PgTx } from './database.js';

/** Rows read from the head of a group when recomputing it (in-flight messages are among them). */
export const GROUP_WINDOW = 10;

/** What the message steps need to know about a queue. */
export interface QueueRef {
  readonly id: number;
  readonly arn: string;
  readonly fifo: boolean;
}

export class FifoGroups {
  /** `lockSpace`: the advisory-lock namespace of this schema (different schemas never contend). */
  constructor(private readonly lockSpace: string) {}

  /** Takes the queue's insert lock until the transaction ends (re-entrant). */
  async insertLock(tx: PgTx, queue: QueueRef): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), ($2::bigint % 2147483647)::int)', [this.lockSpace, queue.id]);
  }

  /**
   * After inserting message `seq` into a group (under the insert lock): creates the group's row,
   * or locks the existing one and leaves it as is (a message at the tail changes neither the
   * head nor the in-flight ones).
   */
  async appended(tx: PgTx, queue: QueueRef, group: string, seq: number, visibleAt: number): Promise<void> {
    await tx.query(
      `INSERT INTO sqs_groups (queue_id, group_id, head_seq, available_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (queue_id, group_id) DO UPDATE SET head_seq = sqs_groups.head_seq`,
      [queue.id, group, seq, visibleAt],
    );
  }

  /** Locks the rows of these groups, waiting for their holders, in one order (no deadlocks between lockers). */
  async lock(tx: PgTx, queue: QueueRef, groups: Iterable<string>): Promise<void> {
    const list = [...new Set(groups)];
    if (list.length === 0) return;
    await tx.query('SELECT 1 FROM sqs_groups WHERE queue_id = $1 AND group_id = ANY($2::text[]) ORDER BY group_id FOR UPDATE', [
      queue.id,
      list,
    ]);
  }

  /** Recomputes the rows of these (locked) groups from their messages; drops the rows of emptied groups. */
  async refresh(tx: PgTx, queue: QueueRef, groups: Iterable<string>): Promise<void> {
    const list = [...new Set(groups)];
    if (list.length === 0) return;
    await tx.query(
      `WITH w AS (
         SELECT g.group_id, h.head, h.available FROM unnest($2::text[]) AS g(group_id) CROSS JOIN LATERAL (
           SELECT (array_agg(seq ORDER BY seq))[1] AS head,
                  GREATEST((array_agg(visible_at ORDER BY seq))[1], max(visible_at) FILTER (WHERE receive_count > 0)) AS available
           FROM (SELECT seq, visible_at, receive_count FROM sqs_messages m
                 WHERE m.queue_id = $1 AND m.group_id = g.group_id ORDER BY seq LIMIT ${GROUP_WINDOW}) x
         ) h
       ),
       dropped AS (DELETE FROM sqs_groups s USING w WHERE s.queue_id = $1 AND s.group_id = w.group_id AND w.head IS NULL)
       INSERT INTO sqs_groups (queue_id, group_id, head_seq, available_at)
       SELECT $1, group_id, head, available FROM w WHERE head IS NOT NULL
       ON CONFLICT (queue_id, group_id) DO UPDATE SET head_seq = excluded.head_seq, available_at = excluded.available_at`,
      [queue.id, list],
    );
  }
}
