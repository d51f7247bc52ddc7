/**
 * Wildcard patterns: `*` matches any run of characters (also none), `\*` is a literal star and
 * `\\` a literal backslash. Any other backslash, and `**`, are errors.
 */

/** A wildcard split at its unescaped stars. */
export interface Wildcard {
  readonly source: string;
  /** Literal pieces between stars; `pieces.length - 1` stars in all. */
  readonly pieces: readonly string[];
}

/** Parses a wildcard; returns an error message instead when it is malformed. */
export function parseWildcard(source: string): Wildcard | string {
  const pieces: string[] = [];
  let piece = '';
  let lastWasStar = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      if (next !== '*' && next !== '\\') {
        return `backslash at offset ${i} must escape "*" or "\\"`;
      }
      piece += next;
      i++;
      lastWasStar = false;
    } else if (c === '*') {
      if (lastWasStar) return `consecutive "**" at offset ${i - 1} is not allowed`;
      pieces.push(piece);
      piece = '';
      lastWasStar = true;
    } else {
      piece += c;
      lastWasStar = false;
    }
  }
  pieces.push(piece);
  return { source, pieces };
}

/** Greedy left-to-right matching: correct for patterns whose only metacharacter is `*`. */
export function wildcardMatches(w: Wildcard, value: string): boolean {
  const { pieces } = w;
  const first = pieces[0]!;
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1]!;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let pos = first.length;
  const limit = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const p = pieces[i]!;
    const at = value.indexOf(p, pos);
    if (at < 0 || at + p.length > limit) return false;
    pos = at + p.length;
  }
  return true;
}
