/** Test helpers: a server in this process on a fresh data directory, and AWS SDK client settings for it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/index.js';

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
  const server = await startServer({ port: 0, logLevel: 'silent', ...options, dataDir });
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
