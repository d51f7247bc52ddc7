/** Shared fixtures of the QueueStore contract: unique queues, messages and receive options. */
import { randomUUID } from 'node:crypto';
import type { NewMessage, NewQueue, QueueRecord, QueueStore, ReceiveOptions } from '../../src/storage/queue-port.js';

export const T0 = Date.UTC(2026, 0, 1);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
/** Retention cutoff that keeps everything sent at or after T0. */
export const KEEP_ALL = T0 - 365 * 24 * 60 * MINUTE;

let counter = 0;

/** A new queue with a name no other test uses. */
export async function newQueue(
  store: QueueStore,
  options: { fifo?: boolean; account?: string; prefix?: string; attributes?: Record<string, string>; deadLetterTargetArn?: string } = {},
): Promise<QueueRecord> {
  const account = options.account ?? '000000000000';
  const name = `${options.prefix ?? 'q'}-${Date.now().toString(36)}-${(counter++).toString(36)}-${randomUUID().slice(0, 8)}${options.fifo ? '.fifo' : ''}`;
  const queue: NewQueue = {
    arn: `arn:aws:sqs:us-east-1:${account}:${name}`,
    account,
    region: 'us-east-1',
    name,
    fifo: options.fifo ?? false,
    attributes: options.attributes ?? {},
    tags: {},
    deadLetterTargetArn: options.deadLetterTargetArn,
  };
  return (await store.createQueue(queue, T0)).queue;
}

export function message(body: string, extra: Partial<NewMessage> = {}): NewMessage {
  return { messageId: randomUUID(), body, attributes: {}, systemAttributes: {}, senderId: 'tester', visibleAt: T0, ...extra };
}

/** A FIFO message in `group`, deduplicated by `dedup` (default: its body) in the queue scope. */
export function fifoMessage(body: string, group: string, dedup = body, scope = ''): NewMessage {
  return message(body, { groupId: group, deduplication: { id: dedup, scope } });
}

export function receiving(now: number, extra: Partial<ReceiveOptions> = {}): ReceiveOptions {
  return { now, max: 10, visibilityTimeoutMs: 30 * SECOND, retentionCutoff: KEEP_ALL, ...extra };
}

export const sendOptions = (now = T0) => ({ now, deduplicationWindowMs: 5 * MINUTE });

export function bodies(messages: ReadonlyArray<{ body: string }>): string[] {
  return messages.map((m) => m.body);
}
