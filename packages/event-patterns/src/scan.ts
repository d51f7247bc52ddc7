/**
 * Matching straight from JSON text. This is the hot path and is written for speed: it walks
 * the text once, descends only into fields some rule names (the path trie), jumps over every
 * other value without building it (strings by indexOf, containers by bracket counting), and
 * allocates only the strings and numerals it must compare. It checks the syntax of what it
 * walks and balances brackets in what it skips; text that is not a JSON object matches
 * nothing.
 */
import type { Engine, PathNode } from './engine.js';
import { LeafKind } from './leaf.js';
import { MAX_DEPTH } from './tree.js';

class Malformed extends Error {}
const MALFORMED = new Malformed('malformed JSON');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function find(s: string, c: string, from: number): number {
  const at = s.indexOf(c, from);
  return at < 0 ? Infinity : at;
}

export class JsonScanner {
  private s = '';
  private i = 0;
  /** Position of the next backslash at or after some point already passed, or Infinity. */
  private nextBackslash = -1;
  // Next occurrence of each structural character at or after a passed point (see skipContainer).
  private nextQuote = -1;
  private nextOpenArr = -1;
  private nextCloseArr = -1;
  private nextOpenObj = -1;
  private nextCloseObj = -1;

  constructor(private readonly engine: Engine) {}

  /** Walks `text` into the engine; false when the text is not a well-formed JSON object. */
  scan(text: string): boolean {
    this.s = text;
    this.i = 0;
    this.nextBackslash = -1;
    this.nextQuote = this.nextOpenArr = this.nextCloseArr = this.nextOpenObj = this.nextCloseObj = -1;
    try {
      this.ws();
      if (text.charCodeAt(this.i) !== OPEN_OBJ) return false;
      this.object(this.engine.root, 0);
      this.ws();
      return this.i === text.length;
    } catch (e) {
      if (e === MALFORMED) return false;
      throw e;
    } finally {
      this.s = '';
    }
  }

  private ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /** Index of the quote closing the string whose opening quote is at `open`. */
  private stringEnd(open: number): number {
    const s = this.s;
    let j = s.indexOf('"', open + 1);
    while (j > 0 && s.charCodeAt(j - 1) === BACKSLASH) {
      let k = j - 1;
      while (s.charCodeAt(k - 1) === BACKSLASH) k--;
      if ((j - k) % 2 === 0) break; // the backslashes escape each other
      j = s.indexOf('"', j + 1);
    }
    if (j < 0) throw MALFORMED;
    return j;
  }

  /** Reads the string at this.i (an opening quote) and moves past it. */
  private readString(): string {
    const open = this.i;
    const close = this.stringEnd(open);
    this.i = close + 1;
    return this.stringAt(open, close);
  }

  /** The value of the string literal between the quotes at `open` and `close`. */
  private stringAt(open: number, close: number): string {
    if (!this.hasEscape(open, close)) return this.s.slice(open + 1, close);
    try {
      return JSON.parse(this.s.slice(open, close + 1)) as string;
    } catch {
      throw MALFORMED;
    }
  }

