import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitCounts, hoursNear, logGamma, lowerTail, median, normalUpperTail, quantile, surpriseOf, upperTail } from './model.js';

const close = (actual: number, expected: number, tolerance = 1e-6) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

describe('anomaly model', () => {
  it('log Γ matches known values, below ½ too (reflection)', () => {
    close(logGamma(5), Math.log(24), 1e-10);
    close(logGamma(1), 0, 1e-10);
    close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-10);
    close(logGamma(0.25), 1.2880225246980772, 1e-10);
    close(logGamma(100.5), 361.43554046777, 1e-8);
  });

  it('fits a negative binomial by moments, with the variance floored', () => {
    // mean 4, sample variance 4: floored to 4 + 16/10 = 5.6, so r = 16 / 1.6
    const m = fitCounts([2, 4, 6]);
    close(m.mean, 4);
    close(m.r, 10);
    // over-dispersed: sample variance 256 / 5 = 51.2 → r = 64 / 43.2
    const wide = fitCounts([0, 16, 8, 8, 0, 16]);
    close(wide.mean, 8);
    close(wide.r, 64 / (51.2 - 8));
    // a sparse entity: the floor of 1 gives a heavy tail
    const sparse = fitCounts([0, 0, 0, 0, 0, 0, 1]);
    close(sparse.r, (1 / 49) / (1 - 1 / 7));
    assert.deepEqual(fitCounts([0, 0, 0]), { mean: 0, r: 1 });
    assert.deepEqual(fitCounts([3]), { mean: 3, r: 9 / (3.9 - 3) });
  });

  it('gives exact tails: with r = 1 the negative binomial is geometric', () => {
    const geometric = { mean: 2, r: 1 }; // P(X = k) = ⅓ (⅔)^k
    close(upperTail(3, geometric), (2 / 3) ** 3);
    close(upperTail(1, geometric), 2 / 3);
    close(lowerTail(2, geometric), 1 - (2 / 3) ** 3);
    close(lowerTail(0, geometric), 1 / 3);
    assert.equal(upperTail(0, geometric), 1);
    assert.equal(upperTail(-1, geometric), 1);
    assert.equal(upperTail(3, { mean: 0, r: 1 }), 0);
    assert.equal(lowerTail(3, { mean: 0, r: 1 }), 1);
    // a far tail is summed, not 1 minus nearly 1
    const tight = { mean: 5, r: 1000 };
    assert.ok(upperTail(40, tight) > 0 && upperTail(40, tight) < 1e-15, String(upperTail(40, tight)));
    close(upperTail(6, tight) + lowerTail(5, tight), 1, 1e-9);
  });

  it('gives normal tails and reads surprise as −log10 p', () => {
    close(normalUpperTail(1.959964), 0.025, 1e-6);
    close(normalUpperTail(-1.959964), 0.975, 1e-6);
    close(normalUpperTail(0), 0.5, 1e-7);
    close(normalUpperTail(3), 0.0013499, 1e-6);
    close(surpriseOf(0.001), 3, 1e-12);
    assert.equal(surpriseOf(0), 300);
    assert.equal(surpriseOf(1e-320), 300);
    close(surpriseOf(1), 0);
  });

  it('reads quantiles by nearest rank, medians, and hours near others around midnight', () => {
    assert.equal(quantile([5, 1, 3, 2, 4], 0.1), 1);
    assert.equal(quantile([5, 1, 3, 2, 4], 0.9), 5);
    assert.equal(quantile([5, 1, 3, 2, 4], 0.5), 3);
    assert.equal(quantile([5, 1, 3, 2, 4], 0), 1);
    assert.equal(quantile([], 0.5), 0);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), 0);
    assert.deepEqual([...hoursNear([23], 2)].sort((a, b) => a - b), [0, 1, 21, 22, 23]);
    assert.deepEqual([...hoursNear([0, 12], 1)].sort((a, b) => a - b), [0, 1, 11, 12, 13, 23]);
    assert.deepEqual([...hoursNear([5], 0)], [5]);
  });
});
