/**
 * The InfluxDB backend beside the embedded store, on the same prepared home (100K events/day):
 * the daily job for its last day, and the data-api's two seed queries on Layer 2/3 as the API
 * issues them to the store (time_based_daily for one entity over 30 days; day_type daily 7 days +
 * weekly 4 weeks), sequential, median and p99. Starts its own influxd.
 */
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { runDailyJob } from '../../src/jobs/daily.js';
import { InfluxStorage } from '../../src/storage/influxdb/index.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { BUCKETS, type Storage } from '../../src/storage/types.js';
import { Influxd } from '../../src/testing/influxd.js';
import { report, tempDir } from './case.js';
import { NO_RETENTION, preparedHome } from './prepared-home.js';

const DAY = 86_400_000;
const { dir, days, calendar } = await preparedHome();
const sqlite = new SqliteStorage(dir, NO_RETENTION);
const influxd = await Influxd.start();
const influx = await InfluxStorage.open({ url: influxd.url, dataDir: tempDir('influx'), retention: NO_RETENTION, graceDays: null });

// The job's input: its day of raw events (and the day before, for what carries over), 30 days of Layer 2.
const last = calendar.day(days[days.length - 1]!);
for await (const chunk of sqlite.events.read({ start: last.start - DAY, end: last.end })) await influx.events.append(chunk);
const daily = await sqlite.aggregates.query({ bucket: BUCKETS.daily });
const byPeriod = new Map<string, typeof daily>();
for (const r of daily) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r]);
for (const [period, records] of byPeriod) {
  await influx.aggregates.replace({ bucket: BUCKETS.daily, period, measurements: [...new Set(records.map((r) => r.measurement))], records });
}
const weekly = await sqlite.aggregates.query({ bucket: BUCKETS.weekly });
for (const r of weekly) await influx.aggregates.replace({ bucket: BUCKETS.weekly, period: r.period, measurements: [r.measurement], records: weekly.filter((w) => w.period === r.period && w.measurement === r.measurement) });

async function dailyJob(storage: Storage): Promise<number> {
  const started = performance.now();
  await runDailyJob(storage, calendar, last.key, DEFAULT_DETECTOR_SETTINGS);
  return (performance.now() - started) / 1000;
}

async function latency(storage: Storage, query: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  void storage;
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await query();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]! };
}

const entity = daily.find((r) => r.measurement === 'time_based_daily')?.tags['entity_id'] ?? 'light.kitchen_ceiling';
const seedQueries = (s: Storage) => ({
  timeBased: () => s.aggregates.query({ bucket: BUCKETS.daily, measurements: ['time_based_daily'], tags: { entity_id: entity }, start: last.end - 31 * DAY, end: last.end }),
  dayType: () =>
    Promise.all([
      s.aggregates.query({ bucket: BUCKETS.daily, measurements: ['day_type_daily'], start: last.end - 8 * DAY, end: last.end }),
      s.aggregates.query({ bucket: BUCKETS.weekly, measurements: ['day_type_weekly'], start: last.end - 35 * DAY, end: last.end }),
    ]),
});

const sqliteJob = await dailyJob(sqlite);
const influxJob = await dailyJob(influx);
const sq = seedQueries(sqlite);
const iq = seedQueries(influx);
const [sqTime, iqTime, sqDay, iqDay] = [await latency(sqlite, sq.timeBased), await latency(influx, iq.timeBased), await latency(sqlite, sq.dayType), await latency(influx, iq.dayType)];
await sqlite.close();
await influx.close();
await influxd.stop();
report({
  daily_job_sqlite: { value: sqliteJob, unit: 's', max: 1 },
  daily_job_influxdb: { value: influxJob, unit: 's' },
  time_based_30d_sqlite_p50: { value: sqTime.p50, unit: 'ms' },
  time_based_30d_influxdb_p50: { value: iqTime.p50, unit: 'ms' },
  time_based_30d_sqlite_p99: { value: sqTime.p99, unit: 'ms' },
  time_based_30d_influxdb_p99: { value: iqTime.p99, unit: 'ms' },
  day_type_union_sqlite_p50: { value: sqDay.p50, unit: 'ms' },
  day_type_union_influxdb_p50: { value: iqDay.p50, unit: 'ms' },
  day_type_union_sqlite_p99: { value: sqDay.p99, unit: 'ms' },
  day_type_union_influxdb_p99: { value: iqDay.p99, unit: 'ms' },
});
