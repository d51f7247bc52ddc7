/** PieceSet: skipping through a value finds exactly the pieces it contains, each once. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PieceSet } from '../src/piece-set.js';
import { inBytes } from './ascii-bytes.js';

function found(set: PieceSet<number>, value: string): number[] {
  const n = set.find(value);
  return set.found.slice(0, n).sort((a, b) => a - b);
}

/** Few distinct characters, so pieces overlap, repeat and share blocks. */
const text = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '\u{1F600}'), minLength, maxLength });

describe('PieceSet', () => {
  it('agrees with includes() for every piece', () => {
    fc.assert(
      fc.property(fc.array(text(3, 12), { minLength: 1, maxLength: 25 }), fc.array(text(0, 30), { maxLength: 25 }), (pieces, values) => {
        const set = new PieceSet<number>();
        pieces.forEach((p, i) => set.add(p, i));
        for (const v of [...values, ...pieces, pieces.join(''), `x${pieces[0]}y`]) {
          assert.deepEqual(found(set, v), pieces.flatMap((p, i) => (v.includes(p) ? [i] : [])), v);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds long pieces in long values, and takes pieces added after a find', () => {
    const set = new PieceSet<string>();
    set.add(' Harbor Station ', 'hs');
    set.add(' Mill Yard ', 'my');
    assert.deepEqual(set.found.slice(0, set.find('North Harbor Station 12')), ['hs']);
    assert.equal(set.find('North Harbor Depot 12 Mill Yard'), 0);
    set.add('Depot', 'd');
    assert.deepEqual(set.found.slice(0, set.find('North Harbor Depot 12 Mill Yard ')).sort(), ['d', 'my']);
  });

  it('finds in ASCII bytes in place what it finds in the string (findBytes)', () => {
    const ascii = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'A'), minLength, maxLength });
    fc.assert(
      fc.property(fc.array(fc.oneof(ascii(3, 12), text(3, 8)), { minLength: 1, maxLength: 25 }), fc.array(ascii(0, 30), { maxLength: 25 }), (pieces, values) => {
        const set = new PieceSet<number>();
        pieces.forEach((p, i) => set.add(p, i));
        const asciiPieces = pieces.filter((p) => /^[a-zA-Z ]*$/.test(p));
        for (const v of [...values, ...asciiPieces, asciiPieces.join(''), `x${asciiPieces[0] ?? ''}y`]) {
          const { b, start, end } = inBytes(v, 'ab', 'ba');
          const n = set.findBytes(b, start, end);
          assert.deepEqual(set.found.slice(0, n).sort((x, y) => x - y), found(set, v), v);
        }
      }),
      { numRuns: 500 },
    );
  });
});
