import { it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../config.js';
import { DEFAULT_DETECTOR_SETTINGS } from '../detectors/settings.js';
import { createLogger } from '../log.js';
import { contextFor } from '../main.js';
import { HealthRegistry } from '../service.js';
import { simulateDays } from '../simulate/index.js';
import { STATE_FILE } from '../storage/layer4/index.js';
import { BUCKETS, type Storage } from '../storage/types.js';
import { type BackendKind, forEachBackend, openTestStorage } from '../testing/backends.js';
import { Calendar } from '../time/calendar.js';
import { runDailyJob } from './daily.js';
import { JobsService } from './service.js';
import { tempDirs } from '../testing/temp.js';

const tempDir = tempDirs('jobs');
const calendar = new Calendar('Europe/Berlin');

async function home(kind: BackendKind, lastDay: string, days: number) {
  const dir = tempDir();
  const storage = await openTestStorage(kind, dir);
  storage.home.set({ timeZone: 'Europe/Berlin' });
  const dayKeys: string[] = [];
  for (const d of simulateDays({ days, eventsPerDay: 300, seed: 21, timeZone: 'Europe/Berlin', lastDay })) {
    await storage.events.append(d.events);
    dayKeys.push(d.day);
  }
  return { storage, days: dayKeys, dir };
}

function jobs(storage: Storage, now: { t: number }) {
  const config = loadConfig({ env: {}, cwd: tmpdir() });
  const ctx = contextFor(config, storage, createLogger('silent'), new HealthRegistry());
  return new JobsService(ctx, { clock: () => now.t, schedule: false });
}

const dailyRuns = (storage: Storage) => storage.runs.list({ job: 'daily', limit: 1000 }).reverse();

forEachBackend('jobs service (fake clock)', (kind) => {
  it('after 3 days off, runs each missed day once, oldest first, then retention', async () => {
    const { storage, days } = await home(kind, '2026-11-09', 7); // Nov 3..9
    for (const day of days.slice(0, 4)) await runDailyJob(storage, calendar, day, DEFAULT_DETECTOR_SETTINGS);
    const now = { t: calendar.day('2026-11-10').start + 3 * 3_600_000 + 5 * 60_000 };
    const service = jobs(storage, now);
    await service.tick();
    assert.deepEqual(dailyRuns(storage).map((r) => r.period), [...days.slice(0, 4), '2026-11-07', '2026-11-08', '2026-11-09']);
    assert.ok(dailyRuns(storage).every((r) => r.status === 'success'));
    assert.equal(storage.runs.list({ job: 'retention' }).length, 1);
    await service.tick();
    assert.equal(dailyRuns(storage).length, 7, 'nothing runs twice');
    assert.equal(storage.runs.list({ job: 'retention' }).length, 1, 'retention once a day');
    now.t += 86_400_000;
    await service.tick();
    assert.deepEqual(dailyRuns(storage).map((r) => r.period).slice(-1), ['2026-11-10']);
    assert.equal(storage.runs.list({ job: 'retention' }).length, 2);
    await storage.close();
  });

  it('off across a month end: catch-up runs the missed days, then the week, then the month, each once and in order', async () => {
    const { storage, days } = await home(kind, '2026-11-03', 10); // Oct 25..Nov 3
    for (const day of days.slice(0, 5)) await runDailyJob(storage, calendar, day, DEFAULT_DETECTOR_SETTINGS); // then off from Oct 30
    const now = { t: calendar.day('2026-11-04').start + 3 * 3_600_000 + 5 * 60_000 };
    const service = jobs(storage, now);
    await service.tick();
    const order = storage.runs.list({ limit: 1000 }).reverse().filter((r) => r.job !== 'retention').map((r) => `${r.job} ${r.period}`);
    assert.deepEqual(order.slice(5), ['daily 2026-10-30', 'daily 2026-10-31', 'daily 2026-11-01', 'daily 2026-11-02', 'daily 2026-11-03', 'weekly 2026-W43', 'weekly 2026-W44', 'monthly 2026-10']);
    assert.ok(storage.runs.list({ job: 'monthly' }).every((r) => r.status === 'success'));
    await service.tick();
    now.t += 86_400_000;
    await service.tick();
    assert.equal(storage.runs.list({ job: 'monthly' }).length, 1, 'the month ran once');
    assert.equal(storage.runs.list({ job: 'weekly' }).length, 2, 'each week ran once');
    await storage.close();
  });

  it('runs a DST week day by day, the 25-hour day once', async () => {
    const { storage } = await home(kind, '2026-10-27', 5); // Oct 23..27, clocks go back on the 25th
    await jobs(storage, { t: Date.parse('2026-10-28T02:05:00Z') }).tick();
    const runs = dailyRuns(storage);
    assert.deepEqual(runs.map((r) => r.period), ['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']);
    const dst = runs.find((r) => r.period === '2026-10-25')!;
    const ordinary = runs.find((r) => r.period === '2026-10-24')!;
    assert.ok(dst.counts['events']! > ordinary.counts['events']! * 1.01, 'the 25-hour day holds more events');
    await storage.close();
  });

  it('re-runs a period a crash cut off, without duplicates', async () => {
    const { storage, days } = await home(kind, '2026-11-05', 3);
    const reference = await home(kind, '2026-11-05', 3);
    for (const day of days) await runDailyJob(reference.storage, calendar, day, DEFAULT_DETECTOR_SETTINGS);
    await runDailyJob(storage, calendar, days[0]!, DEFAULT_DETECTOR_SETTINGS);
    storage.runs.start('daily', days[1]!, Date.now()); // the process died here, before the commit
    await jobs(storage, { t: calendar.day('2026-11-06').start + 4 * 3_600_000 }).tick();
    assert.deepEqual(dailyRuns(storage).map((r) => [r.period, r.status]), [[days[0], 'success'], [days[1], 'failed'], [days[1], 'success'], [days[2], 'success']]);
    const records = async (s: Storage) => (await s.aggregates.query({ bucket: BUCKETS.daily })).map((r) => JSON.stringify(r)).sort();
    assert.deepEqual(await records(storage), await records(reference.storage));
    assert.deepEqual(storage.patterns.list().map((p) => [p.pattern_type, p.device_id, p.pattern_key, p.confidence]), reference.storage.patterns.list().map((p) => [p.pattern_type, p.device_id, p.pattern_key, p.confidence]));
    await storage.close();
    await reference.storage.close();
  });

  it('processes imported history older than retention before retention removes it, then skips cut days', async () => {
    const { storage, dir } = await home(kind, '2026-11-09', 10); // Oct 31..Nov 9, raw retention 7 days
    const now = { t: calendar.day('2026-11-10').start + 3 * 3_600_000 };
    const service = jobs(storage, now);
    await service.tick();
    assert.deepEqual(dailyRuns(storage).map((r) => r.period), calendar.daysBetween('2026-10-31', '2026-11-09'));
    assert.ok((await storage.events.stats()).oldest! >= now.t - 7 * 86_400_000, 'then retention removed the old raw events');
    // a day retention cut into is not run on half its input
    // (job runs live in homerhythm.sqlite on every backend: a second connection forgets them)
    const state = new Database(join(dir, STATE_FILE));
    state.prepare("DELETE FROM job_runs WHERE job = 'daily' AND period IN ('2026-11-03', '2026-11-04')").run();
    state.close();
    await service.tick();
    assert.deepEqual(dailyRuns(storage).map((r) => r.period).slice(-1), ['2026-11-04'], 'Nov 3 lost its first hours at the cutoff; Nov 4 is whole');
    await storage.close();
  });

  it('runs work from elsewhere (the API\'s "run now") only after the scheduled runs in its queue', async () => {
    const { storage } = await home(kind, '2026-11-09', 4);
    const service = jobs(storage, { t: calendar.day('2026-11-10').start + 3 * 3_600_000 });
    const order: string[] = [];
    const tick = service.tick().then(() => order.push('catch-up done'));
    const now = service.enqueue(async () => {
      order.push(`run now saw ${dailyRuns(storage).length} daily runs`);
      return 42;
    });
    assert.equal(await now, 42);
    await tick;
    assert.deepEqual(order, ['catch-up done', 'run now saw 4 daily runs']);
    await assert.rejects(service.enqueue(async () => { throw new Error('boom'); }), /boom/);
    assert.equal(await service.enqueue(async () => 'still running after a failure'), 'still running after a failure');
    await storage.close();
  });
});
