/**
 * Connections, API destinations, archives and replays (being built; until then this adds no
 * operations, no target kinds, and archives nothing).
 */
import type { EventBridgeExtras, ExtrasDeps } from '../contracts.js';

export function createEventBridgeExtras(_x: ExtrasDeps): EventBridgeExtras {
  return {
    operations: {},
    drivers: [],
    archive: { record: async () => {} },
    start: async () => {},
    stop: async () => {},
  };
}
