/** The embedded engine: one SQLite file holding every service's state. */
import { join } from 'node:path';
import type { Store } from '../port.js';
import { SqliteArchiveStore, archiveMigrations } from './archives.js';
import { SqliteDatabase } from './database.js';
import { SqliteEventStore, eventMigrations } from './events.js';
import { SqliteQueueStore, queueMigrations } from './queues.js';
import { SqliteResourceStore, resourceMigrations } from './resources.js';

export interface SqliteStore extends Store {
  readonly database: SqliteDatabase;
}

/** Opens (creating if needed) `<dataDir>/switchboard.db`; `:memory:` for a throwaway store. */
export function openSqliteStore(dataDir: string): SqliteStore {
  const database = new SqliteDatabase(dataDir === ':memory:' ? ':memory:' : join(dataDir, 'switchboard.db'));
  database.migrate([...resourceMigrations, ...queueMigrations, ...eventMigrations, ...archiveMigrations]);
  const queues = new SqliteQueueStore(database);
  return {
    engine: 'sqlite',
    database,
    resources: new SqliteResourceStore(database),
    queues,
    events: new SqliteEventStore(database, queues),
    archives: new SqliteArchiveStore(database),
    stats: () => ({ commits: database.commits, commit_units: database.units }),
    async close() {
      await database.close();
    },
  };
}
