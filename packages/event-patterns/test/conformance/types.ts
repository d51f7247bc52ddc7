/**
 * Shared shapes and small builders for the conformance tables.
 *
 * Every pattern and event is JSON *text* so that numerals keep their exact spelling
 * (`3.0`, `3e0`, `9007199254740993`). Cases were written by hand from the Amazon
 * EventBridge user guide (event patterns, content filtering / comparison operators,
 * arrays), the aws/event-ruler README and SEMANTICS.md.
 */

export interface MatchCase {
  /** Unique, human-readable; also used as the rule name in RuleSet checks. */
  name: string;
  /** Pattern as JSON text. */
  pattern: string;
  /** Event as JSON text. */
  event: string;
  /** Whether the pattern matches the event. */
  matches: boolean;
  /** Why the expectation is what it is, when it is not obvious (or is a guess). */
  note?: string;
  /**
   * The event text holds a numeral that a double cannot represent exactly, so
   * `matches(JSON.parse(event))` would see a different number: only the JSON-text
   * entry points (`matchesJSON`, `RuleSet.matchJSON`) are checked.
   */
  exactTextOnly?: boolean;
}

export interface InvalidCase {
  name: string;
  /** Pattern as JSON text (it may also be text that is not JSON at all). */
  pattern: string;
  /** Expected `PatternError.code`. */
  code: string;
  /** Expected `PatternError.path`. */
  path: string;
  note?: string;
}

export interface CaseOptions {
  note?: string;
  exactTextOnly?: boolean;
}

/** One event for `each()`: [event JSON text, expected, optional label, optional options]. */
export type EventRow =
  | readonly [event: string, matches: boolean]
  | readonly [event: string, matches: boolean, label: string]
  | readonly [event: string, matches: boolean, label: string, options: CaseOptions];

export interface MatchGroupBuilder {
  readonly cases: MatchCase[];
  /** A single (pattern, event) case. */
  add(name: string, pattern: string, event: string, matches: boolean, options?: CaseOptions): void;
  /** Several events against one pattern; each row becomes its own case. */
  each(name: string, pattern: string, rows: readonly EventRow[], options?: CaseOptions): void;
}

/** Creates a builder whose case names are prefixed with `group: `. */
export function matchGroup(group: string): MatchGroupBuilder {
  const cases: MatchCase[] = [];
  const push = (name: string, pattern: string, event: string, matches: boolean, options?: CaseOptions): void => {
    const c: MatchCase = { name: `${group}: ${name}`, pattern, event, matches };
    if (options?.note !== undefined) c.note = options.note;
    if (options?.exactTextOnly === true) c.exactTextOnly = true;
    cases.push(c);
  };
  return {
    cases,
    add: push,
    each(name, pattern, rows, options) {
      for (const row of rows) {
        const [event, matches] = row;
        const label = row.length >= 3 ? row[2] : event;
        const rowOptions = row.length >= 4 ? row[3] : undefined;
        const merged: CaseOptions = {};
        const note = rowOptions?.note ?? options?.note;
        if (note !== undefined) merged.note = note;
        if (rowOptions?.exactTextOnly === true || options?.exactTextOnly === true) merged.exactTextOnly = true;
        push(`${name} | ${label} -> ${matches ? 'match' : 'no match'}`, pattern, event, matches, merged);
      }
    },
  };
}
