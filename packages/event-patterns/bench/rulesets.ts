/**
 * Rule sets for the benchmark: five hand-written rules per operator, aimed at fields of the
 * generated events with realistic selectivity (some events match, most do not), plus a
 * generator of mixed rules drawn from every operator with varying values.
 *
 * Every pattern here is meant to be valid per SEMANTICS.md.
 */
import { Rng } from './prng.js';
import {
  CATEGORIES,
  CITIES,
  DETAIL_TYPES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  NAME_KINDS,
  NAME_NOUNS,
  NAME_PREFIXES,
  ROLES,
  SENSORS,
  SENSOR_RANGES,
  SOURCES,
  STATUSES,
  TAGS,
} from './geojson.js';

export type Pattern = { [key: string]: unknown };

export interface NamedRule {
  name: string;
  pattern: Pattern;
}

export interface RuleSetSpec {
  /** Short label for the table. */
  label: string;
  rules: NamedRule[];
}

const props = (p: Pattern): Pattern => ({ properties: p });

function named(prefix: string, patterns: Pattern[]): NamedRule[] {
  return patterns.map((pattern, i) => ({ name: `${prefix}-${i + 1}`, pattern }));
}

/** Five rules per operator. */
export function operatorRuleSets(): RuleSetSpec[] {
  const sets: RuleSetSpec[] = [];
  const add = (label: string, patterns: Pattern[]): void => {
    sets.push({ label, rules: named(label, patterns) });
  };

  add('exact string', [
    props({ city: ['Denver'] }),
    props({ status: ['decommissioned'] }),
    { 'detail-type': ['Feature Deleted'] },
    props({ category: ['parking'], tags: ['ev-charging'] }),
    props({ zip: ['97201', '97202', '97203'] }),
  ]);

  add('exact number', [
    props({ floors: [42] }),
    props({ capacity: [500, 1000] }),
    props({ score: [0.99] }),
    props({ readings: { value: [42, 42.5] } }),
    props({ maintenance: { crew: [3] } }),
  ]);

  add('prefix', [
    props({ name: [{ prefix: 'North Harbor' }] }),
    props({ zip: [{ prefix: '850' }] }),
    props({ ip: [{ prefix: '10.17.' }] }),
    props({ contacts: { email: [{ prefix: 'ops.silva' }] } }),
    { id: [{ prefix: 'f-00' }] },
  ]);

  add('suffix', [
    props({ contacts: { email: [{ suffix: '@partner.io' }] } }),
    props({ city: [{ suffix: 'ville' }] }),
    { id: [{ suffix: '00' }] },
    props({ ip: [{ suffix: '.254' }] }),
    { source: [{ suffix: '.weather' }] },
  ]);

  add('equals-ignore-case', [
    props({ city: [{ 'equals-ignore-case': 'DENVER' }] }),
    props({ status: [{ 'equals-ignore-case': 'Decommissioned' }] }),
    props({ category: [{ 'equals-ignore-case': 'Stadium' }] }),
    { source: [{ 'equals-ignore-case': 'PARTNER.WEATHER' }] },
    props({ contacts: { email: [{ 'equals-ignore-case': 'OPS.Silva@Example.com' }] } }),
  ]);

  add('prefix+equals-ignore-case', [
    props({ name: [{ prefix: { 'equals-ignore-case': 'north harbor' } }] }),
    props({ city: [{ prefix: { 'equals-ignore-case': 'SALT' } }] }),
    props({ contacts: { email: [{ prefix: { 'equals-ignore-case': 'OPS.K' } }] } }),
    props({ category: [{ prefix: { 'equals-ignore-case': 'WARE' } }] }),
    { source: [{ prefix: { 'equals-ignore-case': 'Partner.W' } }] },
  ]);

  add('suffix+equals-ignore-case', [
    props({ contacts: { email: [{ suffix: { 'equals-ignore-case': '@PARTNER.IO' } }] } }),
    props({ city: [{ suffix: { 'equals-ignore-case': 'VILLE' } }] }),
    props({ category: [{ suffix: { 'equals-ignore-case': 'HOUSE' } }] }),
    props({ status: [{ suffix: { 'equals-ignore-case': 'MISSIONED' } }] }),
    { id: [{ suffix: { 'equals-ignore-case': '99' } }] },
  ]);

  add('wildcard', [
    props({ name: [{ wildcard: '* Harbor Station *' }] }),
    props({ contacts: { email: [{ wildcard: 'ops.*@*.org' }] } }),
    { id: [{ wildcard: 'f-0*5' }] },
    props({ city: [{ wildcard: 'Salt * City' }] }),
    props({ ip: [{ wildcard: '192.168.7.*' }] }),
  ]);

  add('anything-but', [
    props({ status: [{ 'anything-but': ['active', 'inactive', 'maintenance'] }] }),
    { source: [{ 'anything-but': { prefix: 'switchboard.' } }], 'detail-type': ['Feature Deleted'] },
    {
      source: ['switchboard.transit'],
      properties: {
        contacts: { role: [{ 'anything-but': { 'equals-ignore-case': ['OWNER', 'MANAGER', 'TECHNICIAN'] } }] },
      },
    },
    { 'detail-type': [{ 'anything-but': ['Feature Created', 'Feature Updated', 'Feature Moved'] }] },
    {
      'detail-type': ['Feature Created'],
      properties: { ip: [{ 'anything-but': { wildcard: ['10.*', '192.168.*', '172.*'] } }] },
    },
  ]);

  add('numeric range', [
    props({ population: [{ numeric: ['>=', 1_500_000] }] }),
    props({ elevation: [{ numeric: ['>', 2900, '<=', 3000] }] }),
    props({ score: [{ numeric: ['<', 0.02] }] }),
    { geometry: { coordinates: [{ numeric: ['>', -122.7, '<', -122.65] }] } },
    props({ readings: { value: [{ numeric: ['>', 140] }] } }),
  ]);

  add('exists', [
    props({ maintenance: { window: [{ exists: true }] } }),
    props({ parent_id: [{ exists: true }], category: ['depot'] }),
    { source: ['partner.maps'], properties: { zip: [{ exists: false }] } },
    props({ deleted_at: [{ exists: false }] }),
    { 'detail-type': ['Feature Deleted'], properties: { contacts: { phone: [{ exists: false }] } } },
  ]);

  add('cidr', [
    props({ ip: [{ cidr: '10.17.0.0/16' }] }),
    props({ ip: [{ cidr: '192.168.7.0/24' }] }),
    props({ ip: [{ cidr: '172.20.0.0/14' }] }),
    props({ ip: [{ cidr: '2001:db8:42::/48' }] }),
    props({ ip: [{ cidr: '100.64.0.0/10' }] }),
  ]);

  add('$or', [
    { $or: [props({ city: ['Denver'] }), props({ population: [{ numeric: ['>', 1_900_000] }] })] },
    {
      source: ['partner.maps'],
      $or: [{ 'detail-type': ['Feature Deleted'] }, props({ status: ['inactive', 'decommissioned'] })],
    },
    props({
      $or: [
        { tags: ['ev-charging'], category: ['parking'] },
        { tags: ['transit-hub'], category: ['station'] },
      ],
    }),
    {
      $or: [
        props({ ip: [{ cidr: '10.17.0.0/16' }] }),
        props({ contacts: { email: [{ suffix: '@partner.io' }], role: ['billing'] } }),
      ],
    },
    {
      $or: [
        props({ score: [{ numeric: ['>=', 0.99] }] }),
        props({ name: [{ prefix: 'Old Mill' }] }),
        { geometry: { coordinates: [{ numeric: ['>', -71.1, '<', -71.0] }] } },
      ],
    },
  ]);

  add('arrays of objects', [
    props({ contacts: { role: ['owner'], email: [{ suffix: '@partner.io' }] } }),
    props({ contacts: { role: ['emergency'], email: [{ prefix: 'ops.' }] } }),
    props({ readings: { sensor: ['pm25'], value: [{ numeric: ['>', 70] }] } }),
    props({ readings: { sensor: ['noise'], value: [{ numeric: ['>=', 100] }] } }),
    props({ contacts: { role: ['billing'], email: [{ wildcard: '*@city.gov' }] } }),
  ]);

  return sets;
}

