/**
 * A day's neutral facts for the anomaly detector, kept in Layer 2 (`anomaly_daily`): per entity
 * its on-time, longest on-stretch, whether it is on at the end of the day and since when, and
 * when it was last heard from, and (when it was) its longest stretch unavailable or unknown and
 * since when it is so at the end of the day; for the home, its activations by hour. Its activations by hour
 * are the day scan's (`activity_daily`, day-facts.ts). No scores: those are derived from a
 * window, so re-running a day re-scores every day after it.
 *
 * Version 1 (up to dc19d54) also held each entity's `count` and `hours`; its upgrade splits such a
 * record into the two it is now.
 */
import type { AggregateRecord } from '../../storage/types.js';
import type { DayActivity } from '../activity.js';
import { ACTIVITY_DAILY, hoursOf } from '../day-facts.js';
import { measurement } from '../measurement.js';
import { dayRecord } from '../types.js';

export const MEASUREMENT = 'anomaly_daily';

const ENTITY_FIELDS = { on_seconds: 'number', longest_on_seconds: 'number', seen: 'number', on_since: 'number?', longest_dark_seconds: 'number?', dark_since: 'number?' } as const;
const HOME_FIELDS = { home_hours: 'json' } as const;
const V1 = measurement(MEASUREMENT, 'daily', 1, { ...ENTITY_FIELDS, count: 'number', hours: 'json' });
const HOME = measurement(MEASUREMENT, 'daily', 2, HOME_FIELDS);
const ENTITY = measurement(MEASUREMENT, 'daily', 2, ENTITY_FIELDS);

/** Both shapes of `anomaly_daily` (an entity's record, the home's), by its tags. */
export const ANOMALY_DAILY = measurement(MEASUREMENT, 'daily', 2, {}, { upgrade: upgradeV1, variant: (r) => (r.tags['scope'] === HOME_SCOPE ? HOME_FIELDS : ENTITY_FIELDS) });

function upgradeV1(r: AggregateRecord): AggregateRecord[] {
  if (r.tags['scope'] === HOME_SCOPE) return [{ ...r, version: 2 }];
  const f = V1.decode(r);
  const { count, hours, ...kept } = r.fields;
  void count;
  void hours;
  const activity: AggregateRecord = { measurement: ACTIVITY_DAILY.name, period: r.period, time: r.time, tags: r.tags, fields: { count: f.count, hours: f.hours }, version: ACTIVITY_DAILY.version };
  return [{ ...r, fields: kept, version: 2 }, activity];
}
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
  /** Longest stretch unavailable or unknown that ended this day, in seconds. */
  readonly longestDark: number;
  /** Unavailable or unknown at the end of the day, since this time (null: not). */
  readonly darkSince: number | null;
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
  const perEntity = new Map<string, { on: number; longest: number; seen: number; dark: number }>();
  const home = new Array<number>(24).fill(0);
  for (const id of activity.entities.keys()) perEntity.set(id, { on: 0, longest: 0, seen: activity.carryOut.get(id)?.seen ?? 0, dark: 0 });
  for (const a of activity.activations) {
    if (!a.inDay) continue;
    const d = perEntity.get(a.entityId);
    home[activity.calendar.hourOf(a.time)]!++;
    if (d === undefined) continue;
    d.seen = Math.max(d.seen, a.time);
  }
  for (const i of activity.intervals) {
    const d = perEntity.get(i.entityId);
    if (d === undefined) continue;
    d.on += (i.end - Math.max(i.start, start)) / 1000;
    d.longest = Math.max(d.longest, (i.end - i.start) / 1000);
    d.seen = Math.max(d.seen, i.end);
  }
  for (const o of activity.outages) {
    const d = perEntity.get(o.entityId);
    if (d !== undefined) d.dark = Math.max(d.dark, (o.end - o.start) / 1000);
  }
  for (const [id, since] of activity.activeAtEnd) {
    const d = perEntity.get(id);
    if (d !== undefined && since !== null) d.on += (end - Math.max(since, start)) / 1000;
  }
  const records = [...perEntity.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([entityId, d]) => {
      const since = activity.activeAtEnd.get(entityId);
      const dark = activity.darkAtEnd.get(entityId);
      const fields: AggregateRecord['fields'] = {
        on_seconds: d.on,
        longest_on_seconds: d.longest,
        seen: d.seen,
        ...(since === undefined || since === null ? {} : { on_since: since }),
        ...(d.dark > 0 ? { longest_dark_seconds: d.dark } : {}),
        ...(dark === undefined ? {} : { dark_since: dark }),
      };
      return dayRecord(activity, MEASUREMENT, { entity_id: entityId, area_id: activity.entities.get(entityId)?.areaId ?? null }, fields);
    });
  records.push(dayRecord(activity, MEASUREMENT, { scope: HOME_SCOPE }, { home_hours: JSON.stringify(home) }));
  return records;
}

/**
 * An entity's day from its `anomaly_daily` record and its `activity_daily` one (the day scan's
 * activations; absent: none that day). `dayEnd`: the end of the record's local day (23, 24 or 25
 * hours after its start). Throws on a record of another shape.
 */
export function entityDay(r: AggregateRecord, activity: AggregateRecord | undefined, dayEnd: number): EntityDay {
  const f = ENTITY.decode(r);
  return {
    day: r.period,
    dayStart: r.time,
    dayEnd,
    count: activity === undefined ? 0 : ACTIVITY_DAILY.decode(activity).count,
    hours: activity === undefined ? new Array<number>(24).fill(0) : hoursOf(activity),
    onSeconds: f.on_seconds,
    longestOn: f.longest_on_seconds,
    onSince: f.on_since ?? null,
    seen: f.seen,
    longestDark: f.longest_dark_seconds ?? 0,
    darkSince: f.dark_since ?? null,
  };
}

export function homeDay(r: AggregateRecord, dayEnd: number): HomeDay {
  const hours = JSON.parse(HOME.decode(r).home_hours) as unknown;
  if (!Array.isArray(hours) || !hours.every((n) => typeof n === 'number')) throw new Error(`anomaly_daily ${r.period}: home_hours should be numbers`);
  return { day: r.period, dayStart: r.time, dayEnd, hours: hours as number[] };
}
