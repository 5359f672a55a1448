/**
 * 1. Time-based: an entity activates at a consistent time of day. Layer 2 keeps each entity's
 * activation minutes per day; patterns are the daily peaks of its time of day (peaks.ts) that recur
 * on enough days and stand out from its own activity around them. A peak is said to hold "every
 * day" or "on weekdays" only when it does on most of those days; one kept on particular weekdays
 * (Mon, Wed, Fri) is day type 'days' with those in its mask; weaker ones say how often.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { measurement } from './measurement.js';
import { binomialTail } from './binomial.js';
import { BIN_MINUTES, dayCounts, modes, type PeakEvidence, peakEvidence, presenceDensity } from './peaks.js';
import { circularDistance, clockTime } from './circular.js';
import type { DetectorSettings } from './settings.js';
import { type DailyDetector, byTag, dayRecord, json, num, round } from './types.js';
import type { TimeBasedMetadata } from './metadata.js';

const MEASUREMENT = 'time_based_daily';
export const TIME_BASED_DAILY = measurement(MEASUREMENT, 'daily', 1, { count: 'number', first_minute: 'number', minutes: 'json', name: 'string' });
/** Keys carry the peak's time rounded to this many minutes, so a re-run updates the same pattern. */
const KEY_MINUTES = 10;

interface Day {
  readonly key: string;
  readonly time: number;
  readonly weekday: number;
  readonly minutes: number[];
}

export const timeBased: DailyDetector = {
  patternType: 'time_based',
  measurement: MEASUREMENT,
  writes: [TIME_BASED_DAILY],
  reads: [MEASUREMENT],

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
    const patterns: PatternUpsert[] = [];
    // decided when patterns are derived, as the day-type detector does: a holiday added later applies to past days
    const holidays = new Set(settings.holidays ?? []);
    for (const [entityId, records] of byTag(window.records(MEASUREMENT), 'entity_id')) {
      const days: Day[] = records.map((r) => ({ key: r.period, time: r.time, weekday: window.calendar.weekday(r.period), minutes: json<number[]>(r, 'minutes', []) }));
      // which day follows the one before it in the list: a routine around midnight spans the two
      const joined = days.map((d, i) => i > 0 && window.calendar.shift(window.calendar.day(days[i - 1]!.key), 1).key === d.key);
      for (const found of routinesOf(days, joined, settings.timeBased, holidays)) patterns.push(pattern(entityId, records, days, found, holidays));
    }
    return patterns;
  },
};

interface Routine {
  readonly peak: PeakEvidence;
  readonly week: WeekProfile;
  readonly pValue: number;
}

/** The entity's peaks that pass every test, strongest first, at most `maxRoutinesPerEntity`. */
function routinesOf(days: readonly Day[], joined: readonly boolean[], s: DetectorSettings['timeBased'], holidays: ReadonlySet<string>): Routine[] {
  const total = days.reduce((n, d) => n + d.minutes.length, 0);
  if (total < s.minDays) return [];
  const perDay = days.map((d) => d.minutes);
  const counts = perDay.map(dayCounts);
  // Only peaks that clearly beat their flank and the entity's whole day are tested: on a sensor
  // firing all day most modes are ripples of its background (or, firing on a schedule, the grid
  // itself), and correcting for them would hide its real peaks.
  const peaks = modes(presenceDensity(perDay, Math.max(1, Math.round(s.toleranceMinutes / (2 * BIN_MINUTES)))))
    .map((start) => peakEvidence(counts, start, s.toleranceMinutes, joined))
    .filter((p) => p.flankLift >= s.minLift && p.dayLift >= s.minLift);
  const found: Routine[] = [];
  for (const peak of peaks) {
    if (found.length >= s.maxRoutinesPerEntity) break;
    // a shoulder of a peak already taken is no routine of its own
    if (found.some((r) => circularDistance(r.peak.centre, peak.centre) <= s.toleranceMinutes)) continue;
    const week = weekdayProfile(days, peak.nearest, s.wordShare, holidays);
    // Two tests over days, so one day with a burst of activations cannot carry a routine: days
    // matched against the chance at the flank's rate (strong for a light switched on once a day),
    // and days beating their own flank (strong for a motion sensor that matches every day anyway).
    // The better of the two is corrected for both, and for every peak (and day type) tested.
    const sparse = binomialTail(week.matched, week.observed, peak.chance) * week.tested;
    const busy = binomialTail(peak.beats, peak.beats + peak.loses, 0.5);
    const pValue = Math.min(1, Math.min(sparse, busy) * 2 * peaks.length);
    if (pValue > s.maxPValue || week.matched < s.minDays || week.strongest < s.minConfidence || peak.spread > s.maxSpreadMinutes) continue;
    // a peak, not a plateau: most days matched fall in the inner half of the window, as a time
    // spread evenly over an hour (or drifting with sunset) does on only about half of them
    if (peak.inner < s.minInnerShare * hitsOf(peak)) continue;
    found.push({ peak, week, pValue });
  }
  return found;
}

