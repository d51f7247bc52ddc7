/** The EventBridge event envelope: building one and writing its times. */
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from './contracts.js';

let lastSecond = Number.NaN;
let lastText = '';

/** ISO 8601 without milliseconds, as EventBridge writes `time`: 2026-11-23T03:12:13Z. */
export function isoSeconds(epochMs: number): string {
  // Called for every event and delivery; most calls fall in the same second as the last one.
  const second = Math.floor(epochMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}

/** The parts of an envelope a caller chooses. */
export interface EnvelopeFields {
  readonly detailType: string;
  readonly source: string;
  readonly account: string;
  readonly region: string;
  readonly time: number;
  readonly resources: readonly string[];
  readonly detail: unknown;
  readonly id?: string;
}

/** A new envelope; the key order is AWS's, so delivered JSON reads the same. */
export function envelope(f: EnvelopeFields): EventEnvelope {
  return {
    version: '0',
    id: f.id ?? randomUUID(),
    'detail-type': f.detailType,
    source: f.source,
    account: f.account,
    time: isoSeconds(f.time),
    region: f.region,
    resources: f.resources,
    detail: f.detail,
  };
}

/** The envelope a scheduled rule sends at each tick. */
export function scheduledEvent(account: string, region: string, ruleArn: string, time: number): EventEnvelope {
  return envelope({ detailType: 'Scheduled Event', source: 'aws.events', account, region, time, resources: [ruleArn], detail: {} });
}
