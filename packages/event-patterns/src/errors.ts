/**
 * The one error class of the pattern language. Every invalid pattern is rejected with a
 * stable `code`, the `path` of the offending place in the pattern and a message that starts
 * with that path, e.g. `detail.price[0].numeric: ">" needs a number`.
 */

/** Stable error codes; SEMANTICS.md says when each is raised. */
export type PatternErrorCode =
  | 'INVALID_JSON'
  | 'NOT_AN_OBJECT'
  | 'EMPTY_OBJECT'
  | 'NOT_AN_ARRAY'
  | 'EMPTY_ARRAY'
  | 'INVALID_VALUE'
  | 'UNKNOWN_OPERATOR'
  | 'MULTIPLE_OPERATORS'
  | 'INVALID_OPERAND'
  | 'INVALID_NUMERIC'
  | 'INVALID_NUMBER'
  | 'INVALID_CIDR'
  | 'INVALID_WILDCARD'
  | 'INVALID_OR'
  | 'RESERVED_FIELD'
  | 'DUPLICATE_PATH'
  | 'TOO_COMPLEX';

/** Thrown for every invalid pattern. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
  /** What is wrong, as a stable code. */
  readonly code: PatternErrorCode;
  /** Where it is wrong: `detail.price[0].numeric`, `$or[1].source`, `""` for the root. */
  readonly path: string;

  constructor(code: PatternErrorCode, path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path === '' ? 'pattern' : path}: ${problem}`, options);
    this.code = code;
    this.path = path;
  }
}

/** Joins a parent path and a key: `detail` + `state` → `detail.state`. */
export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}
