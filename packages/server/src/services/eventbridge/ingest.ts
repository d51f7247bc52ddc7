/**
 * Accepting events onto buses — from PutEvents, from another bus, from a replay. For one
 * call, every event is routed, and all their deliveries are written in ONE store commit
 * (alongside the archives' record of the events); only when that is durable does the call
 * return, and only then are the deliveries handed to this node's dispatcher.
 */
import type { Clock } from '../../core/clock.js';
import type { Delivery, EventDeliveries, EventStore, NewDelivery } from '../../storage/event-port.js';
import { parseBusArn } from './arns.js';
import type { ArchiveSink, EventEnvelope, EventIngest, InlineDelivery } from './contracts.js';
import type { Dispatcher } from './dispatcher.js';
import type { EventMetrics } from './metrics.js';
import type { BusRoutes, Registry } from './registry.js';
import { route, type RouteOptions } from './router.js';

/** One event for one bus. */
export interface Accepted {
  readonly bus: BusRoutes;
  readonly event: EventEnvelope;
}

/** How events are being accepted. */
export interface AcceptOptions extends RouteOptions {
  /** Replayed events are not archived again. */
  readonly replay?: boolean;
}

/** What an Ingestor needs. */
export interface IngestorDeps {
  readonly store: EventStore;
  readonly registry: Registry;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly metrics: EventMetrics;
  /**
   * Prepares a new delivery's first attempt as a write of the accepting commit (SQS targets);
   * absent or undefined: the delivery is stored and dispatched.
   */
  readonly inline?: (d: NewDelivery, event: EventEnvelope, eventText: string) => Promise<InlineDelivery | undefined>;
}

/** Deliveries as the dispatcher runs them, made from what was just stored (except those completed inline). */
export function freshDeliveries(events: readonly EventDeliveries[], inlined?: ReadonlySet<string>): Delivery[] {
  const out: Delivery[] = [];
  for (const e of events) {
    for (const { inline: _, ...d } of e.deliveries) {
      if (!inlined?.has(d.id)) out.push({ ...d, event: e.event, attempts: 0 });
    }
  }
  return out;
}

/** Accepts events onto buses, durably; also the EventIngest replays use. */
export class Ingestor implements EventIngest {
  private archive: ArchiveSink = { record: async () => {} };

  constructor(private readonly deps: IngestorDeps) {}

  /** Where accepted events are archived (the extras' sink, set once they exist). */
  setArchive(sink: ArchiveSink): void {
    this.archive = sink;
  }

  /** Accepts events durably; resolves once they and their deliveries are committed. */
  async accept(items: readonly Accepted[], options: AcceptOptions = {}): Promise<void> {
    const { store, dispatcher, clock, metrics } = this.deps;
    const now = clock.now();
    const batch: EventDeliveries[] = [];
    const byBus = new Map<BusRoutes, EventEnvelope[]>();
    const prepared = new Map<string, InlineDelivery>();
    let owed = 0;
    for (const item of items) {
      let routed = route(item.bus, JSON.stringify(item.event), now, options);
      if (this.deps.inline && routed.deliveries.length > 0) routed = await this.withInline(routed, item.event, prepared);
      batch.push(routed);
      owed += routed.deliveries.length;
      if (options.replay) continue;
      let events = byBus.get(item.bus);
      if (!events) byBus.set(item.bus, (events = []));
      events.push(item.event);
    }
    const lease = owed > 0 ? dispatcher.leaseFor(owed) : undefined;
    const [stored, archived] = await Promise.allSettled([
      owed > 0 ? store.enqueue(batch, lease) : { inlined: [] },
      Promise.all([...byBus].map(([bus, events]) => this.archive.record(bus.arn, events, now))),
    ]);
    if (stored.status === 'rejected') throw stored.reason;
    const inlined = new Set(stored.value.inlined);
    for (const id of inlined) prepared.get(id)?.stored();
    items.forEach((item, i) => {
      metrics.received.inc({ bus: item.bus.ref.name });
      if ((batch[i]?.deliveries.length ?? 0) > 0) metrics.matched.inc({ bus: item.bus.ref.name });
    });
    // Stored deliveries are started even if archiving failed (the call still fails, so the
    // client retries: at least once).
    if (owed > inlined.size && lease) dispatcher.handOff(freshDeliveries(batch, inlined));
    else if (owed > inlined.size) dispatcher.wake(now);
    if (archived.status === 'rejected') throw archived.reason;
  }

  /** The event's deliveries, each with its inline write when its target kind has one. */
  private async withInline(routed: EventDeliveries, event: EventEnvelope, prepared: Map<string, InlineDelivery>): Promise<EventDeliveries> {
    const deliveries: NewDelivery[] = [];
    for (const d of routed.deliveries) {
      const inline = await this.deps.inline!(d, event, routed.event);
      if (!inline) {
        deliveries.push(d);
        continue;
      }
      prepared.set(d.id, inline);
      deliveries.push({ ...d, inline: inline.send });
    }
    return { event: routed.event, deliveries };
  }

  /** EventIngest: replays put archived events back on their bus. */
  async ingest(busArnText: string, events: readonly EventEnvelope[], options: { readonly replayName: string; readonly onlyRuleArns?: ReadonlySet<string> }): Promise<void> {
    const ref = parseBusArn(busArnText);
    const bus = ref ? this.deps.registry.bus(ref) : undefined;
    if (!bus) throw new Error(`event bus ${busArnText} does not exist`);
    const items = events.map((event) => ({ bus, event: { ...event, 'replay-name': options.replayName } }));
    await this.accept(items, { replay: true, ...(options.onlyRuleArns ? { onlyRuleArns: options.onlyRuleArns } : {}) });
  }

  async busExists(busArnText: string): Promise<boolean> {
    const ref = parseBusArn(busArnText);
    return ref !== undefined && this.deps.registry.bus(ref) !== undefined;
  }
}
