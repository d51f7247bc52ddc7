/**
 * The benchmark's e-commerce workload: 100 rules of mixed pattern kinds over ten sources, and
 * ~1 KB events whose fields those rules test. Rule selectivity is set so that an event matches
 * about three rules; `expectedMatches` measures it with the pattern library itself.
 */
import { RuleSet } from '@switchboard/event-patterns';

export const SOURCES = [
  'shop.orders', 'shop.payments', 'shop.inventory', 'shop.shipping', 'shop.users',
  'shop.catalog', 'shop.reviews', 'shop.cart', 'shop.search', 'shop.notifications',
] as const;
const DETAIL_TYPES = ['Created', 'Updated', 'Deleted', 'Completed', 'Failed'] as const;
const STATUSES = ['new', 'pending', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'failed'] as const;
const TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;
const CURRENCIES = ['USD', 'eur', 'Gbp', 'JPY', 'usd', 'EUR', 'gbp', 'jpy'] as const;
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'CA', 'AU', 'ES', 'IT', 'NL', 'SE', 'PL', 'MX', 'KR', 'CN', 'ZA', 'NG', 'AR'] as const;
const CATEGORIES = ['books', 'toys', 'garden', 'tools', 'food', 'music', 'games', 'shoes', 'sports', 'beauty', 'office', 'baby'] as const;

/** Source and rule of the latency phase: no mixed rule matches this source. */
export const LATENCY_SOURCE = 'bench.latency';

export interface RuleSpec {
  readonly name: string;
  readonly pattern: Record<string, unknown>;
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** One pattern of kind `kind` (0-9) for source index `k`. */
function pattern(kind: number, k: number): Record<string, unknown> {
  const source = [SOURCES[k]!];
  switch (kind) {
    case 0: // exact source and detail-type
      return { source, 'detail-type': [`${entity(k)} ${pick(DETAIL_TYPES, k)}`] };
    case 1: // prefixes
      return { source: [{ prefix: 'shop.' }], detail: { sku: [{ prefix: `SKU-${k}${(k * 3) % 10}` }] } };
    case 2: // numeric range
      return { source, detail: { amount: [{ numeric: ['>=', k * 50, '<', k * 50 + 300] }] } };
    case 3: // anything-but
      return { source, 'detail-type': [{ 'anything-but': { prefix: `${entity(k)} D` } }], detail: { status: [{ 'anything-but': ['cancelled', 'failed', pick(STATUSES, k)] }] } };
    case 4: // exists
      return k % 2 === 0 ? { source, detail: { flagged: [{ exists: true }] } } : { source, detail: { coupon: [{ exists: false }], priority: [{ numeric: ['>', 4] }] } };
    case 5: // $or
      return { source, $or: [{ detail: { customer: { tier: ['platinum'] } } }, { detail: { amount: [{ numeric: ['>', 900] }] } }] };
    case 6: // equals-ignore-case
      return { source, detail: { currency: [{ 'equals-ignore-case': pick(['eur', 'usd', 'gbp', 'jpy'], k) }] } };
    case 7: // several countries and a priority floor across all sources
      return { source: [{ prefix: 'shop.' }], detail: { customer: { country: [pick(COUNTRIES, k), pick(COUNTRIES, k + 7), pick(COUNTRIES, k + 13)] }, priority: [{ numeric: ['>=', 8] }] } };
    case 8: // numeric threshold and exact status
      return { source, detail: { quantity: [{ numeric: ['>', 12] }], status: [pick(STATUSES, k), pick(STATUSES, k + 3)] } };
    default: // a value inside an array of objects
      return { source, detail: { items: { category: [pick(CATEGORIES, k)] } } };
  }
}

function entity(k: number): string {
  return ['Order', 'Payment', 'Stock', 'Shipment', 'User', 'Product', 'Review', 'Cart', 'Search', 'Notification'][k]!;
}

/** The 100 mixed rules; rule i targets queue i % queueCount. */
export function mixedRules(): RuleSpec[] {
  const rules: RuleSpec[] = [];
  for (let kind = 0; kind < 10; kind++) for (let k = 0; k < 10; k++) rules.push({ name: `bench-k${kind}-s${k}`, pattern: pattern(kind, k) });
  return rules;
}

/** A small deterministic PRNG, so every run sends the same events. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchEvent {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
}

/** One ~1 KB event (Detail about 900 bytes of JSON). */
export function shopEvent(random: () => number, seq: number): BenchEvent {
  const int = (n: number): number => Math.floor(random() * n);
  const k = int(SOURCES.length);
  const items = Array.from({ length: 3 }, (_, i) => ({ sku: `SKU-${int(1000)}`, category: pick(CATEGORIES, int(CATEGORIES.length)), qty: 1 + int(5), price: Math.round(random() * 20000) / 100, line: i }));
  const detail: Record<string, unknown> = {
    id: `evt-${seq}-${int(1e9).toString(36)}`,
    sku: `SKU-${int(10)}${int(10)}${int(10)}`,
    status: pick(STATUSES, int(STATUSES.length)),
    amount: Math.round(random() * 100000) / 100,
    quantity: 1 + int(16),
    priority: int(10),
    currency: pick(CURRENCIES, int(CURRENCIES.length)),
    customer: { id: `cus-${int(100000)}`, tier: pick(TIERS, int(TIERS.length)), country: pick(COUNTRIES, int(COUNTRIES.length)), email: `user${int(100000)}@example.com` },
    items,
    shippingAddress: { line1: `${int(9999)} Market Street`, city: 'Springfield', postalCode: String(10000 + int(89999)), country: 'US' },
  };
  if (random() < 0.1) detail['flagged'] = true;
  if (random() < 0.3) detail['coupon'] = `SAVE${int(50)}`;
  let text = JSON.stringify(detail);
  detail['note'] = 'x'.repeat(Math.max(0, 880 - text.length));
  text = JSON.stringify(detail);
  return { Source: SOURCES[k]!, DetailType: `${entity(k)} ${pick(DETAIL_TYPES, int(DETAIL_TYPES.length))}`, Detail: text };
}

/** Mean number of mixed rules an event of `events` matches, by the pattern library itself. */
export function expectedMatches(rules: readonly RuleSpec[], events: readonly BenchEvent[]): number {
  const set = new RuleSet();
  for (const r of rules) set.add(r.name, r.pattern);
  let total = 0;
  for (const e of events) {
    const envelope = { version: '0', id: 'x', 'detail-type': e.DetailType, source: e.Source, account: '000000000000', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: JSON.parse(e.Detail) as unknown };
    total += set.match(envelope).length;
  }
  return total / events.length;
}
