/**
 * FIFO queue rules at send time: MessageGroupId is required, deduplication ids come from the
 * caller or (ContentBasedDeduplication) from a SHA-256 of the body, deduplication is scoped to
 * the queue or to the message group, and sequence numbers are 20-digit decimal strings.
 * Standard queues reject deduplication ids and accept group ids (fair queues).
 */
import { createHash } from 'node:crypto';
import type { NewMessage } from '../../storage/queue-port.js';
import type { QueueSettings } from './attributes.js';
import { SqsErrors } from './errors.js';
import { checkToken } from './validation.js';

/** How long a deduplication id is remembered. */
export const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
/** How long a ReceiveRequestAttemptId can be retried. */
export const RECEIVE_ATTEMPT_WINDOW_MS = 5 * 60 * 1000;

/** SequenceNumber for a store sequence: 20 digits, strictly increasing with it. */
export function sequenceNumber(sequence: number): string {
  return (10n ** 19n + BigInt(sequence)).toString();
}

export function contentDeduplicationId(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

export interface FifoInput {
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
  readonly delaySeconds: number | undefined;
}

/** The group and deduplication fields to store, checked against the queue type. */
export function fifoFields(
  fifo: boolean,
  settings: QueueSettings,
  body: string,
  input: FifoInput,
): Pick<NewMessage, 'groupId' | 'deduplication'> {
  if (input.groupId !== undefined) checkToken('MessageGroupId', input.groupId);
  if (input.deduplicationId !== undefined) checkToken('MessageDeduplicationId', input.deduplicationId);
  if (!fifo) {
    if (input.deduplicationId !== undefined) {
      throw SqsErrors.invalidValue('MessageDeduplicationId', input.deduplicationId, 'The request include parameter that is not valid for this queue type');
    }
    return input.groupId === undefined ? {} : { groupId: input.groupId };
  }
  if (input.groupId === undefined) throw SqsErrors.missingParameter('MessageGroupId');
  if (input.delaySeconds !== undefined && input.delaySeconds !== 0) {
    throw SqsErrors.invalidValue('DelaySeconds', input.delaySeconds, 'The request include parameter that is not valid for this queue type');
  }
  let id = input.deduplicationId;
  if (id === undefined) {
    if (!settings.contentBasedDeduplication) {
      throw SqsErrors.invalidParameter('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
    id = contentDeduplicationId(body);
  }
  return {
    groupId: input.groupId,
    deduplication: { id, scope: settings.deduplicationScope === 'messageGroup' ? input.groupId : '' },
  };
}
