/**
 * List operations: `NamePrefix`, a filter, `Limit` (1–100) and an opaque `NextToken` over the
 * resource store's name order. A token is the last name served, so a page stays correct
 * while resources come and go between calls.
 */
import type { RequestContext } from '../../../core/context.js';
import type { ResourceRecord, ResourceStore } from '../../../storage/port.js';
import { ExtrasErrors } from './errors.js';
import { Fields, NAME } from './validation.js';

export const MAX_LIMIT = 100;
const BATCH = 100;

export interface Page<T> {
  readonly items: Array<ResourceRecord<T>>;
  readonly nextToken: string | undefined;
}

export interface PageRequest {
  readonly prefix: string | undefined;
  readonly limit: number;
  readonly after: string | undefined;
}

function encodeToken(name: string): string {
  return Buffer.from(JSON.stringify({ after: name }), 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through: any token we did not make is invalid
  }
  throw ExtrasErrors.validation('The NextToken is not valid; pass the NextToken of a previous response unchanged.');
}

/** Reads `NamePrefix`, `Limit` and `NextToken` of a List request. */
export function pageRequest(f: Fields, prefixRule = NAME): PageRequest {
  const token = f.string('NextToken', { min: 1, max: 2048 });
  return {
    prefix: f.string('NamePrefix', prefixRule),
    limit: f.integer('Limit', { min: 1, max: MAX_LIMIT }) ?? MAX_LIMIT,
    after: token === undefined ? undefined : decodeToken(token),
  };
}

/** One page of the resources of `kind` in the caller's account and region that `keep` accepts. */
export async function listPage<T>(
  resources: ResourceStore,
  kind: string,
  ctx: RequestContext,
  request: PageRequest,
  keep: (body: T) => boolean = () => true,
): Promise<Page<T>> {
  const items: Array<ResourceRecord<T>> = [];
  let after = request.after;
  for (;;) {
    const batch = await resources.list<T>(kind, ctx.account, ctx.region, {
      ...(request.prefix === undefined ? {} : { prefix: request.prefix }),
      ...(after === undefined ? {} : { after }),
      limit: BATCH,
    });
    for (let i = 0; i < batch.length; i++) {
      const record = batch[i]!;
      if (!keep(record.body)) continue;
      items.push(record);
      if (items.length === request.limit) {
        // A token only when something may follow; the next page may still filter to empty.
        const more = i < batch.length - 1 || batch.length === BATCH;
        return { items, nextToken: more ? encodeToken(record.name) : undefined };
      }
    }
    if (batch.length < BATCH) return { items, nextToken: undefined };
    after = batch[batch.length - 1]!.name;
  }
}

/** A time as the JSON protocols carry it: epoch seconds. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
