/**
 * Runs Group A over in-memory events day by day, carrying state the way the stream does: the
 * pure core of both the daily job and the recompute, for tests and tools that hold events in memory.
 */
import type { StateEvent } from '../events/model.js';
import type { AggregateRecord } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { carriedFromEvents, CARRY_MS, type CarriedState, scanDay } from '../detectors/activity.js';
import { summarizeDayFacts } from '../detectors/day-facts.js';
import { GROUP_A } from '../detectors/index.js';
import { lookbackMs, type DetectorSettings } from '../detectors/settings.js';
import type { DailyDetector } from '../detectors/types.js';


/** `detectors`: a few of Group A, for tests that read only theirs (a day is summarised faster). */
export function summarizeDays(events: readonly StateEvent[], days: readonly string[], calendar: Calendar, settings: DetectorSettings, detectors: readonly DailyDetector[] = GROUP_A): AggregateRecord[] {
  const records: AggregateRecord[] = [];
  let carried: ReadonlyMap<string, CarriedState> | null = null;
  for (const key of days) {
    const day = calendar.day(key);
    const lookbackStart = day.start - lookbackMs(settings);
    if (carried === null) {
      const last = new Map<string, StateEvent>();
      for (const e of events) if (e.time < lookbackStart && e.time >= lookbackStart - CARRY_MS && e.state !== e.oldState) last.set(e.entityId, e);
      carried = carriedFromEvents(last);
    }
    const activity = scanDay({ day, calendar, events: events.filter((e) => e.time >= lookbackStart && e.time < day.end), lookbackStart, carried });
    carried = activity.carryOut;
    records.push(...summarizeDayFacts(activity));
    for (const d of detectors) records.push(...d.summarize(activity, settings, records.filter((r) => r.measurement === d.measurement)));
  }
  return records;
}
