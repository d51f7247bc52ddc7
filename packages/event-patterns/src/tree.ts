/**
 * A JSON value tree that keeps numerals as their exact text. Pattern text is read into it
 * (so `9007199254740993` survives), pattern objects are converted into it, and `explain`
 * reads events into it.
 */
import { PatternError, childPath } from './errors.js';

export type JsonNode =
  | { readonly t: 'obj'; readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly t: 'arr'; readonly items: readonly JsonNode[] }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'num'; readonly text: string }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'null' };

/** Deeper nesting than this is refused (patterns) or ignored (events). */
export const MAX_DEPTH = 64;

const NUMERAL = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * Reads strict JSON text. Duplicate object keys are reported through `onDuplicate`
 * (patterns refuse them). Throws PatternError('INVALID_JSON') on any syntax error.
 */
export function readJson(
  text: string,
  maxDepth = MAX_DEPTH,
  onDuplicate?: (path: string) => never,
): JsonNode {
  let pos = 0;
  // A duplicate key is reported only once the whole text is known to be JSON, so that a
  // syntax error later in the text wins over it.
  let duplicate: string | undefined;

  const fail = (what: string): never => {
    throw new PatternError('INVALID_JSON', '', `not valid JSON: ${what} at offset ${pos}`);
  };
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };
  const readString = (): string => {
    STRING_BODY.lastIndex = pos + 1;
    if (!STRING_BODY.test(text)) fail('bad string');
    const raw = text.slice(pos, STRING_BODY.lastIndex);
    pos = STRING_BODY.lastIndex;
    return raw.indexOf('\\') < 0 ? raw.slice(1, -1) : (JSON.parse(raw) as string);
  };
  const value = (depth: number, path: string): JsonNode => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
    ws();
    const c = text.charCodeAt(pos);
    if (c === 0x7b /* { */) {
      pos++;
      const entries: Array<readonly [string, JsonNode]> = [];
      const seen = new Set<string>();
      ws();
      if (text.charCodeAt(pos) === 0x7d) {
        pos++;
        return { t: 'obj', entries };
      }
      for (;;) {
        ws();
        if (text.charCodeAt(pos) !== 0x22) fail('expected a key');
        const key = readString();
        if (seen.has(key) && duplicate === undefined) duplicate = childPath(path, key);
        seen.add(key);
        ws();
        if (text.charCodeAt(pos) !== 0x3a) fail('expected ":"');
        pos++;
        entries.push([key, value(depth + 1, childPath(path, key))]);
        ws();
        const d = text.charCodeAt(pos++);
        if (d === 0x7d) return { t: 'obj', entries };
        if (d !== 0x2c) fail('expected "," or "}"');
      }
    }
    if (c === 0x5b /* [ */) {
      pos++;
      const items: JsonNode[] = [];
      ws();
      if (text.charCodeAt(pos) === 0x5d) {
        pos++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value(depth + 1, `${path}[${items.length}]`));
        ws();
        const d = text.charCodeAt(pos++);
        if (d === 0x5d) return { t: 'arr', items };
        if (d !== 0x2c) fail('expected "," or "]"');
      }
    }
    if (c === 0x22) return { t: 'str', v: readString() };
    if (text.startsWith('true', pos)) {
      pos += 4;
      return { t: 'bool', v: true };
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return { t: 'bool', v: false };
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return { t: 'null' };
    }
    NUMERAL.lastIndex = pos;
    if (NUMERAL.test(text)) {
      const numText = text.slice(pos, NUMERAL.lastIndex);
      pos = NUMERAL.lastIndex;
      return { t: 'num', text: numText };
    }
    return fail('unexpected character');
  };

  const root = value(0, '');
  ws();
  if (pos !== text.length) fail('trailing characters');
  if (duplicate !== undefined && onDuplicate) onDuplicate(duplicate);
  return root;
}

/**
 * Converts a JavaScript value to a tree, as JSON.stringify would see it where that is
 * defined. `strict` (patterns) refuses what JSON cannot hold; otherwise (events) such values
 * become null or disappear, like JSON.stringify, and cycles stop at MAX_DEPTH.
 */
export function fromValue(value: unknown, strict: boolean, path = '', depth = 0): JsonNode | undefined {
  if (depth > MAX_DEPTH) {
    if (strict) throw new PatternError('INVALID_JSON', path, `nesting deeper than ${MAX_DEPTH} levels`);
    return undefined;
  }
  switch (typeof value) {
    case 'string':
      return { t: 'str', v: value };
    case 'boolean':
      return { t: 'bool', v: value };
    case 'bigint':
      return { t: 'num', text: value.toString() };
    case 'number':
      if (Number.isFinite(value)) return { t: 'num', text: String(value) };
      if (strict) throw new PatternError('INVALID_NUMBER', path, `${String(value)} is not a finite number`);
      return { t: 'null' };
    case 'object': {
      if (value === null) return { t: 'null' };
      if (Array.isArray(value)) {
        const items: JsonNode[] = [];
        for (let i = 0; i < value.length; i++) {
          const item = fromValue(value[i], strict, `${path}[${i}]`, depth + 1);
          items.push(item ?? { t: 'null' });
        }
        return { t: 'arr', items };
      }
      const entries: Array<readonly [string, JsonNode]> = [];
      for (const key of Object.keys(value)) {
        const item = fromValue((value as Record<string, unknown>)[key], strict, childPath(path, key), depth + 1);
        if (item !== undefined) entries.push([key, item]);
      }
      return { t: 'obj', entries };
    }
    default:
      if (strict) throw new PatternError('INVALID_VALUE', path, `a ${typeof value} is not a JSON value`);
      return undefined;
  }
}

/** Renders a tree back to JSON text (numerals keep their text). */
export function toJson(node: JsonNode): string {
  switch (node.t) {
    case 'obj':
      return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
    case 'arr':
      return `[${node.items.map(toJson).join(',')}]`;
    case 'str':
      return JSON.stringify(node.v);
    case 'num':
      return node.text;
    case 'bool':
      return node.v ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}