function hitsOf(peak: PeakEvidence): number {
  return peak.nearest.filter((m) => m !== null).length;
}

/** The day types a routine may hold on: every day, Monday to Friday, or the weekend. */
const DAY_TYPES: readonly { readonly name: string; readonly weekdays: readonly number[] }[] = [
  { name: 'all', weekdays: [1, 2, 3, 4, 5, 6, 7] },
  { name: 'weekdays', weekdays: [1, 2, 3, 4, 5] },
  { name: 'weekends', weekdays: [6, 7] },
];
/** A weekday or weekend routine must beat the every-day reading by this much. */
const DAY_TYPE_MARGIN = 0.15;
/** Every set of weekdays a routine on particular days may hold on: what its test is corrected for. */
const WEEKDAY_SETS = 2 ** 7 - 1;
/** A routine on particular weekdays needs each weekday seen this often (three weeks), or one lucky week would pick them. */
const MIN_DAYS_PER_WEEKDAY = 3;

interface WeekProfile {
  readonly weekdays: Record<string, [matched: number, observed: number]>;
  /**
   * 'all', 'weekdays', 'weekends' when it holds on `wordShare` of those days; 'days' when it holds
   * on particular weekdays only (Mon, Wed, Fri: the mask); 'some' otherwise.
   */
  readonly dayType: string;
  readonly mask: readonly number[];
  readonly matched: number;
  readonly observed: number;
  /** The highest share of days over the day types, what `minConfidence` asks of (a weekday habit on 64 % of weekdays is kept, told with its real frequency). */
  readonly strongest: number;
  /** How many day sets the reading was chosen from: the days-matched test is corrected for them. */
  readonly tested: number;
}

/**
 * Matched and observed days per weekday, and the day type the routine holds on, if any. A holiday
 * (the config's) is no day of its weekday: a Monday routine missed on Easter Monday still holds on
 * Mondays; whether it holds on holidays is kept apart (holidaysSkipped).
 */
function weekdayProfile(days: readonly Day[], nearest: readonly (number | null)[], wordShare: number, holidays: ReadonlySet<string>): WeekProfile {
  const weekdays: Record<string, [number, number]> = {};
  days.forEach((d, i) => {
    if (holidays.has(d.key)) return;
    const w = (weekdays[d.weekday] ??= [0, 0]);
    w[1]++;
    if (nearest[i] !== null) w[0]++;
  });
  const profiles = DAY_TYPES.map((t) => {
    let matched = 0;
    let observed = 0;
    for (const w of t.weekdays) {
      matched += weekdays[w]?.[0] ?? 0;
      observed += weekdays[w]?.[1] ?? 0;
    }
    return { weekdays, dayType: t.name, mask: t.weekdays, matched, observed, share: observed > 0 ? matched / observed : 0 };
  });
  const all = profiles[0]!;
  const best = profiles.slice(1).sort((a, b) => b.share - a.share)[0]!;
  const strongest = Math.max(all.share, best.share);
  const tested = DAY_TYPES.length;
  if (all.share >= wordShare) return { ...all, strongest, tested };
  if (best.share >= wordShare && best.share >= all.share + DAY_TYPE_MARGIN) return { ...best, strongest, tested };
  const mask = particularWeekdays(weekdays, wordShare);
  if (mask !== null) {
    let matched = 0;
    let observed = 0;
    for (const w of mask) {
      matched += weekdays[w]![0];
      observed += weekdays[w]![1];
    }
    return { weekdays, dayType: 'days', mask, matched, observed, strongest: Math.max(strongest, matched / observed), tested: WEEKDAY_SETS };
  }
  // no day set holds on most of its days: the routine is told with its real frequency
  return { ...all, dayType: 'some', strongest, tested };
}

