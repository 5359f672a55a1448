/**
 * 9. Contextual: activity tied to the home's context (sun, weather, outdoor temperature band,
 * presence). The daily job keeps, per context value, the exposure time and each entity's
 * activations in it (`context_daily`); the monthly job adds up ≥ 30 days of them
 * (`contextual_monthly`) and an entity whose activations fall in one value far more often than
 * its share of time predicts (lift, binomial tail) becomes a pattern. No raw events are re-read.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { binomialTail } from './binomial.js';
import { circularDelta, circularDistance, robustCircularStats } from './circular.js';
import { bandBounds, type ContextKind, valueAt } from './context.js';
import { ACTIVITY_DAILY, hourTotals } from './day-facts.js';
import { measurement } from './measurement.js';
import { type DailyInput, dayRecord, json, type MonthlyDetector, monthRecord, num, round } from './types.js';
import type { ContextualMetadata } from './metadata.js';

export const CONTEXT_DAILY = 'context_daily';
const MEASUREMENT = 'contextual_monthly';
const HOUR_MS = 3_600_000;
/** Each entity's activations by hour and day (the day scan's facts) is what time-of-day adjustment needs. */
const HOURS_DAILY = ACTIVITY_DAILY.name;
const CONTEXT_DAILY_SPEC = measurement(CONTEXT_DAILY, 'daily', 1, { exposure_s: 'number', exposure_hours: 'json', starts: 'json', activations: 'json', offsets: 'json', clocks: 'json' });
const CONTEXTUAL_MONTHLY = measurement(MEASUREMENT, 'monthly', 1, {
  activations: 'number',
  activations_all: 'number',
  exposure_s: 'number',
  exposure_all_s: 'number',
  expected_share: 'number',
  lift: 'number',
  p_value: 'number',
  values: 'number',
  days: 'number',
  sources: 'string',
  offset_median: 'number',
  offset_spread: 'number',
  offsets_n: 'number',
  clock_spread: 'number',
  change_slope: 'number',
  change_r: 'number',
});

/** Sources a kind's value is read from: their own activations say nothing about the context. */
const SOURCE_DOMAIN: Readonly<Partial<Record<ContextKind, string>>> = { presence: 'person', sun: 'sun' };

export const contextDaily: DailyInput = {
  measurement: CONTEXT_DAILY,
  writes: [CONTEXT_DAILY_SPEC],
  summarize(activity) {
    const { day, calendar } = activity;
    const records: AggregateRecord[] = [];
    for (const [kind, timeline] of activity.contexts) {
      const values = new Map<string, { exposure: number; hours: number[]; starts: number[]; activations: Record<string, number>; offsets: Record<string, number[]>; clocks: Record<string, number[]> }>();
      const of = (value: string) => {
        let v = values.get(value);
        if (v === undefined) values.set(value, (v = { exposure: 0, hours: new Array<number>(24).fill(0), starts: [], activations: {}, offsets: {}, clocks: {} }));
        return v;
      };
      const { points } = timeline;
      points.forEach((p, i) => {
        if (p.value === null) return;
        const v = of(p.value);
        const end = points[i + 1]?.time ?? day.end;
        v.exposure += end - p.time;
        // exposure per local hour, so the monthly job can hold time of day constant
        for (let t = p.time; t < end; ) {
          const next = Math.min(end, t + HOUR_MS - ((t + calendar.offsetAt(t)) % HOUR_MS + HOUR_MS) % HOUR_MS);
          v.hours[calendar.hourOf(t)]! += (next - t) / 1000;
          t = next;
        }
        // a change from a known value (not the source coming back or first seen) is a real start
        if (p.time > day.start && i > 0 && points[i - 1]!.value !== null) v.starts.push(calendar.minuteOfDay(p.time));
      });
      const changed = new Set(points.filter((p, i) => i > 0 && points[i - 1]!.value !== null).map((p) => p.time));
      // the first activation of an entity after its value began that day: how long after
      const firstIn = new Set<string>();
      for (const a of activity.activations) {
        if (!a.inDay || timeline.sources.includes(a.entityId) || a.entityId.startsWith(`${SOURCE_DOMAIN[kind] ?? '-'}.`)) continue;
        const { value, since } = valueAt(timeline, a.time);
        if (value === null) continue;
        const v = of(value);
        v.activations[a.entityId] = (v.activations[a.entityId] ?? 0) + 1;
        const segment = `${a.entityId}@${since}`;
        if (changed.has(since) && !firstIn.has(segment)) {
          firstIn.add(segment);
          (v.offsets[a.entityId] ??= []).push(round((a.time - since) / 60_000, 2));
          (v.clocks[a.entityId] ??= []).push(calendar.minuteOfDay(a.time));
        }
      }
      for (const [value, v] of [...values].sort(([a], [b]) => (a < b ? -1 : 1))) {
        records.push(
          dayRecord(activity, CONTEXT_DAILY, { context: kind, value, source: timeline.sources.join(',') }, {
            exposure_s: Math.round(v.exposure / 1000),
            exposure_hours: JSON.stringify(v.hours.map((x) => Math.round(x))),
            starts: JSON.stringify(v.starts),
            activations: JSON.stringify(v.activations),
            offsets: JSON.stringify(v.offsets),
            clocks: JSON.stringify(v.clocks),
          }),
        );
      }
    }
    return records;
  },
};

