/**
 * The api-destination target kind against real HTTP servers on 127.0.0.1: the request it
 * makes for each authorization type, how it classifies answers, its timeout and its rate
 * limit. Connections and destinations are made through the extras' own operations over a
 * real SQLite file; the core is not involved (it calls `deliver` exactly like this).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ServiceError } from '../src/core/errors.js';
import { DeliveryFailure, type DeliveryAttempt, type EventBridgeExtras, type EventEnvelope, type RuleTarget, type TargetDriver } from '../src/services/eventbridge/contracts.js';
import { createEventBridgeExtras } from '../src/services/eventbridge/extras/index.js';
import { eventually, openFixture, startEndpoint, type Endpoint, type Fixture, type Received, type Reply } from './eventbridge-extras-fixture.js';

const event: EventEnvelope = {
  version: '0', id: 'e-1', 'detail-type': 'OrderPlaced', source: 'shop', account: '123456789012',
  time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { orderId: '42' },
};

describe('API destination driver', () => {
  let fx: Fixture;
  let extras: EventBridgeExtras;
  let driver: TargetDriver;
  let api: Endpoint;
  let tokens: Endpoint;
  let apiReply: (req: Received, n: number) => Reply = () => ({});
  let tokenReply: (req: Received, n: number) => Reply = () => ({});
  let issued = 0;

  const op = (name: string, input: Record<string, unknown>): Promise<Record<string, unknown>> =>
    extras.operations[name]!(input, fx.ctx) as Promise<Record<string, unknown>>;

  async function destination(name: string, auth: Record<string, unknown>, over: Record<string, unknown> = {}): Promise<string> {
    const { ConnectionArn } = await op('CreateConnection', { Name: `${name}-conn`, ...auth });
    const out = await op('CreateApiDestination', {
      Name: name, ConnectionArn, InvocationEndpoint: `${api.url}/orders/*/items`, HttpMethod: 'POST', ...over,
    });
    return out['ApiDestinationArn'] as string;
  }
  const apiKey = { AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k-123' } } };

  function attempt(arn: string, over: Partial<RuleTarget> = {}, payload = JSON.stringify(event)): DeliveryAttempt {
    const target: RuleTarget = { Id: 't1', Arn: arn, HttpParameters: { PathParameterValues: ['42'] }, ...over };
    return { ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r', busArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default', target, event, payload, attempt: 1 };
  }

  async function failure(p: Promise<void>): Promise<DeliveryFailure> {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof DeliveryFailure, `expected a DeliveryFailure, got ${String(err)}`);
      return err;
    }
    assert.fail('expected the delivery to fail');
  }

  before(async () => {
    fx = openFixture();
    api = await startEndpoint((req, n) => apiReply(req, n));
    tokens = await startEndpoint((req, n) => tokenReply(req, n));
    tokenReply = () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: `tok-${++issued}`, expires_in: 3600 }) });
    const ingest = { ingest: async () => assert.fail('not used'), busExists: async () => false };
    extras = createEventBridgeExtras({ deps: fx.deps, ingest }, { invocationTimeoutMs: 400 });
    await extras.start();
    driver = extras.drivers.find((d) => d.kind === 'api-destination')!;
  });
  after(async () => {
    await extras.stop();
    await Promise.all([api.close(), tokens.close(), fx.close()]);
  });

  it('POSTs the payload with the API key, fixed headers, path values and merged query', async () => {
    apiReply = () => ({ status: 200 });
    const arn = await destination('key-dest', {
      ...apiKey,
      AuthParameters: { ...apiKey.AuthParameters, InvocationHttpParameters: { QueryStringParameters: [{ Key: 'src', Value: 'conn' }] } },
    });
    const start = api.received.length;
    await driver.deliver(attempt(arn, { HttpParameters: { PathParameterValues: ['42'], QueryStringParameters: { src: 'target', page: '1' }, HeaderParameters: { 'x-trace': 'abc' } } }));
    const req = api.received[start]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.url.pathname, '/orders/42/items');
    assert.equal(req.url.searchParams.get('src'), 'conn');
    assert.equal(req.url.searchParams.get('page'), '1');
    assert.equal(req.headers['x-api-key'], 'k-123');
    assert.equal(req.headers['x-trace'], 'abc');
    assert.equal(req.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(req.headers['user-agent'], 'Amazon/EventBridge/ApiDestinations');
    assert.deepEqual(JSON.parse(req.body), event);
  });

  it('sends Basic credentials with the configured method', async () => {
    const arn = await destination('basic-dest', { AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'ann', Password: 'pw' } } }, { HttpMethod: 'PUT' });
    const start = api.received.length;
    await driver.deliver(attempt(arn));
    assert.equal(api.received[start]!.method, 'PUT');
    assert.equal(api.received[start]!.headers.authorization, `Basic ${Buffer.from('ann:pw').toString('base64')}`);
  });

  it('authorizes an OAuth connection, sends its Bearer token, and refreshes it after a 401', async () => {
    const arn = await destination('oauth-dest', {
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: { OAuthParameters: { ClientParameters: { ClientID: 'cid', ClientSecret: 'csecret' }, AuthorizationEndpoint: `${tokens.url}/token`, HttpMethod: 'POST' } },
    });
    const state = await eventually(async () => {
      const d = await op('DescribeConnection', { Name: 'oauth-dest-conn' });
      return d['ConnectionState'] === 'AUTHORIZED' ? d : undefined;
    }, 5000, 'the OAuth connection to be AUTHORIZED');
    assert.ok(state['LastAuthorizedTime']);
    const first = issued;
    const start = api.received.length;
    apiReply = (_req, n) => ({ status: n === start + 1 ? 401 : 200 });
    const denied = await failure(driver.deliver(attempt(arn)));
    assert.equal(denied.code, 'HTTP_401');
    assert.equal(denied.retryable, true);
    assert.equal(api.received[start]!.headers.authorization, `Bearer tok-${first}`);
    await driver.deliver(attempt(arn));
    assert.equal(api.received[start + 1]!.headers.authorization, `Bearer tok-${first + 1}`);
    apiReply = () => ({});
  });

  it('marks an OAuth connection DEAUTHORIZED when the authorization server refuses it', async () => {
    tokenReply = () => ({ status: 400, body: '{"error":"invalid_client"}' });
    await op('CreateConnection', {
      Name: 'refused', AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: { OAuthParameters: { ClientParameters: { ClientID: 'x', ClientSecret: 'y' }, AuthorizationEndpoint: `${tokens.url}/token`, HttpMethod: 'POST' } },
    });
    const d = await eventually(async () => {
      const out = await op('DescribeConnection', { Name: 'refused' });
      return out['ConnectionState'] === 'DEAUTHORIZED' ? out : undefined;
    }, 5000, 'DEAUTHORIZED');
    assert.match(String(d['StateReason']), /HTTP 400/);
    tokenReply = () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: `tok-${++issued}`, expires_in: 3600 }) });
  });

  it('retries 5xx and 429, not other 4xx', async () => {
    const arn = await destination('status-dest', apiKey);
    for (const [status, retryable] of [[500, true], [503, true], [429, true], [404, false], [400, false]] as const) {
      apiReply = () => ({ status });
      const f = await failure(driver.deliver(attempt(arn)));
      assert.equal(f.code, `HTTP_${status}`);
      assert.equal(f.retryable, retryable, `HTTP ${status}`);
    }
    apiReply = () => ({});
  });

  it('gives up on a slow endpoint after its timeout, and on a closed port, as retryable', async () => {
    const arn = await destination('slow-dest', apiKey);
    apiReply = () => ({ delayMs: 1500 });
    const slow = await failure(driver.deliver(attempt(arn)));
    assert.equal(slow.code, 'SDK_CLIENT_ERROR');
    assert.equal(slow.retryable, true);
    assert.match(slow.message, /within 400 ms/);
    apiReply = () => ({});
    const { ConnectionArn } = await op('DescribeApiDestination', { Name: 'slow-dest' });
    await op('CreateApiDestination', { Name: 'closed-dest', ConnectionArn, InvocationEndpoint: 'http://127.0.0.1:1/x', HttpMethod: 'POST' });
    const closed = (await op('DescribeApiDestination', { Name: 'closed-dest' }))['ApiDestinationArn'] as string;
    const refused = await failure(driver.deliver(attempt(closed, { HttpParameters: {} })));
    assert.equal(refused.code, 'SDK_CLIENT_ERROR');
    assert.equal(refused.retryable, true);
  });

  it('waits to honour InvocationRateLimitPerSecond instead of failing', async () => {
    const arn = await destination('rate-dest', apiKey, { InvocationRateLimitPerSecond: 2 });
    const started = performance.now();
    await Promise.all([1, 2, 3, 4, 5].map(() => driver.deliver(attempt(arn))));
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 1500, `5 invocations at 2/s took only ${Math.round(elapsed)} ms`);
  });

  it('fails without retry when the destination or its connection cannot be used', async () => {
    const arn = await destination('gone-dest', apiKey);
    await op('DeauthorizeConnection', { Name: 'gone-dest-conn' });
    const deauthorized = await failure(driver.deliver(attempt(arn)));
    assert.deepEqual([deauthorized.code, deauthorized.retryable], ['CONNECTION_DEAUTHORIZED', false]);
    await op('DeleteApiDestination', { Name: 'gone-dest' });
    const missing = await failure(driver.deliver(attempt(arn)));
    assert.deepEqual([missing.code, missing.retryable], ['API_DESTINATION_NOT_FOUND', false]);
  });

  it('validates a target at PutTargets time: the destination exists and its wildcards are filled', async () => {
    const arn = await destination('valid-dest', apiKey);
    assert.ok(driver.handles(arn));
    assert.ok(!driver.handles('arn:aws:sqs:us-east-1:123456789012:q'));
    await driver.validate!({ Id: 't', Arn: arn, HttpParameters: { PathParameterValues: ['1'] } }, '123456789012', 'us-east-1');
    const invalid = async (target: RuleTarget, account = '123456789012'): Promise<void> => {
      await assert.rejects(driver.validate!(target, account, 'us-east-1'), (err: unknown) => err instanceof ServiceError && err.code === 'ValidationException');
    };
    await invalid({ Id: 't', Arn: arn });
    await invalid({ Id: 't', Arn: arn, HttpParameters: { PathParameterValues: ['1'] } }, '999999999999');
    await invalid({ Id: 't', Arn: `${arn.slice(0, arn.lastIndexOf('/'))}/00000000-0000-0000-0000-000000000000`, HttpParameters: { PathParameterValues: ['1'] } });
  });
});
