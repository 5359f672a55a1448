/**
 * The weekly job for one ISO week: reads only that week's Layer 2 daily inputs (never raw
 * events), writes the week's Layer 3 records, derives Group B patterns from the last weeks of
 * Layer 3, and commits all of it with its run record at once. Re-running a week replaces it.
 */
import { DAILY_INPUTS, GROUP_B, GROUP_B_TYPES } from '../detectors/index.js';
import { measurementNames, ReadReport, sourcesOf, stamp } from '../detectors/registry.js';
import { sessionObserved } from '../detectors/session.js';
import type { DetectorSettings } from '../detectors/settings.js';
import { byMeasurement, type WeekInput } from '../detectors/types.js';
import type { AggregateRecord, PatternUpsert, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar, Period } from '../time/calendar.js';
import { DAY_MS, type DetectorError, describeErrors, windowOf } from './group-a.js';
import { stabilizeKeys } from './keys.js';

export const WEEKLY_MEASUREMENTS = measurementNames('weekly');

export interface WeeklyResult {
  readonly runId: number;
  readonly week: string;
  readonly status: 'success' | 'partial';
  /** Days of the week with Layer 2 inputs. */
  readonly days: number;
  readonly records: number;
  readonly patterns: readonly PatternUpsert[];
  readonly error: string | null;
  /** What its inputs held of older versions, and left out (null: all current). */
  readonly versions: string | null;
}

/**
 * The week's Layer 2 inputs: what the job reads, and what a re-run check compares with. Records
 * of older versions are decoded (or left out, and counted in `read`).
 */
export async function weekInputs(storage: Storage, calendar: Calendar, week: Period, read = new ReadReport()): Promise<{ days: string[]; daily: AggregateRecord[] }> {
  const days = calendar.daysOf(week);
  const inputs = DAILY_INPUTS.map((i) => i.measurement);
  return { days, daily: read.read(await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: sourcesOf(inputs), periods: days }), inputs) };
}

export async function runWeeklyJob(storage: Storage, calendar: Calendar, weekKey: string, settings: DetectorSettings, clock: () => number = Date.now): Promise<WeeklyResult> {
  const week = calendar.week(weekKey);
  const runId = storage.runs.start('weekly', week.key, clock());
  try {
    const read = new ReadReport();
    const { days, daily } = await weekInputs(storage, calendar, week, read);
    const input: WeekInput = { week, days, calendar, records: byMeasurement(daily) };
    const errors: DetectorError[] = [];
    const records: AggregateRecord[] = [sessionObserved(input)];
    for (const detector of GROUP_B) {
      try {
        records.push(...detector.summarize(input, settings));
      } catch (e) {
        errors.push({ detector: detector.patternType, error: (e as Error).message });
      }
    }
    const weeks = Math.max(settings.session.weeks, settings.dayType.weeks);
    const first = calendar.shift(week, -(weeks - 1));
    const earlier = read.read(await storage.aggregates.query({ bucket: BUCKETS.weekly, measurements: WEEKLY_MEASUREMENTS, start: first.start, end: week.start }));
    const window = windowOf([...earlier, ...records], calendar);
    const derived: PatternUpsert[] = [];
    for (const detector of GROUP_B) {
      try {
        derived.push(...detector.derive(window, settings));
      } catch (e) {
        errors.push({ detector: detector.patternType, error: (e as Error).message });
      }
    }
    const patterns = stabilizeKeys(derived, storage.patterns, settings);
    const status = errors.length > 0 ? 'partial' : 'success';
    const error = describeErrors(errors);
    const inputDays = new Set(daily.map((r) => r.period)).size;
    await storage.commitJob({
      runId,
      status,
      counts: { days: inputDays, records: records.length, patterns: patterns.length, ...read.counts() },
      error,
      finishedAt: clock(),
      aggregates: [{ bucket: BUCKETS.weekly, period: week.key, measurements: WEEKLY_MEASUREMENTS, records: stamp(records) }],
      patterns,
      expire: { patternTypes: GROUP_B_TYPES, before: week.end - settings.expireDays * DAY_MS },
    });
    return { runId, week: week.key, status, days: inputDays, records: records.length, patterns, error, versions: read.describe() };
  } catch (e) {
    storage.runs.fail(runId, (e as Error).message, clock());
    throw e;
  }
}
