/**
 * fast-check arbitraries for property-based and fuzz tests of the event-pattern language
 * (see ../SEMANTICS.md). Patterns generated here are always VALID; events share a small
 * vocabulary of field names and values with the patterns so that a useful fraction of
 * (pattern, event) pairs match.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------------------------

/** Field names shared by patterns and events. None is an operator name or `$or`. */
export const KEYS = ['a', 'b', 'c', 'detail', 'items'] as const;

/** A field name that no generated event or pattern ever uses. */
export const ABSENT_KEY = 'zz-absent';

export const IP_STRINGS = [
  '10.0.0.1',
  '10.0.0.255',
  '10.1.2.3',
  '192.168.1.1',
  '1.2.3.4',
  '::1',
  '0:0:0:0:0:0:0:1',
  '2001:db8::1',
  '2001:DB8:0:0:0:0:0:1',
  '2001:db8:0:0:1::',
  '::ffff:10.0.0.1',
  'fe80::1',
] as const;

export const STRINGS: readonly string[] = [
  'x',
  'xy',
  'X',
  'xyz',
  'Xy',
  'XY',
  'y',
  '',
  'abc',
  'a*c',
  'a\\b',
  'true',
  'null',
  '1',
  '2.5',
  'ß',
  'SS',
  'ss',
  'Straße',
  'STRASSE',
  'ſ',
  'é',
  'É',
  '日本',
  '😀x',
  'quote"s',
  'line\nbreak',
  'tab\t',
  '\u0000nul',
  '\u2028sep',
  ...IP_STRINGS,
];

/** Non-empty strings of the vocabulary. */
export const NONEMPTY_STRINGS: readonly string[] = STRINGS.filter((s) => s.length > 0);

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Every prefix of every vocabulary string (split on code points), including "". */
export const PREFIXES: readonly string[] = uniq(
  STRINGS.flatMap((s) => {
    const cps = [...s];
    return cps.map((_, i) => cps.slice(0, i + 1).join('')).concat(['']);
  }),
);
export const NONEMPTY_PREFIXES: readonly string[] = PREFIXES.filter((s) => s.length > 0);

/** Every non-empty suffix of every vocabulary string (split on code points). */
export const NONEMPTY_SUFFIXES: readonly string[] = uniq(
  STRINGS.flatMap((s) => {
    const cps = [...s];
    return cps.map((_, i) => cps.slice(i).join(''));
  }),
).filter((s) => s.length > 0);

export const NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  2.5,
  -3,
  3,
  0.1,
  0.3,
  100,
  1e21,
  1.5e-7,
  -2.5,
  9007199254740992,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
];

export const CIDRS: readonly string[] = [
  '10.0.0.0/8',
  '10.0.0.0/24',
  '10.0.0.1/32',
  '10.0.0.7/30',
  '192.168.0.0/16',
  '0.0.0.0/0',
  '1.2.3.4/31',
  '::1/128',
  '::/0',
  '2001:db8::/32',
  '2001:db8::1/127',
  'fe80::/10',
  '::ffff:10.0.0.0/104',
];

const biased = (common: readonly string[], all: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof({ arbitrary: fc.constantFrom(...common), weight: 1 }, { arbitrary: fc.constantFrom(...all), weight: 1 });
/** Prefix / suffix operands, biased towards the common vocabulary. */
export const prefixOperand = biased(['', 'x', 'X', 'xy'], PREFIXES);
export const nonEmptyPrefixOperand = biased(['x', 'X', 'xy'], NONEMPTY_PREFIXES);
export const suffixOperand = biased(['x', 'y', 'Y', 'xy'], NONEMPTY_SUFFIXES);

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

/** The few values most patterns and events use, so that they often meet. */
export const COMMON_STRINGS = ['x', 'xy', 'X', 'y'] as const;
export const COMMON_NUMBERS = [0, 1, 2.5, -3] as const;

export const vocabString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMON_STRINGS), weight: 3 },
  { arbitrary: fc.constantFrom(...STRINGS), weight: 2 },
);
export const nonEmptyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMON_STRINGS), weight: 3 },
  { arbitrary: fc.constantFrom(...NONEMPTY_STRINGS), weight: 2 },
);
export const vocabNumber = fc.constantFrom(...NUMBERS);
export const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMON_NUMBERS), weight: 4 },
  { arbitrary: vocabNumber, weight: 3 },
  { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 2 },
  { arbitrary: finiteDouble, weight: 1 },
);

