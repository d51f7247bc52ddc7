/**
 * ReceiveMessage: claims messages through the store (atomically, with redrive to the
 * dead-letter queue at receive time), long-polls up to WaitTimeSeconds returning as soon as
 * a message arrives, and renders each message with the system and message attributes the
 * caller asked for and their digests.
 */
import type { QueueRecord, ReceiveOptions, StoredMessage } from '../../storage/queue-port.js';
import { settingsOf, type QueueSettings } from './attributes.js';
import type { SqsDeps, SqsOperation } from './deps.js';
import { SqsErrors } from './errors.js';
import { RECEIVE_ATTEMPT_WINDOW_MS, sequenceNumber } from './fifo.js';
import { inQueue } from './lookup.js';
import type { LongPolls } from './long-poll.js';
import { md5Hex, md5OfAttributes } from './md5.js';
import { queueType } from './metrics.js';
import { attributesView, selectAttributes } from './message-attributes.js';
import { encodeReceiptHandle } from './receipts.js';
import { checkToken, optIntInRange, optString, optStringList, type Input } from './validation.js';

/** System attributes a receiver can ask for. */
const SYSTEM_ATTRIBUTES = [
  'ApproximateFirstReceiveTimestamp',
  'ApproximateReceiveCount',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
  'MessageDeduplicationId',
  'MessageGroupId',
  'SenderId',
  'SentTimestamp',
  'SequenceNumber',
] as const;

/** In-flight messages at which a short poll of a standard queue answers OverLimit (long polls just get nothing). */
const IN_FLIGHT_LIMIT = 120_000;

/** Names the deprecated AttributeNames also accepts (queue attribute names), which select nothing. */
const IGNORED_NAMES = new Set(['SqsManagedSseEnabled', 'All']);

function systemValues(queue: QueueRecord, m: StoredMessage): Record<string, string | undefined> {
  return {
    ApproximateFirstReceiveTimestamp: m.firstReceivedAt === undefined ? undefined : String(m.firstReceivedAt),
    ApproximateReceiveCount: String(m.receiveCount),
    AWSTraceHeader: m.systemAttributes['AWSTraceHeader']?.stringValue,
    DeadLetterQueueSourceArn: m.deadLetterSourceArn,
    MessageDeduplicationId: queue.fifo ? m.deduplicationId : undefined,
    MessageGroupId: m.groupId,
    SenderId: m.senderId,
    SentTimestamp: String(m.sentAt),
    SequenceNumber: queue.fifo ? sequenceNumber(m.sequence) : undefined,
  };
}

/** Renders one received message as both protocols return it. */
export function messageView(queue: QueueRecord, m: StoredMessage, systemNames: ReadonlySet<string>, attributeNames: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    MessageId: m.messageId,
    ReceiptHandle: encodeReceiptHandle(queue, m.receipt),
    MD5OfBody: md5Hex(m.body),
    Body: m.body,
  };
  const all = systemNames.has('All');
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(systemValues(queue, m))) {
    if (value !== undefined && (all || systemNames.has(name))) attributes[name] = value;
  }
  if (Object.keys(attributes).length > 0) out['Attributes'] = attributes;
  const selected = selectAttributes(m.attributes, attributeNames);
  const md5 = md5OfAttributes(selected);
  if (md5) {
    out['MD5OfMessageAttributes'] = md5;
    out['MessageAttributes'] = attributesView(selected);
  }
  return out;
}

function readSystemNames(input: Input): Set<string> {
  const names = [...(optStringList(input, 'AttributeNames') ?? []), ...(optStringList(input, 'MessageSystemAttributeNames') ?? [])];
  const known = new Set<string>(SYSTEM_ATTRIBUTES);
  for (const n of names) if (!known.has(n) && !IGNORED_NAMES.has(n)) throw SqsErrors.invalidAttributeName(n);
  return new Set(names);
}

/** A ReceiveMessage request, checked. */
interface ReceiveRequest {
  readonly max: number;
  readonly visibility: number | undefined;
  readonly wait: number | undefined;
  readonly systemNames: ReadonlySet<string>;
  readonly attributeNames: readonly string[];
  readonly attemptId: string | undefined;
}

function readReceive(input: Input): ReceiveRequest {
  const attemptId = optString(input, 'ReceiveRequestAttemptId');
  if (attemptId !== undefined) checkToken('ReceiveRequestAttemptId', attemptId);
  return {
    max: optIntInRange(input, 'MaxNumberOfMessages', 1, 10) ?? 1,
    visibility: optIntInRange(input, 'VisibilityTimeout', 0, 43_200),
    wait: optIntInRange(input, 'WaitTimeSeconds', 0, 20),
    systemNames: readSystemNames(input),
    attributeNames: optStringList(input, 'MessageAttributeNames') ?? [],
    attemptId,
  };
}

/** What one receive attempt asks of the store at `now`. */
function storeOptions(queue: QueueRecord, settings: QueueSettings, request: ReceiveRequest, now: number): ReceiveOptions {
  const redrive = settings.redrive;
  // Only short polls of standard queues answer OverLimit; long polls and FIFO queues just get nothing.
  const limited = !queue.fifo && (request.wait ?? settings.waitSeconds) === 0;
  return {
    now,
    max: request.max,
    visibilityTimeoutMs: (request.visibility ?? settings.visibilityTimeout) * 1000,
    retentionCutoff: now - settings.retentionSeconds * 1000,
    ...(redrive
      ? { redrive: { deadLetterArn: redrive.deadLetterTargetArn, maxReceiveCount: redrive.maxReceiveCount, resetEnqueuedAt: queue.fifo } }
      : {}),
    ...(request.attemptId !== undefined && queue.fifo ? { attempt: { id: request.attemptId, windowMs: RECEIVE_ATTEMPT_WINDOW_MS } } : {}),
    ...(limited ? { inFlightLimit: IN_FLIGHT_LIMIT } : {}),
  };
}

export function receiveOperations(deps: SqsDeps, polls: LongPolls): Record<string, SqsOperation> {
  const { store, clock, lookup } = deps;
  return {
    async ReceiveMessage(input, ctx) {
      const request = readReceive(input);
      const queue = await lookup.byUrl(input, ctx);
      const settings = settingsOf(queue);
      const deadline = clock.now() + (request.wait ?? settings.waitSeconds) * 1000;
      const messages = await polls.poll(queue.arn, deadline, async () => {
        const outcome = await inQueue(store.receiveMessages(queue.arn, storeOptions(queue, settings, request, clock.now())));
        if (outcome.overLimit) {
          throw SqsErrors.overLimit(`Too many messages in flight: ${queue.name} has ${IN_FLIGHT_LIMIT} or more messages received and not yet deleted.`);
        }
        const taken = outcome.messages.length;
        return { result: outcome.messages, done: taken > 0, wakeAt: outcome.wakeAt, full: taken >= request.max };
      });
      deps.metrics.received.inc({ type: queueType(queue.fifo) }, messages.length);
      return messages.length > 0 ? { Messages: messages.map((m) => messageView(queue, m, request.systemNames, request.attributeNames)) } : {};
    },
  };
}