// ---------------------------------------------------------------------------------------------
// Mixed rules: one generator per operator, values drawn at random from the event pools.

type Gen = (rng: Rng) => Pattern;

const cityName = (rng: Rng): string => rng.pick(CITIES).name;
const cityZip = (rng: Rng): string => String((rng.pick(CITIES).zip + rng.int(0, 40))).padStart(5, '0');
const fullName = (rng: Rng): string =>
  `${rng.pick(NAME_PREFIXES)} ${rng.pick(NAME_NOUNS)} ${rng.pick(NAME_KINDS)} ${rng.int(1, 999)}`;
const digits = (rng: Rng, n: number): string => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
const capitalize = (s: string): string => (s[0]?.toUpperCase() ?? '') + s.slice(1);
const randomCase = (rng: Rng, s: string): string => {
  const r = rng.next();
  return r < 0.4 ? s.toUpperCase() : r < 0.7 ? s.toLowerCase() : capitalize(s.toLowerCase());
};
const tail = (s: string, n: number): string => s.slice(Math.max(0, s.length - n));
const RARE_STATUSES = STATUSES.filter((s) => s !== 'active');
/** A reading threshold near the top of the sensor's range (a few percent of readings exceed it). */
const highReading = (rng: Rng, sensor: (typeof SENSORS)[number]): number => {
  const [lo, hi] = SENSOR_RANGES[sensor];
  return Math.round((hi - (hi - lo) * rng.float(0.02, 0.12, 3)) * 10) / 10;
};

