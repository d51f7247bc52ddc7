/**
 * Signals across nodes: LISTEN/NOTIFY, on one of the engine's channels (payload: the sending
 * node's id, a space, what changed), delivered to every listening node once the NOTIFYing
 * transaction commits. Resource changes NOTIFY inside their own transaction (rare); queue
 * wake-ups are frequent, so they are sent just after the commit, coalesced across this node's
 * transactions (queue-wake-ups.ts). Each node keeps one dedicated connection listening on all
 * of the engine's channels and fans the signals out in process:
 * - queue wake-ups (`switchboard_queue`): the queue ARN; wakes long polls (LocalQueueSignals);
 * - resource changes (`switchboard_resource`): the resource key; nodes re-read their views of
 *   rules, buses, archives (LocalResourceChanges);
 * - queue record changes (`switchboard_qrecord`): the queue ARN; nodes drop their copy of the
 *   queue's record (queue-cache.ts).
 * Channel names carry the schema unless it is `public`, so deployments sharing a database in
 * different schemas never hear each other.
 *
 * The sending node signals its own listeners right after its commit instead of waiting for its
 * NOTIFY to come back (it skips notifications carrying its id). When the listening connection
 * drops, it reconnects with backoff and then wakes every long poll and asks for a full reload,
 * since notifications sent meanwhile are lost (signals are advisory: a spurious one costs a read).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ResourceChanges, ResourceKey } from '../port.js';
import type { QueueSignals } from '../queue-port.js';
import { LocalQueueSignals } from '../queue-signals.js';
import { LocalResourceChanges } from '../resource-changes.js';
import type { PgNotification } from './database.js';
import { WakeUpSender, type RunText } from './queue-wake-ups.js';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/** NOTIFY payloads must stay under 8000 bytes; a larger resource key is sent as "reload everything". */
const MAX_PAYLOAD_BYTES = 7_900;
const RELOAD_ALL = '*';

/** The NOTIFY channel of one kind of signal in one schema: suffixed for any schema but `public`. */
export function channelName(kind: 'queue' | 'qrecord' | 'resource', schema: string): string {
  return schema === 'public' ? `switchboard_${kind}` : `switchboard_${kind}.${schema}`;
}

/** The one listening connection of a node: LISTENs on every channel, reconnects when it drops. */
export class PgListener {
  /** Distinguishes this node's notifications from other nodes'. */
  readonly nodeId = randomBytes(6).toString('hex');
  private client: pg.Client | undefined;
  private pid: number | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private delay = RECONNECT_MIN_MS;
  private closed = false;
  private readonly handlers = new Map<string, (what: string) => void>();
  private readonly reconnected: Array<() => void> = [];
  /** Times the listener connected (1 after start; more after reconnects). */
  connects = 0;

  constructor(private readonly url: string) {}

  /** Calls `handler(what)` for every notification on `channel` sent by another node. Register before `start`. */
  on(channel: string, handler: (what: string) => void): void {
    this.handlers.set(channel, handler);
  }

  /** Calls `handler` after a reconnect (notifications may have been lost). */
  onReconnect(handler: () => void): void {
    this.reconnected.push(handler);
  }

  /** The notification a committing transaction sends. */
  notification(channel: string, what: string): PgNotification {
    return { channel, payload: `${this.nodeId} ${what}` };
  }

  /** Connects and listens; rejects when the first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  /**
   * Runs `text` on the listening connection (an otherwise idle session, so wake-ups never wait
   * for a pool connection behind requests); false, with nothing run, while it is reconnecting.
   */
  async execute(text: string): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    await client.query(text);
    return true;
  }

  /** Whether the listening connection is up (notifications are being heard). */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** The server process id of the listening connection (tests break it on purpose); undefined while reconnecting. */
  get listenerPid(): number | undefined {
    return this.client ? this.pid : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (msg) => this.received(msg.channel, msg.payload));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      this.pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connects++;
    this.delay = RECONNECT_MIN_MS;
  }

  private received(channel: string, payload: string | undefined): void {
    const handler = this.handlers.get(channel);
    if (!handler || !payload) return;
    const space = payload.indexOf(' ');
    if (space < 0 || payload.slice(0, space) === this.nodeId) return;
    handler(payload.slice(space + 1));
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().then(
        () => {
          for (const handler of this.reconnected) handler();
        },
        () => {
          this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
          this.scheduleReconnect();
        },
      );
    }, this.delay);
    this.reconnectTimer.unref();
  }
}

