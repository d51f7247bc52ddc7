/**
 * The distributed engine: every service's state in one PostgreSQL database, shared by any
 * number of Switchboard nodes. Each node opens its own pool; migrations run at start under an
 * advisory lock; queue wake-ups and resource changes travel by LISTEN/NOTIFY.
 */
import type { Store } from '../port.js';
import { PgArchiveStore, archiveMigrations } from './archives.js';
import { PgDatabase } from './database.js';
import { PgEventStore, eventMigrations } from './events.js';
import { PgQueueStore, queueMigrations } from './queues.js';
import { PgResourceStore, resourceMigrations } from './resources.js';
import { PgListener, PgQueueSignals, PgResourceChanges, channelName } from './signals.js';

export interface PostgresOptions {
  /**
   * Schema holding the tables, created if absent (default `public`). Nodes of one deployment
   * share it; different schemas in one database are independent deployments (tests use one each).
   */
  readonly schema?: string;
  /** Connections in this node's pool (default 10), plus one for LISTEN. */
  readonly poolSize?: number;
}

export interface PostgresStore extends Store {
  readonly database: PgDatabase;
  /** This node's LISTEN connection (queue wake-ups and resource changes from other nodes). */
  readonly listener: PgListener;
}

/**
 * Connects to PostgreSQL at `url` (a `postgres://` connection string), applies pending
 * migrations and starts listening for queue signals; rejects when the database cannot be
 * reached or the schema name is invalid.
 *
 * @example
 * const store = await openPostgresStore('postgres://switchboard@db:5432/switchboard');
 * await startServer({ store });
 */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  const schema = options.schema ?? 'public';
  const database = new PgDatabase(url, schema, options.poolSize ?? 10);
  const listener = new PgListener(url);
  const signals = new PgQueueSignals(listener, channelName('queue', schema), channelName('qrecord', schema), async (text) => {
    await database.pool.query(text);
  });
  const changes = new PgResourceChanges(listener, channelName('resource', schema));
  try {
    await database.migrate([...resourceMigrations, ...queueMigrations, ...eventMigrations, ...archiveMigrations]);
    await listener.start();
  } catch (err) {
    await listener.close();
    await database.close();
    throw err;
  }
  const queues = new PgQueueStore(database, signals);
  return {
    engine: 'postgres',
    database,
    listener,
    resources: new PgResourceStore(database, changes),
    queues,
    events: new PgEventStore(database, queues),
    archives: new PgArchiveStore(database),
    stats: () => ({
      commits: database.commits,
      listener_connects: listener.connects,
      wake_up_notifies: signals.stats.sent,
      wake_ups_sent: signals.stats.carried,
    }),
    async close() {
      // Transactions finish first, then their wake-ups go out, then the listener.
      await database.close();
      await signals.flush();
      await listener.close();
    },
  };
}
