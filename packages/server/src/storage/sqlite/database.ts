/**
 * The embedded SQLite engine's connection: WAL mode, versioned migrations, and group commit
 * with the fsync off the event loop.
 *
 * Group commit: `write(work)` queues a synchronous unit of work; all units queued while the
 * event loop was busy run in ONE transaction (each inside its own savepoint, so one failing
 * unit rolls back alone), then one COMMIT, and their promises settle only once that commit is
 * on disk. Under load, every request that arrived during the previous commit shares the next.
 *
 * Durability without blocking: the connection runs `synchronous=NORMAL` (in WAL mode a COMMIT
 * then writes its frames to the WAL file but does not fsync), and the engine itself calls
 * fdatasync on the WAL file on libuv's thread pool after each commit, settling the commit's
 * promises when it returns. The event loop keeps parsing requests and matching events during
 * the fsync, and commits made meanwhile share the next one. A reader may see a commit before
 * its fsync ends, but every write that depends on it (a receive claiming a sent message, say)
 * commits later and so is acknowledged only after an fsync that covers both: nothing is
 * acknowledged, or handed to a receiver, before it is durable. Checkpoints (every 4,096 WAL
 * pages) still sync the WAL and the database file themselves, as SQLite does in NORMAL mode.
 *
 * Relaxed units (`writeRelaxed`) are for writes a crash may undo without breaking a promise:
 * SQS receipts, deletes and visibility changes, which AWS itself only makes at least once. They
 * settle as soon as their commit is made, without waiting for an fsync, unless the unit says it
 * read something not yet durable (`requireDurable(commit)`: a receive handing out a message whose
 * send is still being synced), and then they wait for the fsync that covers that commit. A
 * commit of relaxed units alone starts no fsync of its own: the next durable commit's fsync
 * covers its frames, or, if none comes, one at most RELAXED_SYNC_MS later. `onCommit` lets a
 * writer wake readers at commit, before its fsync: whatever they read of it, they hand out only
 * once it is durable.
 */
