/**
 * 8. Day type: entities used differently on weekdays and at weekends — at another time of day
 * (first activation) or in another amount (activations per day). The daily job keeps each
 * entity's day (`day_type_daily`); the weekly job collects a week per entity (`day_type_weekly`);
 * patterns compare the two day types over the last weeks.
 */
import type { PatternUpsert } from '../storage/types.js';
import { circularDelta, clockTime, robustCircularStats } from './circular.js';
import { type DailyInput, type WeeklyDetector, byTag, dayRecord, dayTypeOf, json, round, weekRecord } from './types.js';

export const dayTypeDaily: DailyInput = {
  measurement: 'day_type_daily',
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

export const dayType: WeeklyDetector = {
  patternType: 'day_type',
  measurement: 'day_type_weekly',

  summarize(input) {
    const out = [];
    for (const [entityId, records] of byTag(input.records('day_type_daily'), 'entity_id')) {
      const sides: Record<'weekday' | 'weekend', Side> = { weekday: { counts: [], firsts: [] }, weekend: { counts: [], firsts: [] } };
      for (const r of records) {
        const side = sides[r.tags['day_type'] === 'weekend' ? 'weekend' : 'weekday'];
        side.counts.push(Number(r.fields['count']));
        if (Number(r.fields['first_minute']) >= 0) side.firsts.push(Number(r.fields['first_minute']));
      }
      out.push(
        weekRecord(input, 'day_type_weekly', { entity_id: entityId, ...(records[0]!.tags['area_id'] ? { area_id: records[0]!.tags['area_id'] } : {}) }, {
          weekday_counts: JSON.stringify(sides.weekday.counts),
          weekend_counts: JSON.stringify(sides.weekend.counts),
          weekday_first_minutes: JSON.stringify(sides.weekday.firsts),
          weekend_first_minutes: JSON.stringify(sides.weekend.firsts),
          weekday_mean_count: mean(sides.weekday.counts),
          weekend_mean_count: mean(sides.weekend.counts),
        }),
      );
    }
    return out;
  },

  derive(window, settings) {
    const s = settings.dayType;
    const patterns: PatternUpsert[] = [];
    for (const [entityId, records] of byTag(window.records('day_type_weekly'), 'entity_id')) {
      const all = (field: string) => records.flatMap((r) => json<number[]>(r, field, []));
      const weekday = { counts: all('weekday_counts'), firsts: all('weekday_first_minutes') };
      const weekend = { counts: all('weekend_counts'), firsts: all('weekend_first_minutes') };
      if (weekday.counts.length < s.minDaysEach || weekend.counts.length < s.minDaysEach) continue;
      const last = records[records.length - 1]!;
      const base = { deviceId: entityId, areaId: last.tags['area_id'] ?? null, lastSeen: last.time };
      const wd = mean(weekday.counts);
      const we = mean(weekend.counts);
      const high = Math.max(wd, we);
      const low = Math.min(wd, we);
      if (high >= 0.5 && high >= s.minAmountRatio * Math.max(low, 0.1)) {
        patterns.push({
          ...base,
          patternType: 'day_type',
          key: 'day_type:amount',
          confidence: round(1 - low / high, 4),
          occurrences: weekday.counts.length + weekend.counts.length,
          metadata: { entity_id: entityId, aspect: 'amount', more_on: wd > we ? 'weekdays' : 'weekends', weekday_per_day: round(wd, 2), weekend_per_day: round(we, 2), weekday_days: weekday.counts.length, weekend_days: weekend.counts.length },
        });
      }
      if (weekday.firsts.length >= s.minDaysEach && weekend.firsts.length >= s.minDaysEach) {
        // robust: a one-off early morning (an anomaly) must not hide a weekday/weekend shift
        const a = robustCircularStats(weekday.firsts, 2 * s.maxSpreadMinutes);
        const b = robustCircularStats(weekend.firsts, 2 * s.maxSpreadMinutes);
        const shift = circularDelta(a.mean, b.mean);
        const spread = Math.max(a.spread, b.spread);
        if (Math.abs(shift) >= s.minTimeShiftMinutes && spread <= s.maxSpreadMinutes && Math.min(a.kept, b.kept) >= 0.75) {
          patterns.push({
            ...base,
            patternType: 'day_type',
            key: 'day_type:time',
            confidence: round(Math.abs(shift) / (Math.abs(shift) + 2 * spread), 4),
            occurrences: weekday.firsts.length + weekend.firsts.length,
            metadata: { entity_id: entityId, aspect: 'time', weekday_first: clockTime(a.mean), weekend_first: clockTime(b.mean), weekday_minute: round(a.mean, 2), weekend_minute: round(b.mean, 2), shift_minutes: round(shift, 1), weekday_spread: round(a.spread, 1), weekend_spread: round(b.spread, 1), weekday_days: weekday.firsts.length, weekend_days: weekend.firsts.length },
          });
        }
      }
    }
    return patterns;
  },
};

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
