/**
 * Message move tasks in the SQLite queue store: a task row remembers the source's highest
 * seq when it started, and each `run` step moves a slice of the messages up to that seq in
 * the same unit that counts them, so progress is exact across crashes and restarts.
 */
import { StorageError } from '../port.js';
import type { MoveTaskRecord, MoveTaskStatus, NewMoveTask } from '../queue-port.js';
import type { Db } from './database.js';
import type { MessageTable, QueueRef } from './queue-messages.js';
import { toMoveTaskRecord } from '../rows.js';
import type { MessageRow, MoveTaskRow } from './queue-schema.js';

export class MoveTaskTable {
  private readonly s;

  constructor(
    db: Db,
    private readonly messages: MessageTable,
    private readonly ref: (arn: string) => QueueRef | undefined,
  ) {
    this.s = {
      get: db.prepare<[string], MoveTaskRow>('SELECT * FROM sqs_move_tasks WHERE handle = ?'),
      list: db.prepare<[string, number], MoveTaskRow>(
        'SELECT * FROM sqs_move_tasks WHERE source_arn = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
      ),
      running: db.prepare<[], MoveTaskRow>("SELECT * FROM sqs_move_tasks WHERE status = 'RUNNING' ORDER BY started_at"),
      runningFor: db.prepare<[string], MoveTaskRow>("SELECT * FROM sqs_move_tasks WHERE status = 'RUNNING' AND source_arn = ?"),
      snapshot: db.prepare<[number], { top: number | null; n: number }>(
        'SELECT MAX(seq) AS top, COUNT(*) AS n FROM sqs_messages WHERE queue_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO sqs_move_tasks (handle, source_arn, destination_arn, max_per_second, status, moved, to_move, until_seq, started_at, updated_at)
         VALUES (?, ?, ?, ?, 'RUNNING', 0, ?, ?, ?, ?)`,
      ),
      update: db.prepare('UPDATE sqs_move_tasks SET status = ?, moved = ?, failure_reason = ?, updated_at = ? WHERE handle = ?'),
      candidates: db.prepare<[number, number, number, number], MessageRow>(
        'SELECT * FROM sqs_messages WHERE queue_id = ? AND seq <= ? AND visible_at <= ? ORDER BY seq LIMIT ?',
      ),
      remaining: db.prepare<[number, number], { one: number }>('SELECT 1 AS one FROM sqs_messages WHERE queue_id = ? AND seq <= ? LIMIT 1'),
      deleteForSource: db.prepare('DELETE FROM sqs_move_tasks WHERE source_arn = ?'),
    };
  }

  start(task: NewMoveTask, now: number): MoveTaskRecord {
    const source = this.ref(task.sourceArn);
    if (!source) throw new StorageError('NOT_FOUND', `queue ${task.sourceArn} does not exist`);
    if (this.s.runningFor.get(task.sourceArn)) {
      throw new StorageError('CONFLICT', `a message move task is already running for ${task.sourceArn}`);
    }
    const snap = this.s.snapshot.get(source.id);
    this.s.insert.run(task.handle, task.sourceArn, task.destinationArn ?? null, task.maxPerSecond ?? null, snap?.n ?? 0, snap?.top ?? 0, now, now);
    return toMoveTaskRecord(this.s.get.get(task.handle)!);
  }

  get(handle: string): MoveTaskRecord | undefined {
    const row = this.s.get.get(handle);
    return row ? toMoveTaskRecord(row) : undefined;
  }

  list(sourceArn: string, limit: number): MoveTaskRecord[] {
    return this.s.list.all(sourceArn, limit).map(toMoveTaskRecord);
  }

  running(): MoveTaskRecord[] {
    return this.s.running.all().map(toMoveTaskRecord);
  }

  deleteForSource(sourceArn: string): void {
    this.s.deleteForSource.run(sourceArn);
  }

  cancel(handle: string, now: number): MoveTaskRecord {
    const row = this.s.get.get(handle);
    if (!row) throw new StorageError('NOT_FOUND', `move task ${handle} does not exist`);
    if (row.status !== 'RUNNING') throw new StorageError('CONFLICT', `move task ${handle} is ${row.status}`);
    this.s.update.run('CANCELLED', row.moved, null, now, handle);
    return toMoveTaskRecord(this.s.get.get(handle)!);
  }

  /** One step of a running task (see QueueStore.runMoveTask). */
  run(handle: string, limit: number, now: number, touched: Set<string>, minIntervalMs = 0): MoveTaskRecord {
    const row = this.s.get.get(handle);
    if (!row) throw new StorageError('NOT_FOUND', `move task ${handle} does not exist`);
    if (row.status !== 'RUNNING' || (minIntervalMs > 0 && row.updated_at > now - minIntervalMs)) return toMoveTaskRecord(row);
    const finish = (status: MoveTaskStatus, moved: number, reason: string | null): MoveTaskRecord => {
      this.s.update.run(status, moved, reason, now, handle);
      return toMoveTaskRecord(this.s.get.get(handle)!);
    };
    const source = this.ref(row.source_arn);
    if (!source) return finish('FAILED', row.moved, `The source queue ${row.source_arn} does not exist.`);
    let moved = row.moved;
    const targets = new Map<string, QueueRef | undefined>();
    for (const message of this.s.candidates.all(source.id, row.until_seq, now, limit)) {
      const destination = row.destination_arn ?? message.dead_letter_source;
      if (!destination) return finish('FAILED', moved, `Message ${message.message_id} has no source queue to return to.`);
      if (!targets.has(destination)) targets.set(destination, this.ref(destination));
      const target = targets.get(destination);
      if (!target) return finish('FAILED', moved, `The destination queue ${destination} does not exist.`);
      this.messages.move(message, source, target, { now, enqueuedAt: now, keepReceives: false, deadLetterSource: null });
      touched.add(destination);
      moved++;
    }
    const done = this.s.remaining.get(source.id, row.until_seq) === undefined;
    return finish(done ? 'COMPLETED' : 'RUNNING', moved, null);
  }
}
