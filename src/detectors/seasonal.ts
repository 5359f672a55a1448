/**
 * 10. Seasonal: month-over-month change in an entity's amount (activations a day), time (of its
 * first activation a day) or duration (of its on-intervals), across up to 12 months, and whether
 * it follows daylight (a time or duration: minute for minute, even over two months). The monthly job rolls the month's Layer 2 records up into Layer 3
 * (`entity_monthly`, `daylight_monthly`), so a year of months is read from Layer 3, never from
 * raw events; `seasonal_monthly` keeps each entity's evaluated series.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { measurement } from './measurement.js';
import { circularDelta, clockTime, robustCircularStats } from './circular.js';
import { CONTEXT_DAILY } from './contextual.js';
import { type Histogram, merge, quantile } from './histogram.js';
import type { DetectorSettings } from './settings.js';
import { byTag, json, type MonthInput, type MonthlyDetector, monthRecord, num, round } from './types.js';
import type { SeasonalMetadata } from './metadata.js';

const ROLLUP = 'entity_monthly';
const DAYLIGHT = 'daylight_monthly';
const MEASUREMENT = 'seasonal_monthly';
const SEASONAL_MONTHLY = measurement(MEASUREMENT, 'monthly', 1, {
  months: 'json',
  change: 'number',
  relative_change: 'number',
  t: 'number',
  r2: 'number',
  daylight_ref: 'string',
  daylight_r: 'number',
  linked_to_daylight: 'boolean',
  significant: 'boolean',
  trend: 'string',
});
const ENTITY_MONTHLY = measurement(ROLLUP, 'monthly', 1, {
  days_observed: 'number',
  active_days: 'number',
  activations: 'number',
  counts: 'json',
  first_minutes: 'json',
  intervals: 'number',
  histogram: 'json',
  day_medians: 'json',
});
const DAYLIGHT_MONTHLY = measurement(DAYLIGHT, 'monthly', 1, { sunrise_minute: 'number', sunset_minute: 'number', daylight_minutes: 'number', days: 'number' });

export type Aspect = 'count' | 'time' | 'duration';
const ASPECTS: readonly Aspect[] = ['count', 'time', 'duration'];

/** One month of one aspect: mean, variance of what was averaged, how many. */
interface MonthValue {
  readonly month: string;
  readonly mean: number;
  readonly variance: number;
  readonly n: number;
}

/** The month's roll-up of an entity from its daily records. */
function rollUp(input: MonthInput): AggregateRecord[] {
  const monthDays = new Set(input.days.filter((d) => d.startsWith(input.month.key)));
  const entities = new Map<string, { area: string | null; days: number; activeDays: number; counts: number[]; firsts: number[]; intervals: number; histogram: Histogram; dayMedians: number[] }>();
  const of = (r: AggregateRecord) => {
    const id = r.tags['entity_id']!;
    let e = entities.get(id);
    if (e === undefined) entities.set(id, (e = { area: r.tags['area_id'] ?? null, days: 0, activeDays: 0, counts: [], firsts: [], intervals: 0, histogram: {}, dayMedians: [] }));
    return e;
  };
  for (const r of input.records('day_type_daily')) {
    if (!monthDays.has(r.period)) continue;
    const e = of(r);
    const count = num(r, 'count');
    e.days++;
    e.counts.push(count);
    if (count > 0) e.activeDays++;
    if (num(r, 'first_minute') >= 0) e.firsts.push(num(r, 'first_minute'));
  }
  for (const r of input.records('duration_daily')) {
    if (!monthDays.has(r.period) || !entities.has(r.tags['entity_id']!)) continue;
    const e = of(r);
    e.intervals += num(r, 'intervals');
    const day = json<Histogram>(r, 'histogram', {});
    merge(e.histogram, day);
    const median = quantile(day, 0.5);
    if (median !== null) e.dayMedians.push(round(median, 2));
  }
  return [...entities]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, e]) =>
      monthRecord(input, ROLLUP, { entity_id: id, area_id: e.area }, {
        days_observed: e.days,
        active_days: e.activeDays,
        activations: e.counts.reduce((a, b) => a + b, 0),
        counts: JSON.stringify(e.counts),
        first_minutes: JSON.stringify(e.firsts),
        intervals: e.intervals,
        histogram: JSON.stringify(e.histogram),
        day_medians: JSON.stringify(e.dayMedians),
      }),
    );
}

