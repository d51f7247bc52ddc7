/**
 * Archive storage (EventBridge archives and replays): archived events by archive and time.
 * Part of the storage port (see port.ts for the rules every method follows).
 */

// The archives work defines the archive event operations here.
export interface ArchiveStore {}
