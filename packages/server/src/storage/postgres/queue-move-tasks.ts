/**
 * Message move tasks in the PostgreSQL queue store: a task row remembers the source's highest
 * seq when it started, and each `run` step moves a slice of the messages up to that seq in the
 * transaction that counts them, holding the task row's lock — so progress is exact across
 * crashes, and two nodes resuming the same task after a restart take turns instead of racing.
 */
import { StorageError } from '../port.js';
import type { MoveTaskRecord, MoveTaskStatus, NewMoveTask } from '../queue-port.js';
import type { PgQuery, PgTx } from './database.js';
import type { QueueRef } from './queue-groups.js';
import type { MessageSteps } from './queue-messages.js';
import { toMoveTaskRecord } from '../rows.js';
import type { MessageRow, MoveTaskRow } from './queue-schema.js';

function running(sourceArn: string): StorageError {
  return new StorageError('CONFLICT', `a message move task is already running for ${sourceArn}`);
}

const TASK_COLUMNS = 'handle, source_arn, destination_arn, max_per_second, status, moved, to_move, until_seq, failure_reason, started_at, updated_at';

export class MoveTasks {
  constructor(
    private readonly steps: MessageSteps,
    private readonly ref: (tx: PgTx, arn: string) => Promise<QueueRef | undefined>,
  ) {}

  async start(tx: PgTx, task: NewMoveTask, now: number): Promise<MoveTaskRecord> {
    const source = await this.ref(tx, task.sourceArn);
    if (!source) throw new StorageError('NOT_FOUND', `queue ${task.sourceArn} does not exist`);
    if ((await tx.query("SELECT 1 FROM sqs_move_tasks WHERE status = 'RUNNING' AND source_arn = $1", [task.sourceArn])).length > 0) {
      throw running(task.sourceArn);
    }
    const [snap] = await tx.query<{ top: number | null; n: number }>(
      'SELECT max(seq) AS top, count(*) AS n FROM sqs_messages WHERE queue_id = $1',
      [source.id],
    );
    try {
      const [row] = await tx.query<MoveTaskRow>(
        `INSERT INTO sqs_move_tasks (${TASK_COLUMNS}) VALUES ($1, $2, $3, $4, 'RUNNING', 0, $5, $6, NULL, $7, $7) RETURNING *`,
        [task.handle, task.sourceArn, task.destinationArn ?? null, task.maxPerSecond ?? null, snap?.n ?? 0, snap?.top ?? 0, now],
      );
      return toMoveTaskRecord(row!);
    } catch (err) {
      // Another node started one for the same source between our check and our insert.
      if (typeof err === 'object' && err !== null && 'code' in err && err.code === '23505') throw running(task.sourceArn);
      throw err;
    }
  }

  async get(tx: PgQuery, handle: string): Promise<MoveTaskRecord | undefined> {
    const [row] = await tx.query<MoveTaskRow>('SELECT * FROM sqs_move_tasks WHERE handle = $1', [handle]);
    return row ? toMoveTaskRecord(row) : undefined;
  }

  async list(tx: PgQuery, sourceArn: string, limit: number): Promise<MoveTaskRecord[]> {
    const rows = await tx.query<MoveTaskRow>('SELECT * FROM sqs_move_tasks WHERE source_arn = $1 ORDER BY started_at DESC, id DESC LIMIT $2', [
      sourceArn,
      limit,
    ]);
    return rows.map(toMoveTaskRecord);
  }

  async running(tx: PgQuery): Promise<MoveTaskRecord[]> {
    return (await tx.query<MoveTaskRow>("SELECT * FROM sqs_move_tasks WHERE status = 'RUNNING' ORDER BY started_at, id")).map(toMoveTaskRecord);
  }

  async cancel(tx: PgTx, handle: string, now: number): Promise<MoveTaskRecord> {
    const row = await this.locked(tx, handle);
    if (row.status !== 'RUNNING') throw new StorageError('CONFLICT', `move task ${handle} is ${row.status}`);
    return this.finish(tx, handle, 'CANCELLED', row.moved, null, now);
  }

