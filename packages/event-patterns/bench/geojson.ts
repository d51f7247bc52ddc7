/**
 * Deterministic generator of GeoJSON-like Feature events (about 700 bytes of JSON each).
 * The value pools are exported so the rule sets can target values that really occur.
 */
import { Rng } from './prng.js';

export const SOURCES = [
  'switchboard.geo',
  'switchboard.sensors',
  'switchboard.transit',
  'partner.maps',
  'partner.weather',
] as const;
const SOURCE_WEIGHTS = [50, 25, 15, 7, 3];

export const DETAIL_TYPES = [
  'Feature Created',
  'Feature Updated',
  'Feature Deleted',
  'Feature Moved',
] as const;
const DETAIL_TYPE_WEIGHTS = [15, 70, 5, 10];

export const NAME_PREFIXES = [
  'North', 'South', 'East', 'West', 'Upper', 'Lower', 'Old', 'New', 'Central', 'Lake', 'River', 'Hill',
] as const;
export const NAME_NOUNS = [
  'Harbor', 'Ridge', 'Park', 'Market', 'Bridge', 'Mill', 'Grove', 'Point', 'Creek', 'Square', 'Cedar', 'Maple',
] as const;
export const NAME_KINDS = [
  'Station', 'Depot', 'Library', 'Clinic', 'Plaza', 'Tower', 'Yard', 'Museum', 'Terminal', 'Garage',
] as const;

export const CATEGORIES = [
  'park', 'museum', 'library', 'clinic', 'school', 'station', 'depot', 'market', 'stadium', 'theater',
  'hospital', 'warehouse', 'office', 'parking', 'utility',
] as const;

export const STATUSES = ['active', 'inactive', 'maintenance', 'planned', 'decommissioned'] as const;
const STATUS_WEIGHTS = [80, 12, 5, 2, 1];

export interface City {
  name: string;
  lon: number;
  lat: number;
  zip: number; // first zip code of the city's range
}
export const CITIES: readonly City[] = [
  { name: 'Portland', lon: -122.6765, lat: 45.5231, zip: 97201 },
  { name: 'Seattle', lon: -122.3321, lat: 47.6062, zip: 98101 },
  { name: 'San Francisco', lon: -122.4194, lat: 37.7749, zip: 94102 },
  { name: 'San Jose', lon: -121.8863, lat: 37.3382, zip: 95110 },
  { name: 'San Diego', lon: -117.1611, lat: 32.7157, zip: 92101 },
  { name: 'Los Angeles', lon: -118.2437, lat: 34.0522, zip: 90001 },
  { name: 'Sacramento', lon: -121.4944, lat: 38.5816, zip: 95814 },
  { name: 'Boise', lon: -116.2023, lat: 43.615, zip: 83702 },
  { name: 'Reno', lon: -119.8138, lat: 39.5296, zip: 89501 },
  { name: 'Phoenix', lon: -112.074, lat: 33.4484, zip: 85001 },
  { name: 'Tucson', lon: -110.9747, lat: 32.2226, zip: 85701 },
  { name: 'Denver', lon: -104.9903, lat: 39.7392, zip: 80202 },
  { name: 'Salt Lake City', lon: -111.891, lat: 40.7608, zip: 84101 },
  { name: 'Austin', lon: -97.7431, lat: 30.2672, zip: 78701 },
  { name: 'Dallas', lon: -96.797, lat: 32.7767, zip: 75201 },
  { name: 'Houston', lon: -95.3698, lat: 29.7604, zip: 77002 },
  { name: 'San Antonio', lon: -98.4936, lat: 29.4241, zip: 78205 },
  { name: 'Kansas City', lon: -94.5786, lat: 39.0997, zip: 64105 },
  { name: 'Minneapolis', lon: -93.265, lat: 44.9778, zip: 55401 },
  { name: 'Chicago', lon: -87.6298, lat: 41.8781, zip: 60601 },
  { name: 'Milwaukee', lon: -87.9065, lat: 43.0389, zip: 53202 },
  { name: 'Detroit', lon: -83.0458, lat: 42.3314, zip: 48201 },
  { name: 'Cleveland', lon: -81.6944, lat: 41.4993, zip: 44113 },
  { name: 'Columbus', lon: -82.9988, lat: 39.9612, zip: 43215 },
  { name: 'Louisville', lon: -85.7585, lat: 38.2527, zip: 40202 },
  { name: 'Nashville', lon: -86.7816, lat: 36.1627, zip: 37201 },
  { name: 'Knoxville', lon: -83.9207, lat: 35.9606, zip: 37902 },
  { name: 'Jacksonville', lon: -81.6557, lat: 30.3322, zip: 32202 },
  { name: 'Atlanta', lon: -84.388, lat: 33.749, zip: 30303 },
  { name: 'Miami', lon: -80.1918, lat: 25.7617, zip: 33128 },
  { name: 'Charlotte', lon: -80.8431, lat: 35.2271, zip: 28202 },
  { name: 'Raleigh', lon: -78.6382, lat: 35.7796, zip: 27601 },
  { name: 'Richmond', lon: -77.436, lat: 37.5407, zip: 23219 },
  { name: 'Washington', lon: -77.0369, lat: 38.9072, zip: 20001 },
  { name: 'Baltimore', lon: -76.6122, lat: 39.2904, zip: 21201 },
  { name: 'Philadelphia', lon: -75.1652, lat: 39.9526, zip: 19102 },
  { name: 'Pittsburgh', lon: -79.9959, lat: 40.4406, zip: 15222 },
  { name: 'New York', lon: -74.006, lat: 40.7128, zip: 10001 },
  { name: 'Boston', lon: -71.0589, lat: 42.3601, zip: 2108 },
  { name: 'Providence', lon: -71.4128, lat: 41.824, zip: 2903 },
];

