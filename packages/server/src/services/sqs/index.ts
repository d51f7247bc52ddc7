/**
 * Amazon SQS on Switchboard: the service module (AWS JSON 1.0 `AmazonSQS.*`, query protocol
 * `Action=`), its in-process API for other services, and its background work (long polls,
 * message move tasks, expiry sweeps).
 *
 * @example
 * const sqs = createSqsModule(deps);
 * modules.push(sqs);
 * await sqs.api.sendMessage({ queueArn, body: 'hello' });
 */
import type { ServiceDeps, ServiceModule } from '../../core/service.js';
import type { JsonService } from '../../http/protocols.js';
import type { SqsApi } from './api.js';
import type { SqsDeps, SqsOperation } from './deps.js';
import { createInProcessApi } from './in-process.js';
import { LongPolls } from './long-poll.js';
import { QueueLookup } from './lookup.js';
import { messageOperations } from './messages.js';
import { SqsMetrics } from './metrics.js';
import { MoveTaskRunner, moveTaskOperations } from './move-tasks.js';
import { permissionOperations } from './permissions.js';
import { sqsQueryService } from './query-protocol.js';
import { queueOperations } from './queues.js';
import { receiveOperations } from './receive.js';
import { sendOperations } from './send.js';
import { ExpirySweeper } from './sweeper.js';
import { tagOperations } from './tags.js';

export type { SqsApi, SqsMessageAttribute, SqsSendRequest, SqsSendResult } from './api.js';

export function createSqsModule(serviceDeps: ServiceDeps): ServiceModule & { api: SqsApi } {
  const store = serviceDeps.store.queues;
  const metrics = new SqsMetrics(serviceDeps.metrics.registry);
  const deps: SqsDeps = { store, clock: serviceDeps.clock, lookup: new QueueLookup(store), logger: serviceDeps.logger, metrics };
  const polls = new LongPolls(store.signals, deps.clock);
  const runner = new MoveTaskRunner(deps);
  metrics.watch(() => ({ longPolls: polls.waiting, moveTasks: runner.running }));
  const sweeper = new ExpirySweeper(deps);
  const operations: Record<string, SqsOperation> = {
    ...queueOperations(deps),
    ...tagOperations(deps),
    ...permissionOperations(deps),
    ...sendOperations(deps),
    ...receiveOperations(deps, polls),
    ...messageOperations(deps),
    ...moveTaskOperations(deps, runner),
  };
  const json: JsonService = { targetPrefix: 'AmazonSQS', jsonVersion: '1.0', queryCompatible: true, operations };

  return {
    name: 'sqs',
    json,
    query: sqsQueryService(operations),
    api: createInProcessApi(deps),
    async start() {
      await runner.resume();
      sweeper.start();
    },
    drain() {
      polls.stop();
    },
    async stop() {
      polls.stop();
      await runner.stop();
      await sweeper.stop();
    },
    health() {
      return { longPolls: polls.waiting, moveTasks: runner.running };
    },
  };
}
