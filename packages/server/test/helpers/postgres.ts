/**
 * PostgreSQL for the tests: which server (env SWITCHBOARD_PG_URL, default the machine's local
 * one), whether it answers, and a fresh schema per test run so parallel runs and CI never
 * collide. When PostgreSQL is unreachable the PostgreSQL suites skip loudly with the reason —
 * except under SWITCHBOARD_REQUIRE_SERVICES=1 (CI), where they fail.
 */
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';

export const PG_URL = process.env['SWITCHBOARD_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_SERVICES = process.env['SWITCHBOARD_REQUIRE_SERVICES'] === '1';

/** The URL without its password, for messages. */
export function shownUrl(url = PG_URL): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

let probe: Promise<string | undefined> | undefined;

/** One attempt to connect and query: undefined when it answers, otherwise why not. */
async function tryPostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message || err.constructor.name : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Undefined when PostgreSQL answers a query; otherwise why not. Probed once per process, with
 * up to three attempts: a machine busy with other test processes (CI runs suites in parallel)
 * can be slow to accept a connection, which is not the same as PostgreSQL being down (a
 * refused connection fails at once, so a laptop without PostgreSQL still skips quickly).
 */
export function postgresUnreachable(): Promise<string | undefined> {
  probe ??= (async () => {
    let reason: string | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      reason = await tryPostgres();
      if (reason === undefined || /ECONNREFUSED|ENOTFOUND|password|does not exist/i.test(reason)) return reason;
    }
    return reason;
  })();
  return probe;
}

/** Why the PostgreSQL tests cannot run, as a skip reason; undefined when they can. */
export async function postgresSkipReason(): Promise<string | undefined> {
  const reason = await postgresUnreachable();
  return reason === undefined ? undefined : `PostgreSQL unreachable at ${shownUrl()}: ${reason}`;
}

/**
 * Registers `suite` when PostgreSQL is reachable. Otherwise registers one test named `name`
 * that skips with the reason (printed to stderr too, so nobody mistakes a skip for a pass),
 * or fails when SWITCHBOARD_REQUIRE_SERVICES=1.
 *
 * @example
 * await whenPostgres('QueueStore contract: postgres', () => queueStoreContract('postgres', open));
 */
export async function whenPostgres(name: string, suite: () => void): Promise<void> {
  const reason = await postgresSkipReason();
  if (reason === undefined) {
    suite();
    return;
  }
  test(name, (t) => {
    if (REQUIRE_SERVICES) throw new Error(`${reason} (and SWITCHBOARD_REQUIRE_SERVICES=1)`);
    process.stderr.write(`\n*** SKIPPED ${name}: ${reason}\n`);
    t.skip(reason);
  });
}

/** A schema name no other test run uses: `sb_test_<random>`. */
export function freshSchema(): string {
  return `sb_test_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  if (!/^sb_test_[0-9a-f]+$/.test(schema)) throw new Error(`refusing to drop ${schema}: not a test schema`);
  const client = new pg.Client({ connectionString: PG_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
