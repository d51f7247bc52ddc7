/**
 * SQLite implementation of the QueueStore. Every write runs as one unit of the group commit
 * (`sqlite.write`), so it is atomic and durable when its promise resolves; reads are direct
 * statements. Receives, deletes and visibility changes are relaxed units (`writeRelaxed`): they
 * resolve once committed, and a crash before the next fsync may undo them — the message is
 * then received again, as at-least-once delivery allows — but a receive never hands out a
 * message whose send is not on disk (SeqWatermark). Queues are looked up by ARN inside each unit, so a queue deleted concurrently
 * is seen as absent rather than half-present. After a commit that may have made messages
 * receivable, the affected queues are signalled (long polling wakes at once).
 */
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
import { LocalQueueSignals } from '../queue-signals.js';
import type { RequireDurable, SqliteDatabase } from './database.js';
import { MessageTable, type QueueRef } from './queue-messages.js';
import { MoveTaskTable } from './queue-move-tasks.js';
import type { QueueRow } from './queue-schema.js';
import { SeqWatermark } from './seq-watermark.js';

export { queueMigrations } from './queue-schema.js';

function toRecord(row: QueueRow): QueueRecord {
  return {
    arn: row.arn,
    account: row.account,
    region: row.region,
    name: row.name,
    fifo: row.fifo === 1,
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

/** A queue row as cached, with its record and internal reference made once. */
interface CachedQueue {
  readonly record: QueueRecord;
  readonly ref: QueueRef;
}

export class SqliteQueueStore implements QueueStore {
  readonly signals = new LocalQueueSignals();
  /**
   * Queue rows by ARN. Every send, receive and delete looks its queue up, and reading the row
   * (with its JSON attributes and tags) was a tenth of the server's CPU under load; this process
   * is the file's only writer, and every write of a queue row drops its entry first, so the
   * cache never serves a row older than the last committed one. A failed commit clears it all.
   */
  private readonly cache = new Map<string, CachedQueue>();
  private readonly messages: MessageTable;
  private readonly tasks: MoveTaskTable;
  private readonly s;

  constructor(private readonly sqlite: SqliteDatabase) {
    const db = sqlite.db;
    sqlite.onAbort(() => this.cache.clear());
    this.messages = new MessageTable(db, new SeqWatermark(sqlite));
    this.tasks = new MoveTaskTable(db, this.messages, (arn) => this.ref(arn));
    this.s = {
      byArn: db.prepare<[string], QueueRow>('SELECT * FROM sqs_queues WHERE arn = ?'),
      list: db.prepare<[string, string, string, string, string, number], QueueRow>(
        `SELECT * FROM sqs_queues WHERE account = ? AND region = ? AND name >= ? AND name < ? AND name > ? ORDER BY name LIMIT ?`,
      ),
      sources: db.prepare<[string, string, number], QueueRow>(
        'SELECT * FROM sqs_queues WHERE dead_letter_target = ? AND name > ? ORDER BY name LIMIT ?',
      ),
      all: db.prepare<[], QueueRow>('SELECT * FROM sqs_queues ORDER BY id'),
      insert: db.prepare(
        `INSERT INTO sqs_queues (arn, account, region, name, fifo, attributes, tags, dead_letter_target, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare('UPDATE sqs_queues SET attributes = ?, tags = ?, dead_letter_target = ?, updated_at = ? WHERE id = ?'),
      purged: db.prepare('UPDATE sqs_queues SET last_purged_at = ? WHERE id = ?'),
      deleteQueue: db.prepare('DELETE FROM sqs_queues WHERE id = ?'),
      deleteMessages: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ?'),
      deleteGroups: db.prepare('DELETE FROM sqs_groups WHERE queue_id = ?'),
      deleteDedup: db.prepare('DELETE FROM sqs_dedup WHERE queue_id = ?'),
      deleteAttempts: db.prepare('DELETE FROM sqs_receive_attempts WHERE queue_id = ?'),
      forgetDedup: db.prepare('DELETE FROM sqs_dedup WHERE queue_id = ? AND expires_at <= ?'),
      forgetAttempts: db.prepare('DELETE FROM sqs_receive_attempts WHERE queue_id = ? AND expires_at <= ?'),
    };
  }

  /** The queue as committed (or written earlier in the current transaction). */
  private cached(arn: string): CachedQueue | undefined {
    let entry = this.cache.get(arn);
    if (entry) return entry;
    const row = this.s.byArn.get(arn);
    if (!row) return undefined;
    entry = { record: toRecord(row), ref: { id: row.id, arn: row.arn, fifo: row.fifo === 1 } };
    this.cache.set(arn, entry);
    return entry;
  }

  /** The queue's internal reference, read inside the current unit. */
  private ref(arn: string): QueueRef | undefined {
    return this.cached(arn)?.ref;
  }

  private mustRef(arn: string): QueueRef {
    const ref = this.ref(arn);
    if (!ref) throw notFound(arn);
    return ref;
  }

  /**
   * A write unit whose touched queues are signalled as soon as it is committed, before its
   * fsync: a woken receive claims the new messages meanwhile and hands them out once the
   * fsync is done (a relaxed receive waits for the commit that inserted what it returns).
   */
  private writeAndSignal<T>(work: (touched: Set<string>) => T): Promise<T> {
    const touched = new Set<string>();
    return this.sqlite.write(() => work(touched), () => this.signalAll(touched));
  }

  /** A relaxed write unit (see the module comment) whose touched queues are signalled once it is committed. */
  private writeRelaxedAndSignal<T>(work: (touched: Set<string>, requireDurable: RequireDurable) => T): Promise<T> {
    const touched = new Set<string>();
    return this.sqlite.writeRelaxed((requireDurable) => work(touched, requireDurable), () => this.signalAll(touched));
  }

  createQueue(queue: NewQueue, now: number): Promise<{ queue: QueueRecord; created: boolean }> {
    return this.sqlite.write(() => {
      const existing = this.cached(queue.arn);
      if (existing) return { queue: existing.record, created: false };
      this.cache.delete(queue.arn);
      this.s.insert.run(
        queue.arn, queue.account, queue.region, queue.name, queue.fifo ? 1 : 0,
        JSON.stringify(queue.attributes), JSON.stringify(queue.tags), queue.deadLetterTargetArn ?? null, now, now,
      );
      return { queue: toRecord(this.s.byArn.get(queue.arn)!), created: true };
    });
  }

  async getQueue(arn: string): Promise<QueueRecord | undefined> {
    return this.cached(arn)?.record;
  }

  async listQueues(account: string, region: string, options: QueueListOptions = {}): Promise<QueueRecord[]> {
    const prefix = options.prefix ?? '';
    return this.s.list.all(account, region, prefix, `${prefix}\u{10ffff}`, options.after ?? '', options.limit ?? -1).map(toRecord);
  }

  async listDeadLetterSources(deadLetterArn: string, options: QueueListOptions = {}): Promise<QueueRecord[]> {
    return this.s.sources.all(deadLetterArn, options.after ?? '', options.limit ?? -1).map(toRecord);
  }

  async listAllQueues(): Promise<QueueRecord[]> {
    return this.s.all.all().map(toRecord);
  }

  updateQueue(arn: string, patch: QueuePatch, now: number): Promise<QueueRecord> {
    return this.sqlite.write(() => {
      this.cache.delete(arn);
      const row = this.s.byArn.get(arn);
      if (!row) throw notFound(arn);
      const attributes = merge(JSON.parse(row.attributes) as Record<string, string>, patch.setAttributes, patch.removeAttributes);
      const tags = merge(JSON.parse(row.tags) as Record<string, string>, patch.setTags, patch.removeTags);
      const dlq = patch.deadLetterTargetArn === undefined ? row.dead_letter_target : patch.deadLetterTargetArn;
      this.s.update.run(JSON.stringify(attributes), JSON.stringify(tags), dlq, now, row.id);
      return toRecord(this.s.byArn.get(arn)!);
    });
  }

  deleteQueue(arn: string): Promise<boolean> {
    return this.sqlite.write(() => {
      const ref = this.ref(arn);
      this.cache.delete(arn);
      if (!ref) return false;
      for (const stmt of [this.s.deleteMessages, this.s.deleteGroups, this.s.deleteDedup, this.s.deleteAttempts]) stmt.run(ref.id);
      this.tasks.deleteForSource(arn);
      this.s.deleteQueue.run(ref.id);
      return true;
    });
  }

  purgeQueue(arn: string, now: number, notBefore: number): Promise<{ purged: boolean; lastPurgedAt: number | undefined }> {
    return this.sqlite.write(() => {
      this.cache.delete(arn);
      const row = this.s.byArn.get(arn);
      if (!row) throw notFound(arn);
      if (row.last_purged_at !== null && row.last_purged_at > notBefore) return { purged: false, lastPurgedAt: row.last_purged_at };
      for (const stmt of [this.s.deleteMessages, this.s.deleteGroups, this.s.deleteAttempts]) stmt.run(row.id);
      this.s.purged.run(now, row.id);
      return { purged: true, lastPurgedAt: now };
    });
  }

  /**
   * Engine-internal (the event store's inline deliveries): stores one message inside the write
   * unit running now, adding the queue to `touched`; undefined, with nothing written, when the
   * queue does not exist. The caller signals `touched` once the unit is committed.
   */
  sendWithinUnit(queueArn: string, message: NewMessage, options: SendOptions, touched: Set<string>): SendOutcome | undefined {
    const ref = this.ref(queueArn);
    if (!ref) return undefined;
    touched.add(queueArn);
    return this.messages.send(ref, [message], options)[0];
  }

  /** Wakes the long polls of queues written by a committed unit. */
  signalAll(touched: Iterable<string>): void {
    for (const arn of touched) this.signals.notify(arn);
  }

  sendMessages(queueArn: string, messages: readonly NewMessage[], options: SendOptions): Promise<SendOutcome[]> {
    return this.writeAndSignal((touched) => {
      const outcomes = this.messages.send(this.mustRef(queueArn), messages, options);
      touched.add(queueArn);
      return outcomes;
    });
  }

  receiveMessages(queueArn: string, options: ReceiveOptions): Promise<ReceiveOutcome> {
    return this.writeRelaxedAndSignal((touched, requireDurable) => {
      const queue = this.mustRef(queueArn);
      const attempt = queue.fifo ? options.attempt : undefined;
      if (attempt) {
        const again = this.messages.retryAttempt(queue, attempt.id, options);
        if (again) {
          const need = this.messages.durableNeeded(again);
          if (need > 0) requireDurable(need);
          return { messages: again, wakeAt: undefined };
        }
      }
      if (options.inFlightLimit !== undefined && this.messages.atInFlightLimit(queue, options.now, options.inFlightLimit)) {
        return { messages: [], wakeAt: undefined, overLimit: true };
      }
      const deadLetter = options.redrive ? this.ref(options.redrive.deadLetterArn) : undefined;
      const messages = this.messages.receive(queue, options, deadLetter, touched);
      const need = this.messages.durableNeeded(messages);
      if (need > 0) requireDurable(need);
      if (attempt && messages.length > 0) this.messages.recordAttempt(queue, attempt.id, messages, options.now + attempt.windowMs);
      return { messages, wakeAt: messages.length === 0 ? this.messages.wakeAt(queue, options.now) : undefined };
    });
  }

  deleteMessages(queueArn: string, receipts: readonly string[]): Promise<DeleteResult[]> {
    return this.writeRelaxedAndSignal((touched) => {
      const queue = this.mustRef(queueArn);
      const results = receipts.map((r) => this.messages.delete(queue, r));
      // Deleting a FIFO message can unblock its group.
      if (queue.fifo && results.includes('deleted')) touched.add(queueArn);
      return results;
    });
  }

  changeVisibility(queueArn: string, changes: readonly VisibilityChange[], now: number, limitMs: number): Promise<VisibilityResult[]> {
    return this.writeRelaxedAndSignal((touched) => {
      const queue = this.mustRef(queueArn);
      const results = changes.map((c) => this.messages.changeVisibility(queue, c, now, limitMs));
      if (changes.some((c, i) => results[i] === 'changed' && c.visibleAt <= now)) touched.add(queueArn);
      return results;
    });
  }

  async countMessages(queueArn: string, now: number, retentionCutoff: number): Promise<MessageCounts> {
    const queue = this.ref(queueArn);
    if (!queue) throw notFound(queueArn);
    return this.messages.counts(queue, now, retentionCutoff);
  }

  expireMessages(queueArn: string, retentionCutoff: number, now: number): Promise<number> {
    return this.sqlite.write(() => {
      const queue = this.ref(queueArn);
      if (!queue) return 0;
      this.s.forgetDedup.run(queue.id, now);
      this.s.forgetAttempts.run(queue.id, now);
      let total = 0;
      for (let n = -1; n !== 0; total += n) n = this.messages.expire(queue, retentionCutoff, 1000);
      return total;
    });
  }

  startMoveTask(task: NewMoveTask, now: number): Promise<MoveTaskRecord> {
    return this.sqlite.write(() => this.tasks.start(task, now));
  }

  async getMoveTask(handle: string): Promise<MoveTaskRecord | undefined> {
    return this.tasks.get(handle);
  }

  async listMoveTasks(sourceArn: string, limit: number): Promise<MoveTaskRecord[]> {
    return this.tasks.list(sourceArn, limit);
  }

  async listRunningMoveTasks(): Promise<MoveTaskRecord[]> {
    return this.tasks.running();
  }

  runMoveTask(handle: string, limit: number, now: number, minIntervalMs = 0): Promise<MoveTaskRecord> {
    return this.writeAndSignal((touched) => this.tasks.run(handle, limit, now, touched, minIntervalMs));
  }

  cancelMoveTask(handle: string, now: number): Promise<MoveTaskRecord> {
    return this.sqlite.write(() => this.tasks.cancel(handle, now));
  }
}
