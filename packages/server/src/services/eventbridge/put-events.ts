/**
 * PutEvents: 1 to 10 entries, each becoming an event on its bus, with failures reported per
 * entry (ErrorCode, ErrorMessage, FailedEntryCount) while the valid entries are accepted.
 * Entry size is computed as the EventBridge user guide says ("Calculating PutEvents event
 * entry size": Time counts 14 bytes, then the UTF-8 bytes of Source, DetailType, Detail and
 * each Resources entry) and the request may hold at most 1 MiB of it — the limit AWS has
 * documented since January 2026 (it was 256 KB before). The call returns only once every
 * accepted event and its deliveries are durable.
 */
import type { RequestContext } from '../../core/context.js';
import type { JsonOperation } from '../../http/protocols.js';
import { parseBusArn, type BusRef } from './arns.js';
import { envelope } from './envelope.js';
import { EbErrors } from './errors.js';
import type { Accepted } from './ingest.js';
import type { Services } from './services.js';
import { Fields, Shapes } from './validate.js';

/** The most entry bytes one PutEvents request may carry (1 MiB). */
export const MAX_REQUEST_ENTRY_BYTES = 1024 * 1024;
/** Most entries one PutEvents request may carry. */
export const MAX_ENTRIES = 10;

/** Times an ISO 8601 `time` can hold: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (epoch ms). */
const MIN_TIME = -62_135_596_800_000;
const MAX_TIME = 253_402_300_799_999;

interface Entry {
  readonly source?: string;
  readonly detailType?: string;
  readonly detail?: string;
  readonly resources?: readonly string[];
  readonly busName?: string;
  /** Epoch seconds, as the JSON protocol sends timestamps. */
  readonly time?: number;
}

interface EntryError {
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
}

function readEntry(m: Fields): Entry {
  const entry: Entry = {
    source: m.str('Source'),
    detailType: m.str('DetailType'),
    detail: m.str('Detail'),
    resources: m.strings('Resources', {}, { max: 2048 }),
    busName: m.str('EventBusName', Shapes.busNameOrArn),
    time: m.num('Time'),
  };
  m.str('TraceHeader', { min: 1, max: 500 });
  return entry;
}

/** The entry's size as EventBridge computes it. */
export function entrySize(e: Entry): number {
  let size = e.time !== undefined ? 14 : 0;
  for (const text of [e.source, e.detailType, e.detail, ...(e.resources ?? [])]) {
    if (text !== undefined) size += Buffer.byteLength(text, 'utf8');
  }
  return size;
}

/** PutEvents processes JSON nested at most this deep (as the API reference says). */
const MAX_DEPTH = 1100;

/** How deeply JSON text nests (brackets outside strings); checked before parsing it. */
function depthOf(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function required(field: string): EntryError {
  return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
}

/** The entry as an event on its bus, or why it is refused. */
function prepare(s: Services, e: Entry, ctx: RequestContext, now: number): Accepted | EntryError {
  if (!e.source) return required('Source');
  if (!e.detailType) return required('DetailType');
  if (e.detail === undefined || e.detail === '') return required('Detail');
  // Nesting deeper than MAX_DEPTH needs more than MAX_DEPTH brackets: shorter text is never too deep.
  if (e.detail.length > MAX_DEPTH && depthOf(e.detail) > MAX_DEPTH) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: `Detail is malformed. Reason: JSON nested deeper than ${MAX_DEPTH} levels.` };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(e.detail);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed. Reason: Detail must be a JSON object.' };
  }
  if (e.source.startsWith('aws.')) {
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  }
  let ref: BusRef | undefined = { account: ctx.account, region: ctx.region, name: e.busName || 'default' };
  if (e.busName?.startsWith('arn:')) ref = parseBusArn(e.busName);
  const bus = ref ? s.registry.bus(ref) : undefined;
  if (!bus) return { ErrorCode: 'InvalidArgument', ErrorMessage: `Event bus ${ref?.name ?? e.busName} does not exist.` };
  const time = e.time !== undefined ? e.time * 1000 : now;
  if (!(time >= MIN_TIME && time <= MAX_TIME)) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid. Reason: the time must fall between the years 0001 and 9999.' };
  }
  const event = envelope({
    detailType: e.detailType,
    source: e.source,
    account: ctx.account,
    region: ctx.region,
    time,
    resources: e.resources ?? [],
    detail,
  });
  return { bus, event };
}

/** The PutEvents operation. */
export function putEventsOperations(s: Services): Record<string, JsonOperation> {
  return {
    async PutEvents(input, ctx) {
      const f = Fields.of(input);
      const list = f.list('Entries', { required: true, min: 1, max: MAX_ENTRIES }) ?? [];
      f.str('EndpointId', { min: 1, max: 50 });
      const entries = list.map((_, i) => readEntry(f.member('Entries', list, i)));
      f.check();
      if (entries.reduce((sum, e) => sum + entrySize(e), 0) > MAX_REQUEST_ENTRY_BYTES) {
        throw EbErrors.validation('Total size of the entries in the request is over the limit.');
      }
      const now = s.clock.now();
      const prepared = entries.map((e) => prepare(s, e, ctx, now));
      const accepted = prepared.filter((p): p is Accepted => 'event' in p);
      if (accepted.length > 0) await s.ingestor.accept(accepted);
      const Entries = prepared.map((p) => ('event' in p ? { EventId: p.event.id } : p));
      return { FailedEntryCount: prepared.length - accepted.length, Entries };
    },
  };
}
