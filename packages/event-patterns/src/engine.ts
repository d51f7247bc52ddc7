/**
 * The matching engine shared by CompiledPattern and RuleSet. Rules register their
 * conditions on a trie of event field paths; an event walk (from JSON text or from an
 * object) feeds leaf values to the trie nodes, each node's ValueIndex reports the conditions
 * they satisfy, and an alternative becomes a candidate the moment its count of satisfied
 * *counted* conditions reaches their number. Only candidates (and the few alternatives made
 * only of `exists: false`) are examined at the end, so matching cost follows the event and
 * the number of matches, not the number of rules.
 *
 * Which conditions count is planned: at first only the one estimate() thinks least likely;
 * after sampled events (every event for the first 32 after a change, then one in 64), the
 * rarest observed and any others cheaper to count than to check (plan()). The rest are lazy:
 * a hit on one is stamped, and an index's remembered answer hands its lazy part over as one
 * list reference (hitList), searched only for candidates (gather). A field most events
 * satisfy for hundreds of rules (a shared `source`, an anything-but) then costs one step per
 * value instead of one per rule.
 *
 * Arrays of objects: while the walk is inside an element of an array that holds objects,
 * each hit records its "context" (array instance id and element index for every such array
 * on the way down). An alternative whose hits all come from outside such arrays matches
 * directly; otherwise a small search picks one hit per condition so that every pair agrees on
 * the element of every array they share.
 */
import { ContextLog } from './context.js';
import { Leaf } from './leaf.js';
import type { Branch, Matcher } from './model.js';
import { hashOf, TextTable } from './text-table.js';
import { ValueIndex, type ListSink, type Registration } from './value-index.js';

/** Up to this many children, a key is found by comparing it with each (no hashing). */
export const FEW_CHILDREN = 8;

/** A node of the field-path trie. */
export interface PathNode {
  readonly id: number;
  readonly key: string;
  readonly parent: PathNode | null;
  readonly children: Map<string, PathNode>;
  /** The children's keys and nodes as arrays, for the scanner's allocation-free key lookup. */
  childKeys: string[];
  childNodes: PathNode[];
  /** The children by key, probed with event bytes in place (where there are many of them). */
  childTable: TextTable<PathNode> | null;
  /**
   * Where there are few: their keys' bytes one after another, the k-th at
   * [childAt[k], childAt[k + 1]) (null when a key is not ASCII).
   */
  childBytes: Uint8Array | null;
  childAt: Int32Array;
  registrations: Registration[];
  index: ValueIndex | null;
  /** Conditions at this node that also hold when the path is absent. */
  watchAbsent: number;
  /** Conditions registered at this node or below it. */
  uses: number;
  /** Leaf values here are of interest (some registration, or an absence to watch). */
  leafWork: boolean;
  /**
   * Registered exact values (strings, number keys, folded strings, as they are: a string and
   * a number spelled alike count once, which is fine for an estimate) and how many matchers
   * hold each.
   */
  readonly values: Map<unknown, number>;
}


const MAX_SEARCH_STEPS = 100_000;
/** Sampled events before the first plan from observed hits; later plans come 8 times as late. */
const FIRST_PLAN = 32;
/** No more plans after this many samples (until the rules change). */
const LAST_PLAN = 2048;
/** After the first plan, one event in this many is sampled. */
const SAMPLE_GAP = 64;
/**
 * What counting a hit costs, against checking an alternative that turns out not to hold,
 * roughly (measured on the mixed-rules benchmark: about 15 and 45 ns).
 */
const HIT_COST = 1;
const CHECK_COST = 3;

// Fields of a condition's record in Engine.conds.
const COND_STRIDE = 8;
/** Event generation of its first hit. */
const C_GEN = 0;
/** Generation in which it had a hit outside arrays of objects (a free hit). */
const C_FREE = 1;
/** First and last ContextLog record of its hits inside arrays of objects (set when not free). */
const C_HEAD = 2;
const C_TAIL = 3;
/** 1 when it also holds where its path is absent. */
const C_OR_ABSENT = 4;
const C_BRANCH = 5;
/**
 * When a hit counts towards its alternative's B_HITS: the alternative's B_REQUIRED (so a
 * condition that alone makes a candidate skips the alternative's record); 0 when lazy or when
 * it holds where absent.
 */
