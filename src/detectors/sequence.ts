/**
 * 3. Sequence: chains of activations, each step within S of the last. An occurrence is identified
 * by the activation that completes it, each earlier step being the last activation of its entity
 * before the next step: so overlapping windows never count one occurrence twice.
 */
import type { PatternUpsert } from '../storage/types.js';
import { activationTotals } from './co-occurrence.js';
import { RecentActivations } from './recent.js';
import { type DailyDetector, byTag, dayRecord, num, round } from './types.js';

const MEASUREMENT = 'sequence_daily';

export const sequence: DailyDetector = {
  patternType: 'sequence',
  measurement: MEASUREMENT,

  summarize(activity, settings) {
    const { stepMinutes, minLength, maxLength } = settings.sequence;
    const step = stepMinutes * 60_000;
    const recent = new RecentActivations(step * (maxLength - 1));
    const counts = new Map<string, number>();
    const extend = (chain: string[], time: number) => {
      if (chain.length >= minLength) counts.set(chain.join('>'), (counts.get(chain.join('>')) ?? 0) + 1);
      if (chain.length >= maxLength) return;
      for (const [p, t] of recent.activeBefore(time, step, new Set(chain))) extend([p, ...chain], t);
    };
    for (const c of activity.activations) {
      if (c.inDay) for (const [p, t] of recent.predecessors(c.entityId, c.time, step)) extend([p, c.entityId], t);
      recent.add(c);
    }
    return [...counts.entries()]
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([chain, count]) => {
        const steps = chain.split('>');
        return dayRecord(activity, MEASUREMENT, { sequence: chain, entity_id: steps[0]!, area_id: activity.entities.get(steps[0]!)?.areaId ?? null }, { count, length: steps.length });
      });
  },

  derive(window, settings) {
    const s = settings.sequence;
    const activations = activationTotals(window.records('time_based_daily'));
    const totals = new Map<string, { count: number; days: number; last: number; area: string | null }>();
    for (const [chain, records] of byTag(window.records(MEASUREMENT), 'sequence')) {
      const last = records[records.length - 1]!;
      totals.set(chain, { count: records.reduce((n, r) => n + num(r, 'count'), 0), days: records.length, last: last.time, area: last.tags['area_id'] ?? null });
    }
    const patterns: PatternUpsert[] = [];
    for (const [chain, t] of totals) {
      const steps = chain.split('>');
      const first = activations.get(steps[0]!) ?? 0;
      if (t.count < s.minSupport || first === 0) continue;
      const confidence = Math.min(1, t.count / first);
      if (confidence < s.minConfidence) continue;
      // Maximal chains only: a chain explained by a longer one that occurs (nearly) as often is not reported.
      let covered = false;
      for (const [other, o] of totals) {
        if (o.count >= s.maximality * t.count && isSubsequence(steps, other.split('>'))) covered = true;
      }
      if (covered) continue;
      patterns.push({
        patternType: 'sequence',
        deviceId: steps[0]!,
        key: chain,
        areaId: t.area,
        confidence: round(confidence, 4),
        occurrences: t.count,
        lastSeen: t.last,
        metadata: { steps, length: steps.length, occurrences: t.count, first_step_activations: first, step_minutes: s.stepMinutes, days_with_occurrence: t.days, days_observed: window.days.length },
      });
    }
    return patterns;
  },
};

/** Whether `short` appears within `long`, in order, and is shorter (a chain with a step left out, or cut). */
function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  if (long.length <= short.length) return false;
  let i = 0;
  for (const step of long) if (step === short[i]) i++;
  return i === short.length;
}