/** Sunrise, sunset and day length of the month, from the context the daily job kept. */
function daylight(input: MonthInput): AggregateRecord | null {
  const rises: number[] = [];
  const sets: number[] = [];
  let up = 0;
  const days = new Set<string>();
  for (const r of input.records(CONTEXT_DAILY)) {
    if (r.tags['context'] !== 'sun' || !r.period.startsWith(input.month.key)) continue;
    days.add(r.period);
    const starts = json<number[]>(r, 'starts', []);
    if (r.tags['value'] === 'above_horizon') {
      rises.push(...starts);
      up += num(r, 'exposure_s');
    } else sets.push(...starts);
  }
  if (days.size === 0 || rises.length === 0 || sets.length === 0) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return monthRecord(input, DAYLIGHT, {}, { sunrise_minute: round(mean(rises), 1), sunset_minute: round(mean(sets), 1), daylight_minutes: round(up / 60 / days.size, 1), days: days.size });
}

/** An aspect's value of a month, when the month holds enough of it to be compared. */
function valueOf(r: AggregateRecord, aspect: Aspect, s: DetectorSettings['seasonal']): MonthValue | null {
  const month = r.period;
  // robust: one unusual day (an anomaly) must not pass for a change of season
  if (aspect === 'count') {
    const counts = json<number[]>(r, 'counts', []);
    if (counts.length < s.minDays || num(r, 'active_days') < s.minDays) return null;
    return trimmedMean(month, counts);
  }
  if (aspect === 'duration') {
    const n = num(r, 'intervals');
    if (n < s.minIntervals) return null;
    // each day's typical duration counts once: a day of 45 short toggles is one day, not 45 intervals
    const days = json<number[] | null>(r, 'day_medians', null);
    if (days !== null) return days.length >= s.minDays ? trimmedMean(month, days) : null;
    // a roll-up from before day_medians were kept: the month's intervals together
    const h = json<Histogram>(r, 'histogram', {});
    const [p25, median, p75] = [quantile(h, 0.25), quantile(h, 0.5), quantile(h, 0.75)];
    if (median === null || p25 === null || p75 === null) return null;
    // the spread a normal sample with this interquartile range would have
    const sigma = (p75 - p25) / 1.349;
    return { month, mean: median, variance: sigma * sigma, n };
  }
  const firsts = json<number[]>(r, 'first_minutes', []);
  if (firsts.length < s.minDays) return null;
  const stats = robustCircularStats(firsts, s.maxTimeSpreadMinutes);
  if (stats.kept < 0.7 || stats.spread > s.maxTimeSpreadMinutes) return null;
  return { month, mean: stats.mean, variance: stats.spread ** 2, n: Math.round(firsts.length * stats.kept) };
}

/** Mean and variance of a month's daily values, the highest and lowest tenth left out. */
function trimmedMean(month: string, values: readonly number[]): MonthValue {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * 0.1);
  const kept = sorted.slice(cut, sorted.length - cut);
  const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
  return { month, mean, variance: kept.reduce((a, b) => a + (b - mean) ** 2, 0) / kept.length, n: kept.length };
}

/** Means and centred sums of squares and products of two series. */
function moments(xs: readonly number[], ys: readonly number[]): { sxx: number; syy: number; sxy: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return { sxx, syy, sxy };
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const { sxx, syy, sxy } = moments(xs, ys);
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

function regressionSlope(xs: readonly number[], ys: readonly number[]): number {
  const { sxx, sxy } = moments(xs, ys);
  return sxx === 0 ? 0 : sxy / sxx;
}

function monotonic(xs: readonly number[]): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i]! < xs[i - 1]!) up = false;
    if (xs[i]! > xs[i - 1]!) down = false;
  }
  return up || down;
}

const monthIndex = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7));

interface Evaluation {
  readonly aspect: Aspect;
  readonly months: readonly MonthValue[];
  /** Values as compared: minutes unwrapped around the first month for time. */
  readonly values: readonly number[];
  readonly change: number;
  readonly relative: number;
  readonly t: number;
  readonly r2: number;
  readonly daylight: { readonly ref: string; readonly r: number } | null;
  readonly significant: boolean;
  readonly linked: boolean;
}