const C_COUNTED = 6;
/** Generation in which its hits kept aside (hitList) were gathered. */
const C_GATHERED = 7;
// Fields of an alternative's record in Engine.branchState.
const BRANCH_STRIDE = 8;
const B_GEN = 0;
const B_HITS = 1;
/** Conditions to hit before it is a candidate; -1 once removed (never reached). */
const B_REQUIRED = 2;
const B_RULE = 3;
/** Where its conditions' ids start in Engine.branchConds, and how many there are. */
const B_START = 4;
const B_COUNT = 5;
/** 1 when it is its rule's only alternative (a match needs no check for the rule's others). */
const B_ALONE = 6;

interface BranchInfo {
  rule: number;
  required: number;
  conds: number[];
}

/** Int32Array that keeps its contents when grown. */
function grow(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= a.length) return a;
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

export class Engine implements ListSink {
  readonly root: PathNode;
  private nodeCount = 1;

  // Conditions, by id. Per-event state lives in typed arrays stamped with the event's
  // generation, so nothing is cleared between events and the hot path reads flat memory.
  // A condition's fields are one record of COND_STRIDE ints (C_* offsets) and an
  // alternative's one of BRANCH_STRIDE (B_*), so a hit touches two cache lines, not one per
  // field.
  private condCount = 0;
  private conds = new Int32Array(64 * COND_STRIDE);
  private condNode: PathNode[] = [];
  /** condNode[cond].id, flat (read for every lazy condition of a candidate). */
  private condNodeId = new Int32Array(64);
  private freeConds: number[] = [];
  // Alternatives, by id.
  private branchCount = 0;
  private branches: Array<BranchInfo | undefined> = [];
  /**
   * Every alternative's condition ids, one after another (B_START, B_COUNT), so checking a
   * candidate reads one flat run of memory instead of chasing its BranchInfo. Removed
   * alternatives leave gaps, squeezed out when they outgrow the live part.
   */
  private branchConds = new Int32Array(256);
  private branchCondsLen = 0;
  private branchCondsGaps = 0;
  private branchState = new Int32Array(64 * BRANCH_STRIDE);
  private freeBranches: number[] = [];
  private alwaysCheck: number[] = [];
  // Rules, by id.
  private ruleNames: Array<string | undefined> = [];
  private ruleBranches: number[][] = [];
  private ruleGen = new Int32Array(64);
  private freeRules: number[] = [];
  // Nodes, by id: presence of leaves where an absence is watched.
  private nodeGen = new Int32Array(64);
  private nodeFree = new Int32Array(64);
  /** Per node, the head and tail of its list of ContextLog records (at 2 * id, 2 * id + 1). */
  private nodeList = new Int32Array(128);

  private gen = 0;
  private candidates: number[] = [];
  /** The node whose leaf is being visited (for hitList). */
  private at: PathNode;
  // Lazy hits handed over as IdLists outside arrays of objects: per node (stamped with the
  // event generation) the head of a list of records, each an IdList linked through lazyNext.
  private nodeLazyGen = new Int32Array(64);
  private nodeLazyHead = new Int32Array(64);
  /** Per record, the pool of its IdList and where in it the list starts. */
  private lazyLists: Int32Array[] = [];
  private lazyAt = new Int32Array(64);
  /** Per record, the context snapshot it was kept in (-1: outside arrays of objects). */
  private lazySnap = new Int32Array(64);
  private lazyNext = new Int32Array(64);
  private lazyCount = 0;
  // Sampling (see plan()): in a sampled event every hit is taken one by one and each
  // condition's first hit is counted in `seen`.
  private sampling = false;
  private seen = new Int32Array(64);
  /** Per condition, estimate() at registration. */
  private guess = new Float64Array(64);
  private samples = 0;
  /** Events between samples (0: not sampling), and events left until the next one. */
  private sampleGap = 1;
  private untilSample = 1;
  /** Samples at which the next plan is made. */
  private planAt = FIRST_PLAN;
  private planDue = false;
  private changed = false;
  /**
   * The walk's context stack: an entry per array element being walked into that is an object
   * or an array. Entries for arrays of arrays only matter when an object lies below them, so
   * `objLen` is the stack length up to the innermost object element: a leaf inside nested
   * arrays of scalars (GeoJSON coordinates) needs no context at all.
   */
  readonly ctx: number[] = [];
  ctxLen = 0;
  objLen = 0;
  /**
   * The snapshot of ctx[0, objLen) in the log, or -1 when none is taken yet. Walkers set it to
   * -1 whenever objLen changes (and restore it on the way out), so all hits inside one array
   * element share one snapshot.
   */
  snap = -1;
  private readonly log = new ContextLog();
  private arrays = 0;
  /** Scratch leaf reused by the walkers. */
  readonly leaf = new Leaf();
  // Scratch state of search(), which walks branchConds[k, searchEnd).
  private searchEnd = 0;
  private chosen: number[] = [];
  private absent: PathNode[] = [];
  private steps = 0;

