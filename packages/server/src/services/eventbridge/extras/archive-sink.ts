/**
 * The ArchiveSink the core calls with every event accepted on a bus, before PutEvents
 * answers: files each event under every archive of that bus whose pattern it matches, in
 * one durable append. Replayed events (they carry `replay-name`) are never archived again,
 * as AWS documents.
 */
import type { ArchiveStore, ArchiveAppend } from '../../../storage/archive-port.js';
import type { ArchiveSink, EventEnvelope } from '../contracts.js';
import type { ArchiveIndex } from './archive-index.js';
import type { ExtrasMetrics } from './metrics.js';

/** An event's `time` as epoch ms (the core stamps it; an unreadable one counts as now). */
function eventTime(event: EventEnvelope, now: number): number {
  const t = Date.parse(event.time);
  return Number.isNaN(t) ? now : t;
}

export class ArchiveRecorder implements ArchiveSink {
  constructor(
    private readonly index: ArchiveIndex,
    private readonly store: ArchiveStore,
    private readonly metrics: ExtrasMetrics,
  ) {}

  async record(busArn: string, events: readonly EventEnvelope[], now: number): Promise<void> {
    const archives = this.index.forBus(busArn);
    if (archives.length === 0) return;
    const entries: ArchiveAppend[] = [];
    for (const event of events) {
      if (event['replay-name'] !== undefined) continue;
      let body: string | undefined;
      for (const archive of archives) {
        if (archive.pattern && !archive.pattern.matches(event)) continue;
        body ??= JSON.stringify(event);
        entries.push({ archiveId: archive.storageId, eventId: event.id, eventTime: eventTime(event, now), body });
      }
    }
    if (entries.length === 0) return;
    this.metrics.archived.inc(await this.store.append(entries, now));
  }
}
