/**
 * Fixtures for the extras' integration tests: service dependencies over a real SQLite file
 * (only the resource and archive engines, which is all the extras use), a clock tests can
 * move, and real HTTP endpoints on 127.0.0.1 that record what they receive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { RequestContext } from '../src/core/context.js';
import type { ServiceDeps } from '../src/core/service.js';
import { Metrics } from '../src/http/metrics.js';
import type { Store } from '../src/storage/port.js';
import { SqliteArchiveStore, archiveMigrations } from '../src/storage/sqlite/archives.js';
import { SqliteDatabase } from '../src/storage/sqlite/database.js';
import { SqliteResourceStore, resourceMigrations } from '../src/storage/sqlite/resources.js';

/** A clock that stands still unless moved (or follows real time from an offset). */
export class TestClock {
  private offset = 0;
  constructor(private readonly frozenAt?: number) {}
  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface Fixture {
  readonly deps: ServiceDeps;
  readonly clock: TestClock;
  readonly ctx: RequestContext;
  close(): Promise<void>;
}

export function openFixture(clock = new TestClock()): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-extras-'));
  const database = new SqliteDatabase(join(dir, 'switchboard.db'));
  database.migrate([...resourceMigrations, ...archiveMigrations]);
  // The extras never touch queues or the core's event store; any use would be a bug.
  const unused = new Proxy({}, { get: () => { throw new Error('the extras do not use this store'); } }) as never;
  const store: Store = {
    engine: 'sqlite',
    resources: new SqliteResourceStore(database),
    archives: new SqliteArchiveStore(database),
    queues: unused,
    events: unused,
    stats: () => ({ commits: database.commits, commit_units: database.units }),
    close: async () => database.close(),
  };
  const deps: ServiceDeps = { store, clock, logger: pino({ level: 'silent' }), metrics: new Metrics() };
  return {
    deps,
    clock,
    ctx: { account: '123456789012', region: 'us-east-1', requestId: 'test', endpoint: 'http://localhost' },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Received {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** performance.now() when it arrived. */
  readonly at: number;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Answer only after this many ms. */
  readonly delayMs?: number;
}

export interface Endpoint {
  readonly url: string;
  readonly received: Received[];
  /** Resolves when `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1; `reply` decides each answer (default 200, empty). */
export async function startEndpoint(reply: (req: Received, n: number) => Reply = () => ({})): Promise<Endpoint> {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'), at: performance.now(),
      };
      received.push(r);
      waiters.splice(0).forEach((w) => w());
      const answer = reply(r, received.length);
      const send = (): void => {
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} requests, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, n);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
