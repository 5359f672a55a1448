/**
 * 8. Day type: entities used differently on weekdays and at weekends — at another time of day
 * (first activation) or in another amount (activations per day). The daily job keeps each
 * entity's day (`day_type_daily`); the weekly job collects a week per entity (`day_type_weekly`);
 * patterns compare the two day types over the last weeks. A difference must hold week after week:
 * robust statistics over days, at least `minWeeks` weeks of each day type, and the same direction
 * in most weeks, so one busy Wednesday cannot make "used more on weekdays". Holidays count as
 * weekend days, decided when patterns are derived so a holiday added later applies to past weeks.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { measurement } from './measurement.js';
import type { Calendar } from '../time/calendar.js';
import { normalUpperTail } from './anomaly/model.js';
import { circularDelta, clockTime, robustCircularStats } from './circular.js';
import type { DetectorSettings } from './settings.js';
import { type DailyInput, type WeeklyDetector, byTag, dayRecord, dayTypeOf, json, round, weekRecord } from './types.js';
import type { DayTypeMetadata } from './metadata.js';

const DAY_TYPE_DAILY = measurement('day_type_daily', 'daily', 1, { count: 'number', first_minute: 'number' });
const DAY_TYPE_WEEKLY = measurement('day_type_weekly', 'weekly', 1, {
  weekday_counts: 'json',
  weekend_counts: 'json',
  weekday_first_minutes: 'json',
  weekend_first_minutes: 'json',
  weekday_mean_count: 'number',
  weekend_mean_count: 'number',
  days: 'json',
});

export const dayTypeDaily: DailyInput = {
  measurement: 'day_type_daily',
  writes: [DAY_TYPE_DAILY],
  summarize(activity) {
    const first = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const a of activity.activations) {
      if (!a.inDay) continue;
      counts.set(a.entityId, (counts.get(a.entityId) ?? 0) + 1);
      if (!first.has(a.entityId)) first.set(a.entityId, activity.calendar.minuteOfDay(a.time));
    }
    const dayType = dayTypeOf(activity.calendar.weekday(activity.day.key));
    return [...activity.entities.values()].map((e) =>
      dayRecord(activity, 'day_type_daily', { entity_id: e.entityId, area_id: e.areaId, day_type: dayType }, { count: counts.get(e.entityId) ?? 0, first_minute: first.get(e.entityId) ?? -1 }),
    );
  },
};

interface Side {
  counts: number[];
  firsts: number[];
}

/** A day of an entity as the weekly record keeps it: local day key, activations, first minute (-1: none). */
type DayEntry = [day: string, count: number, firstMinute: number];

export const dayType: WeeklyDetector = {
  patternType: 'day_type',
  measurement: 'day_type_weekly',
  writes: [DAY_TYPE_WEEKLY],
  reads: ['day_type_daily', 'day_type_weekly'],

  summarize(input) {
    const out = [];
    for (const [entityId, records] of byTag(input.records('day_type_daily'), 'entity_id')) {
      const sides: Record<'weekday' | 'weekend', Side> = { weekday: { counts: [], firsts: [] }, weekend: { counts: [], firsts: [] } };
      for (const r of records) {
        const side = sides[r.tags['day_type'] === 'weekend' ? 'weekend' : 'weekday'];
        side.counts.push(Number(r.fields['count']));
        if (Number(r.fields['first_minute']) >= 0) side.firsts.push(Number(r.fields['first_minute']));
      }
      const days: DayEntry[] = records.map((r) => [r.period, Number(r.fields['count']), Number(r.fields['first_minute'])]);
      out.push(
        weekRecord(input, 'day_type_weekly', { entity_id: entityId, ...(records[0]!.tags['area_id'] ? { area_id: records[0]!.tags['area_id'] } : {}) }, {
          weekday_counts: JSON.stringify(sides.weekday.counts),
          weekend_counts: JSON.stringify(sides.weekend.counts),
          weekday_first_minutes: JSON.stringify(sides.weekday.firsts),
          weekend_first_minutes: JSON.stringify(sides.weekend.firsts),
          weekday_mean_count: mean(sides.weekday.counts),
          weekend_mean_count: mean(sides.weekend.counts),
          days: JSON.stringify(days),
        }),
      );
    }
    return out;
  },

  derive(window, settings) {
    const s = settings.dayType;
    const holidays = new Set(settings.holidays ?? []);
    const patterns: PatternUpsert[] = [];
    for (const [entityId, records] of byTag(window.records('day_type_weekly'), 'entity_id')) {
      const weeks = records.map((r) => weekOf(r, window.calendar, holidays));
      const last = records[records.length - 1]!;
      const base = { patternType: 'day_type', deviceId: entityId, areaId: last.tags['area_id'] ?? null, lastSeen: last.time };
      const amount = amountDifference(weeks, s);
      if (amount !== null) patterns.push({ ...base, key: 'day_type:amount', ...amount, metadata: { entity_id: entityId, ...amount.metadata } satisfies DayTypeMetadata });
      const time = timeDifference(weeks, s);
      if (time !== null) patterns.push({ ...base, key: 'day_type:time', ...time, metadata: { entity_id: entityId, ...time.metadata } satisfies DayTypeMetadata });
    }
    return patterns;
  },
};

