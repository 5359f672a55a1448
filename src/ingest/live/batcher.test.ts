import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateEvent } from '../../events/model.js';
import type { AppendResult } from '../../storage/types.js';
import { EventBatcher } from './batcher.js';
import { RateMeter } from './metrics.js';
import { waitFor } from '../../testing/wait.js';

const event = (i: number): StateEvent => ({ time: 1_700_000_000_000 + i, entityId: `light.l${i % 3}`, domain: 'light', state: 'on', oldState: 'off', attributes: {}, deviceId: null, areaId: null, cause: 'system' });

/** A store whose appends take `ms` and may fail on command. */
function store(ms = 0) {
  const batches: StateEvent[][] = [];
  let failNext = 0;
  return {
    batches,
    fail(n: number) {
      failNext = n;
    },
    async append(events: readonly StateEvent[]): Promise<AppendResult> {
      await new Promise((r) => setTimeout(r, ms));
      if (failNext > 0) {
        failNext--;
        throw new Error('disk unhappy');
      }
      batches.push([...events]);
      return { inserted: events.length, duplicates: 0 };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EventBatcher', () => {
  it('waits at most flush_ms for a small batch; a full one goes at once, with what queued behind it', async () => {
    const s = store();
    const b = new EventBatcher(s, { batchSize: 10, flushMs: 60, maxQueued: 1000 });
    for (let i = 0; i < 3; i++) b.add(event(i));
    await sleep(20);
    assert.deepEqual(s.batches.length, 0);
    assert.equal(b.queued, 3);
    // Under load a timer fires late, never early: wait for the flush instead of sleeping a guess.
    await waitFor(() => s.batches.length > 0, 'the timed flush');
    assert.deepEqual(s.batches.map((x) => x.length), [3]);
    for (let i = 3; i < 16; i++) b.add(event(i));
    await waitFor(() => b.queued === 0 && s.batches.length >= 3, 'the full batch and what queued behind it');
    assert.deepEqual(s.batches.map((x) => x.length), [3, 10, 3]);
    assert.equal(b.queued, 0);
  });

  it('groups what arrives during a write into the next one (group commit)', async () => {
    const s = store(30);
    const b = new EventBatcher(s, { batchSize: 500, flushMs: 1, maxQueued: 10_000 });
    b.add(event(0));
    await sleep(5); // the first write is running
    for (let i = 1; i <= 200; i++) b.add(event(i));
    await b.flush();
    assert.deepEqual(s.batches.map((x) => x.length), [1, 200]);
  });

  it('keeps events through failed writes and retries them in order', async () => {
    const s = store();
    const errors: number[] = [];
    const b = new EventBatcher(s, { batchSize: 5, flushMs: 1, maxQueued: 100, retryMs: 5, onWriteError: (_e, attempt) => errors.push(attempt) });
    s.fail(2);
    for (let i = 0; i < 7; i++) b.add(event(i));
    await sleep(2);
    assert.equal(b.failing, true);
    await b.flush();
    assert.deepEqual(errors, [1, 2]);
    assert.equal(b.failing, false);
    assert.deepEqual(s.batches.flat().map((e) => e.time - 1_700_000_000_000), [0, 1, 2, 3, 4, 5, 6]);
  });

  it('drops beyond maxQueued and says so', async () => {
    const s = store(20);
    const dropped: number[] = [];
    const b = new EventBatcher(s, { batchSize: 2, flushMs: 1, maxQueued: 4, onDrop: (e) => dropped.push(e.time - 1_700_000_000_000) });
    const accepted = Array.from({ length: 6 }, (_, i) => b.add(event(i)));
    assert.deepEqual(accepted, [true, true, true, true, false, false]);
    assert.deepEqual(dropped, [4, 5]);
    await b.close();
    assert.equal(s.batches.flat().length, 4);
  });

  it('close() stores what is queued and leaves no timer behind', async () => {
    const s = store();
    const b = new EventBatcher(s, { batchSize: 100, flushMs: 10_000, maxQueued: 1000 });
    for (let i = 0; i < 5; i++) b.add(event(i));
    await b.close();
    assert.equal(s.batches.flat().length, 5);
  });
});

describe('RateMeter', () => {
  it('averages over the complete seconds of its window', () => {
    let now = 1_000_000;
    const meter = new RateMeter(5, () => now);
    for (let s = 0; s < 4; s++) {
      meter.mark(100);
      now += 1000;
    }
    assert.equal(meter.perSecond(), 100);
    now += 10_000; // idle longer than the window
    assert.equal(meter.perSecond(), 0);
  });
});