  constructor() {
    this.root = this.at = this.newNode('', null);
  }

  private newNode(key: string, parent: PathNode | null): PathNode {
    const id = this.nodeCount++;
    this.nodeGen = grow(this.nodeGen, id + 1);
    this.nodeFree = grow(this.nodeFree, id + 1);
    this.nodeList = grow(this.nodeList, 2 * (id + 1));
    this.nodeLazyGen = grow(this.nodeLazyGen, id + 1);
    this.nodeLazyHead = grow(this.nodeLazyHead, id + 1);
    return {
      id, key, parent, children: new Map(), childKeys: [], childNodes: [], childTable: null, childBytes: null, childAt: new Int32Array(1), registrations: [], index: null,
      watchAbsent: 0, uses: 0, leafWork: false, values: new Map(),
    };
  }

  // ---- registration -------------------------------------------------------------------

  /** Registers the alternatives of one rule; returns the rule id. */
  addRule(name: string, branches: readonly Branch[]): number {
    const rule = this.freeRules.pop() ?? this.ruleNames.length;
    this.ruleNames[rule] = name;
    this.ruleGen = grow(this.ruleGen, rule + 1);
    this.ruleGen[rule] = 0;
    const ids = (this.ruleBranches[rule] = branches.map((branch) => this.addBranch(rule, branch)));
    for (const id of ids) this.branchState[id * BRANCH_STRIDE + B_ALONE] = ids.length === 1 ? 1 : 0;
    this.restartSampling();
    return rule;
  }

  /** The rules changed: what was observed no longer describes them (done at the next begin()). */
  private restartSampling(): void {
    this.changed = true;
  }

  private resample(): void {
    this.changed = false;
    this.seen.fill(0);
    this.samples = 0;
    this.sampleGap = this.untilSample = 1;
    this.planAt = FIRST_PLAN;
  }

  /**
   * Picks again, for every alternative, the condition it waits for: the one hit in the fewest
   * sampled events (ties go to estimate()). Made between events, after FIRST_PLAN sampled
   * events and again at 8 and 64 times as many; the estimates made at registration only
   * stand in until then, as they cannot know which values events carry.
   */
  private plan(): void {
    const conds = this.conds;
    const samples = Math.max(1, this.samples);
    const changed = new Map<PathNode, Set<number>>();
    const order: number[] = [];
    const odds: number[] = [];
    for (let b = 0; b < this.branchCount; b++) {
      const info = this.branches[b];
      if (info === undefined || info.required === 0) continue;
      // The alternative's conditions (not those that hold where absent), rarest first: an
      // insertion sort, as there are only a few.
      let n = 0;
      for (const cond of info.conds) {
        if (conds[cond * COND_STRIDE + C_OR_ABSENT]) continue;
        const p = Math.min(1, (this.seen[cond]! + this.guess[cond]!) / samples);
        let k = n++;
        for (; k > 0 && odds[k - 1]! > p; k--) {
          odds[k] = odds[k - 1]!;
          order[k] = order[k - 1]!;
        }
        odds[k] = p;
        order[k] = cond;
      }
      // The rarest condition, then each next one while counting its hits costs less than the
      // candidates it would spare (taking the conditions as independent).
      let together = 1;
      let required = 0;
      while (required < n) {
        const p = odds[required]!;
        if (required > 0 && p * HIT_COST >= together * (1 - p) * CHECK_COST) break;
        together *= p;
        required++;
      }
      for (let k = 0; k < n; k++) {
        const cond = order[k]!;
        const cs = cond * COND_STRIDE;
        const was = conds[cs + C_COUNTED] !== 0;
        conds[cs + C_COUNTED] = k < required ? required : 0;
        if (was === k < required) continue;
        const node = this.condNode[cond]!;
        let set = changed.get(node);
        if (!set) changed.set(node, (set = new Set()));
        set.add(cond);
      }
      info.required = required;
      this.branchState[b * BRANCH_STRIDE + B_REQUIRED] = required;
    }
    for (const [node, set] of changed) {
      node.registrations = node.registrations.map((r) =>
        set.has(r.cond) ? { cond: r.cond, matcher: r.matcher, lazy: conds[r.cond * COND_STRIDE + C_COUNTED] === 0 } : r,
      );
      node.index = null;
    }
  }

