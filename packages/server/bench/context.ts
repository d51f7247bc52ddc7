/** What every phase gets: the run's settings and the server under test. */
import type { AwsJsonClient } from './aws-client.js';

export interface BenchConfig {
  /** BENCH_QUICK=1: a smoke run of a few seconds per phase. */
  readonly quick: boolean;
  /** Length of each timed window (BENCH_SECONDS). */
  readonly seconds: number;
  /** Concurrent clients to try (BENCH_CONCURRENCY, comma-separated). */
  readonly concurrencies: readonly number[];
  /** PutEvents requests per second of the latency phase (10 entries each). */
  readonly latencyRequestsPerSecond: number;
  /** Phases to run (BENCH_PHASES, comma-separated: 1, 2, 2b, 3, 4; default all). */
  readonly phases: ReadonlySet<string>;
  readonly natsUrl: string;
}

export interface ServerUnderTest {
  readonly url: string;
  readonly pid: number | undefined;
  /** For the load itself (sockets up to the highest concurrency). */
  readonly client: AwsJsonClient;
  /** A separate agent for receivers, so their long polls never hold the load's sockets. */
  newClient(maxSockets: number): AwsJsonClient;
  queueUrl(name: string): string;
  queueArn(name: string): string;
  metrics(): Promise<string>;
}

/** Log progress on stderr so stdout keeps only the report. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
