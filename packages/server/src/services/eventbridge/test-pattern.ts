/**
 * TestEventPattern: does an event match a pattern? The pattern is validated as PutRule
 * validates it; the event must be a JSON object with the envelope fields AWS requires
 * (id, account, source, time, region, resources, detail-type).
 */
import { compilePattern } from '@switchboard/event-patterns';
import type { JsonOperation } from '../../http/protocols.js';
import { EbErrors } from './errors.js';
import { checkPattern } from './rules.js';
import { Fields, Shapes } from './validate.js';

const REQUIRED = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'] as const;

function checkEvent(text: string): void {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (err) {
    throw EbErrors.validation(`Parameter Event is not valid. Reason: not valid JSON (${(err as Error).message}).`);
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw EbErrors.validation('Parameter Event is not valid. Reason: the event must be a JSON object.');
  }
  const missing = REQUIRED.filter((k) => !Object.hasOwn(event, k));
  if (missing.length > 0) {
    throw EbErrors.validation(`Parameter Event is not valid. Reason: missing required field(s) ${missing.join(', ')}.`);
  }
  if (!Array.isArray((event as Record<string, unknown>)['resources'])) {
    throw EbErrors.validation('Parameter Event is not valid. Reason: resources must be a list.');
  }
}

/** The TestEventPattern operation. */
export function testPatternOperations(): Record<string, JsonOperation> {
  return {
    async TestEventPattern(input) {
      const f = Fields.of(input);
      const pattern = f.str('EventPattern', { required: true, ...Shapes.eventPattern });
      const event = f.str('Event', { required: true });
      f.check();
      checkPattern(pattern);
      checkEvent(event);
      return { Result: compilePattern(pattern).matchesJSON(event) };
    },
  };
}