  /**
   * Registers one alternative. Only one of its conditions counts towards making it a
   * candidate: the one least likely to hold (by estimate()). The others are lazy: a hit on
   * one is only stamped, and where an index answers with a remembered list, the lazy part of
   * the list is kept aside by reference (hitList) and searched only for the candidates. So a
   * field that many rules test and most events satisfy (a `source` shared by hundreds of
   * rules, an anything-but) costs one step per value, not one per rule.
   */
  private addBranch(rule: number, branch: Branch): number {
    const id = this.freeBranches.pop() ?? this.branchCount++;
    this.branchState = grow(this.branchState, (id + 1) * BRANCH_STRIDE);
    const info: BranchInfo = { rule, required: 0, conds: [] };
    this.branches[id] = info;
    this.branchState[id * BRANCH_STRIDE + B_GEN] = 0;
    this.branchState[id * BRANCH_STRIDE + B_RULE] = rule;
    const nodes: PathNode[] = [];
    for (const c of branch) {
      const node = this.pathNode(c.path);
      countValues(node, c.matchers, 1);
      nodes.push(node);
    }
    let trigger = -1;
    let best = Infinity;
    const odds: number[] = [];
    for (let k = 0; k < branch.length; k++) {
      const c = branch[k]!;
      odds.push(estimateAll(nodes[k]!, c.matchers));
      if (!c.orAbsent && odds[k]! < best) {
        best = odds[k]!;
        trigger = k;
      }
    }
    for (let k = 0; k < branch.length; k++) {
      const c = branch[k]!;
      const cond = this.freeConds.pop() ?? this.condCount++;
      this.conds = grow(this.conds, (cond + 1) * COND_STRIDE);
      this.seen = grow(this.seen, cond + 1);
      if (cond >= this.guess.length) {
        const bigger = new Float64Array(Math.max(cond + 1, this.guess.length * 2));
        bigger.set(this.guess);
        this.guess = bigger;
      }
      this.guess[cond] = odds[k]!;
      const node = nodes[k]!;
      const cs = cond * COND_STRIDE;
      const lazy = !c.orAbsent && k !== trigger;
      this.conds[cs + C_BRANCH] = id;
      this.condNode[cond] = node;
      this.condNodeId = grow(this.condNodeId, cond + 1);
      this.condNodeId[cond] = node.id;
      this.conds[cs + C_OR_ABSENT] = c.orAbsent ? 1 : 0;
      this.conds[cs + C_COUNTED] = k === trigger ? 1 : 0;
      this.conds[cs + C_GEN] = 0;
      this.conds[cs + C_FREE] = 0;
      this.conds[cs + C_GATHERED] = 0;
      for (const matcher of c.matchers) node.registrations.push({ cond, matcher, lazy });
      if (c.orAbsent) node.watchAbsent++;
      if (k === trigger) info.required++;
      node.index = null;
      node.leafWork = node.registrations.length > 0 || node.watchAbsent > 0;
      info.conds.push(cond);
    }
    this.branchState[id * BRANCH_STRIDE + B_REQUIRED] = info.required;
    this.placeConds(id, info.conds);
    if (info.required === 0) this.alwaysCheck.push(id);
    return id;
  }

  /** Appends the condition ids of alternative `id` to branchConds. */
  private placeConds(id: number, conds: readonly number[]): void {
    const at = this.branchCondsLen;
    this.branchConds = grow(this.branchConds, at + conds.length);
    this.branchConds.set(conds, at);
    this.branchCondsLen = at + conds.length;
    this.branchState[id * BRANCH_STRIDE + B_START] = at;
    this.branchState[id * BRANCH_STRIDE + B_COUNT] = conds.length;
  }

