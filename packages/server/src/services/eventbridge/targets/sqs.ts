/**
 * SQS queue targets (`arn:aws:sqs:<region>:<account>:<queue>`). The payload becomes the
 * message body; a FIFO queue (name ending in `.fifo`) needs SqsParameters.MessageGroupId and
 * gets the event id as deduplication id, so a retried delivery is not enqueued twice.
 * Failures carry the error codes of EventBridge dead-letter messages: a missing queue is
 * NO_RESOURCE and a refused message INVALID_PARAMETER (neither is retried); anything else is
 * retried.
 */
import { ServiceError } from '../../../core/errors.js';
import type { SqsApi, SqsSendRequest } from '../../sqs/api.js';
import { parseQueueArn } from '../arns.js';
import { DeliveryFailure, type DeliveryAttempt, type InlineDelivery, type RuleTarget, type TargetDriver } from '../contracts.js';
import { EbErrors } from '../errors.js';

const MISSING_QUEUE = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

/** Whether a queue ARN names a FIFO queue (by its `.fifo` suffix, as SQS requires). */
export function isFifoQueueArn(arn: string): boolean {
  // The suffix first: every delivery asks, and nearly every queue is standard.
  return arn.endsWith('.fifo') && parseQueueArn(arn) !== undefined;
}

/** The message an attempt sends; undefined for a FIFO queue target without a group id. */
function sendRequest(attempt: DeliveryAttempt): SqsSendRequest | undefined {
  const fifo = isFifoQueueArn(attempt.target.Arn);
  const groupId = attempt.target.SqsParameters?.MessageGroupId;
  if (!fifo) return { queueArn: attempt.target.Arn, body: attempt.payload };
  if (!groupId) return undefined;
  return { queueArn: attempt.target.Arn, body: attempt.payload, messageGroupId: groupId, messageDeduplicationId: attempt.event.id };
}

/** The SQS queue target kind, delivering through the in-process SQS API. */
export function sqsDriver(sqs: SqsApi): TargetDriver {
  return {
    kind: 'sqs',
    handles: (arn) => /^arn:aws[\w-]*:sqs:/.test(arn),

    async validate(target: RuleTarget): Promise<void> {
      if (!parseQueueArn(target.Arn)) throw EbErrors.validation(`Parameter ${target.Arn} is not valid. Reason: not an SQS queue ARN.`);
      if (isFifoQueueArn(target.Arn) && !target.SqsParameters?.MessageGroupId) {
        throw EbErrors.validation(`Parameter(s) SqsParameters must be specified for target: ${target.Id}.`);
      }
    },

    async inline(attempt: DeliveryAttempt): Promise<InlineDelivery | undefined> {
      const request = sendRequest(attempt);
      return request ? sqs.prepareSend(request) : undefined;
    },

    async deliver(attempt: DeliveryAttempt): Promise<void> {
      const request = sendRequest(attempt);
      if (!request) throw new DeliveryFailure('INVALID_PARAMETER', 'A FIFO queue target needs SqsParameters.MessageGroupId.', false);
      try {
        await sqs.sendMessage(request);
      } catch (err) {
        if (err instanceof ServiceError && MISSING_QUEUE.has(err.code)) {
          throw new DeliveryFailure('NO_RESOURCE', `Queue ${attempt.target.Arn} does not exist.`, false);
        }
        if (err instanceof ServiceError && err.status < 500) {
          throw new DeliveryFailure('INVALID_PARAMETER', `${err.code}: ${err.message}`, false);
        }
        throw err;
      }
    },
  };
}
