/**
 * Archive upkeep in the background: reloads the archive index (to see other nodes'
 * changes), removes events older than an archive's RetentionDays, marks an archive
 * DISABLED while its bus does not exist (ENABLED again when it does), and purges the
 * events of deleted archives, including any a crash left behind.
 *
 * Deletes go in bounded steps so that a large expiry shares the writer with live traffic.
 */
import type { ServiceDeps } from '../../../core/service.js';
import { StorageError } from '../../../storage/port.js';
import type { EventIngest } from '../contracts.js';
import type { ArchiveIndex } from './archive-index.js';
import { archiveKey, type ArchiveBody, type ArchiveRecord } from './archives.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const STEP = 1000;

export interface MaintenanceIntervals {
  /** How often to reload the archive index. */
  readonly refreshMs: number;
  /** How often to apply retention, check buses and purge leftovers. */
  readonly sweepMs: number;
}

export class ArchiveMaintenance {
  private timers: NodeJS.Timeout[] = [];
  private sweeping: Promise<void> | undefined;
  private unfollow = (): void => {};
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly ingest: EventIngest,
    private readonly index: ArchiveIndex,
  ) {}

  /** Loads the index now, sweeps soon, and keeps doing both. */
  async start(intervals: MaintenanceIntervals): Promise<void> {
    // Archives changed on any node reach the index at once (the timer is the fallback).
    this.unfollow =
      this.deps.store.resources.changes?.subscribe((key) => {
        if (key === undefined || key.kind === 'archive') this.refreshSoon();
      }) ?? (() => {});
    await this.refresh();
    const every = (ms: number, work: () => Promise<unknown>): NodeJS.Timeout => {
      const t = setInterval(() => void work().catch((err: unknown) => this.deps.logger.error({ err }, 'archive maintenance failed')), ms);
      t.unref();
      return t;
    };
    this.timers = [every(intervals.refreshMs, () => this.refresh()), every(intervals.sweepMs, () => this.sweep())];
    const first = setTimeout(() => void this.sweep().catch((err: unknown) => this.deps.logger.error({ err }, 'archive maintenance failed')), 0);
    first.unref();
    this.timers.push(first);
  }

  /** Stops the timers and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.unfollow();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.sweeping;
  }

  /** Reloads the index from the store. */
  async refresh(): Promise<void> {
    const mark = this.index.mark();
    this.index.load(await this.deps.store.resources.listAll<ArchiveBody>('archive'), mark);
  }

  /** Reloads the index after a change signal; signals arriving during a reload cause one more. */
  private refreshSoon(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = this.refresh()
      .catch((err: unknown) => this.deps.logger.error({ err }, 'reloading the archive index failed; the timer retries'))
      .finally(() => {
        this.refreshing = undefined;
        if (this.refreshAgain) {
          this.refreshAgain = false;
          this.refreshSoon();
        }
      });
  }

  /** One pass of retention, bus checks and leftover purging (one at a time). */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /** Deletes all events of a deleted archive. */
  async purge(storageId: string): Promise<void> {
    while ((await this.deps.store.archives.purge(storageId, STEP)) > 0);
  }

  private async sweepOnce(): Promise<void> {
    // Ids first, then archives: an archive created in between holds no listed events yet.
    const held = await this.deps.store.archives.archiveIds();
    const archives = await this.deps.store.resources.listAll<ArchiveBody>('archive');
    const live = new Set(archives.map((a) => a.body.storageId));
    for (const id of held) if (!live.has(id)) await this.purge(id);
    const now = this.deps.clock.now();
    for (const archive of archives) {
      if (archive.body.retentionDays > 0) {
        const before = now - archive.body.retentionDays * DAY_MS;
        while ((await this.deps.store.archives.expire(archive.body.storageId, before, STEP)) === STEP);
      }
      await this.checkBus(archive);
    }
  }

  private async checkBus(archive: ArchiveRecord): Promise<void> {
    const exists = await this.ingest.busExists(archive.body.eventSourceArn);
    if (exists === (archive.body.state === 'ENABLED')) return;
    const { stateReason: _dropped, ...rest } = archive.body;
    const body: ArchiveBody = exists
      ? { ...rest, state: 'ENABLED' }
      : { ...rest, state: 'DISABLED', stateReason: `Event bus ${archive.body.eventSourceArn} does not exist.` };
    try {
      const updated = await this.deps.store.resources.update(archiveKey(archive.account, archive.region, archive.name), body, this.deps.clock.now(), archive.version);
      this.index.put(updated);
    } catch (err) {
      // Changed or deleted meanwhile: the next sweep looks again.
      if (!(err instanceof StorageError)) throw err;
    }
  }
}
