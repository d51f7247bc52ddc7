/**
 * The per-path memo of ValueIndex: remembered results must equal computed ones, while the
 * memo fills, once it is full, and after it turns itself off for values that do not repeat.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleSet, compilePattern } from '../src/index.js';

const patterns: Record<string, object> = {
  pre: { a: [{ prefix: 'ab' }] },
  suf: { a: [{ suffix: { 'equals-ignore-case': 'Z1' } }] },
  wild: { a: [{ wildcard: '*b*1*' }] },
  notAb: { a: [{ 'anything-but': { prefix: 'ab' } }] },
  notNum: { a: [{ 'anything-but': [1, 2, 3] }] },
  net: { a: [{ cidr: '10.0.0.0/8' }] },
  eq: { a: ['abz1', 7] },
  pair: { a: [{ prefix: 'x' }], b: [{ 'equals-ignore-case': 'Q' }] },
};

function check(rules: RuleSet, compiled: Map<string, ReturnType<typeof compilePattern>>, text: string): void {
  const want = [...compiled].filter(([, p]) => p.matchesJSON(text)).map(([n]) => n).sort();
  assert.deepEqual(rules.matchJSON(text).sort(), want, text);
}

describe('ValueIndex memo', () => {
  const rules = new RuleSet();
  const compiled = new Map<string, ReturnType<typeof compilePattern>>();
  for (const [name, p] of Object.entries(patterns)) {
    rules.add(name, p);
    compiled.set(name, compilePattern(p));
  }
  const few = ['abz1', 'ABZ1', 'xbq1', 'ab', '10.1.2.3', '11.0.0.1', 'qq', ''];

  it('repeating values: the same answers from the memo as computed', () => {
    for (let i = 0; i < 6000; i++) {
      const v = few[i % few.length]!;
      check(rules, compiled, JSON.stringify({ a: v, b: i % 3 === 0 ? 'q' : 'r' }));
      if (i % 7 === 0) check(rules, compiled, JSON.stringify({ a: [i % 5, v] }));
    }
  });

  it('values that never repeat: fills, then turns off, answers unchanged', () => {
    for (let i = 0; i < 12000; i++) {
      const v = i % 2 === 0 ? `ab${i}z1` : `10.${i % 256}.${(i >> 8) % 256}.1`;
      check(rules, compiled, JSON.stringify({ a: [v, i] }));
    }
    for (const v of few) check(rules, compiled, JSON.stringify({ a: v }));
  });

  it('starts over when rules change', () => {
    check(rules, compiled, '{"a":"abz1"}');
    rules.add('late', { a: [{ suffix: 'z1' }] });
    compiled.set('late', compilePattern({ a: [{ suffix: 'z1' }] }));
    check(rules, compiled, '{"a":"abz1"}');
    rules.remove('pre');
    compiled.delete('pre');
    check(rules, compiled, '{"a":"abz1"}');
  });
});
