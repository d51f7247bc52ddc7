/**
 * Opening the store a server is configured with: the embedded SQLite file by default, or
 * PostgreSQL when given a `postgres://` URL. The composition root (server.ts) calls this; no
 * service does.
 */
import { StoreConfigError } from './config-error.js';
import type { Store } from './port.js';
import { validSchemaName } from './postgres/database.js';
import { openPostgresStore } from './postgres/store.js';
import { openSqliteStore } from './sqlite/store.js';

export { StoreConfigError };

export interface StoreConfig {
  /** `postgres://…` or `postgresql://…`; unset or empty for the embedded SQLite file. */
  readonly url?: string | undefined;
  /** PostgreSQL schema (default `public`). */
  readonly schema?: string | undefined;
  /** Directory of the SQLite file (default `./.switchboard`). */
  readonly dataDir?: string | undefined;
  /** PostgreSQL connections in this node's pool (default 10; one more listens for signals). */
  readonly poolSize?: number | undefined;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Checks a store setting before anything is opened; throws StoreConfigError saying what is wrong. */
export function checkStoreConfig(config: StoreConfig): void {
  if (config.url && !isPostgresUrl(config.url)) {
    throw new StoreConfigError(
      `store ${JSON.stringify(config.url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@'))}: expected a postgres:// URL, or nothing for the embedded SQLite file`,
      'store',
    );
  }
  if (config.poolSize !== undefined && !(Number.isInteger(config.poolSize) && config.poolSize >= 1 && config.poolSize <= 1000)) {
    throw new StoreConfigError(`store pool size ${JSON.stringify(config.poolSize)}: expected a whole number from 1 to 1000`, 'poolSize');
  }
  if (config.schema !== undefined && !validSchemaName(config.schema)) {
    throw new StoreConfigError(`store schema ${JSON.stringify(config.schema)}: expected [a-z_][a-z0-9_]*, at most 40 characters`, 'schema');
  }
}

/** Opens the configured engine. */
export async function openConfiguredStore(config: StoreConfig): Promise<Store> {
  checkStoreConfig(config);
  if (config.url) {
    return openPostgresStore(config.url, {
      ...(config.schema === undefined ? {} : { schema: config.schema }),
      ...(config.poolSize === undefined ? {} : { poolSize: config.poolSize }),
    });
  }
  return openSqliteStore(config.dataDir ?? './.switchboard');
}

/** Where the store is, for a log line (a PostgreSQL URL without its password). */
export function describeStore(config: StoreConfig): string {
  if (!config.url) return config.dataDir ?? './.switchboard';
  const shown = config.url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  return config.schema ? `${shown} (schema ${config.schema})` : shown;
}
