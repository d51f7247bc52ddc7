/**
 * The service modules the server runs, in start order. A module may depend on modules
 * listed before it (EventBridge delivers to SQS queues).
 */
import type { ServiceDeps, ServiceModule } from '../core/service.js';
import { createEventBridgeModule } from './eventbridge/index.js';
import { createSqsModule } from './sqs/index.js';

export function createServices(deps: ServiceDeps): ServiceModule[] {
  const modules: ServiceModule[] = [];
  const sqs = createSqsModule(deps);
  modules.push(sqs);
  modules.push(createEventBridgeModule(deps, sqs.api));
  return modules;
}
