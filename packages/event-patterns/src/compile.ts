/**
 * Validation and compilation of a pattern tree into alternatives of conditions. Every check
 * happens here, before anything is indexed, and names the place in the pattern that is wrong.
 */
import { PatternError, childPath } from './errors.js';
import { foldCase } from './fold.js';
import { parseCidr, parseIp } from './ip.js';
import type { Branch, Condition, Matcher, PatternModel } from './model.js';
import { numeralKey } from './numbers.js';
import { toJson, type JsonNode } from './tree.js';
import { parseWildcard } from './wildcard.js';

/** Alternatives a single pattern may expand to through `$or`. */
export const MAX_BRANCHES = 4096;

const OPERATORS = new Set([
  'prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr',
]);

/** Names that cannot be field names inside an `$or` alternative (as in event-ruler). */
const RESERVED_IN_OR = new Set([
  ...OPERATORS, 'exactly', '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case',
  'date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range',
  'ip-address-in-range', 'ip-address-not-in-range',
]);

type Obj = Extract<JsonNode, { t: 'obj' }>;

function describe(node: JsonNode): string {
  switch (node.t) {
    case 'obj': return 'an object';
    case 'arr': return 'an array';
    case 'str': return 'a string';
    case 'num': return 'a number';
    case 'bool': return node.v ? 'true' : 'false';
    case 'null': return 'null';
  }
}

function finite(node: Extract<JsonNode, { t: 'num' }>, where: string): number {
  const value = Number(node.text);
  if (!Number.isFinite(value)) {
    throw new PatternError('INVALID_NUMBER', where, `${node.text} is outside the range of a double`);
  }
  return value;
}

function numberMatcher(node: Extract<JsonNode, { t: 'num' }>, where: string): Matcher {
  finite(node, where);
  return { kind: 'number', key: numeralKey(node.text), text: node.text };
}

/** Compiles a pattern tree; throws PatternError. */
export function compileTree(root: JsonNode): PatternModel {
  if (root.t !== 'obj') throw new PatternError('NOT_AN_OBJECT', '', `must be a JSON object, not ${describe(root)}`);
  const branches = compileObject(root, [], '', false);
  return { branches, json: toJson(root) };
}

function compileObject(node: Obj, fields: readonly string[], where: string, inOr: boolean): Branch[] {
  if (node.entries.length === 0) throw new PatternError('EMPTY_OBJECT', where, 'empty objects are not allowed');
  let current: Branch[] = [[]];
  for (const [key, value] of node.entries) {
    const at = childPath(where, key);
    let alternatives: Branch[];
    if (key === '$or') {
      alternatives = compileOr(value, fields, at);
    } else {
      if (inOr && RESERVED_IN_OR.has(key)) {
        throw new PatternError('RESERVED_FIELD', at, `"${key}" is an operator name and cannot be a field name inside $or`);
      }
      if (value.t === 'obj') {
        alternatives = compileObject(value, [...fields, key], at, inOr);
      } else if (value.t === 'arr') {
        alternatives = [[compileCondition(value.items, [...fields, key], at)]];
      } else {
        throw new PatternError('NOT_AN_ARRAY', at, `must be an object or an array of match values, not ${describe(value)}`);
      }
    }
    current = product(current, alternatives, at);
  }
  return current;
}

function compileOr(value: JsonNode, fields: readonly string[], at: string): Branch[] {
  if (value.t !== 'arr') throw new PatternError('INVALID_OR', at, `$or must be an array of objects, not ${describe(value)}`);
  if (value.items.length < 2) {
    throw new PatternError('INVALID_OR', at, `$or needs at least 2 objects, found ${value.items.length}`);
  }
  const out: Branch[] = [];
  value.items.forEach((item, i) => {
    const itemAt = `${at}[${i}]`;
    if (item.t !== 'obj') throw new PatternError('INVALID_OR', itemAt, `each $or entry must be an object, not ${describe(item)}`);
    out.push(...compileObject(item, fields, itemAt, true));
    if (out.length > MAX_BRANCHES) tooComplex(at);
  });
  return out;
}

function tooComplex(at: string): never {
  throw new PatternError('TOO_COMPLEX', at, `$or expands to more than ${MAX_BRANCHES} alternatives`);
}

