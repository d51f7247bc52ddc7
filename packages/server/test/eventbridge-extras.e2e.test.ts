/**
 * Connections and API destinations through @aws-sdk/client-eventbridge against a real
 * server: CRUD for every authorization type, secrets never in a response, list filters and
 * pages, and the errors AWS gives for bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateApiDestinationCommand, CreateConnectionCommand, DeauthorizeConnectionCommand, DeleteApiDestinationCommand,
  DeleteConnectionCommand, DescribeApiDestinationCommand, DescribeConnectionCommand, EventBridgeClient,
  ListApiDestinationsCommand, ListConnectionsCommand, UpdateApiDestinationCommand, UpdateConnectionCommand,
  type CreateConnectionCommandInput,
} from '@aws-sdk/client-eventbridge';
import { startTestServer, type TestServer } from './helpers/server.js';
import { eventually, startEndpoint, type Endpoint } from './eventbridge-extras-fixture.js';

const SECRETS = ['api-key-secret-1', 'basic-password-2', 'client-secret-3', 'header-secret-4', 'body-secret-5'];

describe('EventBridge connections and API destinations (SDK)', () => {
  let server: TestServer;
  let eb: EventBridgeClient;
  let tokens: Endpoint;
  before(async () => {
    server = await startTestServer();
    eb = new EventBridgeClient(server.clientConfig);
    tokens = await startEndpoint(() => ({ headers: { 'content-type': 'application/json' }, body: '{"access_token":"t","expires_in":3600}' }));
  });
  after(async () => {
    eb.destroy();
    await tokens.close();
    await server.dispose();
  });

  const errorName = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (err) {
      return `${(err as Error).name}: ${(err as Error).message}`;
    }
    return 'no error';
  };
  const noSecrets = (response: unknown): void => {
    const text = JSON.stringify(response);
    for (const s of SECRETS) assert.ok(!text.includes(s), `a response carried the secret ${s}`);
  };

  const connections: Record<string, CreateConnectionCommandInput> = {
    'key-conn': {
      Name: 'key-conn', Description: 'api key', AuthorizationType: 'API_KEY',
      AuthParameters: {
        ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: SECRETS[0]! },
        InvocationHttpParameters: { HeaderParameters: [{ Key: 'x-secret', Value: SECRETS[3]!, IsValueSecret: true }, { Key: 'x-team', Value: 'blue', IsValueSecret: false }] },
      },
    },
    'basic-conn': { Name: 'basic-conn', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'ann', Password: SECRETS[1]! } } },
    'oauth-conn': {
      Name: 'oauth-conn', AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: {
        OAuthParameters: {
          ClientParameters: { ClientID: 'client-id', ClientSecret: SECRETS[2]! }, HttpMethod: 'POST', AuthorizationEndpoint: '',
          OAuthHttpParameters: { BodyParameters: [{ Key: 'audience', Value: SECRETS[4]!, IsValueSecret: true }] },
        },
      },
    },
  };

  it('creates connections of all three authorization types and never shows their secrets', async () => {
    connections['oauth-conn']!.AuthParameters!.OAuthParameters!.AuthorizationEndpoint = `${tokens.url}/token`;
    for (const input of Object.values(connections)) {
      const created = await eb.send(new CreateConnectionCommand(input));
      noSecrets(created);
      assert.match(created.ConnectionArn!, new RegExp(`^arn:aws:events:us-east-1:000000000000:connection/${input.Name}/[0-9a-f-]{36}$`));
      assert.ok(created.CreationTime instanceof Date);
      assert.equal(created.ConnectionState, input.AuthorizationType === 'OAUTH_CLIENT_CREDENTIALS' ? 'AUTHORIZING' : 'AUTHORIZED');
    }
    const key = await eb.send(new DescribeConnectionCommand({ Name: 'key-conn' }));
    noSecrets(key);
    assert.equal(key.Description, 'api key');
    assert.deepEqual(key.AuthParameters?.ApiKeyAuthParameters, { ApiKeyName: 'x-api-key' });
    assert.deepEqual(key.AuthParameters?.InvocationHttpParameters?.HeaderParameters, [{ Key: 'x-secret', IsValueSecret: true }, { Key: 'x-team', Value: 'blue', IsValueSecret: false }]);
    assert.match(key.SecretArn!, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection\/key-conn\//);
    const basic = await eb.send(new DescribeConnectionCommand({ Name: 'basic-conn' }));
    assert.deepEqual(basic.AuthParameters?.BasicAuthParameters, { Username: 'ann' });
    const oauth = await eventually(async () => {
      const d = await eb.send(new DescribeConnectionCommand({ Name: 'oauth-conn' }));
      return d.ConnectionState === 'AUTHORIZED' ? d : undefined;
    }, 5000, 'the OAuth connection to be AUTHORIZED');
    noSecrets(oauth);
    assert.equal(oauth.AuthParameters?.OAuthParameters?.ClientParameters?.ClientID, 'client-id');
    assert.ok(oauth.LastAuthorizedTime instanceof Date);
    noSecrets(await eb.send(new ListConnectionsCommand({})));
  });

  it('lists connections by prefix and state, page by page', async () => {
    const all = await eb.send(new ListConnectionsCommand({}));
    assert.deepEqual(all.Connections?.map((c) => c.Name), ['basic-conn', 'key-conn', 'oauth-conn']);
    const page1 = await eb.send(new ListConnectionsCommand({ Limit: 2 }));
    assert.equal(page1.Connections?.length, 2);
    assert.ok(page1.NextToken);
    const page2 = await eb.send(new ListConnectionsCommand({ Limit: 2, NextToken: page1.NextToken }));
    assert.deepEqual(page2.Connections?.map((c) => c.Name), ['oauth-conn']);
    assert.equal(page2.NextToken, undefined);
    assert.deepEqual((await eb.send(new ListConnectionsCommand({ NamePrefix: 'ke' }))).Connections?.map((c) => c.Name), ['key-conn']);
    const authorized = await eb.send(new ListConnectionsCommand({ ConnectionState: 'AUTHORIZED' }));
    assert.equal(authorized.Connections?.length, 3);
  });

  it('updates, deauthorizes, re-authorizes and deletes a connection', async () => {
    const updated = await eb.send(new UpdateConnectionCommand({ Name: 'basic-conn', Description: 'now described' }));
    assert.equal(updated.ConnectionState, 'AUTHORIZED');
    assert.equal((await eb.send(new DescribeConnectionCommand({ Name: 'basic-conn' }))).Description, 'now described');
    const deauthorized = await eb.send(new DeauthorizeConnectionCommand({ Name: 'basic-conn' }));
    assert.equal(deauthorized.ConnectionState, 'DEAUTHORIZING');
    assert.equal((await eb.send(new DescribeConnectionCommand({ Name: 'basic-conn' }))).ConnectionState, 'DEAUTHORIZED');
    const reauthorized = await eb.send(new UpdateConnectionCommand({ Name: 'basic-conn', AuthParameters: { BasicAuthParameters: { Password: 'new-password' } } }));
    assert.equal(reauthorized.ConnectionState, 'AUTHORIZED');
    const switched = await eb.send(new UpdateConnectionCommand({
      Name: 'basic-conn', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } },
    }));
    assert.equal(switched.ConnectionState, 'AUTHORIZED');
    const described = await eb.send(new DescribeConnectionCommand({ Name: 'basic-conn' }));
    assert.equal(described.AuthorizationType, 'API_KEY');
    assert.equal(described.AuthParameters?.BasicAuthParameters, undefined);
    const deleted = await eb.send(new DeleteConnectionCommand({ Name: 'basic-conn' }));
    assert.equal(deleted.ConnectionState, 'DELETING');
    assert.match(await errorName(eb.send(new DescribeConnectionCommand({ Name: 'basic-conn' }))), /^ResourceNotFoundException: Connection 'basic-conn' does not exist/);
  });

  it('rejects bad connections with the AWS errors', async () => {
    const base = connections['key-conn']!;
    assert.match(await errorName(eb.send(new CreateConnectionCommand(base))), /^ResourceAlreadyExistsException/);
    assert.match(await errorName(eb.send(new CreateConnectionCommand({ ...base, Name: 'bad name' }))), /^ValidationException: .*at 'name'/);
    assert.match(await errorName(eb.send(new CreateConnectionCommand({ ...base, Name: 'c2', AuthorizationType: 'BASIC' }))), /^ValidationException: .*BasicAuthParameters/);
    assert.match(
      await errorName(eb.send(new CreateConnectionCommand({ Name: 'c3', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: '' } } }))),
      /^ValidationException: .*authParameters\.basicAuthParameters\.password/,
    );
    for (const cmd of [new UpdateConnectionCommand({ Name: 'nope' }), new DeleteConnectionCommand({ Name: 'nope' }), new DeauthorizeConnectionCommand({ Name: 'nope' })]) {
      assert.match(await errorName(eb.send(cmd as never)), /^ResourceNotFoundException/);
    }
  });

  it('creates, reads, lists, updates and deletes API destinations', async () => {
    const key = await eb.send(new DescribeConnectionCommand({ Name: 'key-conn' }));
    const oauth = await eb.send(new DescribeConnectionCommand({ Name: 'oauth-conn' }));
    const created = await eb.send(new CreateApiDestinationCommand({
      Name: 'orders-api', Description: 'orders', ConnectionArn: key.ConnectionArn, InvocationEndpoint: 'https://api.example.com/orders/*', HttpMethod: 'POST',
    }));
    assert.match(created.ApiDestinationArn!, /^arn:aws:events:us-east-1:000000000000:api-destination\/orders-api\/[0-9a-f-]{36}$/);
    assert.equal(created.ApiDestinationState, 'ACTIVE');
    await eb.send(new CreateApiDestinationCommand({ Name: 'audit-api', ConnectionArn: oauth.ConnectionArn, InvocationEndpoint: 'https://audit.example.com/', HttpMethod: 'PUT', InvocationRateLimitPerSecond: 10 }));
    const d = await eb.send(new DescribeApiDestinationCommand({ Name: 'orders-api' }));
    assert.deepEqual(
      [d.Name, d.Description, d.ConnectionArn, d.InvocationEndpoint, d.HttpMethod, d.InvocationRateLimitPerSecond],
      ['orders-api', 'orders', key.ConnectionArn, 'https://api.example.com/orders/*', 'POST', 300],
    );
    const byConnection = await eb.send(new ListApiDestinationsCommand({ ConnectionArn: oauth.ConnectionArn }));
    assert.deepEqual(byConnection.ApiDestinations?.map((a) => [a.Name, a.InvocationRateLimitPerSecond]), [['audit-api', 10]]);
    assert.equal((await eb.send(new ListApiDestinationsCommand({ NamePrefix: 'o' }))).ApiDestinations?.length, 1);
    const updated = await eb.send(new UpdateApiDestinationCommand({ Name: 'orders-api', InvocationRateLimitPerSecond: 5, HttpMethod: 'PATCH' }));
    assert.ok(updated.LastModifiedTime instanceof Date);
    const after = await eb.send(new DescribeApiDestinationCommand({ Name: 'orders-api' }));
    assert.deepEqual([after.HttpMethod, after.InvocationRateLimitPerSecond, after.InvocationEndpoint], ['PATCH', 5, 'https://api.example.com/orders/*']);
    await eb.send(new DeleteApiDestinationCommand({ Name: 'audit-api' }));
    assert.match(await errorName(eb.send(new DescribeApiDestinationCommand({ Name: 'audit-api' }))), /^ResourceNotFoundException/);
  });

  it('rejects bad API destinations with the AWS errors', async () => {
    const { ConnectionArn } = await eb.send(new DescribeConnectionCommand({ Name: 'key-conn' }));
    const base = { Name: 'x-api', ConnectionArn, InvocationEndpoint: 'https://x.example.com/', HttpMethod: 'POST' as const };
    assert.match(await errorName(eb.send(new CreateApiDestinationCommand({ ...base, ConnectionArn: `${ConnectionArn!.slice(0, -36)}00000000-0000-0000-0000-000000000000` }))), /^ResourceNotFoundException: Connection/);
    assert.match(await errorName(eb.send(new CreateApiDestinationCommand({ ...base, InvocationRateLimitPerSecond: 301 }))), /^ValidationException: .*invocationRateLimitPerSecond/);
    assert.match(await errorName(eb.send(new CreateApiDestinationCommand({ ...base, InvocationRateLimitPerSecond: 0 }))), /^ValidationException/);
    assert.match(await errorName(eb.send(new CreateApiDestinationCommand({ ...base, HttpMethod: 'CONNECT' as never }))), /^ValidationException: .*httpMethod/);
    assert.match(await errorName(eb.send(new CreateApiDestinationCommand({ ...base, InvocationEndpoint: 'not a url' }))), /^ValidationException: .*invocationEndpoint/);
    assert.match(await errorName(eb.send(new CreateApiDestinationCommand({ ...base, Name: 'orders-api' }))), /^ResourceAlreadyExistsException/);
    assert.match(await errorName(eb.send(new UpdateApiDestinationCommand({ Name: 'nope' }))), /^ResourceNotFoundException/);
  });
});
