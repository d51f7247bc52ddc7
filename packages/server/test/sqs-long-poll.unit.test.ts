/** Long polling: a signal wakes one sleeping receive, and a receive that filled up passes it on. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../src/core/clock.js';
import { LongPolls } from '../src/services/sqs/long-poll.js';
import { LocalQueueSignals } from '../src/storage/queue-signals.js';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:q';
const tick = () => new Promise((r) => setTimeout(r, 5));

/** A queue of `available` messages that receivers take up to `max` at a time, counting attempts. */
function fakeQueue(max: number) {
  const state = { available: 0, attempts: 0 };
  const attempt = async () => {
    state.attempts++;
    const taken = Math.min(max, state.available);
    state.available -= taken;
    return { result: taken, done: taken > 0, full: taken >= max };
  };
  return { state, attempt };
}

describe('long polls', () => {
  it('wake one sleeping receive per signal', async () => {
    const signals = new LocalQueueSignals();
    const polls = new LongPolls(signals, systemClock);
    const { state, attempt } = fakeQueue(10);
    const deadline = Date.now() + 2_000;
    const results = [0, 1, 2, 3].map(() => polls.poll(QUEUE, deadline, attempt));
    await tick();
    assert.equal(state.attempts, 4);
    assert.equal(polls.waiting, 4);
    state.available = 7;
    signals.notify(QUEUE);
    await tick();
    assert.equal(state.attempts, 5, 'one receive woke');
    assert.equal(polls.waiting, 3);
    polls.stop();
    assert.deepEqual((await Promise.all(results)).sort(), [0, 0, 0, 7]);
  });

  it('pass the signal on when a receive took all it asked for', async () => {
    const signals = new LocalQueueSignals();
    const polls = new LongPolls(signals, systemClock);
    const { state, attempt } = fakeQueue(10);
    const deadline = Date.now() + 2_000;
    const results = [0, 1, 2, 3].map(() => polls.poll(QUEUE, deadline, attempt));
    await tick();
    state.available = 25;
    signals.notify(QUEUE);
    await tick();
    assert.equal(state.available, 0);
    assert.equal(polls.waiting, 1);
    polls.stop();
    assert.deepEqual((await Promise.all(results)).sort((a, b) => a - b), [0, 5, 10, 10]);
  });

  it('attempt again when a signal comes during an attempt that found nothing', async () => {
    const signals = new LocalQueueSignals();
    const polls = new LongPolls(signals, systemClock);
    let attempts = 0;
    const result = polls.poll(QUEUE, Date.now() + 2_000, async () => {
      attempts++;
      if (attempts === 1) signals.notify(QUEUE); // a send committed while this attempt read
      return { result: attempts, done: attempts === 2 };
    });
    assert.equal(await result, 2);
    assert.equal(polls.waiting, 0);
  });
});
