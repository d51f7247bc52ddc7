/**
 * Choosing the storage engine from the command line: `switchboard dev` on PostgreSQL through
 * SWITCHBOARD_STORE / SWITCHBOARD_STORE_SCHEMA (the way nodes of a cluster are started), and a
 * clear refusal of a store URL that names no engine we have.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { PG_URL, dropSchema, freshSchema, whenPostgres } from './helpers/postgres.js';
import { startServerProcess } from './helpers/process.js';

const RUNNER = fileURLToPath(new URL('./helpers/run-server.ts', import.meta.url));

describe('switchboard dev --store', () => {
  it('refuses a store URL that is not postgres://, saying what it expected', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', RUNNER, 'dev', '--port', '0', '--store', 'mysql://root:secret@db/x'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /expected a postgres:\/\/ URL/);
    assert.doesNotMatch(run.stderr, /secret/, 'the password is not echoed');
  });

  it('refuses a pool size that is not a whole number from 1 to 1000', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', RUNNER, 'dev', '--port', '0', '--store', PG_URL, '--store-pool-size', '0'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /store pool size 0: expected a whole number from 1 to 1000/);
  });
});

await whenPostgres('switchboard dev on PostgreSQL', () => {
  describe('switchboard dev on PostgreSQL', () => {
    it('runs on the PostgreSQL named by SWITCHBOARD_STORE and reports the engine on /health', async () => {
      const schema = freshSchema();
      const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
      try {
        const env = { SWITCHBOARD_STORE: PG_URL, SWITCHBOARD_STORE_SCHEMA: schema, SWITCHBOARD_STORE_POOL_SIZE: '3' };
        const server = await startServerProcess(dataDir, env);
        try {
          assert.match(server.output(), new RegExp(`store: postgres .*\\(schema ${schema}\\)`));
          const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
          assert.equal(health['store'], 'postgres');
          // More concurrent requests than the pool (3) has connections: they queue for one and all succeed.
          const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' },
            body: '{}',
          })));
          assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
        } finally {
          assert.equal(await server.stop(), 0);
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        await dropSchema(schema);
      }
    });
  });
});
