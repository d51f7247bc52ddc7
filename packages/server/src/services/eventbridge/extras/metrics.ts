/**
 * Prometheus metrics of the extras, on the server's registry. Registering twice (the extras
 * re-created on one registry) reuses the counters rather than failing.
 */
import { Counter, type Registry } from 'prom-client';
import type { Metrics } from '../../../http/metrics.js';

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export class ExtrasMetrics {
  readonly invocations: Counter<'outcome'>;
  readonly archived: Counter;
  readonly replayed: Counter;

  constructor(metrics: Metrics) {
    const r = metrics.registry;
    this.invocations = counter(r, 'switchboard_eventbridge_api_destination_invocations_total',
      'API destination invocations by outcome (ok, HTTP_<status>, SDK_CLIENT_ERROR, ...).', ['outcome'] as const);
    this.archived = counter(r, 'switchboard_eventbridge_archived_events_total', 'Events written to archives (one per archive that took the event).');
    this.replayed = counter(r, 'switchboard_eventbridge_replayed_events_total', 'Archived events put back on a bus by replays.');
  }
}
