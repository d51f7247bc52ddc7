/**
 * Which archives take events from which bus, with their compiled patterns: what
 * `archive.record` consults for every published event, so it lives in memory. It follows
 * this node's own changes at once and reloads from the store periodically to see other
 * nodes' (AWS too says a new archive may take a short while to start receiving events).
 */
import { compilePattern, type CompiledPattern } from '@switchboard/event-patterns';
import type { ResourceRecord } from '../../../storage/port.js';
import type { ArchiveBody } from './archives.js';

export interface IndexedArchive {
  /** `account/region/name`. */
  readonly key: string;
  readonly storageId: string;
  /** Undefined: the archive takes every event of its bus. */
  readonly pattern: CompiledPattern | undefined;
}

const keyOf = (r: ResourceRecord<ArchiveBody>): string => `${r.account}/${r.region}/${r.name}`;

export class ArchiveIndex {
  private byBus = new Map<string, Map<string, IndexedArchive>>();
  private patterns = new Map<string, CompiledPattern>();
  /** Bumped by every local change, so a reload that raced one is not applied over it. */
  private changes = 0;

  /** Archives of a bus that take events (ENABLED ones). */
  forBus(busArn: string): IndexedArchive[] {
    const archives = this.byBus.get(busArn);
    return archives ? [...archives.values()] : [];
  }

  /** Adds or replaces an archive after this node created or updated it. */
  put(r: ResourceRecord<ArchiveBody>): void {
    this.changes++;
    this.remove(r, false);
    if (r.body.state !== 'ENABLED') return;
    let archives = this.byBus.get(r.body.eventSourceArn);
    if (!archives) this.byBus.set(r.body.eventSourceArn, (archives = new Map()));
    archives.set(keyOf(r), { key: keyOf(r), storageId: r.body.storageId, pattern: this.compile(r.body.eventPattern) });
  }

  /** Drops an archive after this node deleted it. */
  remove(r: ResourceRecord<ArchiveBody>, counts = true): void {
    if (counts) this.changes++;
    for (const [bus, archives] of this.byBus) {
      archives.delete(keyOf(r));
      if (archives.size === 0) this.byBus.delete(bus);
    }
  }

  /** A marker to pass to `load`, taken before reading the store. */
  mark(): number {
    return this.changes;
  }

  /** Replaces the whole index with what the store holds, unless a local change came after `mark`. */
  load(records: ReadonlyArray<ResourceRecord<ArchiveBody>>, mark: number): boolean {
    if (mark !== this.changes) return false;
    const before = this.patterns;
    this.byBus = new Map();
    this.patterns = new Map();
    for (const r of records) {
      const pattern = r.body.eventPattern;
      if (pattern !== undefined && before.has(pattern)) this.patterns.set(pattern, before.get(pattern)!);
      this.put(r);
    }
    this.changes = mark;
    return true;
  }

  private compile(pattern: string | undefined): CompiledPattern | undefined {
    if (pattern === undefined) return undefined;
    let compiled = this.patterns.get(pattern);
    if (!compiled) this.patterns.set(pattern, (compiled = compilePattern(pattern)));
    return compiled;
  }
}