  /** Rewrites branchConds without the gaps removed alternatives left. */
  private squeezeConds(): void {
    this.branchCondsLen = 0;
    this.branchCondsGaps = 0;
    this.branches.forEach((info, id) => {
      if (info) this.placeConds(id, info.conds);
    });
  }

  /** The node of a field path, made where missing; counts one more use along the way. */
  private pathNode(path: readonly string[]): PathNode {
    let node = this.root;
    node.uses++;
    for (const key of path) {
      let child = node.children.get(key);
      if (!child) {
        child = this.newNode(key, node);
        node.children.set(key, child);
        listChildren(node);
      }
      node = child;
      node.uses++;
    }
    return node;
  }

  /** Removes every alternative of a rule. */
  removeRule(rule: number): void {
    for (const id of this.ruleBranches[rule] ?? []) {
      for (const cond of this.branches[id]!.conds) this.removeCond(cond);
      this.branchCondsGaps += this.branches[id]!.conds.length;
      this.branches[id] = undefined;
      this.branchState[id * BRANCH_STRIDE + B_REQUIRED] = -1; // can never be reached by a count
      const at = this.alwaysCheck.indexOf(id);
      if (at >= 0) this.alwaysCheck.splice(at, 1);
      this.freeBranches.push(id);
    }
    this.ruleNames[rule] = undefined;
    this.ruleBranches[rule] = [];
    this.freeRules.push(rule);
    if (this.branchCondsGaps > this.branchCondsLen - this.branchCondsGaps) this.squeezeConds();
    this.restartSampling();
  }

  private removeCond(cond: number): void {
    const node = this.condNode[cond]!;
    countValues(node, node.registrations.filter((r) => r.cond === cond).map((r) => r.matcher), -1);
    node.registrations = node.registrations.filter((r) => r.cond !== cond);
    if (this.conds[cond * COND_STRIDE + C_OR_ABSENT]) node.watchAbsent--;
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
    if (this.changed) this.resample();
    if (this.planDue) {
      this.planDue = false;
      this.plan();
    }
    this.sampling = this.sampleGap > 0 && --this.untilSample === 0;
    if (this.sampling) this.untilSample = this.sampleGap;
    if (++this.gen === 0x7fffffff) this.resetStamps();
    this.candidates.length = 0;
    this.ctxLen = 0;
    this.objLen = 0;
    this.snap = -1;
    this.arrays = 0;
    this.lazyCount = 0;
    this.log.reset();
  }

  /** After 2^31 events the stamps wrap: clear them all once. */
  private resetStamps(): void {
    for (const a of [this.ruleGen, this.nodeGen, this.nodeFree, this.nodeLazyGen]) a.fill(0);
    for (let c = 0; c < this.condCount; c++) {
      this.conds[c * COND_STRIDE + C_GEN] = this.conds[c * COND_STRIDE + C_FREE] = this.conds[c * COND_STRIDE + C_GATHERED] = 0;
    }
    for (let b = 0; b < this.branchCount; b++) this.branchState[b * BRANCH_STRIDE + B_GEN] = 0;
    this.gen = 1;
  }

  /** A new array instance id for the context stack. */
  nextArray(): number {
    return ++this.arrays;
  }

  /** Feeds the scratch leaf, found at `node`, to the node's matchers. */
  visit(node: PathNode): void {
    if (node.registrations.length > 0) {
      this.at = node;
      const index = (node.index ??= new ValueIndex(node.registrations));
      index.collectLeaf(this.leaf, this);
    }
    if (node.watchAbsent > 0) this.present(node.id);
  }

  /**
   * visit() for a string leaf still in ASCII event text: s[start, end), also in bytes b,
   * without escapes, whose hashOf the scanner computed. The index cuts the value out only if
   * it must.
   */
  visitText(node: PathNode, s: string, b: Uint8Array, start: number, end: number, hash: number): void {
    if (node.registrations.length > 0) {
      this.at = node;
      const index = (node.index ??= new ValueIndex(node.registrations));
      index.collectText(s, b, start, end, hash, this.leaf, this);
    }
    if (node.watchAbsent > 0) this.present(node.id);
  }

