/**
 * Amazon EventBridge on Switchboard: event buses, rules (event patterns and schedules),
 * targets with input transformation, PutEvents, and durable at-least-once delivery with
 * retries and dead-letter queues — plus the extras (connections, API destinations, archives,
 * replays), whose operations, target kinds and archive sink are merged in here.
 *
 * @example
 * const sqs = createSqsModule(deps);
 * modules.push(sqs, createEventBridgeModule(deps, sqs.api));
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceDeps, ServiceModule } from '../../core/service.js';
import type { JsonOperation } from '../../http/protocols.js';
import type { NewDelivery } from '../../storage/event-port.js';
import type { SqsApi } from '../sqs/api.js';
import { Catalog } from './catalog.js';
import type { EventEnvelope, TargetDriver } from './contracts.js';
import { DeadLetters } from './dead-letter.js';
import { Deliverer } from './delivery.js';
import { Dispatcher } from './dispatcher.js';
import { createEventBridgeExtras } from './extras/index.js';
import { Ingestor } from './ingest.js';
import { EventMetrics } from './metrics.js';
import { coreOperations } from './operations.js';
import { resolveOptions, type EventBridgeOptions } from './options.js';
import { Registry } from './registry.js';
import { Scheduler } from './schedule.js';
import type { Services } from './services.js';
import { busDriver } from './targets/bus.js';
import { sqsDriver } from './targets/sqs.js';

export type { EventBridgeOptions } from './options.js';

/**
 * The EventBridge service module: the AWSEvents JSON 1.1 service, and the background work
 * (delivery, schedules, the extras') it starts and stops. `options` tune the delivery engine
 * (see options.ts); without them the environment and the defaults apply.
 */
export function createEventBridgeModule(deps: ServiceDeps, sqs: SqsApi, options?: EventBridgeOptions): ServiceModule {
  const o = resolveOptions(options);
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const store = deps.store.events;
  const metrics = new EventMetrics(deps.metrics.registry, () => store.pendingCount());
  // Filled once the extras exist; everything below only reads it after start.
  const drivers: TargetDriver[] = [];
  const registry = new Registry((arn) => drivers.find((d) => d.handles(arn))?.kind ?? 'unknown', deps.logger);
  let dispatcher: Dispatcher | undefined;
  const deliverer = new Deliverer({
    store,
    drivers,
    deadLetters: new DeadLetters(sqs, deps.logger, metrics),
    clock: deps.clock,
    logger: deps.logger,
    metrics,
    owner,
    retryBaseMs: o.retryBaseMs,
    onRetry: (at) => dispatcher?.wake(at),
  });
  dispatcher = new Dispatcher(store, (d) => deliverer.run(d), deps.clock, deps.logger, {
    owner,
    leaseMs: o.leaseMs,
    pollMs: o.pollMs,
    concurrency: o.concurrency,
    enabled: o.dispatch,
  });
  // Deliveries to queues are completed in PutEvents' own commit, unless dispatching is off (a
  // test hook that keeps every delivery waiting in the store).
  const inline = o.dispatch
    ? async (d: NewDelivery, event: EventEnvelope, text: string) => {
        const prepared = await deliverer.prepareInline(d, event, text);
        return prepared && { send: prepared.send, stored: () => (prepared.stored(), deliverer.inlined('sqs')) };
      }
    : undefined;
  const ingestor = new Ingestor({ store, registry, dispatcher, clock: deps.clock, metrics, ...(inline ? { inline } : {}) });
  const scheduler = new Scheduler({ store, registry, dispatcher, clock: deps.clock, logger: deps.logger, metrics, pollMs: o.pollMs });
  const catalog = new Catalog(
    deps.store.resources,
    registry,
    deps.clock,
    (before, after) => scheduler.sync(before, after),
    (before, after) => scheduler.follow(before, after),
  );
  let unfollow = (): void => {};
  const extras = createEventBridgeExtras({ deps, ingest: ingestor });
  ingestor.setArchive(extras.archive);
  drivers.push(...o.drivers, sqsDriver(sqs), busDriver(registry, () => ingestor), ...extras.drivers);

  const services: Services = { catalog, registry, ingestor, clock: deps.clock, driverFor: (arn) => deliverer.driverFor(arn) };
  const core = coreOperations(services);
  const clashes = Object.keys(extras.operations).filter((name) => Object.hasOwn(core, name));
  if (clashes.length > 0) deps.logger.warn({ operations: clashes }, 'EventBridge extras define core operations; the core ones are used');
  const operations: Record<string, JsonOperation> = { ...extras.operations, ...core };
  const running = dispatcher;

  return {
    name: 'eventbridge',
    json: { targetPrefix: 'AWSEvents', jsonVersion: '1.1', operations },
    async start() {
      // Follow changes from the moment of loading, so none made meanwhile is missed.
      unfollow = catalog.follow(deps.store.resources.changes);
      await catalog.load();
      await scheduler.start();
      await extras.start();
      running.start();
    },
    async stop() {
      unfollow();
      await scheduler.stop();
      await extras.stop();
      await running.stop();
    },
    health() {
      return { rules: [...registry.rules()].length, dispatching: o.dispatch };
    },
  };
}