interface Tally {
  exposure: number;
  days: Set<string>;
  sources: Set<string>;
  byValue: Map<string, { exposure: number; hours: number[]; activations: Map<string, number>; offsets: Map<string, number[]>; clocks: Map<string, number[]> }>;
}

/**
 * The share of an entity's activations a value would get by chance. The sun is time of day
 * itself, so its share is its share of time. Weather, temperature and presence change with the
 * time of day too (a cold band at night, nobody home at noon): their share is taken hour by hour
 * from the entity's own hours of use, so "used in the evening" is not read as "used when cold".
 */
function expectedShare(kind: ContextKind, value: { exposure: number; hours: readonly number[] }, tally: Tally, known: readonly number[], entityHours: readonly number[] | undefined): number {
  if (kind === 'sun' || entityHours === undefined) return value.exposure / tally.exposure;
  let weight = 0;
  let share = 0;
  for (let h = 0; h < 24; h++) {
    if (known[h]! <= 0 || entityHours[h]! <= 0) continue;
    weight += entityHours[h]!;
    share += entityHours[h]! * (value.hours[h]! / known[h]!);
  }
  return weight > 0 ? share / weight : value.exposure / tally.exposure;
}

/** Median absolute deviation of times of day, around their circular median-like centre (minutes). */
function circularMad(minutes: readonly number[]): number {
  if (minutes.length === 0) return 0;
  const { mean } = robustCircularStats(minutes, 720);
  return median(minutes.map((m) => circularDistance(m, mean)));
}

/**
 * How the time an entity acted moves with the time its context changed, day by day (least
 * squares): a follower moves with it (slope near 1, high r), a clock routine does not (slope near
 * 0), whatever their spreads happen to be. `clocks` and `offsets` are the same activations.
 */
function changeFit(clocks: readonly number[], offsets: readonly number[]): { change_slope: number; change_r: number } {
  const n = Math.min(clocks.length, offsets.length);
  if (n < 3) return { change_slope: 0, change_r: 0 };
  const centre = robustCircularStats(clocks, 720).mean;
  const acted = clocks.slice(0, n).map((m) => centre + circularDelta(centre, m));
  const changed = acted.map((a, i) => a - offsets[i]!);
  const mean = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0) / n;
  const [ma, mc] = [mean(acted), mean(changed)];
  let [sac, scc, saa] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    sac += (acted[i]! - ma) * (changed[i]! - mc);
    scc += (changed[i]! - mc) ** 2;
    saa += (acted[i]! - ma) ** 2;
  }
  if (scc <= 0 || saa <= 0) return { change_slope: 0, change_r: 0 };
  return { change_slope: round(sac / scc, 4), change_r: round(sac / Math.sqrt(scc * saa), 4) };
}