/** Whether a local day is weekend-like: Saturday, Sunday or a configured holiday. */
export function isWeekendLike(day: string, calendar: Calendar, holidays: ReadonlySet<string>): boolean {
  return holidays.has(day) || dayTypeOf(calendar.weekday(day)) === 'weekend';
}

type Week = Record<'weekday' | 'weekend', Side>;

/** A week's days split by day type; a record written before days were kept falls back to its lists. */
function weekOf(record: AggregateRecord, calendar: Calendar, holidays: ReadonlySet<string>): Week {
  const days = json<DayEntry[] | null>(record, 'days', null);
  if (days === null) {
    const side = (t: string): Side => ({ counts: json<number[]>(record, `${t}_counts`, []), firsts: json<number[]>(record, `${t}_first_minutes`, []) });
    return { weekday: side('weekday'), weekend: side('weekend') };
  }
  const week: Week = { weekday: { counts: [], firsts: [] }, weekend: { counts: [], firsts: [] } };
  for (const [day, count, first] of days) {
    const side = week[isWeekendLike(day, calendar, holidays) ? 'weekend' : 'weekday'];
    side.counts.push(count);
    if (first >= 0) side.firsts.push(first);
  }
  return week;
}

/** What a finding adds to the entity: the metadata of its aspect, without the entity_id derive adds. */
type Found = { confidence: number; occurrences: number; metadata: DistributiveOmit<DayTypeMetadata, 'entity_id'> } | null;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Settings = DetectorSettings['dayType'];

/** More uses on one day type: by the median day of each, and the same way in most weeks that have both. */
function amountDifference(weeks: readonly Week[], s: Settings): Found {
  const counts = (t: keyof Week) => weeks.flatMap((w) => w[t].counts);
  const both = weeks.filter((w) => w.weekday.counts.length > 0 && w.weekend.counts.length > 0);
  const wd = counts('weekday');
  const we = counts('weekend');
  if (wd.length < s.minDaysEach || we.length < s.minDaysEach || both.length < s.minWeeks) return null;
  // medians: a single day with 19 uses moves a mean, not a median
  const mWd = median(wd);
  const mWe = median(we);
  const high = Math.max(mWd, mWe);
  const low = Math.min(mWd, mWe);
  // medians of whole counts: a low of 0 stands for 0.1, so a high of 0.5 (every other day) is enough
  if (high < s.minAmountRatio * Math.max(low, 0.1)) return null;
  const moreOnWeekdays = mWd > mWe;
  // every day of each type ranked against the other's: a busy week or two cannot pass for a
  // difference the other days do not share (an entity used at random differs by chance alone)
  const pValue = rankSumPValue(wd, we);
  if (pValue > s.maxPValue) return null;
  const agreeing = both.filter((w) => (moreOnWeekdays ? mean(w.weekday.counts) > mean(w.weekend.counts) : mean(w.weekend.counts) > mean(w.weekday.counts))).length;
  if (agreeing < s.minWeekShare * both.length) return null;
  const meanWd = mean(wd);
  const meanWe = mean(we);
  return {
    confidence: round((1 - Math.min(meanWd, meanWe) / Math.max(meanWd, meanWe)) * (agreeing / both.length), 4),
    occurrences: wd.length + we.length,
    metadata: {
      aspect: 'amount',
      more_on: moreOnWeekdays ? 'weekdays' : 'weekends',
      weekday_per_day: round(meanWd, 2),
      weekend_per_day: round(meanWe, 2),
      weekday_median: mWd,
      weekend_median: mWe,
      weekday_days: wd.length,
      weekend_days: we.length,
      weeks_agreeing: agreeing,
      weeks_compared: both.length,
      p_value: Number(pValue.toPrecision(3)),
    },
  };
}

