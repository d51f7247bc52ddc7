/** The README's AWS SDK example, run as written (only the endpoint differs). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('README example', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.dispose();
  });

  it('routes an event through a rule to a queue', async () => {
    const config = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    const events = new EventBridgeClient(config), sqs = new SQSClient(config);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
    await events.send(new PutRuleCommand({ Name: 'big-orders', EventPattern: JSON.stringify({ source: ['shop'], detail: { total: [{ numeric: ['>=', 100] }] } }) }));
    await events.send(new PutTargetsCommand({ Rule: 'big-orders', Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:orders' }] }));
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: JSON.stringify({ total: 250 }) }] }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    assert.deepEqual(JSON.parse(Messages![0]!.Body!).detail, { total: 250 });
  });
});
