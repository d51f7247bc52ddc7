/** What the operation handlers share: the catalog, routing state, ingestion and target kinds. */
import type { Clock } from '../../core/clock.js';
import type { TargetDriver } from './contracts.js';
import type { Catalog } from './catalog.js';
import type { Ingestor } from './ingest.js';
import type { Registry } from './registry.js';

export interface Services {
  readonly catalog: Catalog;
  readonly registry: Registry;
  readonly ingestor: Ingestor;
  readonly clock: Clock;
  /** The driver for a target ARN, or undefined when no target kind delivers to it. */
  driverFor(arn: string): TargetDriver | undefined;
}
