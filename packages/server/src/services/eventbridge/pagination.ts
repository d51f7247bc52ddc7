/**
 * NextToken for the List* operations: an opaque, URL-safe encoding of the last name a page
 * returned. A token that does not decode is a ValidationException, as in AWS.
 */
import { EbErrors } from './errors.js';

/** A token that resumes a listing after `lastName`. */
export function encodeToken(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName }), 'utf8').toString('base64url');
}

/** The name a token resumes after; undefined for no token. */
export function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof value.after === 'string') return value.after;
  } catch {
    // fall through to the error below
  }
  throw EbErrors.validation('The NextToken provided is not valid.');
}

/** One page of `items` (already in name order, fetched with one extra item to know if more follow). */
export function page<T>(items: readonly T[], limit: number, nameOf: (item: T) => string): { items: T[]; next?: string } {
  if (items.length <= limit) return { items: [...items] };
  const kept = items.slice(0, limit);
  return { items: kept, next: encodeToken(nameOf(kept[kept.length - 1] as T)) };
}