function evaluate(aspect: Aspect, months: readonly MonthValue[], light: ReadonlyMap<string, AggregateRecord>, s: DetectorSettings['seasonal']): Evaluation {
  const values = aspect === 'time' ? months.map((m) => months[0]!.mean + circularDelta(months[0]!.mean, m.mean)) : months.map((m) => m.mean);
  let lo = 0;
  let hi = 0;
  values.forEach((v, i) => {
    if (v < values[lo]!) lo = i;
    if (v > values[hi]!) hi = i;
  });
  const change = values[hi]! - values[lo]!;
  // one variance for all months: a small month whose few values happen to bunch up must not look precise
  const pooled = months.reduce((a, m) => a + m.variance, 0) / months.length;
  const se = Math.sqrt(pooled / months[hi]!.n + pooled / months[lo]!.n);
  const t = se > 0 ? change / se : change > 0 ? Number.POSITIVE_INFINITY : 0;
  const relative = aspect === 'time' ? change : change / Math.max(Math.abs(values[lo]!), 1e-9);
  const r = pearson(months.map((m) => monthIndex(m.month)), values);
  // daylight: the reference (sunset, sunrise or day length) the values move with most, and of
  // those alike (two months: all that follow at all), the one they follow most nearly minute for minute
  let best: (Evaluation['daylight'] & { readonly off: number }) | null = null;
  const lit = months.map((m, i) => ({ i, d: light.get(m.month) })).filter((x) => x.d !== undefined);
  if (lit.length === months.length) {
    for (const ref of REFERENCES[aspect]) {
      const f = follows(aspect, lit.map((x) => num(x.d!, ref)), values, s);
      const rr = round(f.r, 4);
      if (best === null || Math.abs(rr) > Math.abs(best.r) || (Math.abs(rr) === Math.abs(best.r) && f.off < best.off)) best = { ref: ref.replace(/_minutes?$/, ''), r: rr, off: f.off };
    }
  }
  const linked = best !== null && Math.abs(best.r) >= s.minDaylightR;
  const big = aspect === 'time' ? change >= s.minTimeShiftMinutes : relative >= s.minRelativeChange;
  const shaped = months.length === 2 || r * r >= s.minR2 || linked;
  // a time or duration that moves as daylight does has its cause in hand: one test, not one of all the home's
  const minT = linked && aspect !== 'count' ? s.minDaylightT : s.minT;
  return { aspect, months, values, change, relative, t, r2: r * r, daylight: best && { ref: best.ref, r: best.r }, significant: big && Math.abs(t) >= minT && shaped, linked };
}

/**
 * What each aspect may follow. A time: sunset or sunrise itself. A duration: sunset or sunrise at
 * one end and a clock time at the other (a lamp from sunset to bedtime, a light from 06:00 to
 * sunrise), or both (on all night, or all day): day length.
 */
const REFERENCES: Record<Aspect, readonly string[]> = { time: ['sunset_minute', 'sunrise_minute'], duration: ['sunset_minute', 'sunrise_minute', 'daylight_minutes'], count: ['daylight_minutes'] };

/**
 * How closely an aspect's months follow a daylight reference (minutes a month): `r` a correlation,
 * 0 when they do not; `off` how far the slope is from minute for minute.
 */
function follows(aspect: Aspect, refs: readonly number[], values: readonly number[], s: DetectorSettings['seasonal']): { r: number; off: number } {
  if (aspect === 'count') {
    // an amount can only be told to follow daylight when daylight turned within the months:
    // over a stretch where both just grow or shrink, any trend would correlate
    return { r: refs.length >= 3 && !monotonic(refs) ? pearson(refs, values) : 0, off: 0 };
  }
  // A time or a duration follows daylight by the minute: a time moves about as far as sunset (or
  // sunrise) does, the same way; a duration with one end at it about as far, either way (longer
  // as sunset comes earlier, shorter as sunrise does). A trend that merely shares daylight's
  // direction has no reason to share its rate, so the slope, not the direction, is the evidence,
  // and it holds over two months as over twelve.
  const minutes = aspect === 'duration' ? values.map((v) => v / 60) : values;
  const slope = regressionSlope(refs, minutes);
  const moved = Math.max(...refs) - Math.min(...refs) >= s.minTimeShiftMinutes / 2;
  const size = aspect === 'time' ? slope : Math.abs(slope);
  const off = Math.abs(size - 1);
  if (!moved || size < 0.5 || size > 1.5) return { r: 0, off };
  // over two months, ±1 (they moved together, one way or the other)
  return { r: pearson(refs, minutes), off };
}

