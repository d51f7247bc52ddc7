/**
 * Scheduled rules fire. Every enabled rule with a ScheduleExpression has a schedule row in
 * the store holding its next fire time; a tick moves that time forward and writes the tick's
 * deliveries in one commit, conditional on the time it read — so a restart (or a second
 * node) neither loses nor doubles a tick. A tick missed while the server was down fires once
 * when it is back; the ticks after it follow the schedule from then on.
 *
 * Time is the service clock (`deps.clock`): tests move it forward to make a schedule due. The
 * loop re-reads the clock at least every `pollMs`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { EventStore } from '../../storage/event-port.js';
import type { Dispatcher } from './dispatcher.js';
import { scheduledEvent } from './envelope.js';
import { freshDeliveries } from './ingest.js';
import type { EventMetrics } from './metrics.js';
import type { Registry, RuleEntry } from './registry.js';
import { routeToRule } from './router.js';
import { parseScheduleExpression, type Schedule } from './schedule-expression.js';

/** What a Scheduler needs. */
export interface SchedulerDeps {
  readonly store: EventStore;
  readonly registry: Registry;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly logger: FastifyBaseLogger;
  readonly metrics: EventMetrics;
  readonly pollMs: number;
}

const parsed = new Map<string, Schedule | undefined>();

/** The schedule of an enabled scheduled rule (expressions are parsed once). */
function scheduleOf(rule: RuleEntry | undefined): Schedule | undefined {
  if (!rule?.enabled || rule.schedule === undefined) return undefined;
  if (!parsed.has(rule.schedule)) {
    if (parsed.size >= 1000) parsed.clear();
    const result = parseScheduleExpression(rule.schedule);
    parsed.set(rule.schedule, typeof result === 'string' ? undefined : result);
  }
  return parsed.get(rule.schedule);
}

/** Fires the scheduled rules of this node's store (see the module comment). */
export class Scheduler {
  /** Next fire time by rule ARN, as stored. */
  private readonly next = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Loads schedules, brings them in line with the rules, and starts ticking. */
  async start(): Promise<void> {
    for (const s of await this.deps.store.listSchedules()) this.next.set(s.ruleArn, s.nextFireAt);
    const wanted = new Set<string>();
    for (const rule of this.deps.registry.rules()) {
      if (!scheduleOf(rule)) continue;
      wanted.add(rule.arn);
      if (!this.next.has(rule.arn)) await this.apply(undefined, rule);
    }
    for (const arn of [...this.next.keys()]) {
      if (!wanted.has(arn)) await this.remove(arn);
    }
    this.stopped = false;
    this.arm();
  }

  /**
   * Keeps a rule's schedule in step with a change of the rule (after the change is stored).
   * Never throws: a schedule that could not be stored is put right by the next tick's check.
   */
  async sync(before: RuleEntry | undefined, after: RuleEntry | undefined): Promise<void> {
    try {
      await this.apply(before, after);
    } catch (err) {
      this.deps.logger.error({ err, rule: after?.arn ?? before?.arn }, 'updating a rule schedule failed; will retry');
    }
  }

  /**
   * Follows a rule another node changed: that node writes the schedule row, so this one only
   * adopts what is stored (a schedule not stored yet is picked up by the next tick's check).
   */
  async follow(before: RuleEntry | undefined, after: RuleEntry | undefined): Promise<void> {
    const arn = after?.arn ?? before?.arn;
    if (arn === undefined) return;
    if (!scheduleOf(after)) {
      this.next.delete(arn);
      return;
    }
    try {
      const stored = (await this.deps.store.listSchedules()).find((s) => s.ruleArn === arn);
      if (stored) this.next.set(arn, stored.nextFireAt);
      else this.next.delete(arn);
      this.arm();
    } catch (err) {
      this.deps.logger.error({ err, rule: arn }, 'reading a rule schedule failed; the next tick checks again');
    }
  }

  private async apply(before: RuleEntry | undefined, after: RuleEntry | undefined): Promise<void> {
    const arn = after?.arn ?? before?.arn;
    if (arn === undefined) return;
    const schedule = scheduleOf(after);
    if (!schedule) {
      if (this.next.has(arn)) await this.remove(arn);
      return;
    }
    const unchanged = scheduleOf(before) !== undefined && before?.schedule === after?.schedule && this.next.has(arn);
    if (unchanged) return;
    const first = schedule.first(this.deps.clock.now());
    if (first === undefined) {
      if (this.next.has(arn)) await this.remove(arn);
      return;
    }
    await this.deps.store.putSchedule({ ruleArn: arn, nextFireAt: first });
    this.next.set(arn, first);
    this.arm();
  }

  private async remove(arn: string): Promise<void> {
    await this.deps.store.deleteSchedule(arn);
    this.next.delete(arn);
  }

  private arm(): void {
    // While a tick runs, it re-arms when done.
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    let earliest = Infinity;
    for (const at of this.next.values()) earliest = Math.min(earliest, at);
    const delay = Math.max(0, Math.min(earliest - this.deps.clock.now(), this.deps.pollMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.tick().finally(() => {
        this.running = undefined;
        this.arm();
      });
    }, delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const now = this.deps.clock.now();
    // An enabled scheduled rule this node holds no fire time for: adopt the stored one (another
    // node wrote it), or create it if none is stored (its schedule write failed).
    let stored: Map<string, number> | undefined;
    for (const rule of this.deps.registry.rules()) {
      if (this.next.has(rule.arn) || scheduleOf(rule)?.first(now) === undefined) continue;
      try {
        stored ??= new Map((await this.deps.store.listSchedules()).map((s) => [s.ruleArn, s.nextFireAt]));
      } catch (err) {
        this.deps.logger.error({ err }, 'reading schedules failed; will retry');
        break;
      }
      const at = stored.get(rule.arn);
      if (at !== undefined) this.next.set(rule.arn, at);
      else await this.sync(undefined, rule);
    }
    for (const [arn, at] of [...this.next]) {
      if (at > now || this.stopped) continue;
      try {
        await this.fire(arn, at, now);
      } catch (err) {
        this.deps.logger.error({ err, rule: arn }, 'scheduled rule tick failed; will retry');
      }
    }
  }

  private async fire(arn: string, at: number, now: number): Promise<void> {
    const rule = this.deps.registry.ruleByArn(arn);
    const schedule = scheduleOf(rule);
    if (!rule || !schedule) return this.remove(arn);
    const following = schedule.following(at, now);
    const text = JSON.stringify(scheduledEvent(rule.bus.account, rule.bus.region, rule.arn, at));
    const events = [routeToRule(rule, text, now)];
    const owed = events[0]?.deliveries.length ?? 0;
    const lease = owed > 0 ? this.deps.dispatcher.leaseFor(owed) : undefined;
    const fired = await this.deps.store.fireSchedule({ ruleArn: arn, expectedFireAt: at, nextFireAt: following, events }, lease);
    if (!fired) {
      // Another node fired it (or the rule changed under us): take the stored state.
      const stored = (await this.deps.store.listSchedules()).find((s) => s.ruleArn === arn);
      if (stored) this.next.set(arn, stored.nextFireAt);
      else this.next.delete(arn);
      return;
    }
    this.deps.metrics.ticks.inc();
    if (following === undefined) this.next.delete(arn);
    else this.next.set(arn, following);
    if (owed > 0 && lease) this.deps.dispatcher.handOff(freshDeliveries(events));
    else if (owed > 0) this.deps.dispatcher.wake(now);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
