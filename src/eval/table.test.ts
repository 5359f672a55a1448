import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LivedResult } from './live.js';
import type { KindScore } from './score.js';
import { allMet, formatTable, meanOf } from './table.js';

const kind = (recall: number, strictPrecision: number): KindScore => ({
  kind: 'time_based', expected: 4, found: 5, recalled: 0, recall, strictPrecision, lenientPrecision: 1, missed: [], toleratedOnly: [], falsePositives: [],
});
const result = (seed: number, k: KindScore, falseAnomaliesPerWeek: number) =>
  ({ seed, kinds: [k], weeks: 6, patternsPerWeek: 10, falseAnomaliesPerWeek, offDays: 0, runs: { daily: 42, weekly: 6, monthly: 1 }, seconds: 1, truth: { first_day: '2026-09-20', last_day: '2026-10-31', days: 42, messy: true, dst_days: ['2026-10-25'], holidays: [], anomalies: [] } }) as unknown as LivedResult;

describe('the eval table', () => {
  it('averages the seeds, and misses the target on false anomalies even when every detector meets its own', () => {
    const mean = meanOf([result(1, kind(1, 0.9), 0.2), result(2, kind(0.8, 0.7), 1.0)]);
    assert.equal(mean.kinds[0]!.recall, 0.9);
    assert.ok(Math.abs(mean.kinds[0]!.strictPrecision - 0.8) < 1e-9);
    assert.ok(Math.abs(mean.falseAnomaliesPerWeek - 0.6) < 1e-9);
    assert.equal(allMet(mean), false);
    assert.equal(allMet({ ...mean, falseAnomaliesPerWeek: 0.5 }), true);
    assert.equal(allMet({ ...mean, kinds: [{ ...mean.kinds[0]!, strictPrecision: 0.79 }], falseAnomaliesPerWeek: 0 }), false);
  });

  it('prints each seed, then the mean, with strict beside lenient precision', () => {
    const lines = formatTable([result(1, kind(1, 0.9), 0.2), result(2, kind(0.5, 0.25), 3)], false);
    assert.ok(lines.some((l) => l.startsWith('mean over seeds 1, 2')));
    assert.ok(lines.some((l) => /^time_based +4 +5 +1\.000 +0\.900 +1\.000 +met$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^time_based +4 +5 +0\.500 +0\.250 +1\.000 +MISSED$/.test(l)));
    assert.equal(lines.filter((l) => l.startsWith('false anomalies per home-week')).length, 3);
  });
});
