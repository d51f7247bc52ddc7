/** The extras' pure parts: request validation, auth parameters, invocation building, outcome classes, the token bucket. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../src/core/errors.js';
import { readCreateAuth, readUpdateAuth, redactAuth, withoutSecrets, hasSecret, type StoredAuth } from '../src/services/eventbridge/extras/connection-auth.js';
import { classify } from '../src/services/eventbridge/extras/http-driver.js';
import { buildInvocation, fillPath, PathParameterMismatch } from '../src/services/eventbridge/extras/invocation.js';
import { TokenBucket } from '../src/services/eventbridge/extras/rate-limit.js';
import { Fields, NAME } from '../src/services/eventbridge/extras/validation.js';

function rejects(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ServiceError, `expected a ServiceError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('request fields', () => {
  const good: Array<[string, unknown]> = [['a', 'a'], ['orders.v1_x-2', 'orders.v1_x-2'], ['x'.repeat(64), 'x'.repeat(64)]];
  for (const [value, expected] of good) {
    it(`accepts the name ${JSON.stringify(value).slice(0, 20)}`, () => {
      assert.equal(Fields.of({ Name: value }).requiredString('Name', NAME), expected);
    });
  }

  const bad: Array<[unknown, string, RegExp]> = [
    [undefined, 'ValidationException', /Value null at 'name' failed to satisfy constraint: Member must not be null/],
    ['', 'ValidationException', /length greater than or equal to 1/],
    ['x'.repeat(65), 'ValidationException', /length less than or equal to 64/],
    ['has space', 'ValidationException', /Value 'has space' at 'name'.*regular expression pattern: \[\.\\-_A-Za-z0-9\]\+/],
    [42, 'SerializationException', /Expected a string at 'name'/],
  ];
  for (const [value, code, message] of bad) {
    it(`rejects the name ${JSON.stringify(value)}`, () => rejects(() => Fields.of({ Name: value }).requiredString('Name', NAME), code, message));
  }

  it('names nested members by their path and never echoes a secret', () => {
    const f = Fields.of({ AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p\u0001ss' } } });
    rejects(() => readCreateAuth('BASIC', f.requiredObject('AuthParameters')), 'ValidationException', /authParameters\.basicAuthParameters\.password/);
    try {
      readCreateAuth('BASIC', f.requiredObject('AuthParameters'));
    } catch (err) {
      assert.doesNotMatch((err as Error).message, /p\u0001ss/);
      assert.match((err as Error).message, /Sensitive Data Redacted/);
    }
  });

  it('reads integers within a range and enum values', () => {
    assert.equal(Fields.of({ Limit: 5 }).integer('Limit', { min: 1, max: 100 }), 5);
    rejects(() => Fields.of({ Limit: 0 }).integer('Limit', { min: 1 }), 'ValidationException', /greater than or equal to 1/);
    rejects(() => Fields.of({ Limit: 1.5 }).integer('Limit'), 'SerializationException');
    rejects(() => Fields.of({ M: 'FETCH' }).enumValue('M', ['GET', 'POST']), 'ValidationException', /enum value set: \[GET, POST\]/);
  });

  it('reads timestamps as the SDK sends them (epoch seconds) into epoch ms', () => {
    assert.equal(Fields.of({ T: 1700000000.5 }).requiredTimestamp('T'), 1700000000500);
    assert.equal(Fields.of({ T: '2026-01-01T00:00:00Z' }).requiredTimestamp('T'), Date.UTC(2026, 0, 1));
  });
});

describe('connection auth parameters', () => {
  const apiKey = (extra: Record<string, unknown> = {}): Fields =>
    Fields.of({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'sekret' }, ...extra });

  it('requires the group of the authorization type and only that group', () => {
    rejects(() => readCreateAuth('BASIC', apiKey()), 'ValidationException', /include only BasicAuthParameters/);
    rejects(() => readCreateAuth('API_KEY', Fields.of({})), 'ValidationException', /apiKeyAuthParameters/);
    rejects(
      () => readCreateAuth('OAUTH_CLIENT_CREDENTIALS', Fields.of({ OAuthParameters: { ClientParameters: { ClientID: 'c', ClientSecret: 's' }, AuthorizationEndpoint: 'ftp://x', HttpMethod: 'POST' } })),
      'ValidationException', /not an http\(s\) URL/,
    );
  });

  it('shows no secret when described, and keeps non-secret parameters', () => {
    const auth = readCreateAuth('API_KEY', apiKey({
      InvocationHttpParameters: { HeaderParameters: [{ Key: 'x-team', Value: 'blue' }, { Key: 'x-token', Value: 'hidden', IsValueSecret: true }] },
    }));
    const shown = JSON.stringify(redactAuth(auth));
    assert.doesNotMatch(shown, /sekret|hidden/);
    assert.match(shown, /x-api-key/);
    assert.match(shown, /blue/);
    assert.deepEqual((redactAuth(auth)['InvocationHttpParameters'] as { HeaderParameters: unknown[] }).HeaderParameters[1], { Key: 'x-token', IsValueSecret: true });
  });

  it('merges an update into the stored group and needs a full group to change type', () => {
    const stored = readCreateAuth('BASIC', Fields.of({ BasicAuthParameters: { Username: 'u', Password: 'p' } }));
    const updated = readUpdateAuth('BASIC', false, Fields.of({ BasicAuthParameters: { Password: 'q' } }), stored);
    assert.deepEqual(updated.BasicAuthParameters, { Username: 'u', Password: 'q' });
    rejects(() => readUpdateAuth('API_KEY', true, Fields.of({ ApiKeyAuthParameters: { ApiKeyName: 'k' } }), stored), 'ValidationException', /apiKeyValue/);
    rejects(() => readUpdateAuth('API_KEY', true, undefined, stored), 'ValidationException', /needs its ApiKeyAuthParameters/);
  });

  it('removes every secret on deauthorization', () => {
    const stored: StoredAuth = readCreateAuth('OAUTH_CLIENT_CREDENTIALS', Fields.of({
      OAuthParameters: {
        ClientParameters: { ClientID: 'id', ClientSecret: 'cs' }, AuthorizationEndpoint: 'https://auth.example/token', HttpMethod: 'POST',
        OAuthHttpParameters: { BodyParameters: [{ Key: 'audience', Value: 'aud' }, { Key: 'pin', Value: '1234', IsValueSecret: true }] },
      },
    }));
    const stripped = withoutSecrets(stored);
    assert.equal(hasSecret('OAUTH_CLIENT_CREDENTIALS', stripped), false);
    assert.doesNotMatch(JSON.stringify(stripped), /cs|1234/);
    assert.match(JSON.stringify(stripped), /audience/);
  });
});

describe('invocation', () => {
  it('fills path wildcards in order, URL-encoded', () => {
    assert.equal(fillPath('https://h/orders/*/items/*', ['a b', 'x/y']), 'https://h/orders/a%20b/items/x%2Fy');
    assert.throws(() => fillPath('https://h/*', []), PathParameterMismatch);
  });

  it('lets connection parameters win over the target and auth win over both', () => {
    const inv = buildInvocation({
      endpoint: 'http://h/p', method: 'POST', authorizationType: 'API_KEY',
      auth: {
        ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'key' },
        InvocationHttpParameters: {
          HeaderParameters: [{ Key: 'x-env', Value: 'conn', IsValueSecret: false }],
          QueryStringParameters: [{ Key: 'q', Value: 'conn', IsValueSecret: false }],
          BodyParameters: [{ Key: 'added', Value: 'yes', IsValueSecret: true }],
        },
      },
      target: { HttpParameters: { HeaderParameters: { 'X-Env': 'target', 'x-api-key': 'spoofed', 'x-other': '1' }, QueryStringParameters: { q: 'target', r: '2' } } },
      payload: '{"detail":{"n":1}}',
    });
    assert.equal(inv.headers['x-env'], 'conn');
    assert.equal(inv.headers['X-Api-Key'], 'key');
    assert.equal(inv.headers['x-api-key'], undefined);
    assert.equal(inv.headers['x-other'], '1');
    assert.equal(inv.headers['User-Agent'], 'Amazon/EventBridge/ApiDestinations');
    assert.equal(inv.url.searchParams.get('q'), 'conn');
    assert.equal(inv.url.searchParams.get('r'), '2');
    assert.deepEqual(JSON.parse(inv.body!), { detail: { n: 1 }, added: 'yes' });
  });

  it('sends no body with GET and a non-object payload as it is', () => {
    const base = { endpoint: 'http://h/', authorizationType: 'BASIC', auth: { BasicAuthParameters: { Username: 'u', Password: 'p' } }, target: {} } as const;
    assert.equal(buildInvocation({ ...base, method: 'GET', payload: '{}' }).body, undefined);
    const put = buildInvocation({ ...base, method: 'PUT', payload: '"text"' });
    assert.equal(put.body, '"text"');
    assert.equal(put.headers['Authorization'], `Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});

describe('delivery outcome of an HTTP status', () => {
  const table: Array<[number, boolean, string | undefined, boolean | undefined]> = [
    [200, false, undefined, undefined], [204, false, undefined, undefined],
    [301, false, 'HTTP_301', false], [400, false, 'HTTP_400', false], [404, false, 'HTTP_404', false],
    [401, false, 'HTTP_401', false], [401, true, 'HTTP_401', true], [407, true, 'HTTP_407', true],
    [429, false, 'HTTP_429', true], [500, false, 'HTTP_500', true], [503, false, 'HTTP_503', true],
  ];
  for (const [status, oauth, code, retryable] of table) {
    it(`${status}${oauth ? ' (OAuth)' : ''} → ${code ?? 'delivered'}${retryable === undefined ? '' : retryable ? ', retried' : ', not retried'}`, () => {
      const failure = classify(status, oauth);
      assert.equal(failure?.code, code);
      assert.equal(failure?.retryable, retryable);
    });
  }
});

describe('token bucket', () => {
  it('spaces reservations 1/rate apart beyond its capacity and refills with time', () => {
    let t = 0;
    const bucket = new TokenBucket(2, 1, () => t);
    assert.deepEqual([bucket.reserve(), bucket.reserve(), bucket.reserve()], [0, 500, 1000]);
    t = 5000;
    assert.equal(bucket.reserve(), 0);
  });

  it('allows a burst up to its capacity', () => {
    let t = 0;
    const bucket = new TokenBucket(10, 3, () => t);
    assert.deepEqual([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()], [0, 0, 0, 100]);
  });

  it('applies a new rate from the moment it changes', () => {
    let t = 0;
    const bucket = new TokenBucket(1, 1, () => t);
    bucket.reserve();
    bucket.setRate(4);
    assert.equal(bucket.reserve(), 250);
  });
});
