/**
 * Queue lifecycle operations: CreateQueue (idempotent with identical attributes), GetQueueUrl,
 * ListQueues, DeleteQueue, Get/SetQueueAttributes, PurgeQueue and ListDeadLetterSourceQueues.
 * Each validates its whole input before touching the store.
 */
import type { RequestContext } from '../../core/context.js';
import type { QueueRecord } from '../../storage/queue-port.js';
import { checkCombination, effectiveAttributes, normalizeAttributes, READABLE_ATTRIBUTES, viewAttributes } from './attributes.js';
import type { SqsDeps, SqsOperation } from './deps.js';
import { SqsErrors } from './errors.js';
import { inQueue } from './lookup.js';
import { queueArn, validateQueueName } from './names.js';
import { checkDeadLetterTarget, parseRedrivePolicy } from './redrive.js';
import { checkTags } from './tags.js';
import { optIntInRange, optString, optStringList, optStringMap, reqString, type Input } from './validation.js';

/** One PurgeQueue per queue per minute. */
const PURGE_INTERVAL_MS = 60_000;

/** Pagination tokens: the last name returned, opaque to clients. */
function nextToken(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

function readToken(input: Input): string | undefined {
  const token = optString(input, 'NextToken');
  if (token === undefined || token === '') return undefined;
  const name = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(name)) throw SqsErrors.invalidParameter('Invalid NextToken value.');
  return name;
}

export function queueOperations(deps: SqsDeps): Record<string, SqsOperation> {
  const { store, clock, lookup } = deps;

  /** Checks a RedrivePolicy being set on `arn` against its target's existence, type and RedriveAllowPolicy. */
  const checkRedrive = async (arn: string, fifo: boolean, value: string | undefined): Promise<void> => {
    if (!value) return;
    const policy = parseRedrivePolicy(value);
    checkDeadLetterTarget(arn, fifo, await store.getQueue(policy.deadLetterTargetArn));
  };

  const page = async (
    ctx: RequestContext,
    input: Input,
    list: (after: string | undefined, limit: number) => Promise<QueueRecord[]>,
  ): Promise<{ urls: string[]; next?: string }> => {
    const max = optIntInRange(input, 'MaxResults', 1, 1000);
    const rows = await list(readToken(input), (max ?? 1000) + 1);
    const shown = rows.slice(0, max ?? 1000);
    const last = shown.at(-1);
    const urls = shown.map((q) => lookup.url(ctx, q));
    return max !== undefined && rows.length > max && last ? { urls, next: nextToken(last.name) } : { urls };
  };

  return {
    async CreateQueue(input, ctx) {
      const name = reqString(input, 'QueueName');
      const requested = optStringMap(input, 'Attributes') ?? {};
      const tags = optStringMap(input, 'tags') ?? {};
      const fifoValue = requested['FifoQueue'];
      if (fifoValue !== undefined && fifoValue !== 'true' && fifoValue !== 'false') {
        throw SqsErrors.invalidAttributeValue('FifoQueue', 'Must be true or false.');
      }
      const fifo = fifoValue === 'true';
      validateQueueName(name, fifo);
      const { set } = normalizeAttributes(requested, fifo, 'create');
      checkCombination(effectiveAttributes({ fifo, attributes: set }));
      checkTags(tags, {});
      const arn = queueArn({ account: ctx.account, region: ctx.region, name });
      await checkRedrive(arn, fifo, set['RedrivePolicy']);
      const dlq = set['RedrivePolicy'] ? parseRedrivePolicy(set['RedrivePolicy']).deadLetterTargetArn : undefined;
      const { queue, created } = await store.createQueue(
        { arn, account: ctx.account, region: ctx.region, name, fifo, attributes: set, tags, deadLetterTargetArn: dlq },
        clock.now(),
      );
      if (!created) {
        const existing = effectiveAttributes(queue);
        const differs = Object.keys(set).filter((k) => existing[k] !== set[k]);
        if (queue.fifo !== fifo || differs.length > 0) throw SqsErrors.queueNameExists(queue.fifo !== fifo ? 'FifoQueue' : differs.join(', '));
      }
      return { QueueUrl: lookup.url(ctx, queue) };
    },

    async GetQueueUrl(input, ctx) {
      const name = reqString(input, 'QueueName');
      const owner = optString(input, 'QueueOwnerAWSAccountId') || ctx.account;
      const queue = await lookup.byArn(queueArn({ account: owner, region: ctx.region, name }));
      return { QueueUrl: lookup.url(ctx, queue) };
    },

    async ListQueues(input, ctx) {
      const prefix = optString(input, 'QueueNamePrefix');
      const { urls, next } = await page(ctx, input, (after, limit) =>
        store.listQueues(ctx.account, ctx.region, { ...(prefix ? { prefix } : {}), ...(after ? { after } : {}), limit }),
      );
      return { ...(urls.length > 0 ? { QueueUrls: urls } : {}), ...(next ? { NextToken: next } : {}) };
    },

    async ListDeadLetterSourceQueues(input, ctx) {
      const queue = await lookup.byUrl(input, ctx);
      const { urls, next } = await page(ctx, input, (after, limit) =>
        store.listDeadLetterSources(queue.arn, { ...(after ? { after } : {}), limit }),
      );
      return { queueUrls: urls, ...(next ? { NextToken: next } : {}) };
    },

    async DeleteQueue(input, ctx) {
      const queue = await lookup.byUrl(input, ctx);
      await store.deleteQueue(queue.arn);
      return {};
    },

    async GetQueueAttributes(input, ctx) {
      const names = optStringList(input, 'AttributeNames') ?? [];
      for (const n of names) if (!READABLE_ATTRIBUTES.has(n)) throw SqsErrors.invalidAttributeName(n);
      const queue = await lookup.byUrl(input, ctx);
      if (names.length === 0) return {};
      const now = clock.now();
      const retention = Number(effectiveAttributes(queue)['MessageRetentionPeriod']) * 1000;
      const counts = await inQueue(store.countMessages(queue.arn, now, now - retention));
      const attributes = viewAttributes(queue, counts, new Set(names));
      return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
    },

    async SetQueueAttributes(input, ctx) {
      const requested = optStringMap(input, 'Attributes');
      if (requested === undefined) throw SqsErrors.missingParameter('Attributes');
      const queue = await lookup.byUrl(input, ctx);
      const { set, cleared } = normalizeAttributes(requested, queue.fifo, 'set');
      const merged = { ...queue.attributes, ...set };
      for (const k of cleared) delete merged[k];
      checkCombination(effectiveAttributes({ fifo: queue.fifo, attributes: merged }));
      await checkRedrive(queue.arn, queue.fifo, set['RedrivePolicy']);
      const dlq = set['RedrivePolicy'] ? parseRedrivePolicy(set['RedrivePolicy']).deadLetterTargetArn : cleared.includes('RedrivePolicy') ? null : undefined;
      await inQueue(
        store.updateQueue(queue.arn, { setAttributes: set, removeAttributes: cleared, ...(dlq !== undefined ? { deadLetterTargetArn: dlq } : {}) }, clock.now()),
      );
      return {};
    },

    async PurgeQueue(input, ctx) {
      const queue = await lookup.byUrl(input, ctx);
      const now = clock.now();
      const result = await inQueue(store.purgeQueue(queue.arn, now, now - PURGE_INTERVAL_MS));
      if (!result.purged) throw SqsErrors.purgeInProgress(queue.name);
      return {};
    },
  };
}
