/**
 * Property-based tests for @switchboard/event-patterns, derived from ../SEMANTICS.md.
 *
 * Every property either compares two routes through the public API that the contract says
 * must agree (RuleSet vs compilePattern, matchesJSON vs matches, pattern text vs object,
 * explain vs matches), a metamorphic relation justified by SEMANTICS.md, or a small reference
 * model of the operator table (used only where the contract leaves nothing open; cases the
 * contract leaves open make the reference answer "unknown" and are skipped with fc.pre).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compilePattern, explain, PatternError, RuleSet } from '../src/index.js';
import {
  ABSENT_KEY,
  KEYS,
  alternativeCount,
  anythingButOperand,
  cidrOperand,
  event,
  flatEvent,
  IP_STRINGS,
  leafValue,
  matchValue,
  matchValues,
  patternWithoutExistsFalse,
  positiveForm,
  prng,
  serializeWeird,
  shuffleKeys,
  trickyString,
  validPattern,
  type Json,
  type JsonObject,
} from './arbitraries.js';

fc.configureGlobal({ includeErrorInReport: true });

const show = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && Object.is(x, -0) ? '-0' : x));

// ---------------------------------------------------------------------------------------------
// Reference model of the operator table (three-valued: undefined = the contract leaves it open)
// ---------------------------------------------------------------------------------------------

type T = boolean | undefined;

function or3(xs: Iterable<T>): T {
  let unknown = false;
  for (const x of xs) {
    if (x === true) return true;
    if (x === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}
function and3(xs: Iterable<T>): T {
  let unknown = false;
  for (const x of xs) {
    if (x === false) return false;
    if (x === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}
const not3 = (x: T): T => (x === undefined ? undefined : !x);

const fold = (s: string): string => s.toUpperCase().toLowerCase();

interface IP {
  v6: boolean;
  bytes: number[];
}

function parseIPv4(s: string): number[] | null | 'ambiguous' {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return null;
  const parts = m.slice(1, 5) as string[];
  if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return 'ambiguous';
  const nums = parts.map(Number);
  if (nums.some((n) => n > 255)) return null;
  return nums;
}

function parseIP(s: string): IP | null | 'ambiguous' {
  if (!s.includes(':')) {
    const v4 = parseIPv4(s);
    return v4 === null || v4 === 'ambiguous' ? v4 : { v6: false, bytes: v4 };
  }
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return null;
  let body = s;
  let tail: number[] = [];
  if (s.includes('.')) {
    const last = s.lastIndexOf(':');
    const v4 = parseIPv4(s.slice(last + 1));
    if (v4 === null || v4 === 'ambiguous') return v4;
    tail = [((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number)];
    body = s.slice(0, last + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const groups = (str: string): number[] | null => {
    if (str === '') return [];
    const gs = str.split(':');
    if (gs.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return gs.map((g) => parseInt(g, 16));
  };
  const halves = body.split('::');
  let words: number[];
  if (halves.length > 2) return null;
  if (halves.length === 2) {
    const head = groups(halves[0] as string);
    const rest = groups(halves[1] as string);
    if (head === null || rest === null) return null;
    const n = head.length + rest.length + tail.length;
    if (n > 7) return null;
    words = [...head, ...new Array<number>(8 - n).fill(0), ...rest, ...tail];
  } else {
    const all = groups(body);
    if (all === null) return null;
    words = [...all, ...tail];
    if (words.length !== 8) return null;
  }
  return { v6: true, bytes: words.flatMap((w) => [w >> 8, w & 0xff]) };
}

const sameBytes = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function isMappedV4(a: IP, b: IP): boolean {
  const [six, four] = a.v6 ? [a, b] : [b, a];
  return (
    six.v6 &&
    !four.v6 &&
    sameBytes(six.bytes.slice(0, 12), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]) &&
    sameBytes(six.bytes.slice(12), four.bytes)
  );
}

function stringEquals(s: string, v: Json): T {
  if (typeof v !== 'string') return false;
  if (v === s) return true;
  const a = parseIP(s);
  const b = parseIP(v);
  if (a === 'ambiguous' || b === 'ambiguous') return undefined;
  if (a === null || b === null) return false;
  if (a.v6 === b.v6) return sameBytes(a.bytes, b.bytes);
  return isMappedV4(a, b) ? undefined : false;
}

/** prefix/suffix equals-ignore-case: two natural readings; unknown when they disagree. */
function affixIgnoreCase(v: string, s: string, prefix: boolean): T {
  const a = prefix ? fold(v).startsWith(fold(s)) : fold(v).endsWith(fold(s));
  const part = prefix ? v.slice(0, s.length) : v.length >= s.length ? v.slice(v.length - s.length) : v;
  const b = v.length >= s.length && fold(part) === fold(s);
  return a === b ? a : undefined;
}

function wildcardRegex(p: string): RegExp {
  let re = '^';
  const esc = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    if (ch === '\\') {
      re += esc(p[i + 1] as string);
      i++;
    } else if (ch === '*') re += '[\\s\\S]*';
    else re += esc(ch);
  }
  return new RegExp(`${re}$`);
}

function cmp(v: number, op: string, n: number): boolean {
  switch (op) {
    case '=':
      return v === n;
    case '<':
      return v < n;
    case '<=':
      return v <= n;
    case '>':
      return v > n;
    case '>=':
      return v >= n;
    default:
      throw new Error(`bad op ${op}`);
  }
}

