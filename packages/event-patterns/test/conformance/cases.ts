// Index of the conformance tables. Each group is checked case by case and also as one
// RuleSet holding all of the group's patterns at once.
import { anythingButCases } from './anything-but.js';
import { arrayCases } from './arrays.js';
import { cidrCases, ipExactCases } from './cidr.js';
import { exactCases } from './exact.js';
import { existsCases } from './exists.js';
import { equalsIgnoreCaseCases, prefixIgnoreCaseCases, suffixIgnoreCaseCases } from './ignore-case.js';
import { invalidCases } from './invalid.js';
import { numberEqualityCases } from './numbers.js';
import { numericCases } from './numeric.js';
import { orCases } from './or.js';
import { prefixCases, suffixCases } from './prefix-suffix.js';
import type { InvalidCase, MatchCase } from './types.js';
import { nullEmptyCases, typeCases, unicodeCases } from './values.js';
import { wildcardCases } from './wildcard.js';

export type { InvalidCase, MatchCase } from './types.js';

/** Match cases by operator group. */
export const MATCH_GROUPS: Readonly<Record<string, readonly MatchCase[]>> = {
  'exact': exactCases,
  'number-equality': numberEqualityCases,
  'prefix': prefixCases,
  'suffix': suffixCases,
  'equals-ignore-case': equalsIgnoreCaseCases,
  'prefix-equals-ignore-case': prefixIgnoreCaseCases,
  'suffix-equals-ignore-case': suffixIgnoreCaseCases,
  'wildcard': wildcardCases,
  'anything-but': anythingButCases,
  'numeric': numericCases,
  'exists': existsCases,
  'cidr': cidrCases,
  'ip-exact': ipExactCases,
  '$or': orCases,
  'arrays': arrayCases,
  'null-empty': nullEmptyCases,
  'types': typeCases,
  'unicode': unicodeCases,
};

/** Every match case, in group order. */
export const MATCH_CASES: readonly MatchCase[] = Object.values(MATCH_GROUPS).flat();

/** Every invalid-pattern case. */
export const INVALID_CASES: readonly InvalidCase[] = invalidCases;