/**
 * Two-sided p-value of the Wilcoxon rank-sum (Mann–Whitney) test that two samples of counts come
 * from one distribution: normal approximation with the tie correction (counts tie a lot) and a
 * continuity correction. 1 when nothing varies.
 */
export function rankSumPValue(a: readonly number[], b: readonly number[]): number {
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSum = 0;
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && all[j]!.v === all[i]!.v) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.first) rankSum += rank;
    const t = j - i;
    ties += t ** 3 - t;
    i = j;
  }
  const n1 = a.length;
  const n2 = b.length;
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (!(variance > 0)) return 1;
  const z = Math.max(0, Math.abs(u - (n1 * n2) / 2) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * normalUpperTail(z));
}

/** A later or earlier first use on one day type: robust over days, and the same way in most weeks that have both. */
function timeDifference(weeks: readonly Week[], s: Settings): Found {
  const firsts = (t: keyof Week) => weeks.flatMap((w) => w[t].firsts);
  const both = weeks.filter((w) => w.weekday.firsts.length > 0 && w.weekend.firsts.length > 0);
  const wd = firsts('weekday');
  const we = firsts('weekend');
  if (wd.length < s.minDaysEach || we.length < s.minDaysEach || both.length < s.minWeeks) return null;
  // a first use on a day type is that day type's only when the entity is used on most of its days
  // (a door opened on three Saturdays in four weeks says nothing about weekends)
  const used = (t: keyof Week) => ratio(firsts(t).length, weeks.reduce((n, w) => n + w[t].counts.length, 0));
  if (Math.min(used('weekday'), used('weekend')) < s.minUsedShare) return null;
  // robust: a one-off early morning (an anomaly) must not hide a weekday/weekend shift
  const a = robustCircularStats(wd, 2 * s.maxSpreadMinutes);
  const b = robustCircularStats(we, 2 * s.maxSpreadMinutes);
  const shift = circularDelta(a.mean, b.mean);
  const spread = Math.max(a.spread, b.spread);
  if (Math.abs(shift) < s.minTimeShiftMinutes || spread > s.maxSpreadMinutes || Math.min(a.kept, b.kept) < 0.75) return null;
  // each week's own shift points the same way and is at least half the overall one
  const agreeing = both.filter((w) => {
    const own = circularDelta(robustCircularStats(w.weekday.firsts, 2 * s.maxSpreadMinutes).mean, robustCircularStats(w.weekend.firsts, 2 * s.maxSpreadMinutes).mean);
    return Math.sign(own) === Math.sign(shift) && Math.abs(own) >= Math.abs(shift) / 2;
  }).length;
  if (agreeing < s.minWeekShare * both.length) return null;
  return {
    confidence: round((Math.abs(shift) / (Math.abs(shift) + 2 * spread)) * (agreeing / both.length), 4),
    occurrences: wd.length + we.length,
    metadata: {
      aspect: 'time',
      weekday_first: clockTime(a.mean),
      weekend_first: clockTime(b.mean),
      weekday_minute: round(a.mean, 2),
      weekend_minute: round(b.mean, 2),
      shift_minutes: round(shift, 1),
      weekday_spread: round(a.spread, 1),
      weekend_spread: round(b.spread, 1),
      weekday_days: wd.length,
      weekend_days: we.length,
      weeks_agreeing: agreeing,
      weeks_compared: both.length,
    },
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
