/**
 * PostgreSQL schema of the queue store (migration versions 100–199) and the row shapes the
 * queue modules share. The tables mirror the SQLite engine's: visibility is a time column per
 * message, FIFO groups have a row naming their head and the time they can next be served.
 *
 * What PostgreSQL adds:
 * - messages, groups, deduplication ids and receive attempts reference their queue with
 *   ON DELETE CASCADE, so a send racing a DeleteQueue on another node either lands before the
 *   delete (and goes with it) or fails on the missing queue — never an orphan row;
 * - one sequence numbers every message of every queue (`seq`, the FIFO SequenceNumber);
 * - a RUNNING move task per source is unique by index, so two nodes cannot both start one;
 * - names and group ids sort bytewise (COLLATE "C"), as SQLite and AWS order them.
 */
import type { PgMigration } from './database.js';

export const queueMigrations: readonly PgMigration[] = [
  {
    version: 100,
    name: 'sqs queues and messages',
    sql: `
      CREATE TABLE sqs_queues (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        arn text NOT NULL UNIQUE,
        account text NOT NULL, region text NOT NULL, name text COLLATE "C" NOT NULL,
        fifo boolean NOT NULL,
        attributes text NOT NULL, tags text NOT NULL,
        dead_letter_target text,
        created_at bigint NOT NULL, updated_at bigint NOT NULL, last_purged_at bigint
      );
      CREATE UNIQUE INDEX sqs_queues_by_name ON sqs_queues (account, region, name);
      CREATE INDEX sqs_queues_by_dead_letter ON sqs_queues (dead_letter_target, name) WHERE dead_letter_target IS NOT NULL;

      CREATE SEQUENCE sqs_message_seq;
      CREATE TABLE sqs_messages (
        seq bigint PRIMARY KEY DEFAULT nextval('sqs_message_seq'),
        queue_id bigint NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
        message_id text NOT NULL,
        body text NOT NULL,
        attributes text, system_attributes text,
        sender_id text NOT NULL,
        sent_at bigint NOT NULL, enqueued_at bigint NOT NULL, visible_at bigint NOT NULL,
        receive_count integer NOT NULL DEFAULT 0,
        first_received_at bigint, received_at bigint, receipt_nonce text,
        group_id text COLLATE "C", dedup_id text, dead_letter_source text
      );
      CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at);
      CREATE INDEX sqs_messages_enqueued ON sqs_messages (queue_id, enqueued_at);
      CREATE INDEX sqs_messages_group ON sqs_messages (queue_id, group_id, seq) WHERE group_id IS NOT NULL;
      CREATE INDEX sqs_messages_received ON sqs_messages (queue_id, visible_at) WHERE receive_count > 0;

      CREATE TABLE sqs_groups (
        queue_id bigint NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
        group_id text COLLATE "C" NOT NULL,
        head_seq bigint NOT NULL, available_at bigint NOT NULL,
        PRIMARY KEY (queue_id, group_id)
      );
      CREATE INDEX sqs_groups_available ON sqs_groups (queue_id, available_at);

      CREATE TABLE sqs_dedup (
        queue_id bigint NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
        scope text NOT NULL, dedup_id text NOT NULL,
        message_id text NOT NULL, seq bigint NOT NULL, expires_at bigint NOT NULL,
        PRIMARY KEY (queue_id, scope, dedup_id)
      );
      CREATE INDEX sqs_dedup_expiry ON sqs_dedup (queue_id, expires_at);

      CREATE TABLE sqs_receive_attempts (
        queue_id bigint NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
        attempt_id text NOT NULL,
        receipts text NOT NULL, expires_at bigint NOT NULL,
        PRIMARY KEY (queue_id, attempt_id)
      );

      CREATE TABLE sqs_move_tasks (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        handle text PRIMARY KEY,
        source_arn text NOT NULL, destination_arn text, max_per_second integer,
        status text NOT NULL, moved integer NOT NULL, to_move integer NOT NULL, until_seq bigint NOT NULL,
        failure_reason text, started_at bigint NOT NULL, updated_at bigint NOT NULL
      );
      CREATE INDEX sqs_move_tasks_by_source ON sqs_move_tasks (source_arn, started_at);
      CREATE UNIQUE INDEX sqs_move_tasks_running ON sqs_move_tasks (source_arn) WHERE status = 'RUNNING';
    `,
  },
];

export interface QueueRow {
  id: number;
  arn: string;
  account: string;
  region: string;
  name: string;
  fifo: boolean;
  attributes: string;
  tags: string;
  dead_letter_target: string | null;
  created_at: number;
  updated_at: number;
  last_purged_at: number | null;
}

export type { MessageRow, MoveTaskRow } from '../rows.js';