export const TAGS = [
  'wheelchair', 'wifi', 'parking', 'bike-rack', 'ev-charging', 'restrooms', 'open-24h', 'pet-friendly',
  'historic', 'solar', 'cafe', 'atm', 'lockers', 'shelter', 'seasonal', 'staffed', 'cctv', 'elevator',
  'ramp', 'water', 'bench', 'lighting', 'transit-hub', 'family', 'quiet-zone',
] as const;

export const ROLES = ['owner', 'manager', 'technician', 'billing', 'emergency'] as const;
const ROLE_WEIGHTS = [30, 25, 25, 12, 8];
export const FIRST_NAMES = [
  'alex', 'sam', 'jordan', 'taylor', 'morgan', 'casey', 'riley', 'jamie', 'avery', 'quinn', 'ops', 'info',
] as const;
export const LAST_NAMES = [
  'lee', 'garcia', 'smith', 'nguyen', 'patel', 'kim', 'brown', 'lopez', 'chen', 'muller', 'rossi', 'silva',
] as const;
export const EMAIL_DOMAINS = [
  'example.com', 'example.org', 'city.gov', 'mail.net', 'ops.example.com', 'partner.io',
] as const;
const EMAIL_DOMAIN_WEIGHTS = [35, 25, 15, 12, 8, 5];

export const SENSORS = ['pm25', 'pm10', 'no2', 'o3', 'temp', 'humidity', 'noise'] as const;
export const SENSOR_RANGES: Record<(typeof SENSORS)[number], [number, number]> = {
  pm25: [0, 80],
  pm10: [0, 150],
  no2: [0, 100],
  o3: [0, 90],
  temp: [-20, 45],
  humidity: [5, 100],
  noise: [30, 110],
};

/** City with a Zipf-like weight (earlier cities are more common). */
const CITY_WEIGHTS = CITIES.map((_, i) => 1 / (i + 3));

function caseVariant(rng: Rng, s: string): string {
  const r = rng.next();
  if (r < 0.9) return s;
  if (r < 0.95) return s.toUpperCase();
  return s.toLowerCase();
}

