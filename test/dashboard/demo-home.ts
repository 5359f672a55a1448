/**
 * The demo home the browser tests look at: a small simulated home (30 days, ~1,500 events a day)
 * stored in a temp directory, its daily jobs run for every day and its weekly job for every week
 * that ended, as `npm start` and the jobs service's catch-up leave it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, detectorSettingsOf, type Config } from '../../src/config.js';
import { runDailyJob } from '../../src/jobs/daily.js';
import { runMonthlyJob } from '../../src/jobs/monthly.js';
import { runWeeklyJob } from '../../src/jobs/weekly.js';
import { simulateDays } from '../../src/simulate/index.js';
import { resolveOptions } from '../../src/simulate/options.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { Calendar } from '../../src/time/calendar.js';

export const DEMO_ZONE = 'Europe/Berlin';

export interface DemoHome {
  readonly dir: string;
  readonly storage: SqliteStorage;
  readonly config: Config;
  readonly calendar: Calendar;
  readonly days: readonly string[];
}

/** `monthly`: also the monthly job for every month that ended (Group C: contextual, seasonal), as `npm start`'s 62 days get. */
export async function buildDemoHome(options: { days?: number; eventsPerDay?: number; seed?: number; config?: Record<string, unknown>; monthly?: boolean } = {}): Promise<DemoHome> {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-dashboard-'));
  const config = configSchema.parse({ data_dir: dir, time_zone: DEMO_ZONE, ...options.config });
  const storage = new SqliteStorage(dir);
  const sim = resolveOptions({ days: options.days ?? 30, eventsPerDay: options.eventsPerDay ?? 1500, seed: options.seed ?? 42, timeZone: DEMO_ZONE });
  storage.home.set({ timeZone: DEMO_ZONE, latitude: sim.latitude, longitude: sim.longitude, locationName: 'homerhythm demo home' });
  const days: string[] = [];
  for (const { day, events } of simulateDays(sim)) {
    await storage.events.append(events);
    days.push(day);
  }
  const calendar = new Calendar(DEMO_ZONE);
  const settings = detectorSettingsOf(config);
  for (const day of days) await runDailyJob(storage, calendar, day, settings);
  const weeks = new Set<string>();
  for (const day of days) {
    const week = calendar.periodOf('week', calendar.day(day).start);
    if (week.end <= calendar.day(days[days.length - 1]!).end) weeks.add(week.key);
  }
  for (const week of weeks) await runWeeklyJob(storage, calendar, week, settings);
  const months = new Set<string>();
  for (const day of options.monthly === true ? days : []) {
    const month = calendar.periodOf('month', calendar.day(day).start);
    if (month.end <= calendar.day(days[days.length - 1]!).end) months.add(month.key);
  }
  for (const month of months) await runMonthlyJob(storage, calendar, month, settings);
  return { dir, storage, config, calendar, days };
}
