// Conformance suite: every table case in test/conformance/ is run through every entry
// point (compilePattern().matchesJSON / .matches, RuleSet with one rule, RuleSet with a
// whole operator group), and every invalid pattern must throw the documented PatternError.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compilePattern, explain, PatternError, RuleSet } from '../src/index.js';
import { INVALID_CASES, MATCH_CASES, MATCH_GROUPS, type MatchCase } from './conformance/cases.js';

const MIN_MATCH_CASES = 400;
const MIN_INVALID_CASES = 60;

// ---------------------------------------------------------------------------------------
// Which JSON texts survive JSON.parse without changing a number's value?

/** The numerals in a JSON text (skipping string literals). */
function numeralsOf(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      if (m !== null) {
        out.push(m[0]);
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return out;
}

/** Canonical form of a decimal numeral's exact value: `[-]digits e exponent`, or `0`. */
function decimalValueKey(numeral: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(numeral);
  if (m === null) throw new Error(`not a numeral: ${numeral}`);
  const sign = m[1] ?? '';
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  let exponent = Number(m[4] ?? '0') - frac.length;
  let digits = (int + frac).replace(/^0+/, '');
  if (digits === '') return '0';
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  return `${sign}${digits}e${exponent}`;
}

/** True when some numeral in the text is not held exactly by a double. */
function needsExactText(text: string): boolean {
  return numeralsOf(text).some((numeral) => {
    const d = Number(numeral);
    if (!Number.isFinite(d)) return true;
    return decimalValueKey(numeral) !== decimalValueKey(String(d));
  });
}

// ---------------------------------------------------------------------------------------

function label(c: MatchCase): string {
  return `${c.name}\n  pattern: ${c.pattern}\n  event:   ${c.event}${c.note ? `\n  note:    ${c.note}` : ''}`;
}

function checkMatchCase(c: MatchCase): void {
  const compiled = compilePattern(c.pattern);
  assert.equal(compiled.matchesJSON(c.event), c.matches, `matchesJSON\n${label(c)}`);

  const objectForm = !c.exactTextOnly;
  if (objectForm) {
    assert.equal(compiled.matches(JSON.parse(c.event) as object), c.matches, `matches(object)\n${label(c)}`);
    if (!needsExactText(c.pattern)) {
      const fromObject = compilePattern(JSON.parse(c.pattern) as object);
      assert.equal(fromObject.matches(JSON.parse(c.event) as object), c.matches, `compilePattern(object).matches\n${label(c)}`);
    }
  }

  const why = explain(c.pattern, c.event);
  assert.equal(why.matches, c.matches, `explain().matches\n${label(c)}`);
  if (!c.matches) assert.ok(why.failures.length > 0, `explain() gives no failure for a non-match\n${label(c)}`);

  const rules = new RuleSet();
  rules.add('rule', c.pattern);
  assert.equal(rules.size, 1);
  assert.equal(rules.has('rule'), true);
  const want = c.matches ? ['rule'] : [];
  assert.deepEqual([...rules.matchJSON(c.event)], want, `RuleSet.matchJSON\n${label(c)}`);
  if (objectForm) {
    assert.deepEqual([...rules.match(JSON.parse(c.event) as object)], want, `RuleSet.match\n${label(c)}`);
  }
}

function checkGroupRuleSet(cases: readonly MatchCase[]): void {
  const rules = new RuleSet();
  const compiled = new Map<string, ReturnType<typeof compilePattern>>();
  const known = new Map<string, boolean>();
  for (const c of cases) {
    rules.add(c.name, c.pattern);
    compiled.set(c.name, compilePattern(c.pattern));
    known.set(`${c.pattern}\u0000${c.event}`, c.matches);
  }
  assert.equal(rules.size, cases.length);

  const events = [...new Set(cases.map((c) => c.event))];
  for (const event of events) {
    // Pairs the tables state are authoritative; other (pattern, event) pairs must agree
    // with the pattern compiled on its own.
    const expected = cases
      .filter((c) => known.get(`${c.pattern}\u0000${event}`) ?? compiled.get(c.name)?.matchesJSON(event) === true)
      .map((c) => c.name)
      .sort();
    assert.deepEqual([...rules.matchJSON(event)].sort(), expected, `RuleSet.matchJSON for event ${event}`);
    if (!needsExactText(event)) {
      assert.deepEqual([...rules.match(JSON.parse(event) as object)].sort(), expected, `RuleSet.match for event ${event}`);
    }
  }

  for (const c of cases) {
    assert.equal(rules.has(c.name), true);
    rules.remove(c.name);
    assert.equal(rules.has(c.name), false);
  }
  assert.equal(rules.size, 0);
  for (const event of events) assert.deepEqual([...rules.matchJSON(event)], []);
}

// ---------------------------------------------------------------------------------------

describe('conformance tables', () => {
  it(`have at least ${MIN_MATCH_CASES} match cases and ${MIN_INVALID_CASES} invalid cases`, () => {
    assert.ok(MATCH_CASES.length >= MIN_MATCH_CASES, `only ${MATCH_CASES.length} match cases`);
    assert.ok(INVALID_CASES.length >= MIN_INVALID_CASES, `only ${INVALID_CASES.length} invalid cases`);
  });

  it('have unique case names', () => {
    assert.equal(new Set(MATCH_CASES.map((c) => c.name)).size, MATCH_CASES.length);
    assert.equal(new Set(INVALID_CASES.map((c) => c.name)).size, INVALID_CASES.length);
  });

  it('hold JSON text for every match case, and both outcomes in every group', () => {
    for (const c of MATCH_CASES) {
      assert.doesNotThrow(() => JSON.parse(c.pattern), `pattern of ${c.name}`);
      assert.doesNotThrow(() => JSON.parse(c.event), `event of ${c.name}`);
    }
    for (const [group, cases] of Object.entries(MATCH_GROUPS)) {
      assert.ok(cases.some((c) => c.matches), `${group} has no matching case`);
      assert.ok(cases.some((c) => !c.matches), `${group} has no non-matching case`);
    }
  });

  it('mark exactly the events a double cannot hold as exactTextOnly', () => {
    for (const c of MATCH_CASES) {
      assert.equal(c.exactTextOnly === true, needsExactText(c.event), `exactTextOnly of ${c.name}: ${c.event}`);
    }
  });
});

for (const [group, cases] of Object.entries(MATCH_GROUPS)) {
  describe(`match: ${group}`, () => {
    for (const c of cases) {
      it(c.name, () => checkMatchCase(c));
    }
    it(`one RuleSet holding all ${cases.length} patterns of the group`, () => checkGroupRuleSet(cases));
  });
}

describe('invalid patterns', () => {
  for (const c of INVALID_CASES) {
    it(`${c.name} -> ${c.code} at ${JSON.stringify(c.path)}`, () => {
      const check = (err: unknown): true => {
        assert.ok(err instanceof PatternError, `expected PatternError, got ${String(err)}\n  pattern: ${c.pattern}`);
        assert.equal(err.code, c.code, `code for ${c.pattern}${c.note ? ` (${c.note})` : ''}; message: ${err.message}`);
        assert.equal(err.path, c.path, `path for ${c.pattern}${c.note ? ` (${c.note})` : ''}; message: ${err.message}`);
        assert.ok(err.message.startsWith(c.path), `message should start with the path: ${err.message}`);
        const rest = err.message.slice(c.path.length).replace(/^[\s:]+/, '');
        assert.ok(/[a-z]{3,}/i.test(rest) && rest.length >= 8, `message should say what is wrong: ${JSON.stringify(err.message)}`);
        if (c.path !== '') assert.ok(err.message.startsWith(`${c.path}: `), `message should be "<path>: ...": ${err.message}`);
        return true;
      };
      assert.throws(() => compilePattern(c.pattern), check);

      const rules = new RuleSet();
      assert.throws(() => rules.add('bad', c.pattern), check);
      assert.equal(rules.size, 0, 'a rejected pattern must not be added');
      assert.equal(rules.has('bad'), false);
    });
  }
});
