/**
 * SQLite implementation of the ArchiveStore: one row per archived event, plus a running
 * count and size per archive kept in the same transactions (DescribeArchive must not count
 * millions of rows).
 */
import type { ArchiveAppend, ArchivedEvent, ArchiveReadOptions, ArchiveStats, ArchiveStore } from '../archive-port.js';
import type { Migration, SqliteDatabase } from './database.js';

/** Migration versions 300–399 belong to archives. */
export const archiveMigrations: readonly Migration[] = [
  {
    version: 300,
    name: 'archive events',
    sql: `CREATE TABLE archive_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      archive_id TEXT NOT NULL, event_id TEXT NOT NULL,
      event_time INTEGER NOT NULL, archived_at INTEGER NOT NULL,
      size INTEGER NOT NULL, body TEXT NOT NULL
    );
    CREATE UNIQUE INDEX archive_events_by_id ON archive_events (archive_id, event_id);
    CREATE INDEX archive_events_by_time ON archive_events (archive_id, event_time, seq);
    CREATE INDEX archive_events_by_age ON archive_events (archive_id, archived_at);
    CREATE TABLE archive_stats (
      archive_id TEXT PRIMARY KEY, event_count INTEGER NOT NULL, size_bytes INTEGER NOT NULL
    ) WITHOUT ROWID;`,
  },
];

interface EventRow {
  seq: number;
  event_id: string;
  event_time: number;
  archived_at: number;
  body: string;
}

/** Deletes return the sizes they removed so the running totals stay exact. */
interface SizeRow {
  size: number;
}

export class SqliteArchiveStore implements ArchiveStore {
  private readonly stmts;

  constructor(private readonly sqlite: SqliteDatabase) {
    const db = sqlite.db;
    this.stmts = {
      insert: db.prepare<[string, string, number, number, number, string]>(
        `INSERT OR IGNORE INTO archive_events (archive_id, event_id, event_time, archived_at, size, body)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      read: db.prepare<[string, number, number, number, number, number], EventRow>(
        `SELECT seq, event_id, event_time, archived_at, body FROM archive_events
         WHERE archive_id = ? AND event_time >= ? AND event_time < ? AND (event_time, seq) > (?, ?)
         ORDER BY event_time, seq LIMIT ?`,
      ),
      stats: db.prepare<[string], { event_count: number; size_bytes: number }>(
        'SELECT event_count, size_bytes FROM archive_stats WHERE archive_id = ?',
      ),
      addStats: db.prepare<[string, number, number]>(
        `INSERT INTO archive_stats (archive_id, event_count, size_bytes) VALUES (?, ?, ?)
         ON CONFLICT (archive_id) DO UPDATE SET
           event_count = event_count + excluded.event_count, size_bytes = size_bytes + excluded.size_bytes`,
      ),
      dropEmptyStats: db.prepare<[string]>('DELETE FROM archive_stats WHERE archive_id = ? AND event_count <= 0'),
      expire: db.prepare<[string, number, number], SizeRow>(
        `DELETE FROM archive_events WHERE seq IN (
           SELECT seq FROM archive_events WHERE archive_id = ? AND archived_at < ? ORDER BY archived_at LIMIT ?
         ) RETURNING size`,
      ),
      purge: db.prepare<[string, number], SizeRow>(
        `DELETE FROM archive_events WHERE seq IN (
           SELECT seq FROM archive_events WHERE archive_id = ? LIMIT ?
         ) RETURNING size`,
      ),
      ids: db.prepare<[], { archive_id: string }>('SELECT archive_id FROM archive_stats ORDER BY archive_id'),
    };
  }

  append(entries: readonly ArchiveAppend[], now: number): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return this.sqlite.write(() => {
      const added = new Map<string, { count: number; size: number }>();
      for (const e of entries) {
        const size = Buffer.byteLength(e.body, 'utf8');
        if (this.stmts.insert.run(e.archiveId, e.eventId, e.eventTime, now, size, e.body).changes === 0) continue;
        const total = added.get(e.archiveId) ?? { count: 0, size: 0 };
        total.count++;
        total.size += size;
        added.set(e.archiveId, total);
      }
      let count = 0;
      for (const [id, total] of added) {
        this.stmts.addStats.run(id, total.count, total.size);
        count += total.count;
      }
      return count;
    });
  }

  async read(archiveId: string, options: ArchiveReadOptions): Promise<ArchivedEvent[]> {
    const after = options.after ?? { eventTime: Number.MIN_SAFE_INTEGER, sequence: 0 };
    const rows = this.stmts.read.all(archiveId, options.from, options.to, after.eventTime, after.sequence, options.limit);
    return rows.map((r) => ({
      eventId: r.event_id, eventTime: r.event_time, archivedAt: r.archived_at, sequence: r.seq, body: r.body,
    }));
  }

  async stats(archiveId: string): Promise<ArchiveStats> {
    const row = this.stmts.stats.get(archiveId);
    return { eventCount: row?.event_count ?? 0, sizeBytes: row?.size_bytes ?? 0 };
  }

  expire(archiveId: string, before: number, limit: number): Promise<number> {
    return this.sqlite.write(() => this.removed(archiveId, this.stmts.expire.all(archiveId, before, limit)));
  }

  purge(archiveId: string, limit: number): Promise<number> {
    return this.sqlite.write(() => this.removed(archiveId, this.stmts.purge.all(archiveId, limit)));
  }

  async archiveIds(): Promise<string[]> {
    return this.stmts.ids.all().map((r) => r.archive_id);
  }

  /** Takes deleted rows off the running totals (inside the deleting transaction). */
  private removed(archiveId: string, rows: SizeRow[]): number {
    if (rows.length === 0) return 0;
    const size = rows.reduce((sum, r) => sum + r.size, 0);
    this.stmts.addStats.run(archiveId, -rows.length, -size);
    this.stmts.dropEmptyStats.run(archiveId);
    return rows.length;
  }
}