/** Adds a day's lists per entity to the window's (in day order: offsets and clocks stay paired). */
function appendPerEntity(into: Map<string, number[]>, day: Record<string, number[]>): void {
  for (const [entity, xs] of Object.entries(day)) {
    const list = into.get(entity);
    if (list === undefined) into.set(entity, [...xs]);
    else list.push(...xs);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const contextual: MonthlyDetector = {
  patternType: 'contextual',
  measurements: [MEASUREMENT],
  writes: [CONTEXTUAL_MONTHLY],
  inputs: [CONTEXT_DAILY, 'day_type_daily', HOURS_DAILY],
  history: [],

  summarize(input, settings) {
    const s = settings.contextual;
    const areas = new Map<string, string>();
    for (const r of input.records('day_type_daily')) if (r.tags['area_id'] !== undefined) areas.set(r.tags['entity_id']!, r.tags['area_id']);
    const hoursOf = hourTotals(input.records(HOURS_DAILY));
    const kinds = new Map<ContextKind, Tally>();
    for (const r of input.records(CONTEXT_DAILY)) {
      const kind = r.tags['context'] as ContextKind;
      const value = r.tags['value']!;
      let t = kinds.get(kind);
      if (t === undefined) kinds.set(kind, (t = { exposure: 0, days: new Set(), sources: new Set(), byValue: new Map() }));
      let v = t.byValue.get(value);
      if (v === undefined) t.byValue.set(value, (v = { exposure: 0, hours: new Array<number>(24).fill(0), activations: new Map(), offsets: new Map(), clocks: new Map() }));
      const exposure = num(r, 'exposure_s');
      const vh = v.hours;
      json<number[]>(r, 'exposure_hours', []).forEach((x, i) => (vh[i]! += x));
      t.exposure += exposure;
      v.exposure += exposure;
      t.days.add(r.period);
      for (const src of (r.tags['source'] ?? '').split(',')) if (src !== '') t.sources.add(src);
      for (const [entity, n] of Object.entries(json<Record<string, number>>(r, 'activations', {}))) v.activations.set(entity, (v.activations.get(entity) ?? 0) + n);
      appendPerEntity(v.offsets, json<Record<string, number[]>>(r, 'offsets', {}));
      appendPerEntity(v.clocks, json<Record<string, number[]>>(r, 'clocks', {}));
    }
    const records: AggregateRecord[] = [];
    for (const [kind, t] of [...kinds].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const totals = new Map<string, number>();
      const known = new Array<number>(24).fill(0);
      for (const v of t.byValue.values()) {
        for (const [entity, n] of v.activations) totals.set(entity, (totals.get(entity) ?? 0) + n);
        v.hours.forEach((x, i) => (known[i]! += x));
      }
      for (const [value, v] of [...t.byValue].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (v.exposure <= 0 || v.exposure >= t.exposure) continue;
        for (const [entity, a] of [...v.activations].sort(([x], [y]) => (x < y ? -1 : 1))) {
          if (a < s.minSupport) continue;
          const all = totals.get(entity)!;
          const share = expectedShare(kind, v, t, known, hoursOf.get(entity));
          if (share <= 0 || share >= 1) continue;
          const offsets = v.offsets.get(entity) ?? [];
          const mid = offsets.length > 0 ? median(offsets) : null;
          records.push(
            monthRecord(input, MEASUREMENT, { entity_id: entity, area_id: areas.get(entity) ?? null, context: kind, value }, {
              activations: a,
              activations_all: all,
              exposure_s: v.exposure,
              exposure_all_s: t.exposure,
              expected_share: round(share, 6),
              lift: round((a / all) / share, 4),
              p_value: binomialTail(a, all, share),
              values: t.byValue.size,
              days: t.days.size,
              sources: [...t.sources].sort().join(','),
              offset_median: mid === null ? -1 : round(mid, 2),
              offset_spread: mid === null ? -1 : round(median(offsets.map((x) => Math.abs(x - mid))), 2),
              offsets_n: offsets.length,
              // the same activations by clock time: a change is the trigger only if it explains them better
              clock_spread: offsets.length > 0 ? round(circularMad(v.clocks.get(entity) ?? []), 2) : -1,
              ...changeFit(v.clocks.get(entity) ?? [], offsets),
            }),
          );
        }
      }
    }
    return records;
  },

  derive(window, settings) {
    const s = settings.contextual;
    const best = new Map<string, AggregateRecord>();
    for (const r of window.records(MEASUREMENT)) {
      const a = num(r, 'activations');
      const all = num(r, 'activations_all');
      // the best of the kind's values was picked: the tail is corrected for all of them
      const p = Math.min(1, num(r, 'p_value') * Math.max(1, num(r, 'values')));
      if (num(r, 'days') < s.minDays || a < s.minSupport || a / all < s.minShare || num(r, 'lift') < s.minLift || p > s.maxPValue) continue;
      // The sun is the time of day: an entity used "while the sun is up" is its clock routine
      // (time_based says so). Only one that follows sunset or sunrise itself is tied to the sun.
      if (r.tags['context'] === 'sun' && !followsChange(r, settings)) continue;
      const key = `${r.tags['entity_id']}|${r.tags['context']}`;
      const other = best.get(key);
      if (other === undefined || num(r, 'lift') > num(other, 'lift')) best.set(key, r);
    }
    const patterns: PatternUpsert[] = [];
    for (const r of best.values()) patterns.push(pattern(r, settings, window));
    return patterns.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.deviceId < b.deviceId ? -1 : 1));
  },
};

