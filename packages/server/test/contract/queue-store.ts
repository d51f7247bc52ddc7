/**
 * The QueueStore contract: every engine runs this suite through a factory that opens a store
 * (possibly shared between tests: every test creates uniquely named queues). Times are
 * supplied by the suite, so it never sleeps and never depends on the wall clock.
 *
 * @example
 * queueStoreContract('sqlite', async () => ({ store, close }));
 */
import { after, before, describe } from 'node:test';
import type { QueueStore } from '../../src/storage/queue-port.js';
import { fifoCases } from './queue-store-fifo.js';
import { messageCases } from './queue-store-messages.js';
import { queueCases } from './queue-store-queues.js';
import { taskCases } from './queue-store-tasks.js';

export interface QueueStoreHandle {
  readonly store: QueueStore;
  close(): Promise<void>;
}

/** What each group of cases receives: the open store (after `before`). */
export interface ContractContext {
  readonly store: () => QueueStore;
}

export function queueStoreContract(name: string, open: () => Promise<QueueStoreHandle>): void {
  describe(`QueueStore contract: ${name}`, () => {
    let handle: QueueStoreHandle | undefined;
    before(async () => {
      handle = await open();
    });
    after(async () => {
      await handle?.close();
    });
    const ctx: ContractContext = {
      store: () => {
        if (!handle) throw new Error('store not open');
        return handle.store;
      },
    };
    queueCases(ctx);
    messageCases(ctx);
    fifoCases(ctx);
    taskCases(ctx);
  });
}
