/**
 * Receiving on PostgreSQL: the claim loop of the queue store, run inside the receive's
 * transaction. Standard queues lock candidate messages with `FOR UPDATE SKIP LOCKED`, so
 * concurrent receivers on any node take disjoint messages. FIFO queues lock candidate
 * *groups* the same way (see queue-groups.ts), then read the locked group's messages from its
 * head in a fresh statement: a group is served by one receiver at a time, in order, and not
 * at all while any of its messages is in flight.
 */
import type { ReceiveOptions, StoredMessage } from '../queue-port.js';
import type { PgTx } from './database.js';
import { GROUP_WINDOW, type QueueRef } from './queue-groups.js';
import type { MessageSteps } from './queue-messages.js';
import type { MessageRow } from './queue-schema.js';

/** Bounds on the claim loops: a receive never walks an unbounded backlog of expired or dead-lettered messages. */
const STANDARD_PASSES = 20;
const FIFO_PASSES = 50;
/**
 * When nothing was claimed but receivable messages exist, they are locked by a concurrent
 * transaction (another receiver, a delete): look again this soon rather than at the next signal.
 */
export const CONTENDED_RECHECK_MS = 50;

type Verdict = 'blocked' | 'expired' | 'redrive' | 'claim';

export class Receiver {
  constructor(private readonly steps: MessageSteps) {}

  /**
   * Claims messages for one receive. `deadLetter` is the resolved dead-letter queue when the
   * queue has a redrive policy (and the target exists); `touched` collects queues to signal.
   */
  async receive(tx: PgTx, queue: QueueRef, options: ReceiveOptions, deadLetter: QueueRef | undefined, touched: Set<string>): Promise<StoredMessage[]> {
    const verdict = (row: MessageRow): Verdict => {
      if (row.visible_at > options.now) return 'blocked';
      if (row.enqueued_at <= options.retentionCutoff) return 'expired';
      const redrive = options.redrive;
      if (redrive && deadLetter && row.receive_count >= redrive.maxReceiveCount) return 'redrive';
      return 'claim';
    };
    /** Applies verdicts to rows in order until one blocks or `room` are claimable; returns those to claim. */
    const settle = async (rows: readonly MessageRow[], room: number): Promise<{ claim: MessageRow[]; blocked: boolean }> => {
      const claim: MessageRow[] = [];
      const expired: number[] = [];
      let blocked = false;
      for (const row of rows) {
        if (claim.length >= room) break;
        const v = verdict(row);
        if (v === 'blocked') {
          blocked = true;
          break;
        }
        if (v === 'expired') expired.push(row.seq);
        else if (v === 'claim') claim.push(row);
        else {
          const redrive = options.redrive!;
          await this.steps.move(tx, row, deadLetter!, {
            now: options.now,
            enqueuedAt: redrive.resetEnqueuedAt ? options.now : row.enqueued_at,
            keepReceives: true,
            deadLetterSource: queue.arn,
          });
          touched.add(deadLetter!.arn);
        }
      }
      if (expired.length > 0) await tx.query('DELETE FROM sqs_messages WHERE seq = ANY($1::bigint[])', [expired]);
      return { claim, blocked };
    };
    return queue.fifo ? this.receiveFifo(tx, queue, options, settle) : this.receiveStandard(tx, queue, options, settle);
  }

  private async receiveStandard(
    tx: PgTx,
    queue: QueueRef,
    options: ReceiveOptions,
    settle: (rows: readonly MessageRow[], room: number) => Promise<{ claim: MessageRow[] }>,
  ): Promise<StoredMessage[]> {
    const claimed: StoredMessage[] = [];
    // A claimed message may stay visible (VisibilityTimeout 0), so remember what was seen.
    const seen: number[] = [];
    for (let pass = 0; pass < STANDARD_PASSES && claimed.length < options.max; pass++) {
      const room = options.max - claimed.length;
      const rows = await tx.query<MessageRow>(
        `SELECT * FROM sqs_messages WHERE queue_id = $1 AND visible_at <= $2 AND seq <> ALL($3::bigint[])
         ORDER BY visible_at LIMIT $4 FOR UPDATE SKIP LOCKED`,
        [queue.id, options.now, seen, room],
      );
      if (rows.length === 0) break;
      for (const r of rows) seen.push(r.seq);
      claimed.push(...(await this.steps.claim(tx, (await settle(rows, room)).claim, options)));
    }
    return claimed;
  }

