/** CharTrie: one walk finds exactly the stored prefixes (suffixes) of a value, ASCII or not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CharTrie } from '../src/trie.js';

/** Few distinct characters, so stored affixes share paths and values often extend them. */
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '.', '1', 'é', 'ß', '\u{1F600}', '\u007f', '\u0080'), maxLength: 8 });

function collected(trie: CharTrie, value: string): number[] {
  const got: number[] = [];
  trie.collect(value, { hit: (id) => got.push(id) });
  return got.sort((a, b) => a - b);
}

describe('CharTrie', () => {
  for (const backwards of [false, true]) {
    const has = (value: string, affix: string): boolean => (backwards ? value.endsWith(affix) : value.startsWith(affix));
    it(`agrees with ${backwards ? 'endsWith' : 'startsWith'} for every stored ${backwards ? 'suffix' : 'prefix'}`, () => {
      fc.assert(
        fc.property(fc.array(text, { maxLength: 30 }), fc.array(text, { maxLength: 20 }), (affixes, values) => {
          const trie = new CharTrie(backwards);
          affixes.forEach((a, i) => trie.add(a, i));
          for (const v of [...values, ...affixes]) {
            const want = affixes.flatMap((a, i) => (has(v, a) ? [i] : []));
            assert.deepEqual(collected(trie, v), want, v);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('reports the id lists met along the walk, shortest first', () => {
    const trie = new CharTrie<string>(false);
    for (const p of ['10.', '10.1', '10.17.', '1', '192.']) trie.add(p, p);
    const n = trie.walk('10.17.3.4');
    assert.deepEqual(trie.lists().slice(0, n), [['1'], ['10.'], ['10.1'], ['10.17.']]);
    assert.equal(trie.walk('2.1.1.1'), 0);
  });
});
