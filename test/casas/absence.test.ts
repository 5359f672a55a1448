/**
 * A real home: CASAS tm000, 2016-07-12..18 (MIT, test/fixtures/casas/), residents away for most of
 * 14–15 July. Imported with the CASAS importer into a store, the daily job run for each day as it
 * would run each night: the absence is one home_quiet episode that starts, goes on, and ends.
 * The file has 7 days: the home's quiet is judged against the days before it, from one day on
 * (detectors.anomaly.min_home_baseline_days); the other kinds need 7 (14 for an hour) and stay silent.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeAnomaly } from '../../src/detectors/describe.js';
import { decodeMetadata } from '../../src/detectors/metadata.js';
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { importCasas } from '../../src/ingest/importers/casas.js';
import { runDailyJob } from '../../src/jobs/daily.js';
import { openTestStorage } from '../../src/testing/backends.js';
import { tempDirs } from '../../src/testing/temp.js';
import { Calendar } from '../../src/time/calendar.js';

const FILE = fileURLToPath(new URL('../fixtures/casas/tm000.multiday_absence.txt', import.meta.url));
/** The CASAS testbeds are in Washington State; the file is in local wall-clock time. */
const ZONE = 'America/Los_Angeles';
const tempDir = tempDirs('casas-absence');

it('finds the residents’ absence in a real home as one home_quiet episode, with its end', async (t) => {
  const storage = await openTestStorage('sqlite', tempDir());
  after(() => storage.close());
  await importCasas(FILE, storage.events, { timeZone: ZONE, now: Date.parse('2016-08-01T00:00:00Z') });
  const calendar = new Calendar(ZONE);
  const news: string[] = [];
  for (const day of calendar.daysBetween('2016-07-12', '2016-07-18')) {
    const result = await runDailyJob(storage, calendar, day, DEFAULT_DETECTOR_SETTINGS, () => Date.parse('2016-08-01T00:00:00Z'));
    assert.equal(result.status, 'success');
    // what this night's job newly says about its own day
    for (const p of result.derived.filter((x) => x.patternType === 'anomaly' && x.metadata['day'] === day)) news.push(`${day} ${String(p.metadata['kind'])} ${String(p.metadata['phase'] ?? '')}`.trim());
  }
  assert.deepEqual(news, ['2016-07-13 home_quiet start', '2016-07-14 home_quiet ongoing', '2016-07-15 home_quiet ongoing', '2016-07-16 home_quiet end']);

  const stored = storage.patterns.list({ patternType: 'anomaly' });
  const away = stored.filter((p) => (p.pattern_metadata as Record<string, unknown>)['kind'] === 'home_quiet');
  assert.equal(away.length, 1, 'one pattern for the episode, updated, not one per day');
  const m = away[0]!.pattern_metadata as Record<string, unknown>;
  assert.deepEqual([away[0]!.device_id, m['start_day'], m['day'], m['phase']], ['home', '2016-07-13', '2016-07-16', 'end']);
  const observed = m['observed'] as { from: string; to: string; quiet_hours: number };
  // the last activity on the 13th is just before 08:00, the first again at 18:00 on the 16th
  assert.deepEqual([observed.from, observed.to], ['2016-07-13 08:00', '2016-07-16 18:00']);
  assert.ok(observed.quiet_hours >= 48, 'covers all of 14 and 15 July');
  const others = stored.filter((p) => p !== away[0]);
  t.diagnostic(`home_quiet: ${describeAnomaly('home', decodeMetadata('anomaly', m))}; other anomalies: ${others.length}`);
  assert.deepEqual(others.map((p) => `${p.device_id} ${p.pattern_key}`), [], 'with at most 6 baseline days nothing else is tested');
});
