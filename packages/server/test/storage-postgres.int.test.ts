/**
 * The PostgreSQL engine against every storage contract (resources, queues, events, archives),
 * each suite on a fresh schema dropped afterwards. Skips loudly when PostgreSQL is unreachable
 * (fails instead under SWITCHBOARD_REQUIRE_SERVICES=1); see test/helpers/postgres.ts.
 */
import { openPostgresStore, type PostgresStore } from '../src/storage/postgres/store.js';
import { archiveStoreContract } from './contract/archive-store.js';
import { eventStoreContract } from './contract/event-store.js';
import { queueStoreContract } from './contract/queue-store.js';
import { resourceStoreContract } from './contract/resource-store.js';
import { PG_URL, dropSchema, freshSchema, whenPostgres } from './helpers/postgres.js';

/** A store on a schema of its own; `close` drops the schema. */
async function openFresh(): Promise<{ store: PostgresStore; schema: string; close(): Promise<void> }> {
  const schema = freshSchema();
  const store = await openPostgresStore(PG_URL, { schema, poolSize: 4 });
  return {
    store,
    schema,
    async close() {
      await store.close();
      await dropSchema(schema);
    },
  };
}

await whenPostgres('storage contracts: postgres', () => {
  resourceStoreContract('postgres', async () => {
    const opened = await openFresh();
    return { store: opened.store.resources, close: opened.close };
  });

  queueStoreContract('postgres', async () => {
    const opened = await openFresh();
    return { store: opened.store.queues, close: opened.close };
  });

  archiveStoreContract('postgres', async () => {
    const opened = await openFresh();
    return { store: opened.store.archives, close: opened.close };
  });

  eventStoreContract('postgres', async () => {
    const schema = freshSchema();
    let store = await openPostgresStore(PG_URL, { schema, poolSize: 4 });
    return {
      get events() {
        return store.events;
      },
      get queues() {
        return store.queues;
      },
      async reopen() {
        await store.close();
        store = await openPostgresStore(PG_URL, { schema, poolSize: 4 });
        return store.events;
      },
      async close() {
        await store.close();
        await dropSchema(schema);
      },
    };
  });
});
