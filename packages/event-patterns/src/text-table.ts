/**
 * A hash table of strings that can be probed with a string of ASCII event text in place, as
 * bytes: the scanner hashes the string (hashOf's hash) while it measures it, and a lookup
 * compares the stored key with the bytes where they stand. A hit cuts no string out of the
 * event and never makes V8 hash a fresh string (a Map lookup with a sliced key does both).
 * Keys are decoded strings, so only text without escapes may be probed this way.
 */

/** FNV-1a over UTF-16 code units: h = imul(h ^ c, HASH_PRIME) from HASH_SEED. */
export const HASH_SEED = 0x811c9dc5 | 0;
export const HASH_PRIME = 0x01000193;

export function hashOf(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), HASH_PRIME);
  return h;
}

/** The first slot to probe for a hash in a table of mask + 1 slots. */
export function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 15)) & mask;
}

/** Whether a[i, i + n) equals b[j, j + n). */
function sameBytes(a: Uint8Array, i: number, b: Uint8Array, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/**
 * Keys are kept twice: as strings (for find) and, when they are ASCII, as bytes in one pool
 * (for findBytes). Comparing bytes with bytes reads two flat arrays, where charCodeAt on a key
 * cut out of an event (a sliced string) goes through its parent; the copy also lets such a
 * key's parent text be collected.
 */
export class TextTable<V> {
  /** Entry index + 1 per slot, 0 for an empty slot; open addressing, linear probing. */
  private slots = new Int32Array(16);
  private mask = 15;
  /** Per entry: hash, start of its bytes in `pool` (-1 when not ASCII), length. */
  private entries = new Int32Array(3 * 8);
  private pool = new Uint8Array(64);
  private poolLen = 0;
  private readonly keys: string[] = [];
  private readonly values: V[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The value stored under the ASCII bytes b[start, end) whose hash is `hash`, or undefined. */
  findBytes(b: Uint8Array, start: number, end: number, hash: number): V | undefined {
    const slots = this.slots;
    const mask = this.mask;
    const entries = this.entries;
    const length = end - start;
    for (let at = slotOf(hash, mask); ; at = (at + 1) & mask) {
      const e = slots[at]! - 1;
      if (e < 0) return undefined;
      const x = 3 * e;
      if (entries[x] === hash && entries[x + 2] === length) {
        const from = entries[x + 1]!;
        if (from >= 0 && sameBytes(this.pool, from, b, start, length)) return this.values[e];
      }
    }
  }

  /** The value stored under `key` (whose hash is `hash`), or undefined. */
  find(key: string, hash: number): V | undefined {
    const slots = this.slots;
    const mask = this.mask;
    for (let at = slotOf(hash, mask); ; at = (at + 1) & mask) {
      const e = slots[at]! - 1;
      if (e < 0) return undefined;
      if (this.entries[3 * e] === hash && this.keys[e] === key) return this.values[e];
    }
  }

  /** Stores a value under a key not yet in the table. */
  add(key: string, hash: number, value: V): void {
    const e = this.keys.length;
    this.keys.push(flat(key));
    this.values.push(value);
    if (3 * (e + 1) > this.entries.length) {
      const bigger = new Int32Array(this.entries.length * 2);
      bigger.set(this.entries);
      this.entries = bigger;
    }
    let from = this.poolLen;
    for (let k = 0; k < key.length; k++) {
      if (key.charCodeAt(k) > 0x7f) {
        from = -1;
        break;
      }
    }
    if (from >= 0) {
      if (from + key.length > this.pool.length) {
        const bigger = new Uint8Array(Math.max(2 * this.pool.length, from + key.length));
        bigger.set(this.pool);
        this.pool = bigger;
      }
      for (let k = 0; k < key.length; k++) this.pool[from + k] = key.charCodeAt(k);
      this.poolLen = from + key.length;
    }
    this.entries[3 * e] = hash;
    this.entries[3 * e + 1] = from;
    this.entries[3 * e + 2] = key.length;
    if (2 * this.keys.length > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
  }

  private place(e: number): void {
    const hash = this.entries[3 * e]!;
    let at = slotOf(hash, this.mask);
    while (this.slots[at] !== 0) at = (at + 1) & this.mask;
    this.slots[at] = e + 1;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let e = 0; e < this.keys.length; e++) this.place(e);
  }
}

/** A copy of a string that does not point into a larger one (a key cut out of an event). */
function flat(s: string): string {
  return s.length <= 12 ? s : (' ' + s).slice(1);
}
