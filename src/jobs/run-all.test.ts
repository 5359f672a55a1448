import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DETECTOR_SETTINGS as S } from '../detectors/settings.js';
import { simulateDays } from '../simulate/index.js';
import { openTestStorage } from '../testing/backends.js';
import { calendar } from '../testing/home.js';
import { tempDirs } from '../testing/temp.js';
import { DEFAULT_RETENTION } from '../storage/types.js';
import { planRunAll, runAll, RunAllRangeError } from './run-all.js';

const tempDir = tempDirs('run-all');
const NOW = Date.parse('2026-12-05T12:00:00Z');

describe('run all', () => {
  it('plans the stored days, then the weeks and months they touch that have ended', async () => {
    const storage = await openTestStorage('sqlite', tempDir(), DEFAULT_RETENTION);
    try {
      await assert.rejects(planRunAll(storage, calendar, {}, NOW), RunAllRangeError);
      for (const d of simulateDays({ days: 12, eventsPerDay: 200, seed: 5, timeZone: calendar.zone, lastDay: '2016-08-02' })) await storage.events.append(d.events);
      const plan = await planRunAll(storage, calendar, {}, NOW);
      assert.deepEqual([plan.days[0], plan.days.at(-1), plan.days.length], ['2016-07-22', '2016-08-02', 12]);
      assert.deepEqual(plan.weeks, ['2016-W29', '2016-W30', '2016-W31']);
      assert.deepEqual(plan.months, ['2016-07', '2016-08']);
      const narrow = await planRunAll(storage, calendar, { from: '2016-07-30', to: '2016-07-31' }, NOW);
      assert.deepEqual([narrow.days, narrow.weeks, narrow.months], [['2016-07-30', '2016-07-31'], ['2016-W30'], ['2016-07']]);
      // a day, week or month still going on is left for later
      const today = await planRunAll(storage, calendar, { from: '2026-11-29', to: '2026-12-05' }, NOW);
      assert.deepEqual([today.days.at(-1), today.weeks, today.months], ['2026-12-04', ['2026-W48'], ['2026-11']]);
      await assert.rejects(planRunAll(storage, calendar, { from: '2016-08-02', to: '2016-07-22' }, NOW), /after --to/);
    } finally {
      await storage.close();
    }
  });

  it('runs days, then weeks, then months, skipping with its reason what cannot run, and reports each in order', async () => {
    const storage = await openTestStorage('sqlite', tempDir(), DEFAULT_RETENTION);
    try {
      for (const d of simulateDays({ days: 12, eventsPerDay: 200, seed: 5, timeZone: calendar.zone, lastDay: '2016-08-02' })) await storage.events.append(d.events);
      const plan = await planRunAll(storage, calendar, { from: '2016-07-20' }, NOW);
      const seen: string[] = [];
      const runs = await runAll(storage, calendar, plan, S, ({ done, all, run }) => seen.push(`${done}/${all} ${run.job} ${run.period}`), () => NOW);
      assert.deepEqual(seen.slice(0, 3), ['1/19 daily 2016-07-20', '2/19 daily 2016-07-21', '3/19 daily 2016-07-22']);
      assert.deepEqual(seen.slice(14), ['15/19 weekly 2016-W29', '16/19 weekly 2016-W30', '17/19 weekly 2016-W31', '18/19 monthly 2016-07', '19/19 monthly 2016-08']);
      // the two days before the first imported event have no input
      assert.deepEqual(runs.filter((r) => r.status === 'skipped').map((r) => [r.period, r.error?.match(/there are no raw events of \S+/)?.[0]]), [
        ['2016-07-20', 'there are no raw events of 2016-07-20:'],
        ['2016-07-21', 'there are no raw events of 2016-07-21:'],
      ]);
      assert.ok(runs.filter((r) => r.status !== 'skipped').every((r) => r.status === 'success'), JSON.stringify(runs.map((r) => [r.period, r.status, r.error])));
      for (const r of runs.filter((x) => x.status === 'success')) assert.ok(storage.runs.lastCompleted(r.job, r.period) !== undefined, `${r.job} ${r.period} recorded`);
      assert.equal(runs.find((r) => r.period === '2016-W30')?.inputs, 7);
      assert.ok(storage.patterns.stats().records > 0);
    } finally {
      await storage.close();
    }
  });
});
