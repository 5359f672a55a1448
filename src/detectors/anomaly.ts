/**
 * 6. Anomaly: a day that departs from the entity's own history — far more activations, far more
 * on-time, or activity at an hour it is almost never active. The baseline is read from the
 * previous days' anomaly_daily records in Layer 2 (never from raw events), and the day's scores
 * are stored beside its values so a person can see the day against its baseline.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { type DayActivity } from './activity.js';
import type { DetectorSettings } from './settings.js';
import { type DailyDetector, byTag, dayRecord, json, num, round } from './types.js';

const MEASUREMENT = 'anomaly_daily';
/** Floors for the baseline spread, so a perfectly regular history does not make every change infinite. */
const MIN_COUNT_STD = 1;
const MIN_ON_STD_SECONDS = 600;

interface Baseline {
  readonly days: number;
  readonly countMean: number;
  readonly countStd: number;
  readonly onMean: number;
  readonly onStd: number;
  readonly hours: number[];
  readonly activations: number;
}

function onSeconds(activity: DayActivity): Map<string, number> {
  const on = new Map<string, number>();
  const { start, end } = activity.day;
  for (const i of activity.intervals) on.set(i.entityId, (on.get(i.entityId) ?? 0) + (i.end - Math.max(i.start, start)) / 1000);
  for (const [entityId, since] of activity.activeAtEnd) {
    if (since !== null) on.set(entityId, (on.get(entityId) ?? 0) + (end - Math.max(since, start)) / 1000);
  }
  return on;
}

/**
 * An entity's baseline from its earlier days. For its usual hours, days already found active at a
 * rare hour are left out while they are rare themselves (at most `exclude_share` of the days), so
 * one 03:00 coffee does not make the next one usual; more often than that, it is the new normal.
 */
function baselineOf(history: readonly AggregateRecord[], excludeShare: number): Baseline {
  const counts = history.map((r) => num(r, 'count'));
  const ons = history.map((r) => num(r, 'on_seconds'));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = (xs: number[], m: number) => Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  const atRareHour = history.filter((r) => json<string[]>(r, 'kinds', []).includes('hour'));
  const hourDays = atRareHour.length > 0 && atRareHour.length <= excludeShare * history.length ? history.filter((r) => !atRareHour.includes(r)) : history;
  const hours = new Array<number>(24).fill(0);
  for (const r of hourDays) json<number[]>(r, 'hours', []).forEach((h, i) => (hours[i]! += h));
  const countMean = mean(counts);
  const onMean = mean(ons);
  return { days: history.length, countMean, countStd: std(counts, countMean), onMean, onStd: std(ons, onMean), hours, activations: counts.reduce((a, b) => a + b, 0) };
}

function score(count: number, on: number, hours: number[], b: Baseline, s: DetectorSettings['anomaly']) {
  const countZ = (count - b.countMean) / Math.max(b.countStd, MIN_COUNT_STD);
  const onZ = (on - b.onMean) / Math.max(b.onStd, MIN_ON_STD_SECONDS);
  // An hour is rare when it and its neighbours together are: a routine drifting by an hour (sunset
  // lights in autumn) is not an anomaly; activity three hours from anything usual is.
  const near = (i: number) => b.hours[(i + 23) % 24]! + b.hours[i]! + b.hours[(i + 1) % 24]!;
  // An hour needs a longer history than a count: two weeks show most hours a busy sensor uses.
  const enough = b.activations >= s.minBaselineActivations && b.days >= s.minBaselineDaysForHour;
  const rare = enough ? hours.map((h, i) => (h > 0 && near(i) / b.activations < s.rareHourProbability ? i : -1)).filter((i) => i >= 0) : [];
  const rarest = rare.length > 0 ? Math.min(...rare.map((i) => near(i) / b.activations)) : 1;
  const kinds: string[] = [];
  if (b.days >= s.minBaselineDays) {
    if (countZ >= s.zThreshold && count >= s.minRatio * Math.max(b.countMean, 1)) kinds.push('count');
    if (onZ >= s.zThreshold && on >= s.minRatio * Math.max(b.onMean, 60)) kinds.push('duration');
    if (rare.length > 0) kinds.push('hour');
  }
  return { countZ, onZ, rare, kinds, hourStrength: 1 - rarest / s.rareHourProbability };
}

