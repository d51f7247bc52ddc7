/**
 * The routing state a node keeps in memory: every bus with a RuleSet of its enabled pattern
 * rules (matching is the hot path of PutEvents), and every rule with its targets prepared for
 * delivery. Loaded from the resource store at start and updated by every change a node makes,
 * right after the change is durable.
 */
import { RuleSet } from '@switchboard/event-patterns';
import type { FastifyBaseLogger } from 'fastify';
import { busArn, ruleArn, type BusRef } from './arns.js';
import type { RuleTarget } from './contracts.js';
import { isEnabled, type RuleBody } from './model.js';

/** A target ready to be copied into deliveries. */
export interface PreparedTarget {
  readonly target: RuleTarget;
  /** The target's JSON, stored with each delivery. */
  readonly json: string;
  /** The driver kind that delivers to it (`sqs`, `event-bus`, ...). */
  readonly kind: string;
}

/** A rule as routing sees it. */
export interface RuleEntry {
  readonly bus: BusRef;
  readonly busArn: string;
  readonly name: string;
  readonly arn: string;
  readonly enabled: boolean;
  readonly pattern?: string;
  readonly schedule?: string;
  readonly targets: readonly PreparedTarget[];
}

/** One bus: its rules and the compiled patterns of the enabled ones. */
export class BusRoutes {
  readonly matcher = new RuleSet();
  readonly rules = new Map<string, RuleEntry>();
  readonly arn: string;

  constructor(readonly ref: BusRef) {
    this.arn = busArn(ref);
  }
}

function busKey(ref: BusRef): string {
  return `${ref.account}|${ref.region}|${ref.name}`;
}

/** Every bus and rule this node routes with. */
export class Registry {
  private readonly buses = new Map<string, BusRoutes>();
  private readonly byArn = new Map<string, RuleEntry>();

  constructor(
    private readonly kindOf: (arn: string) => string,
    private readonly logger: FastifyBaseLogger,
  ) {}

  /** A bus; `default` exists in every account and Region without being created. */
  bus(ref: BusRef): BusRoutes | undefined {
    const found = this.buses.get(busKey(ref));
    if (found || ref.name !== 'default') return found;
    return this.addBus(ref);
  }

  addBus(ref: BusRef): BusRoutes {
    const key = busKey(ref);
    let routes = this.buses.get(key);
    if (!routes) this.buses.set(key, (routes = new BusRoutes(ref)));
    return routes;
  }

  removeBus(ref: BusRef): void {
    this.buses.delete(busKey(ref));
  }

  rule(bus: BusRef, name: string): RuleEntry | undefined {
    return this.buses.get(busKey(bus))?.rules.get(name);
  }

  ruleByArn(arn: string): RuleEntry | undefined {
    return this.byArn.get(arn);
  }

  /** Every rule of every bus. */
  *rules(): IterableIterator<RuleEntry> {
    yield* this.byArn.values();
  }

  /** Installs (or replaces) a rule from its stored document; returns its entry. */
  setRule(bus: BusRef, body: RuleBody): RuleEntry {
    const routes = this.addBus(bus);
    const entry: RuleEntry = {
      bus,
      busArn: routes.arn,
      name: body.Name,
      arn: ruleArn(bus, body.Name),
      enabled: isEnabled(body.State),
      ...(body.EventPattern !== undefined ? { pattern: body.EventPattern } : {}),
      ...(body.ScheduleExpression !== undefined ? { schedule: body.ScheduleExpression } : {}),
      targets: body.Targets.map((target) => ({ target, json: JSON.stringify(target), kind: this.kindOf(target.Arn) })),
    };
    routes.rules.set(entry.name, entry);
    this.byArn.set(entry.arn, entry);
    routes.matcher.remove(entry.name);
    if (entry.enabled && entry.pattern !== undefined) {
      try {
        routes.matcher.add(entry.name, entry.pattern);
      } catch (err) {
        // Patterns are validated before they are stored; one that no longer compiles is skipped, loudly.
        this.logger.error({ err, rule: entry.arn }, 'stored event pattern does not compile; rule will not match');
      }
    }
    return entry;
  }

  deleteRule(bus: BusRef, name: string): void {
    const routes = this.buses.get(busKey(bus));
    const entry = routes?.rules.get(name);
    if (!routes || !entry) return;
    routes.rules.delete(name);
    routes.matcher.remove(name);
    this.byArn.delete(entry.arn);
  }
}
