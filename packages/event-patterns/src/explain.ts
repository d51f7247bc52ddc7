/**
 * Why a pattern does or does not match an event. This is a second, deliberately plain
 * evaluator (no indexes, no shared state with the engine): it finds every leaf at every
 * condition's path, tests each matcher, and reports, per alternative, the conditions that
 * failed and the values it saw. The tests hold the engine to agree with it.
 */
import { consistent, type Context } from './context.js';
import { PatternError } from './errors.js';
import { Leaf, LeafKind, matchLeaf } from './leaf.js';
import type { Branch, Condition, PatternModel } from './model.js';
import { parsePattern } from './parse.js';
import { modelOf, type CompiledPattern } from './pattern.js';
import { MAX_DEPTH, fromValue, readJson, toJson, type JsonNode } from './tree.js';

/** One condition that kept one alternative from matching. */
export interface ExplainFailure {
  /** Index of the alternative (`$or` expansion); 0 when the pattern has no `$or`. */
  readonly branch: number;
  /** The event field path, dotted: `detail.state`. */
  readonly path: string;
  /** What went wrong, in words. */
  readonly reason: string;
  /** The condition's match values, as JSON text. */
  readonly expected: string;
  /** The leaf values found at the path, as JSON text. */
  readonly actual: readonly string[];
}

export interface Explanation {
  readonly matches: boolean;
  /** Empty when the pattern matches; otherwise every failing condition of every alternative. */
  readonly failures: readonly ExplainFailure[];
}

interface Found {
  readonly node: JsonNode;
  readonly ctx: Context;
}

/** Array instance ids of one event, shared by all its conditions. */
type ArrayIds = Map<JsonNode, number>;

/** Every leaf at `path`, flattening arrays, with its array context (as the engine records it). */
function leavesAt(root: JsonNode, path: readonly string[], ids: ArrayIds): Found[] {
  const out: Found[] = [];
  const visit = (node: JsonNode, step: number, ctx: Context, depth: number): void => {
    if (node.t === 'arr') {
      if (depth > MAX_DEPTH) return;
      let id = ids.get(node);
      if (id === undefined) ids.set(node, (id = ids.size + 1));
      node.items.forEach((item, i) => {
        const inner = item.t === 'obj' || item.t === 'arr' ? [...ctx, id, i] : ctx;
        visit(item, step, inner, depth + 1);
      });
      return;
    }
    if (node.t === 'obj') {
      if (step === path.length || depth > MAX_DEPTH) return;
      for (const [key, value] of node.entries) if (key === path[step]) visit(value, step + 1, ctx, depth + 1);
      return;
    }
    if (step === path.length) out.push({ node, ctx });
  };
  if (root.t === 'obj') visit(root, 0, [], 0);
  return out;
}

function toLeaf(node: JsonNode, leaf: Leaf): Leaf {
  switch (node.t) {
    case 'str': return leaf.setString(node.v);
    case 'num': return leaf.setNumeral(node.text);
    case 'bool': return leaf.setLiteral(node.v ? LeafKind.True : LeafKind.False);
    default: return leaf.setLiteral(LeafKind.Null);
  }
}

interface CondState {
  readonly cond: Condition;
  readonly found: Found[];
  readonly hits: Found[];
}

function assess(cond: Condition, event: JsonNode, leaf: Leaf, ids: ArrayIds): CondState {
  const found = leavesAt(event, cond.path, ids);
  const hits = found.filter((f) => cond.matchers.some((m) => matchLeaf(m, toLeaf(f.node, leaf))));
  return { cond, found, hits };
}

/** Whether one hit per condition (or absence) can be chosen with agreeing contexts. */
function jointly(states: readonly CondState[]): boolean {
  const chosen: Context[] = [];
  const absent: Found[][] = [];
  const go = (k: number): boolean => {
    if (k === states.length) {
      return absent.every((found) => !found.some((f) => chosen.every((c) => consistent(c, f.ctx))));
    }
    const s = states[k]!;
    for (const hit of s.hits) {
      if (!chosen.every((c) => consistent(c, hit.ctx))) continue;
      chosen.push(hit.ctx);
      const ok = go(k + 1);
      chosen.pop();
      if (ok) return true;
    }
    if (s.cond.orAbsent) {
      absent.push(s.found);
      const ok = go(k + 1);
      absent.pop();
      if (ok) return true;
    }
    return false;
  };
  return go(0);
}

