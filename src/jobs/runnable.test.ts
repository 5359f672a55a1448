/**
 * Which periods a run by hand may run: whatever their age, while their inputs are stored; and a
 * refusal says its real reason (never ran and no inputs, or a re-run on fewer inputs).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DETECTOR_SETTINGS as S } from '../detectors/settings.js';
import { simulateDays } from '../simulate/index.js';
import { openTestStorage } from '../testing/backends.js';
import { calendar } from '../testing/home.js';
import { tempDirs } from '../testing/temp.js';
import type { Storage } from '../storage/types.js';
import { BUCKETS, DEFAULT_RETENTION } from '../storage/types.js';
import { runDailyJob } from './daily.js';
import { runRetention } from './retention.js';
import { checkRunnable } from './runnable.js';
import { runWeeklyJob } from './weekly.js';

const tempDir = tempDirs('runnable');
const NOW = Date.parse('2026-12-05T12:00:00Z');
const check = (storage: Storage, kind: 'day' | 'week' | 'month', key: string) => checkRunnable(storage, calendar, calendar.period(kind, key), NOW, S);

/** Ten days of July 2016 imported into a store with the default retention (7 / 90 days / 52 weeks), after a retention run. */
async function importedHome(): Promise<{ storage: Storage; days: string[] }> {
  const storage = await openTestStorage('sqlite', tempDir(), DEFAULT_RETENTION);
  // a live store whose retention ran today: its cutoff is far after the imported days
  await runRetention(storage, calendar, NOW);
  const days: string[] = [];
  for (const d of simulateDays({ days: 10, eventsPerDay: 300, seed: 3, timeZone: calendar.zone, lastDay: '2016-07-17' })) {
    await storage.events.append(d.events);
    days.push(d.day);
  }
  return { storage, days };
}

describe('checkRunnable on imported history', () => {
  it('lets old days, weeks and months run while their inputs are stored', async () => {
    const { storage, days } = await importedHome();
    try {
      for (const day of days) {
        await check(storage, 'day', day);
        await runDailyJob(storage, calendar, day, S);
      }
      await check(storage, 'week', '2016-W28');
      await check(storage, 'month', '2016-07');
    } finally {
      await storage.close();
    }
  });

  it('refuses a period that never ran and has no inputs, saying so', async () => {
    const { storage } = await importedHome();
    try {
      await assert.rejects(check(storage, 'week', '2016-W03'), (e: Error) => {
        assert.match(e.message, /no run of 2016-W03 yet and its Layer 2 inputs are gone/);
        assert.doesNotMatch(e.message, /with less/);
        return true;
      });
      await assert.rejects(check(storage, 'month', '2016-01'), /no run of 2016-01 yet and its Layer 2 inputs are gone/);
      await assert.rejects(check(storage, 'day', '2016-06-01'), /there are no raw events of 2016-06-01: the oldest stored is from 2016-07-08/);
      // a quiet day inside the stored range is input (an absence), not a missing one
      await storage.events.deleteBefore(calendar.day('2016-07-09').start);
      await check(storage, 'day', '2016-07-10');
    } finally {
      await storage.close();
    }
  });

  it('refuses a re-run on fewer inputs than its last run read, saying how many are left', async () => {
    const { storage, days } = await importedHome();
    try {
      for (const day of days) await runDailyJob(storage, calendar, day, S);
      await runWeeklyJob(storage, calendar, '2016-W28', S);
      await storage.aggregates.deleteBefore(BUCKETS.daily, calendar.day('2016-07-14').start);
      await assert.rejects(check(storage, 'week', '2016-W28'), /past Layer 2 retention .*4 of the 7 days its last run read are left\): running it again would replace its Layer 3 records with less/);
      await storage.events.deleteBefore(calendar.day('2016-07-13').start);
      await assert.rejects(check(storage, 'day', '2016-07-12'), /raw events of 2016-07-12 are past Layer 1 retention .*0 of the [\d,]+ its last run read are left\): running it again would replace its Layer 2 aggregates and patterns with less/);
    } finally {
      await storage.close();
    }
  });
});

describe('checkRunnable on inputs of a version this one cannot read', () => {
  it('says the inputs are unreadable, not gone', async () => {
    const storage = await openTestStorage('sqlite', tempDir(), DEFAULT_RETENTION);
    try {
      const week = calendar.period('week', '2016-W28');
      for (const day of calendar.daysOf(week)) {
        const d = calendar.day(day);
        const fields = { count: 3, sessions: '[]' };
        await storage.aggregates.replace({ bucket: BUCKETS.daily, period: day, measurements: ['session_daily'], records: [{ measurement: 'session_daily', period: day, time: d.start, tags: {}, fields, version: 9 }] });
      }
      await assert.rejects(check(storage, 'week', '2016-W28'), /0 of the 7 days of 2016-W28 have Layer 2 inputs this version can read: it left out 7 records of 7 days it cannot read \(session_daily v9: written by a newer homerhythm \(this one reads up to version 2\)\)/);
    } finally {
      await storage.close();
    }
  });
});
