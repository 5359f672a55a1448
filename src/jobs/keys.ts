/**
 * Stable pattern identities. A time routine's (or a session's) key carries its typical time, which
 * drifts by a few minutes from day to day: one found again near an existing one keeps that one's
 * key, so Layer 4 updates it instead of adding a near-duplicate.
 */
import { circularDistance } from '../detectors/circular.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { PatternStore, PatternUpsert } from '../storage/types.js';

/** Pattern types whose key carries a time of day, the metadata field holding it, and how far it may drift. */
function drifting(settings: DetectorSettings): Record<string, { field: string; tolerance: number }> {
  return {
    time_based: { field: 'typical_minute', tolerance: settings.timeBased.toleranceMinutes },
    session: { field: 'start_minute', tolerance: settings.session.startToleranceMinutes },
  };
}

export function stabilizeKeys(patterns: readonly PatternUpsert[], store: PatternStore, settings: DetectorSettings): PatternUpsert[] {
  const taken = new Set<string>();
  const rules = drifting(settings);
  return patterns.map((p) => {
    const rule = rules[p.patternType];
    const minute = rule === undefined ? undefined : p.metadata[rule.field];
    if (rule === undefined || typeof minute !== 'number') return p;
    const existing = store
      .list({ patternType: p.patternType, deviceId: p.deviceId })
      .filter((row) => !taken.has(`${row.device_id}/${row.pattern_key}`))
      .map((row) => ({ key: row.pattern_key, distance: circularDistance(Number(row.pattern_metadata[rule.field]), minute) }))
      .filter((c) => c.distance <= rule.tolerance)
      .sort((a, b) => a.distance - b.distance)[0];
    const key = existing?.key ?? p.key;
    taken.add(`${p.deviceId}/${key}`);
    return key === p.key ? p : { ...p, key };
  });
}
