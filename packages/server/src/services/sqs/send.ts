/**
 * SendMessage and SendMessageBatch. A message is checked in two steps: its own shape (body
 * characters, attributes, ids) before any I/O, then against its queue (size limit, FIFO
 * rules). Sends resolve only once the store has committed them, and one batch is one commit.
 */
import { randomUUID } from 'node:crypto';
import type { NewMessage, QueueRecord, SendOutcome, StoredAttributes } from '../../storage/queue-port.js';
import { MAX_MESSAGE_BYTES, settingsOf } from './attributes.js';
import { batchFailure, readEntries, type BatchFailure } from './batch.js';
import type { SqsDeps, SqsOperation } from './deps.js';
import { SqsErrors } from './errors.js';
import { DEDUPLICATION_WINDOW_MS, fifoFields, sequenceNumber } from './fifo.js';
import { inQueue } from './lookup.js';
import { md5Hex, md5OfAttributes } from './md5.js';
import { queueType } from './metrics.js';
import { attributesSize, readMessageAttributes, readSystemAttributes } from './message-attributes.js';
import { checkCharacters, optIntInRange, optObjectMap, optString, type Input } from './validation.js';

/** A message request whose own shape has been checked. */
export interface MessageRequest {
  readonly body: string;
  readonly delaySeconds: number | undefined;
  readonly attributes: StoredAttributes;
  readonly systemAttributes: StoredAttributes;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
}

/** Reads one message from a SendMessage input or a batch entry (`label` prefixes field names in errors). */
export function readMessage(input: Input, label = ''): MessageRequest {
  const body = optString(input, 'MessageBody', `${label}MessageBody`);
  if (body === undefined || body === '') throw SqsErrors.missingParameter(`${label}MessageBody`);
  checkCharacters(body, 'the message body');
  return {
    body,
    delaySeconds: optIntInRange(input, 'DelaySeconds', 0, 900, `${label}DelaySeconds`),
    attributes: readMessageAttributes(optObjectMap(input, 'MessageAttributes', `${label}MessageAttributes`)),
    systemAttributes: readSystemAttributes(optObjectMap(input, 'MessageSystemAttributes', `${label}MessageSystemAttributes`)),
    groupId: optString(input, 'MessageGroupId', `${label}MessageGroupId`),
    deduplicationId: optString(input, 'MessageDeduplicationId', `${label}MessageDeduplicationId`),
  };
}

/** Bytes counted against MaximumMessageSize: body and message attributes (system attributes do not count). */
export function messageSize(m: MessageRequest): number {
  return Buffer.byteLength(m.body, 'utf8') + attributesSize(m.attributes);
}

/** The stored form of a message for `queue`, after the queue-specific checks. */
export function toNewMessage(queue: QueueRecord, m: MessageRequest, senderId: string, now: number): NewMessage {
  const settings = settingsOf(queue);
  if (messageSize(m) > settings.maximumMessageSize) {
    throw SqsErrors.invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${settings.maximumMessageSize} bytes.`);
  }
  const fifo = fifoFields(queue.fifo, settings, m.body, m);
  return {
    messageId: randomUUID(),
    body: m.body,
    attributes: m.attributes,
    systemAttributes: m.systemAttributes,
    senderId,
    visibleAt: now + (m.delaySeconds ?? settings.delaySeconds) * 1000,
    ...fifo,
  };
}

/** The result fields of one sent message, as both protocols return them. */
export function sendResult(m: MessageRequest, outcome: SendOutcome, fifo: boolean): Record<string, string> {
  const out: Record<string, string> = { MessageId: outcome.messageId, MD5OfMessageBody: md5Hex(m.body) };
  const attributesMd5 = md5OfAttributes(m.attributes);
  if (attributesMd5) out['MD5OfMessageAttributes'] = attributesMd5;
  const systemMd5 = md5OfAttributes(m.systemAttributes);
  if (systemMd5) out['MD5OfMessageSystemAttributes'] = systemMd5;
  if (fifo) out['SequenceNumber'] = sequenceNumber(outcome.sequence);
  return out;
}

/** Stores already-built messages of one queue in one commit. */
export async function storeMessages(deps: SqsDeps, queue: QueueRecord, messages: readonly NewMessage[], now: number): Promise<SendOutcome[]> {
  const outcomes = await inQueue(deps.store.sendMessages(queue.arn, messages, { now, deduplicationWindowMs: DEDUPLICATION_WINDOW_MS }));
  const duplicates = outcomes.filter((o) => o.duplicate).length;
  deps.metrics.sent.inc({ type: queueType(queue.fifo) }, outcomes.length - duplicates);
  if (duplicates > 0) deps.metrics.duplicates.inc(duplicates);
  return outcomes;
}

export function sendOperations(deps: SqsDeps): Record<string, SqsOperation> {
  const { clock, lookup } = deps;
  return {
    async SendMessage(input, ctx) {
      const request = readMessage(input);
      const queue = await lookup.byUrl(input, ctx);
      const now = clock.now();
      const [outcome] = await storeMessages(deps, queue, [toNewMessage(queue, request, ctx.account, now)], now);
      return sendResult(request, outcome!, queue.fifo);
    },

    async SendMessageBatch(input, ctx) {
      const entries = readEntries(input, 'SendMessageBatchRequestEntry');
      const queue = await lookup.byUrl(input, ctx);
      const now = clock.now();
      const failed: BatchFailure[] = [];
      const ready: Array<{ id: string; request: MessageRequest; message: NewMessage }> = [];
      let total = 0;
      entries.forEach(({ id, input: entry }, i) => {
        const raw = entry['MessageBody'];
        try {
          const request = readMessage(entry, `SendMessageBatchRequestEntry.${i + 1}.`);
          total += messageSize(request);
          ready.push({ id, request, message: toNewMessage(queue, request, ctx.account, now) });
        } catch (err) {
          if (typeof raw === 'string') total += Buffer.byteLength(raw, 'utf8');
          failed.push(batchFailure(id, err));
        }
      });
      if (total > MAX_MESSAGE_BYTES) throw SqsErrors.batchTooLong(MAX_MESSAGE_BYTES, total);
      const outcomes = ready.length > 0 ? await storeMessages(deps, queue, ready.map((r) => r.message), now) : [];
      const successful = ready.map((r, i) => ({ Id: r.id, ...sendResult(r.request, outcomes[i]!, queue.fifo) }));
      return { Successful: successful, Failed: failed };
    },
  };
}
