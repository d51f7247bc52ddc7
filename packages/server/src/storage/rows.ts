/**
 * Rows as both engines store them, and how they read back as port types. The SQLite and
 * PostgreSQL schemas name their columns alike (PostgreSQL's bigints come back as numbers), so
 * one mapping serves both; each engine keeps its own SQL.
 */
import type { Delivery } from './event-port.js';
import type { ResourceRecord } from './port.js';
import type { MoveTaskRecord, MoveTaskStatus, StoredAttributes, StoredMessage } from './queue-port.js';

export interface MessageRow {
  seq: number;
  queue_id: number;
  message_id: string;
  body: string;
  attributes: string | null;
  system_attributes: string | null;
  sender_id: string;
  sent_at: number;
  enqueued_at: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  received_at: number | null;
  receipt_nonce: string | null;
  group_id: string | null;
  dedup_id: string | null;
  dead_letter_source: string | null;
}

export interface MoveTaskRow {
  handle: string;
  source_arn: string;
  destination_arn: string | null;
  max_per_second: number | null;
  status: string;
  moved: number;
  to_move: number;
  until_seq: number;
  failure_reason: string | null;
  started_at: number;
  updated_at: number;
}

export interface ResourceRow {
  kind: string;
  account: string;
  region: string;
  name: string;
  body: string;
  version: number;
  created_at: number;
  updated_at: number;
}

/** A delivery joined with its event's text. */
export interface DeliveryRow {
  id: string;
  bus_arn: string;
  rule_arn: string;
  target: string;
  enqueued_at: number;
  next_attempt_at: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  body: string;
}

/** Message attributes as stored: NULL for none, JSON text otherwise. */
export function parseAttributes(text: string | null): StoredAttributes {
  return text === null ? {} : (JSON.parse(text) as StoredAttributes);
}

export function attributesText(attributes: StoredAttributes): string | null {
  return Object.keys(attributes).length === 0 ? null : JSON.stringify(attributes);
}

/** A store receipt: `<seq>.<nonce>`. */
export function receiptOf(seq: number, nonce: string): string {
  return `${seq}.${nonce}`;
}

/** Splits a store receipt; undefined when it is not one. */
export function parseReceipt(receipt: string): { seq: number; nonce: string } | undefined {
  const m = /^(\d{1,15})\.([0-9a-f]{16})$/.exec(receipt);
  return m ? { seq: Number(m[1]), nonce: m[2]! } : undefined;
}

export function toStoredMessage(row: MessageRow): StoredMessage {
  return {
    messageId: row.message_id,
    body: row.body,
    attributes: parseAttributes(row.attributes),
    systemAttributes: parseAttributes(row.system_attributes),
    senderId: row.sender_id,
    sentAt: row.sent_at,
    sequence: row.seq,
    groupId: row.group_id ?? undefined,
    deduplicationId: row.dedup_id ?? undefined,
    receiveCount: row.receive_count,
    firstReceivedAt: row.first_received_at ?? undefined,
    deadLetterSourceArn: row.dead_letter_source ?? undefined,
    receipt: row.receipt_nonce ? receiptOf(row.seq, row.receipt_nonce) : '',
  };
}

export function toMoveTaskRecord(row: MoveTaskRow): MoveTaskRecord {
  return {
    handle: row.handle,
    sourceArn: row.source_arn,
    destinationArn: row.destination_arn ?? undefined,
    maxPerSecond: row.max_per_second ?? undefined,
    status: row.status as MoveTaskStatus,
    moved: row.moved,
    toMove: row.to_move,
    failureReason: row.failure_reason ?? undefined,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
  };
}

export function toResourceRecord<T>(row: ResourceRow): ResourceRecord<T> {
  return {
    kind: row.kind, account: row.account, region: row.region, name: row.name,
    body: JSON.parse(row.body) as T, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  const base = {
    id: row.id,
    busArn: row.bus_arn,
    ruleArn: row.rule_arn,
    target: row.target,
    enqueuedAt: row.enqueued_at,
    nextAttemptAt: row.next_attempt_at,
    event: row.body,
    attempts: row.attempts,
  };
  return row.error_code === null ? base : { ...base, lastError: { code: row.error_code, message: row.error_message ?? '' } };
}
