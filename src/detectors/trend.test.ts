import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trendOf } from './trend.js';

const series = (ys: readonly number[]) => ys.map((y, x) => ({ x, y }));

describe('trendOf: Theil–Sen slope and Mann–Kendall z', () => {
  it('reads a clean rise: every pair concordant', () => {
    const t = trendOf(series([1, 2, 3, 4, 5, 6]))!;
    assert.equal(t.slope, 1);
    // S = 15, var = 6·5·17/18 = 28.33…, z = (15 − 1)/√var
    assert.ok(Math.abs(t.z - 14 / Math.sqrt((6 * 5 * 17) / 18)) < 1e-12, String(t.z));
  });

  it('reads a fall with its sign, and an outlier day does not move the slope', () => {
    const t = trendOf(series([10, 8, 6, 100, 2, 0]))!;
    assert.equal(t.slope, -2);
    assert.ok(t.z < 0);
  });

  it('gives z 0 and the median slope when the order is chance', () => {
    const t = trendOf(series([1, 5, 5, 1]))!;
    assert.equal(t.z, 0);
    assert.equal(t.slope, 0);
  });

  it('takes the middle of an even number of slopes', () => {
    // six slopes: 1, 1, 5/3, 2, 2, 3 → the median is between 5/3 and 2
    const t = trendOf([{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }, { x: 3, y: 5 }])!;
    assert.ok(Math.abs(t.slope - (5 / 3 + 2) / 2) < 1e-12, String(t.slope));
  });

  it('skips pairs on the same day and needs three distinct days', () => {
    assert.equal(trendOf([{ x: 0, y: 1 }, { x: 0, y: 5 }, { x: 1, y: 2 }]), null);
    const t = trendOf([{ x: 0, y: 1 }, { x: 0, y: 3 }, { x: 1, y: 2 }, { x: 2, y: 3 }])!;
    assert.equal(t.slope, 1);
  });
});
