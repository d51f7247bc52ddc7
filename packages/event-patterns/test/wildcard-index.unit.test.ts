/** WildcardIndex: filing wildcards by a literal piece finds exactly the ones that match. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseWildcard, wildcardMatches, type Wildcard } from '../src/wildcard.js';
import { WildcardIndex } from '../src/wildcard-index.js';
import { wildcardPattern } from './arbitraries.js';
import { inBytes } from './ascii-bytes.js';

function parsed(source: string): Wildcard {
  const w = parseWildcard(source);
  if (typeof w === 'string') throw new Error(w);
  return w;
}

function found(index: WildcardIndex, value: string): number[] {
  const n = index.find(value);
  return index.out.slice(0, n).sort((a, b) => a - b);
}

/** find() and findBytes() over the same ASCII value, checked to agree. */
function foundBoth(index: WildcardIndex, value: string): number[] {
  const got = found(index, value);
  if (/^[\u0000-\u007f]*$/.test(value)) {
    const { b, start, end } = inBytes(value);
    const n = index.findBytes(b, start, end);
    assert.deepEqual(index.out.slice(0, n).sort((a, b) => a - b), got, `bytes: ${value}`);
  }
  return got;
}

function expected(wildcards: readonly Wildcard[], value: string): number[] {
  return wildcards.flatMap((w, i) => (wildcardMatches(w, value) ? [i] : []));
}

describe('WildcardIndex', () => {
  it('finds infix wildcards by a two-character piece, each once', () => {
    const sources = ['', '* Harbor Station *', '*Harbor*', '*or*', '*a*', '*', '*ab*ab*', 'North*', '*Station 7', '*r\\*s*', '*\\\\x*'];
    const wildcards = sources.map(parsed);
    const index = new WildcardIndex();
    wildcards.forEach((w, i) => index.add(i, w));
    for (const value of ['North Harbor Station 7', 'Harbor', 'orb', '', 'a', 'abab', 'aba', 'r*s', 'r\\s', '\\x', 'or or or']) {
      assert.deepEqual(foundBoth(index, value), expected(wildcards, value), value);
    }
  });

  it('agrees with checking every wildcard one by one', () => {
    const value = fc.string({ unit: fc.constantFrom('x', 'y', 'X', 'a', 'b', 'c', '.', ':', '1', '0', 'ß', 'é', '"', '*', '\\'), maxLength: 10 });
    fc.assert(
      fc.property(fc.array(wildcardPattern, { minLength: 1, maxLength: 40 }), fc.array(value, { maxLength: 20 }), (sources, values) => {
        const wildcards = sources.map(parsed);
        const index = new WildcardIndex();
        wildcards.forEach((w, i) => index.add(i, w));
        for (const v of values) assert.deepEqual(foundBoth(index, v), expected(wildcards, v), v);
      }),
      { numRuns: 300 },
    );
  });
  it('agrees on every shape: prefix, suffix, exact, two- and three-character infix pieces', () => {
    const source = fc.string({ unit: fc.constantFrom('a', 'b', 'a', 'b', '*'), minLength: 1, maxLength: 9 }).filter((p) => !p.includes('**'));
    const value = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 30 }), fc.array(value, { maxLength: 30 }), (sources, values) => {
        const wildcards = sources.map(parsed);
        const index = new WildcardIndex();
        wildcards.forEach((w, i) => index.add(i, w));
        for (const v of [...values, ...sources.map((s) => s.replaceAll('*', ''))]) assert.deepEqual(foundBoth(index, v), expected(wildcards, v), v);
      }),
      { numRuns: 500 },
    );
  });
  it('files plain prefixes and suffixes with the wildcards, each found once', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '.'), maxLength: 6 });
    const item = fc.oneof(
      fc.record({ kind: fc.constant('prefix' as const), text }),
      fc.record({ kind: fc.constant('suffix' as const), text }),
      fc.record({ kind: fc.constant('wildcard' as const), text: fc.string({ unit: fc.constantFrom('a', 'b', '*'), minLength: 1, maxLength: 7 }).filter((p) => !p.includes('**')) }),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), fc.array(text, { maxLength: 30 }), (items, values) => {
        const index = new WildcardIndex();
        const checks = items.map((it, i): ((v: string) => boolean) => {
          if (it.kind === 'prefix') return index.addPrefix(i, it.text), (v) => v.startsWith(it.text);
          if (it.kind === 'suffix') return index.addSuffix(i, it.text), (v) => v.endsWith(it.text);
          const w = parsed(it.text);
          index.add(i, w);
          return (v) => wildcardMatches(w, v);
        });
        for (const v of [...values, ...items.map((it) => it.text.replaceAll('*', ''))]) {
          assert.deepEqual(foundBoth(index, v), checks.flatMap((check, i) => (check(v) ? [i] : [])), v);
        }
      }),
      { numRuns: 500 },
    );
  });
});
