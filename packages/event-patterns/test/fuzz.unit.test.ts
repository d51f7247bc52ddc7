/**
 * Fuzz tests: random and malformed inputs never crash or hang. compilePattern either returns a
 * compiled pattern or throws PatternError; matches / matchesJSON return a boolean and
 * RuleSet.match / matchJSON an array, and never throw. Where SEMANTICS.md pins the outcome
 * down (text that is not JSON, text that is not a JSON object, non-finite numbers, field names
 * such as `__proto__`), the outcome is checked too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compilePattern, PatternError, RuleSet, type CompiledPattern } from '../src/index.js';
import {
  applyMutations,
  event,
  leafValue,
  mutation,
  serializeWeird,
  trickyString,
  validPattern,
} from './arbitraries.js';

fc.configureGlobal({ includeErrorInReport: true });

const CODES = new Set([
  'INVALID_JSON',
  'NOT_AN_OBJECT',
  'EMPTY_OBJECT',
  'NOT_AN_ARRAY',
  'EMPTY_ARRAY',
  'INVALID_VALUE',
  'UNKNOWN_OPERATOR',
  'MULTIPLE_OPERATORS',
  'INVALID_OPERAND',
  'INVALID_NUMERIC',
  'INVALID_NUMBER',
  'INVALID_CIDR',
  'INVALID_WILDCARD',
  'INVALID_OR',
  'RESERVED_FIELD',
  'DUPLICATE_PATH',
  'TOO_COMPLEX',
]);

/** Any call must finish within this many milliseconds (catches blow-ups that do terminate). */
const SLOW_MS = 2000;

function timed<R>(label: string, f: () => R): R {
  const t0 = performance.now();
  try {
    return f();
  } finally {
    const ms = performance.now() - t0;
    assert.ok(ms < SLOW_MS, `${label} took ${ms.toFixed(0)} ms`);
  }
}

const preview = (x: unknown): string => {
  let s: string;
  try {
    s = typeof x === 'string' ? JSON.stringify(x) : String(JSON.stringify(x));
  } catch {
    s = String(x);
  }
  return s.length > 200 ? `${s.slice(0, 200)}…(${s.length} chars)` : s;
};

/** Compile; any exception other than a well-formed PatternError fails the test. */
function tryCompile(input: unknown): { ok: true; compiled: CompiledPattern } | { ok: false; error: PatternError } {
  let compiled: CompiledPattern;
  try {
    compiled = timed(`compilePattern(${preview(input)})`, () => compilePattern(input as string | object));
  } catch (err) {
    if (!(err instanceof PatternError)) {
      assert.fail(`compilePattern(${preview(input)}) threw a non-PatternError: ${(err as Error)?.stack ?? String(err)}`);
    }
    assert.ok(CODES.has(err.code), `unknown code ${err.code}`);
    assert.equal(typeof err.path, 'string');
    assert.ok(err.message.length > 0);
    if (err.path !== '') assert.ok(err.message.startsWith(`${err.path}: `), `message ${err.message} / path ${err.path}`);
    return { ok: false, error: err };
  }
  assert.equal(typeof compiled.matches, 'function');
  // a compiled pattern must be usable
  assert.equal(typeof compiled.matches({ a: 'x', detail: { b: [1, { c: null }] } }), 'boolean');
  assert.equal(typeof compiled.matchesJSON('{"a":"x","detail":{"b":[1,{"c":null}]}}'), 'boolean');
  return { ok: true, compiled };
}

function jsonParses(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function nestingDepth(v: unknown): number {
  // iterative, so that deep values do not overflow the test's own stack
  let max = 0;
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop() as [unknown, number];
    if (x !== null && typeof x === 'object') {
      max = Math.max(max, d + 1);
      for (const y of Object.values(x)) stack.push([y, d + 1]);
    }
  }
  return max;
}

const isJsonObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Compile pattern text; check INVALID_JSON against JSON.parse. */
function checkPatternText(text: string): void {
  const r = tryCompile(text);
  const parsed = jsonParses(text);
  if (!parsed.ok) {
    assert.equal(r.ok, false, `text that is not JSON compiled: ${preview(text)}`);
    if (!r.ok) assert.equal(r.error.code, 'INVALID_JSON', `not JSON, code ${r.error.code}: ${preview(text)}`);
  } else if (!r.ok && r.error.code === 'INVALID_JSON') {
    assert.ok(nestingDepth(parsed.value) > 63, `valid JSON rejected as INVALID_JSON: ${preview(text)}`);
  }
}

const probePatterns: CompiledPattern[] = [
  { a: ['x'] },
  { a: [{ exists: false }] },
  { a: [{ 'anything-but': 'x' }], detail: { b: [{ exists: true }] } },
  { detail: { b: [{ numeric: ['>', 0] }], c: [{ prefix: '' }] } },
  { $or: [{ a: [{ wildcard: '*' }] }, { items: { c: [null, true, 1] } }] },
  { a: [{ cidr: '10.0.0.0/8' }, { suffix: 'y' }, { 'equals-ignore-case': 'X' }] },
].map((p) => compilePattern(p));

const probeRules = new RuleSet();
probeRules.add('exact', { a: ['x'] });
probeRules.add('absent', { a: [{ exists: false }] });
probeRules.add('nested', { detail: { b: [{ numeric: ['>', 0] }] } });
probeRules.add('ab', { a: [{ 'anything-but': { prefix: 'q' } }] });

/** matchesJSON / matchJSON on text: a boolean / array; false / [] when not a JSON object. */
function checkEventText(text: string): void {
  const parsed = jsonParses(text);
  const notObject = !parsed.ok || !isJsonObject(parsed.value);
  for (const c of probePatterns) {
    const r = timed(`matchesJSON(${preview(text)})`, () => c.matchesJSON(text));
    assert.equal(typeof r, 'boolean');
    if (notObject) assert.equal(r, false, `matchesJSON true for text that is not a JSON object: ${preview(text)} (${c.json})`);
  }
  const names = timed(`matchJSON(${preview(text)})`, () => probeRules.matchJSON(text));
  assert.ok(Array.isArray(names));
  assert.ok(names.every((n) => typeof n === 'string'));
  if (notObject) assert.deepEqual(names, [], `matchJSON non-empty for text that is not a JSON object: ${preview(text)}`);
}

