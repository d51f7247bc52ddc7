/**
 * Bad input to EventBridge, raw and through the SDK: every refusal has AWS's JSON error shape
 * and status, names the field, changes nothing, and the server keeps serving.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { expectAwsError, startFixture, type Fixture } from './eventbridge-core-fixture.js';
import { awsJson } from './helpers/server.js';

describe('EventBridge bad input', () => {
  let f: Fixture;
  const call = (op: string, body: string) => awsJson(f.server.url, `AWSEvents.${op}`, body);

  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f.server.dispose();
  });

  async function expectError(op: string, body: string, type: string, message?: RegExp): Promise<void> {
    const res = await call(op, body);
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.equal(res.json['__type'], type, JSON.stringify(res.json));
    assert.equal(res.headers.get('x-amzn-errortype'), type);
    assert.match(res.headers.get('content-type') ?? '', /application\/x-amz-json-1\.1/);
    assert.ok(res.headers.get('x-amzn-requestid'));
    if (message) assert.match(String(res.json['message']), message);
  }

  it('answers malformed JSON with SerializationException', async () => {
    await expectError('PutEvents', '{"Entries": [', 'SerializationException', /not valid JSON/);
    await expectError('PutRule', '[1, 2]', 'SerializationException');
  });

  it('answers wrong types with SerializationException naming the member', async () => {
    await expectError('PutRule', '{"Name": 123, "EventPattern": "{}"}', 'SerializationException', /'name'/);
    await expectError('PutEvents', '{"Entries": "nope"}', 'SerializationException', /'entries'/);
    await expectError('PutEvents', '{"Entries": [42]}', 'SerializationException', /entries\.1\.member/);
    await expectError('PutEvents', '{"Entries": [{"Source": "s", "DetailType": "d", "Detail": {"a": 1}}]}', 'SerializationException', /detail/);
    await expectError('PutTargets', '{"Rule": "r", "Targets": [{"Id": "t", "Arn": "a", "RetryPolicy": {"MaximumRetryAttempts": "3"}}]}', 'SerializationException', /maximumRetryAttempts/);
    await expectError('ListRules', '{"Limit": 1.5}', 'SerializationException', /limit/);
  });

  it('answers missing and out-of-range members with ValidationException in AWS words', async () => {
    await expectError('PutRule', '{}', 'ValidationException', /Value null at 'name' failed to satisfy constraint: Member must not be null/);
    await expectError('ListRules', '{"Limit": 0}', 'ValidationException', /at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/);
    await expectError('PutRule', `{"Name": "${'n'.repeat(65)}", "EventPattern": "{}"}`, 'ValidationException', /1 validation error detected/);
    await expectError('CreateEventBus', '{"Name": "bad name", "Description": "' + 'd'.repeat(513) + '"}', 'ValidationException', /2 validation errors detected/);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    await expectError('NoSuchOperation', '{}', 'UnknownOperationException');
  });

  it('answers unknown buses and rules with ResourceNotFoundException', async () => {
    await expectError('DescribeEventBus', '{"Name": "ghost"}', 'ResourceNotFoundException', /Event bus ghost does not exist/);
    await expectError('DescribeRule', '{"Name": "ghost"}', 'ResourceNotFoundException', /Rule ghost does not exist on EventBus default/);
    await expectError('DescribeRule', '{"Name": "ghost", "EventBusName": "arn:aws:events:us-east-1:000000000000:event-bus/nobus"}', 'ResourceNotFoundException', /nobus/);
    await expectError('DescribeEventBus', '{"Name": "arn:aws:sqs:us-east-1:000000000000:q"}', 'ValidationException');
  });

  it('refuses more than 10 entries, and none', async () => {
    const entry: PutEventsRequestEntry = { Source: 's', DetailType: 'd', Detail: '{}' };
    await expectAwsError(f.eb.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })), 'ValidationException', /at 'entries'.*less than or equal to 10/);
    await expectAwsError(f.eb.send(new PutEventsCommand({ Entries: [] })), 'ValidationException', /at 'entries'.*greater than or equal to 1/);
    await expectError('PutEvents', '{}', 'ValidationException', /Value null at 'entries'/);
  });

  it('refuses entries over 1 MiB in total, counted as EventBridge counts them', async () => {
    const detail = (bytes: number): string => `{"x":"${'a'.repeat(bytes - 8)}"}`;
    // Source (1) + DetailType (1) + Detail: exactly 1 MiB is accepted, one byte more is not.
    const fits = 1024 * 1024 - 2;
    const ok = await f.eb.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: detail(fits) }] }));
    assert.equal(ok.FailedEntryCount, 0);
    await expectAwsError(
      f.eb.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: detail(fits + 1) }] })),
      'ValidationException',
      /Total size of the entries in the request is over the limit/,
    );
    // Time counts 14 bytes, multi-byte characters by their UTF-8 size, and the sizes of all entries add up.
    await expectAwsError(
      f.eb.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: detail(fits - 13), Time: new Date() }] })),
      'ValidationException',
    );
    const euro = `{"x":"${'€'.repeat(350_000)}"}`;
    await expectAwsError(f.eb.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: euro }] })), 'ValidationException');
    const half = detail(600_000);
    await expectAwsError(
      f.eb.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: half }, { Source: 's', DetailType: 'd', Detail: half }] })),
      'ValidationException',
    );
  });

  it('refuses an entry whose Time is out of range, per entry', async () => {
    const res = await call('PutEvents', JSON.stringify({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}', Time: 1e20 }, { Source: 's', DetailType: 'd', Detail: '{}', Time: 1.7e9 }] }));
    assert.equal(res.status, 200);
    assert.equal(res.json['FailedEntryCount'], 1);
    const entries = res.json['Entries'] as Array<Record<string, string>>;
    assert.equal(entries[0]?.['ErrorCode'], 'InvalidArgument');
    assert.match(entries[0]?.['ErrorMessage'] ?? '', /Time/);
    assert.ok(entries[1]?.['EventId']);
  });

  it('refuses a Detail nested deeper than 1100 levels, per entry', async () => {
    const deep = (n: number): string => `{"a":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
    const r = await f.eb.send(
      new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: deep(1100) }, { Source: 's', DetailType: 'd', Detail: deep(1101) }] }),
    );
    assert.equal(r.FailedEntryCount, 1);
    assert.ok(r.Entries?.[0]?.EventId);
    assert.equal(r.Entries?.[1]?.ErrorCode, 'MalformedDetail');
    assert.match(r.Entries?.[1]?.ErrorMessage ?? '', /1100/);
  });

  it('keeps serving after all of that', async () => {
    assert.equal((await fetch(`${f.server.url}/health`)).status, 200);
    const r = await f.eb.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] }));
    assert.equal(r.FailedEntryCount, 0);
  });
});
