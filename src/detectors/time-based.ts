/**
 * 1. Time-based: an entity activates at a consistent time of day. Layer 2 keeps each entity's
 * activation minutes per day; patterns are peaks on the circle of the day that recur on enough
 * days and stand out from the entity's activity at other times.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { binomialTail } from './binomial.js';
import { circularDistance, circularStats, clockTime, MINUTES_PER_DAY } from './circular.js';
import { type DailyDetector, byTag, dayRecord, json, num, round } from './types.js';

const MEASUREMENT = 'time_based_daily';
/** Candidate routine times are tried every few minutes around the circle. */
const STEP = 5;

interface Day {
  readonly key: string;
  readonly time: number;
  readonly weekday: number;
  readonly minutes: number[];
}

export const timeBased: DailyDetector = {
  patternType: 'time_based',
  measurement: MEASUREMENT,

  summarize(activity) {
    const minutes = new Map<string, number[]>();
    for (const a of activity.activations) {
      if (!a.inDay) continue;
      let list = minutes.get(a.entityId);
      if (list === undefined) minutes.set(a.entityId, (list = []));
      list.push(activity.calendar.minuteOfDay(a.time));
    }
    // Every known entity gets a record, also with no activation: that day counts as observed.
    return [...activity.entities.values()].map((e) => {
      const list = (minutes.get(e.entityId) ?? []).sort((x, y) => x - y);
      return dayRecord(activity, MEASUREMENT, { entity_id: e.entityId, area_id: e.areaId }, {
        count: list.length,
        first_minute: list[0] ?? -1,
        minutes: JSON.stringify(list),
        name: e.name,
      });
    });
  },

  derive(window, settings) {
    const s = settings.timeBased;
    const patterns: PatternUpsert[] = [];
    for (const [entityId, records] of byTag(window.records(MEASUREMENT), 'entity_id')) {
      const days: Day[] = records.map((r) => ({ key: r.period, time: r.time, weekday: window.calendar.weekday(r.period), minutes: json<number[]>(r, 'minutes', []) }));
      const total = days.reduce((n, d) => n + d.minutes.length, 0);
      if (total < s.minDays) continue;
      const used = days.map((d) => d.minutes.map(() => false));
      const routineTimes: number[] = [];
      for (let routine = 0; routine < s.maxRoutinesPerEntity; routine++) {
        const found = bestRoutine(days, used, s.toleranceMinutes);
        if (found === null) break;
        const { centre, matches } = found;
        if (matches.length < s.minDays) break;
        const stats = circularStats(matches.map((m) => m.minute), centre);
        // Refine around the mean and mark what this routine explains.
        const hits = collect(days, stats.mean, s.toleranceMinutes, used);
        for (const h of hits) used[h.day]![h.index] = true;
        const refined = circularStats(hits.map((h) => h.minute), stats.mean);
        // Leftovers near a routine already found (a second activation the same morning) are no new routine.
        if (routineTimes.some((m) => circularDistance(m, refined.mean) <= s.toleranceMinutes)) continue;
        routineTimes.push(refined.mean);
        // Chance of a day having an activation this close to the routine time at the entity's own
        // rate, were its activations spread evenly: a busy sensor matches every time by chance.
        const perDay = total / days.length;
        const chance = 1 - Math.exp((-perDay * (2 * s.toleranceMinutes + 1)) / MINUTES_PER_DAY);
        const week = weekdayProfile(days, hits);
        if (week.matched < s.minDays) continue;
        const confidence = week.matched / week.observed;
        const lift = confidence / chance;
        // The best of many windows and day types was picked: the tail is corrected for all tried.
        const tried = (MINUTES_PER_DAY / (2 * s.toleranceMinutes + 1)) * DAY_TYPES.length;
        const pValue = Math.min(1, binomialTail(week.matched, week.observed, chance) * tried);
        if (confidence < s.minConfidence || refined.spread > s.maxSpreadMinutes || lift < s.minLift || pValue > s.maxPValue) continue;
        patterns.push(pattern(entityId, records, days, hits, refined, { lift, pValue }, week));
      }
    }
    return patterns;
  },
};

interface Hit {
  readonly day: number;
  readonly index: number;
  readonly minute: number;
}

