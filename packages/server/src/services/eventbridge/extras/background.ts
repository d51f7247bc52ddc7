/**
 * Work the extras start and do not await in the request (authorizing an OAuth connection,
 * running a replay): tracked so that stopping waits for it, and logged rather than lost
 * when it fails, since no caller is left to see the error.
 */
import type { FastifyBaseLogger } from 'fastify';

export class Background {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: FastifyBaseLogger) {}

  /** Starts `work` now; its failure is logged under `what`. */
  run(what: string, work: () => Promise<void>): void {
    const task: Promise<void> = work()
      .catch((err: unknown) => this.logger.error({ err }, `eventbridge extras: ${what} failed`))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when everything started so far (and anything it starts) has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
