/**
 * Finding the queue a request names (by QueueUrl or ARN), and turning the store's NOT_FOUND
 * for a queue deleted mid-request into QueueDoesNotExist.
 */
import type { RequestContext } from '../../core/context.js';
import { StorageError } from '../../storage/port.js';
import type { QueueRecord, QueueStore } from '../../storage/queue-port.js';
import { SqsErrors } from './errors.js';
import { parseQueueUrl, queueArn, queueUrl } from './names.js';
import { reqString, type Input } from './validation.js';

/** Runs a store call, reporting a vanished queue as QueueDoesNotExist. */
export async function inQueue<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof StorageError && err.code === 'NOT_FOUND') throw SqsErrors.queueDoesNotExist();
    throw err;
  }
}

export class QueueLookup {
  constructor(private readonly store: QueueStore) {}

  /** The queue of the request's `QueueUrl`: its path names account and queue, the region is the request's. */
  async byUrl(input: Input, ctx: RequestContext): Promise<QueueRecord> {
    const parsed = parseQueueUrl(reqString(input, 'QueueUrl'));
    if (!parsed) throw SqsErrors.queueDoesNotExist();
    const queue = await this.store.getQueue(queueArn({ account: parsed.account, region: ctx.region, name: parsed.name }));
    if (!queue) throw SqsErrors.queueDoesNotExist();
    return queue;
  }

  async byArn(arn: string): Promise<QueueRecord> {
    const queue = await this.store.getQueue(arn);
    if (!queue) throw SqsErrors.queueDoesNotExist();
    return queue;
  }

  /** The URL clients of this request should use for a queue. */
  url(ctx: RequestContext, queue: Pick<QueueRecord, 'account' | 'name'>): string {
    return queueUrl(ctx.endpoint, queue.account, queue.name);
  }
}