import { closeSync, fdatasync, fdatasyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** A schema change; applied once, in order of `version`, inside one transaction each. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Asks that a relaxed unit settle only once commit `upTo` (default: its own) is durable. */
export type RequireDurable = (upTo?: number) => void;

interface Pending {
  readonly work: (requireDurable: RequireDurable) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  /** Settles at commit unless `work` called requireDurable(). */
  readonly relaxed: boolean;
  /** Called once the unit's commit is made (before it is durable), if the unit succeeded. */
  readonly onCommit: (() => void) | undefined;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A committed relaxed unit waiting for an earlier commit to be durable. */
interface Parked {
  readonly upTo: number;
  readonly unit: Pending;
  readonly result: Outcome;
}

/** The longest a committed relaxed write waits for an fsync when no durable write brings one. */
const RELAXED_SYNC_MS = 50;

/** Committed units waiting for an fsync, with their outcomes. */
interface Committed {
  readonly batch: readonly Pending[];
  readonly results: readonly Outcome[];
}

/** Settles a unit with its outcome, or with the fsync's error. */
function settle(p: Pending, r: Outcome, error: Error | null = null): void {
  if (error) p.reject(error);
  else if (r.ok) p.resolve(r.value);
  else p.reject(r.error);
}

export class SqliteDatabase {
  readonly db: Db;
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  /** The WAL file, fsync'd after commits (undefined for `:memory:`). */
  private walFd: number | undefined;
  /** Commits waiting for the next fsync, and whether one is running. */
  private unsynced: Committed[] = [];
  private syncing: Promise<void> | undefined;
  private readonly abortListeners: Array<() => void> = [];
  /** Commits made and units of work they carried (for metrics and the benchmark). */
  commits = 0;
  units = 0;
  /** Commits known to be on disk: every commit up to this number has been covered by a finished fsync. */
  durableCommits = 0;
  /** Relaxed commits not covered by an fsync yet, and the timer that will start one. */
  private relaxedUnsynced = false;
  private relaxedTimer: NodeJS.Timeout | undefined;
  /** Relaxed units waiting for an earlier commit's fsync; the commit the running fsync covers up to. */
  private parked: Parked[] = [];
  private syncingUpTo = 0;
  /** A parked unit needs an fsync beyond the running one: start another as soon as it ends. */
  private syncWanted = false;
  /** Transaction control, prepared once: exec() re-parses its SQL every call, a third of the CPU under load. */
  private readonly tx: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback', Database.Statement>;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL: a commit does not fsync; this class fsyncs the WAL itself, off the event loop.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Fewer, larger checkpoints and a bigger page cache: the default (1,000-page WAL, 2 MB cache)
    // rewrote hot index pages into the main file over and over under load.
    this.db.pragma('wal_autocheckpoint = 4096');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    this.tx = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      savepoint: this.db.prepare('SAVEPOINT unit'),
      release: this.db.prepare('RELEASE unit'),
      rollbackTo: this.db.prepare('ROLLBACK TO unit'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
    };
    if (file !== ':memory:') {
      // The WAL file exists once a WAL-mode connection has read the database (above). Frames a
      // killed process left in the OS cache are synced now, so everything readable at open is
      // on disk before anything is handed out.
      this.walFd = openSync(`${file}-wal`, 'r');
      fdatasyncSync(this.walFd);
    }
  }

  /** Applies the migrations not applied yet. */
  migrate(migrations: readonly Migration[]): void {
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
    );
    const record = this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        record.run(m.version, m.name, Date.now());
      })();
    }
  }

  /** Calls `listener` whenever a group transaction is rolled back as a whole (caches drop what they read in it). */
  onAbort(listener: () => void): void {
    this.abortListeners.push(listener);
  }

  /**
   * Runs `work` in the next group transaction; resolves with its result once durable.
   * `onCommit` runs as soon as the commit is made, before the fsync (to wake readers early).
   */
  write<T>(work: () => T, onCommit?: () => void): Promise<T> {
    return this.enqueue(work, false, onCommit);
  }

  /**
   * Runs `work` in the next group transaction; resolves with its result once committed, not
   * necessarily durable (see the module comment) — unless `work` calls `requireDurable()`
   * because its result exposes data that may not be on disk yet: written by its own
   * transaction (no argument), or by commit `upTo` (`commits + 1` is the one being built).
   */
  writeRelaxed<T>(work: (requireDurable: RequireDurable) => T, onCommit?: () => void): Promise<T> {
    return this.enqueue(work, true, onCommit);
  }

  private enqueue<T>(work: (requireDurable: RequireDurable) => T, relaxed: boolean, onCommit: (() => void) | undefined): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject, relaxed, onCommit });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs everything queued in one transaction. */
  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const results: Outcome[] = [];
    /** Per unit: the commit that must be durable before it settles (0: none). */
    const needs: number[] = [];
    const commit = this.commits + 1;
    const tx = this.tx;
    try {
      tx.begin.run();
      for (const p of batch) {
        let need = p.relaxed ? 0 : commit;
        tx.savepoint.run();
        try {
          results.push({ ok: true, value: p.work((upTo = commit) => (need = Math.max(need, Math.min(upTo, commit)))) });
          tx.release.run();
        } catch (error) {
          tx.rollbackTo.run();
          tx.release.run();
          results.push({ ok: false, error });
        }
        needs.push(need);
      }
      tx.commit.run();
      this.commits++;
      this.units += batch.length;
    } catch (error) {
      if (this.db.inTransaction) tx.rollback.run();
      for (const listener of this.abortListeners) listener();
      for (const p of batch) p.reject(error);
      return;
    }
    const synced: Pending[] = [];
    const syncedResults: Outcome[] = [];
    batch.forEach((p, i) => {
      const r = results[i]!;
      if (r.ok) p.onCommit?.();
      const need = needs[i]!;
      if (need === commit) {
        synced.push(p);
        syncedResults.push(r);
      } else if (need > this.durableCommits) {
        this.parked.push({ upTo: need, unit: p, result: r });
        if (!this.syncing || need > this.syncingUpTo) this.syncWanted = true;
      } else settle(p, r);
    });
    if (synced.length > 0) this.unsynced.push({ batch: synced, results: syncedResults });
    else {
      this.relaxedUnsynced = true;
      this.relaxedTimer ??= setTimeout(() => {
        this.relaxedTimer = undefined;
        this.sync();
      }, RELAXED_SYNC_MS);
    }
    this.sync();
  }

  /**
   * Starts an fsync of the WAL for every commit made so far, unless one is running (commits
   * made meanwhile wait for the next, started when it ends), and settles those commits' units
   * (and the relaxed units parked on them) when it returns. Relaxed commits alone are left to
   * their timer.
   */
  private sync(): void {
    if (this.syncing) return;
    if (this.unsynced.length === 0 && !this.syncWanted && !(this.relaxedUnsynced && this.relaxedTimer === undefined)) return;
    const group = this.unsynced;
    const upTo = this.commits;
    this.unsynced = [];
    this.relaxedUnsynced = false;
    this.syncWanted = false;
    this.syncingUpTo = upTo;
    if (this.relaxedTimer !== undefined) {
      clearTimeout(this.relaxedTimer);
      this.relaxedTimer = undefined;
    }
    const done = (error: Error | null): void => {
      this.syncing = undefined;
      if (!error) this.durableCommits = upTo;
      for (const { batch, results } of group) batch.forEach((p, i) => settle(p, results[i]!, error));
      if (this.parked.length > 0) {
        const waiting: Parked[] = [];
        for (const w of this.parked) {
          if (w.upTo <= upTo) settle(w.unit, w.result, error);
          else waiting.push(w);
        }
        this.parked = waiting;
      }
      this.sync();
    };
    if (this.walFd === undefined) {
      this.syncing = Promise.resolve().then(() => done(null));
      return;
    }
    this.syncing = new Promise<void>((resolve) => {
      fdatasync(this.walFd!, (error) => {
        done(error);
        resolve();
      });
    });
  }

  /** Commits pending writes, waits until they are on disk, and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    while (this.syncing) await this.syncing;
    if (this.relaxedUnsynced) {
      clearTimeout(this.relaxedTimer);
      this.relaxedTimer = undefined;
      this.sync();
      while (this.syncing) await this.syncing;
    }
    this.db.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
    this.walFd = undefined;
  }
}
