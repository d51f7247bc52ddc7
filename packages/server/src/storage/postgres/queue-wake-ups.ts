/**
 * Queue wake-ups for other nodes, sent after commit and coalesced. PostgreSQL serializes the
 * commits of transactions that NOTIFY (a database-wide lock held from the NOTIFY's queueing
 * through the commit's WAL flush), so a NOTIFY inside every send and receive would make all
 * of a cluster's writes commit one after another. Instead a data transaction commits without
 * one, and this sender then NOTIFYs, in one short transaction of its own, every queue touched
 * by the transactions that committed since its previous one: at most one such transaction in
 * flight per node, however many commits it covers.
 *
 * Sending after commit keeps "a listener hears only after the writes are visible". A wake-up
 * lost because the node died between its commit and the NOTIFY costs the waiting polls on other
 * nodes at most their safety re-check: wake-ups are advisory (see signals.ts).
 */
import pg from 'pg';

/** NOTIFY statements per transaction: bounds the statement text (each is ~150 bytes). */
const MAX_PER_TRANSACTION = 500;

/** Runs a multi-statement text as one implicit transaction (the simple query protocol). */
export type RunText = (text: string) => Promise<void>;

export class WakeUpSender {
  private pending = new Set<string>();
  private running: Promise<void> | undefined;
  /** NOTIFY transactions sent, and wake-ups they carried (for metrics). */
  sent = 0;
  carried = 0;

  /**
   * `payload(queueArn)`: the notification text for a queue (it carries the node id);
   * `run`: where to send the NOTIFYs.
   */
  constructor(
    private readonly channel: string,
    private readonly payload: (queueArn: string) => string,
    private readonly run: RunText,
  ) {}

  /** Queues wake-ups for these queues, committed just now. */
  add(queueArns: Iterable<string>): void {
    for (const arn of queueArns) this.pending.add(arn);
    if (this.pending.size > 0 && !this.running) this.running = this.loop();
  }

  /** Resolves once everything queued so far has been sent (or failed), or after `timeoutMs` (a connection that hangs). */
  async flush(timeoutMs = 2_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    const drained = (async () => {
      while (this.running) await this.running;
    })();
    await Promise.race([drained, timeout]);
    clearTimeout(timer);
  }

  private async loop(): Promise<void> {
    try {
      // Let the commits finishing in this turn of the event loop join the first transaction.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.pending.size > 0) {
        const batch = [...this.pending].slice(0, MAX_PER_TRANSACTION);
        for (const arn of batch) this.pending.delete(arn);
        const channel = pg.escapeIdentifier(this.channel);
        const text = batch.map((arn) => `NOTIFY ${channel}, ${pg.escapeLiteral(this.payload(arn))}`).join('; ');
        try {
          await this.run(text);
          this.sent++;
          this.carried += batch.length;
        } catch {
          // Advisory: the polls waiting on other nodes re-check on their own timers.
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