/** Any JS string, UTF-16 code unit by code unit (so lone surrogates occur). */
export const codeUnitString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 8,
});
/** Strings rich in escapes and non-ASCII characters. */
export const trickyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  codeUnitString,
  fc.string({
    unit: fc.constantFrom('"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '\ud83d', '\ude00', '😀', 'é', 'x', '*'),
    maxLength: 8,
  }),
);

export const leafValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMON_STRINGS), weight: 5 },
  { arbitrary: vocabString, weight: 5 },
  { arbitrary: anyNumber, weight: 4 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 2 },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

function keyedObject<T>(value: fc.Arbitrary<T>, maxKeys: number, minKeys = 0): fc.Arbitrary<{ [key: string]: T }> {
  return fc
    .uniqueArray(fc.constantFrom(...KEYS), { minLength: minKeys, maxLength: maxKeys })
    .chain((keys) =>
      fc.tuple(...keys.map(() => value)).map((vals) => {
        const out: { [key: string]: T } = {};
        keys.forEach((k, i) => {
          out[k] = vals[i] as T;
        });
        return out;
      }),
    );
}

/** Any event value: leaves, nested objects, arrays of scalars, arrays of objects, [], {}. */
export const eventValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: leafValue, weight: 6 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 2 },
    { arbitrary: keyedObject(tie('value'), 4, 1), weight: 3 },
  ),
})).value;

/** Events: JSON objects whose keys come from KEYS. */
export const event: fc.Arbitrary<JsonObject> = keyedObject(eventValue, 5, 3);

/**
 * "Flat" events: objects never occur inside arrays (arrays hold scalars or arrays of scalars).
 * For such events a condition on a path sees a well-defined set of leaves, independent of
 * the arrays-of-objects rule.
 */
const scalarArray: fc.Arbitrary<Json> = fc.array(
  fc.oneof({ arbitrary: leafValue, weight: 4 }, { arbitrary: fc.array(leafValue, { maxLength: 2 }), weight: 1 }),
  { maxLength: 3 },
);
export const flatEventValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: leafValue, weight: 6 },
    { arbitrary: scalarArray, weight: 2 },
    { arbitrary: keyedObject(tie('value'), 4, 1), weight: 3 },
  ),
})).value;
export const flatEvent: fc.Arbitrary<JsonObject> = keyedObject(flatEventValue, 5, 3);

// ---------------------------------------------------------------------------------------------
// Match values
// ---------------------------------------------------------------------------------------------

const WILDCARD_LITERALS = ['x', 'y', 'X', 'a', 'b', 'c', '.', ':', '1', '0', 'ß', 'é', '"'];

/** A raw wildcard pattern; never contains `**` and never has a stray backslash. */
export const wildcardPattern: fc.Arbitrary<string> = fc
  .oneof(
    // random token soup
    fc
      .array(
        fc.oneof(
          { arbitrary: fc.constantFrom(...WILDCARD_LITERALS), weight: 6 },
          { arbitrary: fc.constant('*'), weight: 3 },
          { arbitrary: fc.constant('\\*'), weight: 1 },
          { arbitrary: fc.constant('\\\\'), weight: 1 },
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((tokens) => tokens.join('')),
    // a vocabulary string with some characters replaced by `*`
    fc
      .tuple(vocabString, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.boolean(), fc.boolean())
      .map(([s, stars, lead, trail]) => {
        let out = lead ? '*' : '';
        let i = 0;
        for (const ch of s) {
          if (stars[i % stars.length] === true && i % 3 !== 2) {
            if (!out.endsWith('*') || out.endsWith('\\*')) out += '*';
          } else {
            out += ch === '*' ? '\\*' : ch === '\\' ? '\\\\' : ch;
          }
          i++;
        }
        if (trail) out += '*';
        return out;
      }),
  )
  .filter((p) => p.length > 0 && !p.includes('**') && isValidWildcard(p));

/** Backslash only before `*` or `\`. */
export function isValidWildcard(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      const next = p[i + 1];
      if (next !== '*' && next !== '\\') return false;
      i++;
    }
  }
  return true;
}

