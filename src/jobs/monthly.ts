/**
 * The monthly job for one local month: reads a window of Layer 2 ending with the month (at least
 * `contextual.windowDays` days) and the earlier months' Layer 3 roll-ups (never raw events),
 * writes the month's Layer 3 records, derives the Group C patterns (contextual, seasonal), and
 * commits all of it with its run record at once. Re-running a month replaces it.
 */
import { withCauses } from '../detectors/causes.js';
import { ACTIVITY_DAILY } from '../detectors/day-facts.js';
import { GROUP_C, GROUP_C_TYPES } from '../detectors/index.js';
import { measurementNames, ReadReport, sourcesOf, stamp } from '../detectors/registry.js';
import type { DetectorSettings } from '../detectors/settings.js';
import { byMeasurement, type MonthInput } from '../detectors/types.js';
import type { AggregateRecord, PatternUpsert, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar, Period } from '../time/calendar.js';
import { DAY_MS, type DetectorError, describeErrors, windowOf } from './group-a.js';

export const MONTHLY_MEASUREMENTS = measurementNames('monthly');
const INPUTS = [...new Set(GROUP_C.flatMap((d) => d.inputs))];
const HISTORY = [...new Set(GROUP_C.flatMap((d) => d.history))];

export interface MonthlyResult {
  readonly runId: number;
  readonly month: string;
  readonly status: 'success' | 'partial';
  /** Days of Layer 2 the window held. */
  readonly days: number;
  readonly records: number;
  readonly patterns: readonly PatternUpsert[];
  readonly error: string | null;
  /** What its inputs held of older versions, and left out (null: all current). */
  readonly versions: string | null;
}

/** The month's Layer 2 inputs: what the job reads, and what a re-run check compares with. */
export async function monthInputs(storage: Storage, calendar: Calendar, month: Period, settings: DetectorSettings, read = new ReadReport()): Promise<{ days: string[]; daily: AggregateRecord[] }> {
  // the month, reaching back far enough for ≥ windowDays days (February borrows from January)
  const last = calendar.periodOf('day', month.end - 1);
  const first = calendar.shift(last, -(Math.max(settings.contextual.windowDays, calendar.daysOf(month).length) - 1));
  const days = calendar.daysBetween(first.key, last.key);
  return { days, daily: read.read(await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: sourcesOf(INPUTS), start: first.start, end: month.end }), INPUTS) };
}

export async function runMonthlyJob(storage: Storage, calendar: Calendar, monthKey: string, settings: DetectorSettings, clock: () => number = Date.now): Promise<MonthlyResult> {
  const month = calendar.month(monthKey);
  const runId = storage.runs.start('monthly', month.key, clock());
  try {
    const read = new ReadReport();
    const { days, daily } = await monthInputs(storage, calendar, month, settings, read);
    const oldest = calendar.shift(month, -(settings.seasonal.months - 1));
    const earlier = read.read(await storage.aggregates.query({ bucket: BUCKETS.weekly, measurements: HISTORY, periods: monthsBetween(calendar, oldest.start, month.start) }));
    const input: MonthInput = { month, days, calendar, records: byMeasurement(daily), earlier: byMeasurement(earlier) };
    const errors: DetectorError[] = [];
    const records: AggregateRecord[] = [];
    const derived: PatternUpsert[] = [];
    for (const detector of GROUP_C) {
      try {
        const own = detector.summarize(input, settings);
        records.push(...own);
        derived.push(...withCauses(detector.derive(windowOf(own, calendar), settings), input.records(ACTIVITY_DAILY.name), days));
      } catch (e) {
        errors.push({ detector: detector.patternType, error: (e as Error).message });
      }
    }
    const status = errors.length > 0 ? 'partial' : 'success';
    const error = describeErrors(errors);
    const dayCount = new Set(daily.map((r) => r.period)).size;
    await storage.commitJob({
      runId,
      status,
      counts: { days: dayCount, records: records.length, patterns: derived.length, ...read.counts() },
      error,
      finishedAt: clock(),
      aggregates: [{ bucket: BUCKETS.weekly, period: month.key, measurements: MONTHLY_MEASUREMENTS, records: stamp(records) }],
      patterns: derived,
      expire: { patternTypes: GROUP_C_TYPES, before: month.end - Math.max(settings.contextual.expireDays, settings.seasonal.expireDays) * DAY_MS },
    });
    return { runId, month: month.key, status, days: dayCount, records: records.length, patterns: derived, error, versions: read.describe() };
  } catch (e) {
    storage.runs.fail(runId, (e as Error).message, clock());
    throw e;
  }
}

/** Month keys in [start, end). */
function monthsBetween(calendar: Calendar, start: number, end: number): string[] {
  const keys: string[] = [];
  for (let m = calendar.periodOf('month', start); m.start < end; m = calendar.shift(m, 1)) keys.push(m.key);
  return keys;
}
