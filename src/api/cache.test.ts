import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerCache } from './cache.js';

describe('AnswerCache', () => {
  it('reuses an answer for ttl ms, then computes it again', async () => {
    let now = 0;
    let computed = 0;
    const cache = new AnswerCache<number>(1000, { now: () => now });
    const compute = async () => ++computed;
    assert.equal(await cache.get('a', compute), 1);
    now = 999;
    assert.equal(await cache.get('a', compute), 1);
    now = 1000;
    assert.equal(await cache.get('a', compute), 2);
    assert.equal(await cache.get('b', compute), 3, 'another key');
  });

  it('shares one computation between concurrent misses and keeps no failure', async () => {
    let computed = 0;
    const cache = new AnswerCache<number>(1000, { now: () => 0 });
    const [a, b] = await Promise.all([cache.get('k', async () => ++computed), cache.get('k', async () => ++computed)]);
    assert.deepEqual([a, b, computed], [1, 1, 1]);
    await assert.rejects(cache.get('bad', async () => Promise.reject(new Error('store down'))));
    assert.equal(await cache.get('bad', async () => 7), 7);
  });

  it('forgets the oldest beyond its size, everything on clear, and nothing is kept with ttl 0', async () => {
    const cache = new AnswerCache<string>(1000, { now: () => 0, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k);
    assert.equal(cache.size, 2);
    assert.equal(await cache.get('a', async () => 'again'), 'again');
    cache.clear();
    assert.equal(cache.size, 0);
    const off = new AnswerCache<number>(0);
    let n = 0;
    await off.get('k', async () => ++n);
    await off.get('k', async () => ++n);
    assert.equal(n, 2);
  });
});
