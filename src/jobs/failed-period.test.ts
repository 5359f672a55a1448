/** One period whose commit always fails must not stall the others, nor retention. */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { it } from 'node:test';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { contextFor } from '../main.js';
import { HealthRegistry } from '../service.js';
import { simulateDays } from '../simulate/index.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import type { JobCommit } from '../storage/types.js';
import { tempDirs } from '../testing/temp.js';
import { Calendar } from '../time/calendar.js';
import { JobsService } from './service.js';

const tempDir = tempDirs('jobs-failed');
const calendar = new Calendar('Europe/Berlin');

it('a day whose commit always fails is recorded as failed; later days, the week and retention go on; health shows it; a later run retries it', async () => {
  const storage = new SqliteStorage(tempDir());
  storage.home.set({ timeZone: 'Europe/Berlin' });
  for (const d of simulateDays({ days: 7, eventsPerDay: 200, seed: 5, timeZone: 'Europe/Berlin', lastDay: '2026-11-09' })) await storage.events.append(d.events); // Nov 3..9
  // A detector bug: NaN in one of Nov 5's records, which the store's validation refuses every time.
  let poisoned = '2026-11-05';
  const commit = storage.commitJob.bind(storage);
  storage.commitJob = (c: JobCommit) => {
    const batch = c.aggregates[0];
    if (batch === undefined || batch.period !== poisoned) return commit(c);
    const [first, ...rest] = batch.records;
    const bad = { ...first!, fields: { ...first!.fields, count: Number.NaN } };
    return commit({ ...c, aggregates: [{ ...batch, records: [bad, ...rest] }] });
  };
  const now = calendar.day('2026-11-10').start + 3 * 3_600_000 + 5 * 60_000;
  const health = new HealthRegistry();
  const service = new JobsService(contextFor(loadConfig({ env: {}, cwd: tmpdir() }), storage, createLogger('silent'), health), { clock: () => now, schedule: false });
  await service.start(); // catches up in the background
  try {
    await service.enqueue(async () => {});
    const daily = storage.runs.list({ job: 'daily', limit: 100 }).reverse();
    assert.deepEqual(
      daily.map((r) => [r.period, r.status]),
      calendar.daysBetween('2026-11-03', '2026-11-09').map((d) => [d, d === poisoned ? 'failed' : 'success']),
      'every day ran; only Nov 5 failed',
    );
    assert.match(daily.find((r) => r.period === poisoned)!.error ?? '', /finite number/, 'the run record holds the error');
    assert.deepEqual(storage.runs.list({ job: 'weekly' }).map((r) => [r.period, r.status]), [['2026-W45', 'success']], 'the week that ended ran');
    assert.equal(storage.runs.list({ job: 'retention', status: 'success' }).length, 1, 'retention ran');

    const jobs = service.health();
    assert.equal(jobs.status, 'degraded');
    assert.match(jobs.message ?? '', /daily 2026-11-05 failed: .*finite number.*homerhythm run daily --date 2026-11-05/);
    assert.deepEqual((jobs.details as { unresolved: unknown[] }).unresolved, [{ job: 'daily', period: poisoned, status: 'failed', error: daily.find((r) => r.period === poisoned)!.error }]);
    assert.equal(health.snapshot()['jobs']?.status, 'degraded', '/health carries it');

    poisoned = 'none'; // the bug is fixed
    await service.tick();
    const again = storage.runs.list({ job: 'daily', period: '2026-11-05' });
    assert.deepEqual(again.map((r) => r.status), ['success', 'failed'], 'the next run retried it');
    assert.equal(storage.runs.list({ job: 'daily' }).length, 8, 'nothing else ran twice');
    assert.equal(service.health().status, 'ok');
  } finally {
    await service.stop();
    await storage.close();
  }
});