const numericOp = fc.constantFrom('=', '<', '<=', '>', '>=');
export const numericOperand: fc.Arbitrary<Json[]> = fc.oneof(
  fc.tuple(numericOp, anyNumber).map(([op, n]) => [op, n]),
  fc
    .tuple(fc.constantFrom('>', '>='), anyNumber, fc.constantFrom('<', '<='), anyNumber)
    .filter(([, lo, , hi]) => lo !== hi)
    .map(([lop, x, hop, y]) => [lop, Math.min(x, y), hop, Math.max(x, y)]),
);

const ipv4Cidr = fc
  .tuple(fc.constantFrom(10, 192, 1, 0, 255), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 0, max: 32 }))
  .map(([a, b, c, d, bits]) => `${a}.${b}.${c}.${d}/${bits}`);
export const cidrOperand: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...CIDRS), weight: 3 },
  { arbitrary: ipv4Cidr, weight: 1 },
);

export const anythingButOperand: fc.Arbitrary<Json> = fc.oneof(
  nonEmptyString,
  anyNumber,
  fc.uniqueArray(nonEmptyString, { minLength: 1, maxLength: 3 }),
  fc.uniqueArray(anyNumber, { minLength: 1, maxLength: 3 }),
  fc.record({ prefix: nonEmptyPrefixOperand }),
  fc.record({ suffix: suffixOperand }),
  fc.record({
    'equals-ignore-case': fc.oneof(nonEmptyString, fc.uniqueArray(nonEmptyString, { minLength: 1, maxLength: 3 })),
  }),
  fc.record({ wildcard: fc.oneof(wildcardPattern, fc.uniqueArray(wildcardPattern, { minLength: 1, maxLength: 3 })) }),
);

/**
 * The positive form of an anything-but operand as a list of match values (for X = list, the
 * list; for X = {"equals-ignore-case": [s..]}, one match value per element; …).
 */
export function positiveForm(x: Json): Json[] {
  if (Array.isArray(x)) return x;
  if (x !== null && typeof x === 'object') {
    const [op, arg] = Object.entries(x)[0] as [string, Json];
    if (Array.isArray(arg)) return arg.map((a) => ({ [op]: a }));
    return [{ [op]: arg }];
  }
  return [x];
}

export interface MatchValueOptions {
  /** Generate `{"exists": false}` (default true). */
  existsFalse?: boolean;
}

export function matchValue(opts: MatchValueOptions = {}): fc.Arbitrary<Json> {
  const existsFalse = opts.existsFalse ?? true;
  return fc.oneof(
    { arbitrary: vocabString, weight: 8 },
    { arbitrary: anyNumber, weight: 4 },
    { arbitrary: fc.constantFrom<Json>(true, false, null), weight: 2 },
    { arbitrary: fc.record({ prefix: prefixOperand }), weight: 3 },
    {
      arbitrary: fc.record({ prefix: fc.record({ 'equals-ignore-case': nonEmptyPrefixOperand }) }),
      weight: 1,
    },
    { arbitrary: fc.record({ suffix: suffixOperand }), weight: 2 },
    {
      arbitrary: fc.record({ suffix: fc.record({ 'equals-ignore-case': suffixOperand }) }),
      weight: 1,
    },
    { arbitrary: fc.record({ 'equals-ignore-case': nonEmptyString }), weight: 2 },
    { arbitrary: fc.record({ wildcard: wildcardPattern }), weight: 2 },
    { arbitrary: fc.record({ numeric: numericOperand }), weight: 3 },
    {
      arbitrary: existsFalse ? fc.record({ exists: fc.boolean() }) : fc.constant({ exists: true }),
      weight: 2,
    },
    { arbitrary: fc.record({ cidr: cidrOperand }), weight: 2 },
    { arbitrary: fc.record({ 'anything-but': anythingButOperand }), weight: 3 },
  );
}

export function matchValues(opts: MatchValueOptions = {}): fc.Arbitrary<Json[]> {
  return fc.array(matchValue(opts), { minLength: 1, maxLength: 4 });
}

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------

export interface PatternOptions extends MatchValueOptions {
  /** Levels of nested field objects below the root (default 2). */
  depth?: number;
  /** Levels of `$or` nesting (default 2). */
  orDepth?: number;
  /** Maximum number of fields per object (default 3). */
  maxFields?: number;
}

