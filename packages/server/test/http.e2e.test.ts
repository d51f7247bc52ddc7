/** The HTTP layer as clients see it: health, metrics, and AWS-shaped errors for bad requests. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_STORE, awsJson, startTestServer, type TestServer } from './helpers/server.js';

describe('HTTP layer', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.dispose();
  });

  it('answers GET /health with 200 and JSON status', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body['status'], 'ok');
    assert.equal(body['store'], TEST_STORE);
  });

  it('serves Prometheus metrics', async () => {
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /switchboard_process_cpu_seconds_total/);
    assert.match(text, /switchboard_store_commits \d+/);
    // Group commit is SQLite's: PostgreSQL commits each transaction on its own.
    if (TEST_STORE === 'sqlite') assert.match(text, /switchboard_store_commit_units \d+/);
  });

  it('answers an unknown X-Amz-Target with UnknownOperationException', async () => {
    const res = await awsJson(server.url, 'NoSuchService.DoThing', '{}');
    assert.equal(res.status, 400);
    assert.equal(res.json['__type'], 'UnknownOperationException');
    assert.ok(res.headers.get('x-amzn-requestid'));
  });

  it('answers a form POST with an unknown Action with an XML InvalidAction error', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=NoSuchAction&Version=2012-11-05',
    });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /<Code>InvalidAction<\/Code>/);
    assert.match(text, /<RequestId>[0-9a-f-]+<\/RequestId>/);
  });

  it('answers a body over the size limit with 413 in AWS shape and keeps serving', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: 'x'.repeat(5 * 1024 * 1024),
    });
    assert.equal(res.status, 413);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body['__type'], 'RequestEntityTooLarge');
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
  });
});

describe('query protocol over GET', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.dispose();
  });

  it('serves a GET with Action at a queue path', async () => {
    const create = await fetch(`${server.url}/?Action=CreateQueue&QueueName=get-queue&Version=2012-11-05`);
    assert.equal(create.status, 200);
    assert.match(await create.text(), /<QueueUrl>[^<]*\/000000000000\/get-queue<\/QueueUrl>/);
    const attrs = await fetch(`${server.url}/000000000000/get-queue?Action=GetQueueAttributes&AttributeName.1=All&Version=2012-11-05`);
    assert.equal(attrs.status, 200);
    assert.match(await attrs.text(), /<Name>QueueArn<\/Name><Value>arn:aws:sqs:us-east-1:000000000000:get-queue<\/Value>/);
  });

  it('answers 404 for a GET that is no API call', async () => {
    assert.equal((await fetch(`${server.url}/nothing-here`)).status, 404);
  });
});
