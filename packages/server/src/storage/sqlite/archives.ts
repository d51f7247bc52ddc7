/** SQLite implementation of the ArchiveStore (filled in by the archives work). */
import type { ArchiveStore } from '../archive-port.js';
import type { Migration, SqliteDatabase } from './database.js';

/** Migration versions 300–399 belong to archives. */
export const archiveMigrations: readonly Migration[] = [];

export class SqliteArchiveStore implements ArchiveStore {
  constructor(private readonly sqlite: SqliteDatabase) {}
}
