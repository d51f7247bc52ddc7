/**
 * PostgreSQL implementation of the EventStore. As in SQLite, an accepted event's text is
 * stored once (`eb_events`) and shared by its deliveries (`eb_deliveries`), and every delivery
 * carries `due_at` — its next attempt time when free, its lease expiry when leased — so a
 * claim is one range scan on one index.
 *
 * Across nodes: a claim locks due deliveries with `FOR UPDATE SKIP LOCKED` and re-checks
 * `due_at` on the newest row version, so each delivery attempt is leased to one node; a
 * schedule tick is a compare-and-set on the stored fire time, so when two nodes fire the same
 * tick the second finds the time already moved and writes nothing; completing the last
 * deliveries of an event locks the event row before looking for remaining deliveries, so two
 * nodes completing the last two never both leave the event text behind.
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
import { toDelivery, type DeliveryRow as SharedDeliveryRow } from '../rows.js';
import type { PgDatabase, PgMigration, PgTx } from './database.js';
import { deliveryValues, enqueueInOneStatement, plainInline } from './event-enqueue.js';
import type { PgQueueStore } from './queues.js';

/** Migration versions 200–299 belong to events. */
export const eventMigrations: readonly PgMigration[] = [
  {
    version: 200,
    name: 'event deliveries and schedules',
    sql: `CREATE SEQUENCE eb_event_seq;
    CREATE TABLE eb_events (id bigint PRIMARY KEY DEFAULT nextval('eb_event_seq'), body text NOT NULL);
    CREATE TABLE eb_deliveries (
      id text PRIMARY KEY, event_ref bigint NOT NULL,
      bus_arn text NOT NULL, rule_arn text NOT NULL, target text NOT NULL,
      enqueued_at bigint NOT NULL, next_attempt_at bigint NOT NULL, due_at bigint NOT NULL,
      attempts integer NOT NULL DEFAULT 0, lease_owner text,
      error_code text, error_message text
    );
    CREATE INDEX eb_deliveries_due ON eb_deliveries (due_at);
    CREATE INDEX eb_deliveries_event ON eb_deliveries (event_ref);
    CREATE INDEX eb_deliveries_owner ON eb_deliveries (lease_owner) WHERE lease_owner IS NOT NULL;
    CREATE TABLE eb_schedules (rule_arn text PRIMARY KEY, next_fire_at bigint NOT NULL);`,
  },
];

/** The shared row plus `due_at` before the claim (claims return earliest due first). */
interface DeliveryRow extends SharedDeliveryRow {
  was_due: number;
}

/** Counts the rows a data-modifying statement touched. */
const counted = (statement: string): string => `WITH changed AS (${statement} RETURNING 1) SELECT count(*) AS n FROM changed`;

/** The EventStore on PostgreSQL. */
export class PgEventStore implements EventStore {
  /** `queues` completes inline SQS deliveries in the accepting transaction. */
  constructor(
    private readonly db: PgDatabase,
    private readonly queues: PgQueueStore,
  ) {}

  async enqueue(events: readonly EventDeliveries[], lease?: DeliveryLease): Promise<EnqueueResult> {
    if (plainInline(events)) {
      const done = await enqueueInOneStatement(this.db, events, lease);
      if (done) {
        this.queues.signals.committed(done.queues);
        return { inlined: done.inlined };
      }
    }
    // FIFO targets: the general transaction.
    const inlined = await this.queues.writeAndSignal(async (tx, touched) => {
      const owed = events.flatMap((e) => e.deliveries.flatMap((d) => (d.inline ? [{ d, inline: d.inline }] : [])));
      const stored = await this.queues.sendInline(tx, owed.map((o) => ({ ...o.inline, now: o.d.enqueuedAt })), touched);
      const done = new Set(owed.flatMap((o, i) => (stored[i] ? [o.d.id] : [])));
      const kept = events.map((e) => ({ event: e.event, deliveries: e.deliveries.filter((d) => !done.has(d.id)) }));
      await insert(tx, kept, lease);
      return [...done];
    });
    return { inlined };
  }

  async claim(options: ClaimOptions): Promise<Delivery[]> {
    const rows = await this.db.writeOne<DeliveryRow>(
      `WITH due AS (
         SELECT id, due_at FROM eb_deliveries WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE eb_deliveries d SET lease_owner = $3, due_at = $4 FROM due WHERE d.id = due.id
       RETURNING d.*, due.due_at AS was_due, (SELECT body FROM eb_events e WHERE e.id = d.event_ref) AS body`,
      [options.now, options.limit, options.lease.owner, options.lease.until],
    );
    return rows.sort((a, b) => a.was_due - b.was_due || (a.id < b.id ? -1 : 1)).map(toDelivery);
  }