/**
 * Queue wake-ups for long polls, from this node's commits and (through the listener) every
 * other node's. This node's commits wake its own polls at once and other nodes' through the
 * coalescing sender (queue-wake-ups.ts), after commit.
 */
export class PgQueueSignals implements QueueSignals {
  private readonly local = new LocalQueueSignals();
  private readonly sender: WakeUpSender;

  private readonly recordHandlers: Array<(queueArn: string | undefined) => void> = [];

  /**
   * `channel`: wake-ups; `recordChannel`: queue record changes; `fallback` runs the NOTIFYs
   * while the listening connection is away (the pool).
   */
  constructor(
    private readonly listener: PgListener,
    private readonly channel: string,
    private readonly recordChannel: string,
    fallback: RunText,
  ) {
    listener.on(channel, (queueArn) => this.local.notify(queueArn));
    listener.on(recordChannel, (queueArn) => this.recordHandlers.forEach((h) => h(queueArn)));
    // Anything sent while the listener was away is lost: let every waiting poll look again.
    listener.onReconnect(() => {
      this.local.notifyAll();
      this.recordHandlers.forEach((h) => h(undefined));
    });
    this.sender = new WakeUpSender(channel, (arn) => listener.notification(channel, arn).payload, async (text) => {
      if (!(await listener.execute(text))) await fallback(text);
    });
  }

  subscribe(queueArn: string, listener: () => void): () => void {
    return this.local.subscribe(queueArn, listener);
  }

  /** Whether other nodes' signals are being heard (the listening connection is up). */
  get hearing(): boolean {
    return this.listener.connected;
  }

  /**
   * Calls `handler(queueArn)` when another node committed a change to that queue's record, and
   * `handler(undefined)` when such changes may have been missed (the listener reconnected).
   */
  onRecordChange(handler: (queueArn: string | undefined) => void): void {
    this.recordHandlers.push(handler);
  }

  /** The notification a transaction changing a queue's record sends with its commit. */
  recordChange(queueArn: string): PgNotification {
    return this.listener.notification(this.recordChannel, queueArn);
  }

  /** Wakes the polls on this node and, soon after, on every other node: call right after the commit. */
  committed(queueArns: Iterable<string>): void {
    const arns = [...queueArns];
    if (arns.length === 0) return;
    for (const arn of arns) this.local.notify(arn);
    this.sender.add(arns);
  }

  /** Resolves once the wake-ups queued so far are sent (before closing). */
  flush(): Promise<void> {
    return this.sender.flush();
  }

  /** NOTIFY transactions sent and the wake-ups they carried. */
  get stats(): { sent: number; carried: number } {
    return { sent: this.sender.sent, carried: this.sender.carried };
  }
}

/** Committed resource changes, from this node's commits and (through the listener) every other node's. */
export class PgResourceChanges implements ResourceChanges {
  private readonly local = new LocalResourceChanges();

  constructor(
    private readonly listener: PgListener,
    private readonly channel: string,
  ) {
    listener.on(channel, (what) => {
      const key = parseKey(what);
      if (key) this.local.emit(key);
      else this.local.emitAll();
    });
    listener.onReconnect(() => this.local.emitAll());
  }

  subscribe(listener: (key: ResourceKey | undefined) => void): () => void {
    return this.local.subscribe(listener);
  }

  /** The notification a committing transaction sends for a resource. */
  notification(key: ResourceKey): PgNotification {
    const what = JSON.stringify([key.kind, key.account, key.region, key.name]);
    return this.listener.notification(this.channel, Buffer.byteLength(what, 'utf8') > MAX_PAYLOAD_BYTES ? RELOAD_ALL : what);
  }

  /** Tells this node's listeners after its own commit. */
  emitLocal(key: ResourceKey): void {
    this.local.emit({ kind: key.kind, account: key.account, region: key.region, name: key.name });
  }
}

/** A resource key from a notification; undefined for "reload everything" or anything unreadable. */
function parseKey(what: string): ResourceKey | undefined {
  if (what === RELOAD_ALL) return undefined;
  try {
    const parts = JSON.parse(what) as unknown;
    if (Array.isArray(parts) && parts.length === 4 && parts.every((p) => typeof p === 'string')) {
      const [kind, account, region, name] = parts as [string, string, string, string];
      return { kind, account, region, name };
    }
  } catch {
    // Not ours: treat as a reason to reload.
  }
  return undefined;
}
