/**
 * StartReplay, DescribeReplay, ListReplays and CancelReplay. A replay puts an archive's
 * events of a time window back on the bus the archive takes events from (optionally only
 * to some of its rules); the work runs in the background (replay-runner.ts) and its state
 * and progress are read back from the stored record.
 */
import type { RequestContext } from '../../../core/context.js';
import type { ServiceDeps } from '../../../core/service.js';
import type { ArchiveService } from './archives.js';
import { Arns, isRuleArn, parseNamedArn } from './arns.js';
import { ExtrasErrors, storageCall } from './errors.js';
import { epochSeconds, listPage, pageRequest } from './paging.js';
import {
  ACTIVE_STATES, mutateReplay, REPLAY_STATES, replayKey, withState, type ReplayBody, type ReplayRecord,
} from './replay-model.js';
import type { ReplayRunner } from './replay-runner.js';
import { ARN, DESCRIPTION, Fields, invalid, NAME } from './validation.js';

/** AWS: at most 10 active concurrent replays per account and region. */
export const MAX_ACTIVE_REPLAYS = 10;

function times(b: ReplayBody): Record<string, number> {
  return {
    EventStartTime: epochSeconds(b.eventStartTime),
    EventEndTime: epochSeconds(b.eventEndTime),
    ...(b.eventLastReplayedTime === undefined ? {} : { EventLastReplayedTime: epochSeconds(b.eventLastReplayedTime) }),
    ReplayStartTime: epochSeconds(b.replayStartTime),
    ...(b.replayEndTime === undefined ? {} : { ReplayEndTime: epochSeconds(b.replayEndTime) }),
  };
}

function state(b: ReplayBody): Record<string, string> {
  return { State: b.state, ...(b.stateReason ? { StateReason: b.stateReason } : {}) };
}

export class ReplayService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly archives: ArchiveService,
    private readonly runner: ReplayRunner,
  ) {}

  async start(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const name = f.requiredString('ReplayName', NAME);
    const description = f.string('Description', DESCRIPTION);
    const source = f.requiredString('EventSourceArn', ARN);
    const start = f.requiredTimestamp('EventStartTime');
    const end = f.requiredTimestamp('EventEndTime');
    const destination = f.requiredObject('Destination');
    const busArn = destination.requiredString('Arn', ARN);
    const filterArns = destination.strings('FilterArns', ARN);
    const now = this.deps.clock.now();
    if (start >= end) throw ExtrasErrors.validation('EventStartTime must be before EventEndTime.');
    if (end > now) throw ExtrasErrors.validation('EventEndTime cannot be in the future.');
    filterArns?.forEach((arn, i) => {
      if (!isRuleArn(arn)) throw invalid(`destination.filterArns.${i + 1}`, arn, 'must be the ARN of a rule');
    });
    if (!parseNamedArn(source, 'archive', 1)) throw invalid('eventSourceArn', source, 'must be the ARN of an archive');
    const archive = await this.archives.byArn(source, ctx);
    if (!archive) throw ExtrasErrors.notFound(`Archive ${parseNamedArn(source, 'archive', 1)!.name} does not exist.`);
    if (busArn !== archive.body.eventSourceArn) {
      throw ExtrasErrors.validation(
        `Destination.Arn must be the event bus archive ${archive.name} takes events from (${archive.body.eventSourceArn}).`,
      );
    }
    const replays = await this.deps.store.resources.list<ReplayBody>('replay', ctx.account, ctx.region);
    if (replays.filter((r) => ACTIVE_STATES.has(r.body.state)).length >= MAX_ACTIVE_REPLAYS) {
      throw ExtrasErrors.limitExceeded(`The limit of ${MAX_ACTIVE_REPLAYS} active replays per account and region has been reached.`);
    }
    const body: ReplayBody = {
      arn: Arns.replay(ctx.region, ctx.account, name),
      ...(description === undefined ? {} : { description }),
      eventSourceArn: source, archiveStorageId: archive.body.storageId,
      eventStartTime: start, eventEndTime: end,
      destination: { Arn: busArn, ...(filterArns === undefined ? {} : { FilterArns: filterArns }) },
      state: 'STARTING', replayStartTime: now,
    };
    const record = await storageCall(`Replay ${name}`, () => this.deps.store.resources.create(replayKey(ctx.account, ctx.region, name), body, now));
    this.runner.start(record);
    return { ReplayArn: body.arn, State: body.state, ReplayStartTime: epochSeconds(now) };
  }

  async describe(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('ReplayName', NAME));
    const b = r.body;
    return {
      ReplayName: r.name, ReplayArn: b.arn, ...(b.description === undefined ? {} : { Description: b.description }),
      ...state(b), EventSourceArn: b.eventSourceArn, Destination: b.destination, ...times(b),
    };
  }

  async list(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const wanted = f.enumValue('State', REPLAY_STATES);
    const source = f.string('EventSourceArn', ARN);
    const page = await listPage<ReplayBody>(
      this.deps.store.resources, 'replay', ctx, pageRequest(f),
      (b) => (wanted === undefined || b.state === wanted) && (source === undefined || b.eventSourceArn === source),
    );
    return {
      Replays: page.items.map((r) => ({ ReplayName: r.name, EventSourceArn: r.body.eventSourceArn, ...state(r.body), ...times(r.body) })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async cancel(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('ReplayName', NAME));
    let refused: string | undefined;
    const updated = await mutateReplay(this.deps, r, (b) => {
      refused = b.state === 'STARTING' || b.state === 'RUNNING' ? undefined : b.state;
      return refused === undefined ? withState(b, 'CANCELLING') : undefined;
    });
    if (!updated) throw ExtrasErrors.notFound(`Replay ${r.name} does not exist.`);
    if (refused !== undefined) {
      throw ExtrasErrors.illegalStatus(`Replay ${r.name} is ${refused}; only a STARTING or RUNNING replay can be cancelled.`);
    }
    // A replay no node runs (none should be) would otherwise stay CANCELLING.
    this.runner.start(updated);
    return { ReplayArn: updated.body.arn, ...state(updated.body) };
  }

  private async require(ctx: RequestContext, name: string): Promise<ReplayRecord> {
    const r = await this.deps.store.resources.get<ReplayBody>(replayKey(ctx.account, ctx.region, name));
    if (!r) throw ExtrasErrors.notFound(`Replay ${name} does not exist.`);
    return r;
  }
}
