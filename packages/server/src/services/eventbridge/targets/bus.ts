/**
 * Event bus targets (`arn:aws:events:<region>:<account>:event-bus/<name>`): the event enters
 * that bus as it is (same id) and is routed by its rules. As in EventBridge, an event that
 * came from another bus is not sent on to a third one (the router skips bus targets for
 * forwarded events), which also makes bus loops impossible.
 */
import { parseBusArn } from '../arns.js';
import { DeliveryFailure, type DeliveryAttempt, type RuleTarget, type TargetDriver } from '../contracts.js';
import { EbErrors } from '../errors.js';
import type { Ingestor } from '../ingest.js';
import type { Registry } from '../registry.js';

/** The event-bus target kind. */
export function busDriver(registry: Registry, ingestor: () => Ingestor): TargetDriver {
  return {
    kind: 'event-bus',
    handles: (arn) => /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\//.test(arn),

    async validate(target: RuleTarget): Promise<void> {
      if (!parseBusArn(target.Arn)) throw EbErrors.validation(`Parameter ${target.Arn} is not valid. Reason: not an event bus ARN.`);
      if (target.Input !== undefined || target.InputPath !== undefined || target.InputTransformer !== undefined) {
        throw EbErrors.validation(`Input, InputPath and InputTransformer are not supported for event bus target: ${target.Id}.`);
      }
    },

    async deliver(attempt: DeliveryAttempt): Promise<void> {
      const ref = parseBusArn(attempt.target.Arn);
      const bus = ref ? registry.bus(ref) : undefined;
      if (!bus) throw new DeliveryFailure('NO_RESOURCE', `Event bus ${attempt.target.Arn} does not exist.`, false);
      await ingestor().accept([{ bus, event: attempt.event }], { forwarded: true });
    },
  };
}
