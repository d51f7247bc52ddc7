/**
 * Acknowledged means durable: deliveries accepted before a restart are made after it, and
 * deliveries a crashed node had leased are taken over once its lease runs out. The first
 * server runs with SWITCHBOARD_EVENTS_DISPATCH=off so its deliveries stay pending on disk.
 */
process.env['SWITCHBOARD_EVENTS_POLL_MS'] = '50';

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { createQueue, expectNothing, receiveJson, startFixture, unique, type Fixture } from './eventbridge-core-fixture.js';

describe('EventBridge deliveries across restarts', () => {
  const dirs: string[] = [];
  const freshDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers, after a restart, what was accepted but not yet delivered', async () => {
    const dir = freshDir();
    process.env['SWITCHBOARD_EVENTS_DISPATCH'] = 'off';
    let f: Fixture = await startFixture({ dataDir: dir });
    const queue = await createQueue(f.sqs, unique('later'));
    await f.eb.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["restart"]}' }));
    await f.eb.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    const entries = [0, 1, 2, 3, 4].map((i) => ({ Source: 'restart', DetailType: 'x', Detail: JSON.stringify({ i }) }));
    const put = await f.eb.send(new PutEventsCommand({ Entries: entries }));
    assert.equal(put.FailedEntryCount, 0);
    await expectNothing(f.sqs, queue.url, 200);
    assert.equal(await f.server.store.events.pendingCount(), 5);
    await f.server.close();

    delete process.env['SWITCHBOARD_EVENTS_DISPATCH'];
    f = await startFixture({ dataDir: dir });
    try {
      const events = await receiveJson(f.sqs, queue.url, 5);
      assert.deepEqual(events.map((e) => (e['detail'] as { i: number }).i).sort(), [0, 1, 2, 3, 4]);
      assert.deepEqual(events.map((e) => e['id']).sort(), (put.Entries ?? []).map((e) => e.EventId).sort());
    } finally {
      await f.server.close();
    }
  });

  it('takes over the deliveries of a crashed node when its lease runs out', async () => {
    const f = await startFixture({ dataDir: freshDir() });
    try {
      const queue = await createQueue(f.sqs, unique('orphan'));
      const now = Date.now();
      const event = { version: '0', id: randomUUID(), 'detail-type': 'x', source: 'crash', account: '000000000000', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { orphan: true } };
      await f.server.store.events.enqueue(
        [
          {
            event: JSON.stringify(event),
            deliveries: [
              {
                id: randomUUID(),
                busArn: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
                ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/gone',
                target: JSON.stringify({ Id: 'q', Arn: queue.arn }),
                enqueuedAt: now,
                nextAttemptAt: now,
              },
            ],
          },
        ],
        { owner: 'crashed-node', until: now + 1500 },
      );
      await expectNothing(f.sqs, queue.url, 200);
      const [delivered] = await receiveJson(f.sqs, queue.url);
      assert.equal(delivered?.['id'], event.id);
    } finally {
      await f.server.dispose();
    }
  });
});
