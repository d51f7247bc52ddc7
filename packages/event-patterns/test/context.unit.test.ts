/** ContextLog: the engine's flat per-event store of array contexts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContextLog, consistent } from '../src/context.js';

describe('ContextLog', () => {
  it('agrees exactly where consistent() does', () => {
    const contexts = [[], [1, 0], [1, 1], [1, 0, 2, 0], [1, 0, 2, 1], [3, 0], [1, 1, 4, 0]];
    const log = new ContextLog();
    const ids = contexts.map((c) => log.take(c, c.length));
    for (let a = 0; a < contexts.length; a++) {
      for (let b = 0; b < contexts.length; b++) {
        assert.equal(log.agree(ids[a]!, ids[b]!), consistent(contexts[a]!, contexts[b]!), `${contexts[a]} / ${contexts[b]}`);
      }
      assert.equal(log.agree(-1, ids[a]!), true);
      assert.equal(log.agree(ids[a]!, -1), true);
    }
  });

  it('takes a prefix of the stack and grows past its initial sizes', () => {
    const log = new ContextLog();
    const ids: number[] = [];
    for (let i = 0; i < 1000; i++) ids.push(log.take([7, i, 8, 0], 2));
    assert.equal(log.agree(ids[0]!, ids[999]!), false);
    assert.equal(log.agree(ids[5]!, log.take([7, 5], 2)), true);
  });

  it('links records into lists and starts over on reset', () => {
    const log = new ContextLog();
    const s = log.take([1, 0], 2);
    let head = -1;
    let tail = -1;
    for (let i = 0; i < 600; i++) {
      tail = log.add(s, tail);
      if (head < 0) head = tail;
    }
    let n = 0;
    for (let r = head; r >= 0; r = log.next[r]!) n++;
    assert.equal(n, 600);
    log.reset();
    assert.equal(log.take([2, 0], 2), 0);
    assert.equal(log.add(0, -1), 0);
  });
});
