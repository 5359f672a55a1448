/**
 * Scores found patterns against a simulated home's ground truth, per detector: recall over the
 * expected patterns, and two precisions over what was found. *Strict*: a finding is right when it
 * matches an expected or an optional entry (planted, or implied by the generator's mechanism,
 * declared before any detector ran). *Lenient*: the tolerated entries count too. Matching follows
 * the truth's own tolerances (`truth.matching`) and the shapes the detectors were told to emit.
 */
import { circularDistance } from '../detectors/circular.js';
import { nextDay } from '../simulate/mess.js';
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
  readonly recall: number;
  /** Right findings over all findings, counting expected and optional entries only. */
  readonly strictPrecision: number;
  /** The same, counting tolerated entries too. */
  readonly lenientPrecision: number;
  readonly missed: readonly string[];
  /** Findings right only leniently (they match a tolerated entry). */
  readonly toleratedOnly: readonly string[];
  /** Findings matching nothing at all. */
  readonly falsePositives: readonly string[];
}

export interface HomeScore {
  readonly kinds: readonly KindScore[];
  readonly weeks: number;
  /** Every pattern listed, per 7 simulated days: what a user must read. */
  readonly patternsPerWeek: number;
  /** Anomaly findings matching no expected or optional entry, per 7 simulated days. */
  readonly falseAnomaliesPerWeek: number;
}

type Truthy = Record<string, unknown>;

/** Whether a finding is the truth entry (fields absent from an optional or tolerated entry match anything). */
export function matches(kind: DetectorKind, f: Finding, t: Truthy, truth: GroundTruth): boolean {
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
      return anomalyMatches(f, t);
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

/**
 * The anomaly contract: same device_id (`home` for home_quiet) and `metadata.kind`, and
 * `metadata.day` within [date, (date_to ?? date) + 1 day] — an episode's end is reported the day
 * after. A truth entry without entity, kind or date matches any.
 */
function anomalyMatches(f: Finding, t: Truthy): boolean {
  const day = f.metadata['day'];
  if (t['entity_id'] !== undefined && f.deviceId !== t['entity_id']) return false;
  if (t['kind'] !== undefined && f.metadata['kind'] !== t['kind']) return false;
  const from = t['date'];
  if (from === undefined || from === null) return true;
  if (typeof day !== 'string') return false;
  const to = nextDay(typeof t['date_to'] === 'string' ? t['date_to'] : String(from));
  return day >= String(from) && day <= to;
}

function label(kind: DetectorKind, t: Truthy): string {
  const fields = { time_based: ['entity_id', 'minute_of_day'], co_occurrence: ['a', 'b'], sequence: ['chain'], room_based: ['area_id'], duration: ['entity_id', 'typical_seconds'], anomaly: ['date', 'date_to', 'entity_id', 'kind'], session: ['days', 'start_minute', 'areas'], day_type: ['entity_id', 'aspect'], contextual: ['entity_id', 'context', 'condition'], seasonal: ['entity_id', 'aspect'] } as Record<string, string[]>;
  return (fields[kind] ?? ['entity_id']).filter((k) => t[k] !== undefined).map((k) => JSON.stringify(t[k])).join(' ');
}

const findingLabel = (f: Finding): string => `${f.deviceId} ${f.key}`;

export function scoreKind(kind: DetectorKind, findings: readonly Finding[], truth: GroundTruth): KindScore {
  const found = findings.filter((f) => f.patternType === kind);
  const expected = truth.expected[kind] as unknown as Truthy[];
  const strict = [...expected, ...(truth.optional[kind] as unknown as Truthy[])];
  const tolerated = truth.tolerated[kind] as unknown as Truthy[];
  const missed = expected.filter((t) => !found.some((f) => matches(kind, f, t, truth)));
  const strictlyRight = found.filter((f) => strict.some((t) => matches(kind, f, t, truth)));
  const toleratedOnly = found.filter((f) => !strictlyRight.includes(f) && tolerated.some((t) => matches(kind, f, t, truth)));
  const wrong = found.filter((f) => !strictlyRight.includes(f) && !toleratedOnly.includes(f));
  const recalled = expected.length - missed.length;
  // Nothing found where something was expected is no precision at all, not a perfect one.
  const precision = (right: number) => (found.length === 0 ? (expected.length === 0 ? 1 : 0) : right / found.length);
  return {
    kind,
    expected: expected.length,
    found: found.length,
    recalled,
    recall: expected.length === 0 ? 1 : recalled / expected.length,
    strictPrecision: precision(strictlyRight.length),
    lenientPrecision: precision(strictlyRight.length + toleratedOnly.length),
    missed: missed.map((t) => label(kind, t)),
    toleratedOnly: toleratedOnly.map(findingLabel),
    falsePositives: wrong.map(findingLabel),
  };
}

export function scoreHome(kinds: readonly DetectorKind[], findings: readonly Finding[], truth: GroundTruth): HomeScore {
  const scores = kinds.map((kind) => scoreKind(kind, findings, truth));
  const weeks = truth.days / 7;
  const anomaly = scores.find((s) => s.kind === 'anomaly');
  const falseAnomalies = anomaly === undefined ? 0 : anomaly.toleratedOnly.length + anomaly.falsePositives.length;
  return { kinds: scores, weeks, patternsPerWeek: findings.length / weeks, falseAnomaliesPerWeek: falseAnomalies / weeks };
}
