/**
 * The matching engine shared by CompiledPattern and RuleSet. Rules register their
 * conditions on a trie of event field paths; an event walk (from JSON text or from an
 * object) feeds leaf values to the trie nodes, each node's ValueIndex reports the conditions
 * they satisfy, and an alternative becomes a candidate the moment its count of satisfied
 * conditions reaches its size. Only candidates (and the few alternatives made only of
 * `exists: false`) are examined at the end, so matching cost follows the event and the
 * number of matches, not the number of rules.
 *
 * Arrays of objects: while the walk is inside an element of an array that holds objects,
 * each hit records its "context" (array instance id and element index for every such array
 * on the way down). An alternative whose hits all come from outside such arrays matches
 * directly; otherwise a small search picks one hit per condition so that every pair agrees on
 * the element of every array they share.
 */
import { consistent, type Context } from './context.js';
import { Leaf } from './leaf.js';
import type { Branch } from './model.js';
import { ValueIndex, type HitSink, type Registration } from './value-index.js';

/** A node of the field-path trie. */
export interface PathNode {
  readonly id: number;
  readonly key: string;
  readonly parent: PathNode | null;
  readonly children: Map<string, PathNode>;
  /** The children's keys and nodes as arrays, for the scanner's allocation-free key lookup. */
  childKeys: string[];
  childNodes: PathNode[];
  registrations: Registration[];
  index: ValueIndex | null;
  /** Conditions at this node that also hold when the path is absent. */
  watchAbsent: number;
  /** Conditions registered at this node or below it. */
  uses: number;
  /** Leaf values here are of interest (some registration, or an absence to watch). */
  leafWork: boolean;
}


const MAX_SEARCH_STEPS = 100_000;

interface BranchInfo {
  rule: number;
  required: number;
  conds: number[];
}

export class Engine implements HitSink {
  readonly root: PathNode;
  private nodeCount = 1;

  // Conditions, by id.
  private condBranch: number[] = [];
  private condNode: PathNode[] = [];
  private condOrAbsent: boolean[] = [];
  private freeConds: number[] = [];
  // Alternatives, by id.
  private branches: Array<BranchInfo | undefined> = [];
  private freeBranches: number[] = [];
  private alwaysCheck = new Set<number>();
  // Rules, by id.
  private ruleNames: Array<string | undefined> = [];
  private ruleBranches: number[][] = [];
  private freeRules: number[] = [];

  // Per-event state, valid where the stamp equals `gen`.
  private gen = 0;
  private condGen: number[] = [];
  private condFree: number[] = [];
  private condCtx: Array<Context[] | null> = [];
  private branchGen: number[] = [];
  private branchCount: number[] = [];
  private ruleGen: number[] = [];
  private nodeGen: number[] = [];
  private nodeFree: number[] = [];
  private nodeCtx: Array<Context[] | null> = [];
  private candidates: number[] = [];
  /**
   * The walk's context stack: an entry per array element being walked into that is an object
   * or an array. Entries for arrays of arrays only matter when an object lies below them, so
   * `objLen` is the stack length up to the innermost object element: a leaf inside nested
   * arrays of scalars (GeoJSON coordinates) needs no context at all.
   */
  readonly ctx: number[] = [];
  ctxLen = 0;
  objLen = 0;
  private arrays = 0;
  /** Scratch leaf reused by the walkers. */
  readonly leaf = new Leaf();

  constructor() {
    this.root = this.newNode('', null);
  }

  private newNode(key: string, parent: PathNode | null): PathNode {
    return {
      id: this.nodeCount++, key, parent, children: new Map(), childKeys: [], childNodes: [], registrations: [], index: null,
      watchAbsent: 0, uses: 0, leafWork: false,
    };
  }

  // ---- registration -------------------------------------------------------------------

  /** Registers the alternatives of one rule; returns the rule id. */
  addRule(name: string, branches: readonly Branch[]): number {
    const rule = this.freeRules.pop() ?? this.ruleNames.length;
    this.ruleNames[rule] = name;
    this.ruleGen[rule] = 0;
    this.ruleBranches[rule] = branches.map((branch) => this.addBranch(rule, branch));
    return rule;
  }

  private addBranch(rule: number, branch: Branch): number {
    const id = this.freeBranches.pop() ?? this.branches.length;
    const info: BranchInfo = { rule, required: 0, conds: [] };
    this.branches[id] = info;
    this.branchGen[id] = 0;
    for (const c of branch) {
      const cond = this.freeConds.pop() ?? this.condBranch.length;
      let node = this.root;
      node.uses++;
      for (const key of c.path) {
        let child = node.children.get(key);
        if (!child) {
          child = this.newNode(key, node);
          node.children.set(key, child);
          listChildren(node);
        }
        node = child;
        node.uses++;
      }
      this.condBranch[cond] = id;
      this.condNode[cond] = node;
      this.condOrAbsent[cond] = c.orAbsent;
      this.condGen[cond] = 0;
      for (const matcher of c.matchers) node.registrations.push({ cond, matcher });
      if (c.orAbsent) node.watchAbsent++;
      else info.required++;
      node.index = null;
      node.leafWork = node.registrations.length > 0 || node.watchAbsent > 0;
      info.conds.push(cond);
    }
    if (info.required === 0) this.alwaysCheck.add(id);
    return id;
  }

  /** Removes every alternative of a rule. */
  removeRule(rule: number): void {
    for (const id of this.ruleBranches[rule] ?? []) {
      for (const cond of this.branches[id]!.conds) this.removeCond(cond);
      this.branches[id] = undefined;
      this.alwaysCheck.delete(id);
      this.freeBranches.push(id);
    }
    this.ruleNames[rule] = undefined;
    this.ruleBranches[rule] = [];
    this.freeRules.push(rule);
  }