function cidrMatch(cidr: string, v: Json): T {
  if (typeof v !== 'string') return false;
  const [net, bitsText] = cidr.split('/') as [string, string];
  const n = parseIP(net);
  const a = parseIP(v);
  if (n === null || n === 'ambiguous') throw new Error(`bad cidr in generator: ${cidr}`);
  if (a === 'ambiguous') return undefined;
  if (a === null || a.v6 !== n.v6) return false;
  const bits = Number(bitsText);
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((a.bytes[byte] as number) & mask) !== ((n.bytes[byte] as number) & mask)) return false;
  }
  return true;
}

/** Does match value `mv` (not an exists) match leaf value `v`? */
function leafMatch(mv: Json, v: Json): T {
  if (typeof mv === 'string') return stringEquals(mv, v);
  if (typeof mv === 'number') return typeof v === 'number' && v === mv;
  if (mv === null || typeof mv === 'boolean') return v === mv;
  if (Array.isArray(mv)) throw new Error('array match value');
  const [op, arg] = Object.entries(mv)[0] as [string, Json];
  switch (op) {
    case 'prefix':
    case 'suffix': {
      if (typeof v !== 'string') return false;
      if (typeof arg === 'string') return op === 'prefix' ? v.startsWith(arg) : v.endsWith(arg);
      const s = (arg as JsonObject)['equals-ignore-case'] as string;
      return affixIgnoreCase(v, s, op === 'prefix');
    }
    case 'equals-ignore-case':
      return typeof v === 'string' && fold(v) === fold(arg as string);
    case 'wildcard':
      return typeof v === 'string' && wildcardRegex(arg as string).test(v);
    case 'numeric': {
      if (typeof v !== 'number') return false;
      const a = arg as Json[];
      if (a.length === 2) return cmp(v, a[0] as string, a[1] as number);
      return cmp(v, a[0] as string, a[1] as number) && cmp(v, a[2] as string, a[3] as number);
    }
    case 'cidr':
      return cidrMatch(arg as string, v);
    case 'anything-but':
      return not3(or3(positiveForm(arg).map((p) => leafMatch(p, v))));
    default:
      throw new Error(`unknown op in generator: ${op}`);
  }
}

/** A leaf condition (OR of match values) against the leaf values a path sees. */
function evalCondition(values: Json[], leaves: Json[]): T {
  return or3(
    values.map((mv): T => {
      if (mv !== null && typeof mv === 'object' && !Array.isArray(mv) && 'exists' in mv) {
        return mv.exists === true ? leaves.length > 0 : leaves.length === 0;
      }
      return or3(leaves.map((v) => leafMatch(mv, v)));
    }),
  );
}

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Leaves of a value (arrays flattened at any depth, objects contribute none). */
function leavesOf(v: Json | undefined): Json[] {
  if (v === undefined || isObject(v)) return [];
  if (Array.isArray(v)) return v.flatMap(leavesOf);
  return [v];
}

/** Leaves a path sees, descending through arrays at any level. */
function leavesAt(v: Json | undefined, path: readonly string[], i = 0): Json[] {
  if (Array.isArray(v)) return v.flatMap((x) => leavesAt(x, path, i));
  if (i === path.length) return leavesOf(v);
  if (!isObject(v) || !Object.hasOwn(v, path[i] as string)) return [];
  return leavesAt(v[path[i] as string], path, i + 1);
}

type Alternative = Array<[string[], Json[]]>;

function expand(node: JsonObject, prefix: string[] = []): Alternative[] {
  let alts: Alternative[] = [[]];
  const cross = (more: Alternative[]): void => {
    alts = alts.flatMap((a) => more.map((b) => [...a, ...b]));
  };
  for (const [k, sub] of Object.entries(node)) {
    if (k === '$or') cross((sub as JsonObject[]).flatMap((alt) => expand(alt, prefix)));
    else if (Array.isArray(sub)) cross([[[[...prefix, k], sub]]]);
    else cross(expand(sub as JsonObject, [...prefix, k]));
  }
  return alts;
}

/** Reference for events in which no object sits inside an array. */
function refFlat(p: JsonObject, e: JsonObject): T {
  return or3(expand(p).map((alt) => and3(alt.map(([path, values]) => evalCondition(values, leavesAt(e, path))))));
}

/**
 * Reference for patterns without {"exists": false}: a sub-pattern matches an array when one
 * element (arrays flattened) matches all of it — "values from the same element".
 */
function refTree(node: JsonObject, v: Json | undefined): T {
  if (Array.isArray(v)) return or3(v.map((x) => refTree(node, x)));
  const obj = isObject(v) ? v : undefined;
  const parts: T[] = [];
  for (const [k, sub] of Object.entries(node)) {
    if (k === '$or') continue;
    const child = obj !== undefined && Object.hasOwn(obj, k) ? obj[k] : undefined;
    if (Array.isArray(sub)) parts.push(evalCondition(sub, leavesOf(child)));
    else parts.push(child === undefined ? false : refTree(sub as JsonObject, child));
  }
  const ors = node.$or;
  if (Array.isArray(ors)) parts.push(or3(ors.map((alt) => refTree(alt as JsonObject, v))));
  return and3(parts);
}

function hasObjectInArray(v: Json, inArray = false): boolean {
  if (Array.isArray(v)) return v.some((x) => hasObjectInArray(x, true));
  if (isObject(v)) return inArray || Object.values(v).some((x) => hasObjectInArray(x, false));
  return false;
}

// ---------------------------------------------------------------------------------------------
// Event transformations
// ---------------------------------------------------------------------------------------------

