/**
 * Schedule expressions (rate and cron, with AWS's wildcards), the retry backoff, and the
 * give-up decisions of the retry policy.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronError, nextCron, parseCron } from '../src/services/eventbridge/cron.js';
import { afterFailure, backoffMs, policyOf } from '../src/services/eventbridge/retry.js';
import { parseScheduleExpression, type Schedule } from '../src/services/eventbridge/schedule-expression.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next `n` fire times of a cron expression after `from`. */
function fires(fields: string, from: string, n = 3): Array<string | undefined> {
  const spec = parseCron(fields);
  const out: Array<string | undefined> = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    const next = nextCron(spec, t);
    out.push(iso(next));
    if (next === undefined) break;
    t = next;
  }
  return out;
}

describe('cron expressions', () => {
  it('fires at a fixed time every day', () => {
    assert.deepEqual(fires('0 10 * * ? *', '2026-05-01T09:00:00Z'), [
      '2026-05-01T10:00:00.000Z',
      '2026-05-02T10:00:00.000Z',
      '2026-05-03T10:00:00.000Z',
    ]);
  });

  it('fires strictly after the given time, on whole minutes', () => {
    assert.deepEqual(fires('15 12 * * ? *', '2026-05-01T12:15:00Z', 1), ['2026-05-02T12:15:00.000Z']);
    assert.deepEqual(fires('* * * * ? *', '2026-05-01T12:15:30.500Z', 2), ['2026-05-01T12:16:00.000Z', '2026-05-01T12:17:00.000Z']);
  });

  it('handles lists, ranges, increments and names', () => {
    assert.deepEqual(fires('5,35 14 * * ? *', '2026-05-01T00:00:00Z', 3), [
      '2026-05-01T14:05:00.000Z',
      '2026-05-01T14:35:00.000Z',
      '2026-05-02T14:05:00.000Z',
    ]);
    assert.deepEqual(fires('0/15 * * * ? *', '2026-05-01T00:01:00Z', 3), [
      '2026-05-01T00:15:00.000Z',
      '2026-05-01T00:30:00.000Z',
      '2026-05-01T00:45:00.000Z',
    ]);
    assert.deepEqual(fires('1/10 * * * ? *', '2026-05-01T00:00:00Z', 3), [
      '2026-05-01T00:01:00.000Z',
      '2026-05-01T00:11:00.000Z',
      '2026-05-01T00:21:00.000Z',
    ]);
    // 2026-05-01 is a Friday.
    assert.deepEqual(fires('0 18 ? * MON-FRI *', '2026-05-01T19:00:00Z', 2), ['2026-05-04T18:00:00.000Z', '2026-05-05T18:00:00.000Z']);
    assert.deepEqual(fires('0 0 1 JAN,jul ? *', '2026-05-01T00:00:00Z', 2), ['2026-07-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });

  it('wraps ranges that run past the end of the field', () => {
    assert.deepEqual(fires('0/30 22-1 * * ? *', '2026-05-01T21:00:00Z', 6), [
      '2026-05-01T22:00:00.000Z',
      '2026-05-01T22:30:00.000Z',
      '2026-05-01T23:00:00.000Z',
      '2026-05-01T23:30:00.000Z',
      '2026-05-02T00:00:00.000Z',
      '2026-05-02T00:30:00.000Z',
    ]);
  });

  it('supports L, W and LW in the day of month', () => {
    assert.deepEqual(fires('0 0 L * ? *', '2026-01-15T00:00:00Z', 3), [
      '2026-01-31T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
    assert.deepEqual(fires('0 0 L 2 ? 2028', '2027-01-01T00:00:00Z', 1), ['2028-02-29T00:00:00.000Z']);
    // 2026-02-01 is a Sunday -> Monday the 2nd; 2026-08-01 is a Saturday -> Monday the 3rd (W never leaves the month).
    assert.deepEqual(fires('0 0 1W * ? *', '2026-01-31T00:00:00Z', 1), ['2026-02-02T00:00:00.000Z']);
    assert.deepEqual(fires('0 0 1W 8 ? 2026', '2026-01-01T00:00:00Z', 1), ['2026-08-03T00:00:00.000Z']);
    // 2026-05-16 is a Saturday -> Friday the 15th.
    assert.deepEqual(fires('0 0 16W 5 ? 2026', '2026-01-01T00:00:00Z', 1), ['2026-05-15T00:00:00.000Z']);
    // The last weekday of May 2026 (the 31st is a Sunday) is Friday the 29th.
    assert.deepEqual(fires('0 0 LW 5 ? 2026', '2026-01-01T00:00:00Z', 1), ['2026-05-29T00:00:00.000Z']);
  });

  it('supports L and # in the day of week', () => {
    // The last Friday of each month, as in the user guide's example.
    assert.deepEqual(fires('15 10 ? * 6L 2026', '2026-01-01T00:00:00Z', 3), [
      '2026-01-30T10:15:00.000Z',
      '2026-02-27T10:15:00.000Z',
      '2026-03-27T10:15:00.000Z',
    ]);
    // The second Tuesday.
    assert.deepEqual(fires('0 9 ? * 3#2 *', '2026-01-01T00:00:00Z', 2), ['2026-01-13T09:00:00.000Z', '2026-02-10T09:00:00.000Z']);
    // L alone is Saturday.
    assert.deepEqual(fires('0 0 ? * L *', '2026-05-01T00:00:00Z', 1), ['2026-05-02T00:00:00.000Z']);
  });

  it('ends with its last year', () => {
    assert.deepEqual(fires('0 0 1 1 ? 2027', '2026-06-01T00:00:00Z', 3), ['2027-01-01T00:00:00.000Z', undefined]);
    assert.deepEqual(fires('0 0 1 1 ? 2199', '2199-06-01T00:00:00Z', 1), [undefined]);
  });

  const invalid = [
    '0 12 * * *',
    '0 12 * * ? * *',
    '0 12 * * * *',
    '0 12 ? * ? *',
    '60 * * * ? *',
    '0 24 * * ? *',
    '0 0 0 * ? *',
    '0 0 32 * ? *',
    '0 0 * 0 ? *',
    '0 0 * FOO ? *',
    '0 0 ? * 0 *',
    '0 0 ? * 1/2 *',
    '0 0 ? * 3#6 *',
    '0 0 ? * 3#1,4#2 *',
    '0 0 * * ? 1969',
    '0 0 * * ? 2200',
    '*/0 * * * ? *',
    'a * * * ? *',
    '1-2-3 * * * ? *',
    '0 0 L-3 * ? *',
  ];
  for (const fields of invalid) {
    it(`refuses cron(${fields})`, () => assert.throws(() => parseCron(fields), CronError));
  }
});

describe('schedule expressions', () => {
  const schedule = (text: string): Schedule => {
    const s = parseScheduleExpression(text);
    assert.notEqual(typeof s, 'string', String(s));
    return s as Schedule;
  };

  it('runs a rate from when it starts, on its grid, skipping missed ticks', () => {
    const s = schedule('rate(5 minutes)');
    const start = at('2026-05-01T00:00:10Z');
    const first = s.first(start) as number;
    assert.equal(iso(first), '2026-05-01T00:05:10.000Z');
    assert.equal(iso(s.following(first, first)), '2026-05-01T00:10:10.000Z');
    assert.equal(iso(s.following(first, first + 17 * 60_000)), '2026-05-01T00:25:10.000Z');
    assert.equal(schedule('rate(1 day)').first(start), start + 86_400_000);
    assert.equal(schedule('rate(2 hours)').first(start), start + 7_200_000);
  });

  it('runs a cron at its next matching minute', () => {
    const s = schedule('cron(0 * * * ? *)');
    assert.equal(iso(s.first(at('2026-05-01T10:20:00Z'))), '2026-05-01T11:00:00.000Z');
    assert.equal(iso(s.following(at('2026-05-01T11:00:00Z'), at('2026-05-01T14:30:00Z'))), '2026-05-01T15:00:00.000Z');
  });

  for (const text of ['rate(1 minutes)', 'rate(2 minute)', 'rate(0 hours)', 'rate(01 hour)', 'rate(1 week)', 'rate(1.5 hours)', 'rate( 1 hour)', 'cron()', 'cron(0 0 * * ?)', 'at(2026-01-01T00:00:00)', '']) {
    it(`refuses ${JSON.stringify(text)} with a reason`, () => assert.equal(typeof parseScheduleExpression(text), 'string'));
  }
});

describe('retry policy', () => {
  it('defaults to 185 retries over 24 hours', () => {
    assert.deepEqual(policyOf({ Id: 't', Arn: 'a' }), { maxRetries: 185, maxAgeMs: 86_400_000 });
    assert.deepEqual(policyOf({ Id: 't', Arn: 'a', RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } }), { maxRetries: 0, maxAgeMs: 60_000 });
  });

  it('backs off exponentially with equal jitter, capped at 300 times the base', () => {
    assert.equal(backoffMs(1, 1000, () => 0), 500);
    assert.equal(backoffMs(1, 1000, () => 1), 1000);
    assert.equal(backoffMs(2, 1000, () => 0), 1000);
    assert.equal(backoffMs(4, 1000, () => 1), 8000);
    assert.equal(backoffMs(30, 1000, () => 1), 300_000);
    assert.equal(backoffMs(30, 1000, () => 0), 150_000);
    for (let attempt = 1; attempt < 12; attempt++) {
      const d = backoffMs(attempt, 10, Math.random);
      const full = Math.min(10 * 2 ** (attempt - 1), 3000);
      assert.ok(d >= full / 2 - 1 && d <= full + 1, `attempt ${attempt}: ${d}`);
    }
  });

  it('gives up when retries are spent, the event is too old, or the failure is final', () => {
    const policy = { maxRetries: 2, maxAgeMs: 60_000 };
    const failed = { enqueuedAt: 0, now: 1000, retryable: true };
    assert.deepEqual(afterFailure(policy, { ...failed, attempts: 1 }, 100, () => 0), { retryAt: 1050 });
    assert.deepEqual(afterFailure(policy, { ...failed, attempts: 2 }, 100, () => 0), { retryAt: 1100 });
    assert.deepEqual(afterFailure(policy, { ...failed, attempts: 3 }, 100, () => 0), { giveUp: 'MaximumRetryAttempts' });
    assert.deepEqual(afterFailure(policy, { ...failed, attempts: 1, now: 59_990 }, 100, () => 0), { giveUp: 'MaximumEventAge' });
    assert.deepEqual(afterFailure(policy, { ...failed, attempts: 1, retryable: false }, 100), { giveUp: 'NonRetryable' });
    assert.deepEqual(afterFailure({ maxRetries: 0, maxAgeMs: 60_000 }, { ...failed, attempts: 1 }, 100), { giveUp: 'MaximumRetryAttempts' });
  });
});