function product(left: Branch[], right: Branch[], at: string): Branch[] {
  if (left.length * right.length > MAX_BRANCHES) tooComplex(at);
  const out: Branch[] = [];
  for (const l of left) {
    for (const r of right) {
      for (const c of r) {
        const twin = l.find((d) => samePath(d.path, c.path));
        if (twin) {
          throw new PatternError('DUPLICATE_PATH', c.path.join('.'), `field is constrained twice in one alternative, at ${twin.where} and at ${c.where}`);
        }
      }
      out.push(l.length === 0 ? r : [...l, ...r]);
    }
  }
  return out;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function compileCondition(items: readonly JsonNode[], path: readonly string[], where: string): Condition {
  if (items.length === 0) throw new PatternError('EMPTY_ARRAY', where, 'empty arrays are not allowed');
  const matchers: Matcher[] = [];
  let orAbsent = false;
  items.forEach((item, i) => {
    const at = `${where}[${i}]`;
    switch (item.t) {
      case 'str':
        matchers.push(...stringMatchers(item.v));
        return;
      case 'num':
        matchers.push(numberMatcher(item, at));
        return;
      case 'bool':
        matchers.push({ kind: 'literal', value: item.v });
        return;
      case 'null':
        matchers.push({ kind: 'literal', value: null });
        return;
      case 'arr':
        throw new PatternError('INVALID_VALUE', at, 'arrays inside match values are not allowed');
      case 'obj': {
        const m = compileOperator(item, at);
        if (m === 'absent') orAbsent = true;
        else matchers.push(m);
      }
    }
  });
  return { path, where, matchers, orAbsent, source: `[${items.map(toJson).join(',')}]` };
}

/** An exact string; one that is an IP address also matches the address written another way. */
function stringMatchers(value: string): Matcher[] {
  const ip = parseIp(value);
  return ip
    ? [{ kind: 'string', value }, { kind: 'cidr', range: { ...ip, bits: ip.v6 ? 128 : 32 } }]
    : [{ kind: 'string', value }];
}

function compileOperator(node: Obj, at: string): Matcher | 'absent' {
  if (node.entries.length === 0) throw new PatternError('EMPTY_OBJECT', at, 'a match expression needs an operator');
  if (node.entries.length > 1) {
    throw new PatternError('MULTIPLE_OPERATORS', at, `only one operator is allowed in a match expression, found ${node.entries.map(([k]) => `"${k}"`).join(', ')}`);
  }
  const [op, operand] = node.entries[0]!;
  const where = childPath(at, op);
  switch (op) {
    case 'prefix':
    case 'suffix':
      return affix(op, operand, where);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: foldCase(str(operand, where, op)) };
    case 'wildcard':
      return { kind: 'wildcard', wildcard: wildcard(str(operand, where, op), where) };
    case 'numeric':
      return numeric(operand, where);
    case 'exists':
      if (operand.t !== 'bool') throw new PatternError('INVALID_OPERAND', where, `exists takes true or false, not ${describe(operand)}`);
      return operand.v ? { kind: 'exists' } : 'absent';
    case 'cidr': {
      const range = parseCidr(str(operand, where, op));
      if (!range) throw new PatternError('INVALID_CIDR', where, `${JSON.stringify((operand as { v: string }).v)} is not a CIDR block like 10.0.0.0/24 or 2001:db8::/32`);
      return { kind: 'cidr', range };
    }
    case 'anything-but':
      return { kind: 'anything-but', not: anythingBut(operand, where) };
    default:
      throw new PatternError('UNKNOWN_OPERATOR', at, `unknown operator "${op}"; expected one of ${[...OPERATORS].join(', ')}`);
  }
}

function str(node: JsonNode, where: string, op: string): string {
  if (node.t !== 'str') throw new PatternError('INVALID_OPERAND', where, `${op} takes a string, not ${describe(node)}`);
  return node.v;
}

function wildcard(source: string, where: string) {
  const w = parseWildcard(source);
  if (typeof w === 'string') throw new PatternError('INVALID_WILDCARD', where, w);
  return w;
}

function affix(op: 'prefix' | 'suffix', operand: JsonNode, where: string): Matcher {
  if (operand.t === 'str') return { kind: op, value: operand.v, fold: false };
  if (operand.t === 'obj' && operand.entries.length === 1 && operand.entries[0]![0] === 'equals-ignore-case') {
    const value = str(operand.entries[0]![1], where, `${op} equals-ignore-case`);
    return { kind: op, value: foldCase(value), fold: true };
  }
  throw new PatternError('INVALID_OPERAND', where, `${op} takes a string or {"equals-ignore-case": string}, not ${describe(operand)}`);
}

