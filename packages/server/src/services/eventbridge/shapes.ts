/**
 * Request structures several operations share: tag lists and dead-letter configurations,
 * read and checked at the boundary.
 */
import { parseQueueArn } from './arns.js';
import { isFifoQueueArn } from './targets/sqs.js';
import { EbErrors } from './errors.js';
import { MAX_TAGS, type Tag } from './model.js';
import { Shapes, type Fields } from './validate.js';

/** A `Tags` list: at most 50, keys 1-128 characters (not `aws:`), values up to 256, keys unique. */
export function readTags(f: Fields, key: string): Tag[] | undefined {
  const list = f.list(key, { max: MAX_TAGS });
  if (!list) return undefined;
  const tags = list.map((_, i) => {
    const t = f.member(key, list, i);
    return { Key: t.str('Key', { required: true, ...Shapes.tagKey }), Value: t.str('Value', { required: true, ...Shapes.tagValue }) };
  });
  checkTagKeys(tags.map((t) => t.Key));
  return tags;
}

/** Refuses reserved (`aws:`) and repeated tag keys. */
export function checkTagKeys(keys: readonly string[]): void {
  const reserved = keys.find((k) => k.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) throw EbErrors.validation(`Tag keys starting with "aws:" are reserved: ${reserved}.`);
  if (new Set(keys).size !== keys.length) throw EbErrors.validation('Tag keys must be unique.');
}

/** Tags with `changes` applied (same keys replaced, new ones added), refusing more than 50. */
export function mergeTags(current: readonly Tag[], changes: readonly Tag[]): Tag[] {
  const merged = new Map(current.map((t) => [t.Key, t.Value]));
  for (const t of changes) merged.set(t.Key, t.Value);
  if (merged.size > MAX_TAGS) throw EbErrors.limitExceeded(`A resource can have at most ${MAX_TAGS} tags.`);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

/** A `DeadLetterConfig`: an SQS standard queue ARN (EventBridge does not use FIFO queues as dead-letter queues). */
export function readDeadLetterConfig(f: Fields, key: string): { Arn?: string } | undefined {
  const dlq = f.obj(key);
  if (!dlq) return undefined;
  const arn = dlq.str('Arn', Shapes.arn);
  if (arn === undefined) return {};
  if (arn.length >= 1 && !parseQueueArn(arn)) {
    throw EbErrors.validation(`Parameter DeadLetterConfig.Arn is not valid. Reason: ${arn} is not an SQS queue ARN.`);
  }
  if (isFifoQueueArn(arn)) {
    throw EbErrors.validation(`Parameter DeadLetterConfig.Arn is not valid. Reason: FIFO queues cannot be dead-letter queues.`);
  }
  return { Arn: arn };
}
