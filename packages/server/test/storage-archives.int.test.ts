/** The embedded SQLite engine against the ArchiveStore contract, plus what only a file can show. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SqliteArchiveStore, archiveMigrations } from '../src/storage/sqlite/archives.js';
import { SqliteDatabase } from '../src/storage/sqlite/database.js';
import { archiveStoreContract } from './contract/archive-store.js';

/** Opens only the archive part of the embedded engine, as openSqliteStore would. */
function openArchives(dir: string): { archives: SqliteArchiveStore; close(): Promise<void> } {
  const database = new SqliteDatabase(join(dir, 'switchboard.db'));
  database.migrate(archiveMigrations);
  return { archives: new SqliteArchiveStore(database), close: async () => database.close() };
}

archiveStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-archives-'));
  const store = openArchives(dir);
  return {
    store: store.archives,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite archive store on disk', () => {
  it('keeps appended events and totals across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-archives-'));
    try {
      const first = openArchives(dir);
      await first.archives.append([{ archiveId: 'a', eventId: 'x', eventTime: 5, body: '{"id":"x"}' }], 1);
      await first.close();
      const second = openArchives(dir);
      assert.deepEqual(await second.archives.stats('a'), { eventCount: 1, sizeBytes: 10 });
      const [event] = await second.archives.read('a', { from: 0, to: 10, limit: 10 });
      assert.equal(event?.body, '{"id":"x"}');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