function numeric(operand: JsonNode, where: string): Matcher {
  if (operand.t !== 'arr') throw new PatternError('INVALID_NUMERIC', where, `numeric takes an array like [">", 0, "<=", 5], not ${describe(operand)}`);
  const items = operand.items;
  if (items.length === 0) throw new PatternError('EMPTY_ARRAY', where, 'numeric needs an operator and a number');
  const bad = (why: string): never => {
    throw new PatternError('INVALID_NUMERIC', where, why);
  };
  const op = (i: number): string => {
    const node = items[i]!;
    if (node.t !== 'str') bad(`element ${i} must be an operator ("=", "<", "<=", ">", ">="), not ${describe(node)}`);
    return (node as { v: string }).v;
  };
  const num = (i: number, name: string): number => {
    const node = items[i];
    if (node === undefined) bad(`"${name}" needs a number after it`);
    if (node!.t !== 'num') bad(`"${name}" needs a number, not ${describe(node!)}`);
    return finite(node as Extract<JsonNode, { t: 'num' }>, where);
  };
  const first = op(0);
  const v = num(1, first);
  let m: Matcher;
  switch (first) {
    case '=':
      m = { kind: 'numeric', lo: v, loOpen: false, hi: v, hiOpen: false };
      break;
    case '<':
    case '<=':
      m = { kind: 'numeric', lo: -Infinity, loOpen: false, hi: v, hiOpen: first === '<' };
      break;
    case '>':
    case '>=': {
      if (items.length <= 2) {
        m = { kind: 'numeric', lo: v, loOpen: first === '>', hi: Infinity, hiOpen: false };
        break;
      }
      const second = op(2);
      if (second !== '<' && second !== '<=') {
        bad(second === '>' || second === '>=' || second === '='
          ? `"${second}" cannot follow "${first}"; a range is [">" or ">=", low, "<" or "<=", high]`
          : `unknown operator "${second}"`);
      }
      const hi = num(3, second);
      if (!(v < hi)) bad(`range is empty: the low bound ${v} must be below the high bound ${hi}`);
      if (items.length > 4) bad(`too many elements (${items.length}); a range has 4`);
      return { kind: 'numeric', lo: v, loOpen: first === '>', hi, hiOpen: second === '<' };
    }
    default:
      return bad(`unknown operator "${first}"; expected "=", "<", "<=", ">" or ">="`);
  }
  if (items.length > 2) bad(`too many elements after "${first}"; only ">" or ">=" may start a range`);
  return m;
}

function anythingBut(operand: JsonNode, where: string): Matcher[] {
  switch (operand.t) {
    case 'str':
      return stringMatchers(operand.v);
    case 'num':
      return [numberMatcher(operand, where)];
    case 'arr':
      return anythingButList(operand.items, where);
    case 'obj':
      return anythingButObject(operand, where);
    default:
      throw new PatternError('INVALID_OPERAND', where, `anything-but takes a string, a number, a list of strings or of numbers, or an object, not ${describe(operand)}`);
  }
}

function anythingButList(items: readonly JsonNode[], where: string): Matcher[] {
  if (items.length === 0) throw new PatternError('EMPTY_ARRAY', where, 'anything-but needs at least one value');
  const kind = items[0]!.t;
  return items.flatMap((item) => {
    if (item.t !== 'str' && item.t !== 'num') {
      throw new PatternError('INVALID_OPERAND', where, `anything-but lists hold strings or numbers, not ${describe(item)}`);
    }
    if (item.t !== kind) throw new PatternError('INVALID_OPERAND', where, 'anything-but lists cannot mix strings and numbers');
    return item.t === 'str' ? stringMatchers(item.v) : [numberMatcher(item, where)];
  });
}

function anythingButObject(operand: Obj, where: string): Matcher[] {
  if (operand.entries.length !== 1) {
    throw new PatternError('INVALID_OPERAND', where, `anything-but takes an object with exactly one of prefix, suffix, equals-ignore-case, wildcard; found ${operand.entries.length} keys`);
  }
  const [op, value] = operand.entries[0]!;
  if (op !== 'prefix' && op !== 'suffix' && op !== 'equals-ignore-case' && op !== 'wildcard') {
    throw new PatternError('INVALID_OPERAND', where, `anything-but does not support "${op}"; use prefix, suffix, equals-ignore-case or wildcard`);
  }
  let values: string[];
  if (value.t === 'str') values = [value.v];
  else if (value.t === 'arr') {
    if (value.items.length === 0) throw new PatternError('EMPTY_ARRAY', where, `anything-but ${op} needs at least one value`);
    values = value.items.map((item) => str(item, where, `anything-but ${op}`));
  } else {
    throw new PatternError('INVALID_OPERAND', where, `anything-but ${op} takes a string or a list of strings, not ${describe(value)}`);
  }
  return values.map((v): Matcher => {
    switch (op) {
      case 'prefix':
      case 'suffix':
        if (v === '') throw new PatternError('INVALID_OPERAND', where, `anything-but ${op} cannot be empty`);
        return { kind: op, value: v, fold: false };
      case 'equals-ignore-case':
        return { kind: 'equals-ignore-case', value: foldCase(v) };
      case 'wildcard':
        return { kind: 'wildcard', wildcard: wildcard(v, where) };
    }
  });
}
