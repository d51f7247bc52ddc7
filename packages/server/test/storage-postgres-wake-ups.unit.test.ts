/**
 * The PostgreSQL engine's coalescing wake-up sender (queue-wake-ups.ts), without a database:
 * what it sends, how it batches commits that happen while a NOTIFY is in flight, and that a
 * failed send is dropped rather than retried forever.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WakeUpSender } from '../src/storage/postgres/queue-wake-ups.js';

/** A `run` that records texts and resolves each only when told to. */
function gated(): { texts: string[]; run: (text: string) => Promise<void>; release(error?: Error): void } {
  const texts: string[] = [];
  const waiting: Array<(error?: Error) => void> = [];
  return {
    texts,
    run: (text) => {
      texts.push(text);
      return new Promise<void>((resolve, reject) => waiting.push((error) => (error ? reject(error) : resolve())));
    },
    release: (error) => waiting.shift()?.(error),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WakeUpSender', () => {
  it('sends one NOTIFY per queue, escaped, in one text', async () => {
    const g = gated();
    const sender = new WakeUpSender('switchboard_queue.s', (arn) => `node ${arn}`, g.run);
    sender.add(['arn:a', "arn:it's", 'arn:a']);
    await tick();
    assert.deepEqual(g.texts, [`NOTIFY "switchboard_queue.s", 'node arn:a'; NOTIFY "switchboard_queue.s", 'node arn:it''s'`]);
    g.release();
    await sender.flush();
    assert.deepEqual({ sent: sender.sent, carried: sender.carried }, { sent: 1, carried: 2 });
  });

  it('coalesces the commits made while a NOTIFY is in flight into the next one', async () => {
    const g = gated();
    const sender = new WakeUpSender('c', (arn) => arn, g.run);
    sender.add(['q1']);
    await tick();
    for (const q of ['q2', 'q3', 'q2', 'q1']) sender.add([q]);
    await tick();
    assert.equal(g.texts.length, 1, 'one transaction in flight at a time');
    g.release();
    await tick();
    assert.deepEqual(g.texts[1], `NOTIFY "c", 'q2'; NOTIFY "c", 'q3'; NOTIFY "c", 'q1'`);
    g.release();
    await sender.flush();
    assert.equal(sender.sent, 2);
  });

  it('drops a batch whose send failed and goes on with the next', async () => {
    const g = gated();
    const sender = new WakeUpSender('c', (arn) => arn, g.run);
    sender.add(['q1']);
    await tick();
    sender.add(['q2']);
    g.release(new Error('connection lost'));
    await tick();
    assert.equal(g.texts.length, 2);
    g.release();
    await sender.flush();
    assert.deepEqual({ sent: sender.sent, carried: sender.carried }, { sent: 1, carried: 1 });
  });

  it('stops waiting for a send that hangs after the flush timeout', async () => {
    const g = gated();
    const sender = new WakeUpSender('c', (arn) => arn, g.run);
    sender.add(['q1']);
    const started = Date.now();
    await sender.flush(50);
    assert.ok(Date.now() - started < 1000);
    g.release();
  });
});
