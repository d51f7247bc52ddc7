/**
 * Throughput / compile / memory benchmark for @switchboard/event-patterns.
 *
 *   npm run bench -w @switchboard/event-patterns
 *   BENCH_QUICK=1 npm run bench -w @switchboard/event-patterns     (smoke run, a few thousand events)
 *   BENCH_EVENTS=250000 npm run bench -w @switchboard/event-patterns
 *   BENCH_ROUNDS=7 ...                                              (measurement rounds, default 5)
 *
 * Prints numbers; never asserts on timing. Run node with --expose-gc to get heap figures
 * measured after a forced collection.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { RuleSet } from '../src/index.js';
import { generateEventLines } from './geojson.js';
import { mixedRules, operatorRuleSets, type NamedRule, type RuleSetSpec } from './rulesets.js';

// ---------------------------------------------------------------------------------------------
// Configuration

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return Math.floor(n);
}

const QUICK = process.env['BENCH_QUICK'] === '1' || process.env['BENCH_QUICK'] === 'true';
const EVENT_COUNT = envInt('BENCH_EVENTS') ?? (QUICK ? 3_000 : 100_000);
const ROUNDS = envInt('BENCH_ROUNDS') ?? (QUICK ? 2 : 5);
const MIXED_RULES = 1_000;
const BIG_RULES = 10_000;
/** Warm-up covers at most this many events per function and pass. */
const WARMUP_EVENTS = Math.min(EVENT_COUNT, QUICK ? 1_000 : 20_000);
const WARMUP_PASSES = QUICK ? 1 : 3;
/** If one pass over all events would take longer than this, measure a prefix instead. */
const MAX_PASS_SECONDS = QUICK ? 2 : 15;

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

// Results are accumulated here and printed at the end so no work can be optimized away.
let sink = 0;

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtRate = (n: number): string => (Number.isFinite(n) ? fmtInt(n) : 'n/a');
const fmtMB = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return rightAlign[i] ? c.padStart(w) : c.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), sep, ...rows.map(line)].join('\n');
}

function spreadOf(values: number[]): number {
  if (values.length < 2) return 0;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

// ---------------------------------------------------------------------------------------------
// Measured passes

interface PassResult {
  seconds: number;
  matches: number; // total rule names returned
  matchedEvents: number; // events with at least one match
}

function passParse(lines: readonly string[], n: number): PassResult {
  gc?.();
  let acc = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const ev = JSON.parse(lines[i] as string) as { id?: unknown };
    if (ev.id !== undefined) acc++;
  }
  const seconds = (performance.now() - t0) / 1000;
  sink += acc;
  return { seconds, matches: 0, matchedEvents: 0 };
}

function passMatchJSON(rs: RuleSet, lines: readonly string[], n: number): PassResult {
  gc?.();
  let matches = 0;
  let matchedEvents = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const m = rs.matchJSON(lines[i] as string).length;
    matches += m;
    if (m > 0) matchedEvents++;
  }
  const seconds = (performance.now() - t0) / 1000;
  sink += matches;
  return { seconds, matches, matchedEvents };
}

function passMatchParsed(rs: RuleSet, lines: readonly string[], n: number): PassResult {
  gc?.();
  let matches = 0;
  let matchedEvents = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const m = rs.match(JSON.parse(lines[i] as string) as unknown as object).length;
    matches += m;
    if (m > 0) matchedEvents++;
  }
  const seconds = (performance.now() - t0) / 1000;
  sink += matches;
  return { seconds, matches, matchedEvents };
}

// ---------------------------------------------------------------------------------------------
// Building rule sets

interface AddFailure {
  set: string;
  rule: string;
  pattern: string;
  error: string;
}
const addFailures: AddFailure[] = [];

function buildRuleSet(label: string, rules: readonly NamedRule[]): { rs: RuleSet; added: number; ms: number } {
  const rs = new RuleSet();
  let added = 0;
  const t0 = performance.now();
  for (const rule of rules) {
    try {
      rs.add(rule.name, rule.pattern);
      added++;
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      addFailures.push({
        set: label,
        rule: rule.name,
        pattern: JSON.stringify(rule.pattern),
        error: `${typeof e.code === 'string' ? `${e.code} ` : ''}${String(e.message ?? err)}`,
      });
    }
  }
  const ms = performance.now() - t0;
  return { rs, added, ms };
}

// ---------------------------------------------------------------------------------------------
// One row of the table: interleaved A/B/C rounds over the same lines.

