/**
 * Group A, shared by the daily job and the full recompute: summarise a day with every detector,
 * derive patterns from a window of daily records. A detector that throws does not stop the
 * others: its error is returned and the run is marked partial.
 */
import { withCauses } from '../detectors/causes.js';
import { ACTIVITY_DAILY, summarizeDayFacts } from '../detectors/day-facts.js';
import { DAILY_INPUTS, GROUP_A } from '../detectors/index.js';
import { summarizeOverrides } from '../detectors/overrides.js';
import { stampOwn } from '../detectors/registry.js';
import type { DayActivity } from '../detectors/activity.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { PatternWindow } from '../detectors/types.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';

export const DAY_MS = 86_400_000;

export interface DetectorError {
  readonly detector: string;
  readonly error: string;
}

export function summarizeGroupA(activity: DayActivity, settings: DetectorSettings, history: readonly AggregateRecord[]): { records: AggregateRecord[]; errors: DetectorError[] } {
  // the day's neutral facts, for every reader (not one detector's)
  const records: AggregateRecord[] = [...summarizeDayFacts(activity), ...summarizeOverrides(activity)];
  const errors: DetectorError[] = [];
  for (const detector of GROUP_A) {
    try {
      records.push(...detector.summarize(activity, settings, history.filter((r) => r.measurement === detector.measurement)));
    } catch (e) {
      errors.push({ detector: detector.patternType, error: (e as Error).message });
    }
  }
  for (const input of DAILY_INPUTS) {
    try {
      records.push(...input.summarize(activity, settings));
    } catch (e) {
      errors.push({ detector: input.measurement, error: (e as Error).message });
    }
  }
  return { records: stampOwn(records), errors };
}

/**
 * A window over daily records: its days are those that have records (days the job ran for), from
 * `first` on; earlier records are the look-back a detector asked for (`lookbackDays`).
 */
export function windowOf(records: readonly AggregateRecord[], calendar: Calendar, first = ''): PatternWindow {
  const byMeasurement = new Map<string, AggregateRecord[]>();
  const days = new Set<string>();
  for (const r of [...records].sort((a, b) => a.time - b.time)) {
    days.add(r.period);
    let list = byMeasurement.get(r.measurement);
    if (list === undefined) byMeasurement.set(r.measurement, (list = []));
    list.push(r);
  }
  return { days: [...days].filter((d) => d >= first).sort(), calendar, records: (m) => byMeasurement.get(m) ?? [] };
}

export function deriveGroupA(window: PatternWindow, settings: DetectorSettings): { patterns: PatternUpsert[]; errors: DetectorError[] } {
  const patterns: PatternUpsert[] = [];
  const errors: DetectorError[] = [];
  for (const detector of GROUP_A) {
    try {
      patterns.push(...detector.derive(window, settings));
    } catch (e) {
      errors.push({ detector: detector.patternType, error: (e as Error).message });
    }
  }
  return { patterns: withCauses(patterns, window.records(ACTIVITY_DAILY.name), window.days), errors };
}

/** The daily measurements Group A's `derive` reads (what the daily job queries for its window). */
export const GROUP_A_READS: readonly string[] = [...new Set(GROUP_A.flatMap((d) => d.reads))];

/** The daily measurements whose records `derive` reads before the window, and how many days. */
export function groupALookback(settings: DetectorSettings): { measurements: string[]; days: number } {
  const extra = GROUP_A.filter((d) => d.lookbackDays !== undefined);
  return { measurements: [...new Set(extra.flatMap((d) => d.reads))], days: Math.max(0, ...extra.map((d) => d.lookbackDays!(settings))) };
}

/**
 * The window of days from `first` on, over records that may reach further back: of the earlier
 * records only the look-back measurements are kept (the other detectors read the window alone).
 */
export function windowFrom(records: readonly AggregateRecord[], calendar: Calendar, first: string, settings: DetectorSettings): PatternWindow {
  const lookback = groupALookback(settings);
  const from = calendar.shift(calendar.day(first), -lookback.days).key;
  return windowOf(records.filter((r) => r.period >= first || (r.period >= from && lookback.measurements.includes(r.measurement))), calendar, first);
}

export function describeErrors(errors: readonly DetectorError[]): string | null {
  return errors.length === 0 ? null : errors.map((e) => `${e.detector}: ${e.error}`).join('; ');
}
