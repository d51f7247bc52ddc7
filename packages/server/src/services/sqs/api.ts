/**
 * The SQS service as other services call it in-process (EventBridge targets and dead-letter
 * queues, later SNS subscriptions). Errors are the same ServiceErrors the API returns
 * (`QueueDoesNotExist`, `InvalidParameterValue`, ...), so callers can report them verbatim.
 */

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

export interface SqsApi {
  /** Sends one message exactly as SendMessage would (durable when it resolves). */
  sendMessage(request: SqsSendRequest): Promise<SqsSendResult>;
  /** Whether the queue exists (for validating targets and dead-letter configs). */
  queueExists(queueArn: string): Promise<boolean>;
  /** Whether the queue is FIFO; undefined when it does not exist. */
  isFifo(queueArn: string): Promise<boolean | undefined>;
}
