/** SQLite implementation of the EventStore (filled in by the EventBridge work). */
import type { EventStore } from '../event-port.js';
import type { Migration, SqliteDatabase } from './database.js';

/** Migration versions 200–299 belong to events. */
export const eventMigrations: readonly Migration[] = [];

export class SqliteEventStore implements EventStore {
  constructor(private readonly sqlite: SqliteDatabase) {}
}
