/**
 * The SQS service as other services call it in-process (EventBridge targets and dead-letter
 * queues, later SNS subscriptions). Errors are the same ServiceErrors the API returns
 * (`QueueDoesNotExist`, `InvalidParameterValue`, ...), so callers can report them verbatim.
 */

import type { InlineQueueSend } from '../../storage/event-port.js';

export interface SqsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64, as on the wire. */
  readonly BinaryValue?: string;
}

export interface SqsSendRequest {
  /** `arn:aws:sqs:<region>:<account>:<name>` */
  readonly queueArn: string;
  readonly body: string;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  readonly messageAttributes?: Readonly<Record<string, SqsMessageAttribute>>;
  readonly delaySeconds?: number;
}

export interface SqsSendResult {
  readonly messageId: string;
  readonly sequenceNumber?: string;
}

/** A message checked against its queue and ready to be stored by another service's commit. */
export interface PreparedSend {
  readonly send: InlineQueueSend;
  /** Counts the message in the SQS metrics once the commit that stored it is durable. */
  stored(): void;
}

export interface SqsApi {
  /**
   * Checks a message against its queue exactly as sendMessage would and returns it ready to
   * store (see InlineQueueSend); undefined when the queue does not exist or refuses the
   * message — sendMessage then reports why.
   */
  prepareSend(request: SqsSendRequest): Promise<PreparedSend | undefined>;
  /** Sends one message exactly as SendMessage would (durable when it resolves). */
  sendMessage(request: SqsSendRequest): Promise<SqsSendResult>;
  /** Whether the queue exists (for validating targets and dead-letter configs). */
  queueExists(queueArn: string): Promise<boolean>;
  /** Whether the queue is FIFO; undefined when it does not exist. */
  isFifo(queueArn: string): Promise<boolean | undefined>;
}
