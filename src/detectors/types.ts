/** The shape every detector has: a day in, mergeable Layer 2 records out; N days of records in, patterns out. */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import type { DayActivity } from './activity.js';
import type { MeasurementSpec } from './measurement.js';
import type { DetectorSettings } from './settings.js';

/** The Layer 2 records of a window of days, by measurement. */
export interface PatternWindow {
  /** Local day keys of the window, oldest first (the last is the day the job ran for). */
  readonly days: readonly string[];
  readonly calendar: Calendar;
  records(measurement: string): readonly AggregateRecord[];
}

export interface DailyDetector {
  /** `pattern_type` in Layer 4. */
  readonly patternType: string;
  /** Its Layer 2 measurement. */
  readonly measurement: string;
  /** What it writes: its measurement's name, version and decoder. */
  readonly writes: readonly MeasurementSpec[];
  /** The Layer 2 measurements its `derive` reads (its own, and the day scan's facts it uses). */
  readonly reads: readonly string[];
  /**
   * The day's records. `history` holds this measurement's records of the days before (only the
   * anomaly detector reads it: its baseline lives in Layer 2).
   */
  summarize(activity: DayActivity, settings: DetectorSettings, history: readonly AggregateRecord[]): AggregateRecord[];
  /**
   * Days of its own measurement before the window that `derive` reads as baseline (their records
   * are in `window.records`, their days are not in `window.days`: no patterns are derived for them).
   */
  readonly lookbackDays?: (settings: DetectorSettings) => number;
  derive(window: PatternWindow, settings: DetectorSettings): PatternUpsert[];
}

/** Builds a record of a day. */
export function dayRecord(activity: DayActivity, measurement: string, tags: Record<string, string | null>, fields: AggregateRecord['fields']): AggregateRecord {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (v !== null && v !== '') clean[k] = v;
  return { measurement, period: activity.day.key, time: activity.day.start, tags: clean, fields };
}

/** Groups items by a key (items without one are left out), keeping their order. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    let list = out.get(key);
    if (list === undefined) out.set(key, (list = []));
    list.push(item);
  }
  return out;
}

/** Groups records by a tag value, keeping the window's day order. */
export function byTag(records: readonly AggregateRecord[], tag: string): Map<string, AggregateRecord[]> {
  return groupBy(records, (r) => r.tags[tag]);
}

/** Records by measurement, as a reader a detector's input can hand out. */
export function byMeasurement(records: readonly AggregateRecord[]): (measurement: string) => readonly AggregateRecord[] {
  const by = groupBy(records, (r) => r.measurement);
  return (m) => by.get(m) ?? [];
}

/**
 * A number field the record's measurement declares (measurement.ts): a record read through a
 * job was checked against its decoder, so a missing one is a wrong shape, not a 0.
 */
export function num(record: AggregateRecord, field: string): number {
  const v = record.fields[field];
  if (typeof v !== 'number') throw new Error(`${record.measurement} ${record.period}: field ${field} should be a number, is ${v === undefined ? 'missing' : typeof v}`);
  return v;
}

export function json<T>(record: AggregateRecord, field: string, fallback: T): T {
  const v = record.fields[field];
  return typeof v === 'string' ? (JSON.parse(v) as T) : fallback;
}

/** Rounds for metadata people read; stored counts stay exact. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A daily input for a weekly or monthly detector: stored in Layer 2, no patterns of its own. */
export interface DailyInput {
  readonly measurement: string;
  readonly writes: readonly MeasurementSpec[];
  summarize(activity: DayActivity, settings: DetectorSettings): AggregateRecord[];
}

/** A week's Layer 2 records, what a weekly detector reads (never raw events). */
export interface WeekInput {
  readonly week: { readonly key: string; readonly start: number };
  readonly days: readonly string[];
  readonly calendar: Calendar;
  records(measurement: string): readonly AggregateRecord[];
}

export interface WeeklyDetector {
  readonly patternType: string;
  /** Its Layer 3 measurement. */
  readonly measurement: string;
  /** What it writes to Layer 3: name, version, decoder. */
  readonly writes: readonly MeasurementSpec[];
  /** The Layer 2 measurements its `summarize` reads, and the Layer 3 ones its `derive` reads. */
  readonly reads: readonly string[];
  summarize(input: WeekInput, settings: DetectorSettings): AggregateRecord[];
  /** Patterns from the Layer 3 records of the last weeks (window.days holds week keys here). */
  derive(window: PatternWindow, settings: DetectorSettings): PatternUpsert[];
}

/** Builds a record of a week. */
export function weekRecord(input: WeekInput, measurement: string, tags: Record<string, string>, fields: AggregateRecord['fields']): AggregateRecord {
  return { measurement, period: input.week.key, time: input.week.start, tags, fields };
}

/** ISO weekday (1 = Monday) → the day type it belongs to. */
export function dayTypeOf(weekday: number): 'weekday' | 'weekend' {
  return weekday >= 6 ? 'weekend' : 'weekday';
}

/** What a monthly detector reads: Layer 2 of a window ending with the month, Layer 3 of earlier months. */
export interface MonthInput {
  readonly month: { readonly key: string; readonly start: number; readonly end: number };
  /** Local days of the Layer 2 window, oldest first: the month, reaching back to at least the configured days. */
  readonly days: readonly string[];
  readonly calendar: Calendar;
  /** Layer 2 records of the window's days. */
  records(measurement: string): readonly AggregateRecord[];
  /** Layer 3 records of the earlier months (never raw events), oldest first. */
  earlier(measurement: string): readonly AggregateRecord[];
}

export interface MonthlyDetector {
  readonly patternType: string;
  /** Its Layer 3 measurements: the detector's own and the roll-ups it keeps. */
  readonly measurements: readonly string[];
  /** The same with their versions and decoders. */
  readonly writes: readonly MeasurementSpec[];
  /** The Layer 2 measurements it reads. */
  readonly inputs: readonly string[];
  /** The Layer 3 measurements of earlier months it reads. */
  readonly history: readonly string[];
  summarize(input: MonthInput, settings: DetectorSettings): AggregateRecord[];
  /** Patterns from the month's Layer 3 records (window.days holds the month key). */
  derive(window: PatternWindow, settings: DetectorSettings): PatternUpsert[];
}

/** Builds a record of a month. */
export function monthRecord(input: MonthInput, measurement: string, tags: Record<string, string | null>, fields: AggregateRecord['fields']): AggregateRecord {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (v !== null && v !== '') clean[k] = v;
  return { measurement, period: input.month.key, time: input.month.start, tags: clean, fields };
}