  /** The current context's snapshot id (taken at most once per array element). */
  private snapshot(): number {
    const snap = this.snap;
    return snap >= 0 ? snap : (this.snap = this.log.take(this.ctx, this.objLen));
  }

  private present(id: number): void {
    const gen = this.gen;
    if (this.nodeGen[id] !== gen) {
      this.nodeGen[id] = gen;
      this.nodeFree[id] = 0;
      this.nodeList[2 * id] = -1;
      this.nodeList[2 * id + 1] = -1;
    }
    if (this.objLen === 0) this.nodeFree[id] = gen;
    else if (this.nodeFree[id] !== gen) this.record(this.nodeList, 2 * id);
  }

  /**
   * Appends the current context to the list whose head and tail are a[at] and a[at + 1],
   * unless it ends with it already.
   */
  private record(a: Int32Array, at: number): void {
    this.recordSnap(a, at, this.snapshot());
  }

  private recordSnap(a: Int32Array, at: number, snap: number): void {
    const tail = a[at + 1]!;
    if (tail >= 0 && this.log.snapOf[tail] === snap) return;
    const r = this.log.add(snap, tail);
    if (tail < 0) a[at] = r;
    a[at + 1] = r;
  }

  hit(cond: number): void {
    const gen = this.gen;
    const conds = this.conds;
    const cs = cond * COND_STRIDE;
    if (conds[cs + C_GEN] !== gen) {
      conds[cs + C_GEN] = gen;
      if (this.sampling) this.seen[cond]!++;
      if (this.objLen === 0) {
        conds[cs + C_FREE] = gen; // head and tail are read only when not free
      } else {
        conds[cs + C_FREE] = 0;
        conds[cs + C_HEAD] = -1;
        conds[cs + C_TAIL] = -1;
        this.record(conds, cs + C_HEAD);
      }
      const required = conds[cs + C_COUNTED]!;
      if (required === 1) {
        this.candidates.push(conds[cs + C_BRANCH]!);
      } else if (required !== 0) {
        const state = this.branchState;
        const b = conds[cs + C_BRANCH]!;
        const bs = b * BRANCH_STRIDE;
        let hits = 1;
        if (state[bs + B_GEN] === gen) hits = ++state[bs + B_HITS]!;
        else {
          state[bs + B_GEN] = gen;
          state[bs + B_HITS] = 1;
        }
        if (hits === required) this.candidates.push(b);
      }
      return;
    }
    if (this.objLen === 0) conds[cs + C_FREE] = gen;
    else if (conds[cs + C_FREE] !== gen) this.record(conds, cs + C_HEAD);
  }

  /**
   * A remembered answer of the node being visited, as an IdList: the eager ids are hit; the
   * lazy ones are kept aside whole, with the context of the visit, for gather() (in a sampled
   * event they are hit one by one, to be counted).
   */
  hitList(pool: Int32Array, at: number): void {
    const end = at + 2 + pool[at]!;
    const lazy = at + 2 + pool[at + 1]!;
    for (let k = at + 2; k < lazy; k++) this.hit(pool[k]!);
    if (lazy === end) return;
    if (this.sampling) {
      for (let k = lazy; k < end; k++) this.hit(pool[k]!);
      return;
    }
    const id = this.at.id;
    const r = this.lazyCount++;
    if (r >= this.lazyNext.length) {
      this.lazyNext = grow(this.lazyNext, r + 1);
      this.lazyAt = grow(this.lazyAt, r + 1);
      this.lazySnap = grow(this.lazySnap, r + 1);
    }
    this.lazyLists[r] = pool;
    this.lazyAt[r] = at;
    this.lazySnap[r] = this.objLen === 0 ? -1 : this.snapshot();
    this.lazyNext[r] = this.nodeLazyGen[id] === this.gen ? this.nodeLazyHead[id]! : -1;
    this.nodeLazyGen[id] = this.gen;
    this.nodeLazyHead[id] = r;
  }

