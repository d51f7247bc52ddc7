/**
 * Message rows read as arrays and built into MessageRow objects here: better-sqlite3 builds a
 * row object one property at a time, which for the 17-column message row cost twice as much
 * as reading the values raw and making one object literal (a receive reads ten rows).
 */
import type { Db } from './database.js';
import type { MessageRow } from './queue-schema.js';

/** The columns, in the order messageRow() reads them; `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages ...`. */
export const MESSAGE_COLUMNS =
  'seq, queue_id, message_id, body, attributes, system_attributes, sender_id, sent_at, enqueued_at, visible_at, ' +
  'receive_count, first_received_at, received_at, receipt_nonce, group_id, dedup_id, dead_letter_source';

type Raw = [
  number, number, string, string, string | null, string | null, string, number, number, number,
  number, number | null, number | null, string | null, string | null, string | null, string | null,
];

function messageRow(r: Raw): MessageRow {
  return {
    seq: r[0], queue_id: r[1], message_id: r[2], body: r[3], attributes: r[4], system_attributes: r[5], sender_id: r[6],
    sent_at: r[7], enqueued_at: r[8], visible_at: r[9], receive_count: r[10], first_received_at: r[11], received_at: r[12],
    receipt_nonce: r[13], group_id: r[14], dedup_id: r[15], dead_letter_source: r[16],
  };
}

/** A prepared query of whole message rows; `sql` selects MESSAGE_COLUMNS. */
export interface MessageQuery<P extends unknown[]> {
  all(...params: P): MessageRow[];
  get(...params: P): MessageRow | undefined;
}

export function messageQuery<P extends unknown[]>(db: Db, sql: string): MessageQuery<P> {
  const statement = db.prepare<P, Raw>(sql).raw(true);
  return {
    all: (...params) => statement.all(...params).map(messageRow),
    get: (...params) => {
      const r = statement.get(...params);
      return r === undefined ? undefined : messageRow(r);
    },
  };
}
