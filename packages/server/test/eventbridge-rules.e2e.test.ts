/** Rules through the AWS SDK: patterns, schedules, state, listing, deletion, tags, TestEventPattern. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { expectAwsError, startFixture, unique, type Fixture } from './eventbridge-core-fixture.js';

const PREFIX = 'arn:aws:events:us-east-1:000000000000';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:rules-target';
const PATTERN = JSON.stringify({ source: ['shop'], detail: { total: [{ numeric: ['>', 10] }] } });

describe('EventBridge rules', () => {
  let f: Fixture;
  let bus: string;
  before(async () => {
    f = await startFixture();
    bus = unique('rules-bus');
    await f.eb.send(new CreateEventBusCommand({ Name: bus }));
  });
  after(async () => {
    await f.server.dispose();
  });

  it('puts a pattern rule on the default bus and on a custom bus (by name and by ARN)', async () => {
    const onDefault = await f.eb.send(new PutRuleCommand({ Name: 'big-orders', EventPattern: PATTERN, Description: 'big ones' }));
    assert.equal(onDefault.RuleArn, `${PREFIX}:rule/big-orders`);
    const onCustom = await f.eb.send(new PutRuleCommand({ Name: 'big-orders', EventBusName: bus, EventPattern: PATTERN }));
    assert.equal(onCustom.RuleArn, `${PREFIX}:rule/${bus}/big-orders`);
    const byArn = await f.eb.send(new PutRuleCommand({ Name: 'by-arn', EventBusName: `${PREFIX}:event-bus/${bus}`, EventPattern: PATTERN }));
    assert.equal(byArn.RuleArn, `${PREFIX}:rule/${bus}/by-arn`);

    const described = await f.eb.send(new DescribeRuleCommand({ Name: 'big-orders' }));
    assert.equal(described.Name, 'big-orders');
    assert.equal(described.Arn, `${PREFIX}:rule/big-orders`);
    assert.equal(described.EventPattern, PATTERN);
    assert.equal(described.State, 'ENABLED');
    assert.equal(described.Description, 'big ones');
    assert.equal(described.EventBusName, 'default');
    assert.equal(described.CreatedBy, '000000000000');
    const custom = await f.eb.send(new DescribeRuleCommand({ Name: 'big-orders', EventBusName: bus }));
    assert.equal(custom.EventBusName, bus);
  });

  it('refuses an invalid pattern with InvalidEventPatternException naming the place', async () => {
    await expectAwsError(
      f.eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"detail":{"price":[{"numeric":[">","cheap"]}]}}' })),
      'InvalidEventPatternException',
      /Event pattern is not valid\. Reason: detail\.price\[0\]\.numeric/,
    );
    await expectAwsError(f.eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{not json' })), 'InvalidEventPatternException');
    await expectAwsError(f.eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"x"}' })), 'InvalidEventPatternException', /source/);
    await expectAwsError(f.eb.send(new DescribeRuleCommand({ Name: 'bad' })), 'ResourceNotFoundException');
  });

  it('needs a pattern or a schedule, on an existing bus', async () => {
    await expectAwsError(f.eb.send(new PutRuleCommand({ Name: 'nothing' })), 'ValidationException', /EventPattern or ScheduleExpression/);
    await expectAwsError(
      f.eb.send(new PutRuleCommand({ Name: 'r', EventBusName: 'no-such-bus', EventPattern: PATTERN })),
      'ResourceNotFoundException',
      /Event bus no-such-bus does not exist/,
    );
    await expectAwsError(f.eb.send(new PutRuleCommand({ Name: 'bad name!', EventPattern: PATTERN })), 'ValidationException', /at 'name'/);
    await expectAwsError(f.eb.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN, State: 'ON' as never })), 'ValidationException', /enum value set/);
  });

  it('accepts valid schedules on the default bus only', async () => {
    const valid = [
      'rate(1 minute)',
      'rate(5 minutes)',
      'rate(1 hour)',
      'rate(2 days)',
      'cron(0 12 * * ? *)',
      'cron(5,35 14 * * ? *)',
      'cron(15 10 ? * 6L 2019-2030)',
      'cron(0/15 * * * ? *)',
      'cron(0/30 20-2 ? * MON-FRI *)',
      'cron(0 8 1W * ? *)',
      'cron(0 8 LW * ? *)',
      'cron(0 8 L * ? *)',
      'cron(0 0 ? * 3#2 *)',
      'cron(0 0 ? JAN,JUL SUN *)',
    ];
    for (const [i, expression] of valid.entries()) {
      const name = `sched-${i}`;
      await f.eb.send(new PutRuleCommand({ Name: name, ScheduleExpression: expression }));
      assert.equal((await f.eb.send(new DescribeRuleCommand({ Name: name }))).ScheduleExpression, expression);
      await f.eb.send(new DeleteRuleCommand({ Name: name }));
    }
    await expectAwsError(
      f.eb.send(new PutRuleCommand({ Name: 's', EventBusName: bus, ScheduleExpression: 'rate(5 minutes)' })),
      'ValidationException',
      /only on the default event bus/,
    );
  });

  it('refuses invalid schedules', async () => {
    const invalid = [
      'rate(1 minutes)',
      'rate(5 minute)',
      'rate(0 minutes)',
      'rate(1 second)',
      'rate(-1 hours)',
      'cron(0 12 * * *)',
      'cron(0 12 * * * *)',
      'cron(0 12 ? * ? *)',
      'cron(60 12 * * ? *)',
      'cron(0 24 * * ? *)',
      'cron(0 0 32 * ? *)',
      'cron(0 0 ? * 8 *)',
      'cron(0 0 ? * 3#1,6#3 *)',
      'cron(0 0 * 13 ? *)',
      'cron(0 0 * * ? 1969)',
      'every minute',
    ];
    for (const expression of invalid) {
      await expectAwsError(f.eb.send(new PutRuleCommand({ Name: 'bad-schedule', ScheduleExpression: expression })), 'ValidationException', /ScheduleExpression/);
    }
  });

  it('replaces a rule on PutRule: omitted settings are cleared, targets and tags kept', async () => {
    await f.eb.send(new PutRuleCommand({ Name: 'replace', EventPattern: PATTERN, Description: 'first', Tags: [{ Key: 'k', Value: 'v' }] }));
    await f.eb.send(new PutTargetsCommand({ Rule: 'replace', Targets: [{ Id: 't1', Arn: QUEUE }] }));
    await f.eb.send(new PutRuleCommand({ Name: 'replace', EventPattern: '{"source":["other"]}', State: 'DISABLED' }));
    const rule = await f.eb.send(new DescribeRuleCommand({ Name: 'replace' }));
    assert.equal(rule.Description, undefined);
    assert.equal(rule.State, 'DISABLED');
    assert.equal(rule.EventPattern, '{"source":["other"]}');
    const names = await f.eb.send(new ListRuleNamesByTargetCommand({ TargetArn: QUEUE }));
    assert.ok(names.RuleNames?.includes('replace'));
    const tags = await f.eb.send(new ListTagsForResourceCommand({ ResourceARN: `${PREFIX}:rule/replace` }));
    assert.deepEqual(tags.Tags, [{ Key: 'k', Value: 'v' }]);
  });

  it('enables and disables rules', async () => {
    await f.eb.send(new PutRuleCommand({ Name: 'toggle', EventPattern: PATTERN, State: 'DISABLED' }));
    assert.equal((await f.eb.send(new DescribeRuleCommand({ Name: 'toggle' }))).State, 'DISABLED');
    await f.eb.send(new EnableRuleCommand({ Name: 'toggle' }));
    assert.equal((await f.eb.send(new DescribeRuleCommand({ Name: 'toggle' }))).State, 'ENABLED');
    await f.eb.send(new DisableRuleCommand({ Name: 'toggle' }));
    assert.equal((await f.eb.send(new DescribeRuleCommand({ Name: 'toggle' }))).State, 'DISABLED');
    await expectAwsError(f.eb.send(new EnableRuleCommand({ Name: 'no-such-rule' })), 'ResourceNotFoundException', /Rule no-such-rule does not exist on EventBus default/);
    await expectAwsError(f.eb.send(new DisableRuleCommand({ Name: 'toggle', EventBusName: bus })), 'ResourceNotFoundException');
  });

  it('lists rules by bus and prefix, page by page', async () => {
    const listBus = unique('list-bus');
    await f.eb.send(new CreateEventBusCommand({ Name: listBus }));
    for (const name of ['a-1', 'a-2', 'a-3', 'b-1']) {
      await f.eb.send(new PutRuleCommand({ Name: name, EventBusName: listBus, EventPattern: PATTERN }));
    }
    const all = await f.eb.send(new ListRulesCommand({ EventBusName: listBus }));
    assert.deepEqual(all.Rules?.map((r) => r.Name), ['a-1', 'a-2', 'a-3', 'b-1']);
    assert.equal(all.Rules?.[0]?.Arn, `${PREFIX}:rule/${listBus}/a-1`);
    assert.equal(all.Rules?.[0]?.EventBusName, listBus);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await f.eb.send(new ListRulesCommand({ EventBusName: listBus, NamePrefix: 'a-', Limit: 2, NextToken: token }));
      seen.push(...(page.Rules ?? []).map((r) => r.Name as string));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen, ['a-1', 'a-2', 'a-3']);
    await expectAwsError(f.eb.send(new ListRulesCommand({ EventBusName: 'no-such-bus' })), 'ResourceNotFoundException');
  });

  it('deletes a rule only without targets, idempotently', async () => {
    await f.eb.send(new PutRuleCommand({ Name: 'doomed', EventPattern: PATTERN }));
    await f.eb.send(new PutTargetsCommand({ Rule: 'doomed', Targets: [{ Id: 't1', Arn: QUEUE }] }));
    await expectAwsError(f.eb.send(new DeleteRuleCommand({ Name: 'doomed' })), 'ValidationException', /has targets/);
    await expectAwsError(f.eb.send(new DeleteRuleCommand({ Name: 'doomed', Force: true })), 'ValidationException', /has targets/);
    await f.eb.send(new RemoveTargetsCommand({ Rule: 'doomed', Ids: ['t1'] }));
    await f.eb.send(new DeleteRuleCommand({ Name: 'doomed' }));
    await expectAwsError(f.eb.send(new DescribeRuleCommand({ Name: 'doomed' })), 'ResourceNotFoundException');
    await f.eb.send(new DeleteRuleCommand({ Name: 'doomed' }));
  });

  it('finds rule names by target ARN', async () => {
    const target = `arn:aws:sqs:us-east-1:000000000000:${unique('by-target')}`;
    for (const name of ['bt-2', 'bt-1', 'bt-3']) {
      await f.eb.send(new PutRuleCommand({ Name: name, EventPattern: PATTERN }));
      if (name !== 'bt-3') await f.eb.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'x', Arn: target }] }));
    }
    const first = await f.eb.send(new ListRuleNamesByTargetCommand({ TargetArn: target, Limit: 1 }));
    assert.deepEqual(first.RuleNames, ['bt-1']);
    const second = await f.eb.send(new ListRuleNamesByTargetCommand({ TargetArn: target, Limit: 1, NextToken: first.NextToken }));
    assert.deepEqual(second.RuleNames, ['bt-2']);
    assert.equal(second.NextToken, undefined);
  });

  it('tags rules', async () => {
    await f.eb.send(new PutRuleCommand({ Name: 'tagged', EventBusName: bus, EventPattern: PATTERN, Tags: [{ Key: 'a', Value: '1' }] }));
    const arn = `${PREFIX}:rule/${bus}/tagged`;
    await f.eb.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'b', Value: '2' }] }));
    const tags = await f.eb.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    await expectAwsError(f.eb.send(new ListTagsForResourceCommand({ ResourceARN: `${PREFIX}:rule/${bus}/none` })), 'ResourceNotFoundException');
  });

  describe('TestEventPattern', () => {
    const event = JSON.stringify({
      id: '1',
      account: '000000000000',
      source: 'shop',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'OrderPlaced',
      detail: { total: 20 },
    });

    it('says whether an event matches', async () => {
      assert.equal((await f.eb.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: event }))).Result, true);
      const small = event.replace('"total":20', '"total":5');
      assert.equal((await f.eb.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: small }))).Result, false);
    });

    it('refuses an invalid pattern', async () => {
      await expectAwsError(
        f.eb.send(new TestEventPatternCommand({ EventPattern: '{"source":[]}', Event: event })),
        'InvalidEventPatternException',
        /source/,
      );
    });

    it('refuses an event without the envelope fields or not JSON', async () => {
      await expectAwsError(
        f.eb.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: '{"source":"shop","detail":{}}' })),
        'ValidationException',
        /Parameter Event is not valid.*id, account, time, region, resources, detail-type/,
      );
      await expectAwsError(f.eb.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: '[1]' })), 'ValidationException', /JSON object/);
      await expectAwsError(f.eb.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: 'nope' })), 'ValidationException', /not valid JSON/);
    });
  });
});
