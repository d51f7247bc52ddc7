/**
 * PostgreSQL implementation of the QueueStore. Every write is one transaction (`db.write`),
 * resolved once committed; reads are single statements. Queues are looked up by ARN inside
 * each transaction, so a queue deleted concurrently (on any node) is seen as absent rather
 * than half-present. A transaction that may have made messages receivable signals its queues
 * once committed, waking long polls on every node (see signals.ts).
 */
import type { InlineQueueSend } from '../event-port.js';
import { StorageError } from '../port.js';
import type {
  DeleteResult,
  MessageCounts,
  MoveTaskRecord,
  NewMessage,
  NewMoveTask,
  NewQueue,
  QueueListOptions,
  QueuePatch,
  QueueRecord,
  QueueStore,
  ReceiveOptions,
  ReceiveOutcome,
  SendOptions,
  SendOutcome,
  VisibilityChange,
  VisibilityResult,
} from '../queue-port.js';
import type { PgDatabase, PgQuery, PgTx } from './database.js';
import { FifoGroups, type QueueRef } from './queue-groups.js';
import { MessageSteps, insertStandard, type StandardInsert } from './queue-messages.js';
import { MoveTasks } from './queue-move-tasks.js';
import { QueueCache } from './queue-cache.js';
import { deleteStandard, receiveStandard, sendStandard } from './queue-fast.js';
import { Receiver } from './queue-receive.js';
import type { QueueRow } from './queue-schema.js';
import type { PgQueueSignals } from './signals.js';

export { queueMigrations } from './queue-schema.js';

function toRecord(row: QueueRow): QueueRecord {
  return {
    arn: row.arn,
    account: row.account,
    region: row.region,
    name: row.name,
    fifo: row.fifo,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    tags: JSON.parse(row.tags) as Record<string, string>,
    deadLetterTargetArn: row.dead_letter_target ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastPurgedAt: row.last_purged_at ?? undefined,
  };
}

function merge(base: Record<string, string>, set?: Readonly<Record<string, string>>, remove?: readonly string[]): Record<string, string> {
  const out = { ...base, ...set };
  for (const k of remove ?? []) delete out[k];
  return out;
}

function notFound(arn: string): StorageError {
  return new StorageError('NOT_FOUND', `queue ${arn} does not exist`);
}

export class PgQueueStore implements QueueStore {
  private readonly steps: MessageSteps;
  private readonly receiver: Receiver;
  private readonly tasks: MoveTasks;
  private readonly cache: QueueCache;

  constructor(
    private readonly db: PgDatabase,
    readonly signals: PgQueueSignals,
  ) {
    this.cache = new QueueCache(() => signals.hearing);
    signals.onRecordChange((arn) => (arn === undefined ? this.cache.clear() : this.cache.invalidate(arn)));
    this.steps = new MessageSteps(new FifoGroups(`switchboard.sqs-insert.${db.schema}`));
    this.receiver = new Receiver(this.steps);
    this.tasks = new MoveTasks(this.steps, (tx, arn) => this.targetRef(tx, arn));
  }

  /** The queue's internal reference, read inside the current transaction. */
  private async ref(q: PgQuery, arn: string): Promise<QueueRef | undefined> {
    const [row] = await q.query<QueueRef>('SELECT id, arn, fifo FROM sqs_queues WHERE arn = $1', [arn]);
    return row;
  }

  /**
   * The reference of a queue about to receive messages, key-share locked until commit: a
   * DeleteQueue on another node either finished before (the queue is absent) or waits for us.
   */
  private async targetRef(tx: PgTx, arn: string): Promise<QueueRef | undefined> {
    const [row] = await tx.query<QueueRef>('SELECT id, arn, fifo FROM sqs_queues WHERE arn = $1 FOR KEY SHARE', [arn]);
    return row;
  }

  private async mustRef(q: PgQuery, arn: string): Promise<QueueRef> {
    const ref = await this.ref(q, arn);
    if (!ref) throw notFound(arn);
    return ref;
  }

  /**
   * Engine-internal (also the event store's inline deliveries): a transaction whose touched
   * queues are signalled right after its commit (this node's polls at once, other nodes' by a
   * coalesced NOTIFY: see queue-wake-ups.ts).
   */
  async writeAndSignal<T>(work: (tx: PgTx, touched: Set<string>) => Promise<T>): Promise<T> {
    let touched = new Set<string>();
    const result = await this.db.write(async (tx) => {
      touched = new Set();
      return work(tx, touched);
    });
    this.signals.committed(touched);
    return result;
  }

