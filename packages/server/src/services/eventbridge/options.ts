/**
 * Internal tuning of the delivery engine. Defaults suit production; tests shorten the times
 * through environment variables (read when the module is created) or the `options`
 * argument of createEventBridgeModule, which wins over the environment:
 * - SWITCHBOARD_EVENTS_RETRY_BASE_MS: first retry delay before jitter (default 1000; doubles per attempt,
 *   capped at 300 × base).
 * - SWITCHBOARD_EVENTS_LEASE_MS: how long a node's claim on a delivery lasts without renewal (default
 *   10000; a live node renews every third of it); after a crash, its deliveries resume when this runs out.
 * - SWITCHBOARD_EVENTS_POLL_MS: longest sleep of the delivery and schedule loops (default 1000); bounds
 *   how late work made due by another node or by a moved clock is noticed.
 * - SWITCHBOARD_EVENTS_DISPATCH=off: accept and store events but deliver nothing (restart tests, maintenance).
 */
import type { TargetDriver } from './contracts.js';

/** Tuning given to createEventBridgeModule. */
export interface EventBridgeOptions {
  readonly retryBaseMs?: number;
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly dispatch?: boolean;
  /** Deliveries one node runs at once. */
  readonly concurrency?: number;
  /** Extra target kinds (embedding, tests), tried before the built-in ones. */
  readonly drivers?: readonly TargetDriver[];
}

/** The tuning in force, after the environment and defaults are applied. */
export interface ResolvedOptions {
  readonly retryBaseMs: number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly dispatch: boolean;
  readonly concurrency: number;
  readonly drivers: readonly TargetDriver[];
}

function envNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Options, then the environment, then the defaults. */
export function resolveOptions(options: EventBridgeOptions = {}): ResolvedOptions {
  return {
    retryBaseMs: options.retryBaseMs ?? envNumber('SWITCHBOARD_EVENTS_RETRY_BASE_MS', 1000),
    leaseMs: options.leaseMs ?? envNumber('SWITCHBOARD_EVENTS_LEASE_MS', 10_000),
    pollMs: options.pollMs ?? envNumber('SWITCHBOARD_EVENTS_POLL_MS', 1000),
    dispatch: options.dispatch ?? process.env['SWITCHBOARD_EVENTS_DISPATCH'] !== 'off',
    concurrency: options.concurrency ?? 64,
    drivers: options.drivers ?? [],
  };
}
