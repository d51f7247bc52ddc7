/**
 * PostgreSQL implementation of the ResourceStore: one row of JSON text per resource. Every
 * change sends a NOTIFY with its commit, so every node's views follow (see signals.ts).
 */
import { toResourceRecord, type ResourceRow } from '../rows.js';
import { StorageError, type ListOptions, type ResourceKey, type ResourceRecord, type ResourceStore } from '../port.js';
import type { PgDatabase, PgMigration, PgTx } from './database.js';
import type { PgResourceChanges } from './signals.js';

/** Migration versions 1–99 belong to resources (100–199 queues, 200–299 events, 300–399 archives), as in SQLite. */
export const resourceMigrations: readonly PgMigration[] = [
  {
    version: 1,
    name: 'resources',
    // Names sort bytewise (COLLATE "C"), as the AWS APIs and the SQLite engine order them.
    sql: `CREATE TABLE resources (
      kind text NOT NULL, account text NOT NULL, region text NOT NULL, name text COLLATE "C" NOT NULL,
      body text NOT NULL, version integer NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL,
      PRIMARY KEY (kind, account, region, name)
    )`,
  },
];

const KEY = 'kind = $1 AND account = $2 AND region = $3 AND name = $4';

const keyValues = (key: ResourceKey): string[] => [key.kind, key.account, key.region, key.name];

export class PgResourceStore implements ResourceStore {
  constructor(
    private readonly db: PgDatabase,
    readonly changes: PgResourceChanges,
  ) {}

  /** A transaction that changes `key`: other nodes hear of it at commit, this node right after. */
  private async changing<T>(key: ResourceKey, work: (tx: PgTx) => Promise<T>): Promise<T> {
    const result = await this.db.write(async (tx) => {
      const r = await work(tx);
      tx.notify(this.changes.notification(key));
      return r;
    });
    this.changes.emitLocal(key);
    return result;
  }

  async get<T>(key: ResourceKey): Promise<ResourceRecord<T> | undefined> {
    const [row] = await this.db.read<ResourceRow>(`SELECT * FROM resources WHERE ${KEY}`, keyValues(key));
    return row ? toResourceRecord<T>(row) : undefined;
  }

  async list<T>(kind: string, account: string, region: string, options: ListOptions = {}): Promise<Array<ResourceRecord<T>>> {
    const prefix = options.prefix ?? '';
    const rows = await this.db.read<ResourceRow>(
      `SELECT * FROM resources WHERE kind = $1 AND account = $2 AND region = $3 AND name >= $4 AND name < $5 AND name > $6
       ORDER BY name LIMIT $7`,
      [kind, account, region, prefix, `${prefix}\u{10ffff}`, options.after ?? '', options.limit ?? null],
    );
    return rows.map((r) => toResourceRecord<T>(r));
  }

  async listAll<T>(kind: string): Promise<Array<ResourceRecord<T>>> {
    const rows = await this.db.read<ResourceRow>('SELECT * FROM resources WHERE kind = $1 ORDER BY account, region, name', [kind]);
    return rows.map((r) => toResourceRecord<T>(r));
  }

  async create<T>(key: ResourceKey, body: T, now: number): Promise<ResourceRecord<T>> {
    await this.changing(key, async (tx) => {
      const rows = await tx.query(`INSERT INTO resources VALUES ($1, $2, $3, $4, $5, 1, $6, $6) ON CONFLICT DO NOTHING RETURNING 1 AS one`, [
        ...keyValues(key),
        JSON.stringify(body),
        now,
      ]);
      if (rows.length === 0) throw new StorageError('ALREADY_EXISTS', `${key.kind} ${key.name} already exists`);
    });
    return { ...key, body, version: 1, createdAt: now, updatedAt: now };
  }

  update<T>(key: ResourceKey, body: T, now: number, expectedVersion?: number): Promise<ResourceRecord<T>> {
    return this.changing(key, async (tx) => {
      const [row] = await tx.query<Pick<ResourceRow, 'version' | 'created_at'>>(
        `SELECT version, created_at FROM resources WHERE ${KEY} FOR UPDATE`,
        keyValues(key),
      );
      if (!row) throw new StorageError('NOT_FOUND', `${key.kind} ${key.name} does not exist`);
      if (expectedVersion !== undefined && row.version !== expectedVersion) {
        throw new StorageError('CONFLICT', `${key.kind} ${key.name} changed (version ${row.version}, expected ${expectedVersion})`);
      }
      await tx.query(`UPDATE resources SET body = $5, version = version + 1, updated_at = $6 WHERE ${KEY}`, [
        ...keyValues(key), JSON.stringify(body), now,
      ]);
      return { ...key, body, version: row.version + 1, createdAt: row.created_at, updatedAt: now };
    });
  }

  async delete(key: ResourceKey): Promise<boolean> {
    const rows = await this.changing(key, (tx) => tx.query(`DELETE FROM resources WHERE ${KEY} RETURNING 1 AS one`, keyValues(key)));
    return rows.length > 0;
  }
}
