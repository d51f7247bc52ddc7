/**
 * API destinations as rule targets, end to end: events put with @aws-sdk/client-eventbridge
 * reach real HTTP servers on 127.0.0.1 with the destination's method, the connection's
 * authorization (API key, Basic, OAuth Bearer from a real token endpoint), path values,
 * headers and the event as body; the rate limit spaces them out; a 500 is retried.
 */
process.env['SWITCHBOARD_EVENTS_RETRY_BASE_MS'] ??= '50';

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateApiDestinationCommand, CreateConnectionCommand, CreateEventBusCommand, EventBridgeClient, PutEventsCommand,
  PutRuleCommand, PutTargetsCommand, type CreateConnectionCommandInput,
} from '@aws-sdk/client-eventbridge';
import { startTestServer, type TestServer } from './helpers/server.js';
import { eventually, startEndpoint, type Endpoint, type Received, type Reply } from './eventbridge-extras-fixture.js';

describe('API destination targets (SDK, end to end)', () => {
  let server: TestServer;
  let eb: EventBridgeClient;
  let api: Endpoint;
  let tokens: Endpoint;
  let reply: (req: Received) => Reply = () => ({});
  let busArn: string;
  let issued = 0;

  before(async () => {
    server = await startTestServer();
    eb = new EventBridgeClient(server.clientConfig);
    api = await startEndpoint((req) => reply(req));
    tokens = await startEndpoint(() => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: `bearer-${++issued}`, expires_in: 3600 }) }));
    busArn = (await eb.send(new CreateEventBusCommand({ Name: 'shop' }))).EventBusArn!;
  });
  after(async () => {
    eb.destroy();
    await Promise.all([api.close(), tokens.close()]);
    await server.dispose();
  });

  /** A connection, an API destination and a rule on the shop bus sending `detail-type` events to it. */
  async function route(name: string, connection: Omit<CreateConnectionCommandInput, 'Name'>, destination: { path: string; method: 'POST' | 'PUT' | 'GET'; rate?: number }, target: Record<string, unknown> = {}): Promise<void> {
    const { ConnectionArn } = await eb.send(new CreateConnectionCommand({ Name: `${name}-conn`, ...connection }));
    const { ApiDestinationArn } = await eb.send(new CreateApiDestinationCommand({
      Name: name, ConnectionArn, InvocationEndpoint: `${api.url}${destination.path}`, HttpMethod: destination.method,
      ...(destination.rate ? { InvocationRateLimitPerSecond: destination.rate } : {}),
    }));
    await eb.send(new PutRuleCommand({ Name: name, EventBusName: 'shop', EventPattern: JSON.stringify({ 'detail-type': [name] }) }));
    const put = await eb.send(new PutTargetsCommand({
      Rule: name, EventBusName: 'shop',
      Targets: [{ Id: 'api', Arn: ApiDestinationArn, RoleArn: 'arn:aws:iam::000000000000:role/eb', ...target }],
    }));
    assert.equal(put.FailedEntryCount, 0, JSON.stringify(put.FailedEntries));
  }

  async function publish(detailType: string, count = 1): Promise<void> {
    const entries = Array.from({ length: count }, (_, i) => ({ EventBusName: 'shop', Source: 'shop.orders', DetailType: detailType, Detail: JSON.stringify({ orderId: `o-${i}` }) }));
    const out = await eb.send(new PutEventsCommand({ Entries: entries }));
    assert.equal(out.FailedEntryCount, 0);
  }

  const requestsFor = (path: string): Received[] => api.received.filter((r) => r.url.pathname.startsWith(path));
  const arrive = (path: string, n: number): Promise<Received[]> =>
    eventually(async () => (requestsFor(path).length >= n ? requestsFor(path) : undefined), 15_000, `${n} request(s) to ${path}`);

  it('delivers with an API key, path values, target headers and query, and the event as body', async () => {
    await route('ApiKeyOrder', {
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'secret-key' }, InvocationHttpParameters: { HeaderParameters: [{ Key: 'x-from', Value: 'connection', IsValueSecret: false }] } },
    }, { path: '/keyed/*/orders/*', method: 'POST' }, {
      HttpParameters: { PathParameterValues: ['eu', 'new'], HeaderParameters: { 'x-trace': 't-1' }, QueryStringParameters: { v: '2' } },
    });
    await publish('ApiKeyOrder');
    const [req] = await arrive('/keyed', 1);
    assert.equal(req!.method, 'POST');
    assert.equal(req!.url.pathname, '/keyed/eu/orders/new');
    assert.equal(req!.url.searchParams.get('v'), '2');
    assert.equal(req!.headers['x-api-key'], 'secret-key');
    assert.equal(req!.headers['x-from'], 'connection');
    assert.equal(req!.headers['x-trace'], 't-1');
    assert.equal(req!.headers['content-type'], 'application/json; charset=utf-8');
    const body = JSON.parse(req!.body) as Record<string, unknown>;
    assert.equal(body['detail-type'], 'ApiKeyOrder');
    assert.equal(body['source'], 'shop.orders');
    assert.deepEqual(body['detail'], { orderId: 'o-0' });
    assert.equal(body['account'], '000000000000');
    assert.ok(busArn.endsWith(':event-bus/shop'));
  });

  it('delivers with Basic credentials and the configured method', async () => {
    await route('BasicOrder', { AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'ann', Password: 'pw' } } }, { path: '/basic', method: 'PUT' });
    await publish('BasicOrder');
    const [req] = await arrive('/basic', 1);
    assert.equal(req!.method, 'PUT');
    assert.equal(req!.headers.authorization, `Basic ${Buffer.from('ann:pw').toString('base64')}`);
  });

  it('delivers with a Bearer token from the OAuth token endpoint', async () => {
    await route('OAuthOrder', {
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: { OAuthParameters: { ClientParameters: { ClientID: 'cid', ClientSecret: 'cs' }, AuthorizationEndpoint: `${tokens.url}/oauth2/token`, HttpMethod: 'POST' } },
    }, { path: '/oauth', method: 'POST' });
    await publish('OAuthOrder', 2);
    const reqs = await arrive('/oauth', 2);
    assert.ok(reqs.every((r) => /^Bearer bearer-\d+$/.test(String(r.headers.authorization))));
    assert.ok(tokens.received.length >= 1 && tokens.received.length <= 2, `token fetched ${tokens.received.length} times`);
    assert.equal(tokens.received[0]!.headers.authorization, `Basic ${Buffer.from('cid:cs').toString('base64')}`);
  });

  it('spaces invocations by InvocationRateLimitPerSecond', async () => {
    await route('RatedOrder', { AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } }, { path: '/rated', method: 'POST', rate: 2 });
    await publish('RatedOrder', 5);
    const reqs = await arrive('/rated', 5);
    const span = reqs[4]!.at - reqs[0]!.at;
    assert.ok(span >= 1500, `5 invocations at 2/s arrived within ${Math.round(span)} ms`);
  });

  it('retries an endpoint that answers 500', async () => {
    let failures = 0;
    reply = (req) => (req.url.pathname === '/flaky' && failures++ < 2 ? { status: 500 } : {});
    await route('FlakyOrder', { AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } }, { path: '/flaky', method: 'POST' });
    await publish('FlakyOrder');
    const reqs = await arrive('/flaky', 3);
    assert.equal(reqs.length, 3);
    assert.equal(reqs[0]!.body, reqs[2]!.body);
    reply = () => ({});
  });

  it('refuses a target naming an API destination that does not exist', async () => {
    await eb.send(new PutRuleCommand({ Name: 'Nowhere', EventBusName: 'shop', EventPattern: '{"source":["x"]}' }));
    const arn = 'arn:aws:events:us-east-1:000000000000:api-destination/missing/00000000-0000-0000-0000-000000000000';
    let refused = false;
    try {
      const out = await eb.send(new PutTargetsCommand({ Rule: 'Nowhere', EventBusName: 'shop', Targets: [{ Id: 'x', Arn: arn }] }));
      refused = (out.FailedEntryCount ?? 0) > 0;
    } catch (err) {
      refused = /does not exist/.test((err as Error).message);
    }
    assert.ok(refused, 'PutTargets accepted a missing API destination');
  });
});
