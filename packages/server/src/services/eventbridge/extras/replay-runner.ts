/**
 * Runs replays on this node: reads the archive's events of the window in (event time,
 * archive order) batches and puts each batch back on the destination bus through the
 * core's EventIngest (which routes them, only to FilterArns rules when given, and marks
 * them with `replay-name`). After every batch the position is stored, so:
 * - CancelReplay takes effect between batches (CANCELLING, then CANCELLED);
 * - a restart resumes STARTING and RUNNING replays from the last stored position (a batch
 *   that was being put back when the node stopped is put back again: at least once), and
 *   finishes CANCELLING ones as CANCELLED.
 * A batch the bus keeps refusing fails the replay (FAILED, with the reason).
 */
import type { ServiceDeps } from '../../../core/service.js';
import type { ArchivedEvent } from '../../../storage/archive-port.js';
import type { EventEnvelope, EventIngest } from '../contracts.js';
import { archiveKey, type ArchiveBody } from './archives.js';
import { parseNamedArn } from './arns.js';
import type { Background } from './background.js';
import type { ExtrasMetrics } from './metrics.js';
import { mutateReplay, withState, type ReplayBody, type ReplayRecord } from './replay-model.js';

export interface ReplayRunnerOptions {
  /** Events read and put back at a time. */
  readonly batchSize: number;
  /** Attempts at putting one batch back before the replay fails. */
  readonly attempts: number;
  /** Pause before the second attempt; doubled for each further one. */
  readonly retryDelayMs: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayRunnerOptions = { batchSize: 100, attempts: 4, retryDelayMs: 500 };

const keyOf = (r: ReplayRecord): string => `${r.account}/${r.region}/${r.name}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ReplayRunner {
  private readonly running = new Set<string>();
  private stopping = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly ingest: EventIngest,
    private readonly background: Background,
    private readonly metrics: ExtrasMetrics,
    private readonly options: ReplayRunnerOptions = DEFAULT_REPLAY_OPTIONS,
  ) {}

  /** Starts running a replay in the background (no-op if this node already runs it). */
  start(r: ReplayRecord): void {
    if (this.stopping || this.running.has(keyOf(r))) return;
    this.running.add(keyOf(r));
    this.background.run(`replay ${r.body.arn}`, () => this.run(r).finally(() => this.running.delete(keyOf(r))));
  }

  /** Picks up the replays a previous run of the server left unfinished. */
  async recover(): Promise<void> {
    for (const r of await this.deps.store.resources.listAll<ReplayBody>('replay')) {
      if (r.body.state === 'STARTING' || r.body.state === 'RUNNING') this.start(r);
      else if (r.body.state === 'CANCELLING') await this.finish(r, 'CANCELLED');
    }
  }

  /** Makes running replays stop after their current batch (they stay RUNNING, to resume). */
  stop(): void {
    this.stopping = true;
  }

  private async run(start: ReplayRecord): Promise<void> {
    let r = await mutateReplay(this.deps, start, (b) => (b.state === 'STARTING' ? withState(b, 'RUNNING') : undefined));
    while (r && !this.stopping) {
      if (r.body.state === 'CANCELLING') return void (await this.finish(r, 'CANCELLED'));
      if (r.body.state !== 'RUNNING') return;
      if (!(await this.archiveExists(r))) return void (await this.finish(r, 'FAILED', `Archive ${r.body.eventSourceArn} was deleted.`));
      const batch = await this.deps.store.archives.read(r.body.archiveStorageId, {
        from: r.body.eventStartTime, to: r.body.eventEndTime, limit: this.options.batchSize,
        ...(r.body.position ? { after: r.body.position } : {}),
      });
      if (batch.length > 0) {
        const failure = await this.putBack(r, batch);
        if (failure !== undefined) return void (await this.finish(r, 'FAILED', failure));
        r = await this.progress(r, batch[batch.length - 1]!);
      }
      if (r && batch.length < this.options.batchSize) return void (await this.finish(r, 'COMPLETED'));
    }
  }

  /** Whether the archive being replayed (this incarnation of it) still exists. */
  private async archiveExists(r: ReplayRecord): Promise<boolean> {
    const named = parseNamedArn(r.body.eventSourceArn, 'archive', 1);
    const archive = named && (await this.deps.store.resources.get<ArchiveBody>(archiveKey(named.account, named.region, named.name)));
    return archive !== undefined && archive.body.storageId === r.body.archiveStorageId;
  }

  /** Puts one batch back on the bus; resolves with the reason when every attempt failed. */
  private async putBack(r: ReplayRecord, batch: readonly ArchivedEvent[]): Promise<string | undefined> {
    const events = batch.map((e) => JSON.parse(e.body) as EventEnvelope);
    const filter = r.body.destination.FilterArns;
    const options = { replayName: r.name, ...(filter && filter.length > 0 ? { onlyRuleArns: new Set(filter) } : {}) };
    let reason = '';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      try {
        await this.ingest.ingest(r.body.destination.Arn, events, options);
        this.metrics.replayed.inc(events.length);
        return undefined;
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
        this.deps.logger.warn({ err, replay: r.body.arn, attempt }, 'replay batch was not accepted');
        if (attempt < this.options.attempts) await sleep(this.options.retryDelayMs * 2 ** (attempt - 1));
      }
    }
    return `Events could not be put back on ${r.body.destination.Arn}: ${reason}`;
  }

  /** Stores how far the replay got; a concurrent CancelReplay keeps its CANCELLING. */
  private progress(r: ReplayRecord, last: ArchivedEvent): Promise<ReplayRecord | undefined> {
    return mutateReplay(this.deps, r, (b) => ({
      ...b, position: { eventTime: last.eventTime, sequence: last.sequence }, eventLastReplayedTime: last.eventTime,
    }));
  }

  private async finish(r: ReplayRecord, state: 'COMPLETED' | 'CANCELLED' | 'FAILED', reason?: string): Promise<void> {
    await mutateReplay(this.deps, r, (b) => {
      // A cancel that raced the last batch still ends the replay as CANCELLED.
      const final = state === 'COMPLETED' && b.state === 'CANCELLING' ? 'CANCELLED' : state;
      return { ...withState(b, final, reason), replayEndTime: this.deps.clock.now() };
    });
  }
}
