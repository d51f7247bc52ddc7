/**
 * The engine's per-event state (condition and alternative records stamped with the event's
 * generation): answers stay those of each rule alone when ids are reused after removals and
 * when the generation wraps after 2^31 events.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, RuleSet } from '../src/index.js';

const patterns: Record<string, object> = {
  pair: { a: ['x'], b: [1] },
  objects: { items: { k: ['p'], v: [{ numeric: ['>', 2] }] } },
  absent: { a: ['x'], c: [{ exists: false }] },
  nested: { items: { k: [{ prefix: 'q' }] }, $or: [{ a: ['y'] }, { b: [2] }] },
  single: { b: [{ 'anything-but': [1] }] },
};
const events = [
  '{"a":"x","b":1}', '{"a":"x","b":2,"c":0}', '{"a":"y","b":2,"items":[{"k":"q1","v":1},{"k":"p","v":3}]}',
  '{"items":[{"k":"p","v":1},{"k":"x","v":3}]}', '{"items":[{"k":"p","v":5}],"a":"x"}', '{"a":"x","c":null}',
];

function check(rules: RuleSet, compiled: Map<string, ReturnType<typeof compilePattern>>): void {
  for (const text of events) {
    const want = [...compiled].filter(([, p]) => p.matchesJSON(text)).map(([n]) => n).sort();
    assert.deepEqual(rules.matchJSON(text).sort(), want, text);
    assert.deepEqual(rules.match(JSON.parse(text) as object).sort(), want, text);
  }
}

function build(): [RuleSet, Map<string, ReturnType<typeof compilePattern>>] {
  const rules = new RuleSet();
  const compiled = new Map<string, ReturnType<typeof compilePattern>>();
  for (const [name, p] of Object.entries(patterns)) {
    rules.add(name, p);
    compiled.set(name, compilePattern(p));
  }
  return [rules, compiled];
}

describe('engine state', () => {
  it('reuses the ids of removed rules', () => {
    const [rules, compiled] = build();
    check(rules, compiled);
    for (const name of ['pair', 'objects', 'absent']) {
      rules.remove(name);
      compiled.delete(name);
      check(rules, compiled);
    }
    for (const [name, p] of Object.entries(patterns).reverse()) {
      rules.add(`${name}2`, p);
      compiled.set(`${name}2`, compilePattern(p));
      check(rules, compiled);
    }
  });

  it('starts its stamps over when the event generation wraps', () => {
    const [rules, compiled] = build();
    check(rules, compiled);
    const engine = (rules as unknown as { engine: { gen: number } }).engine;
    engine.gen = 0x7fffffff - 3;
    for (let i = 0; i < 4; i++) check(rules, compiled);
    assert.ok(engine.gen < 100, `generation ${engine.gen} did not wrap`);
  });
});
