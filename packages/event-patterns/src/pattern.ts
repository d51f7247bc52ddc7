/** A single compiled pattern. */
import { Engine } from './engine.js';
import type { PatternModel } from './model.js';
import { parsePattern } from './parse.js';
import { JsonScanner } from './scan.js';
import { walkObject } from './walk.js';

/** A validated, compiled event pattern. */
export interface CompiledPattern {
  /** Whether the event (a JSON-like object) matches. */
  matches(event: object): boolean;
  /**
   * Whether the event, given as JSON text, matches. Decodes only the fields the pattern names
   * (the rest is validated, not built); numerals are compared by their exact value where a
   * double cannot hold them. Text that is not exactly one valid JSON object matches nothing.
   */
  matchesJSON(text: string): boolean;
  /** The pattern as compact JSON text. */
  readonly json: string;
  /** How many alternatives the pattern's `$or`s expand to. */
  readonly alternatives: number;
}

const models = new WeakMap<CompiledPattern, PatternModel>();

/** The compiled model behind a CompiledPattern made by compilePattern (for explain). */
export function modelOf(pattern: CompiledPattern): PatternModel | undefined {
  return models.get(pattern);
}

class SinglePattern implements CompiledPattern {
  private readonly engine = new Engine();
  private readonly scanner = new JsonScanner(this.engine);
  readonly json: string;
  readonly alternatives: number;

  constructor(model: PatternModel) {
    this.engine.addRule('', model.branches);
    this.json = model.json;
    this.alternatives = model.branches.length;
  }

  matches(event: object): boolean {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
    this.engine.begin();
    walkObject(this.engine, this.engine.root, event, 0);
    return this.engine.finishAny();
  }

  matchesJSON(text: string): boolean {
    if (typeof text !== 'string') return false;
    this.engine.begin();
    return this.scanner.scan(text) && this.engine.finishAny();
  }
}

/**
 * Validates and compiles an event pattern.
 *
 * @param pattern JSON text (numerals keep their exact text) or a JSON-like object.
 * @throws PatternError naming the code, path and reason of the first problem.
 * @example
 * const p = compilePattern({ source: ['shop'], detail: { total: [{ numeric: ['>', 100] }] } });
 * p.matches({ source: 'shop', detail: { total: 250 } }); // true
 * p.matchesJSON('{"source":"shop","detail":{"total":99}}'); // false
 */
export function compilePattern(pattern: string | object): CompiledPattern {
  const model = parsePattern(pattern);
  const compiled = new SinglePattern(model);
  models.set(compiled, model);
  return compiled;
}
