/**
 * A hash table keyed by doubles (open addressing over a Float64Array), for exact numbers at a
 * path. A Map lookup with a double boxes it and hashes the box; here the double is hashed
 * where it stands, so a number leaf is looked up without allocating.
 */

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

/** A 32-bit hash of a double; -0 and 0 hash alike (they are one key, as in a Map). */
function hashNumber(x: number): number {
  if ((x | 0) === x) return Math.imul(x, 0x9e3779b1);
  bits[0] = x;
  return Math.imul(words[0]! ^ Math.imul(words[1]!, 0x85ebca6b), 0x9e3779b1);
}

export class NumberTable<V> {
  /** Entry index + 1 per slot, 0 for an empty one; linear probing. */
  private slots = new Int32Array(8);
  private mask = 7;
  private keys = new Float64Array(4);
  private readonly values: V[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The value stored under x (never NaN), or undefined. */
  get(x: number): V | undefined {
    const h = hashNumber(x);
    for (let at = (h ^ (h >>> 15)) & this.mask; ; at = (at + 1) & this.mask) {
      const e = this.slots[at]! - 1;
      if (e < 0 || this.keys[e] === x) return e < 0 ? undefined : this.values[e];
    }
  }

  /** Stores a value under a key not yet in the table. */
  add(x: number, value: V): void {
    const e = this.values.push(value) - 1;
    if (e >= this.keys.length) {
      const bigger = new Float64Array(2 * this.keys.length);
      bigger.set(this.keys);
      this.keys = bigger;
    }
    this.keys[e] = x === 0 ? 0 : x;
    if (2 * this.values.length > this.slots.length) this.rehash(2 * this.slots.length);
    else this.place(e);
  }

  private place(e: number): void {
    const h = hashNumber(this.keys[e]!);
    let at = (h ^ (h >>> 15)) & this.mask;
    while (this.slots[at] !== 0) at = (at + 1) & this.mask;
    this.slots[at] = e + 1;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let e = 0; e < this.values.length; e++) this.place(e);
  }
}
