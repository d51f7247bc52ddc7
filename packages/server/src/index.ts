/** switchboard — the server as a library: start it in-process (tests, embedding). */
export { startServer, type RunningServer, type ServerOptions } from './server.js';
export type { Store } from './storage/port.js';
export { openSqliteStore } from './storage/sqlite/store.js';
export { openPostgresStore, type PostgresOptions } from './storage/postgres/store.js';
export { StoreConfigError } from './storage/open.js';
