/**
 * TextTable (strings probed in place with ASCII event bytes) and the ValueIndex tables built
 * on it: a complete table where a path's strings are only compared exactly, the memo
 * elsewhere. Answers must equal each rule matched on its own, for escaped spellings of the
 * same value, values in no table, and after rules are added and removed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, RuleSet } from '../src/index.js';
import { asciiBytes } from '../src/scan-bytes.js';
import { hashOf, TextTable } from '../src/text-table.js';

describe('TextTable', () => {
  it('keeps non-ASCII keys out of byte probes and finds keys cut out of longer text', () => {
    const table = new TextTable<number>();
    const text = 'xxxxxxxxxxxxxxxxxxxx-a-long-key-cut-out-of-an-event-xxxxxxxx';
    const cut = text.slice(20, 52);
    table.add('caf\u00e9', hashOf('caf\u00e9'), 1);
    table.add(cut, hashOf(cut), 2);
    assert.equal(table.find('caf\u00e9', hashOf('caf\u00e9')), 1);
    assert.equal(table.find(cut, hashOf(cut)), 2);
    const b = asciiBytes(`"${cut}"`)!;
    assert.equal(table.findBytes(b, 1, 1 + cut.length, hashOf(cut)), 2);
    // Same length and hash as a non-ASCII key, but bytes never equal it.
    const bytes = asciiBytes('"cafe"')!;
    assert.equal(table.findBytes(bytes, 1, 5, hashOf('caf\u00e9')), undefined);
  });

  it('finds keys by string and by bytes in place, through growth and colliding slots', () => {
    const table = new TextTable<number>();
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}`).concat(['', 'a', 'ab', 'ba']);
    keys.forEach((k, i) => table.add(k, hashOf(k), i));
    assert.equal(table.size, keys.length);
    const text = `["${keys.join('","')}","zz","k3000"]`;
    const b = asciiBytes(text)!;
    let at = 2;
    keys.forEach((k, i) => {
      assert.equal(table.find(k, hashOf(k)), i, k);
      assert.equal(table.findBytes(b, at, at + k.length, hashOf(k)), i, k);
      at += k.length + 3;
    });
    assert.equal(table.find('zz', hashOf('zz')), undefined);
    assert.equal(table.findBytes(b, at, at + 2, hashOf('zz')), undefined);
    // A hash that matches but text that does not: compared, not trusted.
    assert.equal(table.findBytes(b, at, at + 2, hashOf('ab')), undefined);
  });
});

describe('ValueIndex string tables', () => {
  const patterns: Record<string, object> = {
    exact: { a: ['abc', 'é', 'x"y'] },
    other: { a: ['abc', 'def'], b: [1] },
    any: { a: [{ exists: true }] },
    absent: { c: [{ exists: false }], a: ['def'] },
    folded: { f: [{ 'equals-ignore-case': 'ABC' }, { prefix: 'x' }] },
  };
  const events = [
    '{"a":"abc"}', '{"a":"\\u0061bc"}', '{"a":"ab"}', '{"a":"abcd"}', '{"a":"def","b":1}', '{"a":"é"}',
    '{"a":"\\u00e9"}', '{"a":"x\\"y"}', '{"a":["zz","abc"]}', '{"a":""}', '{"a":1}', '{"a":null}',
    '{"a":"def","c":"q"}', '{"f":"aBc"}', '{"f":"x1"}', '{"f":"\\u0041bc"}', '{"f":"abd"}', '{"a":"abc","f":"ABC"}',
  ];

  function check(rules: RuleSet, compiled: Map<string, ReturnType<typeof compilePattern>>): void {
    for (let round = 0; round < 3; round++) {
      for (const text of events) {
        const want = [...compiled].filter(([, p]) => p.matchesJSON(text)).map(([n]) => n).sort();
        assert.deepEqual(rules.matchJSON(text).sort(), want, text);
        assert.deepEqual(rules.match(JSON.parse(text) as object).sort(), want, text);
      }
    }
  }

  it('answer as each rule alone, also after rules are added and removed', () => {
    const rules = new RuleSet();
    const compiled = new Map<string, ReturnType<typeof compilePattern>>();
    for (const [name, p] of Object.entries(patterns)) {
      rules.add(name, p);
      compiled.set(name, compilePattern(p));
      check(rules, compiled);
    }
    for (const name of ['exact', 'any', 'folded']) {
      rules.remove(name);
      compiled.delete(name);
      check(rules, compiled);
    }
    rules.add('late', { a: [{ prefix: 'ab' }] });
    compiled.set('late', compilePattern({ a: [{ prefix: 'ab' }] }));
    check(rules, compiled);
  });
});
