/**
 * Queue wake-ups across nodes: LISTEN/NOTIFY. A transaction that may have made messages
 * receivable queues a NOTIFY on the engine's channel (payload: this node's id and the queue
 * ARN), which PostgreSQL delivers to every listening node at commit. Each node keeps one
 * dedicated connection listening; it wakes local long polls through LocalQueueSignals.
 *
 * The sending node wakes its own listeners right after the commit instead of waiting for its
 * own NOTIFY to come back (it skips notifications carrying its id). When the listening
 * connection drops, it reconnects with backoff and then wakes every local listener, since
 * notifications sent meanwhile are lost (a wake-up is advisory: a spurious one costs a query).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { QueueSignals } from '../queue-port.js';
import { LocalQueueSignals } from '../queue-signals.js';
import type { PgNotification } from './database.js';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/** The NOTIFY channel of one schema: `switchboard_queue`, suffixed for any schema but `public`. */
export function queueChannel(schema: string): string {
  return schema === 'public' ? 'switchboard_queue' : `switchboard_queue.${schema}`;
}

export class PgQueueSignals implements QueueSignals {
  /** Distinguishes this node's notifications from other nodes'. */
  readonly nodeId = randomBytes(6).toString('hex');
  private readonly local = new LocalQueueSignals();
  private client: pg.Client | undefined;
  private pid: number | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private delay = RECONNECT_MIN_MS;
  private closed = false;
  /** Times the listener connected (1 after start; more after reconnects). */
  connects = 0;

  constructor(
    private readonly url: string,
    private readonly channel: string,
  ) {}

  subscribe(queueArn: string, listener: () => void): () => void {
    return this.local.subscribe(queueArn, listener);
  }

  /** Connects the listener; rejects when the first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** The notification a committing transaction sends for a queue. */
  notification(queueArn: string): PgNotification {
    return { channel: this.channel, payload: `${this.nodeId} ${queueArn}` };
  }

  /** Wakes this node's listeners after its own commit. */
  notifyLocal(queueArn: string): void {
    this.local.notify(queueArn);
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
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
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
    if (channel !== this.channel || !payload) return;
    const space = payload.indexOf(' ');
    if (space < 0 || payload.slice(0, space) === this.nodeId) return;
    this.local.notify(payload.slice(space + 1));
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
        // Anything sent while we were away is lost: let every waiting poll look again.
        () => this.local.notifyAll(),
        () => {
          this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
          this.scheduleReconnect();
        },
      );
    }, this.delay);
    this.reconnectTimer.unref();
  }
}