  createQueue(queue: NewQueue, now: number): Promise<{ queue: QueueRecord; created: boolean }> {
    return this.db.write(async (tx) => {
      // Insert, or read the queue that holds the name; a delete committing in between sends us round again.
      for (let round = 1; ; round++) {
        const [inserted] = await tx.query<QueueRow>(
          `INSERT INTO sqs_queues (arn, account, region, name, fifo, attributes, tags, dead_letter_target, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING RETURNING *`,
          [
            queue.arn, queue.account, queue.region, queue.name, queue.fifo,
            JSON.stringify(queue.attributes), JSON.stringify(queue.tags), queue.deadLetterTargetArn ?? null, now,
          ],
        );
        if (inserted) return { queue: toRecord(inserted), created: true };
        const [existing] = await tx.query<QueueRow>('SELECT * FROM sqs_queues WHERE arn = $1', [queue.arn]);
        if (existing) return { queue: toRecord(existing), created: false };
        if (round === 3) throw new StorageError('CONFLICT', `queue ${queue.arn} is being created and deleted concurrently`);
      }
    });
  }

  /** From this node's copy when it has one (see queue-cache.ts). */
  getQueue(arn: string): Promise<QueueRecord | undefined> {
    return this.cache.get(arn, async () => {
      const [row] = await this.db.read<QueueRow>('SELECT * FROM sqs_queues WHERE arn = $1', [arn]);
      return row ? toRecord(row) : undefined;
    });
  }

  /** A transaction that changes queue `arn`'s record: other nodes drop their copy at its commit, this node right after. */
  private async changing<T>(arn: string, work: (tx: PgTx) => Promise<T>): Promise<T> {
    try {
      return await this.db.write(async (tx) => {
        const r = await work(tx);
        tx.notify(this.signals.recordChange(arn));
        return r;
      });
    } finally {
      // Also after a failure: the commit may have happened before the connection broke.
      this.cache.invalidate(arn);
    }
  }

  async listQueues(account: string, region: string, options: QueueListOptions = {}): Promise<QueueRecord[]> {
    const prefix = options.prefix ?? '';
    const rows = await this.db.read<QueueRow>(
      `SELECT * FROM sqs_queues WHERE account = $1 AND region = $2 AND name >= $3 AND name < $4 AND name > $5 ORDER BY name LIMIT $6`,
      [account, region, prefix, `${prefix}\u{10ffff}`, options.after ?? '', options.limit ?? null],
    );
    return rows.map(toRecord);
  }

  async listDeadLetterSources(deadLetterArn: string, options: QueueListOptions = {}): Promise<QueueRecord[]> {
    const rows = await this.db.read<QueueRow>('SELECT * FROM sqs_queues WHERE dead_letter_target = $1 AND name > $2 ORDER BY name LIMIT $3', [
      deadLetterArn,
      options.after ?? '',
      options.limit ?? null,
    ]);
    return rows.map(toRecord);
  }

  async listAllQueues(): Promise<QueueRecord[]> {
    return (await this.db.read<QueueRow>('SELECT * FROM sqs_queues ORDER BY id')).map(toRecord);
  }

  updateQueue(arn: string, patch: QueuePatch, now: number): Promise<QueueRecord> {
    return this.changing(arn, async (tx) => {
      const [row] = await tx.query<QueueRow>('SELECT * FROM sqs_queues WHERE arn = $1 FOR NO KEY UPDATE', [arn]);
      if (!row) throw notFound(arn);
      const attributes = merge(JSON.parse(row.attributes) as Record<string, string>, patch.setAttributes, patch.removeAttributes);
      const tags = merge(JSON.parse(row.tags) as Record<string, string>, patch.setTags, patch.removeTags);
      const dlq = patch.deadLetterTargetArn === undefined ? row.dead_letter_target : patch.deadLetterTargetArn;
      const [updated] = await tx.query<QueueRow>(
        'UPDATE sqs_queues SET attributes = $2, tags = $3, dead_letter_target = $4, updated_at = $5 WHERE id = $1 RETURNING *',
        [row.id, JSON.stringify(attributes), JSON.stringify(tags), dlq, now],
      );
      return toRecord(updated!);
    });
  }

  deleteQueue(arn: string): Promise<boolean> {
    return this.changing(arn, async (tx) => {
      // Messages, groups, deduplication ids and receive attempts go with the queue (ON DELETE CASCADE).
      const deleted = await tx.query('DELETE FROM sqs_queues WHERE arn = $1 RETURNING id', [arn]);
      if (deleted.length === 0) return false;
      await this.tasks.deleteForSource(tx, arn);
      return true;
    });
  }