  private async receiveFifo(
    tx: PgTx,
    queue: QueueRef,
    options: ReceiveOptions,
    settle: (rows: readonly MessageRow[], room: number) => Promise<{ claim: MessageRow[]; blocked: boolean }>,
  ): Promise<StoredMessage[]> {
    const claimed: StoredMessage[] = [];
    const seen: string[] = [];
    for (let pass = 0; pass < FIFO_PASSES && claimed.length < options.max; pass++) {
      // Lock about as many groups as messages wanted: each available group yields at least one.
      const groups = await tx.query<{ group_id: string }>(
        `SELECT group_id FROM sqs_groups WHERE queue_id = $1 AND available_at <= $2 AND group_id <> ALL($3::text[])
         ORDER BY head_seq LIMIT $4 FOR UPDATE SKIP LOCKED`,
        [queue.id, options.now, seen, options.max - claimed.length],
      );
      if (groups.length === 0) break;
      const served: string[] = [];
      for (const { group_id: group } of groups) {
        seen.push(group);
        if (claimed.length >= options.max) continue;
        served.push(group);
        claimed.push(...(await this.takeFromGroup(tx, queue, group, options, options.max - claimed.length, settle)));
      }
      await this.steps.groups.refresh(tx, queue, served);
    }
    return claimed;
  }

  /** Takes up to `room` messages of one locked group from its head, in order, unless one of them is in flight. */
  private async takeFromGroup(
    tx: PgTx,
    queue: QueueRef,
    group: string,
    options: ReceiveOptions,
    room: number,
    settle: (rows: readonly MessageRow[], room: number) => Promise<{ claim: MessageRow[]; blocked: boolean }>,
  ): Promise<StoredMessage[]> {
    const take: MessageRow[] = [];
    let after = 0;
    for (let first = true; take.length < room; first = false) {
      const limit = room - take.length + GROUP_WINDOW;
      const rows = await tx.query<MessageRow>(
        'SELECT * FROM sqs_messages WHERE queue_id = $1 AND group_id = $2 AND seq > $3 ORDER BY seq LIMIT $4',
        [queue.id, group, after, limit],
      );
      if (first && rows.slice(0, GROUP_WINDOW).some((r) => r.receive_count > 0 && r.visible_at > options.now)) return [];
      const { claim, blocked } = await settle(rows, room - take.length);
      take.push(...claim);
      if (blocked || rows.length < limit) break;
      after = rows[rows.length - 1]!.seq;
    }
    return this.steps.claim(tx, take, options);
  }

  /** When nothing was claimed: the earliest time something may become receivable. */
  async wakeAt(tx: PgTx, queue: QueueRef, now: number): Promise<number | undefined> {
    const [r] = await tx.query<{ next: number | null; busy: boolean }>(
      queue.fifo
        ? `SELECT (SELECT min(available_at) FROM sqs_groups WHERE queue_id = $1 AND available_at > $2) AS next,
             EXISTS (SELECT 1 FROM sqs_groups WHERE queue_id = $1 AND available_at <= $2) AS busy`
        : `SELECT (SELECT min(visible_at) FROM sqs_messages WHERE queue_id = $1 AND visible_at > $2) AS next,
             EXISTS (SELECT 1 FROM sqs_messages WHERE queue_id = $1 AND visible_at <= $2) AS busy`,
      [queue.id, now],
    );
    const next = r?.next ?? undefined;
    if (!r?.busy) return next;
    return Math.min(next ?? Number.POSITIVE_INFINITY, now + CONTENDED_RECHECK_MS);
  }
}
