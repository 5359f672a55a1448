/** `homerhythm patterns`: what Layer 4 holds, one sentence each. */
import { describePattern } from '../detectors/describe.js';
import type { EntityLookup } from '../detectors/device-words.js';
import type { PatternQuery, Storage } from '../storage/types.js';

/** `known`: the entities' names and device classes (jobs/entity-words.ts); without it, ids and domain words. */
export function listPatterns(storage: Storage, query: PatternQuery, json: boolean, known?: EntityLookup): string {
  const rows = storage.patterns.list(query);
  if (json) return JSON.stringify(rows, null, 2);
  if (rows.length === 0) return 'no patterns yet: import some history and run `homerhythm run daily` for its days';
  const total = storage.patterns.count(query);
  const lines = rows.map((p) => `${String(p.id).padStart(5)}  ${p.pattern_type.padEnd(13)} ${p.confidence.toFixed(2)}  ${describePattern(p, known)}`);
  if (total > rows.length) lines.push(`… ${total - rows.length} more (use --limit / --offset)`);
  return lines.join('\n');
}

/** The strongest patterns of each type, for summaries. */
export function topPatterns(storage: Storage, perType: number, known?: EntityLookup): string {
  const types = ['time_based', 'co_occurrence', 'sequence', 'room_based', 'duration', 'anomaly', 'session', 'day_type', 'contextual', 'seasonal'];
  const lines: string[] = [];
  for (const t of types) {
    const total = storage.patterns.count({ patternType: t });
    if (total === 0) continue;
    lines.push(`${t} (${total}):`);
    for (const p of storage.patterns.list({ patternType: t, limit: perType })) lines.push(`  ${describePattern(p, known)}`);
  }
  return lines.join('\n');
}
