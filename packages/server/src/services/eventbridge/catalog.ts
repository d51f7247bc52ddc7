/**
 * Buses and rules as stored documents, and the one way to change them: under a per-resource
 * lock, read the current version, compute the new document, write it with a version check,
 * then bring the in-memory registry and the rule's schedule in step. The store is the source
 * of truth; a failed write changes nothing anywhere.
 */
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { StorageError, type ResourceChanges, type ResourceKey, type ResourceRecord, type ResourceStore } from '../../storage/port.js';
import { parseBusArn, type BusRef } from './arns.js';
import { EbErrors } from './errors.js';
import { KeyedLock } from './locks.js';
import { BUS_KIND, RULE_KIND, isEnabled, ruleKeyName, type BusBody, type RuleBody } from './model.js';
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

/** Whether the registry already holds this version of a rule. */
function sameRule(entry: RuleEntry, body: RuleBody): boolean {
  return (
    entry.enabled === isEnabled(body.State) &&
    entry.pattern === body.EventPattern &&
    entry.schedule === body.ScheduleExpression &&
    entry.targets.length === body.Targets.length &&
    entry.targets.every((t, i) => t.json === JSON.stringify(body.Targets[i]))
  );
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
    /** Told when another node changed a rule (the schedule row is that node's to write). */
    private readonly onRemoteRuleChange: (before: RuleEntry | undefined, after: RuleEntry | undefined) => Promise<void> = async () => {},
  ) {}

  /**
   * Follows committed changes of buses and rules from every node (see ResourceChanges): each
   * signal re-reads its bus or rule and brings the registry in step, under the same lock as
   * local changes, so the registry ends on the last committed version whatever the order of
   * signals. Returns a function that stops following.
   */
  follow(changes: ResourceChanges | undefined): () => void {
    if (!changes) return () => {};
    return changes.subscribe((key) => {
      const done = key === undefined ? this.reload() : key.kind === BUS_KIND ? this.refreshBus(key) : key.kind === RULE_KIND ? this.refreshRule(key) : undefined;
      void done?.catch(() => {
        // The store is unreachable; the next signal (or the reload after reconnecting) catches up.
      });
    });
  }

  /** Re-reads one bus. */
  private refreshBus(key: ResourceKey): Promise<void> {
    const ref: BusRef = { account: key.account, region: key.region, name: key.name };
    return this.withBus(ref, async () => {
      if (await this.resources.get<BusBody>(busKey(ref))) this.registry.addBus(ref);
      else if (ref.name !== 'default') this.registry.removeBus(ref);
    });
  }

  /** Re-reads one rule (its key name is `<bus>/<rule>`; rule names hold no `/`). */
  private refreshRule(key: ResourceKey): Promise<void> {
    const cut = key.name.lastIndexOf('/');
    const bus: BusRef = { account: key.account, region: key.region, name: key.name.slice(0, cut) };
    const name = key.name.slice(cut + 1);
    return this.locks.run(`rule|${bus.account}|${bus.region}|${bus.name}|${name}`, async () => {
      const stored = await this.resources.get<RuleBody>(ruleKey(bus, name));
      const before = this.registry.rule(bus, name);
      if (!stored && !before) return;
      if (stored && before && sameRule(before, stored.body)) return;
      let after: RuleEntry | undefined;
      if (stored) after = this.registry.setRule(bus, stored.body);
      else this.registry.deleteRule(bus, name);
      await this.onRemoteRuleChange(before, after);
    });
  }

  /** Re-reads every bus and rule (signals may have been missed). */
  private async reload(): Promise<void> {
    const buses = await this.resources.listAll<BusBody>(BUS_KIND);
    const rules = await this.resources.listAll<RuleBody>(RULE_KIND);
    const keys = [
      ...buses.map((r) => ({ kind: BUS_KIND, account: r.account, region: r.region, name: r.name })),
      ...rules.map((r) => ({ kind: RULE_KIND, account: r.account, region: r.region, name: r.name })),
    ];
    const stored = new Set(rules.map((r) => `${r.account}|${r.region}|${r.name}`));
    for (const rule of [...this.registry.rules()]) {
      const keyName = ruleKeyName(rule.bus.name, rule.name);
      if (!stored.has(`${rule.bus.account}|${rule.bus.region}|${keyName}`)) {
        keys.push({ kind: RULE_KIND, account: rule.bus.account, region: rule.bus.region, name: keyName });
      }
    }
    for (const key of keys) await (key.kind === BUS_KIND ? this.refreshBus(key) : this.refreshRule(key));
  }

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