/** The centre matching the most days (one nearest unused activation per day within tolerance). */
function bestRoutine(days: readonly Day[], used: readonly boolean[][], tolerance: number): { centre: number; matches: Hit[] } | null {
  const slots = MINUTES_PER_DAY / STEP;
  const dayHits = new Array<number>(slots).fill(0);
  const reach = Math.floor(tolerance / STEP);
  days.forEach((d, i) => {
    const covered = new Uint8Array(slots);
    d.minutes.forEach((m, j) => {
      if (used[i]![j]) return;
      const slot = Math.round(m / STEP) % slots;
      for (let k = -reach; k <= reach; k++) covered[(slot + k + slots) % slots] = 1;
    });
    for (let k = 0; k < slots; k++) dayHits[k]! += covered[k]!;
  });
  let best = -1;
  for (let k = 0; k < slots; k++) if (best < 0 || dayHits[k]! > dayHits[best]!) best = k;
  if (best < 0 || dayHits[best] === 0) return null;
  const centre = best * STEP;
  return { centre, matches: collect(days, centre, tolerance, used) };
}

function collect(days: readonly Day[], centre: number, tolerance: number, used?: readonly boolean[][]): Hit[] {
  const hits: Hit[] = [];
  days.forEach((d, i) => {
    let best: Hit | null = null;
    d.minutes.forEach((m, j) => {
      if (used?.[i]![j]) return;
      const dist = circularDistance(m, centre);
      if (dist <= tolerance && (best === null || dist < circularDistance(best.minute, centre))) best = { day: i, index: j, minute: m };
    });
    if (best !== null) hits.push(best);
  });
  return hits;
}

/** The day types a routine may keep: every day, Monday to Friday, or the weekend. */
const DAY_TYPES: readonly { readonly name: string; readonly weekdays: readonly number[] }[] = [
  { name: 'all', weekdays: [1, 2, 3, 4, 5, 6, 7] },
  { name: 'weekdays', weekdays: [1, 2, 3, 4, 5] },
  { name: 'weekends', weekdays: [6, 7] },
];
/** A weekday or weekend routine must beat the every-day reading by this much confidence. */
const DAY_TYPE_MARGIN = 0.15;

interface WeekProfile {
  readonly weekdays: Record<string, [matched: number, observed: number]>;
  readonly dayType: string;
  readonly mask: readonly number[];
  readonly matched: number;
  readonly observed: number;
}

/** Matched and observed days per weekday, and the day type the routine keeps. */
function weekdayProfile(days: readonly Day[], hits: readonly Hit[]): WeekProfile {
  const weekdays: Record<string, [number, number]> = {};
  for (const d of days) (weekdays[d.weekday] ??= [0, 0])[1]++;
  for (const h of hits) weekdays[days[h.day]!.weekday]![0]++;
  const profiles = DAY_TYPES.map((t) => {
    let matched = 0;
    let observed = 0;
    for (const w of t.weekdays) {
      matched += weekdays[w]?.[0] ?? 0;
      observed += weekdays[w]?.[1] ?? 0;
    }
    return { weekdays, dayType: t.name, mask: t.weekdays, matched, observed, confidence: observed > 0 ? matched / observed : 0 };
  });
  const all = profiles[0]!;
  const best = profiles.slice(1).sort((a, b) => b.confidence - a.confidence)[0]!;
  return best.confidence >= all.confidence + DAY_TYPE_MARGIN ? best : all;
}

function pattern(entityId: string, records: readonly AggregateRecord[], days: readonly Day[], hits: readonly Hit[], stats: { mean: number; spread: number }, evidence: { lift: number; pValue: number }, week: WeekProfile): PatternUpsert {
  const last = days[hits[hits.length - 1]!.day]!;
  const latest = records[records.length - 1]!;
  return {
    patternType: 'time_based',
    deviceId: entityId,
    key: `activation@${clockTime(stats.mean)}`,
    areaId: latest.tags['area_id'] ?? null,
    confidence: round(week.matched / week.observed, 4),
    occurrences: hits.length,
    lastSeen: last.time,
    metadata: {
      entity_id: entityId,
      name: latest.fields['name'] ?? entityId,
      typical_time: clockTime(stats.mean),
      typical_minute: round(stats.mean, 2),
      spread_minutes: round(stats.spread, 2),
      days_matched: hits.length,
      days_observed: days.length,
      day_type: week.dayType,
      weekday_mask: week.mask,
      weekdays: week.weekdays,
      mask_days_matched: week.matched,
      mask_days_observed: week.observed,
      lift: round(evidence.lift, 2),
      p_value: Number(evidence.pValue.toPrecision(3)),
      first_day: days[0]!.key,
      last_day: days[days.length - 1]!.key,
      daily_times: hits.map((h) => ({ day: days[h.day]!.key, time: clockTime(h.minute) })),
      activations_total: records.reduce((n, r) => n + num(r, 'count'), 0),
    },
  };
}
