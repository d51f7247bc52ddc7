/**
 * The PostgreSQL engine's connection: a pg Pool whose sessions all resolve names in the
 * engine's schema, versioned migrations applied in one transaction under an advisory lock
 * (several nodes may start at once), and write transactions that retry on deadlock or
 * serialization failure and count their commits.
 *
 * Transactions run at READ COMMITTED: every engine module takes the row locks it needs
 * (`FOR UPDATE`, `SKIP LOCKED`, upserts) explicitly, so each statement sees what was
 * committed before it started and nothing is decided on a stale snapshot.
 */
import pg from 'pg';
import { StoreConfigError } from '../config-error.js';

/** A schema change; every pending one is applied, in order of `version`, in one transaction. */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** A notification to send when a transaction commits (PostgreSQL delivers NOTIFY at commit). */
export interface PgNotification {
  readonly channel: string;
  readonly payload: string;
}

/** Something that runs statements: an open transaction, or the pool (each statement on its own). */
export interface PgQuery {
  query<R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/** One open transaction: run statements, queue notifications. */
export interface PgTx extends PgQuery {
  /** Sent with the COMMIT, so listeners hear of it only once the writes are visible. */
  notify(n: PgNotification): void;
}

/** SQLSTATEs after which the whole transaction is safely run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 8;

/** `bigint` columns (epoch ms, sequences) come back as numbers: every value we store fits in 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Schema names we accept: plain lower-case identifiers (never quoted), short enough to suffix a NOTIFY channel. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

export function validSchemaName(schema: string): boolean {
  return SCHEMA_NAME.test(schema);
}

function sqlstate(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export class PgDatabase {
  readonly pool: pg.Pool;
  /** Write transactions committed (for metrics). */
  commits = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    readonly url: string,
    readonly schema: string,
    poolSize: number,
  ) {
    if (!validSchemaName(schema)) {
      throw new StoreConfigError(`store schema ${JSON.stringify(schema)}: expected [a-z_][a-z0-9_]*, at most 40 characters`, 'schema');
    }
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}`, types });
    // An idle connection that breaks is dropped by the pool; the next checkout opens a new one.
    this.pool.on('error', () => undefined);
  }

  /** Applies the migrations not applied yet, serialized across nodes by a transaction-scoped advisory lock. */
  async migrate(migrations: readonly PgMigration[]): Promise<void> {
    await this.write(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`switchboard.migrate.${this.schema}`]);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${this.schema}.schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const applied = new Set(
        (await tx.query<{ version: number }>(`SELECT version FROM ${this.schema}.schema_migrations`)).map((r) => r.version),
      );
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(m.version)) continue;
        await tx.query(m.sql);
        await tx.query(`INSERT INTO ${this.schema}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      }
    });
  }

  /** One statement outside any transaction (reads; single-statement writes use `write`). */
  async read<R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<R[]> {
    if (this.closed) throw new Error('the store is closed');
    return (await this.pool.query<R>(text, values as unknown[] | undefined)).rows;
  }

  /** `read` as a PgQuery, for steps shared between transactions and plain reads. */
  readonly reader: PgQuery = {
    query: <R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]) => this.read<R>(text, values),
  };

  /**
   * Runs `work` in one transaction and resolves with its result once committed. A deadlock or
   * serialization failure rolls back and runs `work` again (it must not keep state between
   * attempts); any other error rolls back and rejects.
   */
  write<T>(work: (tx: PgTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const running = this.attempt(work);
    this.inFlight.add(running);
    const forget = (): void => void this.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  /**
   * One statement as its own transaction (PostgreSQL commits it before answering): a write
   * that needs no second statement saves the BEGIN and COMMIT round trips. Retried like `write`.
   */
  writeOne<R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const running = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const rows = (await this.pool.query<R>(text, values as unknown[] | undefined)).rows;
          this.commits++;
          return rows;
        } catch (err) {
          const code = sqlstate(err);
          if (code !== undefined && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
          throw err;
        }
      }
    })();
    this.inFlight.add(running);
    const forget = (): void => void this.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  private async attempt<T>(work: (tx: PgTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let notifications: PgNotification[] = [];
      const tx: PgTx = {
        query: async <R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]) =>
          (await client.query<R>(text, values as unknown[] | undefined)).rows,
        notify: (n) => void notifications.push(n),
      };
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query(commitText(notifications));
        this.commits++;
        return result;
      } catch (err) {
        notifications = [];
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        const code = sqlstate(err);
        if (code !== undefined && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  /** Waits for running transactions, then closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.pool.end();
  }
}

/** COMMIT, preceded by the transaction's NOTIFYs in the same round trip. */
function commitText(notifications: readonly PgNotification[]): string {
  if (notifications.length === 0) return 'COMMIT';
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const n of notifications) {
    const key = `${n.channel}\u0000${n.payload}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`NOTIFY ${pg.escapeIdentifier(n.channel)}, ${pg.escapeLiteral(n.payload)}`);
  }
  return `${parts.join('; ')}; COMMIT`;
}
