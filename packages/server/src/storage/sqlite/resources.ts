/** SQLite implementation of the ResourceStore: one row of JSON per resource. */
import { toResourceRecord, type ResourceRow } from '../rows.js';
import { StorageError, type ListOptions, type ResourceKey, type ResourceRecord, type ResourceStore } from '../port.js';
import { LocalResourceChanges } from '../resource-changes.js';
import type { Migration, SqliteDatabase } from './database.js';

/** Migration versions 1–99 belong to resources (100–199 queues, 200–299 events). */
export const resourceMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'resources',
    sql: `CREATE TABLE resources (
      kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
      body TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (kind, account, region, name)
    ) WITHOUT ROWID`,
  },
];

export class SqliteResourceStore implements ResourceStore {
  /** Signalled after each committed change (this process is the file's only writer). */
  readonly changes = new LocalResourceChanges();
  private readonly stmts;

  constructor(private readonly sqlite: SqliteDatabase) {
    const db = sqlite.db;
    this.stmts = {
      get: db.prepare<[string, string, string, string], ResourceRow>('SELECT * FROM resources WHERE kind = ? AND account = ? AND region = ? AND name = ?'),
      list: db.prepare<[string, string, string, string, string, string, number], ResourceRow>(
        `SELECT * FROM resources WHERE kind = ? AND account = ? AND region = ? AND name >= ? AND name < ? AND name > ?
         ORDER BY name LIMIT ?`,
      ),
      listAll: db.prepare<[string], ResourceRow>('SELECT * FROM resources WHERE kind = ? ORDER BY account, region, name'),
      insert: db.prepare('INSERT INTO resources VALUES (?, ?, ?, ?, ?, 1, ?, ?)'),
      update: db.prepare('UPDATE resources SET body = ?, version = version + 1, updated_at = ? WHERE kind = ? AND account = ? AND region = ? AND name = ?'),
      delete: db.prepare('DELETE FROM resources WHERE kind = ? AND account = ? AND region = ? AND name = ?'),
    };
  }

  async get<T>(key: ResourceKey): Promise<ResourceRecord<T> | undefined> {
    const row = this.stmts.get.get(key.kind, key.account, key.region, key.name);
    return row ? toResourceRecord<T>(row) : undefined;
  }

  async list<T>(kind: string, account: string, region: string, options: ListOptions = {}): Promise<Array<ResourceRecord<T>>> {
    const prefix = options.prefix ?? '';
    const rows = this.stmts.list.all(kind, account, region, prefix, `${prefix}\u{10ffff}`, options.after ?? '', options.limit ?? -1);
    return rows.map((r) => toResourceRecord<T>(r));
  }

  async listAll<T>(kind: string): Promise<Array<ResourceRecord<T>>> {
    return this.stmts.listAll.all(kind).map((r) => toResourceRecord<T>(r));
  }

  /** A write that signals `key` once it is durable. */
  private async changing<T>(key: ResourceKey, work: () => T): Promise<T> {
    const result = await this.sqlite.write(work);
    this.changes.emit({ kind: key.kind, account: key.account, region: key.region, name: key.name });
    return result;
  }

  create<T>(key: ResourceKey, body: T, now: number): Promise<ResourceRecord<T>> {
    return this.changing(key, () => {
      if (this.stmts.get.get(key.kind, key.account, key.region, key.name)) {
        throw new StorageError('ALREADY_EXISTS', `${key.kind} ${key.name} already exists`);
      }
      this.stmts.insert.run(key.kind, key.account, key.region, key.name, JSON.stringify(body), now, now);
      return { ...key, body, version: 1, createdAt: now, updatedAt: now };
    });
  }

  update<T>(key: ResourceKey, body: T, now: number, expectedVersion?: number): Promise<ResourceRecord<T>> {
    return this.changing(key, () => {
      const row = this.stmts.get.get(key.kind, key.account, key.region, key.name);
      if (!row) throw new StorageError('NOT_FOUND', `${key.kind} ${key.name} does not exist`);
      if (expectedVersion !== undefined && row.version !== expectedVersion) {
        throw new StorageError('CONFLICT', `${key.kind} ${key.name} changed (version ${row.version}, expected ${expectedVersion})`);
      }
      this.stmts.update.run(JSON.stringify(body), now, key.kind, key.account, key.region, key.name);
      return { ...key, body, version: row.version + 1, createdAt: row.created_at, updatedAt: now };
    });
  }

  delete(key: ResourceKey): Promise<boolean> {
    return this.changing(key, () => this.stmts.delete.run(key.kind, key.account, key.region, key.name).changes > 0);
  }
}
