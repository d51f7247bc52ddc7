/**
 * Buses and rules as stored documents, and the one way to change them: under a per-resource
 * lock, read the current version, compute the new document, write it with a version check,
 * then bring the in-memory registry and the rule's schedule in step. The store is the source
 * of truth; a failed write changes nothing anywhere.
 */
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { StorageError, type ResourceKey, type ResourceRecord, type ResourceStore } from '../../storage/port.js';
import { parseBusArn, type BusRef } from './arns.js';
import { EbErrors } from './errors.js';
import { KeyedLock } from './locks.js';
import { BUS_KIND, RULE_KIND, ruleKeyName, type BusBody, type RuleBody } from './model.js';
import type { Registry, RuleEntry } from './registry.js';

/** A bus document with its times; the implicit `default` bus has none until it is changed. */
export interface BusRecord {
  readonly body: BusBody;
  readonly createdAt?: number;
  readonly updatedAt?: number;
  readonly version?: number;
}

/** What a change function returns: the new document, null to delete, undefined for no change. */
export type Change<T> = T | null | undefined;

function busKey(ref: BusRef): ResourceKey {
  return { kind: BUS_KIND, account: ref.account, region: ref.region, name: ref.name };
}

function ruleKey(bus: BusRef, rule: string): ResourceKey {
  return { kind: RULE_KIND, account: bus.account, region: bus.region, name: ruleKeyName(bus.name, rule) };
}

function conflict(err: unknown, what: string): unknown {
  return err instanceof StorageError ? EbErrors.concurrentModification(what) : err;
}

/** Reads and changes bus and rule documents; see the module comment for how a change is made. */
export class Catalog {
  private readonly locks = new KeyedLock();

  constructor(
    private readonly resources: ResourceStore,
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly onRuleChange: (before: RuleEntry | undefined, after: RuleEntry | undefined) => Promise<void>,
  ) {}

  /** Fills the registry from the store (at start). */
  async load(): Promise<void> {
    for (const r of await this.resources.listAll<BusBody>(BUS_KIND)) {
      this.registry.addBus({ account: r.account, region: r.region, name: r.name });
    }
    for (const r of await this.resources.listAll<RuleBody>(RULE_KIND)) {
      this.registry.setRule({ account: r.account, region: r.region, name: r.body.EventBusName }, r.body);
    }
  }

  /** The bus a name-or-ARN parameter names (`default` when absent). */
  busRef(ctx: RequestContext, nameOrArn: string | undefined): BusRef {
    if (nameOrArn === undefined || nameOrArn === '') return { account: ctx.account, region: ctx.region, name: 'default' };
    if (!nameOrArn.startsWith('arn:')) return { account: ctx.account, region: ctx.region, name: nameOrArn };
    const ref = parseBusArn(nameOrArn);
    if (!ref) throw EbErrors.validation(`Parameter EventBusName is not valid. Reason: ${nameOrArn} is not an event bus ARN.`);
    return ref;
  }

  async bus(ref: BusRef): Promise<BusRecord | undefined> {
    const record = await this.resources.get<BusBody>(busKey(ref));
    if (record) return record;
    return ref.name === 'default' ? { body: { Name: 'default', Tags: [] } } : undefined;
  }

  async requireBus(ref: BusRef): Promise<BusRecord> {
    const found = await this.bus(ref);
    if (!found) throw EbErrors.busNotFound(ref.name);
    return found;
  }

  async listBuses(ctx: RequestContext): Promise<Array<ResourceRecord<BusBody>>> {
    return this.resources.list<BusBody>(BUS_KIND, ctx.account, ctx.region);
  }

  async rule(bus: BusRef, name: string): Promise<ResourceRecord<RuleBody> | undefined> {
    return this.resources.get<RuleBody>(ruleKey(bus, name));
  }

  async requireRule(bus: BusRef, name: string): Promise<ResourceRecord<RuleBody>> {
    const found = await this.rule(bus, name);
    if (!found) throw EbErrors.ruleNotFound(name, bus.name);
    return found;
  }

  /** A bus's rules in name order, starting after `after`, at most `limit`. */
  async listRules(bus: BusRef, options: { prefix?: string; after?: string; limit?: number } = {}): Promise<RuleBody[]> {
    const records = await this.resources.list<RuleBody>(RULE_KIND, bus.account, bus.region, {
      prefix: ruleKeyName(bus.name, options.prefix ?? ''),
      ...(options.after !== undefined ? { after: ruleKeyName(bus.name, options.after) } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
    return records.map((r) => r.body);
  }

  /** Runs `work` holding the bus's lock (creating rules and deleting the bus exclude each other). */
  withBus<T>(ref: BusRef, work: () => Promise<T>): Promise<T> {
    return this.locks.run(`bus|${ref.account}|${ref.region}|${ref.name}`, work);
  }

  /** Changes a bus document. */
  changeBus(ref: BusRef, change: (current: BusRecord | undefined) => Change<BusBody> | Promise<Change<BusBody>>): Promise<BusBody | undefined> {
    return this.withBus(ref, async () => {
      const key = busKey(ref);
      const stored = await this.resources.get<BusBody>(key);
      const current = stored ?? (ref.name === 'default' ? { body: { Name: 'default', Tags: [] } } : undefined);
      const next = await change(current);
      if (next === undefined) return current?.body;
      try {
        if (next === null) await this.resources.delete(key);
        else if (stored) await this.resources.update(key, next, this.clock.now(), stored.version);
        else await this.resources.create(key, next, this.clock.now());
      } catch (err) {
        throw conflict(err, `Event bus ${ref.name}`);
      }
      if (next === null) this.registry.removeBus(ref);
      else this.registry.addBus(ref);
      return next ?? undefined;
    });
  }

  /** Changes a rule document, then the registry and the rule's schedule. */
  changeRule(
    bus: BusRef,
    name: string,
    change: (current: ResourceRecord<RuleBody> | undefined) => Change<RuleBody> | Promise<Change<RuleBody>>,
  ): Promise<RuleBody | undefined> {
    return this.locks.run(`rule|${bus.account}|${bus.region}|${bus.name}|${name}`, async () => {
      const key = ruleKey(bus, name);
      const current = await this.resources.get<RuleBody>(key);
      const next = await change(current);
      if (next === undefined) return current?.body;
      try {
        if (next === null) await this.resources.delete(key);
        else if (current) await this.resources.update(key, next, this.clock.now(), current.version);
        else await this.resources.create(key, next, this.clock.now());
      } catch (err) {
        throw conflict(err, `Rule ${name}`);
      }
      const before = this.registry.rule(bus, name);
      let after: RuleEntry | undefined;
      if (next === null) this.registry.deleteRule(bus, name);
      else after = this.registry.setRule(bus, next);
      await this.onRuleChange(before, after);
      return next ?? undefined;
    });
  }
}
