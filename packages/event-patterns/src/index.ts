/**
 * @switchboard/event-patterns — the Amazon EventBridge event-pattern language: validate
 * patterns with precise errors, compile them, match one or many rules against events (as
 * objects or straight from JSON text), and explain why a pattern did not match.
 *
 * @example
 * import { compilePattern, RuleSet, explain } from '@switchboard/event-patterns';
 * const rules = new RuleSet();
 * rules.add('paid', { source: ['shop'], 'detail-type': [{ prefix: 'Payment' }] });
 * rules.matchJSON('{"source":"shop","detail-type":"PaymentCaptured"}'); // ['paid']
 */
export { PatternError, type PatternErrorCode } from './errors.js';
export { compilePattern, type CompiledPattern } from './pattern.js';
export { RuleSet } from './ruleset.js';
export { explain, type Explanation, type ExplainFailure } from './explain.js';