/**
 * Whether the entity acts a steady, short time after the context begins, more steadily than by
 * the clock (e.g. lights on 10 minutes after sunset, every time): the change itself is the
 * trigger. Half a day after sunrise is the clock again, however steady.
 */
function followsChange(r: AggregateRecord, settings: Parameters<MonthlyDetector['derive']>[1]): boolean {
  const n = num(r, 'offsets_n');
  const spread = num(r, 'offset_spread');
  const s = settings.contextual;
  const slope = num(r, 'change_slope');
  return (
    n >= s.minSupport &&
    n >= num(r, 'activations') * 0.5 &&
    // nearly every use falls after the change: a clock routine whose hours straddle the change
    // is seen after it only on the days it came later, which looks like following
    num(r, 'activations') >= s.followsMinShare * num(r, 'activations_all') &&
    spread >= 0 &&
    spread <= s.followsSpreadMinutes &&
    spread < 0.75 * num(r, 'clock_spread') &&
    num(r, 'offset_median') <= s.followsMaxMinutes &&
    // it moved with the change: a steadier delay than clock time can be luck over one month
    slope >= 0.5 &&
    slope <= 1.5 &&
    num(r, 'change_r') >= s.followsMinR
  );
}

function pattern(r: AggregateRecord, settings: Parameters<MonthlyDetector['derive']>[1], window: Parameters<MonthlyDetector['derive']>[0]): PatternUpsert {
  const kind = r.tags['context'] as ContextKind;
  const value = r.tags['value']!;
  const entity = r.tags['entity_id']!;
  const a = num(r, 'activations');
  const all = num(r, 'activations_all');
  const exposureIn = num(r, 'exposure_s') / 3600;
  const exposureAll = num(r, 'exposure_all_s') / 3600;
  const sources = String(r.fields['sources'] ?? '').split(',').filter((x) => x !== '');
  const band = kind === 'temperature' ? bandBounds(value) : null;
  const offsetsN = num(r, 'offsets_n');
  const spread = num(r, 'offset_spread');
  const clockSpread = num(r, 'clock_spread');
  return {
    patternType: 'contextual',
    deviceId: entity,
    key: `contextual:${kind}`,
    areaId: r.tags['area_id'] ?? null,
    confidence: round(a / all, 4),
    occurrences: a,
    // the month's last moment: the evidence runs to its end
    lastSeen: window.calendar.month(r.period).end - 1,
    metadata: {
      entity_id: entity,
      context: { kind, value, source_entity_id: sources[0] === 'location' ? null : (sources[0] ?? null), source_entity_ids: sources.filter((x) => x !== 'location'), ...(band ? { band: { ...band, unit: '°C' } } : {}) },
      lift: num(r, 'lift'),
      rate_in_context: round(a / Math.max(exposureIn, 1e-9), 4),
      rate_outside: round((all - a) / Math.max(exposureAll - exposureIn, 1e-9), 4),
      activations_in_context: a,
      activations: all,
      share_in_context: round(a / all, 4),
      exposure_hours_in_context: round(exposureIn, 1),
      exposure_hours: round(exposureAll, 1),
      share_of_time: round(exposureIn / exposureAll, 4),
      p_value: Number(num(r, 'p_value').toPrecision(3)),
      days: num(r, 'days'),
      month: r.period,
      after_change_minutes: offsetsN > 0 ? { median: num(r, 'offset_median'), spread: spread, n: offsetsN, clock_time_spread: clockSpread, slope: num(r, 'change_slope'), r: num(r, 'change_r') } : null,
      follows_change: followsChange(r, settings),
    } satisfies ContextualMetadata,
  };
}
