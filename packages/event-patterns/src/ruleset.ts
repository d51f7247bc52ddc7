/** Many named patterns compiled together and matched in one pass. */
import { Engine } from './engine.js';
import { parsePattern } from './parse.js';
import { JsonScanner } from './scan.js';
import { walkObject } from './walk.js';

/**
 * A set of named rules matched at once. Every kind of condition is indexed per field (maps,
 * tries, range and CIDR tables, wildcards filed by their literal pieces, anything-but by what
 * it excludes), so matching cost follows the event and its matches, not the number of rules;
 * the engine learns from sampled events which condition of each rule to wait for (Engine).
 *
 * @example
 * const rules = new RuleSet();
 * rules.add('big-orders', { 'detail-type': ['OrderPlaced'], detail: { total: [{ numeric: ['>=', 1000] }] } });
 * rules.add('eu', { detail: { country: [{ 'equals-ignore-case': 'de' }, 'FR'] } });
 * rules.matchJSON('{"detail-type":"OrderPlaced","detail":{"total":1500,"country":"DE"}}'); // ['big-orders', 'eu']
 */
export class RuleSet {
  private readonly engine = new Engine();
  private readonly scanner = new JsonScanner(this.engine);
  private readonly rules = new Map<string, number>();

  /**
   * Adds a rule, replacing any rule of the same name. The pattern is validated first: when
   * it throws PatternError the set is unchanged.
   */
  add(name: string, pattern: string | object): void {
    const model = parsePattern(pattern);
    this.remove(name);
    this.rules.set(name, this.engine.addRule(name, model.branches));
  }

  /** Removes a rule; false when there was none of that name. */
  remove(name: string): boolean {
    const rule = this.rules.get(name);
    if (rule === undefined) return false;
    this.engine.removeRule(rule);
    this.rules.delete(name);
    return true;
  }

  has(name: string): boolean {
    return this.rules.has(name);
  }

  get size(): number {
    return this.rules.size;
  }

  /** The rule names, in the order they were added. */
  names(): string[] {
    return [...this.rules.keys()];
  }

  /** Names of the rules the event (a JSON-like object) matches, each once. */
  match(event: object): string[] {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return [];
    this.engine.begin();
    walkObject(this.engine, this.engine.root, event, 0);
    return this.engine.finish();
  }

  /** Names of the rules the event, given as JSON text, matches; [] for text that is not a JSON object. */
  matchJSON(text: string): string[] {
    if (typeof text !== 'string') return [];
    this.engine.begin();
    return this.scanner.scan(text) ? this.engine.finish() : [];
  }
}