function explainBranch(branch: Branch, index: number, event: JsonNode, leaf: Leaf): ExplainFailure[] {
  const ids: ArrayIds = new Map();
  const states = branch.map((c) => assess(c, event, leaf, ids));
  const failures: ExplainFailure[] = [];
  for (const s of states) {
    const { cond, found, hits } = s;
    const actual = found.map((f) => toJson(f.node));
    const base = { branch: index, path: cond.path.join('.'), expected: cond.source, actual };
    if (hits.length > 0 || (cond.orAbsent && found.length === 0)) continue;
    let reason: string;
    if (found.length === 0) reason = `no value at ${base.path}`;
    else if (cond.matchers.length === 0) reason = `${base.path} exists (${actual.join(', ')}) but the pattern requires it to be absent`;
    else if (found.length === 1) reason = `value ${actual[0]} does not match ${cond.source}`;
    else reason = `none of the values ${actual.join(', ')} match ${cond.source}`;
    failures.push({ ...base, reason });
  }
  if (failures.length === 0 && !jointly(states)) {
    const paths = branch.map((c) => c.path.join('.')).join(', ');
    failures.push({
      branch: index,
      path: commonPrefix(branch.map((c) => c.path)).join('.'),
      reason: `each condition on ${paths} is met, but not all within the same element of the array(s) they share`,
      expected: `{${branch.map((c) => `${JSON.stringify(c.path.join('.'))}:${c.source}`).join(',')}}`,
      actual: [],
    });
  }
  return failures;
}

function commonPrefix(paths: ReadonlyArray<readonly string[]>): string[] {
  const first = paths[0] ?? [];
  let n = first.length;
  for (const p of paths) {
    let k = 0;
    while (k < n && k < p.length && p[k] === first[k]) k++;
    n = k;
  }
  return first.slice(0, n);
}

function modelFor(pattern: string | object | CompiledPattern): PatternModel {
  const known = typeof pattern === 'object' && pattern !== null ? modelOf(pattern as CompiledPattern) : undefined;
  return known ?? parsePattern(pattern);
}

function eventTree(event: string | object): JsonNode | undefined {
  if (typeof event === 'string') {
    try {
      return readJson(event, Infinity);
    } catch (e) {
      if (e instanceof PatternError) return undefined;
      throw e;
    }
  }
  return fromValue(event, false);
}

/**
 * Explains whether and why a pattern matches an event: for a non-match, every condition of
 * every alternative that failed, with the values found at its path.
 *
 * @param pattern pattern text, object, or a CompiledPattern from compilePattern.
 * @param event the event as an object or JSON text.
 * @throws PatternError when the pattern is invalid.
 * @example
 * explain({ detail: { state: ['running'] } }, { detail: { state: 'stopped' } });
 * // { matches: false, failures: [{ branch: 0, path: 'detail.state',
 * //   reason: 'value "stopped" does not match ["running"]', expected: '["running"]', actual: ['"stopped"'] }] }
 */
export function explain(pattern: string | object | CompiledPattern, event: string | object): Explanation {
  const model = modelFor(pattern);
  const tree = eventTree(event);
  if (tree === undefined || tree.t !== 'obj') {
    return {
      matches: false,
      failures: [{ branch: 0, path: '', reason: 'the event is not a JSON object', expected: model.json, actual: [] }],
    };
  }
  const leaf = new Leaf();
  const failures: ExplainFailure[] = [];
  for (let b = 0; b < model.branches.length; b++) {
    const f = explainBranch(model.branches[b]!, b, tree, leaf);
    if (f.length === 0) return { matches: true, failures: [] };
    failures.push(...f);
  }
  return { matches: false, failures };
}
