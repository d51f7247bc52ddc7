/**
 * Event-bus storage (EventBridge): pending deliveries with retries, archives, replays,
 * schedules. Part of the storage port (see port.ts for the rules every method follows).
 */

// The EventBridge work defines the delivery, archive and schedule operations here.
export interface EventStore {}
