/**
 * The full path, "the old way": N days of raw events read in one streaming pass, every day
 * summarised from the stream itself (state carried in memory, not looked up), and patterns
 * derived from all N days at once. It checks the incremental path and backfills Layer 2.
 */
import { carriedFromEvents, CARRY_MS, type CarriedState } from '../detectors/activity.js';
import { carryRecord } from '../detectors/carry.js';
import { lookbackMs, scanDay } from '../detectors/index.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { StateEvent } from '../events/model.js';
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

  // State before the first day is the only thing looked up; from then on the scans carry it.
  let carried: Map<string, CarriedState> | ReadonlyMap<string, CarriedState> = carriedFromEvents(await storage.events.lastBefore(streamStart, CARRY_MS));
  const stream = storage.events.read({ start: streamStart, end: last.end, withAttributes: true })[Symbol.asyncIterator]();
  let buffer: StateEvent[] = [];
  let streamDone = false;
  let eventCount = 0;
  const records: AggregateRecord[] = [];
  const errors: string[] = [];

  for (const [i, day] of days.entries()) {
    while (!streamDone && (buffer.length === 0 || buffer[buffer.length - 1]!.time < day.end)) {
      const next = await stream.next();
      if (next.done) streamDone = true;
      else for (const e of next.value) buffer.push(e);
    }
    const lookbackStart = day.start - lookback;
    let cut = 0;
    while (cut < buffer.length && buffer[cut]!.time < lookbackStart) cut++;
    buffer = buffer.slice(cut);
    const events = buffer.filter((e) => e.time < day.end);
    eventCount += events.filter((e) => e.time >= day.start).length;
    const activity = scanDay({ day, calendar, events, lookbackStart, carried });
    const history = records.filter((r) => r.measurement === 'anomaly_daily');
    const summary = summarizeGroupA(activity, settings, history);
    records.push(...summary.records, carryRecord(activity));
    carried = activity.carryOut;
    for (const e of summary.errors) errors.push(`${day.key} ${e.detector}: ${e.error}`);
    onDay?.(i + 1, days.length);
  }
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

