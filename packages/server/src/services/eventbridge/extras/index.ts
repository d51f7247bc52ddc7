/**
 * EventBridge extras: connections, API destinations (the `api-destination` target kind),
 * archives and replays. The core merges `operations` into its AWSEvents service, registers
 * `drivers`, hands every accepted event to `archive`, and starts and stops the extras with
 * itself (start: load the archive index, resume unfinished replays, begin archive upkeep;
 * stop: let replays pause after their batch, end rate-limit waits, finish background work).
 */
import type { EventBridgeExtras, ExtrasDeps } from '../contracts.js';
import { ApiDestinationService } from './api-destinations.js';
import { ArchiveIndex } from './archive-index.js';
import { ArchiveRecorder } from './archive-sink.js';
import { ArchiveService } from './archives.js';
import { Background } from './background.js';
import { ConnectionService } from './connections.js';
import { ApiDestinationDriver, INVOCATION_TIMEOUT_MS } from './http-driver.js';
import { ArchiveMaintenance, type MaintenanceIntervals } from './maintenance.js';
import { ExtrasMetrics } from './metrics.js';
import { OAuthClient } from './oauth.js';
import { extrasOperations } from './operations.js';
import { RateLimiter } from './rate-limit.js';
import { DEFAULT_REPLAY_OPTIONS, ReplayRunner, type ReplayRunnerOptions } from './replay-runner.js';
import { ReplayService } from './replays.js';

/** Tuning, mostly for tests; the defaults are what a server runs with. */
export interface ExtrasOptions {
  readonly maintenance?: MaintenanceIntervals;
  readonly replay?: ReplayRunnerOptions;
  readonly invocationTimeoutMs?: number;
}

const DEFAULT_MAINTENANCE: MaintenanceIntervals = { refreshMs: 5_000, sweepMs: 60 * 60 * 1000 };

export function createEventBridgeExtras(x: ExtrasDeps, options: ExtrasOptions = {}): EventBridgeExtras {
  const { deps, ingest } = x;
  const metrics = new ExtrasMetrics(deps.metrics);
  const background = new Background(deps.logger);
  const limiter = new RateLimiter();
  const index = new ArchiveIndex();
  const maintenance = new ArchiveMaintenance(deps, ingest, index);
  const runner = new ReplayRunner(deps, ingest, background, metrics, options.replay ?? DEFAULT_REPLAY_OPTIONS);

  const connections = new ConnectionService(deps, new OAuthClient(), background);
  const destinations = new ApiDestinationService(deps, connections);
  const archives = new ArchiveService(deps, ingest, index, (storageId) =>
    background.run(`purging archive events ${storageId}`, () => maintenance.purge(storageId)),
  );
  const replays = new ReplayService(deps, archives, runner);

  return {
    operations: extrasOperations({ connections, destinations, archives, replays }),
    drivers: [new ApiDestinationDriver(destinations, connections, limiter, metrics, options.invocationTimeoutMs ?? INVOCATION_TIMEOUT_MS)],
    archive: new ArchiveRecorder(index, deps.store.archives, metrics),
    async start() {
      await maintenance.start(options.maintenance ?? DEFAULT_MAINTENANCE);
      await runner.recover();
    },
    async stop() {
      runner.stop();
      limiter.close();
      await maintenance.stop();
      await background.drain();
    },
  };
}
