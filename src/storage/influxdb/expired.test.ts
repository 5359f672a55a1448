/**
 * History older than an InfluxDB retention policy keeps (here HA-style `autogen` of 7 days, which
 * homerhythm does not manage): nothing is dropped silently. The import counts and names every
 * refused event; a job whose outputs the policy refuses fails with one clear sentence; `run all`
 * reports it and goes on.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { DEFAULT_DETECTOR_SETTINGS as S } from '../../detectors/settings.js';
import { importCasas } from '../../ingest/importers/casas.js';
import { runDailyJob } from '../../jobs/daily.js';
import { planRunAll, runAll } from '../../jobs/run-all.js';
import { simulateDays } from '../../simulate/index.js';
import { openTestStorage, prefixOf, sharedInfluxd } from '../../testing/backends.js';
import { calendar } from '../../testing/home.js';
import { tempDirs } from '../../testing/temp.js';
import { BUCKETS, DEFAULT_RETENTION, StorageInputError } from '../types.js';
import { InfluxHttp } from './http.js';

const tempDir = tempDirs('influx-expired');
const LOG = fileURLToPath(new URL('../../../test/fixtures/casas/tm000.multiday_absence.txt', import.meta.url));
const DAY = 86_400_000;

/** A store whose three databases keep 7 days under `autogen`, as a user's own InfluxDB might. */
async function autogenStore() {
  const dir = tempDir();
  const influxd = await sharedInfluxd();
  const http = new InfluxHttp({ url: influxd.url });
  for (const name of Object.values(BUCKETS)) {
    await http.query(`CREATE DATABASE "${prefixOf(dir)}${name}" WITH DURATION 7d NAME "autogen"`);
  }
  return openTestStorage('influxdb', dir, DEFAULT_RETENTION, { retentionPolicy: 'autogen', manageDatabases: false });
}

describe('InfluxDB: history older than the retention policy', () => {
  it('an import counts and names every event the policy refuses', async () => {
    const storage = await autogenStore();
    try {
      const report = await importCasas(LOG, storage.events, { timeZone: 'America/Los_Angeles' });
      assert.deepEqual([report.read, report.imported, report.duplicates, report.expired, report.invalid], [21968, 0, 0, 21968, 0]);
      assert.deepEqual(report.expiredBy, { name: 'autogen', days: 7 });
      assert.equal((await storage.events.stats()).records, 0);
    } finally {
      await storage.close();
    }
  });

  it('a day whose Layer 2 records the policy refuses fails with one clear sentence, and run all goes on', async () => {
    const storage = await autogenStore();
    try {
      const now = Date.now();
      // ten days up to yesterday: the events of the last seven are kept, the older ones refused
      let expired = 0;
      const days: string[] = [];
      const yesterday = calendar.shift(calendar.periodOf('day', now), -1).key;
      for (const d of simulateDays({ days: 10, eventsPerDay: 200, seed: 2, timeZone: calendar.zone, lastDay: yesterday })) {
        expired += (await storage.events.append(d.events)).expired ?? 0;
        days.push(d.day);
      }
      assert.ok(expired > 0, 'older events were refused and counted');
      // the day that straddles the policy's horizon: some of its events are kept, its Layer 2 records are not
      const edge = calendar.periodOf('day', now - 7 * DAY).key;
      await assert.rejects(runDailyJob(storage, calendar, edge, S), (e: Error) => {
        assert.ok(e instanceof StorageInputError, e.stack);
        assert.match(e.message, new RegExp(`InfluxDB dropped \\d+ of the pattern_aggregates_daily records of ${edge}: they are older than the retention policy 'autogen' of 7 days`));
        return true;
      });
      assert.equal(storage.runs.list({ job: 'daily', limit: 1 })[0]?.status, 'failed');
      // from the edge day on, named: the oldest kept event can fall on either side of it as the clock moves
      const plan = await planRunAll(storage, calendar, { from: edge }, now);
      const runs = await runAll(storage, calendar, { ...plan, weeks: [], months: [] }, S);
      assert.equal(runs.find((r) => r.period === edge)?.status, 'failed');
      assert.ok(runs.filter((r) => r.period > edge).every((r) => r.status === 'success'), JSON.stringify(runs.map((r) => [r.period, r.status, r.error])));
    } finally {
      await storage.close();
    }
  });
});