/**
 * A pattern object. `forbidden` holds field names that the enclosing alternative already uses
 * at this level, so that no path is named twice in any alternative (DUPLICATE_PATH).
 */
function objectNode(
  opts: Required<PatternOptions>,
  depth: number,
  orDepth: number,
  forbidden: readonly string[],
): fc.Arbitrary<JsonObject> {
  const avail: string[] = KEYS.filter((k) => !forbidden.includes(k));
  const leaf = matchValues(opts);
  const fieldValue = (d: number): fc.Arbitrary<Json> =>
    d > 0
      ? fc.oneof(
          { arbitrary: leaf, weight: 4 },
          { arbitrary: fc.constant(null).chain(() => objectNode(opts, d - 1, orDepth, [])), weight: 1 },
        )
      : leaf;
  return fc
    .tuple(
      fc.oneof(
        { arbitrary: fc.uniqueArray(fc.constantFrom(...avail), { minLength: 1, maxLength: 1 }), weight: 6 },
        { arbitrary: fc.uniqueArray(fc.constantFrom(...avail), { minLength: 0, maxLength: opts.maxFields }), weight: 4 },
      ),
      fc.nat(9),
    )
    .chain(([keys, orRoll]) => {
      const rest = avail.filter((k) => !keys.includes(k));
      const canOr = orDepth > 0 && rest.length > 0;
      const wantOr = canOr && (keys.length === 0 || orRoll < 2);
      if (keys.length === 0 && !wantOr) {
        // ensure non-empty
        const k = avail[0] as string;
        keys = [k];
      }
      const fieldsArb = fc.tuple(...keys.map(() => fieldValue(depth)));
      const orArb: fc.Arbitrary<JsonObject[] | undefined> = wantOr
        ? fc.array(objectNode(opts, depth, orDepth - 1, [...forbidden, ...keys]), { minLength: 2, maxLength: 3 })
        : fc.constant(undefined);
      return fc.tuple(fieldsArb, orArb).map(([vals, ors]) => {
        const out: JsonObject = {};
        keys.forEach((k, i) => {
          out[k] = vals[i] as Json;
        });
        if (ors !== undefined) out.$or = ors;
        return out;
      });
    });
}

/** Number of alternatives a pattern expands to. */
export function alternativeCount(node: JsonObject): number {
  let n = 1;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$or' && Array.isArray(v)) {
      n *= v.reduce<number>((acc, alt) => acc + alternativeCount(alt as JsonObject), 0);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      n *= alternativeCount(v);
    }
  }
  return n;
}

export function pattern(options: PatternOptions = {}): fc.Arbitrary<JsonObject> {
  const opts: Required<PatternOptions> = {
    existsFalse: options.existsFalse ?? true,
    depth: options.depth ?? 2,
    orDepth: options.orDepth ?? 2,
    maxFields: options.maxFields ?? 3,
  };
  return objectNode(opts, opts.depth, opts.orDepth, []).filter((p) => alternativeCount(p) <= 256);
}

/** Default valid pattern arbitrary. */
export const validPattern: fc.Arbitrary<JsonObject> = pattern();
/** Patterns without any `{"exists": false}`. */
export const patternWithoutExistsFalse: fc.Arbitrary<JsonObject> = pattern({ existsFalse: false });

// ---------------------------------------------------------------------------------------------
// Serialisation with random (but valid) JSON spelling
// ---------------------------------------------------------------------------------------------

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex4 = (c: number, upper: boolean): string => {
  const h = c.toString(16).padStart(4, '0');
  return upper ? h.toUpperCase() : h;
};