/** Wrap some leaves `v` as `[v]` (or `[[v]]`), chosen by a seeded PRNG. */
function wrapLeaves(e: JsonObject, seed: number): JsonObject {
  const rnd = prng(seed);
  const go = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(go);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, go(x)]));
    const r = rnd();
    return r < 0.4 ? [v] : r < 0.55 ? [[v]] : v;
  };
  return go(e) as JsonObject;
}

/** Wrap some non-root objects `o` as `[o]`. */
function wrapObjects(e: JsonObject, seed: number): JsonObject {
  const rnd = prng(seed);
  const go = (v: Json, root: boolean): Json => {
    if (Array.isArray(v)) return v.map((x) => go(x, false));
    if (!isObject(v)) return v;
    const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, go(x, false)]));
    return !root && rnd() < 0.5 ? [o] : o;
  };
  return go(e, true) as JsonObject;
}

// ---------------------------------------------------------------------------------------------

describe('generators', () => {
  it('generate valid patterns and a useful share of matching pairs', () => {
    const pairs = fc.sample(fc.tuple(validPattern, event), { numRuns: 2000, seed: 42 });
    let matched = 0;
    for (const [p, e] of pairs) {
      if (compilePattern(p).matches(e)) matched++;
    }
    const rate = matched / pairs.length;
    assert.ok(rate >= 0.1 && rate <= 0.5, `match rate ${rate}`);
  });

  it('exercise every operator with both outcomes', () => {
    const seen = new Map<string, { hit: number; miss: number }>();
    const opName = (mv: Json): string => {
      if (mv === null || typeof mv !== 'object' || Array.isArray(mv)) return mv === null ? 'null' : typeof mv;
      const [op, arg] = Object.entries(mv)[0] as [string, Json];
      if (op === 'exists') return `exists:${String(arg)}`;
      if (op === 'numeric') return (arg as Json[]).length === 4 ? 'numeric-range' : 'numeric';
      if (op === 'anything-but') {
        const inner = arg !== null && typeof arg === 'object' && !Array.isArray(arg) ? Object.keys(arg)[0] : Array.isArray(arg) ? 'list' : typeof arg;
        return `anything-but/${String(inner)}`;
      }
      if (arg !== null && typeof arg === 'object') return `${op}/equals-ignore-case`;
      return op;
    };
    const samples = fc.sample(fc.tuple(matchValue(), fc.oneof(leafValue, fc.array(leafValue, { maxLength: 3 }))), { numRuns: 10000, seed: 3 });
    for (const [mv, v] of samples) {
      const name = opName(mv);
      const m = compilePattern({ a: [mv] }).matches({ a: v });
      const s = seen.get(name) ?? { hit: 0, miss: 0 };
      if (m) s.hit++;
      else s.miss++;
      seen.set(name, s);
    }
    const expected = [
      'string', 'number', 'boolean', 'null', 'prefix', 'prefix/equals-ignore-case', 'suffix', 'suffix/equals-ignore-case',
      'equals-ignore-case', 'wildcard', 'numeric', 'numeric-range', 'exists:true', 'exists:false', 'cidr',
      'anything-but/string', 'anything-but/number', 'anything-but/list', 'anything-but/prefix', 'anything-but/suffix',
      'anything-but/equals-ignore-case', 'anything-but/wildcard',
    ];
    for (const name of expected) {
      const s = seen.get(name);
      assert.ok(s !== undefined && s.hit > 0 && s.miss > 0, `${name}: ${show(s)}`);
    }
  });

  it('reference models agree where both apply', () => {
    fc.assert(
      fc.property(patternWithoutExistsFalse, flatEvent, (p, e) => {
        const a = refFlat(p, e);
        const b = refTree(p, e);
        fc.pre(a !== undefined && b !== undefined);
        assert.equal(a, b);
      }),
      { numRuns: 500 },
    );
  });
});

