/**
 * The full path, "the old way": N days of raw events read in one streaming pass, every day
 * summarised from the stream itself (state carried in memory, not looked up), and patterns
 * derived from all N days at once. It checks the incremental path and backfills Layer 2.
 */
import { carriedFromEvents, CARRY_MS, type CarriedState, SCAN_ATTRIBUTES } from '../detectors/activity.js';
import { carryRecord } from '../detectors/carry.js';
import { locationOf } from '../detectors/context.js';
import { DayScanner, lookbackMs } from '../detectors/index.js';
import { stamp } from '../detectors/registry.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { AggregateRecord, PatternUpsert, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar, Period } from '../time/calendar.js';
import { DAILY_MEASUREMENTS } from './daily.js';
import { deriveGroupA, describeErrors, summarizeGroupA, windowOf } from './group-a.js';
import { stabilizeKeys } from './keys.js';

export interface RecomputeResult {
  readonly days: readonly string[];
  readonly events: number;
  readonly records: readonly AggregateRecord[];
  readonly patterns: readonly PatternUpsert[];
  readonly error: string | null;
}

export async function recompute(
  storage: Storage,
  calendar: Calendar,
  lastDay: string,
  nDays: number,
  settings: DetectorSettings,
  onDay?: (done: number, all: number) => void,
): Promise<RecomputeResult> {
  const last = calendar.day(lastDay);
  const days: Period[] = [];
  for (let d = calendar.shift(last, -(nDays - 1)); d.start <= last.start; d = calendar.shift(d, 1)) days.push(d);
  const lookback = lookbackMs(settings);
  const streamStart = days[0]!.start - lookback;
  const records: AggregateRecord[] = [];
  const errors: string[] = [];
  let eventCount = 0;
  const location = locationOf(storage.home.get());

  // State before the first day is the only thing looked up; from then on each day's scan hands
  // it to the next. Around each midnight two scanners run: the day ending, and the next day's
  // look-back.
  let index = 0;
  let current = new DayScanner(days[0]!, calendar, streamStart, carriedFromEvents(await storage.events.lastBefore(streamStart, CARRY_MS)), location);
  let next: DayScanner | null = null;
  const startNext = (carried: ReadonlyMap<string, CarriedState>) => {
    const day = days[index + 1];
    if (day !== undefined) next = new DayScanner(day, calendar, day.start - lookback, carried, location);
  };
  const finishDay = () => {
    const activity = current.finish();
    eventCount += current.eventsInDay;
    const summary = summarizeGroupA(activity, settings, []);
    records.push(...summary.records, ...stamp([carryRecord(activity)]));
    for (const e of summary.errors) errors.push(`${activity.day.key} ${e.detector}: ${e.error}`);
    if (next === null) startNext(activity.carryOut);
    onDay?.(index + 1, days.length);
    index++;
    if (next !== null) current = next;
    next = null;
  };

  for await (const chunk of storage.events.read({ start: streamStart, end: last.end, attributeKeys: SCAN_ATTRIBUTES })) {
    for (const e of chunk) {
      while (e.time >= current.day.end) finishDay();
      current.pushOne(e);
      if (next === null && current.carryReady !== null) startNext(current.carryReady);
      const following = next as DayScanner | null; // assigned in closures: TypeScript cannot follow it
      if (following !== null && e.time >= following.day.start - lookback) following.pushOne(e);
    }
  }
  while (index < days.length) finishDay();

  const derived = deriveGroupA(windowOf(records, calendar), settings);
  const error = [describeErrors(derived.errors), ...errors].filter((x) => x !== null).join('; ') || null;
  return { days: days.map((d) => d.key), events: eventCount, records, patterns: derived.patterns, error };
}

/** Stores a recompute's results: each day's Layer 2 records replaced, patterns upserted, one run. */
export async function storeRecompute(storage: Storage, result: RecomputeResult, settings: DetectorSettings, clock: () => number = Date.now): Promise<number> {
  const period = `${result.days[0]}..${result.days[result.days.length - 1]}`;
  const runId = storage.runs.start('recompute', period, clock());
  try {
    const byDay = new Map<string, AggregateRecord[]>(result.days.map((d) => [d, []]));
    for (const r of result.records) byDay.get(r.period)!.push(r);
    await storage.commitJob({
      runId,
      status: result.error === null ? 'success' : 'partial',
      counts: { days: result.days.length, events: result.events, records: result.records.length, patterns: result.patterns.length },
      error: result.error,
      finishedAt: clock(),
      aggregates: [...byDay].map(([period, records]) => ({ bucket: BUCKETS.daily, period, measurements: DAILY_MEASUREMENTS, records })),
      patterns: stabilizeKeys(result.patterns, storage.patterns, settings),
    });
    return runId;
  } catch (e) {
    storage.runs.fail(runId, (e as Error).message, clock());
    throw e;
  }
}

