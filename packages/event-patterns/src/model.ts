/**
 * The compiled form of a pattern: a list of alternatives (`$or` expanded), each a list of
 * field conditions that must all hold; a condition holds when one of its matchers matches a
 * leaf value at its path, or (with `exists: false` among its values) when the path has none.
 */
import type { CidrRange } from './ip.js';
import type { NumberKey } from './numbers.js';
import type { Wildcard } from './wildcard.js';

export type Matcher =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly key: NumberKey; readonly text: string }
  | { readonly kind: 'literal'; readonly value: boolean | null }
  | { readonly kind: 'prefix'; readonly value: string; readonly fold: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly fold: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly wildcard: Wildcard }
  | {
      readonly kind: 'numeric';
      readonly lo: number;
      readonly loOpen: boolean;
      readonly hi: number;
      readonly hiOpen: boolean;
    }
  | { readonly kind: 'cidr'; readonly range: CidrRange }
  | { readonly kind: 'exists' }
  | { readonly kind: 'anything-but'; readonly not: readonly Matcher[] };

export interface Condition {
  /** Event field names from the root. */
  readonly path: readonly string[];
  /** Dotted path in the pattern, for messages (`detail.state`, `$or[1].source`). */
  readonly where: string;
  /** ORed matchers; may be empty when the values are only `{"exists": false}`. */
  readonly matchers: readonly Matcher[];
  /** Also holds when the path has no leaf value. */
  readonly orAbsent: boolean;
  /** The condition's match values as JSON text, for explanations. */
  readonly source: string;
}

/** One alternative: conditions that must all hold. */
export type Branch = readonly Condition[];

export interface PatternModel {
  readonly branches: readonly Branch[];
  /** The pattern as canonical JSON text (numerals as written). */
  readonly json: string;
}