  purgeQueue(arn: string, now: number, notBefore: number): Promise<{ purged: boolean; lastPurgedAt: number | undefined }> {
    return this.changing(arn, async (tx) => {
      const [row] = await tx.query<QueueRow>('SELECT * FROM sqs_queues WHERE arn = $1 FOR NO KEY UPDATE', [arn]);
      if (!row) throw notFound(arn);
      if (row.last_purged_at !== null && row.last_purged_at > notBefore) return { purged: false, lastPurgedAt: row.last_purged_at };
      const queue = { id: row.id, arn: row.arn, fifo: row.fifo };
      // No sends meanwhile; groups first, so receivers holding them finish before their messages go.
      if (queue.fifo) await this.steps.groups.insertLock(tx, queue);
      await tx.query('DELETE FROM sqs_groups WHERE queue_id = $1', [row.id]);
      await tx.query('DELETE FROM sqs_messages WHERE queue_id = $1', [row.id]);
      await tx.query('DELETE FROM sqs_receive_attempts WHERE queue_id = $1', [row.id]);
      await tx.query('UPDATE sqs_queues SET last_purged_at = $2 WHERE id = $1', [row.id, now]);
      return { purged: true, lastPurgedAt: now };
    });
  }

  /**
   * Engine-internal (the event store's inline deliveries): stores these messages inside the
   * caller's transaction, adding their queues to `touched`; returns, per send, whether it was
   * stored (false, with nothing written, when its queue does not exist). A hot path: every
   * queue is looked up (key-share locked) in one statement and every standard queue's messages
   * go in one insert, so a PutEvents routing to many queues costs a few round trips, not two
   * per delivery. FIFO queues take their insert locks in id order (no deadlock between two
   * such transactions); within a queue, messages keep the order given.
   */
  async sendInline(tx: PgTx, sends: ReadonlyArray<InlineQueueSend & { readonly now: number }>, touched: Set<string>): Promise<boolean[]> {
    if (sends.length === 0) return [];
    const arns = [...new Set(sends.map((s) => s.queueArn))];
    const refs = new Map(
      (await tx.query<QueueRef>('SELECT id, arn, fifo FROM sqs_queues WHERE arn = ANY($1::text[]) ORDER BY id FOR KEY SHARE', [arns])).map((r) => [
        r.arn,
        r,
      ]),
    );
    const standard: StandardInsert[] = [];
    const fifo = new Map<QueueRef, Array<(typeof sends)[number]>>();
    for (const s of sends) {
      const queue = refs.get(s.queueArn);
      if (!queue) continue;
      touched.add(queue.arn);
      if (!queue.fifo && !s.message.deduplication) standard.push({ queueId: queue.id, message: s.message, now: s.now });
      else fifo.set(queue, [...(fifo.get(queue) ?? []), s]);
    }
    await insertStandard(tx, standard);
    for (const [queue, list] of [...fifo].sort(([a], [b]) => a.id - b.id)) {
      for (const s of list) await this.steps.send(tx, queue, [s.message], { now: s.now, deduplicationWindowMs: s.deduplicationWindowMs });
    }
    return sends.map((s) => refs.has(s.queueArn));
  }

  async sendMessages(queueArn: string, messages: readonly NewMessage[], options: SendOptions): Promise<SendOutcome[]> {
    if (messages.length > 0 && messages.every((m) => !m.deduplication && m.groupId === undefined)) {
      const seqs = await sendStandard(this.db, queueArn, messages, options.now);
      if (seqs) {
        this.signals.committed([queueArn]);
        return messages.map((m, i) => ({ messageId: m.messageId, sequence: seqs[i] ?? 0, duplicate: false }));
      }
    }
    return this.writeAndSignal(async (tx, touched) => {
      const queue = await this.targetRef(tx, queueArn);
      if (!queue) throw notFound(queueArn);
      const outcomes = await this.steps.send(tx, queue, messages, options);
      touched.add(queueArn);
      return outcomes;
    });
  }

