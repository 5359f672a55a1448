/**
 * A day's neutral facts for the anomaly detector, kept in Layer 2 (`anomaly_daily`): per entity
 * its activations by hour, on-time, longest on-stretch, whether it is on at the end of the day
 * and since when, and when it was last heard from; for the home, its activations by hour. No
 * scores: those are derived from a window, so re-running a day re-scores every day after it.
 */
import type { AggregateRecord } from '../../storage/types.js';
import type { DayActivity } from '../activity.js';
import { dayRecord, json, num } from '../types.js';

export const MEASUREMENT = 'anomaly_daily';
/** The tag of the home's record (entity records carry `entity_id` instead). */
export const HOME_SCOPE = 'home';

export interface EntityDay {
  readonly day: string;
  readonly dayStart: number;
  readonly dayEnd: number;
  readonly count: number;
  readonly hours: readonly number[];
  readonly onSeconds: number;
  /** Longest on-stretch that ended this day, in seconds. */
  readonly longestOn: number;
  /** On at the end of the day, since this time (null: off, or on since an unknown time). */
  readonly onSince: number | null;
  /** Last event of the entity up to the end of the day. */
  readonly seen: number;
}

export interface HomeDay {
  readonly day: string;
  readonly dayStart: number;
  readonly dayEnd: number;
  /** Activations of every entity by local hour. */
  readonly hours: readonly number[];
}

export function summarizeFacts(activity: DayActivity): AggregateRecord[] {
  const { start, end } = activity.day;
  const perEntity = new Map<string, { count: number; hours: number[]; on: number; longest: number; seen: number }>();
  const home = new Array<number>(24).fill(0);
  for (const id of activity.entities.keys()) perEntity.set(id, { count: 0, hours: new Array<number>(24).fill(0), on: 0, longest: 0, seen: activity.carryOut.get(id)?.seen ?? 0 });
  for (const a of activity.activations) {
    if (!a.inDay) continue;
    const d = perEntity.get(a.entityId);
    const hour = activity.calendar.hourOf(a.time);
    home[hour]!++;
    if (d === undefined) continue;
    d.count++;
    d.hours[hour]!++;
    d.seen = Math.max(d.seen, a.time);
  }
  for (const i of activity.intervals) {
    const d = perEntity.get(i.entityId);
    if (d === undefined) continue;
    d.on += (i.end - Math.max(i.start, start)) / 1000;
    d.longest = Math.max(d.longest, (i.end - i.start) / 1000);
    d.seen = Math.max(d.seen, i.end);
  }
  for (const [id, since] of activity.activeAtEnd) {
    const d = perEntity.get(id);
    if (d !== undefined && since !== null) d.on += (end - Math.max(since, start)) / 1000;
  }
  const records = [...perEntity.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([entityId, d]) => {
      const since = activity.activeAtEnd.get(entityId);
      const fields: AggregateRecord['fields'] = { count: d.count, hours: JSON.stringify(d.hours), on_seconds: d.on, longest_on_seconds: d.longest, seen: d.seen };
      return dayRecord(activity, MEASUREMENT, { entity_id: entityId, area_id: activity.entities.get(entityId)?.areaId ?? null }, since === undefined || since === null ? fields : { ...fields, on_since: since });
    });
  records.push(dayRecord(activity, MEASUREMENT, { scope: HOME_SCOPE }, { home_hours: JSON.stringify(home) }));
  return records;
}

/** `dayEnd`: the end of the record's local day (23, 24 or 25 hours after its start). */
export function entityDay(r: AggregateRecord, dayEnd: number): EntityDay {
  const onSince = r.fields['on_since'];
  return {
    day: r.period,
    dayStart: r.time,
    dayEnd,
    count: num(r, 'count'),
    hours: json<number[]>(r, 'hours', []),
    onSeconds: num(r, 'on_seconds'),
    longestOn: num(r, 'longest_on_seconds'),
    onSince: typeof onSince === 'number' ? onSince : null,
    seen: num(r, 'seen'),
  };
}

export function homeDay(r: AggregateRecord, dayEnd: number): HomeDay {
  return { day: r.period, dayStart: r.time, dayEnd, hours: json<number[]>(r, 'home_hours', []) };
}
