/**
 * ValueIndex over ASCII event bytes (collectText once no table answers a path's values, or
 * the memo is full): the conditions found for a value read in place must be those whose
 * matchers match it as a string, one matcher at a time (matchLeaf), for every kind of
 * matcher together.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Leaf, matchLeaf } from '../src/leaf.js';
import type { Matcher } from '../src/model.js';
import { parsePattern } from '../src/parse.js';
import { hashOf } from '../src/text-table.js';
import { ValueIndex, type ListSink, type Registration } from '../src/value-index.js';
import { IP_STRINGS, matchValues, STRINGS } from './arbitraries.js';
import { inBytes } from './ascii-bytes.js';

/** What the byte scanner hands over as text: printable ASCII without quotes or escapes. */
const inPlace = (s: string): boolean => /^[\u0020-\u007e]*$/.test(s) && !/["\\]/.test(s);

const asciiValue = fc.oneof(
  fc.constantFrom(...STRINGS.filter(inPlace), ...IP_STRINGS),
  fc.constantFrom(...STRINGS.filter(inPlace)).map((s) => s.toUpperCase()),
  fc.string({ unit: fc.constantFrom('x', 'y', 'X', 'Y', 'a', 'b', 'c', 'S', 's', '.', ':', '1', '0', '*', ' '), maxLength: 12 }),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `10.0.${a}.${b}`),
);

class Hits implements ListSink {
  readonly got = new Set<number>();
  hit(cond: number): void {
    this.got.add(cond);
  }
  hitList(pool: Int32Array, at: number): void {
    for (let k = 0; k < pool[at]!; k++) this.got.add(pool[at + 2 + k]!);
  }
}

function registrations(conditions: readonly unknown[][], lazy: readonly boolean[]): Registration[] {
  return conditions.flatMap((values, cond) => {
    const matchers: readonly Matcher[] = parsePattern({ a: values }).branches[0]![0]!.matchers;
    return matchers.map((matcher) => ({ cond, matcher, lazy: lazy[cond % lazy.length]! }));
  });
}

function viaBytes(index: ValueIndex, leaf: Leaf, value: string): number[] {
  const { b, start, end } = inBytes(value);
  const text = String.fromCharCode(...b);
  const hits = new Hits();
  index.collectText(text, b, start, end, hashOf(value), leaf, hits);
  return [...hits.got].sort((x, y) => x - y);
}

describe('ValueIndex over event bytes', () => {
  it('finds what matching each matcher on its own finds, once the memo is full', () => {
    fc.assert(
      fc.property(
        fc.array(matchValues(), { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
        fc.array(asciiValue, { minLength: 1, maxLength: 30 }),
        (conditions, lazy, values) => {
          const regs = registrations(conditions as unknown[][], lazy);
          const index = new ValueIndex(regs);
          const leaf = new Leaf();
          // 1,024 values remembered, then asked for again and again: the memo stays, full.
          for (let i = 0; i < 4200; i++) viaBytes(index, leaf, `~${i % 1024}`);
          const reference = new Leaf();
          for (const v of [...values, '~7', ...values]) {
            reference.setString(v);
            const want = [...new Set(regs.filter((r) => matchLeaf(r.matcher, reference)).map((r) => r.cond))].sort((x, y) => x - y);
            assert.deepEqual(viaBytes(index, leaf, v), want, v);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds what matching each matcher on its own finds, once no memo answers', () => {
    fc.assert(
      fc.property(
        fc.array(matchValues(), { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
        fc.array(asciiValue, { minLength: 1, maxLength: 30 }),
        (conditions, lazy, values) => {
          const regs = registrations(conditions as unknown[][], lazy);
          const index = new ValueIndex(regs);
          const leaf = new Leaf();
          // Values that never repeat: a memo, where there is one, turns itself off.
          for (let i = 0; i < 4200; i++) viaBytes(index, leaf, `~${i}`);
          const state = index as unknown as { texts: unknown; textsComplete: boolean };
          assert.ok(state.texts === null || state.textsComplete);
          const reference = new Leaf();
          for (const v of values) {
            reference.setString(v);
            const want = [...new Set(regs.filter((r) => matchLeaf(r.matcher, reference)).map((r) => r.cond))].sort((x, y) => x - y);
            assert.deepEqual(viaBytes(index, leaf, v), want, v);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