export const anomaly: DailyDetector = {
  patternType: 'anomaly',
  measurement: MEASUREMENT,

  summarize(activity, settings, history) {
    const s = settings.anomaly;
    const on = onSeconds(activity);
    const perEntity = new Map<string, { count: number; hours: number[] }>();
    for (const e of activity.entities.keys()) perEntity.set(e, { count: 0, hours: new Array<number>(24).fill(0) });
    for (const a of activity.activations) {
      if (!a.inDay) continue;
      const d = perEntity.get(a.entityId)!;
      d.count++;
      d.hours[activity.calendar.hourOf(a.time)]!++;
    }
    const past = byTag(history, 'entity_id');
    const first = activity.day.start - s.baselineDays * 86_400_000;
    return [...perEntity.entries()]
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([entityId, d]) => {
        const b = baselineOf((past.get(entityId) ?? []).filter((r) => r.time >= first && r.time < activity.day.start), s.excludeShare);
        const onS = on.get(entityId) ?? 0;
        const sc = score(d.count, onS, d.hours, b, s);
        return dayRecord(activity, MEASUREMENT, { entity_id: entityId, area_id: activity.entities.get(entityId)?.areaId ?? null }, {
          count: d.count,
          on_seconds: onS,
          hours: JSON.stringify(d.hours),
          baseline_days: b.days,
          count_mean: b.days > 0 ? b.countMean : 0,
          count_std: b.days > 0 ? b.countStd : 0,
          on_mean: b.days > 0 ? b.onMean : 0,
          on_std: b.days > 0 ? b.onStd : 0,
          count_z: b.days > 0 ? sc.countZ : 0,
          on_z: b.days > 0 ? sc.onZ : 0,
          rare_hours: JSON.stringify(sc.rare),
          hour_strength: sc.kinds.includes('hour') ? sc.hourStrength : 0,
          kinds: JSON.stringify(sc.kinds),
          anomalous: sc.kinds.length > 0,
        });
      });
  },

  derive(window, settings) {
    const z = settings.anomaly.zThreshold;
    const patterns: PatternUpsert[] = [];
    for (const [entityId, records] of byTag(window.records(MEASUREMENT), 'entity_id')) {
      for (const r of records) {
        if (r.fields['anomalous'] !== true) continue;
        for (const kind of json<string[]>(r, 'kinds', [])) {
          // count and duration: how far past the threshold; hour: how rare the hour was (never seen → 1)
          const confidence = kind === 'hour' ? num(r, 'hour_strength') : Math.min(1, (kind === 'count' ? num(r, 'count_z') : num(r, 'on_z')) / (2 * z));
          patterns.push({
            patternType: 'anomaly',
            deviceId: entityId,
            key: `${r.period}:${kind}`,
            areaId: r.tags['area_id'] ?? null,
            confidence: round(Math.max(0, confidence), 4),
            occurrences: 1,
            lastSeen: r.time,
            metadata: {
              entity_id: entityId,
              day: r.period,
              kind,
              count: num(r, 'count'),
              on_seconds: round(num(r, 'on_seconds'), 1),
              baseline: { days: num(r, 'baseline_days'), count_mean: round(num(r, 'count_mean'), 2), count_std: round(num(r, 'count_std'), 2), on_mean_seconds: round(num(r, 'on_mean'), 1), on_std_seconds: round(num(r, 'on_std'), 1) },
              count_z: round(num(r, 'count_z'), 2),
              on_z: round(num(r, 'on_z'), 2),
              rare_hours: json<number[]>(r, 'rare_hours', []),
              hours: json<number[]>(r, 'hours', []),
            },
          });
        }
      }
    }
    return patterns;
  },
};
