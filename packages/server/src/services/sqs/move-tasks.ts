/**
 * Message move tasks (dead-letter queue redrive): StartMessageMoveTask, ListMessageMoveTasks,
 * CancelMessageMoveTask, and the background runner that moves messages at the requested rate.
 * Progress lives in the store (each step moves and counts in one commit), so RUNNING tasks
 * resume where they were after a restart. With several nodes on one store, every node steps
 * every RUNNING task (a node that dies leaves nothing behind), and each step is a no-op
 * unless the task's last step is at least one interval old — so together they keep the
 * task's pace instead of multiplying it.
 */
import { randomUUID } from 'node:crypto';
import { StorageError } from '../../storage/port.js';
import type { MoveTaskRecord } from '../../storage/queue-port.js';
import type { SqsDeps, SqsOperation } from './deps.js';
import { SqsErrors } from './errors.js';
import { optIntInRange, optString, reqString } from './validation.js';

/** Without MaxNumberOfMessagesPerSecond: messages per step and pause between steps. */
const DEFAULT_STEP = { limit: 500, intervalMs: 50 };

/** Step size and pace for a rate of `perSecond` messages per second. */
function stepFor(perSecond: number | undefined): { limit: number; intervalMs: number } {
  if (perSecond === undefined) return DEFAULT_STEP;
  const intervalMs = Math.max(100, Math.ceil(1000 / perSecond));
  return { limit: Math.max(1, Math.round((perSecond * intervalMs) / 1000)), intervalMs };
}

export function taskView(task: MoveTaskRecord): Record<string, unknown> {
  return {
    ...(task.status === 'RUNNING' ? { TaskHandle: task.handle } : {}),
    Status: task.status,
    SourceArn: task.sourceArn,
    ...(task.destinationArn ? { DestinationArn: task.destinationArn } : {}),
    ...(task.maxPerSecond !== undefined ? { MaxNumberOfMessagesPerSecond: task.maxPerSecond } : {}),
    ApproximateNumberOfMessagesMoved: task.moved,
    ApproximateNumberOfMessagesToMove: task.toMove,
    ...(task.failureReason ? { FailureReason: task.failureReason } : {}),
    StartedTimestamp: task.startedAt,
  };
}

/** How often a node looks for RUNNING tasks it does not step yet (started on another node). */
const SCAN_MS = 5_000;

/** Runs RUNNING tasks in the background, one timer chain per task. */
export class MoveTaskRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private scanTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SqsDeps) {}

  get running(): number {
    return this.timers.size;
  }

  /** Resumes the tasks that were running when the server stopped, and keeps looking for others' tasks. */
  async resume(): Promise<void> {
    await this.scan();
    const again = (): void => {
      this.scanTimer = setTimeout(() => {
        void this.scan()
          .catch((err: unknown) => this.deps.logger.warn({ err }, 'looking for message move tasks failed; will retry'))
          .finally(() => {
            if (!this.stopped) again();
          });
      }, SCAN_MS);
      this.scanTimer.unref();
    };
    again();
  }

  private async scan(): Promise<void> {
    for (const task of await this.deps.store.listRunningMoveTasks()) this.run(task);
  }

  run(task: MoveTaskRecord): void {
    if (this.stopped || this.timers.has(task.handle)) return;
    const step = stepFor(task.maxPerSecond);
    const tick = (): void => {
      const work = this.deps.store
        .runMoveTask(task.handle, step.limit, this.deps.clock.now(), step.intervalMs)
        .then((after) => after.status === 'RUNNING')
        .catch((err: unknown) => {
          if (err instanceof StorageError && err.code === 'NOT_FOUND') return false;
          this.deps.logger.warn({ err, task: task.handle }, 'message move task step failed; retrying');
          return !this.stopped;
        })
        .then((again) => {
          this.timers.delete(task.handle);
          if (again && !this.stopped) this.timers.set(task.handle, setTimeout(tick, step.intervalMs));
        });
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    };
    this.timers.set(task.handle, setTimeout(tick, 0));
  }

  /** Stops scheduling steps and waits for the ones under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.scanTimer) clearTimeout(this.scanTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }
}

export function moveTaskOperations(deps: SqsDeps, runner: MoveTaskRunner): Record<string, SqsOperation> {
  const { store, clock } = deps;
  const notFound = (param: string) => SqsErrors.resourceNotFound(`The resource that you specified for the ${param} parameter doesn't exist.`);

  return {
    async StartMessageMoveTask(input) {
      const sourceArn = reqString(input, 'SourceArn');
      const destinationArn = optString(input, 'DestinationArn') || undefined;
      const perSecond = optIntInRange(input, 'MaxNumberOfMessagesPerSecond', 1, 500);
      const source = await store.getQueue(sourceArn);
      if (!source) throw notFound('SourceArn');
      const [anySource] = await store.listDeadLetterSources(sourceArn, { limit: 1 });
      if (!anySource) throw SqsErrors.invalidParameter('Source queue must be configured as a Dead Letter Queue.');
      if (destinationArn !== undefined) {
        const destination = await store.getQueue(destinationArn);
        if (!destination) throw notFound('DestinationArn');
        if (destination.arn === source.arn) throw SqsErrors.invalidParameter('Source and destination queues must be different.');
        if (destination.fifo !== source.fifo) throw SqsErrors.invalidParameter('Source and destination queues must be of the same type (FIFO or standard).');
      }
      const handle = Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn }), 'utf8').toString('base64url');
      try {
        const task = await store.startMoveTask({ handle, sourceArn, destinationArn, maxPerSecond: perSecond }, clock.now());
        runner.run(task);
        return { TaskHandle: task.handle };
      } catch (err) {
        if (err instanceof StorageError && err.code === 'NOT_FOUND') throw notFound('SourceArn');
        if (err instanceof StorageError && err.code === 'CONFLICT') {
          throw SqsErrors.unsupportedOperation('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
        }
        throw err;
      }
    },

    async ListMessageMoveTasks(input) {
      const sourceArn = reqString(input, 'SourceArn');
      const max = optIntInRange(input, 'MaxResults', 1, 10) ?? 1;
      if (!(await store.getQueue(sourceArn))) throw notFound('SourceArn');
      const tasks = await store.listMoveTasks(sourceArn, max);
      return { Results: tasks.map(taskView) };
    },

    async CancelMessageMoveTask(input) {
      const handle = reqString(input, 'TaskHandle');
      try {
        const task = await store.cancelMoveTask(handle, clock.now());
        return { ApproximateNumberOfMessagesMoved: task.moved };
      } catch (err) {
        if (err instanceof StorageError && err.code === 'NOT_FOUND') throw SqsErrors.resourceNotFound('Task does not exist.');
        if (err instanceof StorageError && err.code === 'CONFLICT') throw SqsErrors.unsupportedOperation('Only tasks in RUNNING status can be cancelled.');
        throw err;
      }
    },
  };
}
