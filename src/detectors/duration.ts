/**
 * 5. Duration: how long an entity stays active. An interval counts on the day it ends, so one
 * crossing midnight counts once. Layer 2 keeps exact counts and sums and a log-bin histogram
 * (quantiles within 2.5 %, see histogram.ts).
 *
 * A typical on-time is reported only when it is characteristic, not for every light that was
 * switched on and off: nearly all intervals (`minConsistency`) lie within a factor
 * `typicalFactor` of the median, and the median holds still through the window (the older and
 * the newer half of its days agree within `maxDrift`). A light left on "as long as the evening
 * needs" spreads wider than that; an on-time that grows week by week is seasonal's to report.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { measurement } from './measurement.js';
import { add, type Histogram, merge, quantile, shareBetween, total } from './histogram.js';
import { type DailyDetector, byTag, dayRecord, json, num, round } from './types.js';

const MEASUREMENT = 'duration_daily';
const DURATION_DAILY = measurement(MEASUREMENT, 'daily', 1, { intervals: 'number', seconds: 'number', seconds_sq: 'number', max_seconds: 'number', histogram: 'json' });
/** Intervals each half of the window needs before the drift between them is read. */
const MIN_HALF = 3;
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
      const drift = driftOf(records, window.days);
      if (Math.abs(drift ?? 0) > s.maxDrift) continue;
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
          ...(drift === null ? {} : { drift: round(drift, 3) }),
        },
      });
    }
    return patterns;
  },
};

/**
 * How far the median moved from the older half of the window's days to the newer half, as a
 * relative change (0.2: a fifth longer), or null when either half holds too few intervals to say.
 */
export function driftOf(records: readonly AggregateRecord[], days: readonly string[]): number | null {
  const cut = days[Math.floor(days.length / 2)] ?? '';
  const older: Histogram = {};
  const newer: Histogram = {};
  for (const r of records) merge(r.period < cut ? older : newer, json<Histogram>(r, 'histogram', {}));
  if (total(older) < MIN_HALF || total(newer) < MIN_HALF) return null;
  return quantile(newer, 0.5)! / quantile(older, 0.5)! - 1;
}
