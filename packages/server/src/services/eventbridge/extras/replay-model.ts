/**
 * A replay as stored (`replay` resources): what to replay, where, and how far it got. The
 * record is the replay's only state, so a restart can pick it up where it stopped; every
 * change goes through `mutateReplay`, which re-reads and re-applies on a concurrent change
 * (CancelReplay and the runner both write it).
 */
import type { ServiceDeps } from '../../../core/service.js';
import { StorageError, type ResourceKey, type ResourceRecord } from '../../../storage/port.js';
import type { ArchivePosition } from '../../../storage/archive-port.js';

export const REPLAY_STATES = ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;
export type ReplayState = (typeof REPLAY_STATES)[number];

/** States in which a replay still has work to do (and counts against the concurrency limit). */
export const ACTIVE_STATES: ReadonlySet<ReplayState> = new Set(['STARTING', 'RUNNING', 'CANCELLING']);

export interface ReplayBody {
  readonly arn: string;
  readonly description?: string;
  /** The archive's ARN. */
  readonly eventSourceArn: string;
  /** The archive incarnation's events (a re-created archive of the same name is not this one). */
  readonly archiveStorageId: string;
  /** The window, epoch ms: events with start <= time < end. */
  readonly eventStartTime: number;
  readonly eventEndTime: number;
  readonly destination: { readonly Arn: string; readonly FilterArns?: readonly string[] };
  readonly state: ReplayState;
  readonly stateReason?: string;
  readonly replayStartTime: number;
  readonly replayEndTime?: number;
  /** Event time of the last event replayed. */
  readonly eventLastReplayedTime?: number;
  /** Where the next batch starts: after the last event replayed. */
  readonly position?: ArchivePosition;
  /**
   * The node running it, until when (epoch ms). Renewed with every batch; once it runs out (the
   * node stopped or crashed) any node may take the replay over from its stored position.
   */
  readonly runner?: { readonly owner: string; readonly until: number };
}

export type ReplayRecord = ResourceRecord<ReplayBody>;

export const replayKey = (account: string, region: string, name: string): ResourceKey => ({ kind: 'replay', account, region, name });

const keyOf = (r: ReplayRecord): ResourceKey => replayKey(r.account, r.region, r.name);

/**
 * Applies `change` to the current body and stores it, retrying on a concurrent change.
 * `change` may return undefined to leave the replay as it is. Resolves with the stored
 * record, or undefined when the replay no longer exists.
 */
export async function mutateReplay(
  deps: ServiceDeps,
  start: ReplayRecord,
  change: (current: ReplayBody) => ReplayBody | undefined,
): Promise<ReplayRecord | undefined> {
  let current: ReplayRecord | undefined = start;
  for (let attempt = 0; attempt < 10 && current; attempt++) {
    const body = change(current.body);
    if (!body) return current;
    try {
      return await deps.store.resources.update(keyOf(current), body, deps.clock.now(), current.version);
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      if (err.code === 'NOT_FOUND') return undefined;
      current = await deps.store.resources.get<ReplayBody>(keyOf(current));
    }
  }
  if (!current) return undefined;
  throw new StorageError('CONFLICT', `replay ${start.name} kept changing under an update`);
}

/** The body without its state reason (set again only when the new state has one). */
export function withState(body: ReplayBody, state: ReplayState, reason?: string): ReplayBody {
  const { stateReason: _dropped, ...rest } = body;
  return { ...rest, state, ...(reason === undefined ? {} : { stateReason: reason.slice(0, 512) }) };
}
