/**
 * 3. Sequence: chains of activations, each step within S of the last. A chain is read backwards
 * from the activation that completes it, each step being what happened just before (the most
 * recent activation of an entity not yet in the chain): an occurrence is identified by its last
 * activation, so overlapping windows never count it twice, and a burst of motion sensors yields
 * at most one chain per length instead of every combination of them.
 */
import type { PatternUpsert } from '../storage/types.js';
import { activationTotals } from './co-occurrence.js';
import { RecentActivations } from './recent.js';
import { type DailyDetector, dayRecord, json, round } from './types.js';

const MEASUREMENT = 'sequence_daily';

export const sequence: DailyDetector = {
  patternType: 'sequence',
  measurement: MEASUREMENT,

  summarize(activity, settings) {
    const { stepMinutes, minLength, maxLength } = settings.sequence;
    const step = stepMinutes * 60_000;
    const recent = new RecentActivations(step * (maxLength - 1));
    // first step → rest of the chain → occurrences that day
    const chains = new Map<string, Record<string, number>>();
    for (const c of activity.activations) {
      if (c.inDay) {
        const previous = recent.lastBefore(c.entityId, c.time);
        const chain = [c.entityId];
        let at = c.time;
        while (chain.length < maxLength) {
          const p = recent.latestBefore(at, step, new Set(chain));
          // the completing activation must be the first of its entity after the step before it
          if (p === undefined || (chain.length === 1 && previous !== undefined && p.time <= previous)) break;
          chain.unshift(p.entityId);
          at = p.time;
          if (chain.length >= minLength) {
            const rest = chain.slice(1).join('>');
            const byFirst = chains.get(chain[0]!) ?? {};
            byFirst[rest] = (byFirst[rest] ?? 0) + 1;
            chains.set(chain[0]!, byFirst);
          }
        }
      }
      recent.add(c);
    }
    return [...chains.entries()]
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([first, rest]) => {
        const sorted = Object.fromEntries(Object.entries(rest).sort(([x], [y]) => (x < y ? -1 : 1)));
        return dayRecord(activity, MEASUREMENT, { entity_id: first, area_id: activity.entities.get(first)?.areaId ?? null }, {
          occurrences: Object.values(rest).reduce((n, v) => n + v, 0),
          chains: JSON.stringify(sorted),
        });
      });
  },

  derive(window, settings) {
    const s = settings.sequence;
    const activations = activationTotals(window.records('time_based_daily'));
    const totals = new Map<string, { count: number; days: number; last: number; area: string | null }>();
    for (const r of window.records(MEASUREMENT)) {
      for (const [rest, count] of Object.entries(json<Record<string, number>>(r, 'chains', {}))) {
        const chain = `${r.tags['entity_id']}>${rest}`;
        const t = totals.get(chain) ?? { count: 0, days: 0, last: r.time, area: r.tags['area_id'] ?? null };
        totals.set(chain, { count: t.count + count, days: t.days + 1, last: Math.max(t.last, r.time), area: r.tags['area_id'] ?? t.area });
      }
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