export const seasonal: MonthlyDetector = {
  patternType: 'seasonal',
  measurements: [MEASUREMENT, ROLLUP, DAYLIGHT],
  writes: [SEASONAL_MONTHLY, ENTITY_MONTHLY, DAYLIGHT_MONTHLY],
  inputs: ['day_type_daily', 'duration_daily', CONTEXT_DAILY],
  history: [ROLLUP, DAYLIGHT],

  summarize(input, settings) {
    const s = settings.seasonal;
    const rollups = rollUp(input);
    const light = daylight(input);
    const records: AggregateRecord[] = [...rollups, ...(light ? [light] : [])];
    const lightByMonth = new Map<string, AggregateRecord>();
    for (const r of [...input.earlier(DAYLIGHT), ...(light ? [light] : [])]) lightByMonth.set(r.period, r);
    const series = byTag([...input.earlier(ROLLUP), ...rollups], 'entity_id');
    for (const current of rollups) {
      const id = current.tags['entity_id']!;
      const history = series.get(id)!.sort((a, b) => a.time - b.time).slice(-s.months);
      for (const aspect of ASPECTS) {
        const months = history.map((r) => valueOf(r, aspect, s)).filter((m): m is MonthValue => m !== null);
        if (months.length < 2 || months.at(-1)!.month !== input.month.key) continue;
        const e = evaluate(aspect, months, lightByMonth, s);
        records.push(
          monthRecord(input, MEASUREMENT, { entity_id: id, area_id: current.tags['area_id'] ?? null, aspect }, {
            months: JSON.stringify(months.map((m, i) => ({ month: m.month, value: round(aspect === 'time' ? ((e.values[i]! % 1440) + 1440) % 1440 : m.mean, 2), n: m.n }))),
            change: round(e.change, 3),
            relative_change: round(e.relative, 4),
            t: Number.isFinite(e.t) ? round(e.t, 3) : 1e9,
            r2: round(e.r2, 4),
            daylight_ref: e.daylight?.ref ?? '',
            daylight_r: e.daylight?.r ?? 0,
            linked_to_daylight: e.linked,
            significant: e.significant,
            trend: e.values.at(-1)! >= e.values[0]! ? 'increasing' : 'decreasing',
          }),
        );
      }
    }
    return records;
  },

  derive(window) {
    const patterns: PatternUpsert[] = [];
    for (const r of window.records(MEASUREMENT)) {
      if (r.fields['significant'] !== true) continue;
      const aspect = r.tags['aspect'] as Aspect;
      const linked = r.fields['linked_to_daylight'] === true;
      const months = json<{ month: string; value: number; n: number }[]>(r, 'months', []);
      const trend = linked ? 'follows_daylight' : String(r.fields['trend']);
      const entity = r.tags['entity_id']!;
      patterns.push({
        patternType: 'seasonal',
        deviceId: entity,
        key: `seasonal:${aspect}`,
        areaId: r.tags['area_id'] ?? null,
        confidence: round(linked ? Math.abs(num(r, 'daylight_r')) : months.length === 2 ? 0.7 : num(r, 'r2'), 4),
        occurrences: months.length,
        lastSeen: window.calendar.month(r.period).end - 1,
        metadata: {
          entity_id: entity,
          aspect,
          unit: aspect === 'count' ? 'activations per day' : aspect === 'duration' ? 'seconds' : 'minute of day',
          trend,
          linked_to_daylight: linked,
          daylight: linked ? { reference: SEASONAL_MONTHLY.decode(r).daylight_ref, r: num(r, 'daylight_r') } : null,
          change: num(r, 'change'),
          relative_change: num(r, 'relative_change'),
          monthly: months.map((m) => ({ ...m, ...(aspect === 'time' ? { time: clockTime(m.value) } : {}) })),
          months: months.length,
          first_month: months[0]?.month ?? null,
          last_month: r.period,
        } satisfies SeasonalMetadata,
      });
    }
    return patterns.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.key < b.key ? -1 : 1));
  },
};
