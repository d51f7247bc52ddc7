/**
 * One delivery attempt and its outcome: render the payload, hand it to the target's driver,
 * then remove the delivery (delivered), reschedule it (a retryable failure under the retry
 * policy), or give up on it (dead-letter queue or a logged, counted loss) and remove it.
 * The delivery is leased to this node for the whole attempt.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { ServiceError } from '../../core/errors.js';
import type { Delivery, EventStore, NewDelivery } from '../../storage/event-port.js';
import { ruleNameOf } from './arns.js';
import { DeliveryFailure, type EventEnvelope, type InlineDelivery, type RuleTarget, type TargetDriver } from './contracts.js';
import { Completions } from './completions.js';
import type { DeadLetters } from './dead-letter.js';
import { isoSeconds } from './envelope.js';
import type { EventMetrics } from './metrics.js';
import { afterFailure, policyOf, type GiveUp } from './retry.js';
import { renderPayload, TransformError } from './transform.js';

/** What a Deliverer needs. */
export interface DelivererDeps {
  readonly store: EventStore;
  readonly drivers: readonly TargetDriver[];
  readonly deadLetters: DeadLetters;
  readonly clock: Clock;
  readonly logger: FastifyBaseLogger;
  readonly metrics: EventMetrics;
  /** The lease owner this node uses. */
  readonly owner: string;
  readonly retryBaseMs: number;
  /** Told when a retry is due, so the dispatcher wakes for it. */
  readonly onRetry: (at: number) => void;
}

/** Any error a driver throws, as a DeliveryFailure (ServiceErrors keep their code). */
export function asFailure(err: unknown): DeliveryFailure {
  if (err instanceof DeliveryFailure) return err;
  if (err instanceof TransformError) return new DeliveryFailure('INVALID_PARAMETER', err.message, false);
  if (err instanceof ServiceError) return new DeliveryFailure(err.code, err.message, err.status >= 500);
  return new DeliveryFailure('SDK_CLIENT_ERROR', err instanceof Error ? err.message : String(err), true);
}

/** Runs delivery attempts and settles their outcome (see the module comment). */
export class Deliverer {
  private readonly completions: Completions;
  private readonly targets = new Map<string, RuleTarget>();

  constructor(private readonly deps: DelivererDeps) {
    this.completions = new Completions(deps.store);
  }

  /** The driver for a target ARN (the first that handles it). */
  driverFor(arn: string): TargetDriver | undefined {
    return this.deps.drivers.find((d) => d.handles(arn));
  }

  /**
   * The first attempt of a new delivery as a write for the accepting commit, when its target
   * kind can do that (see TargetDriver.inline); undefined otherwise, and for anything that
   * would fail — the ordinary attempt then reports it.
   */
  async prepareInline(d: NewDelivery, event: EventEnvelope, eventText: string): Promise<InlineDelivery | undefined> {
    try {
      const target = this.targetOf(d.target);
      const driver = this.driverFor(target.Arn);
      if (!driver?.inline) return undefined;
      const payload = renderPayload(target, event, eventText, {
        ruleArn: d.ruleArn,
        ruleName: ruleNameOf(d.ruleArn),
        ingestionTime: isoSeconds(d.enqueuedAt),
      });
      return await driver.inline({ ruleArn: d.ruleArn, busArn: d.busArn, target, event, payload, attempt: 1 });
    } catch {
      return undefined;
    }
  }

  /** Counts a delivery completed inline, as a successful attempt. */
  inlined(kind: string): void {
    this.deps.metrics.delivered.inc({ target_kind: kind });
  }

  /** Runs one attempt of a delivery leased to this node; never throws. */
  async run(d: Delivery): Promise<void> {
    try {
      await this.attempt(d);
    } catch (err) {
      // Only the store can fail here (e.g. closing); the lease runs out and the delivery is retried.
      this.deps.logger.error({ err, delivery: d.id, rule: d.ruleArn }, 'event delivery bookkeeping failed; it will be retried');
    }
  }

  /** The target of a delivery; deliveries to one target share its JSON text, so it is parsed once. */
  private targetOf(json: string): RuleTarget {
    let target = this.targets.get(json);
    if (!target) {
      if (this.targets.size >= 1000) this.targets.clear();
      target = JSON.parse(json) as RuleTarget;
      this.targets.set(json, target);
    }
    return target;
  }

  private async attempt(d: Delivery): Promise<void> {
    let target: RuleTarget;
    let event: EventEnvelope;
    try {
      target = this.targetOf(d.target);
      event = JSON.parse(d.event) as EventEnvelope;
    } catch (err) {
      this.deps.metrics.dropped.inc({ reason: 'unreadable' });
      this.deps.logger.error({ err, delivery: d.id, rule: d.ruleArn, event: d.event }, 'stored delivery is unreadable; dropped');
      await this.completions.complete(d.id);
      return;
    }
    const driver = this.driverFor(target.Arn);
    const kind = driver?.kind ?? 'unknown';
    const policy = policyOf(target);
    if (this.deps.clock.now() > d.enqueuedAt + policy.maxAgeMs) {
      const last = d.lastError ?? { code: 'EVENT_EXPIRED', message: 'The event is older than MaximumEventAgeInSeconds.' };
      return this.giveUp(d, target, new DeliveryFailure(last.code, last.message, true), 'MaximumEventAge', d.attempts, kind);
    }
    try {
      if (!driver) throw new DeliveryFailure('INVALID_PARAMETER', `No target kind delivers to ${target.Arn}.`, false);
      const payload = renderPayload(target, event, d.event, {
        ruleArn: d.ruleArn,
        ruleName: ruleNameOf(d.ruleArn),
        ingestionTime: isoSeconds(d.enqueuedAt),
      });
      await driver.deliver({ ruleArn: d.ruleArn, busArn: d.busArn, target, event, payload, attempt: d.attempts + 1 });
    } catch (err) {
      return this.failed(d, target, kind, asFailure(err));
    }
    this.deps.metrics.delivered.inc({ target_kind: kind });
    await this.completions.complete(d.id);
  }

  private async failed(d: Delivery, target: RuleTarget, kind: string, failure: DeliveryFailure): Promise<void> {
    const attempts = d.attempts + 1;
    const now = this.deps.clock.now();
    this.deps.metrics.failed.inc({ target_kind: kind, code: failure.code });
    const next = afterFailure(policyOf(target), { attempts, enqueuedAt: d.enqueuedAt, now, retryable: failure.retryable }, this.deps.retryBaseMs);
    if ('retryAt' in next) {
      this.deps.logger.debug({ delivery: d.id, rule: d.ruleArn, target: target.Arn, code: failure.code, attempts, retryAt: next.retryAt }, 'event delivery failed; will retry');
      const error = { code: failure.code, message: failure.message };
      if (await this.deps.store.reschedule(d.id, this.deps.owner, { attempts, nextAttemptAt: next.retryAt, error })) {
        this.deps.onRetry(next.retryAt);
      }
      return;
    }
    await this.giveUp(d, target, failure, next.giveUp, attempts, kind);
  }

  private async giveUp(d: Delivery, target: RuleTarget, failure: DeliveryFailure, why: GiveUp, attempts: number, kind: string): Promise<void> {
    await this.deps.deadLetters.send(d, target, failure, why, attempts, kind);
    await this.completions.complete(d.id);
  }
}
