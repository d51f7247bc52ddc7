/**
 * Acting on received messages by receipt handle: DeleteMessage(Batch) and
 * ChangeMessageVisibility(Batch). Handles are checked against the queue before the store is
 * asked; a batch is one store call (one commit) with a result per entry.
 */
import type { QueueRecord } from '../../storage/queue-port.js';
import { batchFailure, readEntries, type BatchEntry, type BatchFailure } from './batch.js';
import type { SqsDeps, SqsOperation } from './deps.js';
import { SqsErrors } from './errors.js';
import { inQueue } from './lookup.js';
import { queueType } from './metrics.js';
import { decodeReceiptHandle } from './receipts.js';
import { optIntInRange, reqString, type Input } from './validation.js';

/** A message's visibility may not end more than 12 hours after it was received. */
const VISIBILITY_LIMIT_S = 43_200;

function receiptOf(queue: QueueRecord, handle: string): string {
  const receipt = decodeReceiptHandle(handle, queue);
  if (receipt === undefined) throw SqsErrors.receiptHandleIsInvalid(handle);
  return receipt;
}

function readTimeout(input: Input, label: string): number {
  const value = optIntInRange(input, 'VisibilityTimeout', 0, VISIBILITY_LIMIT_S, label);
  if (value === undefined) throw SqsErrors.missingParameter(label);
  return value;
}

interface Prepared<T> {
  readonly ok: Array<{ id: string; handle: string; value: T }>;
  readonly failed: BatchFailure[];
}

/** Checks each batch entry; entries that fail become `Failed` results. */
function prepare<T>(entries: readonly BatchEntry[], entryName: string, read: (entry: Input, label: string) => T & { handle: string }): Prepared<T> {
  const ok: Array<{ id: string; handle: string; value: T }> = [];
  const failed: BatchFailure[] = [];
  entries.forEach(({ id, input: entry }, i) => {
    try {
      const value = read(entry, `${entryName}.${i + 1}.`);
      ok.push({ id, handle: value.handle, value });
    } catch (err) {
      failed.push(batchFailure(id, err));
    }
  });
  return { ok, failed };
}

export function messageOperations(deps: SqsDeps): Record<string, SqsOperation> {
  const { store, clock, lookup } = deps;

  const visibilityError = (result: string, handle: string, timeout: number): Error | undefined => {
    if (result === 'invalid') return SqsErrors.receiptHandleIsInvalid(handle);
    if (result === 'not-in-flight') return SqsErrors.messageNotAvailable(handle);
    if (result === 'beyond-limit') {
      return SqsErrors.invalidValue('VisibilityTimeout', timeout, `Total VisibilityTimeout for the message is beyond the limit [${VISIBILITY_LIMIT_S} seconds]`);
    }
    return undefined;
  };

  return {
    async DeleteMessage(input, ctx) {
      const handle = reqString(input, 'ReceiptHandle');
      const queue = await lookup.byUrl(input, ctx);
      const [result] = await inQueue(store.deleteMessages(queue.arn, [receiptOf(queue, handle)]));
      if (result === 'invalid') throw SqsErrors.receiptHandleIsInvalid(handle);
      if (result === 'deleted') deps.metrics.deleted.inc({ type: queueType(queue.fifo) });
      return {};
    },

    async DeleteMessageBatch(input, ctx) {
      const entries = readEntries(input, 'DeleteMessageBatchRequestEntry');
      const queue = await lookup.byUrl(input, ctx);
      const { ok, failed } = prepare(entries, 'DeleteMessageBatchRequestEntry', (entry, label) => {
        const handle = reqString(entry, 'ReceiptHandle', `${label}ReceiptHandle`);
        return { handle, receipt: receiptOf(queue, handle) };
      });
      const results = ok.length > 0 ? await inQueue(store.deleteMessages(queue.arn, ok.map((e) => e.value.receipt))) : [];
      deps.metrics.deleted.inc({ type: queueType(queue.fifo) }, results.filter((r) => r === 'deleted').length);
      const successful: Array<{ Id: string }> = [];
      ok.forEach((e, i) => {
        if (results[i] === 'invalid') failed.push(batchFailure(e.id, SqsErrors.receiptHandleIsInvalid(e.handle)));
        else successful.push({ Id: e.id });
      });
      return { Successful: successful, Failed: failed };
    },

    async ChangeMessageVisibility(input, ctx) {
      const handle = reqString(input, 'ReceiptHandle');
      const timeout = readTimeout(input, 'VisibilityTimeout');
      const queue = await lookup.byUrl(input, ctx);
      const now = clock.now();
      const change = { receipt: receiptOf(queue, handle), visibleAt: now + timeout * 1000 };
      const [result] = await inQueue(store.changeVisibility(queue.arn, [change], now, VISIBILITY_LIMIT_S * 1000));
      const error = visibilityError(result!, handle, timeout);
      if (error) throw error;
      return {};
    },

    async ChangeMessageVisibilityBatch(input, ctx) {
      const entries = readEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
      const queue = await lookup.byUrl(input, ctx);
      const now = clock.now();
      const { ok, failed } = prepare(entries, 'ChangeMessageVisibilityBatchRequestEntry', (entry, label) => {
        const handle = reqString(entry, 'ReceiptHandle', `${label}ReceiptHandle`);
        const timeout = readTimeout(entry, `${label}VisibilityTimeout`);
        return { handle, timeout, change: { receipt: receiptOf(queue, handle), visibleAt: now + timeout * 1000 } };
      });
      const changes = ok.map((e) => e.value.change);
      const results = changes.length > 0 ? await inQueue(store.changeVisibility(queue.arn, changes, now, VISIBILITY_LIMIT_S * 1000)) : [];
      const successful: Array<{ Id: string }> = [];
      ok.forEach((e, i) => {
        const error = visibilityError(results[i]!, e.handle, e.value.timeout);
        if (error) failed.push(batchFailure(e.id, error));
        else successful.push({ Id: e.id });
      });
      return { Successful: successful, Failed: failed };
    },
  };
}
