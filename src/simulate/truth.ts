/**
 * The ground truth of a simulated home: what was planted, and what a correct detector must find.
 * Written as `<file>.truth.json` beside the events; JSON-serialisable, snake_case like HA.
 *
 * `expected` lists, per detector kind, the patterns a correct detector must report (recall).
 * Each carries `source`: `planted` (a routine made for that detector) or `implied` (a consequence
 * of another routine: a chain A→B→C implies co-occurrences A→B, B→C and A→C; a fixed-time
 * session implies time-based patterns of its entities; a weekday-only entity implies a day-type
 * difference). `tolerated` lists patterns that are real in the data but borderline or accidental
 * (a lag that straddles the 5-minute window, sub-chains of a planted chain, a skipped routine day
 * that looks like a count anomaly, co-occurrences found by scanning the planned activations):
 * finding them must not count against precision, missing them must not count against recall.
 * A tolerated entry may leave fields out: an absent field matches anything (a sunset-following
 * light is tolerated as a time routine at any minute; `date: null` is any date). Anything found
 * that matches neither list is a false positive. Patterns that need more evidence than the
 * simulated days hold (seasonal needs two months with ≥ 7 days each; most need ≥ 5 occurrences)
 * move from `expected` to `tolerated`.
 *
 * Identifying fields per kind (what an eval should match on): time_based entity_id + minute_of_day
 * (circular, ± matching.time_minutes); co_occurrence ordered (a, b); sequence the chain in order;
 * room_based area_id; duration entity_id (+ typical_seconds within ± matching.duration_ratio);
 * anomaly (date, entity_id); session days + start_minute (± matching.session_minutes) + areas;
 * day_type entity_id; contextual (entity_id, context); seasonal (entity_id, aspect).
 */

export const DETECTOR_KINDS = [
  'time_based', 'co_occurrence', 'sequence', 'room_based', 'duration',
  'anomaly', 'session', 'day_type', 'contextual', 'seasonal',
] as const;
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

/** Days a pattern holds on: every day, Monday–Friday, Saturday–Sunday, or ISO weekdays (1 = Monday). */
export type DayMask = 'all' | 'weekdays' | 'weekends' | readonly number[];

interface Origin {
  readonly source: 'planted' | 'implied' | 'tolerated';
  /** Id of the routine (in `routines`) the pattern comes from. */
  readonly routine: string;
  readonly note?: string;
}

export interface TimeBasedPattern extends Origin {
  readonly entity_id: string;
  /** Typical local minute of the activation, 0..1439 (circular: 1435 is 23:55). */
  readonly minute_of_day: number;
  /** Standard deviation of the planted jitter, minutes. */
  readonly spread_minutes: number;
  readonly days: DayMask;
  /** Chance of the activation on an eligible day. */
  readonly probability: number;
}

export interface CoOccurrencePattern extends Origin {
  readonly a: string;
  readonly b: string;
  /** Range of the lag from A's activation to B's. */
  readonly lag_seconds: readonly [number, number];
  readonly typical_lag_seconds: number;
  /** Planned P(B within 5 min after A). */
  readonly probability: number;
}

export interface SequencePattern extends Origin {
  readonly chain: readonly string[];
  /** Longest planted gap between two steps. */
  readonly max_step_seconds: number;
  readonly days: DayMask;
}

export interface RoomBasedPattern extends Origin {
  readonly area_id: string;
  /** Local hours (0..23) holding most of the area's activations. */
  readonly hours: readonly number[];
  /** Entities used together there. */
  readonly entities: readonly string[];
  readonly days: DayMask;
}

export interface DurationPattern extends Origin {
  readonly entity_id: string;
  readonly typical_seconds: number;
  readonly spread_seconds: number;
  readonly crosses_midnight: 'never' | 'sometimes' | 'often' | 'always';
}

