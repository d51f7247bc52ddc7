/**
 * Routing: which deliveries an accepted event owes. The event's JSON text is matched against
 * its bus's RuleSet in one pass (cost follows the event, not the number of rules); every
 * target of every matching enabled rule gets one delivery.
 */
import { randomUUID } from 'node:crypto';
import type { EventDeliveries, NewDelivery } from '../../storage/event-port.js';
import type { BusRoutes, RuleEntry } from './registry.js';

/** How an event is routed. */
export interface RouteOptions {
  /**
   * The event came from another bus. EventBridge does not route such events on to a third
   * bus, so event-bus targets are skipped (this is also what stops bus loops).
   */
  readonly forwarded?: boolean;
  /** Only these rules (replays to selected rules). */
  readonly onlyRuleArns?: ReadonlySet<string>;
}

/** One delivery per target of the rule (bus targets skipped for forwarded events). */
function deliveriesOf(rule: RuleEntry, now: number, forwarded: boolean): NewDelivery[] {
  return rule.targets
    .filter((t) => !(forwarded && t.kind === 'event-bus'))
    .map((t) => ({ id: randomUUID(), busArn: rule.busArn, ruleArn: rule.arn, target: t.json, enqueuedAt: now, nextAttemptAt: now }));
}

/** The deliveries one event owes on its bus. */
export function route(bus: BusRoutes, eventText: string, now: number, options: RouteOptions = {}): EventDeliveries {
  const deliveries: NewDelivery[] = [];
  if (bus.matcher.size > 0) {
    for (const name of bus.matcher.matchJSON(eventText)) {
      const rule = bus.rules.get(name);
      if (!rule?.enabled) continue;
      if (options.onlyRuleArns && !options.onlyRuleArns.has(rule.arn)) continue;
      deliveries.push(...deliveriesOf(rule, now, options.forwarded ?? false));
    }
  }
  return { event: eventText, deliveries };
}

/** The deliveries a scheduled rule's tick owes: one per target, no pattern involved. */
export function routeToRule(rule: RuleEntry, eventText: string, now: number): EventDeliveries {
  return { event: eventText, deliveries: deliveriesOf(rule, now, false) };
}
