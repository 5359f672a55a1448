import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateEvent } from '../events/model.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { tempDirs } from '../testing/temp.js';
import { Calendar } from '../time/calendar.js';
import { REGISTRY } from '../detectors/registry.js';
import { DEFAULT_DETECTOR_SETTINGS } from '../detectors/settings.js';
import { BUCKETS } from '../storage/types.js';
import { runDailyJob } from './daily.js';
import { dueDays, dueMonths, dueWeeks, retentionDue, staleDays } from './due.js';
import { runMonthlyJob } from './monthly.js';
import { runWeeklyJob } from './weekly.js';

const tempDir = tempDirs('due');
const calendar = new Calendar('Europe/Berlin');
const DAY = 86_400_000;
const TODAY = calendar.day('2026-11-20');
const NOW = TODAY.start + 10 * 3_600_000;
const day = (n: number) => calendar.shift(TODAY, -n);

function event(time: number): StateEvent {
  return { time, entityId: 'light.a', domain: 'light', state: 'on', oldState: 'off', attributes: {}, deviceId: null, areaId: null, cause: 'system' };
}

/** Records a finished run of `job` for `period` at `at`. */
function ran(storage: SqliteStorage, job: 'daily' | 'retention' | 'gap_fill', period: string, at: number, counts: Record<string, number> = {}): void {
  storage.runs.finish(storage.runs.start(job, period, at), 'success', counts, at + 1);
}

describe('dueDays after a gap fill', () => {
  it('runs again the days a fill stored events in after their daily run, also those older than Layer 1 keeps, while they are whole', async () => {
    const storage = new SqliteStorage(tempDir());
    try {
      // Layer 1 holds 12 days; retention ran this morning (cutoff 7 days back); the daily jobs ran for every day
      await storage.events.append(Array.from({ length: 12 }, (_, i) => event(day(12 - i).start + 3_600_000)));
      for (let n = 1; n <= 12; n++) ran(storage, 'daily', day(n).key, TODAY.start + 3 * 3_600_000);
      ran(storage, 'retention', TODAY.key, TODAY.start + 3 * 3_600_000, { raw_cutoff: NOW - 7 * DAY });
      assert.deepEqual(await dueDays(storage, calendar, NOW), []);
      // HA came back: the fill covered from 9 days ago 12:00 (inside day 9) up to now
      const from = day(9).start + 12 * 3_600_000;
      ran(storage, 'gap_fill', new Date(from).toISOString(), NOW - 60_000, { from, to: NOW - 60_000, inserted: 500 });
      const expected = [8, 7, 6, 5, 4, 3, 2, 1].map((n) => day(n).key);
      // day 9 is before the cutoff and the fill covered only its afternoon: its morning may be gone
      assert.deepEqual(await dueDays(storage, calendar, NOW), expected);
      // a day that ran after the fill is done
      ran(storage, 'daily', day(5).key, NOW);
      assert.deepEqual(await dueDays(storage, calendar, NOW), expected.filter((d) => d !== day(5).key));
      // once retention ran after the fill, days before its cutoff are pruned again: not run on half their input
      ran(storage, 'retention', TODAY.key, NOW + 1000, { raw_cutoff: NOW - 7 * DAY + 1000 });
      assert.deepEqual(await dueDays(storage, calendar, NOW), [6, 4, 3, 2, 1].map((n) => day(n).key));
    } finally {
      await storage.close();
    }
  });

  it('a fill that ends today, or stored nothing, runs nothing again', async () => {
    const storage = new SqliteStorage(tempDir());
    try {
      await storage.events.append([event(day(2).start), event(day(1).start)]);
      ran(storage, 'daily', day(2).key, TODAY.start);
      ran(storage, 'daily', day(1).key, TODAY.start);
      ran(storage, 'gap_fill', 'today', NOW - 60_000, { from: TODAY.start + 3_600_000, to: NOW - 60_000, inserted: 3 });
      ran(storage, 'gap_fill', 'broken', NOW - 60_000, { inserted: 3 });
      assert.deepEqual(await dueDays(storage, calendar, NOW), []);
      ran(storage, 'gap_fill', 'yesterday', NOW - 30_000, { from: day(1).start - 1000, to: NOW - 30_000, inserted: 3 });
      assert.deepEqual(await dueDays(storage, calendar, NOW), [day(2).key, day(1).key], 'the day a fill starts in too, when it is within retention');
    } finally {
      await storage.close();
    }
  });
});