interface Row {
  label: string;
  rules: number;
  events: number; // events per pass (may be < all when a pass would be too slow)
  parseRate: number;
  matchJSONRate: number;
  matchParsedRate: number;
  /** Largest (max - min) / median over the three measurements' rounds: a noise indicator. */
  spread: number;
  matches: number;
  matchedEvents: number;
  agree: boolean; // matchJSON and match(JSON.parse) found the same number of matches
  error?: string;
}

function measureSet(label: string, rs: RuleSet, rules: number, lines: readonly string[]): Row {
  // Probe a few events to size the warm-up and the passes (a very slow rule set gets a prefix).
  const probe = Math.min(200, lines.length);
  const probeSeconds = Math.max(passMatchJSON(rs, lines, probe).seconds, passMatchParsed(rs, lines, probe).seconds);
  let perEvent = probe > 0 ? probeSeconds / probe : 0;
  const warmBudget = MAX_PASS_SECONDS / 3;
  const w = Math.max(probe, Math.min(WARMUP_EVENTS, perEvent > 0 ? Math.floor(warmBudget / perEvent) : WARMUP_EVENTS));
  for (let p = 0; p < WARMUP_PASSES; p++) {
    passParse(lines, w);
    const s1 = passMatchJSON(rs, lines, w).seconds;
    const s2 = passMatchParsed(rs, lines, w).seconds;
    perEvent = Math.max(s1, s2) / w;
  }
  let n = lines.length;
  if (perEvent * n > MAX_PASS_SECONDS) n = Math.max(probe, Math.floor(MAX_PASS_SECONDS / perEvent));

  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  let bRes: PassResult | undefined;
  let cRes: PassResult | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    a.push(n / passParse(lines, n).seconds);
    bRes = passMatchJSON(rs, lines, n);
    b.push(n / bRes.seconds);
    cRes = passMatchParsed(rs, lines, n);
    c.push(n / cRes.seconds);
  }
  return {
    label,
    rules,
    events: n,
    parseRate: median(a),
    matchJSONRate: median(b),
    matchParsedRate: median(c),
    spread: Math.max(spreadOf(a), spreadOf(b), spreadOf(c)),
    matches: bRes?.matches ?? 0,
    matchedEvents: bRes?.matchedEvents ?? 0,
    agree: (bRes?.matches ?? -1) === (cRes?.matches ?? -2),
  };
}

// ---------------------------------------------------------------------------------------------
// Main