  async receiveMessages(queueArn: string, options: ReceiveOptions): Promise<ReceiveOutcome> {
    // Whether a queue is FIFO never changes (its name says so), so this node's copy of the record can tell.
    if ((await this.getQueue(queueArn))?.fifo === false) {
      const fast = await receiveStandard(this.db, queueArn, options);
      if (fast === 'absent') throw notFound(queueArn);
      if (fast !== 'general') return fast;
    }
    return this.writeAndSignal(async (tx, touched) => {
      const queue = await this.mustRef(tx, queueArn);
      const attempt = queue.fifo ? options.attempt : undefined;
      if (attempt) {
        const again = await this.steps.retryAttempt(tx, queue, attempt.id, options);
        if (again) return { messages: again, wakeAt: undefined };
      }
      if (options.inFlightLimit !== undefined && (await this.atInFlightLimit(tx, queue, options.now, options.inFlightLimit))) {
        return { messages: [], wakeAt: undefined, overLimit: true };
      }
      const deadLetter = options.redrive ? await this.targetRef(tx, options.redrive.deadLetterArn) : undefined;
      const messages = await this.receiver.receive(tx, queue, options, deadLetter, touched);
      if (attempt && messages.length > 0) await this.steps.recordAttempt(tx, queue, attempt.id, messages, options.now + attempt.windowMs);
      return { messages, wakeAt: messages.length === 0 ? await this.receiver.wakeAt(tx, queue, options.now) : undefined };
    });
  }

  async deleteMessages(queueArn: string, receipts: readonly string[]): Promise<DeleteResult[]> {
    if ((await this.getQueue(queueArn))?.fifo === false) {
      const fast = await deleteStandard(this.db, queueArn, receipts);
      if (fast === 'absent') throw notFound(queueArn);
      if (fast !== 'general') return fast;
    }
    return this.writeAndSignal(async (tx, touched) => {
      const queue = await this.mustRef(tx, queueArn);
      const results = await this.steps.delete(tx, queue, receipts);
      // Deleting a FIFO message can unblock its group.
      if (queue.fifo && results.includes('deleted')) touched.add(queueArn);
      return results;
    });
  }

  changeVisibility(queueArn: string, changes: readonly VisibilityChange[], now: number, limitMs: number): Promise<VisibilityResult[]> {
    return this.writeAndSignal(async (tx, touched) => {
      const queue = await this.mustRef(tx, queueArn);
      const results = await this.steps.changeVisibility(tx, queue, changes, now, limitMs);
      if (changes.some((c, i) => results[i] === 'changed' && c.visibleAt <= now)) touched.add(queueArn);
      return results;
    });
  }

  async countMessages(queueArn: string, now: number, retentionCutoff: number): Promise<MessageCounts> {
    const queue = await this.mustRef(this.db.reader, queueArn);
    return this.steps.counts(this.db.reader, queue, now, retentionCutoff);
  }

  expireMessages(queueArn: string, retentionCutoff: number, now: number): Promise<number> {
    return this.db.write(async (tx) => {
      const queue = await this.ref(tx, queueArn);
      if (!queue) return 0;
      await tx.query('DELETE FROM sqs_dedup WHERE queue_id = $1 AND expires_at <= $2', [queue.id, now]);
      await tx.query('DELETE FROM sqs_receive_attempts WHERE queue_id = $1 AND expires_at <= $2', [queue.id, now]);
      return this.steps.expire(tx, queue, retentionCutoff);
    });
  }

  startMoveTask(task: NewMoveTask, now: number): Promise<MoveTaskRecord> {
    return this.db.write((tx) => this.tasks.start(tx, task, now));
  }

  getMoveTask(handle: string): Promise<MoveTaskRecord | undefined> {
    return this.tasks.get(this.db.reader, handle);
  }

  listMoveTasks(sourceArn: string, limit: number): Promise<MoveTaskRecord[]> {
    return this.tasks.list(this.db.reader, sourceArn, limit);
  }

  listRunningMoveTasks(): Promise<MoveTaskRecord[]> {
    return this.tasks.running(this.db.reader);
  }

  runMoveTask(handle: string, limit: number, now: number, minIntervalMs = 0): Promise<MoveTaskRecord> {
    return this.writeAndSignal((tx, touched) => this.tasks.run(tx, handle, limit, now, touched, minIntervalMs));
  }

  cancelMoveTask(handle: string, now: number): Promise<MoveTaskRecord> {
    return this.db.write((tx) => this.tasks.cancel(tx, handle, now));
  }

  /** Whether at least `limit` messages are in flight (counts at most `limit` rows). */
  private async atInFlightLimit(tx: PgTx, queue: QueueRef, now: number, limit: number): Promise<boolean> {
    const [r] = await tx.query<{ n: number }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM sqs_messages WHERE queue_id = $1 AND visible_at > $2 AND receive_count > 0 LIMIT $3) x',
      [queue.id, now, limit],
    );
    return (r?.n ?? 0) >= limit;
  }
}