describe('dueWeeks and dueMonths after a day ran again', () => {
  it('runs a week and a month again when one of their days was run again after them, unless that would read fewer days', async () => {
    const storage = new SqliteStorage(tempDir());
    try {
      // 2026-10-26 (Mon) to 2026-11-15 (Sun): three ISO weeks (W44–W46) and the end of October
      const days = calendar.daysBetween('2026-10-26', '2026-11-15');
      await storage.events.append(days.map((d) => event(calendar.day(d).start + 9 * 3_600_000)));
      const now = calendar.day('2026-11-16').start + 3_600_000;
      let clock = now;
      const tick = () => (clock += 1000);
      for (const d of days) await runDailyJob(storage, calendar, d, DEFAULT_DETECTOR_SETTINGS, tick);
      assert.deepEqual(await dueWeeks(storage, calendar, now), ['2026-W44', '2026-W45', '2026-W46']);
      const end = calendar.week('2026-W46').end;
      assert.deepEqual(await dueWeeks(storage, calendar, end), ['2026-W44', '2026-W45', '2026-W46'], 'a week is over at its end');
      assert.deepEqual(await dueWeeks(storage, calendar, end - 1), ['2026-W44', '2026-W45']);
      assert.deepEqual(await dueMonths(storage, calendar, now), ['2026-10']);
      for (const w of ['2026-W44', '2026-W45', '2026-W46']) await runWeeklyJob(storage, calendar, w, DEFAULT_DETECTOR_SETTINGS, tick);
      await runMonthlyJob(storage, calendar, '2026-10', DEFAULT_DETECTOR_SETTINGS, tick);
      assert.deepEqual(await dueWeeks(storage, calendar, now), []);
      assert.deepEqual(await dueMonths(storage, calendar, now), []);
      // a day of W45 ran again (a gap fill, a catch-up): its week is due again, the others are not
      await runDailyJob(storage, calendar, '2026-11-04', DEFAULT_DETECTOR_SETTINGS, tick);
      assert.deepEqual(await dueWeeks(storage, calendar, now), ['2026-W45']);
      assert.deepEqual(await dueMonths(storage, calendar, now), [], 'November has not ended');
      await runWeeklyJob(storage, calendar, '2026-W45', DEFAULT_DETECTOR_SETTINGS, tick);
      assert.deepEqual(await dueWeeks(storage, calendar, now), []);
      // the last day of October ran again: the month and W44 are due again
      await runDailyJob(storage, calendar, '2026-10-31', DEFAULT_DETECTOR_SETTINGS, tick);
      assert.deepEqual(await dueWeeks(storage, calendar, now), ['2026-W44']);
      assert.deepEqual(await dueMonths(storage, calendar, now), ['2026-10']);
      // with a day of W44 gone from Layer 2, running W44 again would read fewer days: left alone
      await storage.aggregates.deleteBefore(BUCKETS.daily, calendar.day('2026-10-27').start);
      assert.deepEqual(await dueWeeks(storage, calendar, now), []);
    } finally {
      await storage.close();
    }
  });
});