describe('operators agree with the reference model of SEMANTICS.md', () => {
  // IP addresses have several spellings; give them more weight here
  const ip = fc.constantFrom(...IP_STRINGS);
  const ipLeaf = fc.oneof({ arbitrary: leafValue, weight: 3 }, { arbitrary: ip, weight: 1 });
  const ipMatchValues = fc.array(
    fc.oneof(
      ip,
      fc.record({ 'anything-but': fc.oneof(ip, fc.uniqueArray(ip, { minLength: 1, maxLength: 3 })) }),
      fc.record({ cidr: cidrOperand }),
      fc.record({ prefix: ip }),
    ),
    { minLength: 1, maxLength: 3 },
  );

  it('single field: OR of match values against a scalar or an array of scalars', () => {
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: matchValues(), weight: 3 }, { arbitrary: ipMatchValues, weight: 1 }),
        fc.oneof(ipLeaf, fc.array(ipLeaf, { maxLength: 3 }), fc.constant(undefined)),
        (values, v) => {
          const p: JsonObject = { a: values };
          const e: JsonObject = v === undefined ? { b: 1 } : { a: v };
          const expected = refFlat(p, e);
          fc.pre(expected !== undefined);
          assert.equal(compilePattern(p).matches(e), expected, `pattern ${show(p)} event ${show(e)}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('whole patterns against events without objects inside arrays', () => {
    fc.assert(
      fc.property(validPattern, flatEvent, (p, e) => {
        const expected = refFlat(p, e);
        fc.pre(expected !== undefined);
        assert.equal(compilePattern(p).matches(e), expected, `pattern ${show(p)} event ${show(e)}`);
      }),
      { numRuns: 1500 },
    );
  });

  it('patterns without exists:false against any event (arrays of objects: same element)', () => {
    fc.assert(
      fc.property(patternWithoutExistsFalse, event, (p, e) => {
        const expected = refTree(p, e);
        fc.pre(expected !== undefined);
        assert.equal(compilePattern(p).matches(e), expected, `pattern ${show(p)} event ${show(e)}`);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('RuleSet agrees with compilePattern', () => {
  const NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6'] as const;
  const rule = fc.tuple(fc.constantFrom(...NAMES), validPattern, fc.boolean());

  it('match / matchJSON return exactly the names whose own pattern matches, before and after remove', () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 10 }),
        fc.array(event, { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom(...NAMES), { maxLength: 6 }),
        fc.array(rule, { maxLength: 3 }),
        (rules, events, toRemove, readd) => {
          const rs = new RuleSet();
          const model = new Map<string, ReturnType<typeof compilePattern>>();
          const check = (stage: string): void => {
            assert.equal(rs.size, model.size, `${stage}: size`);
            for (const n of NAMES) assert.equal(rs.has(n), model.has(n), `${stage}: has(${n})`);
            for (const e of events) {
              const expected = [...model].filter(([, c]) => c.matches(e)).map(([n]) => n).sort();
              const got = rs.match(e);
              assert.equal(new Set(got).size, got.length, `${stage}: duplicate names in ${show(got)}`);
              assert.deepEqual([...got].sort(), expected, `${stage}: match ${show(e)}`);
              const gotJSON = rs.matchJSON(JSON.stringify(e));
              assert.equal(new Set(gotJSON).size, gotJSON.length, `${stage}: duplicate names in matchJSON`);
              assert.deepEqual([...gotJSON].sort(), expected, `${stage}: matchJSON ${show(e)}`);
            }
          };
          for (const [n, p, asText] of rules) {
            rs.add(n, asText ? JSON.stringify(p) : p); // replaces a rule of the same name
            model.set(n, compilePattern(p));
          }
          check('after add');
          for (const n of toRemove) assert.equal(rs.remove(n), model.delete(n), `remove(${n})`);
          check('after remove');
          for (const [n, p] of readd) {
            rs.add(n, p);
            model.set(n, compilePattern(p));
          }
          check('after re-add');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('RuleSet with many rules', () => {
  it('up to 60 rules on the same few fields (shared indexes) agree with compilePattern', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ arbitrary: matchValues().map((v): JsonObject => ({ a: v })), weight: 2 }, { arbitrary: validPattern, weight: 1 }), {
          minLength: 20,
          maxLength: 60,
        }),
        fc.array(event, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(59), { maxLength: 20 }),
        (patterns, events, removals) => {
          const rs = new RuleSet();
          const model = new Map<string, ReturnType<typeof compilePattern>>();
          patterns.forEach((p, i) => {
            rs.add(`r${i}`, p);
            model.set(`r${i}`, compilePattern(p));
          });
          for (const i of removals) assert.equal(rs.remove(`r${i}`), model.delete(`r${i}`));
          for (const e of events) {
            const expected = [...model].filter(([, c]) => c.matches(e)).map(([n]) => n).sort();
            assert.deepEqual([...rs.match(e)].sort(), expected, `match ${show(e)}`);
            assert.deepEqual([...rs.matchJSON(JSON.stringify(e))].sort(), expected, `matchJSON ${show(e)}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('RuleSet after it has planned from sampled events', () => {
  // The engine samples events and re-plans which condition of each alternative it counts
  // (after 32 sampled events, and after 256, one event in 64 then). Whatever it learnt from
  // one stream of events, answers for any event stay exact.
  it('agrees with compilePattern on the warm-up stream and on other events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ arbitrary: matchValues().map((v): JsonObject => ({ a: v })), weight: 1 }, { arbitrary: validPattern, weight: 2 }), {
          minLength: 10,
          maxLength: 40,
        }),
        fc.array(event, { minLength: 4, maxLength: 12 }),
        fc.array(event, { minLength: 1, maxLength: 8 }),
        (patterns, stream, others) => {
          const rs = new RuleSet();
          const model = new Map<string, ReturnType<typeof compilePattern>>();
          patterns.forEach((p, i) => {
            rs.add(`r${i}`, p);
            model.set(`r${i}`, compilePattern(p));
          });
          const texts = stream.map((e) => JSON.stringify(e));
          for (let i = 0; i < 15_000; i++) {
            const k = i % texts.length;
            if (i % 3 === 0) rs.match(stream[k]!);
            else rs.matchJSON(texts[k]!);
          }
          for (const e of [...stream, ...others]) {
            const expected = [...model].filter(([, c]) => c.matches(e)).map(([n]) => n).sort();
            assert.deepEqual([...rs.match(e)].sort(), expected, `match ${show(e)}`);
            assert.deepEqual([...rs.matchJSON(JSON.stringify(e))].sort(), expected, `matchJSON ${show(e)}`);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('matchesJSON agrees with matches', () => {
  it('compact, pretty-printed and randomly spelled JSON (whitespace, escapes, numerals)', () => {
    fc.assert(
      fc.property(validPattern, event, fc.integer(), (p, e, seed) => {
        const c = compilePattern(p);
        const m = c.matches(e);
        assert.equal(c.matchesJSON(JSON.stringify(e)), m, 'JSON.stringify');
        assert.equal(c.matchesJSON(JSON.stringify(e, null, 2)), m, 'pretty');
        const weird = serializeWeird(e, seed);
        assert.equal(c.matchesJSON(weird), m, `weird text ${weird}`);
      }),
      { numRuns: 1500 },
    );
  });

  it('strings with escapes, control characters, non-ASCII and lone surrogates', () => {
    fc.assert(
      fc.property(trickyString, trickyString, fc.nat(), fc.integer(), (s, other, cut, seed) => {
        const cps = [...s];
        const pre = cps.slice(0, cut % (cps.length + 1)).join('');
        const suf = cps.slice(cut % (cps.length + 1)).join('');
        const p: JsonObject = { detail: { a: [s], b: [{ prefix: pre }], c: [{ suffix: suf === '' ? 'never' : suf }] } };
        const hit: JsonObject = { detail: { a: s, b: [other, s], c: suf === '' ? 'xnever' : s } };
        const miss: JsonObject = { detail: { a: `${s}\u0000`, b: s, c: s } };
        for (const c of [compilePattern(p), compilePattern(JSON.stringify(p)), compilePattern(serializeWeird(p, seed))]) {
          assert.equal(c.matches(hit), true, `matches ${show(hit)}`);
          assert.equal(c.matchesJSON(JSON.stringify(hit)), true, 'matchesJSON(stringify(hit))');
          assert.equal(c.matchesJSON(serializeWeird(hit, seed + 1)), true, 'matchesJSON(weird(hit))');
          assert.equal(c.matches(miss), false, `matches ${show(miss)}`);
          assert.equal(c.matchesJSON(serializeWeird(miss, seed + 2)), false, 'matchesJSON(weird(miss))');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('pattern text and pattern object', () => {
  it('compilePattern(text) behaves like compilePattern(object); compiling does not mutate the object', () => {
    fc.assert(
      fc.property(validPattern, fc.array(event, { minLength: 1, maxLength: 5 }), fc.integer(), (p, events, seed) => {
        const before = show(p);
        const fromObject = compilePattern(p);
        assert.equal(show(p), before, 'compilePattern mutated its argument');
        assert.equal(fromObject.alternatives, alternativeCount(p), 'alternatives');
        const variants = {
          stringify: compilePattern(JSON.stringify(p)),
          pretty: compilePattern(JSON.stringify(p, null, 2)),
          weird: compilePattern(serializeWeird(p, seed)),
          shuffledKeys: compilePattern(shuffleKeys(p, seed) as JsonObject),
        };
        for (const e of events) {
          const m = fromObject.matches(e);
          for (const [name, c] of Object.entries(variants)) {
            assert.equal(c.matches(e), m, `${name}: ${show(e)}`);
          }
          assert.equal(fromObject.matches(shuffleKeys(e, seed) as JsonObject), m, 'event key order');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('explain', () => {
  it('explain(p, e).matches === matches; a non-match has well-formed failures', () => {
    fc.assert(
      fc.property(validPattern, event, fc.boolean(), (p, e, asText) => {
        const m = compilePattern(p).matches(e);
        const r = explain(asText ? JSON.stringify(p) : p, e);
        assert.equal(r.matches, m);
        assert.equal(explain(compilePattern(p), JSON.stringify(e)).matches, m, 'explain(compiled, event text)');
        if (!m) {
          assert.ok(r.failures.length > 0, 'no failures for a non-match');
          const n = alternativeCount(p);
          for (const f of r.failures) {
            assert.equal(typeof f.path, 'string');
            assert.equal(typeof f.reason, 'string');
            assert.ok(f.reason.length > 0, 'empty reason');
            assert.ok(Number.isInteger(f.branch) && f.branch >= 0 && f.branch < n, `branch ${f.branch} of ${n}`);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Numbers: "Pattern numerals and event numerals are compared by value" (exact decimal value)
// ---------------------------------------------------------------------------------------------

/** Canonical form of a JSON numeral's exact decimal value ("0" for any zero). */
function canonDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) throw new Error(`not a numeral: ${text}`);
  const frac = m[3] ?? '';
  let digits = `${m[2] ?? ''}${frac}`.replace(/^0+/, '');
  let exp = BigInt(m[4] ?? '0') - BigInt(frac.length);
  if (digits === '') return '0';
  const trail = (/0*$/.exec(digits)?.[0] ?? '').length;
  digits = digits.slice(0, digits.length - trail);
  exp += BigInt(trail);
  return `${m[1] ?? ''}${digits}e${exp}`;
}

/** A decimal value as sign, significant digits (no leading zero) and exponent. */
interface Dec {
  neg: boolean;
  digits: string;
  exp: number;
}

function decOf(text: string): Dec {
  const c = canonDecimal(text);
  if (c === '0') return { neg: false, digits: '0', exp: 0 };
  const m = /^(-?)(\d+)e(-?\d+)$/.exec(c) as RegExpExecArray;
  return { neg: m[1] === '-', digits: m[2] as string, exp: Number(m[3]) };
}

/** Spell a decimal in one of several equivalent JSON numeral forms. */
function spellDec(d: Dec, choice: number): string {
  const sign = d.neg ? '-' : '';
  const { digits, exp } = d;
  const len = digits.length;
  if (digits === '0') return ['0', '0.0', '0e5', '0.000E-3', '-0', '-0.0e0'][choice % 6] as string;
  switch (choice % 6) {
    case 0:
      return `${sign}${digits}e${exp}`;
    case 1:
      return `${sign}0.${digits}E+${exp + len}`.replace('E+-', 'E-');
    case 2:
      return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exp + len - 1}`;
    case 3:
      if (exp >= 0 && exp <= 25) return `${sign}${digits}${'0'.repeat(exp)}`;
      return `${sign}${digits}00e${exp - 2}`;
    case 4:
      if (exp < 0 && -exp <= 40) {
        const padded = digits.padStart(-exp + 1, '0');
        return `${sign}${padded.slice(0, padded.length + exp)}.${padded.slice(padded.length + exp)}000`;
      }
      return `${sign}${digits}.0e${exp}`;
    default:
      return `${sign}${digits}0E${exp - 1}`;
  }
}

const decimalText: fc.Arbitrary<string> = fc.oneof(
  // numerals a double holds exactly
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? '-0' : String(x))),
  fc.constantFrom('0', '1', '0.1', '0.3', '2.5', '-3', '100', '1e21', '9007199254740992', '5e-324', '1.7976931348623157e308'),
  // numerals a double does not hold exactly
  fc.constantFrom(
    '9007199254740993',
    '9007199254740995',
    '-9007199254740993',
    '0.10000000000000001',
    '0.1000000000000000055511151231257827',
    '123456789012345678901234567890',
    '1.00000000000000000001',
    '1e-400',
    '2.50000000000000000001',
  ),
  // random decimals
  fc
    .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,24}$/), fc.integer({ min: -40, max: 40 }))
    .map(([neg, digits, exp]) => `${neg ? '-' : ''}${digits}e${exp}`),
);

/** The same decimal value or a nearby different one. */
const decimalPair: fc.Arbitrary<[string, string]> = fc
  .tuple(decimalText, fc.nat(5), decimalText, fc.nat(3), fc.integer({ min: -1, max: 1 }))
  .map(([a, how, other, tweak, delta]): [string, string] => {
    if (how <= 2) return [a, a];
    if (how === 3) return [a, other];
    const d = decOf(a);
    if (d.digits === '0') return [a, '1e-30'];
    // change the value slightly
    const digits =
      tweak === 0
        ? `${d.digits}1`
        : tweak === 1
          ? (BigInt(d.digits) + BigInt(delta === 0 ? 1 : delta)).toString()
          : `${d.digits}000000000000000000001`;
    const exp = tweak === 0 ? d.exp - 1 : tweak === 1 ? d.exp : d.exp - 21;
    return [a, `${d.neg ? '-' : ''}${digits === '0' ? '1' : digits}e${exp}`];
  });

describe('numbers are compared by exact decimal value', () => {
  it('pattern numeral vs event numeral, any spelling, in matchesJSON, matchJSON and anything-but', () => {
    fc.assert(
      fc.property(decimalPair, fc.nat(), fc.nat(), fc.array(decimalText, { maxLength: 4 }), ([a, b], sa, sb, others) => {
        const A = spellDec(decOf(a), sa);
        const B = spellDec(decOf(b), sb);
        const equal = canonDecimal(a) === canonDecimal(b);
        const msg = `pattern ${A} event ${B}`;
        assert.equal(canonDecimal(A), canonDecimal(a));
        assert.equal(compilePattern(`{"a":[${A}]}`).matchesJSON(`{"a":${B}}`), equal, msg);
        assert.equal(compilePattern(`{"a":[${A}]}`).matchesJSON(`{"a":[null,"1",${B}]}`), equal, `${msg} (array)`);
        assert.equal(compilePattern(`{"a":[{"anything-but":${A}}]}`).matchesJSON(`{"a":${B}}`), !equal, `anything-but: ${msg}`);
        const rs = new RuleSet();
        rs.add('n', `{"a":[${A}]}`);
        others.forEach((o, i) => rs.add(`o${i}`, `{"a":[${o}]}`));
        const expected = ['n', ...others.map((o, i): [string, string] => [`o${i}`, o]).filter(([, o]) => canonDecimal(o) === canonDecimal(b)).map(([n]) => n)]
          .filter((n) => n !== 'n' || equal)
          .sort();
        assert.deepEqual(rs.matchJSON(`{"a":${B}}`).sort(), expected, `RuleSet: ${msg}`);
        // objects: a JavaScript number is the double; a pattern number given as a double too
        const isDouble = (t: string): boolean =>
          Number.isFinite(Number(t)) && canonDecimal(t) === canonDecimal(String(Number(t)));
        const aIsDouble = isDouble(a);
        const bIsDouble = isDouble(b);
        if (bIsDouble) assert.equal(compilePattern(`{"a":[${A}]}`).matches({ a: Number(b) }), equal, `matches: ${msg}`);
        if (aIsDouble && bIsDouble) assert.equal(compilePattern({ a: [Number(a)] }).matches({ a: Number(b) }), equal, `objects: ${msg}`);
      }),
      { numRuns: 1500 },
    );
  });

  it('a bigint counts as its exact integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.integer({ min: -2, max: 2 }), (n, d) => {
        const m = n + BigInt(d);
        assert.equal(compilePattern(`{"a":[${n}]}`).matches({ a: m }), d === 0, `pattern ${n} event ${m}n`);
        // a double stands for the decimal its shortest round-trip form denotes (SEMANTICS.md, Numbers)
        const x = Number(n);
        const expected = canonDecimal(String(x)) === canonDecimal(m.toString());
        assert.equal(compilePattern({ a: [x] }).matches({ a: m }), expected, `pattern ${x} event ${m}n`);
        assert.equal(compilePattern({ a: [{ 'anything-but': x }] }).matches({ a: m }), !expected, `anything-but ${x} event ${m}n`);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Validation: one defect injected into a valid pattern is reported with its code and place
// ---------------------------------------------------------------------------------------------

/** Every leaf values array of a pattern, with its path in PatternError format. */
function leafSites(node: JsonObject, prefix = ''): Array<{ path: string; set: (v: Json) => void; values: Json[] }> {
  const out: Array<{ path: string; set: (v: Json) => void; values: Json[] }> = [];
  const join = (k: string): string => (prefix === '' ? k : `${prefix}.${k}`);
  for (const [k, v] of Object.entries(node)) {
    if (k === '$or') {
      (v as JsonObject[]).forEach((alt, i) => out.push(...leafSites(alt, join(`$or[${i}]`))));
    } else if (Array.isArray(v)) {
      out.push({ path: join(k), values: v, set: (x) => (node[k] = x) });
    } else out.push(...leafSites(v as JsonObject, join(k)));
  }
  return out;
}

const defects: ReadonlyArray<[code: string, make: (vals: Json[]) => Json, atValue: boolean]> = [
  ['EMPTY_ARRAY', () => [], false],
  ['NOT_AN_ARRAY', () => 'x', false],
  ['NOT_AN_ARRAY', () => 1, false],
  ['NOT_AN_ARRAY', () => null, false],
  ['EMPTY_OBJECT', () => ({}), false],
  ['INVALID_VALUE', (vals) => [...vals, ['x']], true],
  ['EMPTY_OBJECT', (vals) => [{}, ...vals], true],
  ['UNKNOWN_OPERATOR', (vals) => [...vals, { 'not-an-operator': 'x' }], true],
  ['MULTIPLE_OPERATORS', (vals) => [{ prefix: 'x', suffix: 'y' }, ...vals], true],
  ['INVALID_OPERAND', (vals) => [...vals, { prefix: 5 }], true],
  ['INVALID_OPERAND', (vals) => [...vals, { exists: 'yes' }], true],
  ['INVALID_OPERAND', (vals) => [...vals, { 'anything-but': ['x', 1] }], true],
  ['INVALID_OPERAND', (vals) => [...vals, { 'anything-but': { prefix: '' } }], true],
  ['EMPTY_ARRAY', (vals) => [...vals, { 'anything-but': [] }], true],
  ['INVALID_NUMERIC', (vals) => [...vals, { numeric: ['>', 5, '<', 5] }], true],
  ['INVALID_NUMERIC', (vals) => [...vals, { numeric: ['<', 1, '>', 0] }], true],
  ['INVALID_NUMERIC', (vals) => [...vals, { numeric: ['!=', 1] }], true],
  ['INVALID_NUMERIC', (vals) => [...vals, { numeric: ['>', 'x'] }], true],
  ['INVALID_CIDR', (vals) => [...vals, { cidr: '10.0.0.0/33' }], true],
  ['INVALID_CIDR', (vals) => [...vals, { cidr: '10.0.0/8' }], true],
  ['INVALID_WILDCARD', (vals) => [...vals, { wildcard: 'a**b' }], true],
  ['INVALID_WILDCARD', (vals) => [...vals, { wildcard: 'a\\b' }], true],
];

describe('validation', () => {
  it('a single defect in a valid pattern throws PatternError with its code, at its place', () => {
    fc.assert(
      fc.property(validPattern, fc.nat(), fc.nat(defects.length - 1), fc.boolean(), (p0, site, which, asText) => {
        const p = structuredClone(p0);
        const sites = leafSites(p);
        const s = sites[site % sites.length];
        const d = defects[which];
        assert.ok(s !== undefined && d !== undefined);
        const [code, make, atValue] = d;
        s.set(make(s.values));
        let err: unknown;
        try {
          compilePattern(asText ? JSON.stringify(p) : p);
        } catch (e) {
          err = e;
        }
        assert.ok(err instanceof PatternError, `no PatternError for ${show(p)}`);
        assert.equal(err.code, code, `${err.message} for ${show(p)}`);
        const prefix = atValue ? `${s.path}[` : s.path;
        assert.ok(err.path.startsWith(prefix), `path ${err.path}, expected it to start with ${prefix}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('TOO_COMPLEX exactly when $or expands to more than 4,096 alternatives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 80 }), fc.integer({ min: 2, max: 80 }), fc.boolean(), (n, m, nested) => {
        const alts = (count: number, k: string): JsonObject[] => Array.from({ length: count }, (_, i) => ({ [k]: [i] }));
        const p: JsonObject = nested
          ? { a: { $or: alts(n, 'x') }, b: { $or: alts(m, 'y') } }
          : { $or: [{ $or: alts(n, 'x') }, { $or: alts(m, 'y') }] };
        const count = nested ? n * m : n + m;
        if (count > 4096) {
          assert.throws(() => compilePattern(p), (e: unknown) => e instanceof PatternError && e.code === 'TOO_COMPLEX');
        } else {
          assert.equal(compilePattern(p).alternatives, count);
        }
      }),
      { numRuns: 60 },
    );
    assert.equal(compilePattern({ $or: Array.from({ length: 4096 }, (_, i) => ({ a: [i] })) }).alternatives, 4096);
    assert.throws(
      () => compilePattern({ $or: Array.from({ length: 4097 }, (_, i) => ({ a: [i] })) }),
      (e: unknown) => e instanceof PatternError && e.code === 'TOO_COMPLEX',
    );
  });

  it('$or defects: too few alternatives, operator names as fields, a path named twice', () => {
    fc.assert(
      fc.property(validPattern, validPattern, fc.constantFrom('prefix', 'numeric', 'exists', 'anything-but', 'cidr'), (p, q, op) => {
        const one = (): void => void compilePattern({ ...p, $or: [q] });
        assert.throws(one, (e: unknown) => e instanceof PatternError && e.code === 'INVALID_OR');
        const reserved = (): void => void compilePattern({ $or: [{ [op]: ['x'] }, q] });
        assert.throws(reserved, (e: unknown) => e instanceof PatternError && e.code === 'RESERVED_FIELD');
        // a field p names, named again in an $or alternative at the same level
        const k = Object.keys(p).find((x) => x !== '$or') as string;
        const dup = (): void => void compilePattern({ [k]: ['x'], $or: [{ [k]: ['y'] }, { [k === 'a' ? 'b' : 'a']: [1] }] });
        assert.throws(dup, (e: unknown) => e instanceof PatternError && e.code === 'DUPLICATE_PATH');
      }),
      { numRuns: 300 },
    );
  });
});

describe('metamorphic properties', () => {
  it('{"$or":[p,q]} matches iff p or q matches (also nested under a field)', () => {
    fc.assert(
      fc.property(validPattern, validPattern, event, fc.constantFrom(...KEYS), (p, q, e, k) => {
        const mp = compilePattern(p).matches(e);
        const mq = compilePattern(q).matches(e);
        assert.equal(compilePattern({ $or: [p, q] }).matches(e), mp || mq, 'top-level $or');
        assert.equal(compilePattern({ $or: [q, p, q] }).matches(e), mp || mq, 'three alternatives');
        // nesting: {k: p} against {k: e} (and {k: [e]}) sees the same leaves under k
        assert.equal(compilePattern({ [k]: p }).matches({ [k]: e }), mp, 'nested under a field');
        assert.equal(compilePattern({ [k]: p }).matches({ [k]: [e] }), mp, 'nested, event in a singleton array');
        assert.equal(compilePattern({ [k]: { $or: [p, q] } }).matches({ [k]: e }), mp || mq, 'nested $or');
      }),
      { numRuns: 600 },
    );
  });

  it('conditions on a field the event lacks: exists:false is neutral, everything else fails', () => {
    fc.assert(
      fc.property(validPattern, event, leafValue, (p, e, v) => {
        const m = compilePattern(p).matches(e);
        assert.equal(compilePattern({ ...p, [ABSENT_KEY]: [{ exists: false }] }).matches(e), m, 'exists:false');
        assert.equal(compilePattern({ ...p, [ABSENT_KEY]: { x: [{ exists: false }] } }).matches(e), m, 'nested exists:false');
        assert.equal(compilePattern({ ...p, [ABSENT_KEY]: [{ exists: true }] }).matches(e), false, 'exists:true');
        assert.equal(compilePattern({ ...p, [ABSENT_KEY]: [{ 'anything-but': 'x' }] }).matches(e), false, 'anything-but');
        // adding an event field p does not name does not change the result; naming it with its
        // own value is then a condition that holds
        const e2 = { ...e, [ABSENT_KEY]: v };
        assert.equal(compilePattern(p).matches(e2), m, 'extra event field');
        assert.equal(compilePattern({ ...p, [ABSENT_KEY]: [v] }).matches(e2), m, 'extra field, equal value');
      }),
      { numRuns: 800 },
    );
  });

  it('a leaf v and [v] / [[v]] match the same conditions; an object o and [o] too', () => {
    fc.assert(
      fc.property(validPattern, event, fc.integer(), (p, e, seed) => {
        const c = compilePattern(p);
        const m = c.matches(e);
        const wl = wrapLeaves(e, seed);
        assert.equal(c.matches(wl), m, `leaves wrapped: ${show(wl)}`);
        const wo = wrapObjects(e, seed);
        assert.equal(c.matches(wo), m, `objects wrapped: ${show(wo)}`);
      }),
      { numRuns: 1000 },
    );
  });

  // IP strings are written several ways; mix more of them in
  const ip = fc.constantFrom(...IP_STRINGS);
  const abOperand = fc.oneof(
    { arbitrary: anythingButOperand, weight: 4 },
    { arbitrary: ip, weight: 1 },
    { arbitrary: fc.uniqueArray(ip, { minLength: 1, maxLength: 3 }), weight: 1 },
  );
  const abLeaf = fc.oneof({ arbitrary: leafValue, weight: 3 }, { arbitrary: ip, weight: 1 });

  it('anything-but X on a present leaf is the negation of X; on an array, some element is not X', () => {
    fc.assert(
      fc.property(abOperand, abLeaf, fc.array(abLeaf, { maxLength: 3 }), fc.constantFrom(...KEYS), (x, v, vs, k) => {
        const ab = compilePattern({ [k]: [{ 'anything-but': x }] });
        const pos = compilePattern({ [k]: positiveForm(x) });
        assert.equal(ab.matches({ [k]: v }), !pos.matches({ [k]: v }), `single leaf ${show(v)}`);
        const expected = vs.some((y) => !pos.matches({ [k]: y }));
        assert.equal(ab.matches({ [k]: vs }), expected, `array ${show(vs)}`);
        assert.equal(ab.matches({ other: v }), false, 'missing field');
      }),
      { numRuns: 2000 },
    );
  });

  it('event that is not an object matches nothing', () => {
    fc.assert(
      fc.property(validPattern, fc.oneof(leafValue, fc.array(event, { maxLength: 2 })), (p, v) => {
        const c = compilePattern(p);
        assert.equal(c.matchesJSON(JSON.stringify(v)), false, `matchesJSON ${show(v)}`);
        if (Array.isArray(v)) assert.equal(c.matches(v as object), false, `matches ${show(v)}`);
        const rs = new RuleSet();
        rs.add('r', p);
        assert.deepEqual(rs.matchJSON(JSON.stringify(v)), []);
      }),
      { numRuns: 300 },
    );
  });
});

// hasObjectInArray documents the precondition of refFlat; assert the generator meets it.
describe('flat events', () => {
  it('never put objects inside arrays', () => {
    for (const e of fc.sample(flatEvent, { numRuns: 500, seed: 7 })) assert.equal(hasObjectInArray(e), false);
  });
});