describe('compilePattern never throws anything but PatternError', () => {
  it('random JSON values, as objects and as text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        tryCompile(v);
        checkPatternText(JSON.stringify(v));
      }),
      { numRuns: 1500 },
    );
  });

  it('random JSON values placed where patterns expect match values and operands', () => {
    const op = fc.constantFrom(
      'prefix',
      'suffix',
      'equals-ignore-case',
      'wildcard',
      'numeric',
      'exists',
      'cidr',
      'anything-but',
      '$or',
      'unknown-op',
    );
    fc.assert(
      fc.property(op, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('a', '$or', 'detail'), (o, v, k) => {
        tryCompile({ [k]: [{ [o]: v }] });
        tryCompile({ [k]: { [o]: v } });
        tryCompile({ [k]: [{ 'anything-but': { [o]: v } }] });
        tryCompile({ [k]: [{ prefix: { [o]: v } }] });
        tryCompile({ $or: [{ [o]: v }, { a: [1] }] });
        tryCompile({ a: v });
      }),
      { numRuns: 1500 },
    );
  });

  it('random strings', () => {
    const jsonish = fc.string({
      unit: fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', 'u', 'a', '0', '1', '-', '.', 'e', ' ', 'n', 'true', 'null', '"a"', '$or', '\ud800'),
      maxLength: 30,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), trickyString, jsonish, fc.json()), (s) => {
        checkPatternText(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('mutations of valid pattern text', () => {
    fc.assert(
      fc.property(validPattern, fc.integer(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (p, seed, ms) => {
        const base = seed % 2 === 0 ? JSON.stringify(p) : serializeWeird(p, seed);
        checkPatternText(applyMutations(base, ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('deep nesting', () => {
    const N = 10_000;
    const texts = [
      '['.repeat(N),
      '{"a":'.repeat(N),
      `${'['.repeat(N)}${']'.repeat(N)}`,
      `${'{"a":'.repeat(N)}[1]${'}'.repeat(N)}`,
      `{"a":${'['.repeat(N)}1${']'.repeat(N)}}`,
      `{"a":[${'{"b":'.repeat(N)}1${'}'.repeat(N)}]}`,
      `{"$or":[${'{"$or":['.repeat(N)}`,
      `${'{"a":'.repeat(100)}[1]${'}'.repeat(100)}`,
    ];
    for (const t of texts) {
      const r = tryCompile(t);
      assert.equal(r.ok, false, `accepted ${preview(t)}`);
    }
    // more than 64 levels of valid JSON text: INVALID_JSON (SEMANTICS.md)
    const deepValid = `${'{"a":'.repeat(100)}[1]${'}'.repeat(100)}`;
    const r = tryCompile(deepValid);
    assert.ok(!r.ok && r.error.code === 'INVALID_JSON', 'deep valid JSON text must be INVALID_JSON');
    // well within the limit: fine
    const shallow = `${'{"a":'.repeat(30)}[1]${'}'.repeat(30)}`;
    const ok = tryCompile(shallow);
    assert.ok(ok.ok, 'depth-31 pattern text rejected');
    assert.equal(ok.compiled.matchesJSON(`${'{"a":'.repeat(30)}1${'}'.repeat(30)}`), true);

    // deep objects (not text)
    let deepObj: Record<string, unknown> = { a: [1] };
    for (let i = 0; i < N; i++) deepObj = { a: deepObj };
    tryCompile(deepObj);
    let deepArr: unknown = [1];
    for (let i = 0; i < N; i++) deepArr = [deepArr];
    tryCompile({ a: deepArr });
    tryCompile({ a: [{ 'anything-but': deepArr }] });
    let deepOr: Record<string, unknown> = { a: [1] };
    for (let i = 0; i < 200; i++) deepOr = { $or: [deepOr, { b: [i] }] };
    tryCompile(deepOr);
  });

  it('huge, tiny and non-finite numbers', () => {
    const texts = [
      '{"a":[1e400]}',
      '{"a":[-1e400]}',
      '{"a":[1e999999999]}',
      '{"a":[1e-999999999]}',
      '{"a":[0e999999999]}',
      '{"a":[-0]}',
      '{"a":[123456789012345678901234567890123456789012345678901234567890]}',
      `{"a":[1${'0'.repeat(5000)}]}`,
      `{"a":[0.${'0'.repeat(5000)}1]}`,
      '{"a":[{"numeric":[">",1e400]}]}',
      '{"a":[{"numeric":[">",-1e400,"<",0]}]}',
      '{"a":[{"numeric":[">",0,"<",1e999999999]}]}',
      '{"a":[{"numeric":[">",1e-999999999]}]}',
      '{"a":[{"numeric":["=",9007199254740993]}]}',
      '{"a":[{"anything-but":[1e400]}]}',
      '{"a":[{"anything-but":1e99999999999999999999}]}',
    ];
    for (const t of texts) {
      const r = tryCompile(t);
      if (r.ok) {
        const compiled = r.compiled;
        for (const ev of ['{"a":1e999999999}', '{"a":1e-999999999}', '{"a":-0}', '{"a":9007199254740993}', `{"a":1${'0'.repeat(5000)}}`]) {
          assert.equal(typeof timed(`matchesJSON ${preview(ev)}`, () => compiled.matchesJSON(ev)), 'boolean');
        }
      }
    }
    for (const t of ['{"a":[1e400]}', '{"a":[-1e400]}', '{"a":[1e999999999]}']) {
      const r = tryCompile(t);
      assert.ok(!r.ok && r.error.code === 'INVALID_NUMBER', `${t} must be INVALID_NUMBER`);
    }
    for (const v of [Infinity, -Infinity, NaN]) {
      const r = tryCompile({ a: [v] });
      assert.ok(!r.ok && r.error.code === 'INVALID_NUMBER', `${v} must be INVALID_NUMBER`);
      const r2 = tryCompile({ a: [{ numeric: ['<', v] }] });
      assert.equal(r2.ok, false, `numeric bound ${v} accepted`);
      const r3 = tryCompile({ a: [{ 'anything-but': v }] });
      assert.equal(r3.ok, false, `anything-but ${v} accepted`);
    }
    // 0e999999999 is zero
    const zero = tryCompile('{"a":[0e999999999]}');
    assert.ok(zero.ok);
    assert.equal(zero.compiled.matches({ a: 0 }), true);
    // beyond 2^53: exact text
    const big = compilePattern('{"a":[9007199254740993]}');
    assert.equal(big.matchesJSON('{"a":9007199254740993}'), true);
    assert.equal(big.matchesJSON('{"a":9007199254740992}'), false);
    assert.equal(big.matches({ a: 9007199254740992 }), false);
    assert.equal(big.matches({ a: 9007199254740993n }), true);
    assert.equal(compilePattern({ a: [3] }).matches({ a: 3n }), true);
    assert.equal(compilePattern({ a: [0] }).matches({ a: -0 }), true);
  });

  it('lone surrogates', () => {
    const texts = [
      '{"a":["\\ud800"]}',
      '{"a":["\\udc00x"]}',
      '{"\\ud800":["x"]}',
      '{"a":["\ud800"]}',
      '{"a":[{"prefix":"\\ud83d"}]}',
      '{"a":[{"wildcard":"\\ud83d*"}]}',
      '{"a":[{"equals-ignore-case":"\\udfff"}]}',
      '{"a":[{"cidr":"\\ud800"}]}',
      '{"a":["\\ud800',
      '{"a":["\\ud8"]}',
    ];
    for (const t of texts) checkPatternText(t);
    const c = compilePattern('{"a":["\\ud800"]}');
    assert.equal(c.matches({ a: '\ud800' }), true);
    assert.equal(c.matchesJSON('{"a":"\\ud800"}'), true);
    assert.equal(c.matchesJSON('{"a":"\\ud800\\udc00"}'), false);
    assert.equal(c.matches({ a: '\ud800\udc00' }), false);
    const pre = compilePattern({ a: [{ prefix: '\ud83d' }] });
    assert.equal(typeof pre.matches({ a: '😀' }), 'boolean');
    assert.equal(typeof pre.matchesJSON('{"a":"😀"}'), 'boolean');
    assert.equal(pre.matches({ a: '😀' }), pre.matchesJSON('{"a":"😀"}'));
  });

  it('__proto__, constructor and other Object.prototype names as field names', () => {
    const names = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
    for (const n of names) {
      const k = JSON.stringify(n);
      const texts = [
        `{${k}:["x"]}`,
        `{${k}:{"polluted":["x"]}}`,
        `{"a":{${k}:[1]}}`,
        `{"$or":[{${k}:["x"]},{"a":[1]}]}`,
        `{${k}:[{"exists":false}]}`,
        `{${k}:[{"exists":true}]}`,
        `{"a":[{${k}:"x"}]}`,
        `{"a":[{"anything-but":{${k}:"x"}}]}`,
      ];
      for (const t of texts) {
        checkPatternText(t);
        tryCompile(JSON.parse(t) as object);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype polluted');

      const exact = compilePattern(`{${k}:["x"]}`);
      assert.equal(exact.matchesJSON(`{${k}:"x"}`), true, `${n}: matchesJSON own field`);
      assert.equal(exact.matches(JSON.parse(`{${k}:"x"}`) as object), true, `${n}: matches own field`);
      assert.equal(exact.matches({}), false, `${n}: inherited property seen as a field`);
      assert.equal(exact.matchesJSON('{}'), false);
      const exists = compilePattern(`{${k}:[{"exists":true}]}`);
      assert.equal(exists.matches({}), false, `${n}: exists:true on {}`);
      assert.equal(exists.matches({ a: 1 }), false, `${n}: exists:true on {a:1}`);
      assert.equal(exists.matchesJSON('{"a":1}'), false);
      const absent = compilePattern(`{${k}:[{"exists":false}]}`);
      assert.equal(absent.matches({ a: 1 }), true, `${n}: exists:false on {a:1}`);
      assert.equal(absent.matchesJSON('{"a":1}'), true);
      const ab = compilePattern(`{${k}:[{"anything-but":"y"}]}`);
      assert.equal(ab.matches({}), false, `${n}: anything-but on a missing field`);
      const rs = new RuleSet();
      rs.add(n, `{${k}:["x"]}`);
      rs.add('other', { a: [1] });
      assert.deepEqual(rs.match({}), []);
      assert.deepEqual(rs.matchJSON(`{${k}:"x"}`), [n]);
      assert.equal(rs.has(n), true);
      assert.equal(rs.has('valueOf'), n === 'valueOf');
    }
    const rs = new RuleSet();
    assert.equal(rs.has('__proto__'), false);
    assert.equal(rs.remove('constructor'), false);
    assert.equal(rs.size, 0);
  });
});

describe('matchesJSON / matchJSON never throw', () => {
  it('random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), trickyString, fc.json()), (s) => {
        checkEventText(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('truncated and mutated valid event JSON', () => {
    fc.assert(
      fc.property(event, fc.integer(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (e, seed, ms) => {
        const base = seed % 2 === 0 ? JSON.stringify(e) : serializeWeird(e, seed);
        checkEventText(applyMutations(base, ms));
        checkEventText(base.slice(0, Math.abs(seed) % (base.length + 1)));
      }),
      { numRuns: 2000 },
    );
  });

  it('deep nesting and huge texts', () => {
    const N = 100_000;
    const texts = [
      '{"a":'.repeat(N),
      '['.repeat(N),
      `{"a":${'['.repeat(N)}`,
      `{"detail":{"b":${'['.repeat(N)}1${']'.repeat(N)}}}`,
      `${'{"a":'.repeat(N)}1${'}'.repeat(N)}`,
      `{"a":[${'{"b":'.repeat(N)}1${'}'.repeat(N)}]}`,
      `{"a":"${'x'.repeat(N)}"}`,
      `{"a":"${'\\u0041'.repeat(N)}"}`,
      `{"a":${'1'.repeat(N)}}`,
      `{"a":1e${'9'.repeat(50)}}`,
      `{"a":-1e-${'9'.repeat(50)}}`,
      `{"a":0.${'0'.repeat(N)}1}`,
      `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
      `{"a":[${Array.from({ length: 10_000 }, (_, i) => i).join(',')}]}`,
      `${' '.repeat(N)}{}`,
    ];
    for (const t of texts) checkEventText(t);
  });

  it('texts that are JSON but not objects, and near-misses', () => {
    const texts = [
      '',
      ' ',
      'null',
      'true',
      '1',
      '"a"',
      '[]',
      '[{"a":"x"}]',
      '{"a":"x"} x',
      '{"a":"x"}}',
      '{"a":"x",}',
      '{"a":"x" "b":1}',
      "{'a':'x'}",
      '{a:"x"}',
      '{"a":"x"',
      '{"a":"x\u0001"}',
      '{"a":"\\x"}',
      '{"a":"\\u12"}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":.5}',
      '{"a":+1}',
      '{"a":NaN}',
      '{"a":Infinity}',
      '{"a":tru}',
      '{"a":nul}',
      '\ufeff{"a":"x"}',
      '{"a":"x"}\u0000',
      '/*c*/{"a":"x"}',
      '{"a":"x"}//',
      '{"b":1,"a":"x","a":',
    ];
    const failures: string[] = [];
    for (const t of texts) {
      try {
        checkEventText(t);
      } catch (err) {
        failures.push((err as Error).message.split('\n')[0] as string);
      }
    }
    assert.deepEqual(failures, []);
  });
});

describe('matches / match on objects with odd values never throw', () => {
  class Thing {
    a = 'x';
    b = [1, 2];
    get c(): string {
      return 'y';
    }
  }
  const cyclic = (): Record<string, unknown> => {
    const o: Record<string, unknown> = { a: 'x' };
    o.self = o;
    o.list = [o, { o }];
    return o;
  };
  const odd = fc.constantFrom<() => unknown>(
    () => undefined,
    (): (() => number) => () => 1,
    () => Symbol('s'),
    () => new Date(0),
    () => new Map([['a', 'x']]),
    () => new Set(['x']),
    () => new Thing(),
    () => Object.create(null) as object,
    () => Object.assign(Object.create(null) as object, { a: 'x', b: 1 }),
    () => 1n,
    () => 2n ** 70n,
    () => -3n,
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => -0,
    () => new String('x'),
    () => new Number(1),
    () => new Boolean(true),
    () => /x/,
    () => new Error('x'),
    () => new Uint8Array([1, 2]),
    () => [, 1], // eslint-disable-line no-sparse-arrays
    () => Object.assign([1, 2], { a: 'x' }),
    () => ({ [Symbol('k')]: 'x', a: 'x' }),
    () => Promise.resolve(1),
    () => new WeakMap(),
    () => ({ toJSON: () => ({ a: 'x' }) }),
  );
  const oddValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      { arbitrary: odd.map((f) => f()), weight: 3 },
      { arbitrary: leafValue, weight: 2 },
      { arbitrary: fc.array(tie('v'), { maxLength: 3 }), weight: 1 },
      { arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'detail', 'items'), tie('v'), { maxKeys: 3 }), weight: 1 },
    ),
  })).v;
  const oddEvent = fc
    .tuple(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'detail', 'items'), oddValue, { maxKeys: 5 }), fc.boolean())
    .map(([o, withCycle]) => (withCycle ? { ...o, 'zz-cycle': cyclic(), 'zz-list': [cyclic()] } : o));

  it('random patterns against odd events', () => {
    fc.assert(
      fc.property(fc.array(validPattern, { minLength: 1, maxLength: 3 }), oddEvent, (ps, e) => {
        const rs = new RuleSet();
        ps.forEach((p, i) => {
          const c = compilePattern(p);
          const m = timed('matches', () => c.matches(e));
          assert.equal(typeof m, 'boolean');
          rs.add(`r${i}`, p);
        });
        const names = timed('match', () => rs.match(e));
        assert.ok(Array.isArray(names) && names.every((n) => typeof n === 'string'));
        assert.equal(new Set(names).size, names.length);
        for (const n of names) assert.ok(n.startsWith('r') && Number(n.slice(1)) < ps.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('non-objects and odd roots match nothing or return a boolean', () => {
    const c = compilePattern({ a: [{ exists: false }] });
    const rs = new RuleSet();
    rs.add('absent', { a: [{ exists: false }] });
    for (const root of [null, undefined, 1, 'x', true, 1n, Symbol('x'), [], [{ a: 1 }], () => 1]) {
      assert.equal(c.matches(root as object), false, `matches(${String(root)})`);
      assert.deepEqual(rs.match(root as object), [], `match(${String(root)})`);
    }
    for (const root of [new Date(0), new Map(), new Thing(), Object.create(null) as object, cyclic(), /x/, new Error('e')]) {
      assert.equal(typeof c.matches(root), 'boolean');
      assert.ok(Array.isArray(rs.match(root)));
    }
  });
});
