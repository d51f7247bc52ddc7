/**
 * The storage port: everything the services keep durably goes through this interface, and
 * every engine (SQLite embedded, PostgreSQL next) implements all of it and passes the one
 * contract suite (test/storage-contract.ts). Rules of the port:
 * - Every method is atomic: it commits all of its writes or none.
 * - A method's promise resolves only once its writes are durable (SQLite: fsync'd WAL, with
 *   concurrent writes sharing one fsync; PostgreSQL: committed). The one exception is what
 *   a receiver does with SQS messages — receiveMessages, deleteMessages, changeVisibility —
 *   which an engine may acknowledge once committed and make durable shortly after (SQLite:
 *   with the next fsync, at most ~50 ms later): a crash in between may undo a receipt, a
 *   delete or a visibility change, so the message is received again — at-least-once delivery,
 *   as on AWS — but a receive never hands out a message whose send is not durable.
 * - Times are epoch milliseconds chosen by the caller (services own the clock), so engines
 *   never read the wall clock themselves and tests can control time.
 * - No engine detail (SQL, connections, row ids) appears in these types.
 */
import type { ArchiveStore } from './archive-port.js';
import type { EventStore } from './event-port.js';
import type { QueueStore } from './queue-port.js';

/** Storage failures the services handle. */
export type StorageErrorCode = 'ALREADY_EXISTS' | 'NOT_FOUND' | 'CONFLICT';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Names one piece of metadata: a bus, a rule, a queue, an archive, a connection, ... */
export interface ResourceKey {
  /** `bus`, `rule`, `queue`, `archive`, `replay`, `connection`, `api-destination`, ... */
  readonly kind: string;
  readonly account: string;
  readonly region: string;
  readonly name: string;
}

export interface ResourceRecord<T> extends ResourceKey {
  readonly body: T;
  /** Starts at 1 and grows by one with every update (optimistic concurrency). */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ListOptions {
  /** Only names starting with this. */
  readonly prefix?: string;
  /** Only names sorting after this (pagination). */
  readonly after?: string;
  /** At most this many, in name order. */
  readonly limit?: number;
}

/**
 * Committed resource changes, as every node sees them (its own and other nodes'), so nodes
 * keep their in-memory views (routing rules, archive patterns, ...) in step. Delivery is
 * after commit, at least once, in no particular order across keys: a listener re-reads the
 * resource rather than trusting the order of signals.
 */
export interface ResourceChanges {
  /**
   * Calls `listener(key)` after a commit that created, updated or deleted that resource, and
   * `listener(undefined)` when changes may have been missed (a lost connection to the other
   * nodes): reload everything. Returns an unsubscribe function.
   */
  subscribe(listener: (key: ResourceKey | undefined) => void): () => void;
}

/** Metadata documents, one JSON body per key. */
export interface ResourceStore {
  /** Change signals; engines serving several nodes must provide them. */
  readonly changes?: ResourceChanges;
  get<T>(key: ResourceKey): Promise<ResourceRecord<T> | undefined>;
  /** Resources of one kind in one account and region, in name order. */
  list<T>(kind: string, account: string, region: string, options?: ListOptions): Promise<Array<ResourceRecord<T>>>;
  /** Every resource of one kind, all accounts and regions (for loading caches at start). */
  listAll<T>(kind: string): Promise<Array<ResourceRecord<T>>>;
  /** Creates; ALREADY_EXISTS when the key is taken. */
  create<T>(key: ResourceKey, body: T, now: number): Promise<ResourceRecord<T>>;
  /**
   * Replaces the body; NOT_FOUND when absent, CONFLICT when `expectedVersion` is given and
   * is not the current version.
   */
  update<T>(key: ResourceKey, body: T, now: number, expectedVersion?: number): Promise<ResourceRecord<T>>;
  /** Deletes; false when it was not there. */
  delete(key: ResourceKey): Promise<boolean>;
}

export interface Store {
  /** Engine name, for /health and logs. */
  readonly engine: string;
  readonly resources: ResourceStore;
  readonly queues: QueueStore;
  readonly events: EventStore;
  readonly archives: ArchiveStore;
  /**
   * Engine counters for /metrics, e.g. `{ commits, commit_units }` (how many writes shared each
   * durable commit). Names are snake_case; values only grow.
   */
  stats(): Readonly<Record<string, number>>;
  /** Finishes pending writes and releases the engine. */
  close(): Promise<void>;
}
