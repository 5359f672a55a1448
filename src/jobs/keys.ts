/**
 * Stable pattern identities. A time routine's key carries its typical time, which drifts by a
 * few minutes from day to day: a routine found again near an existing one keeps that one's key,
 * so Layer 4 updates it instead of adding a near-duplicate.
 */
import { circularDistance } from '../detectors/circular.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { PatternStore, PatternUpsert } from '../storage/types.js';

export function stabilizeKeys(patterns: readonly PatternUpsert[], store: PatternStore, settings: DetectorSettings): PatternUpsert[] {
  const taken = new Set<string>();
  return patterns.map((p) => {
    if (p.patternType !== 'time_based') return p;
    const minute = p.metadata['typical_minute'];
    if (typeof minute !== 'number') return p;
    const existing = store
      .list({ patternType: 'time_based', deviceId: p.deviceId })
      .filter((row) => !taken.has(`${row.device_id}/${row.pattern_key}`))
      .map((row) => ({ key: row.pattern_key, distance: circularDistance(Number(row.pattern_metadata['typical_minute']), minute) }))
      .filter((c) => c.distance <= settings.timeBased.toleranceMinutes)
      .sort((a, b) => a.distance - b.distance)[0];
    const key = existing?.key ?? p.key;
    taken.add(`${p.deviceId}/${key}`);
    return key === p.key ? p : { ...p, key };
  });
}
