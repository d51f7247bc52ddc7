/**
 * Giving up on a delivery. With a DeadLetterConfig, the event goes to that SQS queue with
 * message attributes saying why (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, and
 * EXHAUSTED_RETRY_CONDITION and RETRY_ATTEMPTS); without one — or when the dead-letter queue
 * refuses it — the loss is logged with the event and counted, never silent.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Delivery } from '../../storage/event-port.js';
import type { SqsApi, SqsMessageAttribute } from '../sqs/api.js';
import type { DeliveryFailure, RuleTarget } from './contracts.js';
import type { EventMetrics } from './metrics.js';
import type { GiveUp } from './retry.js';

const MAX_ERROR_MESSAGE = 1024;

function text(value: string): SqsMessageAttribute {
  return { DataType: 'String', StringValue: value };
}

/** Where given-up deliveries go: the target's dead-letter queue, or the log and a metric. */
export class DeadLetters {
  constructor(
    private readonly sqs: SqsApi,
    private readonly logger: FastifyBaseLogger,
    private readonly metrics: EventMetrics,
  ) {}

  /** Sends the event of a delivery given up on to the target's dead-letter queue, or logs its loss. */
  async send(d: Delivery, target: RuleTarget, failure: DeliveryFailure, why: GiveUp, attempts: number, kind: string): Promise<void> {
    const context = { rule: d.ruleArn, target: target.Arn, targetId: target.Id, code: failure.code, reason: failure.message, why, attempts };
    const dlq = target.DeadLetterConfig?.Arn;
    if (!dlq) {
      this.metrics.dropped.inc({ reason: 'no_dead_letter_queue' });
      this.logger.warn({ ...context, event: d.event }, 'event delivery given up; the target has no dead-letter queue');
      return;
    }
    const attributes: Record<string, SqsMessageAttribute> = {
      RULE_ARN: text(d.ruleArn),
      TARGET_ARN: text(target.Arn),
      ERROR_CODE: text(failure.code),
      ERROR_MESSAGE: text(failure.message.slice(0, MAX_ERROR_MESSAGE) || failure.code),
      RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(Math.max(0, attempts - 1)) },
    };
    if (why !== 'NonRetryable') attributes['EXHAUSTED_RETRY_CONDITION'] = text(why);
    try {
      await this.sqs.sendMessage({ queueArn: dlq, body: d.event, messageAttributes: attributes });
      this.metrics.deadLettered.inc({ target_kind: kind });
      this.logger.info({ ...context, deadLetterQueue: dlq }, 'event delivery given up; sent to the dead-letter queue');
    } catch (err) {
      this.metrics.dropped.inc({ reason: 'dead_letter_queue_failed' });
      this.logger.error({ ...context, err, deadLetterQueue: dlq, event: d.event }, 'event delivery given up and the dead-letter queue refused it');
    }
  }
}
