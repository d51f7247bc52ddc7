/** The embedded SQLite engine against the ResourceStore contract, on a real file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/storage/sqlite/store.js';
import { resourceStoreContract } from './contract/resource-store.js';

resourceStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-resources-'));
  const store = openSqliteStore(dir);
  return {
    store: store.resources,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
