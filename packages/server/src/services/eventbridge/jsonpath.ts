/**
 * The JSONPath subset EventBridge evaluates in InputPath and InputPathsMap: `$`, dot-notation
 * member names (letters, digits, dashes, underscores, forward slashes and anything else but
 * `.`, `[`, `]`), bracketed quoted names (`$['a.b']`), array indices (`[0]`, `[-1]` from the
 * end) and wildcards (`.*`, `[*]`). A path without a wildcard selects one value or nothing;
 * a path with one selects the list of everything it reaches (possibly empty), as JSONPath
 * engines do for indefinite paths.
 */

type Segment =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

/** A malformed path; the message says where. */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

/** A compiled path. */
export interface JsonPath {
  readonly text: string;
  /** True when the path has no wildcard (selects at most one value). */
  readonly definite: boolean;
  /** The selected value: one value or undefined (definite), a list (indefinite). */
  select(root: unknown): unknown;
}

/** Parses a path; throws JsonPathError. */
export function compileJsonPath(text: string): JsonPath {
  const segments = parse(text);
  const definite = segments.every((s) => s.kind !== 'wildcard');
  return {
    text,
    definite,
    select(root: unknown): unknown {
      const found = evaluate(segments, root);
      return definite ? found[0] : found;
    },
  };
}

function parse(text: string): Segment[] {
  if (!text.startsWith('$')) throw new JsonPathError(`JSONPath ${text} must start with $`);
  const segments: Segment[] = [];
  let i = 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '.') {
      i++;
      if (text[i] === '*') {
        segments.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const start = i;
      while (i < text.length && text[i] !== '.' && text[i] !== '[' && text[i] !== ']') i++;
      if (i === start) throw new JsonPathError(`JSONPath ${text}: empty member name at position ${start}`);
      segments.push({ kind: 'name', name: text.slice(start, i) });
    } else if (ch === '[') {
      const close = bracketEnd(text, i);
      segments.push(bracket(text, text.slice(i + 1, close), i));
      i = close + 1;
    } else {
      throw new JsonPathError(`JSONPath ${text}: unexpected '${ch}' at position ${i}`);
    }
  }
  return segments;
}

/** Index of the `]` closing the bracket opened at `open` (quotes may hold `]`). */
function bracketEnd(text: string, open: number): number {
  const quote = text[open + 1];
  if (quote === "'" || quote === '"') {
    const endQuote = text.indexOf(quote, open + 2);
    if (endQuote < 0 || text[endQuote + 1] !== ']') throw new JsonPathError(`JSONPath ${text}: unclosed [ at position ${open}`);
    return endQuote + 1;
  }
  const close = text.indexOf(']', open);
  if (close < 0) throw new JsonPathError(`JSONPath ${text}: unclosed [ at position ${open}`);
  return close;
}

function bracket(text: string, inner: string, at: number): Segment {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const first = inner[0];
  if ((first === "'" || first === '"') && inner.length >= 2 && inner[inner.length - 1] === first) {
    const name = inner.slice(1, -1);
    if (name) return { kind: 'name', name };
  }
  throw new JsonPathError(`JSONPath ${text}: [${inner}] at position ${at} is not an index, a quoted name or *`);
}

function evaluate(segments: readonly Segment[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) step(segment, value, next);
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

function step(segment: Segment, value: unknown, out: unknown[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (segment.kind === 'wildcard') {
    out.push(...(Array.isArray(value) ? value : Object.values(value)));
  } else if (segment.kind === 'index') {
    if (!Array.isArray(value)) return;
    const i = segment.index < 0 ? value.length + segment.index : segment.index;
    if (i >= 0 && i < value.length) out.push(value[i]);
  } else if (!Array.isArray(value) && Object.hasOwn(value, segment.name)) {
    out.push((value as Record<string, unknown>)[segment.name]);
  }
}
