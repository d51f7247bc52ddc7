/**
 * SQLite implementation of the EventStore. An accepted event's text is stored once
 * (`eb_events`) and shared by its deliveries (`eb_deliveries`), so a large event fanned out
 * to many targets costs one copy. Every delivery carries `due_at`, the time it becomes
 * claimable: its next attempt time when free, its lease expiry when leased — so claiming is
 * one range scan on one index, and a released or expired lease needs no separate sweep.
 */
import type {
  ClaimOptions,
  Delivery,
  DeliveryLease,
  DeliveryRetry,
  EnqueueResult,
  EventDeliveries,
  EventStore,
  ScheduleFire,
  ScheduleState,
} from '../event-port.js';
import { toDelivery, type DeliveryRow } from '../rows.js';
import type { Migration, SqliteDatabase } from './database.js';
import type { SqliteQueueStore } from './queues.js';

/** Migration versions 200–299 belong to events. */
export const eventMigrations: readonly Migration[] = [
  {
    version: 200,
    name: 'event deliveries and schedules',
    sql: `CREATE TABLE eb_events (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
    CREATE TABLE eb_deliveries (
      id TEXT PRIMARY KEY, event_ref INTEGER NOT NULL,
      bus_arn TEXT NOT NULL, rule_arn TEXT NOT NULL, target TEXT NOT NULL,
      enqueued_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, due_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, lease_owner TEXT,
      error_code TEXT, error_message TEXT
    );
    CREATE INDEX eb_deliveries_due ON eb_deliveries (due_at);
    CREATE INDEX eb_deliveries_event ON eb_deliveries (event_ref);
    CREATE INDEX eb_deliveries_owner ON eb_deliveries (lease_owner) WHERE lease_owner IS NOT NULL;
    CREATE TABLE eb_schedules (rule_arn TEXT PRIMARY KEY, next_fire_at INTEGER NOT NULL) WITHOUT ROWID;`,
  },
];

/** The EventStore on the embedded SQLite file. */
export class SqliteEventStore implements EventStore {
  private readonly stmts;

