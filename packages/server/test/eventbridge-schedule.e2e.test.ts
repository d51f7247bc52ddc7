/**
 * Scheduled rules fire, through the AWS SDK. Time is the server's clock (ServerOptions.clock):
 * this test runs it at wall-clock speed plus an offset and moves the offset forward, so a
 * `rate(1 minute)` rule is due at once. SWITCHBOARD_EVENTS_POLL_MS=50 makes the schedule loop
 * notice a moved clock within 50 ms (production: 1 s).
 */
process.env['SWITCHBOARD_EVENTS_POLL_MS'] = '50';

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DisableRuleCommand, EnableRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { createQueue, expectNothing, receiveJson, startFixture, unique, type Fixture, type Queue } from './eventbridge-core-fixture.js';

const MINUTE = 60_000;

describe('EventBridge scheduled rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-schedule-'));
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  let f: Fixture;

  before(async () => {
    f = await startFixture({ dataDir: dir, clock });
  });
  after(async () => {
    await f.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scheduled(expression: string): Promise<{ rule: string; queue: Queue }> {
    const queue = await createQueue(f.sqs, unique('ticks'));
    const rule = unique('every');
    await f.eb.send(new PutRuleCommand({ Name: rule, ScheduleExpression: expression }));
    await f.eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'q', Arn: queue.arn }] }));
    return { rule, queue };
  }

  it('fires a rate(1 minute) rule once a minute with the scheduled-event envelope', async () => {
    const { rule, queue } = await scheduled('rate(1 minute)');
    await expectNothing(f.sqs, queue.url, 200);
    offset += MINUTE + 1000;
    const [tick] = await receiveJson(f.sqs, queue.url);
    assert.equal(tick?.['source'], 'aws.events');
    assert.equal(tick?.['detail-type'], 'Scheduled Event');
    assert.equal(tick?.['account'], '000000000000');
    assert.equal(tick?.['region'], 'us-east-1');
    assert.deepEqual(tick?.['resources'], [`arn:aws:events:us-east-1:000000000000:rule/${rule}`]);
    assert.deepEqual(tick?.['detail'], {});
    assert.match(tick?.['time'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(tick?.['id'] as string, /^[0-9a-f-]{36}$/);
    await expectNothing(f.sqs, queue.url, 200);
    offset += MINUTE;
    assert.equal((await receiveJson(f.sqs, queue.url)).length, 1);
  });

  it('fires a cron rule at its matching minutes', async () => {
    const { queue } = await scheduled('cron(* * * * ? *)');
    offset += MINUTE;
    assert.equal((await receiveJson(f.sqs, queue.url)).length, 1);
  });

  it('stops firing while disabled and starts again when enabled', async () => {
    const { rule, queue } = await scheduled('rate(1 minute)');
    await f.eb.send(new DisableRuleCommand({ Name: rule }));
    offset += 2 * MINUTE;
    await expectNothing(f.sqs, queue.url, 300);
    await f.eb.send(new EnableRuleCommand({ Name: rule }));
    offset += MINUTE + 1000;
    assert.equal((await receiveJson(f.sqs, queue.url)).length, 1);
  });

  it('keeps its schedule across a restart: a tick missed while down fires once, none is doubled', async () => {
    const { queue } = await scheduled('rate(1 minute)');
    offset += MINUTE + 1000;
    assert.equal((await receiveJson(f.sqs, queue.url)).length, 1);
    await f.server.close();
    offset += 5 * MINUTE;
    f = await startFixture({ dataDir: dir, clock });
    assert.equal((await receiveJson(f.sqs, queue.url)).length, 1, 'the missed ticks fire once');
    await expectNothing(f.sqs, queue.url, 300);
    await f.server.close();
    f = await startFixture({ dataDir: dir, clock });
    await expectNothing(f.sqs, queue.url, 300);
    offset += MINUTE;
    assert.equal((await receiveJson(f.sqs, queue.url)).length, 1);
  });
});
