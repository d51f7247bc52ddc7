/**
 * EventBridge cron expressions: `cron(Minutes Hours Day-of-month Month Day-of-week Year)`,
 * always UTC, one-minute resolution, as the user guide defines them:
 * - Minutes 0-59, Hours 0-23, Month 1-12 or JAN-DEC, Year 1970-2199: `, - * /`.
 * - Day-of-month 1-31: `, - * ? / L W` (`L` last day, `15W` weekday nearest the 15th within
 *   the month, `LW` last weekday).
 * - Day-of-week 1-7 or SUN-SAT: `, - * ? L #` (`L` alone is Saturday, `6L` the last Friday,
 *   `3#2` the second Tuesday; `#` allows one expression only).
 * - Exactly one of Day-of-month and Day-of-week is `?`.
 * Ranges may wrap (`20-2` in Hours is 20..23 and 0..2).
 */

/** A malformed expression; the message says which field. */
export class CronError extends Error {
  override readonly name = 'CronError';
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MINUTES: FieldSpec = { name: 'Minutes', min: 0, max: 59 };
const HOURS: FieldSpec = { name: 'Hours', min: 0, max: 23 };
const DOM: FieldSpec = { name: 'Day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'Month', min: 1, max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DOW: FieldSpec = { name: 'Day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };
const YEAR: FieldSpec = { name: 'Year', min: 1970, max: 2199 };

/** Day-of-month or day-of-week rules beyond a plain set of values. */
interface DaySpec {
  readonly any: boolean;
  readonly values: ReadonlySet<number>;
  /** Day-of-month `L`. */
  readonly last?: boolean;
  /** Day-of-month `LW`. */
  readonly lastWeekday?: boolean;
  /** Day-of-month `nW`. */
  readonly nearestWeekday?: readonly number[];
  /** Day-of-week `nL`. */
  readonly lastOf?: readonly number[];
  /** Day-of-week `n#k`. */
  readonly nth?: { readonly day: number; readonly k: number };
}

/** A parsed cron expression: the allowed values of each field. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  readonly dom: DaySpec;
  readonly dow: DaySpec;
}

function value(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  const n = named >= 0 ? named + spec.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
    throw new CronError(`${spec.name}: ${text} is not a value from ${spec.min} to ${spec.max}`);
  }
  return n;
}

/** The values of `a-b` (wrapping when a > b), `*`, or a single value, then stepped by `/s`. */
function expand(item: string, spec: FieldSpec, allowStep: boolean): number[] {
  const [range, stepText, ...extra] = item.split('/');
  if (extra.length > 0 || range === undefined || range === '') throw new CronError(`${spec.name}: ${item} is not valid`);
  if (stepText !== undefined && !allowStep) throw new CronError(`${spec.name}: / is not allowed`);
  const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
  if (step < 1) throw new CronError(`${spec.name}: increment in ${item} must be a positive number`);
  let from: number;
  let to: number;
  if (range === '*') {
    from = spec.min;
    to = spec.max;
  } else if (range.includes('-')) {
    const [a, b, ...more] = range.split('-');
    if (more.length > 0 || a === undefined || b === undefined) throw new CronError(`${spec.name}: ${item} is not a valid range`);
    from = value(a, spec);
    to = value(b, spec);
  } else {
    from = value(range, spec);
    to = stepText === undefined ? from : spec.max;
  }
  const span = spec.max - spec.min + 1;
  const count = (to - from + span) % span;
  const out: number[] = [];
  for (let i = 0; i <= count; i += step) out.push(((from - spec.min + i) % span) + spec.min);
  return out;
}

function simpleField(text: string, spec: FieldSpec): Set<number> {
  const set = new Set<number>();
  for (const item of text.split(',')) for (const v of expand(item, spec, true)) set.add(v);
  return set;
}

function domField(text: string): DaySpec {
  if (text === '?') return { any: true, values: new Set() };
  const values = new Set<number>();
  const nearest: number[] = [];
  let last = false;
  let lastWeekday = false;
  for (const item of text.split(',')) {
    if (item === 'L') last = true;
    else if (item === 'LW') lastWeekday = true;
    else if (/^\d+W$/.test(item)) nearest.push(value(item.slice(0, -1), DOM));
    else for (const v of expand(item, DOM, true)) values.add(v);
  }
  return { any: false, values, last, lastWeekday, nearestWeekday: nearest };
}

function dowField(text: string): DaySpec {
  if (text === '?') return { any: true, values: new Set() };
  if (text.includes('#')) {
    const m = /^([A-Za-z]{3}|\d)#([1-5])$/.exec(text);
    if (!m) throw new CronError(`Day-of-week: ${text} is not valid (# allows one expression, day#1-5)`);
    return { any: false, values: new Set(), nth: { day: value(m[1] as string, DOW), k: Number(m[2]) } };
  }
  const values = new Set<number>();
  const lastOf: number[] = [];
  for (const item of text.split(',')) {
    if (item === 'L') values.add(7);
    else if (/^([A-Za-z]{3}|\d)L$/.test(item)) lastOf.push(value(item.slice(0, -1), DOW));
    else for (const v of expand(item, DOW, false)) values.add(v);
  }
  return { any: false, values, lastOf };
}

/** Parses the six fields inside `cron(...)`; throws CronError. */
export function parseCron(fields: string): CronSchedule {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) throw new CronError(`a cron expression has 6 fields, not ${parts.length}`);
  const [min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new CronError('exactly one of Day-of-month and Day-of-week must be ?');
  }
  return {
    minutes: simpleField(min, MINUTES),
    hours: simpleField(hour, HOURS),
    dom: domField(dom),
    months: simpleField(month, MONTH),
    dow: dowField(dow),
    years: simpleField(year, YEAR),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The weekday (Mon-Fri) nearest `day` without leaving the month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const d = Math.min(day, last);
  const w = weekday(year, month, d);
  if (w === 6) return d === 1 ? 3 : d - 1;
  if (w === 0) return d === last ? d - 2 : d + 1;
  return d;
}

function dayMatches(c: CronSchedule, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  if (!c.dom.any) {
    const s = c.dom;
    if (s.values.has(day) || (s.last && day === last)) return true;
    if (s.lastWeekday && day === nearestWeekday(year, month, last)) return true;
    return (s.nearestWeekday ?? []).some((n) => n <= last && nearestWeekday(year, month, n) === day);
  }
  const s = c.dow;
  const w = weekday(year, month, day) + 1;
  if (s.values.has(w)) return true;
  if ((s.lastOf ?? []).includes(w) && day + 7 > last) return true;
  return s.nth !== undefined && s.nth.day === w && Math.ceil(day / 7) === s.nth.k;
}

/** The first fire time strictly after `after` (epoch ms), or undefined when there is none. */
export function nextCron(c: CronSchedule, after: number): number | undefined {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  for (let guard = 0; guard < 200_000; guard++) {
    const d = new Date(t);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (year > YEAR.max) return undefined;
    if (!c.years.has(year)) {
      t = Date.UTC(year + 1, 0, 1);
    } else if (!c.months.has(month)) {
      t = Date.UTC(year, month, 1);
    } else if (!dayMatches(c, year, month, day)) {
      t = Date.UTC(year, month - 1, day + 1);
    } else if (!c.hours.has(d.getUTCHours())) {
      t = Date.UTC(year, month - 1, day, d.getUTCHours() + 1);
    } else if (!c.minutes.has(d.getUTCMinutes())) {
      t += 60_000;
    } else {
      return t;
    }
  }
  return undefined;
}