const GENERATORS: Record<string, Gen> = {
  'exact string': (rng) => {
    switch (rng.int(0, 5)) {
      case 0: return props({ city: [cityName(rng)] });
      case 1: return props({ category: [rng.pick(CATEGORIES)] , status: [rng.pick(STATUSES)] });
      case 2: return props({ zip: [cityZip(rng), cityZip(rng)] });
      case 3: return props({ tags: [rng.pick(TAGS)], category: [rng.pick(CATEGORIES)] });
      case 4: return { 'detail-type': [rng.pick(DETAIL_TYPES)], properties: { city: [cityName(rng)] } };
      default: return props({ name: [fullName(rng)] });
    }
  },
  'exact number': (rng) => {
    switch (rng.int(0, 3)) {
      case 0: return props({ floors: [rng.int(1, 60)] });
      case 1: return props({ capacity: [rng.int(1, 80) * 25, rng.int(1, 80) * 25] });
      case 2: return props({ score: [rng.float(0, 1, 2)] });
      default: return props({ readings: { value: [rng.float(0, 100, 1)] } });
    }
  },
  prefix: (rng) => {
    switch (rng.int(0, 4)) {
      case 0: return props({ name: [{ prefix: `${rng.pick(NAME_PREFIXES)} ${rng.pick(NAME_NOUNS)}` }] });
      case 1: return props({ zip: [{ prefix: cityZip(rng).slice(0, 3) }] });
      case 2: return props({ ip: [{ prefix: `10.${rng.int(0, 31)}.` }] });
      case 3: return props({ contacts: { email: [{ prefix: `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES).slice(0, 2)}` }] } });
      default: return { id: [{ prefix: `f-${digits(rng, 2)}` }] };
    }
  },
  suffix: (rng) => {
    switch (rng.int(0, 3)) {
      case 0: return props({ contacts: { email: [{ suffix: `@${rng.pick(EMAIL_DOMAINS)}` }] }, status: [rng.pick(RARE_STATUSES)] });
      case 1: return props({ city: [{ suffix: tail(cityName(rng), 6) }] });
      case 2: return { id: [{ suffix: digits(rng, 2) }] };
      default: return props({ name: [{ suffix: ` ${rng.pick(NAME_KINDS)} ${rng.int(1, 99)}` }] });
    }
  },
  'equals-ignore-case': (rng) => {
    switch (rng.int(0, 3)) {
      case 0: return props({ city: [{ 'equals-ignore-case': randomCase(rng, cityName(rng)) }] });
      case 1: return props({ category: [{ 'equals-ignore-case': randomCase(rng, rng.pick(CATEGORIES)) }] , verified: [false] });
      case 2: return props({ tags: [{ 'equals-ignore-case': randomCase(rng, rng.pick(TAGS)) }], status: [rng.pick(RARE_STATUSES)] });
      default: return props({ contacts: { role: [{ 'equals-ignore-case': randomCase(rng, rng.pick(ROLES)) }] }, city: [cityName(rng)] });
    }
  },
  'prefix+equals-ignore-case': (rng) => {
    switch (rng.int(0, 2)) {
      case 0: return props({ name: [{ prefix: { 'equals-ignore-case': randomCase(rng, `${rng.pick(NAME_PREFIXES)} ${rng.pick(NAME_NOUNS)}`) } }] });
      case 1: return props({ city: [{ prefix: { 'equals-ignore-case': randomCase(rng, cityName(rng).slice(0, rng.int(3, 6))) } }], category: [rng.pick(CATEGORIES)] });
      default: return props({ contacts: { email: [{ prefix: { 'equals-ignore-case': randomCase(rng, `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`) } }] } });
    }
  },
  'suffix+equals-ignore-case': (rng) => {
    switch (rng.int(0, 2)) {
      case 0: return props({ contacts: { email: [{ suffix: { 'equals-ignore-case': randomCase(rng, `${rng.pick(LAST_NAMES)}@${rng.pick(EMAIL_DOMAINS)}`) } }] } });
      case 1: return props({ category: [{ suffix: { 'equals-ignore-case': randomCase(rng, tail(rng.pick(CATEGORIES), 4)) } }], status: [rng.pick(RARE_STATUSES)] });
      default: return props({ city: [{ suffix: { 'equals-ignore-case': randomCase(rng, tail(cityName(rng), 6)) } }] });
    }
  },
  wildcard: (rng) => {
    switch (rng.int(0, 4)) {
      case 0: return props({ name: [{ wildcard: `* ${rng.pick(NAME_NOUNS)} ${rng.pick(NAME_KINDS)} *` }] });
      case 1: return props({ contacts: { email: [{ wildcard: `${rng.pick(FIRST_NAMES)}.*@*${tail(rng.pick(EMAIL_DOMAINS), 4)}` }] } });
      case 2: return { id: [{ wildcard: `f-${digits(rng, 1)}*${digits(rng, 2)}` }] };
      case 3: return props({ ip: [{ wildcard: `192.168.${rng.int(0, 15)}.*` }] });
      default: return props({ city: [{ wildcard: `*${cityName(rng).slice(1, 4)}*` }], status: [rng.pick(RARE_STATUSES)] });
    }
  },
  'anything-but': (rng) => {
    switch (rng.int(0, 4)) {
      case 0: return props({ status: [{ 'anything-but': rng.sample(STATUSES, rng.int(2, 4)) }], city: [cityName(rng)] });
      case 1: return { source: [{ 'anything-but': { prefix: rng.pick(['switchboard.', 'switchboard.g']) } }], 'detail-type': [rng.pick(DETAIL_TYPES)], properties: { category: [rng.pick(CATEGORIES)] } };
      case 2: return props({ contacts: { role: [{ 'anything-but': { 'equals-ignore-case': rng.sample(ROLES, 3).map((r) => randomCase(rng, r)) } }] }, category: [rng.pick(CATEGORIES)] });
      case 3: return props({ floors: [{ 'anything-but': [rng.int(1, 60), rng.int(1, 60), rng.int(1, 60)].filter((v, i, a) => a.indexOf(v) === i) }], city: [cityName(rng)] });
      default: return props({ ip: [{ 'anything-but': { wildcard: [`10.${rng.int(0, 31)}.*`, '192.168.*'] } }], tags: [rng.pick(TAGS)], verified: [false] });
    }
  },
  'numeric range': (rng) => {
    switch (rng.int(0, 4)) {
      case 0: {
        const lo = Math.round(Math.exp(rng.float(Math.log(100), Math.log(1_900_000), 3)));
        return props({ population: [{ numeric: ['>=', lo, '<', Math.round(lo * rng.float(1.02, 1.1, 3)) + 1] }] });
      }
      case 1: return props({ elevation: [{ numeric: [rng.pick(['>', '>=']), rng.float(2880, 2995, 1)] }] });
      case 2: return props({ score: [{ numeric: [rng.pick(['<', '<=']), rng.float(0.01, 0.05, 2)] }] });
      case 3: {
        const c = rng.pick(CITIES);
        const lo = Math.round((c.lon + rng.float(-0.15, 0.1, 3)) * 1000) / 1000;
        return { geometry: { coordinates: [{ numeric: ['>', lo, '<', Math.round((lo + 0.05) * 1000) / 1000] }] } };
      }
      default: return props({ readings: { value: [{ numeric: ['>', rng.float(100, 145, 1), '<=', 150] }] } });
    }
  },
  exists: (rng) => {
    switch (rng.int(0, 3)) {
      case 0: return props({ maintenance: { window: [{ exists: true }] }, city: [cityName(rng)] });
      case 1: return props({ parent_id: [{ exists: true }], category: [rng.pick(CATEGORIES)] });
      case 2: return { source: [rng.pick(SOURCES)], properties: { zip: [{ exists: false }], status: [rng.pick(STATUSES)] } };
      default: return props({ maintenance: { crew: [{ exists: false }] }, tags: [rng.pick(TAGS)], floors: [rng.int(1, 60)] });
    }
  },
  cidr: (rng) => {
    switch (rng.int(0, 4)) {
      case 0: return props({ ip: [{ cidr: `10.${rng.int(0, 31)}.0.0/16` }] });
      case 1: return props({ ip: [{ cidr: `10.${rng.int(0, 31)}.${rng.int(0, 255) & 0xf0}.0/20` }] });
      case 2: return props({ ip: [{ cidr: `192.168.${rng.int(0, 15)}.0/24` }] });
      case 3: return props({ ip: [{ cidr: `172.${rng.int(16, 31)}.0.0/${rng.int(16, 18)}` }] });
      default: return props({ ip: [{ cidr: `2001:db8:${rng.int(0x40, 0x4f).toString(16)}::/48` }] });
    }
  },
  $or: (rng) => {
    const simple = ['exact string', 'prefix', 'suffix', 'equals-ignore-case', 'numeric range', 'cidr', 'wildcard'];
    const n = rng.int(2, 3);
    const alternatives: Pattern[] = [];
    for (let i = 0; i < n; i++) {
      const gen = GENERATORS[rng.pick(simple)];
      if (gen) alternatives.push(gen(rng));
    }
    return rng.chance(0.5) ? { source: [rng.pick(SOURCES)], $or: alternatives } : { $or: alternatives };
  },
  'arrays of objects': (rng) => {
    switch (rng.int(0, 2)) {
      case 0: return props({ contacts: { role: [rng.pick(ROLES)], email: [{ suffix: `${rng.pick(LAST_NAMES)}@${rng.pick(EMAIL_DOMAINS)}` }] } });
      case 1: return props({ contacts: { role: [rng.pick(ROLES)], email: [{ prefix: `${rng.pick(FIRST_NAMES)}.` }] } });
      default: {
        const sensor = rng.pick(SENSORS);
        return props({ readings: { sensor: [sensor], value: [{ numeric: ['>', highReading(rng, sensor)] }] } });
      }
    }
  },
};

export const OPERATOR_KINDS: readonly string[] = Object.keys(GENERATORS);

/**
 * `count` mixed rules cycling through every operator (so each appears equally often), with
 * values drawn at random. About a third also require a `source`.
 */
export function mixedRules(count: number, seed = 7): NamedRule[] {
  const rng = new Rng(seed);
  const rules: NamedRule[] = [];
  for (let i = 0; i < count; i++) {
    const kind = OPERATOR_KINDS[i % OPERATOR_KINDS.length] ?? 'exact string';
    const gen = GENERATORS[kind];
    if (!gen) continue;
    let pattern = gen(rng);
    if (rng.chance(0.33) && !('source' in pattern) && !('$or' in pattern)) {
      pattern = { source: [rng.pick(SOURCES)], ...pattern };
    }
    rules.push({ name: `mixed-${i}-${kind.replace(/[^a-z$]+/gi, '_')}`, pattern });
  }
  return rules;
}
