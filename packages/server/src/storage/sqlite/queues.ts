/** SQLite implementation of the QueueStore (filled in by the SQS work). */
import type { QueueStore } from '../queue-port.js';
import type { Migration, SqliteDatabase } from './database.js';

/** Migration versions 100–199 belong to queues. */
export const queueMigrations: readonly Migration[] = [];

export class SqliteQueueStore implements QueueStore {
  constructor(private readonly sqlite: SqliteDatabase) {}
}
