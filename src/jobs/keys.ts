/**
 * Stable pattern identities. A time routine's (or a session's) key carries its typical time, which
 * drifts by a few minutes from day to day: one found again near an existing one keeps that one's
 * key, so Layer 4 updates it instead of adding a near-duplicate.
 */
import { circularDistance } from '../detectors/circular.js';
import { decodeMetadata } from '../detectors/metadata.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { PatternStore, PatternUpsert } from '../storage/types.js';

/** Pattern types whose key carries a time of day, how far it may drift, and the minute their metadata holds. */
function drifting(settings: DetectorSettings): Record<string, { tolerance: number; minute: (metadata: unknown) => number | undefined }> {
  return {
    time_based: { tolerance: settings.timeBased.toleranceMinutes, minute: (m) => decodeMetadata('time_based', m).typical_minute },
    session: { tolerance: settings.session.startToleranceMinutes, minute: (m) => decodeMetadata('session', m).start_minute },
  };
}

export function stabilizeKeys(patterns: readonly PatternUpsert[], store: PatternStore, settings: DetectorSettings): PatternUpsert[] {
  const taken = new Set<string>();
  const rules = drifting(settings);
  return patterns.map((p) => {
    const rule = rules[p.patternType];
    const minute = rule?.minute(p.metadata);
    if (rule === undefined || minute === undefined) return p;
    const existing = store
      .list({ patternType: p.patternType, deviceId: p.deviceId })
      .filter((row) => !taken.has(`${row.device_id}/${row.pattern_key}`))
      // a stored routine without its minute (NaN) is never near
      .map((row) => ({ key: row.pattern_key, distance: circularDistance(Number(rule.minute(row.pattern_metadata)), minute) }))
      .filter((c) => c.distance <= rule.tolerance)
      .sort((a, b) => a.distance - b.distance)[0];
    const key = existing?.key ?? p.key;
    taken.add(`${p.deviceId}/${key}`);
    return key === p.key ? p : { ...p, key };
  });
}
