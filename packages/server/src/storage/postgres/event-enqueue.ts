/**
 * PutEvents' commit in one statement, for the common case where every inline delivery goes to a
 * standard queue: the target queues are key-share locked, the messages of those that exist are
 * inserted, and the events with the deliveries still owed (not inline, or whose queue is gone)
 * are stored — one round trip instead of BEGIN, lookup, inserts, COMMIT. A hot path, so long
 * SQL on purpose; if a target queue turns out to be FIFO the statement writes nothing and the
 * caller runs the general transaction (events.ts).
 */
import type { DeliveryLease, EventDeliveries, NewDelivery } from '../event-port.js';
import type { PgDatabase } from './database.js';
import { standardValues } from './queue-messages.js';

/** What the statement did: undefined when it wrote nothing (a FIFO target); else the queues it sent to. */
/**
 * The delivery columns both insert paths bind, in order: id, bus, rule, target, enqueued at,
 * next attempt, lease owner, due at (a leased delivery is due when its lease runs out).
 */
export function deliveryValues(ds: ReadonlyArray<{ readonly d: NewDelivery }>, lease: DeliveryLease | undefined): unknown[] {
  return [
    ds.map((x) => x.d.id),
    ds.map((x) => x.d.busArn),
    ds.map((x) => x.d.ruleArn),
    ds.map((x) => x.d.target),
    ds.map((x) => x.d.enqueuedAt),
    ds.map((x) => x.d.nextAttemptAt),
    lease?.owner ?? null,
    ds.map((x) => (lease ? Math.max(lease.until, x.d.nextAttemptAt) : x.d.nextAttemptAt)),
  ];
}

export type OneStatementOutcome = { readonly queues: ReadonlySet<string>; readonly inlined: readonly string[] } | undefined;

/** Whether `events` qualify: every inline message is a plain standard-queue message. */
export function plainInline(events: readonly EventDeliveries[]): boolean {
  return events.every((e) => e.deliveries.every((d) => !d.inline || (!d.inline.message.deduplication && d.inline.message.groupId === undefined)));
}

export async function enqueueInOneStatement(db: PgDatabase, events: readonly EventDeliveries[], lease: DeliveryLease | undefined): Promise<OneStatementOutcome> {
  const sends = events.flatMap((e) => e.deliveries.flatMap((d) => (d.inline ? [{ arn: d.inline.queueArn, message: d.inline.message, now: d.enqueuedAt }] : [])));
  const ds = events.flatMap((e, i) => e.deliveries.map((d) => ({ d, o: i + 1 })));
  const [r] = await db.writeOne<{ ok: boolean; found: string[] | null }>(
    `WITH q AS MATERIALIZED (SELECT id, arn, fifo FROM sqs_queues WHERE arn = ANY($1::text[]) ORDER BY id FOR KEY SHARE),
     plain AS (SELECT NOT EXISTS (SELECT 1 FROM q WHERE fifo) AS ok),
     sends AS MATERIALIZED (
       SELECT q.id AS queue_id, u.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::text[])
         WITH ORDINALITY AS u(arn, m, b, a, s, snd, t, v, g, o)
       JOIN q ON q.arn = u.arn WHERE (SELECT ok FROM plain)
     ),
     messages AS (
       INSERT INTO sqs_messages (queue_id, message_id, body, attributes, system_attributes, sender_id, sent_at, enqueued_at, visible_at, group_id, dedup_id)
       SELECT queue_id, m, b, a, s, snd, t, t, v, g, NULL FROM sends ORDER BY o
     ),
     owed AS MATERIALIZED (
       SELECT d.* FROM unnest($12::bigint[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::bigint[], $20::bigint[], $21::text[])
         AS d(o, id, bus, rule, target, enq, next, due, inline_arn)
       WHERE (SELECT ok FROM plain) AND (d.inline_arn IS NULL OR NOT EXISTS (SELECT 1 FROM q WHERE q.arn = d.inline_arn))
     ),
     ev AS MATERIALIZED (
       SELECT nextval('eb_event_seq') AS id, body, o FROM unnest($11::text[]) WITH ORDINALITY AS e(body, o)
       WHERE o IN (SELECT o FROM owed)
     ),
     stored_events AS (INSERT INTO eb_events (id, body) SELECT id, body FROM ev),
     stored AS (
       INSERT INTO eb_deliveries (id, event_ref, bus_arn, rule_arn, target, enqueued_at, next_attempt_at, due_at, lease_owner)
       SELECT owed.id, ev.id, owed.bus, owed.rule, owed.target, owed.enq, owed.next, owed.due, $19 FROM owed JOIN ev ON ev.o = owed.o
     )
     SELECT (SELECT ok FROM plain) AS ok, (SELECT json_agg(arn) FROM q) AS found`,
    [
      [...new Set(sends.map((s) => s.arn))],
      sends.map((s) => s.arn),
      ...standardValues(sends),
      events.map((e) => e.event),
      ds.map((x) => x.o),
      ...deliveryValues(ds, lease),
      ds.map((x) => x.d.inline?.queueArn ?? null),
    ],
  );
  if (!r?.ok) return undefined;
  const queues = new Set(r.found ?? []);
  return { queues, inlined: ds.flatMap((x) => (x.d.inline && queues.has(x.d.inline.queueArn) ? [x.d.id] : [])) };
}