/**
 * The weekdays of a routine kept on particular days of the week (Mon, Wed, Fri; Mon–Thu), or null:
 * each of them on at least `wordShare` of its days, every other one without it on `wordShare` of its,
 * and every weekday seen on MIN_DAYS_PER_WEEKDAY days. A habit on half the days spread over the
 * week is no such set: its weekdays are neither.
 */
export function particularWeekdays(weekdays: Readonly<Record<string, readonly [number, number]>>, wordShare: number): number[] | null {
  const mask: number[] = [];
  for (let w = 1; w <= 7; w++) {
    const [matched, observed] = weekdays[w] ?? [0, 0];
    if (observed < MIN_DAYS_PER_WEEKDAY) return null;
    const share = matched / observed;
    if (share >= wordShare) mask.push(w);
    // a weekday without the routine misses it on `wordShare` of its days (said so, 1 − 0.8 is not 0.2 in floating point)
    else if (1 - share < wordShare) return null;
  }
  return mask.length > 0 && mask.length < 7 ? mask : null;
}

function pattern(entityId: string, records: readonly AggregateRecord[], days: readonly Day[], routine: Routine, holidays: ReadonlySet<string>): PatternUpsert {
  const { peak, week } = routine;
  const hits = days.flatMap((d, i) => (peak.nearest[i] === null ? [] : [{ day: d, minute: peak.nearest[i]! }]));
  const latest = records[records.length - 1]!;
  const keyMinute = (Math.round(peak.centre / KEY_MINUTES) * KEY_MINUTES) % 1440;
  return {
    patternType: 'time_based',
    deviceId: entityId,
    key: `activation@${clockTime(keyMinute)}`,
    areaId: latest.tags['area_id'] ?? null,
    // a routine without its day-type word holds on fewer than `wordShare` of days, so it ranks below every one with
    confidence: round(week.matched / week.observed, 4),
    occurrences: hits.length,
    lastSeen: hits[hits.length - 1]!.day.time,
    metadata: {
      entity_id: entityId,
      name: typeof latest.fields['name'] === 'string' ? latest.fields['name'] : entityId,
      typical_time: clockTime(peak.centre),
      typical_minute: round(peak.centre, 2),
      spread_minutes: round(peak.spread, 2),
      days_matched: hits.length,
      days_observed: days.length,
      day_type: week.dayType,
      weekday_mask: week.mask,
      weekdays: week.weekdays,
      mask_days_matched: week.matched,
      mask_days_observed: week.observed,
      holidays_skipped: days.filter((d, i) => holidays.has(d.key) && week.mask.includes(d.weekday) && peak.nearest[i] === null).map((d) => d.key),
      days_inner: peak.inner,
      lift: round(peak.flankLift, 2),
      day_lift: round(peak.dayLift, 2),
      p_value: Number(routine.pValue.toPrecision(3)),
      first_day: days[0]!.key,
      last_day: days[days.length - 1]!.key,
      daily_times: hits.map((h) => ({ day: h.day.key, time: clockTime(h.minute) })),
      activations_total: records.reduce((n, r) => n + num(r, 'count'), 0),
    } satisfies TimeBasedMetadata,
  };
}
