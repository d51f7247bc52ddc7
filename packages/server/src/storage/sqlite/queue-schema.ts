/**
 * SQLite schema of the queue store (migration versions 100–199) and the row shapes the
 * queue modules share. Visibility is a time column per message: `visible_at <= now` means
 * receivable, so a restart resumes delays and visibility timeouts with nothing to replay.
 *
 * Indexes, each for one access path:
 * - messages (queue_id, visible_at): standard receive and the next wake-up, O(log n);
 * - messages (queue_id, enqueued_at): retention expiry;
 * - messages (queue_id, group_id, seq): a FIFO group's messages in order;
 * - messages (queue_id, visible_at) of received messages: the in-flight count, without delayed ones;
 * - groups (queue_id, available_at): FIFO groups that can be served now.
 */
import type { Migration } from './database.js';

export const queueMigrations: readonly Migration[] = [
  {
    version: 100,
    name: 'sqs queues and messages',
    sql: `
      CREATE TABLE sqs_queues (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        arn TEXT NOT NULL UNIQUE,
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
        fifo INTEGER NOT NULL,
        attributes TEXT NOT NULL, tags TEXT NOT NULL,
        dead_letter_target TEXT,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_purged_at INTEGER
      );
      CREATE UNIQUE INDEX sqs_queues_by_name ON sqs_queues (account, region, name);
      CREATE INDEX sqs_queues_by_dead_letter ON sqs_queues (dead_letter_target, name) WHERE dead_letter_target IS NOT NULL;

      CREATE TABLE sqs_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        queue_id INTEGER NOT NULL,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        attributes TEXT, system_attributes TEXT,
        sender_id TEXT NOT NULL,
        sent_at INTEGER NOT NULL, enqueued_at INTEGER NOT NULL, visible_at INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at INTEGER, received_at INTEGER, receipt_nonce TEXT,
        group_id TEXT, dedup_id TEXT, dead_letter_source TEXT
      );
      CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at);
      CREATE INDEX sqs_messages_enqueued ON sqs_messages (queue_id, enqueued_at);
      CREATE INDEX sqs_messages_group ON sqs_messages (queue_id, group_id, seq) WHERE group_id IS NOT NULL;
      CREATE INDEX sqs_messages_received ON sqs_messages (queue_id, visible_at) WHERE receive_count > 0;

      CREATE TABLE sqs_groups (
        queue_id INTEGER NOT NULL, group_id TEXT NOT NULL,
        head_seq INTEGER NOT NULL, available_at INTEGER NOT NULL,
        PRIMARY KEY (queue_id, group_id)
      ) WITHOUT ROWID;
      CREATE INDEX sqs_groups_available ON sqs_groups (queue_id, available_at);

      CREATE TABLE sqs_dedup (
        queue_id INTEGER NOT NULL, scope TEXT NOT NULL, dedup_id TEXT NOT NULL,
        message_id TEXT NOT NULL, seq INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        PRIMARY KEY (queue_id, scope, dedup_id)
      ) WITHOUT ROWID;
      CREATE INDEX sqs_dedup_expiry ON sqs_dedup (queue_id, expires_at);

      CREATE TABLE sqs_receive_attempts (
        queue_id INTEGER NOT NULL, attempt_id TEXT NOT NULL,
        receipts TEXT NOT NULL, expires_at INTEGER NOT NULL,
        PRIMARY KEY (queue_id, attempt_id)
      ) WITHOUT ROWID;

      CREATE TABLE sqs_move_tasks (
        handle TEXT PRIMARY KEY,
        source_arn TEXT NOT NULL, destination_arn TEXT, max_per_second INTEGER,
        status TEXT NOT NULL, moved INTEGER NOT NULL, to_move INTEGER NOT NULL, until_seq INTEGER NOT NULL,
        failure_reason TEXT, started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
      );
      CREATE INDEX sqs_move_tasks_by_source ON sqs_move_tasks (source_arn, started_at);
      CREATE INDEX sqs_move_tasks_running ON sqs_move_tasks (status) WHERE status = 'RUNNING';
    `,
  },
];

export interface QueueRow {
  id: number;
  arn: string;
  account: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  dead_letter_target: string | null;
  created_at: number;
  updated_at: number;
  last_purged_at: number | null;
}

export type { MessageRow, MoveTaskRow } from '../rows.js';
