/** The README's examples and the public surface, as a user calls them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatternError, RuleSet, compilePattern, explain } from '../src/index.js';

describe('README examples', () => {
  it('matches one pattern from objects and from text', () => {
    const bigOrder = compilePattern({
      source: ['shop.orders'],
      'detail-type': ['OrderPlaced'],
      detail: { total: [{ numeric: ['>=', 1000] }], country: [{ 'equals-ignore-case': 'de' }] },
    });
    assert.equal(bigOrder.matches({ source: 'shop.orders', 'detail-type': 'OrderPlaced', detail: { total: 1500, country: 'DE' } }), true);
    assert.equal(bigOrder.matchesJSON('{"source":"shop.orders","detail-type":"OrderPlaced","detail":{"total":20}}'), false);
  });

  it('matches many rules at once and forgets removed ones', () => {
    const rules = new RuleSet();
    rules.add('payments', { source: ['shop.payments'] });
    rules.add('images', { detail: { key: [{ suffix: { 'equals-ignore-case': '.png' } }, { wildcard: 'img/*.jpg' }] } });
    rules.add('internal', { detail: { ip: [{ cidr: '10.0.0.0/8' }] } });
    const event = '{"source":"shop.payments","detail":{"key":"LOGO.PNG","ip":"10.1.2.3"}}';
    assert.deepEqual(rules.matchJSON(event).sort(), ['images', 'internal', 'payments']);
    assert.equal(rules.remove('internal'), true);
    assert.equal(rules.remove('internal'), false);
    assert.deepEqual(rules.matchJSON(event).sort(), ['images', 'payments']);
    assert.equal(rules.size, 2);
    assert.deepEqual(rules.names(), ['payments', 'images']);
  });

  it('reports the code, path and reason of an invalid pattern', () => {
    assert.throws(
      () => compilePattern('{"detail":{"price":[{"numeric":[">", "cheap"]}]}}'),
      (err: unknown) =>
        err instanceof PatternError &&
        err.code === 'INVALID_NUMERIC' &&
        err.path === 'detail.price[0].numeric' &&
        err.message === 'detail.price[0].numeric: ">" needs a number, not a string',
    );
  });

  it('explains a non-match', () => {
    const result = explain(
      { detail: { state: ['running'], size: [{ numeric: ['<', 10] }] } },
      { detail: { state: 'stopped', size: 4 } },
    );
    assert.deepEqual(result, {
      matches: false,
      failures: [{
        branch: 0, path: 'detail.state', reason: 'value "stopped" does not match ["running"]',
        expected: '["running"]', actual: ['"stopped"'],
      }],
    });
  });
});

describe('RuleSet', () => {
  it('replaces a rule added again under the same name', () => {
    const rules = new RuleSet();
    rules.add('r', { a: ['1'] });
    rules.add('r', { a: ['2'] });
    assert.equal(rules.size, 1);
    assert.deepEqual(rules.matchJSON('{"a":"1"}'), []);
    assert.deepEqual(rules.matchJSON('{"a":"2"}'), ['r']);
  });

  it('leaves the set unchanged when a replacement pattern is invalid', () => {
    const rules = new RuleSet();
    rules.add('r', { a: ['1'] });
    assert.throws(() => rules.add('r', { a: [] }), PatternError);
    assert.deepEqual(rules.match({ a: '1' }), ['r']);
  });

  it('reports each rule once even when several alternatives match', () => {
    const rules = new RuleSet();
    rules.add('r', { $or: [{ a: ['1'] }, { b: ['2'] }] });
    assert.deepEqual(rules.match({ a: '1', b: '2' }), ['r']);
  });

  it('keeps rules sharing a path independent after removals', () => {
    const rules = new RuleSet();
    for (let i = 0; i < 50; i++) rules.add(`r${i}`, { d: { n: [{ numeric: ['>=', i] }] } });
    for (let i = 0; i < 50; i += 2) rules.remove(`r${i}`);
    assert.deepEqual(rules.match({ d: { n: 10 } }).sort(), ['r1', 'r3', 'r5', 'r7', 'r9']);
  });

  it('matches nothing for text that is not a JSON object', () => {
    const rules = new RuleSet();
    rules.add('any', { a: [{ exists: false }] });
    for (const text of ['', '[]', '"x"', '{"a":', '{} x', 'null']) assert.deepEqual(rules.matchJSON(text), [], text);
    assert.deepEqual(rules.matchJSON('{}'), ['any']);
  });
});

describe('compilePattern', () => {
  it('keeps the exact text of pattern numerals given as JSON text', () => {
    const p = compilePattern('{"account":[123456789012345678]}');
    assert.equal(p.matchesJSON('{"account":123456789012345678}'), true);
    assert.equal(p.matchesJSON('{"account":123456789012345680}'), false);
    assert.equal(p.json, '{"account":[123456789012345678]}');
  });

  it('counts $or alternatives', () => {
    assert.equal(compilePattern({ a: ['x'], $or: [{ b: ['y'] }, { c: ['z'] }, { d: ['w'] }] }).alternatives, 3);
  });
});

describe('regressions', () => {
  it('keeps two anything-but values of one field independent (either may match)', () => {
    const p = compilePattern({ b: [{ 'anything-but': [0] }, { 'anything-but': ['x'] }, 0] });
    assert.equal(p.matches({ b: 'x' }), true); // not 0
    assert.equal(p.matches({ b: 0 }), true); // listed as a value
    const rules = new RuleSet();
    rules.add('r', { b: [{ 'anything-but': ['x'] }, { 'anything-but': ['y'] }] });
    assert.deepEqual(rules.matchJSON('{"b":"x"}'), ['r']);
  });

  it('matches cidr blocks of many lengths through the per-length index', () => {
    const rules = new RuleSet();
    rules.add('v4-8', { ip: [{ cidr: '10.0.0.0/8' }] });
    rules.add('v4-24', { ip: [{ cidr: '10.1.2.0/24' }] });
    rules.add('v4-32', { ip: [{ cidr: '10.1.2.3/32' }] });
    rules.add('v6-16', { ip: [{ cidr: 'fd00::/16' }] });
    assert.deepEqual(rules.match({ ip: '10.1.2.3' }).sort(), ['v4-24', 'v4-32', 'v4-8']);
    assert.deepEqual(rules.match({ ip: '10.1.3.3' }), ['v4-8']);
    assert.deepEqual(rules.match({ ip: 'fd00:1::1' }), ['v6-16']);
  });

  it('finds wildcards by literal prefix, by literal suffix and with stars at both ends', () => {
    const rules = new RuleSet();
    rules.add('pre', { k: [{ wildcard: 'img/*.png' }] });
    rules.add('suf', { k: [{ wildcard: '*.png' }] });
    rules.add('mid', { k: [{ wildcard: '*/thumbs/*' }] });
    assert.deepEqual(rules.match({ k: 'img/thumbs/a.png' }).sort(), ['mid', 'pre', 'suf']);
    assert.deepEqual(rules.match({ k: 'img/a.jpg' }), []);
  });

  it('matches suffixes and prefixes made of astral characters (surrogate pairs)', () => {
    const rules = new RuleSet();
    rules.add('suf', { a: [{ suffix: '\u{10000}' }] });
    rules.add('pre', { a: [{ prefix: '\u{1F600}x' }] });
    rules.add('long', { a: [{ suffix: 'ab\u{10000}' }] });
    assert.deepEqual(rules.match({ a: 'zz\u{10000}' }), ['suf']);
    assert.deepEqual(rules.match({ a: '\u{1F600}xy' }), ['pre']);
    assert.deepEqual(rules.match({ a: 'ab\u{10000}' }).sort(), ['long', 'suf']);
  });
});
