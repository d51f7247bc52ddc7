/**
 * The byte scanner (all-ASCII event text) against the character scanner: the same answer for
 * every text, valid or malformed — including text cut short after a longer one, since the
 * shared byte buffer then still holds the longer text's bytes past the end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Engine } from '../src/engine.js';
import { parsePattern } from '../src/parse.js';
import { asciiBytes, ByteScanner } from '../src/scan-bytes.js';
import { JsonScanner } from '../src/scan.js';
import { applyMutations, event, mutation, serializeWeird, validPattern } from './arbitraries.js';

function harness(patterns: readonly object[]): { bytes: (t: string) => string[] | null; chars: (t: string) => string[] | null } {
  const engine = new Engine();
  patterns.forEach((p, i) => engine.addRule(`r${i}`, parsePattern(p).branches));
  const byteScanner = new ByteScanner(engine);
  const charScanner = new JsonScanner(engine);
  return {
    bytes(text) {
      const b = asciiBytes(text);
      if (b === null) return null;
      engine.begin();
      return byteScanner.scan(text, b) ? engine.finish().sort() : ['<malformed>'];
    },
    chars(text) {
      engine.begin();
      return charScanner.scanChars(text) ? engine.finish().sort() : ['<malformed>'];
    },
  };
}

const toAscii = (text: string): string => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('ByteScanner', () => {
  it('asciiBytes: ASCII text only, followed by a 0', () => {
    const b = asciiBytes('{"a":1}');
    assert.ok(b);
    assert.equal(b[7], 0);
    assert.equal(asciiBytes('{"a":"é"}'), null);
    assert.equal(asciiBytes('{"a":"\ud800"}'), null);
    assert.ok(asciiBytes('x'.repeat(10_000)));
  });

  it('text cut short after a longer text is malformed, whatever the buffer still holds', () => {
    const h = harness([{ a: ['xxxx'] }, { a: [{ exists: true }] }, { n: [{ numeric: ['>', 0] }] }]);
    const long = '{"a":"xxxx","n":12345,"t":true,"u":"\\u0041"}';
    for (let cut = 0; cut <= long.length; cut++) {
      assert.deepEqual(h.bytes(long), h.chars(long));
      const text = long.slice(0, cut);
      assert.deepEqual(h.bytes(text), h.chars(text), text);
      if (cut < long.length) assert.deepEqual(h.bytes(text), ['<malformed>'], text);
    }
  });

  it('agrees with the character scanner on random and mutated events', () => {
    fc.assert(
      fc.property(fc.array(validPattern, { minLength: 1, maxLength: 4 }), fc.array(event, { minLength: 1, maxLength: 4 }), fc.array(mutation, { maxLength: 3 }), fc.nat(), (patterns, events, ms, seed) => {
        const h = harness(patterns);
        for (const e of events) {
          const base = toAscii(seed % 2 === 0 ? JSON.stringify(e) : serializeWeird(e, seed));
          for (const text of [base, applyMutations(base, ms)]) {
            const got = h.bytes(text);
            if (got !== null) assert.deepEqual(got, h.chars(text), text);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
