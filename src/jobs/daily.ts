/**
 * The daily job for one local day: reads only that day's raw events (plus the look-back its
 * windows need and the state carried over from before), writes the day's Layer 2 aggregates,
 * derives patterns from the last N days of Layer 2, and commits all of it with the run record
 * in one call. Re-running a day replaces its outputs.
 */
import { carriedFromEvents, CARRY_MS, SCAN_ATTRIBUTES } from '../detectors/activity.js';
import { locationOf } from '../detectors/context.js';
import { carriedFromRecord, carryRecord, CARRY_MEASUREMENT } from '../detectors/carry.js';
import { DayScanner, GROUP_A_TYPES, lookbackMs } from '../detectors/index.js';
import { measurementNames, ReadReport, sourcesOf, stamp } from '../detectors/registry.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { PatternUpsert, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { DAY_MS, deriveGroupA, describeErrors, GROUP_A_READS, groupALookback, summarizeGroupA, windowFrom } from './group-a.js';
import { stabilizeKeys } from './keys.js';

/**
 * What the daily job writes for a day: the day scan's facts and carried state, the six
 * detectors', the weekly and monthly detectors' inputs (every daily measurement declared).
 */
export const DAILY_MEASUREMENTS = measurementNames('daily');

export interface DailyResult {
  readonly runId: number;
  readonly day: string;
  readonly status: 'success' | 'partial';
  readonly events: number;
  readonly records: number;
  /** Patterns derived from the window, as committed (keys stabilised against Layer 4). */
  readonly patterns: readonly PatternUpsert[];
  /** The same before key stabilisation: what the detectors computed. */
  readonly derived: readonly PatternUpsert[];
  readonly error: string | null;
  /** What the window held of older versions, and left out (null: all current). */
  readonly versions: string | null;
}

export async function runDailyJob(storage: Storage, calendar: Calendar, dayKey: string, settings: DetectorSettings, clock: () => number = Date.now): Promise<DailyResult> {
  const day = calendar.day(dayKey);
  const runId = storage.runs.start('daily', day.key, clock());
  try {
    const lookbackStart = day.start - lookbackMs(settings);
    // State carried in: what the previous day's job left in Layer 2, else Layer 1's last changes.
    const previous = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: [CARRY_MEASUREMENT], periods: [calendar.shift(day, -1).key] });
    const carried = previous[0] !== undefined ? carriedFromRecord(previous[0]) : carriedFromEvents(await storage.events.lastBefore(lookbackStart, CARRY_MS));
    // Streamed: a day of raw events is scanned chunk by chunk, never held whole.
    const scanner = new DayScanner(day, calendar, lookbackStart, carried, locationOf(storage.home.get()));
    for await (const chunk of storage.events.read({ start: lookbackStart, end: day.end, attributeKeys: SCAN_ATTRIBUTES })) scanner.push(chunk);
    const activity = scanner.finish();
    const summary = summarizeGroupA(activity, settings, []);

    const firstDay = calendar.shift(day, -(settings.windowDays - 1));
    // Days written by an older version are read through their decoders (or left out, and counted).
    const read = new ReadReport();
    const earlier = read.read(await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: sourcesOf(GROUP_A_READS), start: firstDay.start, end: day.start }), GROUP_A_READS);
    // the anomaly baselines of the window's first days reach back before it
    const lookback = groupALookback(settings);
    const before = lookback.days > 0 ? read.read(await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: sourcesOf(lookback.measurements), start: calendar.shift(firstDay, -lookback.days).start, end: firstDay.start }), lookback.measurements) : [];
    const derived = deriveGroupA(windowFrom([...before, ...earlier, ...summary.records], calendar, firstDay.key, settings), settings);
    const patterns = stabilizeKeys(derived.patterns, storage.patterns, settings);
    const errors = [...summary.errors, ...derived.errors];
    const error = describeErrors(errors);
    const status = errors.length > 0 ? 'partial' : 'success';
    const counts = { events: scanner.eventsInDay, activations: activity.activations.filter((a) => a.inDay).length, records: summary.records.length, patterns: patterns.length, ...read.counts() };
    await storage.commitJob({
      runId,
      status,
      counts,
      error,
      finishedAt: clock(),
      aggregates: [{ bucket: BUCKETS.daily, period: day.key, measurements: DAILY_MEASUREMENTS, records: [...summary.records, ...stamp([carryRecord(activity)])] }],
      patterns,
      // An anomaly is a record of a day, not a routine that can stop: it does not expire this way.
      expire: { patternTypes: GROUP_A_TYPES.filter((t) => t !== 'anomaly'), before: day.end - settings.expireDays * DAY_MS },
    });
    return { runId, day: day.key, status, events: counts.events, records: summary.records.length, patterns, derived: derived.patterns, error, versions: read.describe() };
  } catch (e) {
    storage.runs.fail(runId, (e as Error).message, clock());
    throw e;
  }
}
