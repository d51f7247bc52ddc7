/** The OAuth client-credentials exchange against a real token endpoint on 127.0.0.1. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OAuthClient, OAuthError, type OAuthSettings } from '../src/services/eventbridge/extras/oauth.js';
import { startEndpoint, type Endpoint, type Received } from './eventbridge-extras-fixture.js';

describe('OAuth client credentials', () => {
  let server: Endpoint;
  let answer: (req: Received, n: number) => { status?: number; headers?: Record<string, string>; body?: string };
  before(async () => {
    server = await startEndpoint((req, n) => answer(req, n));
  });
  after(async () => {
    await server.close();
  });
  const settings = (over: Partial<OAuthSettings> = {}): OAuthSettings => ({
    authorizationEndpoint: `${server.url}/oauth/token?tenant=t1`, httpMethod: 'POST', clientId: 'my client', clientSecret: 's3cr:et',
    parameters: {
      HeaderParameters: [{ Key: 'x-tenant', Value: 'blue', IsValueSecret: false }],
      QueryStringParameters: [{ Key: 'region', Value: 'eu', IsValueSecret: false }],
      BodyParameters: [{ Key: 'audience', Value: 'https://api', IsValueSecret: true }],
    },
    ...over,
  });
  const json = (body: unknown): { headers: Record<string, string>; body: string } => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('posts the client credentials as Basic auth with grant_type and the OAuth HTTP parameters', async () => {
    answer = () => json({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 });
    const start = server.received.length;
    assert.equal(await new OAuthClient().token('c1', settings()), 'tok-1');
    const req = server.received[start]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.url.pathname, '/oauth/token');
    assert.equal(req.url.searchParams.get('tenant'), 't1');
    assert.equal(req.url.searchParams.get('region'), 'eu');
    assert.equal(req.headers['x-tenant'], 'blue');
    assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('my+client:s3cr%3Aet').toString('base64')}`);
    const form = new URLSearchParams(req.body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('audience'), 'https://api');
  });

  it('caches a token until shortly before it expires, then fetches a new one', async () => {
    let now = 0;
    let issued = 0;
    answer = () => json({ access_token: `tok-${++issued}`, expires_in: 600 });
    const client = new OAuthClient(() => now);
    assert.equal(await client.token('c2', settings()), 'tok-1');
    now = 500_000;
    assert.equal(await client.token('c2', settings()), 'tok-1');
    now = 541_000; // within 60 s of expiry
    assert.equal(await client.token('c2', settings()), 'tok-2');
  });

  it('fetches once for concurrent callers and again after invalidate', async () => {
    let issued = 0;
    answer = () => ({ ...json({ access_token: `tok-${++issued}` }), delayMs: 50 });
    const client = new OAuthClient();
    const tokens = await Promise.all([1, 2, 3, 4].map(() => client.token('c3', settings())));
    assert.deepEqual(tokens, ['tok-1', 'tok-1', 'tok-1', 'tok-1']);
    client.invalidate('c3');
    assert.equal(await client.token('c3', settings()), 'tok-2');
  });

  it('sends grant_type and body parameters in the query for GET, and reads a form-encoded answer', async () => {
    answer = () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'access_token=form-tok&expires_in=60' });
    const start = server.received.length;
    assert.equal(await new OAuthClient().token('c4', settings({ httpMethod: 'GET' })), 'form-tok');
    const req = server.received[start]!;
    assert.equal(req.method, 'GET');
    assert.equal(req.body, '');
    assert.equal(req.url.searchParams.get('grant_type'), 'client_credentials');
    assert.equal(req.url.searchParams.get('audience'), 'https://api');
  });

  it('reports a refusal (4xx) as rejected and an outage (5xx, no answer) as not', async () => {
    answer = () => ({ status: 401, body: '{"error":"invalid_client"}' });
    await assert.rejects(new OAuthClient().token('c5', settings()), (err: unknown) => err instanceof OAuthError && err.rejected && /HTTP 401/.test(err.message));
    answer = () => ({ status: 503 });
    await assert.rejects(new OAuthClient().token('c6', settings()), (err: unknown) => err instanceof OAuthError && !err.rejected);
    answer = () => json({ token_type: 'Bearer' });
    await assert.rejects(new OAuthClient().token('c7', settings()), (err: unknown) => err instanceof OAuthError && /access_token/.test(err.message));
    await assert.rejects(
      new OAuthClient().token('c8', settings({ authorizationEndpoint: 'http://127.0.0.1:1/token' })),
      (err: unknown) => err instanceof OAuthError && !err.rejected && /Could not reach/.test(err.message),
    );
  });
});
