/**
 * Queue storage (SQS): messages, visibility, FIFO groups and deduplication, redrive.
 * Part of the storage port (see port.ts for the rules every method follows).
 */

// The SQS work defines the message operations here.
export interface QueueStore {}
