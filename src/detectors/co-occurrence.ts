/**
 * 2. Co-occurrence: B activates within W after A (ordered pairs). Layer 2 keeps, per pair and
 * day, the occurrences and their lags; confidence P(B | A) and lift come from the window's sums.
 */
import type { PatternUpsert } from '../storage/types.js';
import { beyondChance, followChance } from './chance.js';
import { ACTIVITY_DAILY, activationTotals } from './day-facts.js';
import { measurement } from './measurement.js';
import { RecentActivations } from './recent.js';
import { type DailyDetector, byTag, dayRecord, json, num, round } from './types.js';
import type { CoOccurrenceMetadata } from './metadata.js';

const MEASUREMENT = 'co_occurrence_daily';
const CO_OCCURRENCE_DAILY = measurement(MEASUREMENT, 'daily', 1, { support: 'number', lag_ms: 'json' });
const DAY_MS = 86_400_000;

export const coOccurrence: DailyDetector = {
  patternType: 'co_occurrence',
  measurement: MEASUREMENT,
  writes: [CO_OCCURRENCE_DAILY],
  reads: [MEASUREMENT, ACTIVITY_DAILY.name],

  summarize(activity, settings) {
    const window = settings.coOccurrence.windowMinutes * 60_000;
    const recent = new RecentActivations(window);
    const lags = new Map<string, number[]>();
    for (const b of activity.activations) {
      if (b.inDay) {
        for (const [a, time] of recent.predecessors(b.entityId, b.time, window)) {
          const pair = `${a}>${b.entityId}`;
          let list = lags.get(pair);
          if (list === undefined) lags.set(pair, (list = []));
          list.push(b.time - time);
        }
      }
      recent.add(b);
    }
    return [...lags.entries()]
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([pair, list]) => {
        const [a, b] = pair.split('>') as [string, string];
        return dayRecord(activity, MEASUREMENT, { device_pair: pair, entity_id: a, follower_id: b, area_id: activity.entities.get(a)?.areaId ?? null }, {
          support: list.length,
          lag_ms: JSON.stringify(list),
        });
      });
  },

  derive(window, settings) {
    const s = settings.coOccurrence;
    const activations = activationTotals(window.records(ACTIVITY_DAILY.name), window.days);
    const observedMs = window.days.length * DAY_MS;
    const patterns: PatternUpsert[] = [];
    for (const [pair, records] of byTag(window.records(MEASUREMENT), 'device_pair')) {
      const [a, b] = pair.split('>') as [string, string];
      const support = records.reduce((n, r) => n + num(r, 'support'), 0);
      const nA = activations.get(a) ?? 0;
      const nB = activations.get(b) ?? 0;
      if (support < s.minSupport || nA === 0) continue;
      const confidence = Math.min(1, support / nA);
      // P(B | A) against the chance that B activates in any window of W anyway: a follower that
      // fires all day follows everything and explains nothing.
      const { lift, pValue } = beyondChance(support, nA, followChance(nB, s.windowMinutes * 60_000, observedMs));
      if (confidence < s.minConfidence || lift < s.minLift || pValue > s.maxPValue) continue;
      const lags = records.flatMap((r) => json<number[]>(r, 'lag_ms', [])).sort((x, y) => x - y);
      const last = records[records.length - 1]!;
      patterns.push({
        patternType: 'co_occurrence',
        deviceId: a,
        key: `then:${b}`,
        areaId: last.tags['area_id'] ?? null,
        confidence: round(confidence, 4),
        occurrences: support,
        lastSeen: last.time,
        metadata: {
          trigger: a,
          follower: b,
          support,
          trigger_activations: nA,
          follower_activations: nB,
          confidence: round(confidence, 4),
          lift: round(lift, 2),
          p_value: pValue,
          window_minutes: s.windowMinutes,
          typical_lag_seconds: round(lags[Math.floor(lags.length / 2)]! / 1000, 1),
          lag_seconds: lags.map((l) => round(l / 1000, 1)),
          days_with_occurrence: records.length,
          days_observed: window.days.length,
        } satisfies CoOccurrenceMetadata,
      });
    }
    return patterns;
  },
};
