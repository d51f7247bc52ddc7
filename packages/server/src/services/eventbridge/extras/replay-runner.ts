/**
 * Runs replays: reads the archive's events of the window in (event time, archive order)
 * batches and puts each batch back on the destination bus through the core's EventIngest
 * (which routes them, only to FilterArns rules when given, and marks them with
 * `replay-name`). After every batch the position is stored, so:
 * - CancelReplay takes effect between batches (CANCELLING, then CANCELLED);
 * - a replay interrupted by a stop, a crash or a restart resumes from the last stored
 *   position (a batch that was being put back is put back again: at least once), and a
 *   CANCELLING one left behind is finished as CANCELLED.
 * One node runs a replay at a time: the runner takes a lease in the replay's record (a
 * version-checked write, so two nodes cannot both win) and renews it with every batch; every
 * node scans for replays whose lease ran out and takes them over. A clean stop gives its
 * leases back, so the next node (or the restarted one) resumes at once.
 * A batch the bus keeps refusing fails the replay (FAILED, with the reason).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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
  /** How long a node's lease on a replay lasts without renewal (default 15 s). */
  readonly leaseMs?: number;
  /** How often a node looks for replays nobody runs (default 5 s). */
  readonly scanMs?: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayRunnerOptions = { batchSize: 100, attempts: 4, retryDelayMs: 500, leaseMs: 15_000, scanMs: 5_000 };

const keyOf = (r: ReplayRecord): string => `${r.account}/${r.region}/${r.name}`;
const ACTIVE: ReadonlySet<string> = new Set(['STARTING', 'RUNNING', 'CANCELLING']);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ReplayRunner {
  private readonly running = new Set<string>();
  private stopping = false;
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private scanTimer: NodeJS.Timeout | undefined;

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

  /** Picks up unfinished replays nobody runs (a stopped or crashed node's), now and every few seconds. */
  async recover(): Promise<void> {
    await this.scan();
    const again = (): void => {
      this.scanTimer = setTimeout(() => {
        void this.scan()
          .catch((err: unknown) => this.deps.logger.error({ err }, 'looking for unfinished replays failed; will retry'))
          .finally(() => {
            if (!this.stopping) again();
          });
      }, this.options.scanMs ?? 5_000);
      this.scanTimer.unref();
    };
    again();
  }

  private async scan(): Promise<void> {
    const now = this.deps.clock.now();
    for (const r of await this.deps.store.resources.listAll<ReplayBody>('replay')) {
      if (this.stopping) return;
      if (!ACTIVE.has(r.body.state) || this.running.has(keyOf(r))) continue;
      if (r.body.runner && r.body.runner.owner !== this.owner && r.body.runner.until > now) continue;
      this.start(r);
    }
  }

  /** Makes running replays stop after their current batch (they stay RUNNING, to resume) and gives their leases back. */
  stop(): void {
    this.stopping = true;
    if (this.scanTimer) clearTimeout(this.scanTimer);
  }

  /** The body with this node's lease renewed, or undefined when another node holds a live lease (or the replay is over). */
  private leased(b: ReplayBody): ReplayBody | undefined {
    const now = this.deps.clock.now();
    if (!ACTIVE.has(b.state)) return undefined;
    if (b.runner && b.runner.owner !== this.owner && b.runner.until > now) return undefined;
    return { ...b, runner: { owner: this.owner, until: now + (this.options.leaseMs ?? 15_000) } };
  }

  private mine(r: ReplayRecord | undefined): r is ReplayRecord {
    return r !== undefined && r.body.runner?.owner === this.owner;
  }

  private async run(start: ReplayRecord): Promise<void> {
    // Take the lease (and leave STARTING) in one version-checked write: one node wins.
    let r: ReplayRecord | undefined = await mutateReplay(this.deps, start, (b) => {
      const body = this.leased(b);
      return body && body.state === 'STARTING' ? withState(body, 'RUNNING') : body;
    });
    if (!this.mine(r)) return;
    try {
      await this.runLeased(r);
    } finally {
      if (this.stopping) await this.release(r);
    }
  }

  /** Gives the lease back after a clean stop, so another node resumes the replay at once. */
  private async release(r: ReplayRecord): Promise<void> {
    try {
      await mutateReplay(this.deps, r, (b) => {
        if (b.runner?.owner !== this.owner) return undefined;
        const { runner: _mine, ...rest } = b;
        return rest;
      });
    } catch (err) {
      this.deps.logger.warn({ err, replay: r.body.arn }, 'giving back a replay lease failed; it runs out on its own');
    }
  }

  private async runLeased(start: ReplayRecord): Promise<void> {
    let r: ReplayRecord | undefined = start;
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
        if (!this.mine(r)) return; // the lease ran out and another node took over
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

  /** Stores how far the replay got and renews the lease; a concurrent CancelReplay keeps its CANCELLING. */
  private progress(r: ReplayRecord, last: ArchivedEvent): Promise<ReplayRecord | undefined> {
    return mutateReplay(this.deps, r, (b) => {
      if (b.runner?.owner !== this.owner) return undefined; // taken over: leave it alone
      const body = this.leased(b);
      return body && { ...body, position: { eventTime: last.eventTime, sequence: last.sequence }, eventLastReplayedTime: last.eventTime };
    });
  }

  private async finish(r: ReplayRecord, state: 'COMPLETED' | 'CANCELLED' | 'FAILED', reason?: string): Promise<void> {
    await mutateReplay(this.deps, r, (b) => {
      // A cancel that raced the last batch still ends the replay as CANCELLED.
      if (b.runner && b.runner.owner !== this.owner) return undefined; // another node runs it now
      const final = state === 'COMPLETED' && b.state === 'CANCELLING' ? 'CANCELLED' : state;
      const { runner: _done, ...rest } = withState(b, final, reason);
      return { ...rest, replayEndTime: this.deps.clock.now() };
    });
  }
}
