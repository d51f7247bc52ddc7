/**
 * Which stored messages are on disk, by seq, so that a relaxed receive (one that does not wait
 * for an fsync of its own) can tell whether every message it hands out was sent by a durable
 * commit. Seqs only grow, so each commit that inserted messages is remembered with the highest
 * seq it inserted; once an fsync has covered that commit, every seq up to it is durable.
 */
import type { SqliteDatabase } from './database.js';

export class SeqWatermark {
  /** Highest seq known to be on disk. */
  private durable = 0;
  /** Commits not known durable yet, oldest first: [commit number, highest seq inserted by it]. */
  private readonly pending: Array<[number, number]> = [];

  constructor(private readonly sqlite: SqliteDatabase) {
    // Whatever the file holds when it is opened is on disk (the database fsyncs its WAL at open).
    const row = sqlite.db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'sqs_messages'").get();
    this.durable = row?.seq ?? 0;
    // A rolled-back group inserted nothing, and its commit number is used again.
    sqlite.onAbort(() => {
      const open = sqlite.commits + 1;
      while (this.pending.length > 0 && this.pending[this.pending.length - 1]![0] >= open) this.pending.pop();
    });
  }

  /** Records a message inserted by the group transaction being built. */
  inserted(seq: number): void {
    const commit = this.sqlite.commits + 1;
    const last = this.pending[this.pending.length - 1];
    if (last && last[0] === commit) last[1] = Math.max(last[1], seq);
    else this.pending.push([commit, seq]);
  }

  /**
   * The commit that must be durable before the message with this seq may be handed out: 0
   * when it already is, else the commit that inserted it (or the one being built).
   */
  commitOf(seq: number): number {
    if (seq <= this.durable) return 0;
    const done = this.sqlite.durableCommits;
    while (this.pending.length > 0 && this.pending[0]![0] <= done) this.durable = Math.max(this.durable, this.pending.shift()![1]);
    if (seq <= this.durable) return 0;
    for (const [commit, maxSeq] of this.pending) if (seq <= maxSeq) return commit;
    return this.sqlite.commits + 1;
  }
}
