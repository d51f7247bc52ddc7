/** Prometheus metrics of the HTTP layer (services register their own on the same registry). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'switchboard_requests_total',
    help: 'API requests by service, operation and HTTP status.',
    labelNames: ['service', 'operation', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'switchboard_request_duration_seconds',
    help: 'API request latency by service and operation.',
    labelNames: ['service', 'operation'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 25],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }

  /** Exposes the store's counters as `switchboard_store_<name>` (read at scrape time). */
  storeStats(engine: string, stats: () => Readonly<Record<string, number>>): void {
    for (const name of Object.keys(stats())) {
      new Gauge({
        name: `switchboard_store_${name}`,
        help: `Storage engine counter ${name} (${engine}).`,
        registers: [this.registry],
        collect() {
          this.set(stats()[name] ?? 0);
        },
      });
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  request(service: string, operation: string, status: number, ms: number): void {
    this.requests.inc({ service, operation, status: String(status) });
    this.latency.observe({ service, operation }, ms / 1000);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
