/** What a service module gives the server, and what the server gives it. */
import type { FastifyBaseLogger } from 'fastify';
import type { JsonService, QueryService } from '../http/protocols.js';
import type { Metrics } from '../http/metrics.js';
import type { Store } from '../storage/port.js';
import type { Clock } from './clock.js';

export interface ServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: FastifyBaseLogger;
  readonly metrics: Metrics;
}

export interface ServiceModule {
  readonly name: string;
  readonly json?: JsonService;
  readonly query?: QueryService;
  /** Loads caches and starts background work (delivery, timers). */
  start(): Promise<void>;
  /**
   * Called when the server starts closing, before it waits for in-flight requests: end long
   * waits (SQS long polls) now so their requests answer and the close is not held up.
   */
  drain?(): void;
  /** Stops background work, letting in-flight work finish. */
  stop(): Promise<void>;
  /** Extra fields for GET /health. */
  health?(): Record<string, unknown>;
}