  /**
   * Reads the key at this.i and returns the child node it names, if any. With few children
   * the key is compared in place (no string is cut out of the text); otherwise it is looked
   * up in the node's map.
   */
  private child(node: PathNode): PathNode | undefined {
    const open = this.i;
    const close = this.stringEnd(open);
    this.i = close + 1;
    const keys = node.childKeys;
    if (keys.length > 8 || this.hasEscape(open, close)) return node.children.get(this.stringAt(open, close));
    const length = close - open - 1;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (key.length === length && this.s.startsWith(key, open + 1)) return node.childNodes[k];
    }
    return undefined;
  }

  private hasEscape(open: number, close: number): boolean {
    if (this.nextBackslash !== Infinity && this.nextBackslash <= open) {
      const at = this.s.indexOf('\\', open + 1);
      this.nextBackslash = at < 0 ? Infinity : at;
    }
    return this.nextBackslash < close;
  }

  private object(node: PathNode, depth: number): void {
    const s = this.s;
    this.i++; // {
    this.ws();
    if (s.charCodeAt(this.i) === CLOSE_OBJ) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (s.charCodeAt(this.i) !== QUOTE) throw MALFORMED;
      const child = this.child(node);
      this.ws();
      if (s.charCodeAt(this.i) !== COLON) throw MALFORMED;
      this.i++;
      this.ws();
      if (child === undefined) this.skipValue();
      else this.value(child, depth + 1);
      this.ws();
      const c = s.charCodeAt(this.i++);
      if (c === CLOSE_OBJ) return;
      if (c !== COMMA) throw MALFORMED;
    }
  }

  private array(node: PathNode, depth: number): void {
    const s = this.s;
    const engine = this.engine;
    this.i++; // [
    this.ws();
    if (s.charCodeAt(this.i) === CLOSE_ARR) {
      this.i++;
      return;
    }
    const id = engine.nextArray();
    for (let index = 0; ; index++) {
      this.ws();
      const c = s.charCodeAt(this.i);
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        const at = engine.ctxLen;
        engine.ctx[at] = id;
        engine.ctx[at + 1] = index;
        engine.ctxLen = at + 2;
        this.value(node, depth + 1);
        engine.ctxLen = at;
      } else {
        this.value(node, depth + 1);
      }
      this.ws();
      const d = s.charCodeAt(this.i++);
      if (d === CLOSE_ARR) return;
      if (d !== COMMA) throw MALFORMED;
    }
  }

  /** A value at a path some rule names. */
  private value(node: PathNode, depth: number): void {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    const engine = this.engine;
    switch (c) {
      case OPEN_OBJ:
        if (node.children.size > 0 && depth <= MAX_DEPTH) this.object(node, depth);
        else this.skipContainer();
        return;
      case OPEN_ARR:
        if (depth <= MAX_DEPTH) this.array(node, depth);
        else this.skipContainer();
        return;
      case QUOTE:
        if (!node.leafWork) {
          this.i = this.stringEnd(this.i) + 1;
          return;
        }
        engine.leaf.setString(this.readString());
        break;
      case 0x74: // t
        if (!s.startsWith('true', this.i)) throw MALFORMED;
        this.i += 4;
        if (!node.leafWork) return;
        engine.leaf.setLiteral(LeafKind.True);
        break;
      case 0x66: // f
        if (!s.startsWith('false', this.i)) throw MALFORMED;
        this.i += 5;
        if (!node.leafWork) return;
        engine.leaf.setLiteral(LeafKind.False);
        break;
      case 0x6e: // n
        if (!s.startsWith('null', this.i)) throw MALFORMED;
        this.i += 4;
        if (!node.leafWork) return;
        engine.leaf.setLiteral(LeafKind.Null);
        break;
      default: {
        const start = this.i;
        const end = this.numeralEnd(start);
        if (!node.leafWork) return;
        const text = s.slice(start, end);
        if (Number.isNaN(Number(text))) throw MALFORMED;
        engine.leaf.setNumeral(text);
      }
    }
    engine.visit(node);
  }

  /** End of the numeral starting at `start`; moves past it. */
  private numeralEnd(start: number): number {
    const s = this.s;
    let i = start;
    for (;;) {
      const c = s.charCodeAt(i);
      // digits, '+', '-', '.', 'e', 'E'
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) i++;
      else break;
    }
    if (i === start) throw MALFORMED;
    this.i = i;
    return i;
  }

  private skipValue(): void {
    const c = this.s.charCodeAt(this.i);
    if (c === QUOTE) this.i = this.stringEnd(this.i) + 1;
    else if (c === OPEN_OBJ || c === OPEN_ARR) this.skipContainer();
    else if (c === 0x74 || c === 0x6e) {
      if (!this.s.startsWith(c === 0x74 ? 'true' : 'null', this.i)) throw MALFORMED;
      this.i += 4;
    } else if (c === 0x66) {
      if (!this.s.startsWith('false', this.i)) throw MALFORMED;
      this.i += 5;
    } else this.numeralEnd(this.i);
  }

  /**
   * Skips a whole object or array by counting brackets outside strings. Instead of looking at
   * every character it keeps, per structural character, the position of its next occurrence
   * (found with indexOf, which V8 runs as a fast memchr) and jumps between them: numbers,
   * commas and literals in between are never touched one by one. Each cache only moves
   * forward, so the whole text is searched at most once per character kind.
   */
  private skipContainer(): void {
    const s = this.s;
    let depth = 0;
    let i = this.i;
    for (;;) {
      if (this.nextQuote < i) this.nextQuote = find(s, '"', i);
      if (this.nextOpenArr < i) this.nextOpenArr = find(s, '[', i);
      if (this.nextCloseArr < i) this.nextCloseArr = find(s, ']', i);
      if (this.nextOpenObj < i) this.nextOpenObj = find(s, '{', i);
      if (this.nextCloseObj < i) this.nextCloseObj = find(s, '}', i);
      const p = Math.min(this.nextQuote, this.nextOpenArr, this.nextCloseArr, this.nextOpenObj, this.nextCloseObj);
      if (p === Infinity) throw MALFORMED;
      const c = s.charCodeAt(p);
      if (c === QUOTE) {
        i = this.stringEnd(p) + 1;
        continue;
      }
      if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
      else if (--depth === 0) {
        this.i = p + 1;
        return;
      }
      i = p + 1;
    }
  }
}
