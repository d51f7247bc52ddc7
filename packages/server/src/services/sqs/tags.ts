/**
 * Queue tags: TagQueue, UntagQueue, ListQueueTags, and the limits AWS documents (keys 1–128
 * characters, values up to 256, at most 50 tags on a queue).
 */
import type { SqsDeps, SqsOperation } from './deps.js';
import { SqsErrors } from './errors.js';
import { inQueue } from './lookup.js';
import { optStringList, optStringMap } from './validation.js';

export const MAX_TAGS = 50;

/** Checks tags being added to a queue that already has `existing`. */
export function checkTags(tags: Readonly<Record<string, string>>, existing: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) throw SqsErrors.invalidParameter(`Tag key "${key}" must be between 1 and 128 characters long.`);
    if (/^aws:/i.test(key)) throw SqsErrors.invalidParameter(`Tag key "${key}" uses the reserved prefix aws:.`);
    if (value.length > 256) throw SqsErrors.invalidParameter(`The value of tag "${key}" must be at most 256 characters long.`);
  }
  const total = new Set([...Object.keys(existing), ...Object.keys(tags)]).size;
  if (total > MAX_TAGS) throw SqsErrors.invalidParameter(`Too many tags: a queue can have at most ${MAX_TAGS} tags (this request makes ${total}).`);
}

export function tagOperations(deps: SqsDeps): Record<string, SqsOperation> {
  const { store, clock, lookup } = deps;
  return {
    async TagQueue(input, ctx) {
      const tags = optStringMap(input, 'Tags');
      if (!tags || Object.keys(tags).length === 0) throw SqsErrors.missingParameter('Tags');
      const queue = await lookup.byUrl(input, ctx);
      checkTags(tags, queue.tags);
      await inQueue(store.updateQueue(queue.arn, { setTags: tags }, clock.now()));
      return {};
    },

    async UntagQueue(input, ctx) {
      const keys = optStringList(input, 'TagKeys');
      if (!keys || keys.length === 0) throw SqsErrors.missingParameter('TagKeys');
      const queue = await lookup.byUrl(input, ctx);
      await inQueue(store.updateQueue(queue.arn, { removeTags: keys }, clock.now()));
      return {};
    },

    async ListQueueTags(input, ctx) {
      const queue = await lookup.byUrl(input, ctx);
      return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
    },
  };
}