  private removeCond(cond: number): void {
    const node = this.condNode[cond]!;
    node.registrations = node.registrations.filter((r) => r.cond !== cond);
    if (this.condOrAbsent[cond]) node.watchAbsent--;
    node.index = null;
    node.leafWork = node.registrations.length > 0 || node.watchAbsent > 0;
    for (let n: PathNode | null = node; n; n = n.parent) {
      if (--n.uses === 0 && n.parent) {
        n.parent.children.delete(n.key);
        listChildren(n.parent);
      }
    }
    this.freeConds.push(cond);
  }

  // ---- one event ----------------------------------------------------------------------

  /** Starts a new event. */
  begin(): void {
    this.gen++;
    this.candidates.length = 0;
    this.ctxLen = 0;
    this.objLen = 0;
    this.arrays = 0;
  }

  /** A new array instance id for the context stack. */
  nextArray(): number {
    return ++this.arrays;
  }

  /** Feeds the scratch leaf, found at `node`, to the node's matchers. */
  visit(node: PathNode): void {
    if (node.registrations.length > 0) {
      (node.index ??= new ValueIndex(node.registrations)).collect(this.leaf, this);
    }
    if (node.watchAbsent > 0) this.present(node.id);
  }

  private snapshot(): Context {
    return this.ctx.slice(0, this.objLen);
  }

  private present(id: number): void {
    if (this.nodeGen[id] !== this.gen) {
      this.nodeGen[id] = this.gen;
      this.nodeFree[id] = 0;
      this.nodeCtx[id] = null;
    }
    if (this.objLen === 0) this.nodeFree[id] = this.gen;
    else if (this.nodeFree[id] !== this.gen) (this.nodeCtx[id] ??= []).push(this.snapshot());
  }

  hit(cond: number): void {
    const gen = this.gen;
    if (this.condGen[cond] !== gen) {
      this.condGen[cond] = gen;
      this.condFree[cond] = 0;
      this.condCtx[cond] = null;
      if (!this.condOrAbsent[cond]) {
        const b = this.condBranch[cond]!;
        if (this.branchGen[b] !== gen) {
          this.branchGen[b] = gen;
          this.branchCount[b] = 0;
        }
        if (++this.branchCount[b]! === this.branches[b]!.required) this.candidates.push(b);
      }
    }
    if (this.objLen === 0) this.condFree[cond] = gen;
    else if (this.condFree[cond] !== gen) (this.condCtx[cond] ??= []).push(this.snapshot());
  }

  /** Ends the event: the names of the rules that matched, each once. */
  finish(): string[] {
    const out: string[] = [];
    for (const b of this.candidates) this.consider(b, out);
    for (const b of this.alwaysCheck) this.consider(b, out);
    return out;
  }

  /** Ends the event and says whether any rule matched. */
  finishAny(): boolean {
    for (const b of this.candidates) if (this.holds(b)) return true;
    for (const b of this.alwaysCheck) if (this.holds(b)) return true;
    return false;
  }

  private consider(b: number, out: string[]): void {
    const rule = this.branches[b]!.rule;
    if (this.ruleGen[rule] === this.gen || !this.holds(b)) return;
    this.ruleGen[rule] = this.gen;
    out.push(this.ruleNames[rule]!);
  }

  /** Whether alternative b holds for the current event. */
  private holds(b: number): boolean {
    const gen = this.gen;
    let simple = true;
    for (const cond of this.branches[b]!.conds) {
      const free = this.condFree[cond] === gen;
      if (this.condOrAbsent[cond]) {
        if (free || this.nodeGen[this.condNode[cond]!.id] !== gen) continue;
        simple = false;
      } else if (!free) {
        simple = false;
      }
    }
    return simple || this.search(b);
  }

  /** Picks one hit (or absence) per condition so that all contexts agree. */
  private search(b: number): boolean {
    const gen = this.gen;
    const conds = this.branches[b]!.conds;
    const chosen: Context[] = [];
    const absent: PathNode[] = [];
    let steps = 0;
    const options = (cond: number): Context[] => {
      if (this.condGen[cond] !== gen) return [];
      if (this.condFree[cond] === gen) return [[]];
      return this.condCtx[cond] ?? [];
    };
    const go = (k: number): boolean => {
      if (++steps > MAX_SEARCH_STEPS) return false;
      if (k === conds.length) return absent.every((node) => this.absentGiven(node, chosen));
      const cond = conds[k]!;
      for (const option of options(cond)) {
        if (!chosen.every((c) => consistent(c, option))) continue;
        chosen.push(option);
        const ok = go(k + 1);
        chosen.pop();
        if (ok) return true;
      }
      if (this.condOrAbsent[cond]) {
        absent.push(this.condNode[cond]!);
        const ok = go(k + 1);
        absent.pop();
        if (ok) return true;
      }
      return false;
    };
    return go(0);
  }

  /** True when no leaf at `node` sits in the same array elements as the chosen hits. */
  private absentGiven(node: PathNode, chosen: readonly Context[]): boolean {
    const id = node.id;
    if (this.nodeGen[id] !== this.gen) return true;
    if (this.nodeFree[id] === this.gen) return false;
    for (const where of this.nodeCtx[id] ?? []) {
      if (chosen.every((c) => consistent(c, where))) return false;
    }
    return true;
  }
}

function listChildren(node: PathNode): void {
  node.childKeys = [...node.children.keys()];
  node.childNodes = [...node.children.values()];
}
