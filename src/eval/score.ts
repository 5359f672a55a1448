/**
 * Scores found patterns against a simulated home's ground truth, per detector: recall over the
 * expected patterns, precision over what was found (a finding matching an expected or a
 * tolerated pattern is right; anything else is a false positive). Matching follows the truth's
 * own tolerances (`truth.matching`).
 */
import { circularDistance } from '../detectors/circular.js';
import type { DetectorKind, GroundTruth } from '../simulate/truth.js';

/** What is scored of a found pattern: the Layer 4 identity and its metadata. */
export interface Finding {
  readonly patternType: string;
  readonly deviceId: string;
  readonly key: string;
  readonly metadata: Record<string, unknown>;
}

export interface KindScore {
  readonly kind: DetectorKind;
  readonly expected: number;
  readonly found: number;
  readonly recalled: number;
  readonly correct: number;
  readonly recall: number;
  readonly precision: number;
  readonly missed: readonly string[];
  readonly falsePositives: readonly string[];
}

type Truthy = Record<string, unknown>;

/** Whether a finding is the truth entry (fields absent from a tolerated entry match anything). */
function matches(kind: DetectorKind, f: Finding, t: Truthy, truth: GroundTruth): boolean {
  const m = f.metadata;
  switch (kind) {
    case 'time_based':
      return f.deviceId === t['entity_id'] && (t['minute_of_day'] === undefined || circularDistance(Number(m['typical_minute']), Number(t['minute_of_day'])) <= truth.matching.time_minutes);
    case 'co_occurrence':
      return (t['a'] === undefined || f.deviceId === t['a']) && (t['b'] === undefined || m['follower'] === t['b']);
    case 'sequence':
      return t['chain'] === undefined || JSON.stringify(m['steps']) === JSON.stringify(t['chain']);
    case 'room_based':
      return f.deviceId === t['area_id'];
    case 'duration': {
      if (f.deviceId !== t['entity_id']) return false;
      const typical = Number(t['typical_seconds']);
      return t['typical_seconds'] === undefined || Math.abs(Number(m['typical_seconds']) - typical) <= truth.matching.duration_ratio * typical;
    }
    case 'anomaly':
      return f.deviceId === t['entity_id'] && (t['date'] === undefined || t['date'] === null || m['day'] === t['date']);
    case 'session': {
      const days = t['days'];
      const dayType = days === 'weekdays' || days === 'weekends' || days === 'all' ? days : undefined;
      const areas = (t['areas'] as string[] | undefined) ?? [];
      const found = (m['areas'] as string[] | undefined) ?? [];
      const shared = areas.filter((a) => found.includes(a)).length;
      return (
        (t['start_minute'] === undefined || circularDistance(Number(m['start_minute']), Number(t['start_minute'])) <= truth.matching.session_minutes) &&
        (dayType === undefined || m['day_type'] === dayType) &&
        (areas.length === 0 || shared / (areas.length + found.length - shared) >= 0.5)
      );
    }
    case 'day_type':
    case 'seasonal':
      return f.deviceId === t['entity_id'] && (t['aspect'] === undefined || m['aspect'] === t['aspect']);
    case 'contextual':
      return f.deviceId === t['entity_id'] && (t['context'] === undefined || (m['context'] as { kind?: unknown } | undefined)?.kind === t['context']);
    default:
      return f.deviceId === t['entity_id'];
  }
}

function label(kind: DetectorKind, t: Truthy): string {
  const fields = { time_based: ['entity_id', 'minute_of_day'], co_occurrence: ['a', 'b'], sequence: ['chain'], room_based: ['area_id'], duration: ['entity_id', 'typical_seconds'], anomaly: ['date', 'entity_id', 'kind'], session: ['days', 'start_minute', 'areas'], day_type: ['entity_id', 'aspect'], contextual: ['entity_id', 'context', 'condition'], seasonal: ['entity_id', 'aspect'] } as Record<string, string[]>;
  return (fields[kind] ?? ['entity_id']).map((k) => JSON.stringify(t[k])).join(' ');
}

export function scoreKind(kind: DetectorKind, findings: readonly Finding[], truth: GroundTruth): KindScore {
  const found = findings.filter((f) => f.patternType === kind);
  const expected = truth.expected[kind] as unknown as Truthy[];
  const tolerated = truth.tolerated[kind] as unknown as Truthy[];
  const missed = expected.filter((t) => !found.some((f) => matches(kind, f, t, truth)));
  const wrong = found.filter((f) => !expected.some((t) => matches(kind, f, t, truth)) && !tolerated.some((t) => matches(kind, f, t, truth)));
  const recalled = expected.length - missed.length;
  const correct = found.length - wrong.length;
  return {
    kind,
    expected: expected.length,
    found: found.length,
    recalled,
    correct,
    recall: expected.length === 0 ? 1 : recalled / expected.length,
    precision: found.length === 0 ? (expected.length === 0 ? 1 : 0) : correct / found.length,
    missed: missed.map((t) => label(kind, t)),
    falsePositives: wrong.map((f) => `${f.deviceId} ${f.key}`),
  };
}
