/**
 * The service modules the server runs, in start order. A module may depend on modules
 * listed before it (EventBridge delivers to SQS queues).
 */
import type { ServiceDeps, ServiceModule } from '../core/service.js';

export function createServices(_deps: ServiceDeps): ServiceModule[] {
  const modules: ServiceModule[] = [];
  return modules;
}