describe('staleDays: the catch-up of days an older version summarised', () => {
  it('runs again every ran day from the first stale one on, while its raw events are whole; never a day that did not run', async () => {
    const storage = new SqliteStorage(tempDir());
    try {
      // two events a day over 8 days; every day ran but day 2
      await storage.events.append([8, 7, 6, 5, 4, 3, 2, 1].flatMap((n) => [event(day(n).start + 3_600_000), event(day(n).start + 9 * 3_600_000)]));
      let clock = NOW;
      for (const n of [8, 7, 6, 5, 4, 3, 1]) await runDailyJob(storage, calendar, day(n).key, DEFAULT_DETECTOR_SETTINGS, () => (clock += 1000));
      assert.deepEqual(await staleDays(storage, calendar, NOW), []);
      // a measurement that has had an older version: its records of a day, as that version wrote them
      const spec = [...REGISTRY.values()].find((s) => s.kind === 'daily' && s.version >= 2)!;
      const age = async (n: number) => {
        const records = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: [spec.name], periods: [day(n).key] });
        assert.ok(records.length > 0, `${spec.name} of day ${n}`);
        await storage.aggregates.replace({ bucket: BUCKETS.daily, period: day(n).key, measurements: [spec.name], records: records.map((r) => ({ ...r, version: spec.version - 1 })) });
      };
      await age(5);
      assert.deepEqual(await staleDays(storage, calendar, NOW), [5, 4, 3, 1].map((n) => day(n).key), 'the days after it are scored against it');
      // day 8 is stale too, but half its raw events are gone: it keeps its summary
      await age(8);
      await storage.events.deleteBefore(day(8).start + 5 * 3_600_000);
      assert.deepEqual(await staleDays(storage, calendar, NOW), [7, 6, 5, 4, 3, 1].map((n) => day(n).key));
    } finally {
      await storage.close();
    }
  });

  it('has nothing to run when no day ran, or no raw event is stored', async () => {
    const storage = new SqliteStorage(tempDir());
    try {
      assert.deepEqual(await staleDays(storage, calendar, NOW), []);
      assert.deepEqual(await dueDays(storage, calendar, NOW), []);
      await storage.events.append([event(day(2).start + 3_600_000)]);
      assert.deepEqual(await staleDays(storage, calendar, NOW), []);
      assert.deepEqual(await dueDays(storage, calendar, NOW), [day(2).key, day(1).key]);
      assert.deepEqual(await dueDays(storage, calendar, day(2).start + 3_600_000), [], 'no day has ended since the first event');
    } finally {
      await storage.close();
    }
  });
});

describe('dueDays at the edges of the stored range', () => {
  it('starts at the first day retention did not cut into, runs yesterday alone, and lists days oldest first', async () => {
    const storage = new SqliteStorage(tempDir());
    try {
      await storage.events.append([event(day(1).start + 3_600_000)]);
      assert.deepEqual(await dueDays(storage, calendar, NOW), [day(1).key], 'only yesterday has events');
      await storage.events.append([10, 9, 8, 7].map((n) => event(day(n).start + 3_600_000)));
      ran(storage, 'retention', day(1).key, day(1).start + 3_600_000, { raw_cutoff: day(8).start + 5 * 3_600_000 });
      assert.deepEqual((await dueDays(storage, calendar, NOW))[0], day(7).key, 'day 8 was cut into');
      ran(storage, 'retention', TODAY.key, TODAY.start + 3_600_000, { raw_cutoff: day(8).start });
      assert.deepEqual((await dueDays(storage, calendar, NOW))[0], day(8).key, 'a cutoff at its start leaves day 8 whole');
      // days 8…2 ran but 5; a fill then stored events of day 8 again: the list stays in order
      for (const n of [8, 7, 6, 4, 3, 2, 1]) ran(storage, 'daily', day(n).key, TODAY.start + 2 * 3_600_000);
      const from = day(8).start;
      ran(storage, 'gap_fill', new Date(from).toISOString(), TODAY.start + 4 * 3_600_000, { from, to: day(7).start });
      assert.deepEqual(await dueDays(storage, calendar, NOW), [day(8).key, day(5).key]);
    } finally {
      await storage.close();
    }
  });

  it('runs retention once a day', async () => {
    const storage = new SqliteStorage(tempDir());
    try {
      assert.equal(retentionDue(storage, calendar, NOW), true);
      ran(storage, 'retention', day(1).key, day(1).start);
      assert.equal(retentionDue(storage, calendar, NOW), true, 'yesterday’s run is not today’s');
      ran(storage, 'retention', TODAY.key, TODAY.start + 3_600_000);
      assert.equal(retentionDue(storage, calendar, NOW), false);
    } finally {
      await storage.close();
    }
  });
});
