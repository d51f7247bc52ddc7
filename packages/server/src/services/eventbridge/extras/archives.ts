/**
 * Archives: which events of a bus to keep (an optional event pattern) and for how long
 * (RetentionDays, 0 = indefinitely). Stored as `archive` resources; the events themselves
 * go to the ArchiveStore under the archive's `storageId`, fresh for every incarnation so a
 * re-created archive never sees its predecessor's events.
 */
import { randomUUID } from 'node:crypto';
import { compilePattern, PatternError } from '@switchboard/event-patterns';
import type { RequestContext } from '../../../core/context.js';
import type { ServiceDeps } from '../../../core/service.js';
import type { ResourceKey, ResourceRecord } from '../../../storage/port.js';
import type { EventIngest } from '../contracts.js';
import type { ArchiveIndex } from './archive-index.js';
import { Arns, parseNamedArn } from './arns.js';
import { ExtrasErrors, storageCall } from './errors.js';
import { epochSeconds, listPage, pageRequest } from './paging.js';
import { ARN, DESCRIPTION, Fields, type StringRule } from './validation.js';

export const ARCHIVE_STATES = ['ENABLED', 'DISABLED', 'CREATING', 'UPDATING', 'CREATE_FAILED', 'UPDATE_FAILED'] as const;
export type ArchiveState = (typeof ARCHIVE_STATES)[number];

export interface ArchiveBody {
  readonly arn: string;
  /** Files this incarnation's events in the ArchiveStore. */
  readonly storageId: string;
  readonly eventSourceArn: string;
  readonly description?: string;
  readonly eventPattern?: string;
  readonly retentionDays: number;
  /** ENABLED, or DISABLED while its bus does not exist. */
  readonly state: ArchiveState;
  readonly stateReason?: string;
}

export type ArchiveRecord = ResourceRecord<ArchiveBody>;

export const ARCHIVE_NAME: StringRule = { min: 1, max: 48, pattern: /^[.\-_A-Za-z0-9]+$/ };
const PATTERN: StringRule = { max: 4096 };

export const archiveKey = (account: string, region: string, name: string): ResourceKey => ({ kind: 'archive', account, region, name });

/** Validates an event pattern, as InvalidEventPatternException saying where it is wrong. */
function checkPattern(pattern: string | undefined): void {
  if (pattern === undefined) return;
  try {
    compilePattern(pattern);
  } catch (err) {
    if (err instanceof PatternError) throw ExtrasErrors.invalidPattern(`Event pattern is not valid. Reason: ${err.message}`, err);
    throw err;
  }
}

export class ArchiveService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly ingest: EventIngest,
    private readonly index: ArchiveIndex,
    /** Removes a deleted archive's events in the background. */
    private readonly purgeLater: (storageId: string) => void,
  ) {}

  async create(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const name = f.requiredString('ArchiveName', ARCHIVE_NAME);
    const source = f.requiredString('EventSourceArn', ARN);
    const description = f.string('Description', DESCRIPTION);
    const eventPattern = f.string('EventPattern', PATTERN);
    const retentionDays = f.integer('RetentionDays', { min: 0 }) ?? 0;
    checkPattern(eventPattern);
    const bus = parseNamedArn(source, 'event-bus', 1);
    const busThere = bus && bus.account === ctx.account && bus.region === ctx.region && (await this.ingest.busExists(source));
    if (!busThere) throw ExtrasErrors.notFound(`Event bus ${bus?.name ?? source} does not exist.`);
    const body: ArchiveBody = {
      arn: Arns.archive(ctx.region, ctx.account, name), storageId: randomUUID(), eventSourceArn: source,
      ...(description === undefined ? {} : { description }),
      ...(eventPattern === undefined ? {} : { eventPattern }),
      retentionDays, state: 'ENABLED',
    };
    const now = this.deps.clock.now();
    const record = await storageCall(`Archive ${name}`, () => this.deps.store.resources.create(archiveKey(ctx.account, ctx.region, name), body, now));
    this.index.put(record);
    return { ArchiveArn: body.arn, State: body.state, CreationTime: epochSeconds(record.createdAt) };
  }

  async describe(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('ArchiveName', ARCHIVE_NAME));
    return {
      ArchiveArn: r.body.arn,
      ...(await this.view(r)),
      ...(r.body.description === undefined ? {} : { Description: r.body.description }),
      ...(r.body.eventPattern === undefined ? {} : { EventPattern: r.body.eventPattern }),
    };
  }

  async list(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const source = f.string('EventSourceArn', ARN);
    const state = f.enumValue('State', ARCHIVE_STATES);
    const page = await listPage<ArchiveBody>(
      this.deps.store.resources, 'archive', ctx, pageRequest(f, ARCHIVE_NAME),
      (b) => (source === undefined || b.eventSourceArn === source) && (state === undefined || b.state === state),
    );
    return {
      Archives: await Promise.all(page.items.map((r) => this.view(r))),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async update(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const name = f.requiredString('ArchiveName', ARCHIVE_NAME);
    const description = f.string('Description', DESCRIPTION);
    const eventPattern = f.string('EventPattern', PATTERN);
    const retentionDays = f.integer('RetentionDays', { min: 0 });
    checkPattern(eventPattern);
    const current = await this.require(ctx, name);
    const body: ArchiveBody = {
      ...current.body,
      ...(description === undefined ? {} : { description }),
      ...(eventPattern === undefined ? {} : { eventPattern }),
      ...(retentionDays === undefined ? {} : { retentionDays }),
    };
    const now = this.deps.clock.now();
    const record = await storageCall(`Archive ${name}`, () =>
      this.deps.store.resources.update(archiveKey(ctx.account, ctx.region, name), body, now, current.version),
    );
    this.index.put(record);
    return {
      ArchiveArn: body.arn, State: body.state, ...(body.stateReason ? { StateReason: body.stateReason } : {}),
      CreationTime: epochSeconds(record.createdAt),
    };
  }

  async delete(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('ArchiveName', ARCHIVE_NAME));
    if (!(await this.deps.store.resources.delete(archiveKey(r.account, r.region, r.name)))) {
      throw ExtrasErrors.notFound(`Archive ${r.name} does not exist.`);
    }
    this.index.remove(r);
    this.purgeLater(r.body.storageId);
    return {};
  }

  /** The archive an ARN names in the caller's account and region, if it exists. */
  async byArn(arn: string, ctx: RequestContext): Promise<ArchiveRecord | undefined> {
    const named = parseNamedArn(arn, 'archive', 1);
    if (!named || named.account !== ctx.account || named.region !== ctx.region) return undefined;
    return this.deps.store.resources.get<ArchiveBody>(archiveKey(named.account, named.region, named.name));
  }

  private async require(ctx: RequestContext, name: string): Promise<ArchiveRecord> {
    const r = await this.deps.store.resources.get<ArchiveBody>(archiveKey(ctx.account, ctx.region, name));
    if (!r) throw ExtrasErrors.notFound(`Archive ${name} does not exist.`);
    return r;
  }

  /** The fields DescribeArchive and ListArchives share, with the live event count and size. */
  private async view(r: ArchiveRecord): Promise<Record<string, unknown>> {
    const stats = await this.deps.store.archives.stats(r.body.storageId);
    return {
      ArchiveName: r.name, EventSourceArn: r.body.eventSourceArn, State: r.body.state,
      ...(r.body.stateReason ? { StateReason: r.body.stateReason } : {}),
      RetentionDays: r.body.retentionDays, SizeBytes: stats.sizeBytes, EventCount: stats.eventCount,
      CreationTime: epochSeconds(r.createdAt),
    };
  }
}