  complete(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.db.write(async (tx) => {
      const removed = await tx.query<{ event_ref: number }>('DELETE FROM eb_deliveries WHERE id = ANY($1::text[]) RETURNING event_ref', [[...ids]]);
      const refs = [...new Set(removed.map((r) => r.event_ref))];
      if (refs.length > 0) {
        // Lock the events first: whoever looks for their remaining deliveries second sees the first's deletes.
        await tx.query('SELECT 1 FROM eb_events WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [refs]);
        await tx.query(
          'DELETE FROM eb_events e WHERE e.id = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM eb_deliveries d WHERE d.event_ref = e.id)',
          [refs],
        );
      }
      return removed.length;
    });
  }

  async reschedule(id: string, owner: string, retry: DeliveryRetry): Promise<boolean> {
    const rows = await this.db.writeOne(
      `UPDATE eb_deliveries SET attempts = $3, next_attempt_at = $4, due_at = $4, lease_owner = NULL, error_code = $5, error_message = $6
       WHERE id = $1 AND lease_owner = $2 RETURNING 1 AS one`,
      [id, owner, retry.attempts, retry.nextAttemptAt, retry.error.code, retry.error.message],
    );
    return rows.length > 0;
  }

  async release(owner: string): Promise<number> {
    return this.count(counted('UPDATE eb_deliveries SET lease_owner = NULL, due_at = next_attempt_at WHERE lease_owner = $1'), [owner]);
  }

  async renew(owner: string, until: number): Promise<number> {
    return this.count(counted('UPDATE eb_deliveries SET due_at = GREATEST(due_at, $2) WHERE lease_owner = $1'), [owner, until]);
  }

  async nextDueAt(): Promise<number | undefined> {
    const [row] = await this.db.read<{ t: number | null }>('SELECT min(due_at) AS t FROM eb_deliveries');
    return row?.t ?? undefined;
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.db.read<{ n: number }>('SELECT count(*) AS n FROM eb_deliveries');
    return row?.n ?? 0;
  }

  async putSchedule(state: ScheduleState): Promise<void> {
    await this.db.writeOne(
      `INSERT INTO eb_schedules (rule_arn, next_fire_at) VALUES ($1, $2)
       ON CONFLICT (rule_arn) DO UPDATE SET next_fire_at = excluded.next_fire_at`,
      [state.ruleArn, state.nextFireAt],
    );
  }

  async deleteSchedule(ruleArn: string): Promise<boolean> {
    return (await this.db.writeOne('DELETE FROM eb_schedules WHERE rule_arn = $1 RETURNING 1 AS one', [ruleArn])).length > 0;
  }

  async listSchedules(): Promise<ScheduleState[]> {
    const rows = await this.db.read<{ rule_arn: string; next_fire_at: number }>(
      'SELECT rule_arn, next_fire_at FROM eb_schedules ORDER BY next_fire_at, rule_arn',
    );
    return rows.map((r) => ({ ruleArn: r.rule_arn, nextFireAt: r.next_fire_at }));
  }

  fireSchedule(fire: ScheduleFire, lease?: DeliveryLease): Promise<boolean> {
    return this.db.write(async (tx) => {
      // Compare-and-set: a second node firing the same tick waits on the row, then finds the time moved.
      const moved =
        fire.nextFireAt === undefined
          ? await tx.query('DELETE FROM eb_schedules WHERE rule_arn = $1 AND next_fire_at = $2 RETURNING 1 AS one', [fire.ruleArn, fire.expectedFireAt])
          : await tx.query('UPDATE eb_schedules SET next_fire_at = $3 WHERE rule_arn = $1 AND next_fire_at = $2 RETURNING 1 AS one', [
              fire.ruleArn,
              fire.expectedFireAt,
              fire.nextFireAt,
            ]);
      if (moved.length === 0) return false;
      await insert(tx, fire.events, lease);
      return true;
    });
  }

  private async count(text: string, values: readonly unknown[]): Promise<number> {
    const [row] = await this.db.writeOne<{ n: number }>(text, values);
    return row?.n ?? 0;
  }
}

/**
 * Inserts events that owe deliveries (an event owing none is not kept) and their deliveries,
 * all in one statement: event ids are drawn in the statement and joined to their deliveries
 * by position.
 */
async function insert(tx: PgTx, events: readonly EventDeliveries[], lease: DeliveryLease | undefined): Promise<void> {
  const owing = events.filter((e) => e.deliveries.length > 0);
  if (owing.length === 0) return;
  const ds = owing.flatMap((e, i) => e.deliveries.map((d) => ({ d, i: i + 1 })));
  await tx.query(
    `WITH ev AS MATERIALIZED (
       SELECT nextval('eb_event_seq') AS id, body, o FROM unnest($1::text[]) WITH ORDINALITY AS u(body, o)
     ),
     events AS (INSERT INTO eb_events (id, body) SELECT id, body FROM ev)
     INSERT INTO eb_deliveries (id, event_ref, bus_arn, rule_arn, target, enqueued_at, next_attempt_at, due_at, lease_owner)
     SELECT d.id, ev.id, d.bus, d.rule, d.target, d.enq, d.next, d.due, $9
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $10::bigint[])
       AS d(o, id, bus, rule, target, enq, next, due)
     JOIN ev ON ev.o = d.o`,
    [
      owing.map((e) => e.event),
      ds.map((x) => x.i),
      ...deliveryValues(ds, lease),
    ],
  );
}