function spellString(s: string, rnd: () => number): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    const r = rnd();
    if (ch === '"') out += r < 0.7 ? '\\"' : '\\u0022';
    else if (ch === '\\') out += r < 0.7 ? '\\\\' : '\\u005C';
    else if (ch === '/') out += r < 0.5 ? '/' : '\\/';
    else if (c < 0x20) {
      const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += short[c] !== undefined && r < 0.6 ? short[c] : `\\u${hex4(c, r < 0.8)}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // keep well-formed pairs raw sometimes; lone surrogates always escaped
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff && r < 0.5) {
        out += s.slice(i, i + 2);
        i++;
      } else out += `\\u${hex4(c, r < 0.75)}`;
    } else if (c >= 0x7f) out += r < 0.5 ? ch : `\\u${hex4(c, r < 0.75)}`;
    else out += r < 0.1 ? `\\u${hex4(c, r < 0.05)}` : ch;
  }
  return out + '"';
}

/** A different numeral for exactly the same decimal value as `n` (finite). */
export function spellNumber(n: number, rnd: () => number): string {
  const s = Object.is(n, -0) ? '-0' : String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (m === null) throw new Error(`cannot respell ${s}`);
  const sign = m[1] ?? '';
  const intPart = m[2] ?? '0';
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  // value = digits * 10^e10
  let digits = (intPart + frac).replace(/^0+(?=\d)/, '');
  let e10 = exp - frac.length;
  if (/^0+$/.test(digits)) {
    digits = '0';
    e10 = 0;
  }
  const eChar = rnd() < 0.5 ? 'e' : 'E';
  const r = rnd();
  if (r < 0.2) return s; // JavaScript's own spelling
  if (r < 0.4) return `${sign}${digits}${eChar}${e10}`;
  if (r < 0.55) return `${sign}0.${digits}${eChar}${e10 + digits.length}`;
  if (r < 0.7) {
    if (digits === '0') return `${sign}0.000${eChar}+7`;
    return `${sign}${digits}000${eChar}${e10 - 3 >= 0 ? '+' : ''}${e10 - 3}`;
  }
  if (r < 0.85 && e10 >= 0 && e10 < 25) return `${sign}${digits}${'0'.repeat(e10)}.0`;
  if (e10 < 0 && -e10 < 30) {
    // plain decimal
    const padded = digits.padStart(-e10 + 1, '0');
    return `${sign}${padded.slice(0, padded.length + e10)}.${padded.slice(padded.length + e10)}0`;
  }
  return `${sign}${digits}${eChar}${e10 >= 0 ? '+' : ''}${e10}`;
}

function ws(rnd: () => number): string {
  const r = rnd();
  if (r < 0.5) return '';
  const chars = [' ', '\n', '\t', '\r', '  '];
  let out = '';
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) out += chars[Math.floor(rnd() * chars.length)] as string;
  return out;
}

/**
 * Serialise a JSON value with random whitespace, random string escapes and random (equal-valued)
 * numeral spellings. JSON.parse of the result deep-equals `value` (up to -0 written as "-0").
 */
export function serializeWeird(value: Json, seed: number): string {
  const rnd = prng(seed);
  const go = (v: Json): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return spellNumber(v, rnd);
    if (typeof v === 'string') return spellString(v, rnd);
    if (Array.isArray(v)) {
      if (v.length === 0) return `[${ws(rnd)}]`;
      return `[${v.map((x) => ws(rnd) + go(x) + ws(rnd)).join(',')}]`;
    }
    const entries = Object.entries(v);
    if (entries.length === 0) return `{${ws(rnd)}}`;
    return `{${entries.map(([k, x]) => `${ws(rnd)}${spellString(k, rnd)}${ws(rnd)}:${ws(rnd)}${go(x)}${ws(rnd)}`).join(',')}}`;
  };
  return ws(rnd) + go(value) + ws(rnd);
}

/** Same JSON value with object keys in a shuffled order (at every level). */
export function shuffleKeys(value: Json, seed: number): Json {
  const rnd = prng(seed);
  const go = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(go);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const tmp = entries[i] as [string, Json];
      entries[i] = entries[j] as [string, Json];
      entries[j] = tmp;
    }
    const out: JsonObject = {};
    for (const [k, x] of entries) out[k] = go(x);
    return out;
  };
  return go(value);
}

// ---------------------------------------------------------------------------------------------
// Text mutation (for fuzzing)
// ---------------------------------------------------------------------------------------------

const MUTATION_CHARS = ['{', '}', '[', ']', ':', ',', '"', '\\', '-', '.', 'e', '0', '1', '9', 'n', 't', ' ', '*', '\ud800', '\u0000', 'a'];

export type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; len: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...MUTATION_CHARS), fc.string({ maxLength: 3 })),
  }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...MUTATION_CHARS) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
);

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    switch (m.kind) {
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.len);
        break;
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      case 'replace':
        t = t.slice(0, at) + m.text + t.slice(at + 1);
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
      case 'duplicate':
        t = t.slice(0, at + m.len) + t.slice(at, at + m.len) + t.slice(at + m.len);
        break;
    }
  }
  return t;
}
