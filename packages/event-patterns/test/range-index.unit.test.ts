/** RangeIndex: both layouts (flat pieces, segment tree) find exactly the ranges holding a value. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RangeIndex, type RangeEntry } from '../src/range-index.js';

function collect(index: RangeIndex, x: number): number[] {
  const got: number[] = [];
  index.collect(x, { hit: (id) => got.push(id) });
  return got.sort((a, b) => a - b);
}

function expected(entries: readonly RangeEntry[], x: number): number[] {
  return entries
    .filter((e) => (e.loOpen ? x > e.lo : x >= e.lo) && (e.hiOpen ? x < e.hi : x <= e.hi))
    .map((e) => e.cond)
    .sort((a, b) => a - b);
}

const finite = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const bound = fc.oneof(finite, fc.constant(-Infinity), fc.constant(Infinity));
/** Ranges as compile.ts makes them: `=` (one point), one-sided, or lo < hi. */
const entry = (cond: number): fc.Arbitrary<RangeEntry> =>
  fc.oneof(
    finite.map((v) => ({ cond, lo: v, loOpen: false, hi: v, hiOpen: false })),
    fc.tuple(finite, fc.boolean()).map(([v, open]) => ({ cond, lo: -Infinity, loOpen: false, hi: v, hiOpen: open })),
    fc.tuple(finite, fc.boolean()).map(([v, open]) => ({ cond, lo: v, loOpen: open, hi: Infinity, hiOpen: false })),
    fc.tuple(finite, finite, fc.boolean(), fc.boolean())
      .filter(([a, b]) => a !== b)
      .map(([a, b, lo, hi]) => ({ cond, lo: Math.min(a, b), loOpen: lo, hi: Math.max(a, b), hiOpen: hi })),
  );

describe('RangeIndex', () => {
  it('agrees with testing every range, flat or as a tree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entry(i)))), fc.array(bound, { maxLength: 30 }), (entries, xs) => {
        const index = new RangeIndex(entries);
        for (const x of [...xs, ...entries.flatMap((e) => [e.lo, e.hi]), NaN, -0]) assert.deepEqual(collect(index, x), expected(entries, x), String(x));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the tree when flat lists would grow quadratic', () => {
    const entries = Array.from({ length: 400 }, (_, i): RangeEntry => ({ cond: i, lo: i, loOpen: true, hi: Infinity, hiOpen: false }));
    const index = new RangeIndex(entries);
    assert.equal((index as unknown as { start: unknown }).start, null);
    assert.equal(collect(index, 1000).length, 400);
    assert.deepEqual(collect(index, 2.5), [0, 1, 2]);
    const small = new RangeIndex(entries.slice(0, 3));
    assert.notEqual((small as unknown as { start: unknown }).start, null);
  });
});
