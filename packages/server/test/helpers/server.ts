/**
 * Test helpers: a server in this process on a fresh data directory, and AWS SDK client
 * settings for it. With env SWITCHBOARD_TEST_STORE=postgres the server runs on PostgreSQL
 * instead (`npm run test:pg`), on a fresh schema per data directory — a test that restarts a
 * server on the same data directory gets the same schema back — dropped when the test file ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { startServer, type RunningServer, type ServerOptions } from '../../src/index.js';
import { PG_URL, dropSchema, freshSchema, postgresSkipReason } from './postgres.js';

/** The engine servers started here run on. */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env['SWITCHBOARD_TEST_STORE'] === 'postgres' ? 'postgres' : 'sqlite';

/** PostgreSQL schema per data directory, so a restart on the same directory finds its state. */
const schemas = new Map<string, string>();

if (TEST_STORE === 'postgres') {
  after(async () => {
    for (const schema of schemas.values()) await dropSchema(schema);
    schemas.clear();
  });
}

/** Store options for a server on `dataDir` under the engine the run asked for. */
async function storeOptions(dataDir: string): Promise<Partial<ServerOptions>> {
  if (TEST_STORE !== 'postgres') return {};
  const reason = await postgresSkipReason();
  if (reason !== undefined) throw new Error(`SWITCHBOARD_TEST_STORE=postgres, but ${reason}`);
  let schema = schemas.get(dataDir);
  if (!schema) schemas.set(dataDir, (schema = freshSchema()));
  return { storeUrl: PG_URL, storeSchema: schema };
}

export interface TestServer extends RunningServer {
  readonly dataDir: string;
  /** Settings for any @aws-sdk/client-* constructor. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  /** Closes the server and removes its data directory. */
  dispose(): Promise<void>;
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const engine = options.store || options.storeUrl ? {} : await storeOptions(dataDir);
  const server = await startServer({ port: 0, logLevel: 'silent', ...engine, ...options, dataDir });
  return {
    ...server,
    dataDir,
    clientConfig: {
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    },
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      const schema = schemas.get(dataDir);
      if (schema) {
        schemas.delete(dataDir);
        await dropSchema(schema);
      }
    },
  };
}

/** POSTs a raw AWS JSON request; returns status, headers and parsed body. */
export async function awsJson(
  url: string,
  target: string,
  body: string,
  version: '1.0' | '1.1' = '1.1',
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
    body,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}
