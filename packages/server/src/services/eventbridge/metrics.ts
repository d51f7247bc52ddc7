/**
 * Prometheus metrics of EventBridge, on the server's registry: events in, events matched,
 * deliveries made, failed attempts, dead-lettered and dropped deliveries, schedule ticks, and
 * the deliveries still owed.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** EventBridge's counters and gauge, registered on the server's registry. */
export class EventMetrics {
  readonly received: Counter<'bus'>;
  readonly matched: Counter<'bus'>;
  readonly delivered: Counter<'target_kind'>;
  readonly failed: Counter<'target_kind' | 'code'>;
  readonly deadLettered: Counter<'target_kind'>;
  readonly dropped: Counter<'reason'>;
  readonly ticks: Counter;

  constructor(registry: Registry, pending: () => Promise<number>) {
    const registers = [registry];
    this.received = new Counter({
      name: 'switchboard_events_received_total',
      help: 'Events accepted on a bus (PutEvents, bus-to-bus, replays, schedules).',
      labelNames: ['bus'] as const,
      registers,
    });
    this.matched = new Counter({
      name: 'switchboard_events_matched_total',
      help: 'Accepted events that matched at least one enabled rule.',
      labelNames: ['bus'] as const,
      registers,
    });
    this.delivered = new Counter({
      name: 'switchboard_events_delivered_total',
      help: 'Deliveries made to rule targets.',
      labelNames: ['target_kind'] as const,
      registers,
    });
    this.failed = new Counter({
      name: 'switchboard_events_delivery_failures_total',
      help: 'Failed delivery attempts (each retry counts), by target kind and error code.',
      labelNames: ['target_kind', 'code'] as const,
      registers,
    });
    this.deadLettered = new Counter({
      name: 'switchboard_events_dead_lettered_total',
      help: 'Deliveries given up on and sent to the target dead-letter queue.',
      labelNames: ['target_kind'] as const,
      registers,
    });
    this.dropped = new Counter({
      name: 'switchboard_events_dropped_total',
      help: 'Deliveries given up on without reaching a dead-letter queue (none configured, or sending to it failed); each is logged.',
      labelNames: ['reason'] as const,
      registers,
    });
    this.ticks = new Counter({
      name: 'switchboard_events_schedule_ticks_total',
      help: 'Scheduled rule ticks fired.',
      registers,
    });
    new Gauge({
      name: 'switchboard_events_pending_deliveries',
      help: 'Deliveries accepted but not yet delivered, dead-lettered or dropped.',
      registers,
      async collect() {
        this.set(await pending());
      },
    });
  }
}