  /**
   * Adds the hits of a lazy condition kept aside by hitList to those it had one by one, as if
   * they had come then; says whether it has any. Done at most once per event and condition.
   */
  private gather(cond: number): boolean {
    const gen = this.gen;
    const state = this.conds;
    const cs = cond * COND_STRIDE;
    if (state[cs + C_GATHERED] === gen) return state[cs + C_GEN] === gen;
    state[cs + C_GATHERED] = gen;
    const id = this.condNodeId[cond]!;
    if (this.nodeLazyGen[id] !== gen) return state[cs + C_GEN] === gen;
    for (let r = this.nodeLazyHead[id]!; r >= 0; r = this.lazyNext[r]!) {
      if (!holdsId(this.lazyLists[r]!, this.lazyAt[r]!, cond)) continue;
      if (state[cs + C_GEN] !== gen) {
        state[cs + C_GEN] = gen;
        state[cs + C_FREE] = 0;
        state[cs + C_HEAD] = -1;
        state[cs + C_TAIL] = -1;
      }
      const snap = this.lazySnap[r]!;
      if (snap < 0) state[cs + C_FREE] = gen;
      else if (state[cs + C_FREE] !== gen) this.recordSnap(state, cs + C_HEAD, snap);
    }
    return state[cs + C_GEN] === gen;
  }

  /** Counts a sampled event and schedules plans. */
  private sampled(): void {
    if (++this.samples !== this.planAt) return;
    this.planDue = true;
    this.sampleGap = this.untilSample = SAMPLE_GAP;
    this.planAt *= 8;
    if (this.planAt > LAST_PLAN) this.sampleGap = 0;
  }

  /** Ends the event: the names of the rules that matched, each once. */
  finish(): string[] {
    if (this.sampling) this.sampled();
    const out: string[] = [];
    const candidates = this.candidates;
    for (let k = 0; k < candidates.length; k++) this.consider(candidates[k]!, out);
    const always = this.alwaysCheck;
    for (let k = 0; k < always.length; k++) this.consider(always[k]!, out);
    return out;
  }

  /** Ends the event and says whether any rule matched. */
  finishAny(): boolean {
    if (this.sampling) this.sampled();
    for (const b of this.candidates) if (this.holds(b)) return true;
    for (const b of this.alwaysCheck) if (this.holds(b)) return true;
    return false;
  }

  private consider(b: number, out: string[]): void {
    const bs = b * BRANCH_STRIDE;
    const rule = this.branchState[bs + B_RULE]!;
    if (this.branchState[bs + B_ALONE] !== 0) {
      // A candidate once per event, and its rule has no other alternative to have matched.
      if (this.holds(b)) out.push(this.ruleNames[rule]!);
      return;
    }
    if (this.ruleGen[rule] === this.gen || !this.holds(b)) return;
    this.ruleGen[rule] = this.gen;
    out.push(this.ruleNames[rule]!);
  }

  /** Whether alternative b holds for the current event. */
  private holds(b: number): boolean {
    const gen = this.gen;
    const start = this.branchState[b * BRANCH_STRIDE + B_START]!;
    const end = start + this.branchState[b * BRANCH_STRIDE + B_COUNT]!;
    const ids = this.branchConds;
    let simple = true;
    const state = this.conds;
    // Lazy conditions first: their hits kept aside join those taken one by one.
    for (let k = start; k < end; k++) {
      const cs = ids[k]! * COND_STRIDE;
      if (state[cs + C_COUNTED] !== 0 || state[cs + C_OR_ABSENT] !== 0 || state[cs + C_FREE] === gen) continue;
      if (this.lazyCount > 0 ? !this.gather(ids[k]!) : state[cs + C_GEN] !== gen) return false;
    }
    for (let k = start; k < end; k++) {
      const cs = ids[k]! * COND_STRIDE;
      const free = state[cs + C_FREE] === gen;
      if (state[cs + C_OR_ABSENT]) {
        if (free || this.nodeGen[this.condNodeId[ids[k]!]!] !== gen) continue;
        simple = false;
      } else if (!free) {
        simple = false;
      }
    }
    if (simple) return true;
    this.steps = 0;
    this.searchEnd = end;
    return this.search(start);
  }

  /** Whether snapshot `snap` agrees with every chosen one. */
  private fits(snap: number): boolean {
    const chosen = this.chosen;
    for (let i = 0; i < chosen.length; i++) if (!this.log.agree(chosen[i]!, snap)) return false;
    return true;
  }

  /** Chooses `snap` for the k-th condition and searches on. */
  private tryWith(snap: number, k: number): boolean {
    this.chosen.push(snap);
    const ok = this.search(k + 1);
    this.chosen.pop();
    return ok;
  }

