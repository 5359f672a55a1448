import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { add, type Histogram, merge, quantile } from './histogram.js';

describe('duration histogram (the one sketch)', () => {
  it('reads quantiles within 2.5 % of the exact value for durations ≥ 1 s', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 7 * 86400, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.1, 0.25, 0.5, 0.75, 0.9), (values, q) => {
        const h: Histogram = {};
        for (const v of values) add(h, v);
        const sorted = [...values].sort((a, b) => a - b);
        const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
        const estimate = quantile(h, q)!;
        return Math.abs(estimate - exact) / exact <= 0.025;
      }),
      { numRuns: 500 },
    );
  });

  it('merges exactly: merged days equal one histogram of all values', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 100000 }), { maxLength: 50 }), { maxLength: 10 }), (days) => {
        const merged: Histogram = {};
        const all: Histogram = {};
        for (const d of days) {
          const h: Histogram = {};
          for (const v of d) {
            add(h, v);
            add(all, v);
          }
          merge(merged, h);
        }
        assert.deepEqual(merged, all);
      }),
    );
  });
});