function main(): void {
  const cpus = os.cpus();
  console.log('@switchboard/event-patterns benchmark');
  console.log(`node ${process.version} (V8 ${process.versions.v8}) on ${process.platform}/${process.arch}`);
  console.log(`cpu: ${cpus[0]?.model.trim() ?? 'unknown'} x ${cpus.length}, memory ${fmtMB(os.totalmem())}`);
  console.log(
    `mode: ${QUICK ? 'QUICK' : 'full'}, ${fmtInt(EVENT_COUNT)} events, ${ROUNDS} rounds (median reported), ` +
      `warm-up ${WARMUP_PASSES} x ${fmtInt(WARMUP_EVENTS)} events, gc ${gc ? 'exposed' : 'NOT exposed (run node with --expose-gc)'}`,
  );
  console.log('');

  // 1. Events
  let t0 = performance.now();
  const lines = generateEventLines(EVENT_COUNT);
  const genMs = performance.now() - t0;
  let totalBytes = 0;
  for (const l of lines) totalBytes += Buffer.byteLength(l, 'utf8');
  console.log(
    `events: ${fmtInt(lines.length)} GeoJSON Feature lines, mean ${(totalBytes / lines.length).toFixed(1)} bytes, ` +
      `total ${fmtMB(totalBytes)}, generated in ${fmtInt(genMs)} ms`,
  );
  console.log('');

  // 2 + 3. Rule sets and interleaved measurement
  const specs: RuleSetSpec[] = [...operatorRuleSets(), { label: `mixed ${fmtInt(MIXED_RULES)}`, rules: mixedRules(MIXED_RULES) }];
  const rows: Row[] = [];
  for (const spec of specs) {
    process.stdout.write(`  measuring ${spec.label} ...`);
    const t = performance.now();
    const { rs, added } = buildRuleSet(spec.label, spec.rules);
    let row: Row;
    try {
      row = measureSet(spec.label, rs, added, lines);
    } catch (err) {
      row = {
        label: spec.label, rules: added, events: 0, parseRate: NaN, matchJSONRate: NaN, matchParsedRate: NaN, spread: 0,
        matches: 0, matchedEvents: 0, agree: false, error: String((err as Error).stack ?? err),
      };
    }
    rows.push(row);
    process.stdout.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }

  // 4. 10,000 mixed rules: compile time, heap growth, throughput
  const bigRules = mixedRules(BIG_RULES, 10_007);
  gc?.();
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  t0 = performance.now();
  const big = buildRuleSet(`mixed ${fmtInt(BIG_RULES)}`, bigRules);
  const compileMs = performance.now() - t0;
  gc?.();
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  process.stdout.write(`  measuring mixed ${fmtInt(BIG_RULES)} ...`);
  const tBig = performance.now();
  let bigRow: Row;
  try {
    bigRow = measureSet(`mixed ${fmtInt(BIG_RULES)}`, big.rs, big.added, lines);
  } catch (err) {
    bigRow = {
      label: `mixed ${fmtInt(BIG_RULES)}`, rules: big.added, events: 0, parseRate: NaN, matchJSONRate: NaN,
      matchParsedRate: NaN, spread: 0, matches: 0, matchedEvents: 0, agree: false, error: String((err as Error).stack ?? err),
    };
  }
  rows.push(bigRow);
  process.stdout.write(` ${((performance.now() - tBig) / 1000).toFixed(1)} s\n`);
  console.log('');

  // Table
  const header = [
    'rule set', 'rules', 'events', 'JSON.parse ev/s', 'matchJSON ev/s', 'match(parse) ev/s',
    'matchJSON/parse', 'matches', 'events matched', 'spread',
  ];
  const right = [false, true, true, true, true, true, true, true, true, true];
  const body = rows.map((r) => [
    r.label,
    fmtInt(r.rules),
    `${fmtInt(r.events)}${r.events < lines.length ? '*' : ''}`,
    fmtRate(r.parseRate),
    fmtRate(r.matchJSONRate),
    fmtRate(r.matchParsedRate),
    r.error ? 'ERROR' : `${(r.matchJSONRate / r.parseRate).toFixed(2)}x`,
    `${fmtInt(r.matches)}${r.agree || r.error ? '' : ' (!)'}`,
    r.events > 0 ? `${((100 * r.matchedEvents) / r.events).toFixed(2)}%` : '-',
    ROUNDS > 1 && !r.error ? `${(100 * r.spread).toFixed(0)}%` : '-',
  ]);
  console.log(table(header, body, right));
  console.log('');
  console.log('  ev/s = events per second, median of the rounds; matchJSON/parse > 1 means matchJSON beats JSON.parse alone.');
  console.log('  matches = rule names returned by matchJSON in one pass; events matched = share with >= 1 match.');
  console.log('  spread = largest (max - min) / median of the rounds among the three columns (noise; high means rerun).');
  if (rows.some((r) => r.events < lines.length && !r.error)) {
    console.log(`  * pass limited to a prefix of the events because a full pass would exceed ${MAX_PASS_SECONDS} s.`);
  }
  if (rows.some((r) => !r.agree && !r.error)) {
    console.log('  (!) matchJSON and match(JSON.parse) returned different match counts.');
  }
  for (const r of rows) if (r.error) console.log(`  ERROR in ${r.label}: ${r.error}`);
  console.log('');

  console.log(`${fmtInt(BIG_RULES)} mixed rules:`);
  console.log(`  rules added      ${fmtInt(big.added)} of ${fmtInt(bigRules.length)}`);
  console.log(`  compile (add)    ${compileMs.toFixed(1)} ms total, ${((compileMs * 1000) / Math.max(1, big.added)).toFixed(1)} us/rule`);
  console.log(
    `  heap growth      ${fmtMB(heapAfter - heapBefore)} (${fmtInt((heapAfter - heapBefore) / Math.max(1, big.added))} bytes/rule)` +
      `${gc ? '' : '  [no --expose-gc: figure includes garbage]'}`,
  );
  console.log(`  size             ${fmtInt(big.rs.size)}`);
  console.log(
    `  matchJSON        ${fmtRate(bigRow.matchJSONRate)} ev/s (JSON.parse ${fmtRate(bigRow.parseRate)} ev/s, ` +
      `ratio ${(bigRow.matchJSONRate / bigRow.parseRate).toFixed(2)}x), ${fmtInt(bigRow.matches)} matches`,
  );
  console.log('');

  if (addFailures.length > 0) {
    console.log(`RuleSet.add threw for ${addFailures.length} pattern(s) (these should all be valid):`);
    for (const f of addFailures.slice(0, 50)) {
      console.log(`  [${f.set}] ${f.rule}: ${f.pattern}\n      -> ${f.error}`);
    }
    if (addFailures.length > 50) console.log(`  ... and ${addFailures.length - 50} more`);
    console.log('');
  }
  console.log(`(sink ${sink})`);
}

main();