  /**
   * Picks one hit (or absence) per condition, from the k-th on, so that all contexts agree.
   * A hit outside arrays of objects is the empty context (-1), which agrees with every other.
   */
  private search(k: number): boolean {
    if (++this.steps > MAX_SEARCH_STEPS) return false;
    if (k === this.searchEnd) {
      for (const node of this.absent) if (!this.absentGiven(node)) return false;
      return true;
    }
    const cond = this.branchConds[k]!;
    const gen = this.gen;
    const cs = cond * COND_STRIDE;
    if (this.conds[cs + C_GEN] === gen) {
      if (this.conds[cs + C_FREE] === gen) {
        if (this.tryWith(-1, k)) return true;
      } else {
        const log = this.log;
        for (let r = this.conds[cs + C_HEAD]!; r >= 0; r = log.next[r]!) {
          const snap = log.snapOf[r]!;
          if (this.fits(snap) && this.tryWith(snap, k)) return true;
        }
      }
    }
    if (this.conds[cs + C_OR_ABSENT]) {
      this.absent.push(this.condNode[cond]!);
      const ok = this.search(k + 1);
      this.absent.pop();
      if (ok) return true;
    }
    return false;
  }

  /** True when no leaf at `node` sits in the same array elements as the chosen hits. */
  private absentGiven(node: PathNode): boolean {
    const id = node.id;
    if (this.nodeGen[id] !== this.gen) return true;
    if (this.nodeFree[id] === this.gen) return false;
    const log = this.log;
    for (let r = this.nodeList[2 * id]!; r >= 0; r = log.next[r]!) if (this.fits(log.snapOf[r]!)) return false;
    return true;
  }
}


/** Whether the IdList at pool[at] holds `id` among its lazy ids (kept in ascending order). */
function holdsId(pool: Int32Array, at: number, id: number): boolean {
  let lo = at + 2 + pool[at + 1]!;
  let hi = at + 1 + pool[at]!;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = pool[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * A rough chance that a condition holds for an event, to pick the one an alternative waits
 * for: an exact value is as likely as any other value rules ask of the field (so a `source`
 * that hundreds of rules share, drawn from a handful of values, is likely; a city among
 * dozens is not); anything-but and exists are likely by nature.
 */
function estimateAll(node: PathNode, matchers: readonly Matcher[]): number {
  let odds = 0;
  for (const m of matchers) odds += estimate(node, m);
  return Math.min(odds, 1);
}

function estimate(node: PathNode, m: Matcher): number {
  switch (m.kind) {
    case 'string':
    case 'number':
    case 'equals-ignore-case':
      return 1 / (1 + node.values.size);
    case 'literal':
      return 0.5;
    case 'numeric':
      return 0.25;
    case 'exists':
    case 'anything-but':
      return 0.9;
    default: // prefix, suffix, wildcard, cidr
      return 0.1;
  }
}

/** Adds (delta 1) or removes (-1) a condition's exact values in its node's tally. */
function countValues(node: PathNode, matchers: readonly Matcher[], delta: number): void {
  for (const m of matchers) {
    if (m.kind !== 'string' && m.kind !== 'number' && m.kind !== 'equals-ignore-case') continue;
    const key = m.kind === 'number' ? m.key : m.value;
    const n = (node.values.get(key) ?? 0) + delta;
    if (n > 0) node.values.set(key, n);
    else node.values.delete(key);
  }
}

function listChildren(node: PathNode): void {
  node.childKeys = [...node.children.keys()];
  node.childNodes = [...node.children.values()];
  node.childTable = null;
  node.childBytes = null;
  const keys = node.childKeys;
  const at = (node.childAt = new Int32Array(keys.length + 1));
  keys.forEach((key, k) => (at[k + 1] = at[k]! + key.length));
  if (keys.every((key) => /^[\u0000-\u007f]*$/.test(key))) {
    const bytes = (node.childBytes = new Uint8Array(at[keys.length]!));
    keys.forEach((key, k) => {
      for (let j = 0; j < key.length; j++) bytes[at[k]! + j] = key.charCodeAt(j);
    });
  }
  if (node.childKeys.length > FEW_CHILDREN) {
    const table = (node.childTable = new TextTable<PathNode>());
    for (const [key, child] of node.children) table.add(key, hashOf(key), child);
  }
}
