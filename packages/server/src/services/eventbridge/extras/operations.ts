/** The AWSEvents operations the extras serve, by name, for the core to merge into its service. */
import type { JsonOperation } from '../../../http/protocols.js';
import type { ApiDestinationService } from './api-destinations.js';
import type { ArchiveService } from './archives.js';
import type { ConnectionService } from './connections.js';
import type { ReplayService } from './replays.js';

export interface ExtrasServices {
  readonly connections: ConnectionService;
  readonly destinations: ApiDestinationService;
  readonly archives: ArchiveService;
  readonly replays: ReplayService;
}

export function extrasOperations(s: ExtrasServices): Record<string, JsonOperation> {
  const { connections: c, destinations: d, archives: a, replays: r } = s;
  return {
    CreateConnection: (input, ctx) => c.create(input, ctx),
    DescribeConnection: (input, ctx) => c.describe(input, ctx),
    ListConnections: (input, ctx) => c.list(input, ctx),
    UpdateConnection: (input, ctx) => c.update(input, ctx),
    DeleteConnection: (input, ctx) => c.delete(input, ctx),
    DeauthorizeConnection: (input, ctx) => c.deauthorize(input, ctx),
    CreateApiDestination: (input, ctx) => d.create(input, ctx),
    DescribeApiDestination: (input, ctx) => d.describe(input, ctx),
    ListApiDestinations: (input, ctx) => d.list(input, ctx),
    UpdateApiDestination: (input, ctx) => d.update(input, ctx),
    DeleteApiDestination: (input, ctx) => d.delete(input, ctx),
    CreateArchive: (input, ctx) => a.create(input, ctx),
    DescribeArchive: (input, ctx) => a.describe(input, ctx),
    ListArchives: (input, ctx) => a.list(input, ctx),
    UpdateArchive: (input, ctx) => a.update(input, ctx),
    DeleteArchive: (input, ctx) => a.delete(input, ctx),
    StartReplay: (input, ctx) => r.start(input, ctx),
    DescribeReplay: (input, ctx) => r.describe(input, ctx),
    ListReplays: (input, ctx) => r.list(input, ctx),
    CancelReplay: (input, ctx) => r.cancel(input, ctx),
  };
}
