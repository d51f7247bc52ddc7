/**
 * The SqsApi other services call in-process (EventBridge targets and dead-letter queues):
 * the same validation, FIFO rules and durable send as SendMessage, addressed by queue ARN.
 */
import type { PreparedSend, SqsApi, SqsSendRequest, SqsSendResult } from './api.js';
import type { SqsDeps } from './deps.js';
import { DEDUPLICATION_WINDOW_MS, sequenceNumber } from './fifo.js';
import { queueType } from './metrics.js';
import { readMessage, storeMessages, toNewMessage } from './send.js';
import type { Input } from './validation.js';

function toInput(request: SqsSendRequest): Input {
  const attributes: Record<string, Input> = {};
  for (const [name, a] of Object.entries(request.messageAttributes ?? {})) {
    attributes[name] = { DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue };
  }
  return {
    MessageBody: request.body,
    DelaySeconds: request.delaySeconds,
    MessageAttributes: request.messageAttributes ? attributes : undefined,
    MessageGroupId: request.messageGroupId,
    MessageDeduplicationId: request.messageDeduplicationId,
  };
}

export function createInProcessApi(deps: SqsDeps): SqsApi {
  return {
    async sendMessage(request: SqsSendRequest): Promise<SqsSendResult> {
      const message = readMessage(toInput(request));
      const queue = await deps.lookup.byArn(request.queueArn);
      const now = deps.clock.now();
      const [outcome] = await storeMessages(deps, queue, [toNewMessage(queue, message, queue.account, now)], now);
      return queue.fifo ? { messageId: outcome!.messageId, sequenceNumber: sequenceNumber(outcome!.sequence) } : { messageId: outcome!.messageId };
    },

    async prepareSend(request: SqsSendRequest): Promise<PreparedSend | undefined> {
      const queue = await deps.store.getQueue(request.queueArn);
      if (!queue) return undefined;
      try {
        const message = toNewMessage(queue, readMessage(toInput(request)), queue.account, deps.clock.now());
        return {
          send: { queueArn: queue.arn, message, deduplicationWindowMs: DEDUPLICATION_WINDOW_MS },
          stored: () => deps.metrics.sent.inc({ type: queueType(queue.fifo) }),
        };
      } catch {
        return undefined; // refused: the ordinary send reports why
      }
    },

    async queueExists(queueArn: string): Promise<boolean> {
      return (await deps.store.getQueue(queueArn)) !== undefined;
    },

    async isFifo(queueArn: string): Promise<boolean | undefined> {
      return (await deps.store.getQueue(queueArn))?.fifo;
    },
  };
}
