import { it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTOR_SETTINGS as S } from '../detectors/settings.js';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { simulateDays } from '../simulate/index.js';
import { type BackendKind, forEachBackend, openTestStorage } from '../testing/backends.js';
import { BUCKETS } from '../storage/types.js';
import { runDailyJob } from './daily.js';
import { runWeeklyJob } from './weekly.js';
import { tempDirs } from '../testing/temp.js';

const tempDir = tempDirs('weekly');
const store = (kind: BackendKind) => openTestStorage(kind, tempDir(), { rawDays: 10_000, dailyDays: 10_000, weeklyWeeks: 10_000, patternDays: null });
const WEEKS = ['2026-W41', '2026-W42', '2026-W43'];

async function simulatedHome(kind: BackendKind) {
  const storage = await store(kind);
  const days: string[] = [];
  for (const d of simulateDays({ days: 21, eventsPerDay: 400, seed: 8, timeZone: 'Europe/Berlin', lastDay: '2026-10-25' })) {
    await storage.events.append(d.events);
    days.push(d.day);
  }
  for (const day of days) await runDailyJob(storage, calendar, day, S);
  return storage;
}

forEachBackend('weekly job (Group B)', (kind) => {
  it('reads no raw events: with Layer 1 emptied it finds the same patterns', async () => {
    const full = await simulatedHome(kind);
    const emptied = await simulatedHome(kind);
    assert.ok((await emptied.events.deleteBefore(Date.parse('2100-01-01'))) > 0);
    assert.equal((await emptied.events.stats()).records, 0);
    for (const week of WEEKS) {
      const a = await runWeeklyJob(full, calendar, week, S);
      const b = await runWeeklyJob(emptied, calendar, week, S);
      assert.equal(b.status, 'success');
      assert.deepEqual(b.patterns, a.patterns);
    }
    const types = new Set(emptied.patterns.list().map((p) => p.pattern_type));
    assert.ok(types.has('session') && types.has('day_type'), [...types].join());
    assert.deepEqual(
      (await emptied.aggregates.query({ bucket: BUCKETS.weekly })).map((r) => JSON.stringify(r)),
      (await full.aggregates.query({ bucket: BUCKETS.weekly })).map((r) => JSON.stringify(r)),
    );
    // re-running a week replaces it: same Layer 3, no duplicate patterns
    const before = emptied.patterns.count();
    await runWeeklyJob(emptied, calendar, WEEKS[2]!, S);
    assert.equal(emptied.patterns.count(), before);
    await full.close();
    await emptied.close();
  });

  it('finds a recurring weekday morning session and weekday/weekend differences', async () => {
    const storage = await store(kind);
    const home = new HomeBuilder().area('light.bedroom', 'bedroom').area('light.kitchen', 'kitchen').area('switch.kettle', 'kitchen').area('media_player.tv', 'living_room');
    for (const d of dayKeys('2026-10-05', 21)) {
      const weekend = calendar.weekday(d) >= 6;
      const start = weekend ? '09:30' : '06:30';
      home.pulse('light.bedroom', at(d, start), 300).pulse('light.kitchen', at(d, weekend ? '09:40' : '06:40'), 900).pulse('switch.kettle', at(d, weekend ? '09:42' : '06:42'), 120);
      if (weekend) for (const t of ['14:00', '16:00', '18:00', '20:00']) home.pulse('media_player.tv', at(d, t), 1800);
      else home.pulse('media_player.tv', at(d, '20:30'), 3600);
    }
    await storage.events.append(home.build());
    for (const d of dayKeys('2026-10-05', 21)) await runDailyJob(storage, calendar, d, S);
    for (const w of ['2026-W41', '2026-W42', '2026-W43']) await runWeeklyJob(storage, calendar, w, S);
    const sessions = storage.patterns.list({ patternType: 'session' });
    const morning = sessions.find((p) => p.pattern_metadata['day_type'] === 'weekdays')!;
    assert.ok(morning, JSON.stringify(sessions.map((p) => p.pattern_metadata)));
    assert.equal(morning.pattern_metadata['start_time'], '06:30');
    assert.deepEqual(morning.pattern_metadata['areas'], ['bedroom', 'kitchen']);
    assert.equal(morning.occurrences, 15);
    const dayTypes = storage.patterns.list({ patternType: 'day_type' }).map((p) => `${p.device_id} ${p.pattern_metadata['aspect']}`);
    assert.ok(dayTypes.includes('light.kitchen time'), dayTypes.join());
    assert.ok(dayTypes.includes('media_player.tv amount'), dayTypes.join());
    await storage.close();
  });
});