function ipAddress(rng: Rng): string {
  const r = rng.next();
  if (r < 0.4) return `10.${rng.int(0, 31)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  if (r < 0.65) return `192.168.${rng.int(0, 15)}.${rng.int(1, 254)}`;
  if (r < 0.85) return `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  if (r < 0.95) return `${rng.int(11, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  const hex = (): string => rng.int(0, 0xffff).toString(16);
  return `2001:db8:${rng.int(0x40, 0x4f).toString(16)}:${hex()}::${hex()}:${hex()}`;
}

function isoTime(rng: Rng): string {
  const ms = Date.UTC(2024, 0, 1) + rng.int(0, 365 * 24 * 3600) * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** One event object. */
export function generateEvent(rng: Rng): Record<string, unknown> {
  const city = rng.weighted(CITIES, CITY_WEIGHTS);
  const kind = rng.pick(NAME_KINDS);
  const name = `${rng.pick(NAME_PREFIXES)} ${rng.pick(NAME_NOUNS)} ${kind} ${rng.int(1, 999)}`;

  const properties: Record<string, unknown> = {
    name,
    category: caseVariant(rng, rng.pick(CATEGORIES)),
    status: rng.weighted(STATUSES, STATUS_WEIGHTS),
    city: caseVariant(rng, city.name),
  };
  if (rng.chance(0.92)) properties['zip'] = String(city.zip + rng.int(0, 40)).padStart(5, '0');
  properties['population'] = Math.round(Math.exp(rng.float(Math.log(100), Math.log(2_000_000), 6)));
  properties['elevation'] = rng.float(-50, 3000, 1);
  properties['score'] = rng.float(0, 1, 2);
  properties['floors'] = rng.int(1, 60);
  properties['capacity'] = rng.int(1, 80) * 25;
  properties['verified'] = rng.chance(0.7);
  properties['deleted_at'] = null;
  if (rng.chance(0.1)) properties['parent_id'] = `f-${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  if (rng.chance(0.05)) properties['maintenance'] = { window: isoTime(rng), crew: rng.int(1, 12) };
  properties['ip'] = ipAddress(rng);
  properties['tags'] = rng.sample(TAGS, rng.int(2, 3));

  const contacts: Record<string, unknown>[] = [];
  const nContacts = rng.int(1, 2);
  for (let i = 0; i < nContacts; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    contacts.push({
      role: rng.weighted(ROLES, ROLE_WEIGHTS),
      email: `${first}.${last}@${rng.weighted(EMAIL_DOMAINS, EMAIL_DOMAIN_WEIGHTS)}`,
    });
  }
  properties['contacts'] = contacts;

  const readings: Record<string, unknown>[] = [];
  const nReadings = rng.int(1, 2);
  for (let i = 0; i < nReadings; i++) {
    const sensor = rng.pick(SENSORS);
    const [lo, hi] = SENSOR_RANGES[sensor];
    readings.push({ sensor, value: rng.float(lo, hi, 1) });
  }
  properties['readings'] = readings;

  const nPairs = rng.int(5, 8);
  const coordinates: number[][] = [];
  let lon = city.lon + rng.float(-0.15, 0.15, 6);
  let lat = city.lat + rng.float(-0.15, 0.15, 6);
  for (let i = 0; i < nPairs; i++) {
    coordinates.push([Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]);
    lon += rng.float(-0.004, 0.004, 6);
    lat += rng.float(-0.004, 0.004, 6);
  }

  return {
    id: `f-${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
    source: rng.weighted(SOURCES, SOURCE_WEIGHTS),
    'detail-type': rng.weighted(DETAIL_TYPES, DETAIL_TYPE_WEIGHTS),
    type: 'Feature',
    properties,
    geometry: { type: 'LineString', coordinates },
  };
}

/** `count` events as JSON lines, deterministic for a given seed. */
export function generateEventLines(count: number, seed = 20240601): string[] {
  const rng = new Rng(seed);
  const lines: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) lines[i] = JSON.stringify(generateEvent(rng));
  return lines;
}