export interface AnomalyPattern extends Origin {
  /** Local date; null in `tolerated` means "any date" (noise and weather-driven entities). */
  readonly date: string | null;
  readonly entity_id: string;
  readonly kind: 'count' | 'duration' | 'hour';
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface SessionPattern extends Origin {
  readonly days: DayMask;
  readonly start_minute: number;
  readonly end_minute: number;
  readonly areas: readonly string[];
  readonly entities: readonly string[];
}

export interface DayTypePattern extends Origin {
  readonly entity_id: string;
  /** What differs: the time of use, or the amount (activations per day). */
  readonly aspect: 'time' | 'amount';
  readonly weekday: { readonly minute_of_day: number | null; readonly per_day: number };
  readonly weekend: { readonly minute_of_day: number | null; readonly per_day: number };
}

export interface ContextualPattern extends Origin {
  readonly entity_id: string;
  readonly context: 'sun' | 'weather' | 'temperature' | 'presence';
  /** below_horizon | rainy | below_8c | nobody_home … */
  readonly condition: string;
  /** The home's entities the context is read from. */
  readonly context_entities: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface SeasonalPattern extends Origin {
  readonly entity_id: string;
  readonly aspect: 'time' | 'duration' | 'count';
  readonly trend: 'increasing' | 'decreasing' | 'follows_daylight';
  readonly linked_to_daylight: boolean;
  /** Planned monthly means over the simulated months (minute of day, seconds, or per day). */
  readonly monthly: readonly { readonly month: string; readonly value: number; readonly days: number }[];
}

export interface PatternByKind {
  time_based: TimeBasedPattern;
  co_occurrence: CoOccurrencePattern;
  sequence: SequencePattern;
  room_based: RoomBasedPattern;
  duration: DurationPattern;
  anomaly: AnomalyPattern;
  session: SessionPattern;
  day_type: DayTypePattern;
  contextual: ContextualPattern;
  seasonal: SeasonalPattern;
}

export type PatternLists = { [K in DetectorKind]: PatternByKind[K][] };

/** A tolerated pattern names what identifies it (see above); the other fields are optional. */
export type ToleratedPattern<K extends DetectorKind> = Origin & Partial<Omit<PatternByKind[K], keyof Origin>>;
export type ToleratedLists = { [K in DetectorKind]: ToleratedPattern<K>[] };

export interface TruthEntity {
  readonly entity_id: string;
  readonly domain: string;
  readonly area_id: string | null;
  readonly device_id: string | null;
  readonly friendly_name: string;
  readonly role: 'routine' | 'noise' | 'numeric' | 'context' | 'presence';
}

export interface TruthRoutine {
  readonly id: string;
  /** The detector kind it was planted for ('noise': none). */
  readonly kind: DetectorKind | 'noise';
  /** Every kind it plants a pattern for (`source: 'planted'` in `expected`), kind first. */
  readonly kinds: readonly DetectorKind[];
  readonly description: string;
  readonly entities: readonly string[];
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Days on which it happened (as planned). */
  readonly days_occurred: number;
}

export interface TruthAnomaly {
  readonly date: string;
  readonly entity_id: string;
  readonly kind: 'count' | 'duration' | 'hour';
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface GroundTruth {
  readonly format: 'homerhythm-truth/1';
  readonly seed: number;
  readonly days: number;
  readonly events_per_day: number;
  readonly time_zone: string;
  readonly first_day: string;
  readonly last_day: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Tolerances the generator was built to: what "the same pattern" means when scoring. */
  readonly matching: {
    readonly time_minutes: number;
    readonly session_minutes: number;
    readonly duration_ratio: number;
    readonly co_occurrence_window_seconds: number;
    readonly sequence_step_seconds: number;
  };
  readonly entities: readonly TruthEntity[];
  readonly routines: readonly TruthRoutine[];
  readonly anomalies: readonly TruthAnomaly[];
  readonly expected: PatternLists;
  readonly tolerated: ToleratedLists;
}

export const MATCHING: GroundTruth['matching'] = {
  time_minutes: 15,
  session_minutes: 30,
  duration_ratio: 0.25,
  co_occurrence_window_seconds: 300,
  sequence_step_seconds: 300,
};

export function emptyPatternLists(): PatternLists & ToleratedLists {
  return {
    time_based: [], co_occurrence: [], sequence: [], room_based: [], duration: [],
    anomaly: [], session: [], day_type: [], contextual: [], seasonal: [],
  };
}
