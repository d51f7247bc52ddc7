/**
 * Shared fixture of the EventBridge core tests: a real server with EventBridge and SQS SDK
 * clients, queue helpers that read what targets received, and an error assertion for AWS
 * error shapes.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { ServerOptions } from '../src/index.js';
import { startTestServer, type TestServer } from './helpers/server.js';

export interface Fixture {
  readonly server: TestServer;
  readonly eb: EventBridgeClient;
  readonly sqs: SQSClient;
}

export async function startFixture(options: ServerOptions = {}): Promise<Fixture> {
  const server = await startTestServer(options);
  return { server, eb: new EventBridgeClient(server.clientConfig), sqs: new SQSClient(server.clientConfig) };
}

/** A name no other test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface Queue {
  readonly url: string;
  readonly arn: string;
}

export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<Queue> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl as string;
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attrs.Attributes?.['QueueArn'] as string };
}

/** Receives (and deletes) messages until `count` arrived or `timeoutMs` passed. */
export async function receive(sqs: SQSClient, url: string, count = 1, timeoutMs = 5000): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count && Date.now() < deadline) {
    const wait = Math.max(0, Math.min(1, Math.floor((deadline - Date.now()) / 1000)));
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: wait,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    for (const m of r.Messages ?? []) {
      got.push(m);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return got;
}

/** Receives exactly `count` messages and their parsed JSON bodies. */
export async function receiveJson(sqs: SQSClient, url: string, count = 1): Promise<Array<Record<string, unknown>>> {
  const messages = await receive(sqs, url, count);
  assert.equal(messages.length, count, `expected ${count} message(s) on ${url}`);
  return messages.map((m) => JSON.parse(m.Body as string) as Record<string, unknown>);
}

/** Asserts nothing arrives within `ms`. */
export async function expectNothing(sqs: SQSClient, url: string, ms = 300): Promise<void> {
  const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
  await new Promise((resolve) => setTimeout(resolve, ms));
  const later = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
  assert.deepEqual([...(r.Messages ?? []), ...(later.Messages ?? [])].map((m) => m.Body), []);
}

/** Asserts the promise rejects with an AWS error of this name (and status 400 unless said). */
export async function expectAwsError(promise: Promise<unknown>, name: string, message?: RegExp, status = 400): Promise<void> {
  await assert.rejects(promise, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** The value of a counter line in Prometheus text, 0 when absent. */
export async function metric(server: TestServer, line: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

/** Polls `check` until it holds or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
