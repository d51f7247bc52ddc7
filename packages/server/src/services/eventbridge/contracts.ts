/**
 * The seams inside the EventBridge service: how events look, how a target kind plugs in, how
 * archives see published events and how replays put events back. The core (buses, rules,
 * targets, PutEvents, delivery, schedules) implements EventIngest and calls TargetDrivers and
 * the ArchiveSink; the extras (connections, API destinations, archives, replays) implement
 * those and call EventIngest.
 */
import type { JsonOperation } from '../../http/protocols.js';
import type { ServiceDeps } from '../../core/service.js';
import type { InlineQueueSend } from '../../storage/event-port.js';

/** An event as EventBridge delivers it (the full envelope). */
export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** ISO 8601 without milliseconds, e.g. 2026-11-23T03:12:13Z. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
  /** Present on replayed events. */
  readonly 'replay-name'?: string;
}

/** A target as PutTargets stores it (AWS field names). */
export interface RuleTarget {
  readonly Id: string;
  readonly Arn: string;
  readonly RoleArn?: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: { readonly InputPathsMap?: Readonly<Record<string, string>>; readonly InputTemplate: string };
  readonly SqsParameters?: { readonly MessageGroupId?: string };
  readonly HttpParameters?: {
    readonly PathParameterValues?: readonly string[];
    readonly HeaderParameters?: Readonly<Record<string, string>>;
    readonly QueryStringParameters?: Readonly<Record<string, string>>;
  };
  readonly RetryPolicy?: { readonly MaximumRetryAttempts?: number; readonly MaximumEventAgeInSeconds?: number };
  readonly DeadLetterConfig?: { readonly Arn?: string };
}

/** One attempt to hand one event to one target. */
export interface DeliveryAttempt {
  readonly ruleArn: string;
  readonly busArn: string;
  readonly target: RuleTarget;
  readonly event: EventEnvelope;
  /** The body to send, after Input / InputPath / InputTransformer. */
  readonly payload: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** Why an attempt failed; retryable failures are retried under the target's RetryPolicy. */
export class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure';
  constructor(
    /** Recorded as ERROR_CODE on dead-lettered messages, e.g. `SQS.QueueDoesNotExist`, `SDK_CLIENT_ERROR`, `HTTP_500`. */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** A kind of target (SQS queue, event bus, API destination, ...). */
export interface TargetDriver {
  readonly kind: string;
  /** Whether this driver delivers to the target ARN. */
  handles(arn: string): boolean;
  /** Checks a target at PutTargets time; throws ServiceError for an invalid one. */
  validate?(target: RuleTarget, account: string, region: string): Promise<void>;
  /** Delivers; throws DeliveryFailure (anything else counts as a retryable failure). */
  deliver(attempt: DeliveryAttempt): Promise<void>;
  /**
   * For targets that live in the store (SQS queues): the first attempt as a write the
   * accepting commit can make itself, so the event is delivered when PutEvents returns with no
   * further round trip. Undefined when it cannot (the delivery then goes the ordinary way and
   * `deliver` reports any failure).
   */
  inline?(attempt: DeliveryAttempt): Promise<InlineDelivery | undefined>;
}

/** A delivery the accepting commit completes (see TargetDriver.inline). */
export interface InlineDelivery {
  readonly send: InlineQueueSend;
  /** Called once the commit that made it is durable. */
  stored(): void;
}

/** Receives every event accepted on a bus, before PutEvents acknowledges it. */
export interface ArchiveSink {
  record(busArn: string, events: readonly EventEnvelope[], now: number): Promise<void>;
}

/** Puts events onto a bus as PutEvents would (routing, deliveries), for replays. */
export interface EventIngest {
  ingest(
    busArn: string,
    events: readonly EventEnvelope[],
    options: { readonly replayName: string; readonly onlyRuleArns?: ReadonlySet<string> },
  ): Promise<void>;
  /** Whether a bus exists (ARN form). */
  busExists(busArn: string): Promise<boolean>;
}

export interface ExtrasDeps {
  readonly deps: ServiceDeps;
  readonly ingest: EventIngest;
}

/** Connections, API destinations, archives and replays. */
export interface EventBridgeExtras {
  /** Operations merged into the AWSEvents JSON service. */
  readonly operations: Readonly<Record<string, JsonOperation>>;
  readonly drivers: readonly TargetDriver[];
  readonly archive: ArchiveSink;
  start(): Promise<void>;
  stop(): Promise<void>;
}
