/** Shared set-up of the SQS end-to-end tests: a server with a movable clock, an SDK client, unique names, raw calls. */
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../src/core/clock.js';
import { awsJson, startTestServer, type TestServer } from './helpers/server.js';

/** Wall-clock time plus an offset tests can move forward (retention, deduplication windows, purge interval). */
export class ManualClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface SqsHarness {
  readonly server: TestServer;
  readonly sqs: SQSClient;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

export async function startSqs(options: { dataDir?: string; clock?: ManualClock } = {}): Promise<SqsHarness> {
  const clock = options.clock ?? new ManualClock();
  const server = await startTestServer({ clock, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const sqs = new SQSClient(server.clientConfig);
  return {
    server,
    sqs,
    clock,
    async close() {
      sqs.destroy();
      await server.dispose();
    },
  };
}

export function uniqueName(prefix: string, fifo = false): string {
  return `${prefix}-${randomUUID().slice(0, 8)}${fifo ? '.fifo' : ''}`;
}

/** A raw AWS JSON 1.0 SQS call. */
export function sqsJson(server: TestServer, operation: string, body: unknown): ReturnType<typeof awsJson> {
  return awsJson(server.url, `AmazonSQS.${operation}`, typeof body === 'string' ? body : JSON.stringify(body), '1.0');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
