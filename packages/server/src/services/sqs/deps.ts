/** What every SQS operation module works with. */
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import type { QueueStore } from '../../storage/queue-port.js';
import type { QueueLookup } from './lookup.js';
import type { SqsMetrics } from './metrics.js';
import type { Input } from './validation.js';

export interface SqsDeps {
  readonly store: QueueStore;
  readonly clock: Clock;
  readonly lookup: QueueLookup;
  readonly logger: FastifyBaseLogger;
  readonly metrics: SqsMetrics;
}

/** One operation on the JSON shape both protocols decode to; returns the JSON-shaped result. */
export type SqsOperation = (input: Input, ctx: RequestContext) => Promise<Record<string, unknown>>;
