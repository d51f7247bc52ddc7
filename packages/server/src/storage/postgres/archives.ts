/**
 * PostgreSQL implementation of the ArchiveStore: one row per archived event, plus a running
 * count and size per archive kept in the same transactions (DescribeArchive must not count
 * millions of rows). Concurrent appends to one archive serialize only on its totals row.
 */
import type { ArchiveAppend, ArchivedEvent, ArchiveReadOptions, ArchiveStats, ArchiveStore } from '../archive-port.js';
import type { PgDatabase, PgMigration, PgTx } from './database.js';

/** Migration versions 300–399 belong to archives. */
export const archiveMigrations: readonly PgMigration[] = [
  {
    version: 300,
    name: 'archive events',
    sql: `CREATE TABLE archive_events (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      archive_id text NOT NULL, event_id text NOT NULL,
      event_time bigint NOT NULL, archived_at bigint NOT NULL,
      size integer NOT NULL, body text NOT NULL
    );
    CREATE UNIQUE INDEX archive_events_by_id ON archive_events (archive_id, event_id);
    CREATE INDEX archive_events_by_time ON archive_events (archive_id, event_time, seq);
    CREATE INDEX archive_events_by_age ON archive_events (archive_id, archived_at);
    CREATE TABLE archive_stats (
      archive_id text COLLATE "C" PRIMARY KEY, event_count bigint NOT NULL, size_bytes bigint NOT NULL
    );`,
  },
];

interface EventRow {
  seq: number;
  event_id: string;
  event_time: number;
  archived_at: number;
  body: string;
}

export class PgArchiveStore implements ArchiveStore {
  constructor(private readonly db: PgDatabase) {}

  append(entries: readonly ArchiveAppend[], now: number): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return this.db.write(async (tx) => {
      // Array order is sequence order: rows are inserted in ordinality order.
      const added = await tx.query<{ archive_id: string; size: number }>(
        `INSERT INTO archive_events (archive_id, event_id, event_time, archived_at, size, body)
         SELECT a, e, t, $5, s, b FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $6::text[])
           WITH ORDINALITY AS u(a, e, t, s, b, o) ORDER BY o
         ON CONFLICT (archive_id, event_id) DO NOTHING
         RETURNING archive_id, size`,
        [
          entries.map((e) => e.archiveId),
          entries.map((e) => e.eventId),
          entries.map((e) => e.eventTime),
          entries.map((e) => Buffer.byteLength(e.body, 'utf8')),
          now,
          entries.map((e) => e.body),
        ],
      );
      const totals = new Map<string, { count: number; size: number }>();
      for (const r of added) {
        const t = totals.get(r.archive_id) ?? { count: 0, size: 0 };
        t.count++;
        t.size += r.size;
        totals.set(r.archive_id, t);
      }
      await addTotals(tx, totals);
      return added.length;
    });
  }

  async read(archiveId: string, options: ArchiveReadOptions): Promise<ArchivedEvent[]> {
    const after = options.after ?? { eventTime: Number.MIN_SAFE_INTEGER, sequence: 0 };
    const rows = await this.db.read<EventRow>(
      `SELECT seq, event_id, event_time, archived_at, body FROM archive_events
       WHERE archive_id = $1 AND event_time >= $2 AND event_time < $3 AND (event_time, seq) > ($4, $5)
       ORDER BY event_time, seq LIMIT $6`,
      [archiveId, options.from, options.to, after.eventTime, after.sequence, options.limit],
    );
    return rows.map((r) => ({ eventId: r.event_id, eventTime: r.event_time, archivedAt: r.archived_at, sequence: r.seq, body: r.body }));
  }

  async stats(archiveId: string): Promise<ArchiveStats> {
    const [row] = await this.db.read<{ event_count: number; size_bytes: number }>(
      'SELECT event_count, size_bytes FROM archive_stats WHERE archive_id = $1',
      [archiveId],
    );
    return { eventCount: row?.event_count ?? 0, sizeBytes: row?.size_bytes ?? 0 };
  }

  expire(archiveId: string, before: number, limit: number): Promise<number> {
    return this.remove(
      archiveId,
      'SELECT seq FROM archive_events WHERE archive_id = $1 AND archived_at < $2 ORDER BY archived_at LIMIT $3 FOR UPDATE SKIP LOCKED',
      [archiveId, before, limit],
    );
  }

  purge(archiveId: string, limit: number): Promise<number> {
    return this.remove(archiveId, 'SELECT seq FROM archive_events WHERE archive_id = $1 LIMIT $2 FOR UPDATE SKIP LOCKED', [archiveId, limit]);
  }

  async archiveIds(): Promise<string[]> {
    return (await this.db.read<{ archive_id: string }>('SELECT archive_id FROM archive_stats ORDER BY archive_id')).map((r) => r.archive_id);
  }

  /** Deletes the rows `select` picks and takes them off the archive's totals, in one transaction. */
  private remove(archiveId: string, select: string, values: readonly unknown[]): Promise<number> {
    return this.db.write(async (tx) => {
      const rows = await tx.query<{ size: number }>(`DELETE FROM archive_events WHERE seq IN (${select}) RETURNING size`, values);
      if (rows.length === 0) return 0;
      const size = rows.reduce((sum, r) => sum + r.size, 0);
      await addTotals(tx, new Map([[archiveId, { count: -rows.length, size: -size }]]));
      await tx.query('DELETE FROM archive_stats WHERE archive_id = $1 AND event_count <= 0', [archiveId]);
      return rows.length;
    });
  }
}

/** Adds to the running totals, in archive id order so concurrent writers lock rows in one order. */
async function addTotals(tx: PgTx, totals: ReadonlyMap<string, { count: number; size: number }>): Promise<void> {
  if (totals.size === 0) return;
  const ids = [...totals.keys()].sort();
  await tx.query(
    `INSERT INTO archive_stats (archive_id, event_count, size_bytes)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
     ON CONFLICT (archive_id) DO UPDATE SET
       event_count = archive_stats.event_count + excluded.event_count, size_bytes = archive_stats.size_bytes + excluded.size_bytes`,
    [ids, ids.map((id) => totals.get(id)!.count), ids.map((id) => totals.get(id)!.size)],
  );
}
