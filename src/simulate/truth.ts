/**
 * The ground truth of a simulated home: what was planted, and what a correct detector must find.
 * Which list an entry goes to is decided by one policy per detector kind (policy.ts), applied by
 * every routine to its own parameters against the detector's documented contract.
 * Written as `<file>.truth.json` beside the events; JSON-serialisable, snake_case like HA.
 *
 * `expected` lists, per detector kind, the patterns a correct detector must report (recall).
 * Each carries `source`: `planted` (a routine made for that detector) or `implied` (a consequence
 * of the generator's own mechanism: a chain A→B→C implies co-occurrences A→B, B→C and A→C; a
 * fixed-time session implies time-based patterns of its entities; a weekday-only entity implies a
 * day-type difference).
 *
 * `optional` lists patterns that also follow from the mechanism but need not be found (a lag that
 * straddles the 5-minute window, sub-chains of a planted chain, a planted pattern with too little
 * evidence in the simulated days): missing them costs no recall, finding them is right, for
 * strict precision too. Every entry there is written from a routine's parameters, never from what
 * a detector reports.
 *
 * `tolerated` lists what is only excused (borderline or accidental: co-occurrences found by
 * scanning the planned activations, time routines "somewhere in a window", a skipped routine day
 * that looks like a count anomaly, anything on a noise entity): it counts for *lenient* precision
 * only. Strict precision counts `expected` and `optional`; anything else found is a false positive.
 *
 * An optional or tolerated entry may leave fields out: an absent field matches anything (`date:
 * null` is any date). Both truth files are written by the simulator alone (plan-home.ts), before
 * any detector runs: src/simulate imports nothing from detectors, jobs or eval.
 *
 * Identifying fields per kind (what an eval should match on): time_based entity_id + minute_of_day
 * (circular, ± matching.time_minutes); co_occurrence ordered (a, b); sequence the chain in order;
 * room_based area_id; duration entity_id (+ typical_seconds within ± matching.duration_ratio);
 * anomaly (entity_id — `home` for the whole home — and kind; the finding's day within
 * [date, (date_to ?? date) + 1 day], the end of an episode being reported the day after); session days + start_minute (± matching.session_minutes) + areas;
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

/** What departs from normal: per entity (count, hour, duration), per episode (the rest). */
export type AnomalyKind = 'count_high' | 'count_low' | 'hour' | 'duration' | 'home_quiet' | 'stuck' | 'silent';

export interface AnomalyPattern extends Origin {
  /** Local date (the first day of an episode); null in `tolerated` means "any date". */
  readonly date: string | null;
  /** Last local day of a multi-day episode. */
  readonly date_to?: string;
  /** `home` for home_quiet. */
  readonly entity_id: string;
  readonly kind: AnomalyKind;
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

/** An optional or tolerated pattern names what identifies it (see above); the other fields are optional. */
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
  /** Last local day of a multi-day episode (home_quiet, stuck, silent). */
  readonly date_to?: string;
  /** An entity id, or `home` for home_quiet. */
  readonly entity_id: string;
  readonly kind: AnomalyKind;
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
  /** Whether the home was simulated messy (SimulationOptions.messy): noise between chain steps, episodes. */
  readonly messy: boolean;
  /** Weekdays on which the home behaves like a weekend (pass them to the config as holidays). */
  readonly holidays: readonly string[];
  /** Simulated days whose clocks change (23 or 25 hours long). */
  readonly dst_days: readonly string[];
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
  /** Follows from the mechanism, not required: right for strict precision, no recall. */
  readonly optional: ToleratedLists;
  /** Excused only: right for lenient precision. */
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
