/** Targets through the AWS SDK: put, replace, list, remove, limits and every refusal. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateEventBusCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { expectAwsError, startFixture, unique, type Fixture } from './eventbridge-core-fixture.js';

const Q = (name: string): string => `arn:aws:sqs:us-east-1:000000000000:${name}`;
const BUS = (name: string): string => `arn:aws:events:us-east-1:000000000000:event-bus/${name}`;

describe('EventBridge targets', () => {
  let f: Fixture;
  let rule: string;
  const list = async (): Promise<Target[]> => (await f.eb.send(new ListTargetsByRuleCommand({ Rule: rule }))).Targets ?? [];

  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f.server.dispose();
  });
  beforeEach(async () => {
    rule = unique('rule');
    await f.eb.send(new PutRuleCommand({ Name: rule, EventPattern: '{"source":["x"]}' }));
  });

  it('puts targets with every setting and lists them back as given', async () => {
    const targets: Target[] = [
      {
        Id: 'full',
        Arn: Q('orders.fifo'),
        SqsParameters: { MessageGroupId: 'g1' },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 120 },
        DeadLetterConfig: { Arn: Q('dlq') },
        InputTransformer: { InputPathsMap: { s: '$.detail.state' }, InputTemplate: '{"state": <s>}' },
      },
      { Id: 'constant', Arn: Q('a'), Input: '{"fixed":true}' },
      { Id: 'path', Arn: Q('b'), InputPath: '$.detail' },
    ];
    const result = await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: targets }));
    assert.equal(result.FailedEntryCount, 0);
    assert.deepEqual(result.FailedEntries, []);
    assert.deepEqual(await list(), targets);
  });

  it('replaces a target with the same Id', async () => {
    await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 't', Arn: Q('one') }] }));
    await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 't', Arn: Q('two'), Input: '1' }] }));
    assert.deepEqual(await list(), [{ Id: 't', Arn: Q('two'), Input: '1' }]);
  });

  it('allows five targets per rule, and changes nothing when a request would exceed that', async () => {
    const five = [1, 2, 3, 4, 5].map((i) => ({ Id: `t${i}`, Arn: Q(`q${i}`) }));
    await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: five }));
    await expectAwsError(f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 't6', Arn: Q('q6') }] })), 'LimitExceededException');
    assert.equal((await list()).length, 5);
    await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 't1', Arn: Q('again') }] }));
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `x${i}`, Arn: Q('x') }));
    await expectAwsError(f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: eleven })), 'ValidationException', /at 'targets'.*less than or equal to 10/);
  });

  it('reports a target no target kind delivers to in FailedEntries and puts the others', async () => {
    const result = await f.eb.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [
          { Id: 'good', Arn: Q('fine') },
          { Id: 'alien', Arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s' },
        ],
      }),
    );
    assert.equal(result.FailedEntryCount, 1);
    assert.equal(result.FailedEntries?.[0]?.TargetId, 'alien');
    assert.equal(result.FailedEntries?.[0]?.ErrorCode, 'ValidationException');
    assert.match(result.FailedEntries?.[0]?.ErrorMessage ?? '', /not a supported target type/);
    assert.deepEqual((await list()).map((t) => t.Id), ['good']);
  });

  it('refuses a FIFO queue target without MessageGroupId', async () => {
    await expectAwsError(
      f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'fifo', Arn: Q('orders.fifo') }] })),
      'ValidationException',
      /SqsParameters must be specified for target: fifo/,
    );
    assert.deepEqual(await list(), []);
  });

  it('refuses conflicting or malformed inputs', async () => {
    const cases: Array<[Target, RegExp]> = [
      [{ Id: 't', Arn: Q('q'), Input: '{}', InputPath: '$.detail' }, /Only one of Input, InputPath or InputTransformer/],
      [{ Id: 't', Arn: Q('q'), Input: '{not json' }, /Input is not valid JSON/],
      [{ Id: 't', Arn: Q('q'), InputPath: 'detail.x' }, /InputPath is not valid/],
      [{ Id: 't', Arn: Q('q'), InputTransformer: { InputPathsMap: { a: '$.[' }, InputTemplate: '<a>' } }, /InputTransformer is not valid/],
      [{ Id: 't', Arn: Q('q'), InputTransformer: { InputPathsMap: { a: '$.a' }, InputTemplate: '{<a>: 1}' } }, /object keys/],
      [{ Id: 't', Arn: Q('q'), InputTransformer: { InputPathsMap: { 'bad.name': '$.a' }, InputTemplate: 'x' } }, /inputPathsMap/],
      [{ Id: 't', Arn: Q('q'), RetryPolicy: { MaximumRetryAttempts: 186 } }, /maximumRetryAttempts.*less than or equal to 185/],
      [{ Id: 't', Arn: Q('q'), RetryPolicy: { MaximumEventAgeInSeconds: 59 } }, /maximumEventAgeInSeconds.*greater than or equal to 60/],
      [{ Id: 't', Arn: Q('q'), DeadLetterConfig: { Arn: Q('dlq.fifo') } }, /FIFO/],
      [{ Id: 't', Arn: Q('q'), DeadLetterConfig: { Arn: 'arn:aws:sns:us-east-1:000000000000:t' } }, /not an SQS queue ARN/],
      [{ Id: 'bad id!', Arn: Q('q') }, /targets\.1\.member\.id/],
      [{ Id: 't', Arn: BUS('other'), InputPath: '$.detail' }, /not supported for event bus target/],
    ];
    for (const [target, message] of cases) {
      await expectAwsError(f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [target] })), 'ValidationException', message);
    }
    const many: Record<string, string> = {};
    for (let i = 0; i <= 100; i++) many[`v${i}`] = '$.a';
    await expectAwsError(
      f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 't', Arn: Q('q'), InputTransformer: { InputPathsMap: many, InputTemplate: 'x' } }] })),
      'ValidationException',
      /less than or equal to 100/,
    );
    await expectAwsError(
      f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'same', Arn: Q('a') }, { Id: 'same', Arn: Q('b') }] })),
      'ValidationException',
      /more than once/,
    );
    assert.deepEqual(await list(), []);
  });

  it('refuses a bus target that is the rule\u2019s own bus, accepts another bus', async () => {
    const bus = unique('tb');
    await f.eb.send(new CreateEventBusCommand({ Name: bus }));
    await f.eb.send(new PutRuleCommand({ Name: 'fwd', EventBusName: bus, EventPattern: '{"source":["x"]}' }));
    const result = await f.eb.send(
      new PutTargetsCommand({ Rule: 'fwd', EventBusName: bus, Targets: [{ Id: 'self', Arn: BUS(bus) }, { Id: 'other', Arn: BUS('default') }] }),
    );
    assert.equal(result.FailedEntryCount, 1);
    assert.equal(result.FailedEntries?.[0]?.TargetId, 'self');
    const targets = await f.eb.send(new ListTargetsByRuleCommand({ Rule: 'fwd', EventBusName: bus }));
    assert.deepEqual(targets.Targets?.map((t) => t.Id), ['other']);
  });

  it('needs an existing rule', async () => {
    await expectAwsError(
      f.eb.send(new PutTargetsCommand({ Rule: 'no-such-rule', Targets: [{ Id: 't', Arn: Q('q') }] })),
      'ResourceNotFoundException',
      /Rule no-such-rule does not exist/,
    );
    await expectAwsError(f.eb.send(new ListTargetsByRuleCommand({ Rule: 'no-such-rule' })), 'ResourceNotFoundException');
    await expectAwsError(f.eb.send(new RemoveTargetsCommand({ Rule: 'no-such-rule', Ids: ['t'] })), 'ResourceNotFoundException');
  });

  it('removes targets (unknown ids are ignored)', async () => {
    await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'a', Arn: Q('a') }, { Id: 'b', Arn: Q('b') }] }));
    const result = await f.eb.send(new RemoveTargetsCommand({ Rule: rule, Ids: ['a', 'ghost'] }));
    assert.equal(result.FailedEntryCount, 0);
    assert.deepEqual((await list()).map((t) => t.Id), ['b']);
  });

  it('lists targets page by page', async () => {
    const four = [1, 2, 3, 4].map((i) => ({ Id: `t${i}`, Arn: Q(`q${i}`) }));
    await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: four }));
    const first = await f.eb.send(new ListTargetsByRuleCommand({ Rule: rule, Limit: 3 }));
    assert.deepEqual(first.Targets?.map((t) => t.Id), ['t1', 't2', 't3']);
    const second = await f.eb.send(new ListTargetsByRuleCommand({ Rule: rule, Limit: 3, NextToken: first.NextToken }));
    assert.deepEqual(second.Targets?.map((t) => t.Id), ['t4']);
    assert.equal(second.NextToken, undefined);
  });
});
