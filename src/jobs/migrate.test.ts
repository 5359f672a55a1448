import { it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { DEFAULT_DETECTOR_SETTINGS as S } from '../detectors/settings.js';
import { simulateDays } from '../simulate/index.js';
import type { Storage } from '../storage/types.js';
import { type BackendKind, forEachBackend, openTestStorage } from '../testing/backends.js';
import { Calendar } from '../time/calendar.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { contextFor } from '../main.js';
import { HealthRegistry } from '../service.js';
import { runDailyJob } from './daily.js';
import { migrate } from './migrate.js';
import { JobsService } from './service.js';
import { tempDirs } from '../testing/temp.js';

const tempDir = tempDirs('migrate');
const calendar = new Calendar('Europe/Berlin');
const NOW = Date.parse('2026-11-01T04:00:00Z'); // 05:00 in Berlin on Nov 1; the data ends Oct 31

async function rawStore(kind: BackendKind, dayCount = 30) {
  const dir = tempDir();
  const storage = await openTestStorage(kind, dir);
  const days: string[] = [];
  for (const d of simulateDays({ days: dayCount, eventsPerDay: 300, seed: 4, timeZone: 'Europe/Berlin', lastDay: '2026-10-31' })) {
    await storage.events.append(d.events);
    days.push(d.day);
  }
  return { storage, days };
}

const rows = (s: Storage) => s.patterns.list().map((p) => JSON.stringify([p.pattern_type, p.device_id, p.pattern_key, p.confidence, p.occurrences, p.pattern_metadata])).sort();

forEachBackend('migrate', (kind) => {
  it('gives the same Layer 4 as running the jobs day by day, then lowers raw events to 7 days', async () => {
    // more days than the 30-day window: the anomaly baselines of the window's first days reach back before it
    const a = await rawStore(kind, 35);
    // the reference is the embedded store (the jobs service on InfluxDB is tested in service.test.ts)
    const b = await rawStore('sqlite', 35);
    // b lives through the month: the jobs service's 03:00 tick each day (daily, weekly on Mondays, monthly on the 1st)
    const now = { t: 0 };
    const service = new JobsService(contextFor(loadConfig({ env: {}, cwd: tmpdir() }), b.storage, createLogger('silent'), new HealthRegistry()), { clock: () => now.t, schedule: false });
    for (const day of b.days) {
      now.t = calendar.shift(calendar.day(day), 1).start + 3 * 3_600_000 + 5 * 60_000;
      await service.tick();
    }
    assert.equal(b.storage.runs.list({ job: 'monthly' }).length, 2);
    const result = await migrate(a.storage, calendar, S, NOW);
    assert.deepEqual([result.days, result.weeks, result.months], [35, 5, 2]);
    assert.ok(result.verified.equal && result.verified.patterns > 0);
    const types = new Set(rows(a.storage).map((r) => JSON.parse(r)[0] as string));
    for (const type of ['time_based', 'session', 'contextual']) assert.ok(types.has(type), type);
    assert.deepEqual(rows(a.storage), rows(b.storage));
    assert.ok((await a.storage.events.stats()).oldest! >= NOW - 7 * 86_400_000);
    assert.ok(result.removedRawEvents > 0);
    await a.storage.close();
    await b.storage.close();
  });

  it('resumes after an interruption without redoing finished days', async () => {
    // InfluxDB: a shorter history keeps it lean
    const [days, done] = kind === 'sqlite' ? [30, 12] : [12, 5];
    const a = await rawStore(kind, days);
    for (const day of a.days.slice(0, done)) await runDailyJob(a.storage, calendar, day, S);
    const before = a.storage.runs.list({ job: 'daily', limit: 1000 }).length;
    await migrate(a.storage, calendar, S, NOW);
    assert.equal(a.storage.runs.list({ job: 'daily', limit: 1000 }).length - before, days - done);
    await a.storage.close();
  });
});