  /** One step of a running task (see QueueStore.runMoveTask). */
  async run(tx: PgTx, handle: string, limit: number, now: number, touched: Set<string>, minIntervalMs = 0): Promise<MoveTaskRecord> {
    const row = await this.locked(tx, handle);
    if (row.status !== 'RUNNING' || (minIntervalMs > 0 && Number(row.updated_at) > now - minIntervalMs)) return toMoveTaskRecord(row);
    const source = await this.ref(tx, row.source_arn);
    if (!source) return this.finish(tx, handle, 'FAILED', row.moved, `The source queue ${row.source_arn} does not exist.`, now);
    const candidates = await this.candidates(tx, source, row.until_seq, now, limit);
    let moved = row.moved;
    let failure: string | null = null;
    const targets = new Map<string, QueueRef | undefined>();
    for (const message of candidates) {
      const destination = row.destination_arn ?? message.dead_letter_source;
      if (!destination) {
        failure = `Message ${message.message_id} has no source queue to return to.`;
        break;
      }
      if (!targets.has(destination)) targets.set(destination, await this.ref(tx, destination));
      const target = targets.get(destination);
      if (!target) {
        failure = `The destination queue ${destination} does not exist.`;
        break;
      }
      await this.steps.move(tx, message, target, { now, enqueuedAt: now, keepReceives: false, deadLetterSource: null });
      touched.add(destination);
      moved++;
    }
    if (source.fifo) await this.steps.groups.refresh(tx, source, candidates.flatMap((m) => (m.group_id === null ? [] : [m.group_id])));
    if (failure !== null) return this.finish(tx, handle, 'FAILED', moved, failure, now);
    const left = await tx.query('SELECT 1 FROM sqs_messages WHERE queue_id = $1 AND seq <= $2 LIMIT 1', [source.id, row.until_seq]);
    return this.finish(tx, handle, left.length === 0 ? 'COMPLETED' : 'RUNNING', moved, null, now);
  }

  async deleteForSource(tx: PgTx, sourceArn: string): Promise<void> {
    await tx.query('DELETE FROM sqs_move_tasks WHERE source_arn = $1', [sourceArn]);
  }

  /** Messages of the task's snapshot that are not in flight, oldest first, locked (FIFO: their groups first). */
  private async candidates(tx: PgTx, source: QueueRef, untilSeq: number, now: number, limit: number): Promise<MessageRow[]> {
    const select = 'SELECT * FROM sqs_messages WHERE queue_id = $1 AND seq <= $2 AND visible_at <= $3';
    if (!source.fifo) return tx.query<MessageRow>(`${select} ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED`, [source.id, untilSeq, now, limit]);
    const groups = (await tx.query<MessageRow>(`${select} ORDER BY seq LIMIT $4`, [source.id, untilSeq, now, limit])).flatMap((m) =>
      m.group_id === null ? [] : [m.group_id],
    );
    await this.steps.groups.lock(tx, source, groups);
    return tx.query<MessageRow>(`${select} AND (group_id IS NULL OR group_id = ANY($5::text[])) ORDER BY seq LIMIT $4 FOR UPDATE`, [
      source.id,
      untilSeq,
      now,
      limit,
      groups,
    ]);
  }

  private async locked(tx: PgTx, handle: string): Promise<MoveTaskRow> {
    const [row] = await tx.query<MoveTaskRow>('SELECT * FROM sqs_move_tasks WHERE handle = $1 FOR UPDATE', [handle]);
    if (!row) throw new StorageError('NOT_FOUND', `move task ${handle} does not exist`);
    return row;
  }

  private async finish(tx: PgTx, handle: string, status: MoveTaskStatus, moved: number, reason: string | null, now: number): Promise<MoveTaskRecord> {
    const [row] = await tx.query<MoveTaskRow>(
      'UPDATE sqs_move_tasks SET status = $2, moved = $3, failure_reason = $4, updated_at = $5 WHERE handle = $1 RETURNING *',
      [handle, status, moved, reason, now],
    );
    return toMoveTaskRecord(row!);
  }
}
