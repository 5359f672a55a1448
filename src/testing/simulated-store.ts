/**
 * A store holding a simulated home, as the backup and crash tests start from: N days of raw
 * events (last day fixed), optionally the daily and weekly jobs run over them.
 */
import { DEFAULT_DETECTOR_SETTINGS } from '../detectors/settings.js';
import { runDailyJob } from '../jobs/daily.js';
import { runWeeklyJob } from '../jobs/weekly.js';
import { simulateDays } from '../simulate/index.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { Calendar } from '../time/calendar.js';

export const SIM_ZONE = 'Europe/Berlin';
export const SIM_LAST_DAY = '2026-11-24';
/** The day after the last simulated day, 11:00 in Berlin: "now" for the API and the jobs. */
export const SIM_NOW = Date.parse('2026-11-25T10:00:00Z');
export const simCalendar = new Calendar(SIM_ZONE);
export const simSettings = { ...DEFAULT_DETECTOR_SETTINGS, windowDays: 10 };

export interface SimulatedStore {
  readonly days: readonly string[];
  readonly weeks: readonly string[];
}

export async function fillSimulatedStore(dir: string, options: { days: number; eventsPerDay: number; seed?: number; jobs?: boolean; /** Default SIM_LAST_DAY. */ lastDay?: string }): Promise<SimulatedStore> {
  const storage = new SqliteStorage(dir);
  try {
    const days: string[] = [];
    for (const d of simulateDays({ seed: options.seed ?? 7, days: options.days, eventsPerDay: options.eventsPerDay, timeZone: SIM_ZONE, lastDay: options.lastDay ?? SIM_LAST_DAY })) {
      await storage.events.append(d.events);
      days.push(d.day);
    }
    storage.home.set({ timeZone: SIM_ZONE });
    const weeks: string[] = [];
    const last = simCalendar.day(days.at(-1)!);
    for (let w = simCalendar.periodOf('week', simCalendar.day(days[0]!).start); w.end <= last.end; w = simCalendar.shift(w, 1)) weeks.push(w.key);
    if (options.jobs === true) {
      for (const day of days) await runDailyJob(storage, simCalendar, day, simSettings);
      for (const week of weeks) await runWeeklyJob(storage, simCalendar, week, simSettings);
    }
    return { days, weeks };
  } finally {
    await storage.close();
  }
}
