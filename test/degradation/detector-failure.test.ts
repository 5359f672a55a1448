/**
 * One detector throws during the jobs service's catch-up: the other detectors' results for that
 * day still commit, the run is `partial` with the error in its record, in `/api/v1/jobs` and in
 * `/health`; the other days are untouched; re-running from that day once the detector is fixed
 * gives exactly the layers of a run that never failed.
 */
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { after, before, it } from 'node:test';
import { createApp } from '../../src/api/app.js';
import { configSchema } from '../../src/config.js';
import { GROUP_A } from '../../src/detectors/index.js';
import type { DailyDetector } from '../../src/detectors/types.js';
import { runDailyJob } from '../../src/jobs/daily.js';
import { JobsService } from '../../src/jobs/service.js';
import { detectorSettingsOf } from '../../src/config.js';
import { contextFor } from '../../src/main.js';
import { HealthRegistry } from '../../src/service.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { BUCKETS } from '../../src/storage/types.js';
import { fillSimulatedStore, SIM_NOW, SIM_ZONE, simCalendar } from '../../src/testing/simulated-store.js';
import { storeDigest } from '../../src/testing/store-digest.js';
import { workspace } from '../crash/store.js';

const ws = workspace('detector');
after(() => ws.cleanup());
let days: readonly string[] = [];
before(async () => {
  ({ days } = await fillSimulatedStore(ws.path('base'), { days: 8, eventsPerDay: 400 }));
});

/** The jobs service's catch-up at SIM_NOW over a copy of the base store. */
async function catchUp(name: string) {
  const dir = ws.copy(ws.path('base'), name);
  const config = configSchema.parse({ data_dir: dir, time_zone: SIM_ZONE });
  const storage = new SqliteStorage(dir);
  const health = new HealthRegistry();
  const ctx = contextFor(config, storage, pino({ level: 'silent' }), health);
  const jobs = new JobsService(ctx, { clock: () => SIM_NOW, schedule: false });
  await jobs.start();
  await jobs.tick();
  return { config, storage, health, jobs };
}

it('a detector that throws: the others commit, the run is partial, the error is visible; re-running after the fix equals a clean run', { timeout: 60_000 }, async (t) => {
  const clean = await catchUp('clean');
  const expected = await storeDigest(clean.storage);
  await clean.jobs.stop();

  const broken = days[4]!;
  const detector = GROUP_A.find((d) => d.patternType === 'sequence')! as { summarize: DailyDetector['summarize'] };
  const summarize = detector.summarize;
  detector.summarize = (activity, ...rest) => {
    if (activity.day.key === broken) throw new Error('boom: an unexpected input');
    return summarize(activity, ...rest);
  };
  let faulty: Awaited<ReturnType<typeof catchUp>>;
  try {
    faulty = await catchUp('faulty');
  } finally {
    detector.summarize = summarize;
  }
  const { storage, health, config } = faulty;
  try {
    const runs = storage.runs.list({ job: 'daily', limit: 100 });
    assert.equal(runs.length, days.length, 'every day ran');
    assert.deepEqual(runs.filter((r) => r.status !== 'success').map((r) => [r.period, r.status]), [[broken, 'partial']]);
    const partial = runs.find((r) => r.period === broken)!;
    assert.match(partial.error!, /^sequence: boom: an unexpected input$/);

    // That day: every other detector's records as in the clean run, none of the broken one's.
    const measurements = (s: SqliteStorage) => s.aggregates.query({ bucket: BUCKETS.daily, periods: [broken] });
    const got = await measurements(storage);
    const want = await measurements(clean.storage);
    assert.deepEqual(got, want.filter((r) => r.measurement !== 'sequence_daily'));
    assert.ok(got.length > 0 && want.some((r) => r.measurement === 'sequence_daily'));

    // Visible: /health (jobs degraded, with the error) and the jobs API.
    const app = createApp({ storage, config, calendar: () => simCalendar, clock: () => SIM_NOW, health: () => health.snapshot(), remoteAddress: () => '127.0.0.1' });
    const h = (await (await app.request('/health')).json()) as { status: string; components: Record<string, { status: string; message?: string }> };
    assert.equal(h.status, 'degraded');
    // The catch-up's last daily run was fine; the partial one is still reported until the next run of its day.
    assert.equal(h.components['jobs']?.status, 'degraded', JSON.stringify(h.components['jobs']));
    assert.match(h.components['jobs']!.message!, /sequence: boom/);
    const api = (await (await app.request('/api/v1/jobs?job=daily&status=partial')).json()) as { runs: { period: string; error: string }[] };
    assert.deepEqual(api.runs.map((r) => [r.period, r.error]), [[broken, partial.error]]);

    // After the fix: re-running from the broken day gives the layers of the clean run.
    for (const day of days.slice(4)) await runDailyJob(storage, simCalendar, day, detectorSettingsOf(config), () => SIM_NOW);
    assert.deepEqual(await storeDigest(storage), expected);
    t.diagnostic(`${days.length} days: 1 partial, ${days.length - 1} success; the partial day kept ${got.length} of ${want.length} records (all but sequence_daily); after the fix ${expected.counts.daily} daily records, ${expected.counts.patterns} patterns as the clean run`);
  } finally {
    await faulty.jobs.stop();
    await storage.close();
    await clean.storage.close();
  }
});
