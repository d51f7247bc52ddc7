/**
 * ScheduleExpression: `rate(value unit)` or `cron(fields)`. A rate starts counting when the
 * rule is created or enabled and keeps its grid (a tick missed while the server was down
 * fires once, then the next grid point follows); a cron fires at its matching minutes (UTC).
 */
import { CronError, nextCron, parseCron } from './cron.js';
import { EbErrors } from './errors.js';

/** When a scheduled rule fires. */
export interface Schedule {
  /** The first fire time for a schedule that starts at `now`. */
  first(now: number): number | undefined;
  /** The fire time after the tick at `fired`, never at or before `now` (missed ticks are skipped). */
  following(fired: number, now: number): number | undefined;
}

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** A rate schedule, or why the expression is invalid. */
function rate(value: string, unit: string): Schedule | string {
  const n = Number(value);
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(n)) return 'the rate value must be a positive whole number';
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  const ms = UNITS[singular];
  if (ms === undefined) return `the rate unit must be minute(s), hour(s) or day(s), not ${unit}`;
  if ((n === 1) !== (singular === unit)) return `use "${n === 1 ? singular : `${singular}s`}" with ${n}`;
  const period = n * ms;
  return {
    first: (now) => now + period,
    following: (fired, now) => fired + (Math.floor(Math.max(0, now - fired) / period) + 1) * period,
  };
}

/** A cron schedule, or why the expression is invalid. */
function cron(fields: string): Schedule | string {
  try {
    const spec = parseCron(fields);
    return {
      first: (now) => nextCron(spec, now),
      following: (fired, now) => nextCron(spec, Math.max(fired, now)),
    };
  } catch (err) {
    if (err instanceof CronError) return err.message;
    throw err;
  }
}

/** Parses an expression; the reason when it is invalid. */
export function parseScheduleExpression(expression: string): Schedule | string {
  const rateMatch = /^rate\(([^ ()]+) ([^ ()]+)\)$/.exec(expression);
  if (rateMatch) return rate(rateMatch[1] as string, rateMatch[2] as string);
  const cronMatch = /^cron\(([^()]*)\)$/.exec(expression);
  if (cronMatch) return cron(cronMatch[1] as string);
  return 'use rate(value unit) or cron(minutes hours day-of-month month day-of-week year)';
}

/** Parses an expression or throws AWS's ValidationException (with our reason appended). */
export function scheduleOrThrow(expression: string): Schedule {
  const parsed = parseScheduleExpression(expression);
  if (typeof parsed === 'string') throw EbErrors.validation(`Parameter ScheduleExpression is not valid: ${parsed}.`);
  return parsed;
}
