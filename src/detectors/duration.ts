/**
 * 5. Duration: how long an entity stays active. An interval counts on the day it ends, so one
 * crossing midnight counts once. Layer 2 keeps exact counts and sums and a log-bin histogram
 * (quantiles within 2.5 %, see histogram.ts).
 *
 * A typical on-time is reported only when it is characteristic, not for every light that was
 * switched on and off: nearly all intervals (`minConsistency`) lie within a factor
 * `typicalFactor` of the median, and the on-time holds still through the window: it has no
 * trend that both beats chance (Mann–Kendall over each day's mean on-time, p < 0.01) and moves
 * it by more than `maxDrift` of the typical on-time across the window (Theil–Sen). A light left
 * on "as long as the evening needs" spreads wider than that; an on-time that grows week by week
 * (a light from sunset to a fixed hour, a towel warmer run longer as winter comes) is seasonal's
 * to report.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { measurement } from './measurement.js';
import { add, type Histogram, merge, quantile, shareBetween, total } from './histogram.js';
import { trendOf } from './trend.js';
import { type DailyDetector, byTag, dayRecord, json, num, round } from './types.js';
import type { DurationMetadata } from './metadata.js';

const MEASUREMENT = 'duration_daily';
const DURATION_DAILY = measurement(MEASUREMENT, 'daily', 1, { intervals: 'number', seconds: 'number', seconds_sq: 'number', max_seconds: 'number', histogram: 'json' });
/** Days with an interval a trend needs before it is read. */
const MIN_TREND_DAYS = 6;
/** Mann–Kendall's |z| for p < 0.01, two-sided: a trend this clear is not the days' chance order. */
const TREND_Z = 2.576;
const AUTO_OFF_DOMAINS = new Set(['light', 'switch', 'fan', 'media_player', 'climate', 'input_boolean']);

export const duration: DailyDetector = {
  patternType: 'duration',
  measurement: MEASUREMENT,
  writes: [DURATION_DAILY],
  reads: [MEASUREMENT],

  summarize(activity) {
    const perEntity = new Map<string, { count: number; sum: number; sumSq: number; max: number; histogram: Histogram }>();
    for (const i of activity.intervals) {
      const seconds = (i.end - i.start) / 1000;
      let d = perEntity.get(i.entityId);
      if (d === undefined) perEntity.set(i.entityId, (d = { count: 0, sum: 0, sumSq: 0, max: 0, histogram: {} }));
      d.count++;
      d.sum += seconds;
      d.sumSq += seconds * seconds;
      d.max = Math.max(d.max, seconds);
      add(d.histogram, seconds);
    }
    return [...perEntity.entries()]
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([entityId, d]) =>
        dayRecord(activity, MEASUREMENT, { entity_id: entityId, area_id: activity.entities.get(entityId)?.areaId ?? null }, {
          intervals: d.count,
          seconds: d.sum,
          seconds_sq: d.sumSq,
          max_seconds: d.max,
          histogram: JSON.stringify(d.histogram),
        }),
      );
  },

  derive(window, settings) {
    const s = settings.duration;
    const patterns: PatternUpsert[] = [];
    for (const [entityId, records] of byTag(window.records(MEASUREMENT), 'entity_id')) {
      const n = records.reduce((x, r) => x + num(r, 'intervals'), 0);
      if (n < s.minIntervals) continue;
      const histogram: Histogram = {};
      for (const r of records) merge(histogram, json<Histogram>(r, 'histogram', {}));
      const median = quantile(histogram, 0.5)!;
      // A sensor's seconds-long pulse is its hold time, not something the household does.
      if (median < s.minTypicalSeconds) continue;
      // Consistency: the share of intervals within a factor `typicalFactor` of the typical one.
      const consistency = shareBetween(histogram, median / s.typicalFactor, median * s.typicalFactor);
      if (consistency < s.minConsistency) continue;
      const drift = driftOf(records, window.days, median);
      if (drift !== null && drift.significant && Math.abs(drift.drift) > s.maxDrift) continue;
      const sum = records.reduce((x, r) => x + num(r, 'seconds'), 0);
      const sumSq = records.reduce((x, r) => x + num(r, 'seconds_sq'), 0);
      const mean = sum / n;
      const p90 = quantile(histogram, 0.9)!;
      const domain = entityId.split('.')[0]!;
      const last = records[records.length - 1]!;
      patterns.push({
        patternType: 'duration',
        deviceId: entityId,
        key: 'on_duration',
        areaId: last.tags['area_id'] ?? null,
        confidence: round(consistency, 4),
        occurrences: n,
        lastSeen: last.time,
        metadata: {
          entity_id: entityId,
          intervals: n,
          typical_seconds: round(median, 1),
          mean_seconds: round(mean, 1),
          std_seconds: round(Math.sqrt(Math.max(0, sumSq / n - mean * mean)), 1),
          p25_seconds: round(quantile(histogram, 0.25)!, 1),
          p75_seconds: round(quantile(histogram, 0.75)!, 1),
          p90_seconds: round(p90, 1),
          max_seconds: Math.max(...records.map((r) => num(r, 'max_seconds'))),
          quantile_error: '±2.5 % (log-bin histogram)',
          histogram,
          histogram_total: total(histogram),
          auto_off_candidate: AUTO_OFF_DOMAINS.has(domain) && p90 >= s.autoOffMinutes * 60,
          suggested_auto_off_minutes: Math.ceil(p90 / 60),
          days_observed: window.days.length,
          ...(drift === null ? {} : { drift: round(drift.drift, 3) }),
        } satisfies DurationMetadata,
      });
    }
    return patterns;
  },
};

/**
 * How far the on-time moved through the window: the Theil–Sen slope of each day's mean on-time
 * over the window's days, times the window's span, as a share of the typical on-time (0.2: a
 * fifth longer by the end), and whether that trend beats chance. Null when fewer than
 * `MIN_TREND_DAYS` days had an interval.
 */
export function driftOf(records: readonly AggregateRecord[], days: readonly string[], typical: number): { drift: number; significant: boolean } | null {
  const index = new Map(days.map((d, i) => [d, i]));
  const points = records.flatMap((r) => {
    const x = index.get(r.period);
    const n = num(r, 'intervals');
    return x === undefined || n === 0 ? [] : [{ x, y: num(r, 'seconds') / n }];
  });
  if (points.length < MIN_TREND_DAYS || typical <= 0) return null;
  const trend = trendOf(points)!;
  return { drift: (trend.slope * (days.length - 1)) / typical, significant: Math.abs(trend.z) >= TREND_Z };
}