  /** `queues` completes inline SQS deliveries in the accepting commit; without it every delivery is stored. */
  constructor(
    private readonly sqlite: SqliteDatabase,
    private readonly queues?: SqliteQueueStore,
  ) {
    const db = sqlite.db;
    this.stmts = {
      insertEvent: db.prepare<[string]>('INSERT INTO eb_events (body) VALUES (?)'),
      insertDelivery: db.prepare<[string, number | bigint, string, string, string, number, number, number, string | null]>(
        `INSERT INTO eb_deliveries (id, event_ref, bus_arn, rule_arn, target, enqueued_at, next_attempt_at, due_at, lease_owner)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      due: db.prepare<[number, number], DeliveryRow>(
        `SELECT d.*, e.body FROM eb_deliveries d JOIN eb_events e ON e.id = d.event_ref
         WHERE d.due_at <= ? ORDER BY d.due_at LIMIT ?`,
      ),
      lease: db.prepare<[string, number, string]>('UPDATE eb_deliveries SET lease_owner = ?, due_at = ? WHERE id = ?'),
      deleteDelivery: db.prepare<[string], { event_ref: number }>('DELETE FROM eb_deliveries WHERE id = ? RETURNING event_ref'),
      deleteOrphan: db.prepare<[number, number]>(
        'DELETE FROM eb_events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM eb_deliveries WHERE event_ref = ?)',
      ),
      reschedule: db.prepare<[number, number, number, string, string, string, string]>(
        `UPDATE eb_deliveries SET attempts = ?, next_attempt_at = ?, due_at = ?, lease_owner = NULL,
         error_code = ?, error_message = ? WHERE id = ? AND lease_owner = ?`,
      ),
      release: db.prepare<[string]>('UPDATE eb_deliveries SET lease_owner = NULL, due_at = next_attempt_at WHERE lease_owner = ?'),
      renew: db.prepare<[number, string]>('UPDATE eb_deliveries SET due_at = MAX(due_at, ?) WHERE lease_owner = ?'),
      nextDue: db.prepare<[], { t: number | null }>('SELECT MIN(due_at) AS t FROM eb_deliveries'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM eb_deliveries'),
      getSchedule: db.prepare<[string], { next_fire_at: number }>('SELECT next_fire_at FROM eb_schedules WHERE rule_arn = ?'),
      putSchedule: db.prepare<[string, number]>(
        'INSERT INTO eb_schedules (rule_arn, next_fire_at) VALUES (?, ?) ON CONFLICT (rule_arn) DO UPDATE SET next_fire_at = excluded.next_fire_at',
      ),
      deleteSchedule: db.prepare<[string]>('DELETE FROM eb_schedules WHERE rule_arn = ?'),
      listSchedules: db.prepare<[], { rule_arn: string; next_fire_at: number }>(
        'SELECT rule_arn, next_fire_at FROM eb_schedules ORDER BY next_fire_at, rule_arn',
      ),
    };
  }

  async enqueue(events: readonly EventDeliveries[], lease?: DeliveryLease): Promise<EnqueueResult> {
    const touched = new Set<string>();
    const inlined = await this.sqlite.write(
      () => {
        touched.clear();
        return this.insert(events, lease, touched);
      },
      // Receivers wake at commit and hand the messages out once this commit is durable.
      () => this.queues?.signalAll(touched),
    );
    return { inlined };
  }

  claim(options: ClaimOptions): Promise<Delivery[]> {
    return this.sqlite.write(() => {
      const rows = this.stmts.due.all(options.now, options.limit);
      for (const row of rows) this.stmts.lease.run(options.lease.owner, options.lease.until, row.id);
      return rows.map(toDelivery);
    });
  }

  complete(ids: readonly string[]): Promise<number> {
    return this.sqlite.write(() => {
      let removed = 0;
      for (const id of ids) {
        const row = this.stmts.deleteDelivery.get(id);
        if (!row) continue;
        this.stmts.deleteOrphan.run(row.event_ref, row.event_ref);
        removed++;
      }
      return removed;
    });
  }

  reschedule(id: string, owner: string, retry: DeliveryRetry): Promise<boolean> {
    return this.sqlite.write(
      () =>
        this.stmts.reschedule.run(
          retry.attempts, retry.nextAttemptAt, retry.nextAttemptAt, retry.error.code, retry.error.message, id, owner,
        ).changes > 0,
    );
  }

  release(owner: string): Promise<number> {
    return this.sqlite.write(() => this.stmts.release.run(owner).changes);
  }

  renew(owner: string, until: number): Promise<number> {
    return this.sqlite.write(() => this.stmts.renew.run(until, owner).changes);
  }

  async nextDueAt(): Promise<number | undefined> {
    return this.stmts.nextDue.get()?.t ?? undefined;
  }

  async pendingCount(): Promise<number> {
    return this.stmts.count.get()?.n ?? 0;
  }

  putSchedule(state: ScheduleState): Promise<void> {
    return this.sqlite.write(() => {
      this.stmts.putSchedule.run(state.ruleArn, state.nextFireAt);
    });
  }

  deleteSchedule(ruleArn: string): Promise<boolean> {
    return this.sqlite.write(() => this.stmts.deleteSchedule.run(ruleArn).changes > 0);
  }

  async listSchedules(): Promise<ScheduleState[]> {
    return this.stmts.listSchedules.all().map((r) => ({ ruleArn: r.rule_arn, nextFireAt: r.next_fire_at }));
  }

  fireSchedule(fire: ScheduleFire, lease?: DeliveryLease): Promise<boolean> {
    return this.sqlite.write(() => {
      const row = this.stmts.getSchedule.get(fire.ruleArn);
      if (!row || row.next_fire_at !== fire.expectedFireAt) return false;
      if (fire.nextFireAt === undefined) this.stmts.deleteSchedule.run(fire.ruleArn);
      else this.stmts.putSchedule.run(fire.ruleArn, fire.nextFireAt);
      this.insert(fire.events, lease, undefined);
      return true;
    });
  }

  /**
   * Inserts events that owe deliveries (an event owing none is not kept). With `touched`,
   * deliveries with `inline` go straight into their queue when it exists; returns their ids.
   */
  private insert(events: readonly EventDeliveries[], lease: DeliveryLease | undefined, touched: Set<string> | undefined): string[] {
    const inlined: string[] = [];
    for (const e of events) {
      let ref: number | bigint | undefined;
      for (const d of e.deliveries) {
        const inline = touched && this.queues ? d.inline : undefined;
        if (inline) {
          const options = { now: d.enqueuedAt, deduplicationWindowMs: inline.deduplicationWindowMs };
          if (this.queues!.sendWithinUnit(inline.queueArn, inline.message, options, touched!)) {
            inlined.push(d.id);
            continue;
          }
        }
        ref ??= this.stmts.insertEvent.run(e.event).lastInsertRowid;
        const due = lease ? Math.max(lease.until, d.nextAttemptAt) : d.nextAttemptAt;
        this.stmts.insertDelivery.run(
          d.id, ref, d.busArn, d.ruleArn, d.target, d.enqueuedAt, d.nextAttemptAt, due, lease?.owner ?? null,
        );
      }
    }
    return inlined;
  }
}
