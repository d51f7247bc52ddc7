/**
 * CharTrie: one walk finds exactly the stored prefixes (suffixes) of a value, ASCII or not,
 * and a walk over ASCII bytes (folding as it goes, or not) finds what a walk over the string
 * (or its foldCase) finds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { foldCase, LOWER_BYTE, SAME_BYTE } from '../src/fold.js';
import { CharTrie } from '../src/trie.js';
import { inBytes } from './ascii-bytes.js';

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

  /** ASCII with letters in both cases, so folding matters; stored affixes may be anything. */
  const ascii = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 'k', 'S', 's', '.', '1', '@', ' ', '~', '\u007f'), maxLength: 10 });
  const affix = fc.oneof(ascii, text, fc.constantFrom('ß', 'ss', 'SS', 'K', 'k', 'ſ'));

  function collectedBytes(trie: CharTrie, value: string, fold: boolean): number[] {
    const { b, start, end } = inBytes(value);
    const got: number[] = [];
    trie.collectBytes(b, start, end, fold ? LOWER_BYTE : SAME_BYTE, { hit: (id) => got.push(id) });
    return got.sort((a, b) => a - b);
  }

  for (const backwards of [false, true]) {
    const has = (value: string, a: string): boolean => (backwards ? value.endsWith(a) : value.startsWith(a));
    it(`walks ASCII bytes as ${backwards ? 'endsWith' : 'startsWith'} reads the string, folded or not`, () => {
      fc.assert(
        fc.property(fc.array(affix, { maxLength: 30 }), fc.array(ascii, { maxLength: 20 }), (affixes, values) => {
          const plain = new CharTrie(backwards);
          const folded = new CharTrie(backwards);
          affixes.forEach((a, i) => {
            plain.add(a, i);
            folded.add(foldCase(a), i);
          });
          const asciiAffixes = affixes.filter((a) => /^[\u0000-\u007f]*$/.test(a));
          for (const v of [...values, ...asciiAffixes, ...asciiAffixes.map((a) => a.toUpperCase() + 'x')]) {
            assert.deepEqual(collectedBytes(plain, v, false), affixes.flatMap((a, i) => (has(v, a) ? [i] : [])), v);
            const want = affixes.flatMap((a, i) => (has(foldCase(v), foldCase(a)) ? [i] : []));
            assert.deepEqual(collectedBytes(folded, v, true), want, `folded ${v}`);
            assert.deepEqual(collectedBytes(folded, v, true), collected(folded, foldCase(v)), `folded walk ${v}`);
          }
        }),
        { numRuns: 400 },
      );
    });
  }
});
