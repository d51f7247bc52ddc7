/**
 * Load shapes: a closed loop of C workers that each send the next request as soon as the
 * previous one answers, and a timed window helper.
 */
import { Latencies } from './stats.js';

export interface LoopResult {
  /** Units the system acknowledged (events, messages), as counted by the operation. */
  readonly acked: number;
  readonly requests: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly seconds: number;
  readonly latency: Latencies;
}

/**
 * Runs `concurrency` workers for `seconds`; each call of `once(worker, n)` resolves with the
 * number of units acknowledged by that request. A failed call counts as an error and the
 * worker carries on.
 */
export async function closedLoop(concurrency: number, seconds: number, once: (worker: number, n: number) => Promise<number>): Promise<LoopResult> {
  const latency = new Latencies();
  let acked = 0;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async (w: number): Promise<void> => {
    while (performance.now() < deadline) {
      const n = requests++;
      const t = performance.now();
      try {
        // Not `acked += await ...`: that reads `acked` before the await and loses the other workers' updates.
        const units = await once(w, n);
        latency.add(performance.now() - t);
        acked += units;
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
        // A refused connection fails in microseconds: do not spin on it.
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const result: LoopResult = { acked, requests, errors, seconds: (performance.now() - start) / 1000, latency };
  return firstError === undefined ? result : { ...result, firstError };
}
