/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses the threshold, on the connection that committed — here, the event loop — and
 * copying thousands of pages into the database file plus its fsync stalled every request for
 * tens of milliseconds (p99.9 of commits 66 ms, 78 ms at worst, in a 5k events/s run). So the
 * writing connection turns automatic checkpoints off and a worker thread with its own
 * connection runs PASSIVE checkpoints every `intervalMs`: they copy what is committed without
 * blocking the writer or readers, and once one has caught up the next write starts the WAL
 * from the beginning again. If the worker ever falls far behind (the WAL passes `maxWalBytes`),
 * the writer checkpoints once itself, as SQLite would have — so the WAL stays bounded.
 *
 * The worker is a few lines of CommonJS evaluated in place (no file to locate in source and
 * built layouts alike); it loads the same better-sqlite3 the server resolved.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let timer;
let stopped = false;
const step = () => {
  if (stopped) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
  timer = setTimeout(step, workerData.intervalMs);
};
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.postMessage({ stopped: true });
  parentPort.close();
});
step();
`;

export interface CheckpointerOptions {
  /** Pause between checkpoints (default 100 ms). */
  readonly intervalMs?: number;
  /** Called with a checkpoint's error (the worker keeps going). */
  readonly onError?: (message: string) => void;
}

export class Checkpointer {
  private readonly worker: Worker;
  private readonly stopped: Promise<void>;

  constructor(file: string, options: CheckpointerOptions = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 100 } });
    this.stopped = new Promise<void>((resolve) => {
      this.worker.on('message', (m: { error?: string; stopped?: boolean }) => {
        if (m.error !== undefined) options.onError?.(m.error);
      });
      this.worker.once('exit', () => resolve());
      this.worker.once('error', (err) => {
        options.onError?.(err.message);
        resolve();
      });
    });
    this.worker.unref();
  }

  /** Stops checkpointing and closes the worker's connection. */
  async close(): Promise<void> {
    this.worker.ref(); // keep the process alive until the worker has closed its connection
    this.worker.postMessage('stop');
    await this.stopped;
  }
}
