/**
 * Batch requests (SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch): the
 * request-level checks that fail the whole call (empty, more than ten, bad or repeated ids)
 * and the per-entry failure shape for everything else.
 */
import { CommonErrors, ServiceError } from '../../core/errors.js';
import { SqsErrors } from './errors.js';
import { optObjectList, reqString, type Input } from './validation.js';

export const MAX_BATCH_ENTRIES = 10;

export interface BatchEntry {
  readonly id: string;
  readonly input: Input;
}

/** `Failed` entry of a batch result. */
export interface BatchFailure {
  readonly Id: string;
  readonly SenderFault: boolean;
  readonly Code: string;
  readonly Message: string;
}

/** Reads `Entries`, failing the request as AWS does when the batch itself is malformed. */
export function readEntries(input: Input, entryName: string): BatchEntry[] {
  const entries = optObjectList(input, 'Entries');
  if (!entries || entries.length === 0) throw SqsErrors.emptyBatch(entryName);
  if (entries.length > MAX_BATCH_ENTRIES) throw SqsErrors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const id = reqString(entry, 'Id', `${entryName}.${i + 1}.Id`);
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw SqsErrors.invalidBatchEntryId(id);
    if (seen.has(id)) throw SqsErrors.idsNotDistinct(id);
    seen.add(id);
    return { id, input: entry };
  });
}

/** The failure entry for an error raised by one entry. */
export function batchFailure(id: string, err: unknown): BatchFailure {
  const e = err instanceof ServiceError ? err : CommonErrors.internal(err);
  return { Id: id, SenderFault: e.fault === 'Sender', Code: e.queryCode ?? e.code, Message: e.message };
}
