/** NumberTable: finds what a Map keyed by doubles finds (by value, -0 as 0), through growth. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NumberTable } from '../src/number-table.js';

const key = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.integer(),
  fc.constantFrom(0, -0, 0.1, 2.5, 1e21, -1e-7, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 48 + 1, Number.MAX_VALUE, Number.MIN_VALUE, Infinity),
  fc.double({ noNaN: true }),
);

describe('NumberTable', () => {
  it('agrees with a Map (SameValueZero) through growth', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.array(key, { maxLength: 30 }), (stored, probes) => {
        const table = new NumberTable<number>();
        const map = new Map<number, number>();
        stored.forEach((k, i) => {
          if (map.has(k)) return;
          map.set(k, i);
          table.add(k, i);
        });
        assert.equal(table.size, map.size);
        for (const k of [...stored, ...probes]) assert.equal(table.get(k), map.get(k), String(k));
      }),
      { numRuns: 500 },
    );
  });
});
