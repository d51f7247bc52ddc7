/** The AWSEvents operation table: every EventBridge core operation by its API name. */
import type { JsonOperation } from '../../http/protocols.js';
import { busOperations } from './buses.js';
import { putEventsOperations } from './put-events.js';
import { ruleOperations } from './rules.js';
import type { Services } from './services.js';
import { tagOperations } from './tags.js';
import { targetOperations } from './targets.js';
import { testPatternOperations } from './test-pattern.js';

/** Every core operation, by API name. */
export function coreOperations(s: Services): Record<string, JsonOperation> {
  return {
    ...busOperations(s),
    ...ruleOperations(s),
    ...targetOperations(s),
    ...tagOperations(s),
    ...putEventsOperations(s),
    ...testPatternOperations(),
  };
}
