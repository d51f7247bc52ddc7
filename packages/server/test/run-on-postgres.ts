/**
 * `npm run test:pg`: the end-to-end files a second time, every server on PostgreSQL
 * (SWITCHBOARD_TEST_STORE=postgres, a fresh schema per server; see helpers/server.ts). Files
 * that choose their engine themselves are left out, each with its reason. When PostgreSQL
 * is unreachable this says so loudly and passes — or fails under SWITCHBOARD_REQUIRE_SERVICES=1.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresSkipReason } from './helpers/postgres.js';

/** Files that choose their engine themselves: a second run would repeat, not vary, them. */
const OWN_ENGINE = new Map([
  ['crash.e2e.test.ts', 'SIGKILLs server processes on their SQLite file; the PostgreSQL cluster test kills nodes on PostgreSQL'],
  ['cluster.e2e.test.ts', 'runs its nodes on PostgreSQL already'],
]);

const here = dirname(fileURLToPath(import.meta.url));
const reason = await postgresSkipReason();
if (reason !== undefined) {
  const required = process.env['SWITCHBOARD_REQUIRE_SERVICES'] === '1';
  process.stderr.write(`\n*** ${required ? 'FAILED' : 'SKIPPED'}: the end-to-end suite on PostgreSQL — ${reason}\n\n`);
  process.exit(required ? 1 : 0);
}
for (const [file, why] of OWN_ENGINE) process.stdout.write(`# not run again here: ${file} — ${why}\n`);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.e2e.test.ts') && !OWN_ENGINE.has(f))
  .sort()
  .map((f) => relative(process.cwd(), join(here, f)));
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, SWITCHBOARD_TEST_STORE: 'postgres' },
});
process.exit(run.status ?? 1);
