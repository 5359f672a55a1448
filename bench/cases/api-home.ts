/**
 * 90 days of Layer 2 for a simulated home at 100K events/day, for the API bench: each day
 * summarised straight from the simulator, as the daily job would (Group A and the daily inputs
 * of Group B, `day_type_daily` among them; Layer 1 skipped: the API bench reads Layers 2/3 only),
 * then the weekly job over Layer 2 for each of the 13 weeks, which writes `day_type_weekly`.
 * Built once in a child process and cached in the temp directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { carryRecord } from '../../src/detectors/carry.js';
import { DayScanner, lookbackMs } from '../../src/detectors/index.js';
import type { CarriedState } from '../../src/detectors/activity.js';
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import type { StateEvent } from '../../src/events/model.js';
import { DAILY_MEASUREMENTS } from '../../src/jobs/daily.js';
import { summarizeGroupA } from '../../src/jobs/group-a.js';
import { runWeeklyJob } from '../../src/jobs/weekly.js';
import { simulateDays } from '../../src/simulate/index.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { BUCKETS, type AggregateRecord } from '../../src/storage/types.js';
import { Calendar } from '../../src/time/calendar.js';
import { NO_RETENTION } from './prepared-home.js';

/** 90 days ending on a Sunday: 13 weeks for the weekly job (the first one partly simulated). */
export const API_HOME = { days: 90, eventsPerDay: 100_000, seed: 17, timeZone: 'Europe/Berlin', lastDay: '2026-11-01' };
/** The API's clock in the bench: the Monday morning after the last simulated day, its jobs done. */
export const API_NOW = Date.parse('2026-11-02T09:00:00Z');
const VERSION = 3; // 3: records carry their summary version (schema 2): a store of an older cache is not migrated under its other users
const DIR = join(tmpdir(), `homerhythm-bench-api-v${VERSION}-${API_HOME.seed}-${API_HOME.days}x${API_HOME.eventsPerDay}`);

export async function apiBenchHome(): Promise<{ dir: string; calendar: Calendar }> {
  if (!existsSync(join(DIR, 'ready'))) {
    const loader = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const built = spawnSync(process.execPath, [...loader, fileURLToPath(import.meta.url), '--build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error('preparing the API bench home failed');
  }
  return { dir: DIR, calendar: new Calendar(API_HOME.timeZone) };
}

async function build(): Promise<void> {
  const calendar = new Calendar(API_HOME.timeZone);
  const settings = DEFAULT_DETECTOR_SETTINGS;
  const lookback = lookbackMs(settings);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const storage = new SqliteStorage(DIR, NO_RETENTION);
  let carried: ReadonlyMap<string, CarriedState> = new Map();
  let tail: StateEvent[] = [];
  let anomalyHistory: AggregateRecord[] = [];
  let firstDay: string | undefined;
  for (const { day: key, events } of simulateDays(API_HOME)) {
    firstDay ??= key;
    const day = calendar.day(key);
    const scanner = new DayScanner(day, calendar, day.start - lookback, carried);
    scanner.push(tail).push(events);
    const activity = scanner.finish();
    const summary = summarizeGroupA(activity, settings, anomalyHistory);
    if (summary.errors.length > 0) throw new Error(`${key}: ${summary.errors.map((e) => e.error).join('; ')}`);
    await storage.aggregates.replace({ bucket: BUCKETS.daily, period: key, measurements: DAILY_MEASUREMENTS, records: [...summary.records, carryRecord(activity)] });
    anomalyHistory = [...anomalyHistory, ...summary.records.filter((r) => r.measurement === 'anomaly_daily')].filter((r) => r.time >= day.end - settings.anomaly.baselineDays * 86_400_000);
    carried = activity.carryOut;
    tail = events.filter((e) => e.time >= day.end - lookback);
  }
  // The weekly job for every week that has ended by the last day (the first one partly simulated).
  const last = calendar.day(API_HOME.lastDay);
  for (let week = calendar.periodOf('week', calendar.day(firstDay!).start); week.end <= last.end; week = calendar.shift(week, 1)) {
    await runWeeklyJob(storage, calendar, week.key, settings, () => week.end + 3 * 3_600_000);
  }
  await storage.close();
  writeFileSync(join(DIR, 'ready'), new Date().toISOString());
}

if (process.argv.includes('--build')) await build();
