/**
 * Archive storage (EventBridge archives and replays): the events an archive keeps, by archive
 * and event time. Part of the storage port (see port.ts for the rules every method follows:
 * atomic, durable when resolved, caller-supplied times).
 *
 * An archive's events are filed under an `archiveId` the service chooses. The service gives
 * every incarnation of an archive a fresh id, so events left behind by a deleted archive (a
 * crash between deleting the archive and purging its events) can never show up in a new
 * archive of the same name; `archiveIds()` lets the service find and purge such leftovers.
 *
 * What the port leaves to the service (deliberately): which events an archive takes (event
 * patterns), retention periods, replay state and progress (kept as resources), and every
 * limit and error message. The engine only appends, reads in order, counts and deletes.
 */

/** One event to file under one archive. */
export interface ArchiveAppend {
  readonly archiveId: string;
  /** The event's `id`; appending an id the archive already holds is a no-op (idempotent retries). */
  readonly eventId: string;
  /** The event's own `time`, epoch ms: what replay windows select on. */
  readonly eventTime: number;
  /** The full event envelope as JSON text. */
  readonly body: string;
}

/** An archived event as read back. */
export interface ArchivedEvent {
  readonly eventId: string;
  readonly eventTime: number;
  /** When it was archived (the `now` of its append): what retention counts from. */
  readonly archivedAt: number;
  /**
   * The event's position in its archive, increasing with every append (and in array order
   * within one append). Together with `eventTime` it orders a read and resumes one.
   */
  readonly sequence: number;
  readonly body: string;
}

/** Where a read resumes: after this event (the last one a previous read returned). */
export interface ArchivePosition {
  readonly eventTime: number;
  readonly sequence: number;
}

export interface ArchiveReadOptions {
  /** Events with `from <= eventTime < to` (epoch ms). */
  readonly from: number;
  readonly to: number;
  /** Only events ordered after this position. */
  readonly after?: ArchivePosition;
  /** At most this many. */
  readonly limit: number;
}

export interface ArchiveStats {
  readonly eventCount: number;
  /** Sum of the UTF-8 sizes of the stored event bodies. */
  readonly sizeBytes: number;
}

export interface ArchiveStore {
  /**
   * Files events under their archives, all or none; durable when it resolves. Returns how
   * many were new (duplicates by archive and event id are skipped).
   */
  append(entries: readonly ArchiveAppend[], now: number): Promise<number>;
  /** An archive's events in a time window, ordered by (eventTime, sequence). */
  read(archiveId: string, options: ArchiveReadOptions): Promise<ArchivedEvent[]>;
  /** Event count and size; zeros for an archive that holds nothing. */
  stats(archiveId: string): Promise<ArchiveStats>;
  /**
   * Deletes up to `limit` of an archive's events archived before `before` (oldest first);
   * returns how many. Bounded so a large expiry never holds the writer for long: call again
   * until it returns less than `limit`.
   */
  expire(archiveId: string, before: number, limit: number): Promise<number>;
  /** Deletes up to `limit` of an archive's events (any); returns how many. Call until 0. */
  purge(archiveId: string, limit: number): Promise<number>;
  /** Ids of every archive that holds at least one event (to find leftovers of deleted archives). */
  archiveIds(): Promise<string[]>;
}
