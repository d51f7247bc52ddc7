/**
 * Starting and stopping a Switchboard server: open the store, start the services, listen.
 * Closing stops taking requests, lets in-flight ones finish, stops background work, and
 * closes the store after its last write is durable.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { systemClock, type Clock } from './core/clock.js';
import type { ServiceModule } from './core/service.js';
import { buildApp } from './http/app.js';
import { Metrics } from './http/metrics.js';
import { createServices } from './services/index.js';
import { openConfiguredStore } from './storage/open.js';
import type { Store } from './storage/port.js';

export interface ServerOptions {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Directory of the embedded store. Default `./.switchboard`. */
  readonly dataDir?: string;
  /**
   * A `postgres://` URL: keep state in PostgreSQL (several nodes may share it) instead of the
   * embedded SQLite file in `dataDir`.
   */
  readonly storeUrl?: string;
  /** The PostgreSQL schema of `storeUrl` (default `public`). */
  readonly storeSchema?: string;
  /** PostgreSQL connections in this node's pool (default 10). */
  readonly storePoolSize?: number;
  /** Use this store instead of opening one (and close it with the server). */
  readonly store?: Store;
  readonly clock?: Clock;
  /** pino level; default `info` (`silent` in tests). */
  readonly logLevel?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = pino({ level: options.logLevel ?? process.env['SWITCHBOARD_LOG_LEVEL'] ?? 'info' });
  const store = options.store ?? (await openConfiguredStore({ url: options.storeUrl, schema: options.storeSchema, dataDir: options.dataDir, poolSize: options.storePoolSize }));
  const metrics = new Metrics();
  metrics.storeStats(store.engine, () => store.stats());
  const deps = { store, clock: options.clock ?? systemClock, logger, metrics };
  const services: ServiceModule[] = createServices(deps);
  const started = Date.now();
  for (const s of services) await s.start();

  const app = buildApp({
    json: services.flatMap((s) => (s.json ? [s.json] : [])),
    query: services.flatMap((s) => (s.query ? [s.query] : [])),
    metrics,
    logger,
    health: () => ({
      store: store.engine,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      services: Object.fromEntries(services.map((s) => [s.name, s.health?.() ?? {}])),
    }),
  });
  await app.listen({ port: options.port ?? 4010, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store,
    close: () =>
      (closing ??= (async () => {
        for (const s of services) s.drain?.();
        // Requests that finish while closing leave keep-alive connections behind, which would
        // hold the close for the keep-alive timeout: close each one as soon as it goes idle.
        const sweep = setInterval(() => app.server.closeIdleConnections(), 25);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
        }
        for (const s of [...services].reverse()) await s.stop();
        await store.close();
      })()),
  };
}
