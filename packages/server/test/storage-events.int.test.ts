/** The EventStore contract against the embedded SQLite engine, on a real file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../src/storage/sqlite/store.js';
import { eventStoreContract } from './contract/event-store.js';

eventStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-events-'));
  let store: SqliteStore = openSqliteStore(dir);
  return {
    get events() {
      return store.events;
    },
    get queues() {
      return store.queues;
    },
    async reopen() {
      await store.close();
      store = openSqliteStore(dir);
      return store.events;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
