/**
 * Background expiry. Expired messages are already invisible to every read (each receive and
 * count applies the retention cutoff), so the sweeper only reclaims their space and forgets
 * deduplication ids and receive attempts past their window.
 */
import { settingsOf } from './attributes.js';
import type { SqsDeps } from './deps.js';

export const SWEEP_INTERVAL_MS = 30_000;
/** Queues swept in one group commit. */
const SWEEP_SLICE = 100;

export class ExpirySweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly deps: SqsDeps) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /** One pass over every queue; a slice of queues at a time, so their commits share one fsync. */
  async sweep(): Promise<void> {
    try {
      const queues = await this.deps.store.listAllQueues();
      for (let i = 0; i < queues.length; i += SWEEP_SLICE) {
        const now = this.deps.clock.now();
        await Promise.all(
          queues.slice(i, i + SWEEP_SLICE).map((q) => this.deps.store.expireMessages(q.arn, now - settingsOf(q).retentionSeconds * 1000, now)),
        );
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'sqs expiry sweep failed; next pass will retry');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }
}
