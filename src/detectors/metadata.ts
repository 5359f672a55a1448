/**
 * The evidence each detector writes into `pattern_metadata`, one declaration per pattern type:
 * what its derive writes now (`Written*`: every field, none its readers do not know), and the
 * decoder its readers (the sentence, the suggestion, the key stabiliser) read a stored row
 * through. A stored row may lack what older versions did not write and what the readers have a
 * fallback for (the `partial` lists: both are optional there); a field of the wrong type, or a
 * missing one no reader can do without, throws naming the pattern type and the field.
 */
import { z } from 'zod';

const count = z.number();
const strings = z.array(z.string());

/** Which of the routine's activations a person, an automation or the system caused (causes.ts); older rows have none. */
export const causes = z.object({
  person: count,
  automation: count,
  system: count,
  shares: z.object({ person: z.number(), automation: z.number(), system: z.number() }),
  automations: z.array(z.object({ entity_id: z.string(), activations: count })),
});

const timeBased = z.object({
  entity_id: z.string(),
  name: z.string(),
  typical_time: z.string(),
  typical_minute: z.number(),
  spread_minutes: z.number(),
  days_matched: count,
  days_observed: count,
  day_type: z.string(),
  weekday_mask: z.array(z.number()).readonly(),
  weekdays: z.record(z.string(), z.tuple([count, count])),
  mask_days_matched: count,
  mask_days_observed: count,
  /** The config's holidays in the window, on the mask's weekdays, on which the routine was not done (rows before 2026-12 have none). */
  holidays_skipped: strings,
  days_inner: count,
  lift: z.number(),
  day_lift: z.number(),
  p_value: z.number(),
  first_day: z.string(),
  last_day: z.string(),
  daily_times: z.array(z.object({ day: z.string(), time: z.string() })),
  activations_total: count,
});

const coOccurrence = z.object({
  trigger: z.string(),
  follower: z.string(),
  support: count,
  trigger_activations: count,
  follower_activations: count,
  confidence: z.number(),
  lift: z.number(),
  p_value: z.number(),
  window_minutes: z.number(),
  typical_lag_seconds: z.number(),
  lag_seconds: z.array(z.number()),
  days_with_occurrence: count,
  days_observed: count,
});

const sequence = z.object({
  steps: strings,
  length: count,
  occurrences: count,
  first_step_activations: count,
  step_lifts: z.array(z.number()),
  inner_step_shares: z.array(z.number()),
  p_value: z.number(),
  /** How many chains the window's test against chance was made for (`p_value` × this ≤ `maxPValue`); rows before 2026-12 have none. */
  chains_tested: count,
  step_minutes: z.number(),
  days_with_occurrence: count,
  days_observed: count,
});

const roomBased = z.object({
  area_id: z.string(),
  peak_hours: z.array(z.number()),
  peak_hour_days: z.array(count),
  hour_profile: z.array(count),
  activations: count,
  days_active: count,
  days_observed: count,
  entities: z.array(z.object({ entity_id: z.string(), count })),
  used_together: z.array(z.object({ entities: strings, count, days: count })),
});

const duration = z.object({
  entity_id: z.string(),
  intervals: count,
  typical_seconds: z.number(),
  mean_seconds: z.number(),
  std_seconds: z.number(),
  p25_seconds: z.number(),
  p75_seconds: z.number(),
  p90_seconds: z.number(),
  max_seconds: z.number(),
  quantile_error: z.string(),
  histogram: z.record(z.string(), count),
  histogram_total: count,
  auto_off_candidate: z.boolean(),
  suggested_auto_off_minutes: z.number(),
  days_observed: count,
  /** Only when the durations drift over the window. */
  drift: z.number().optional(),
});

/** `usual` and `observed` hold numbers, hours or local times that differ by kind (anomaly/daily-kinds.ts, episodes.ts). */
export const anomalyEvidence = z.record(z.string(), z.union([z.number(), z.array(z.number()), z.string(), z.null()]));

const anomaly = z.object({
  /** None for the home (home_quiet). */
  entity_id: z.string().optional(),
  kind: z.string(),
  day: z.string(),
  surprise: z.number(),
  usual: anomalyEvidence,
  observed: anomalyEvidence,
  /** Only the kinds that last several days. */
  phase: z.enum(['start', 'ongoing', 'end']).optional(),
  start_day: z.string().optional(),
});

const session = z.object({
  start_time: z.string(),
  start_minute: z.number(),
  start_spread_minutes: z.number(),
  end_time: z.string(),
  end_minute: z.number(),
  day_type: z.string(),
  areas: strings,
  entities: strings,
  days: strings,
  days_observed: count,
  weeks: count,
});

const dayTypeCommon = {
  entity_id: z.string(),
  weekday_days: count,
  weekend_days: count,
  weeks_agreeing: count,
  weeks_compared: count,
};
const dayTypeAmount = z.object({
  ...dayTypeCommon,
  aspect: z.literal('amount'),
  more_on: z.enum(['weekdays', 'weekends']),
  weekday_per_day: z.number(),
  weekend_per_day: z.number(),
  weekday_median: z.number(),
  weekend_median: z.number(),
  p_value: z.number(),
});
const dayTypeTime = z.object({
  ...dayTypeCommon,
  aspect: z.literal('time'),
  weekday_first: z.string(),
  weekend_first: z.string(),
  weekday_minute: z.number(),
  weekend_minute: z.number(),
  shift_minutes: z.number(),
  weekday_spread: z.number(),
  weekend_spread: z.number(),
});
const dayType = z.discriminatedUnion('aspect', [dayTypeAmount, dayTypeTime]);

const context = z.object({
  kind: z.string(),
  value: z.string(),
  /** Null for a context from no entity (the sun from the location). */
  source_entity_id: z.string().nullable(),
  source_entity_ids: strings,
  /** Only a temperature band (open at one end: null). */
  band: z.object({ min: z.number().nullable(), max: z.number().nullable(), unit: z.string() }).optional(),
});
const afterChange = z.object({ median: z.number(), spread: z.number(), n: count, clock_time_spread: z.number(), slope: z.number(), r: z.number() });

const contextual = z.object({
  entity_id: z.string(),
  context,
  lift: z.number(),
  rate_in_context: z.number(),
  rate_outside: z.number(),
  activations_in_context: count,
  activations: count,
  share_in_context: z.number(),
  exposure_hours_in_context: z.number(),
  exposure_hours: z.number(),
  share_of_time: z.number(),
  p_value: z.number(),
  days: count,
  month: z.string(),
  /** Null when the entity never acted after a change of the context. */
  after_change_minutes: afterChange.nullable(),
  follows_change: z.boolean(),
});

const seasonal = z.object({
  entity_id: z.string(),
  aspect: z.enum(['count', 'duration', 'time']),
  unit: z.string(),
  trend: z.string(),
  linked_to_daylight: z.boolean(),
  daylight: z.object({ reference: z.string(), r: z.number() }).nullable(),
  change: z.number(),
  relative_change: z.number(),
  monthly: z.array(z.object({ month: z.string(), value: z.number(), n: count, time: z.string().optional() })),
  months: count,
  first_month: z.string().nullable(),
  last_month: z.string(),
});

/** What each detector's derive writes now, by `pattern_type`. */
export const WRITTEN = {
  time_based: timeBased,
  co_occurrence: coOccurrence,
  sequence,
  room_based: roomBased,
  duration,
  anomaly,
  session,
  day_type: dayType,
  contextual,
  seasonal,
} as const;

/**
 * Added after derive to the patterns of an entity that acts (causes.ts); rows from before have
 * none. Read part by part by suggestions/automated.ts, where a part that is not all there only
 * means "not known to be automated", so it is not checked here.
 */
const withCauses = { causes: z.unknown().optional() };

/**
 * What a stored row may hold: what is written now, less what older rows lack and what a reader
 * falls back from (each named with why).
 */
export const METADATA = {
  // every field: the readers fall back to the device, to the HH:MM, to the days of the mask or all days
  time_based: timeBased.partial().extend(withCauses),
  // the pair is the pattern; the rest is counted evidence rows have gained over versions
  co_occurrence: coOccurrence.partial().required({ trigger: true, follower: true }).extend(withCauses),
  sequence: sequence.partial().required({ steps: true }).extend(withCauses),
  room_based: roomBased,
  // the sentence needs the typical time on; the rest it reads when there (the entity: the device)
  duration: duration.partial().required({ typical_seconds: true }).extend(withCauses),
  // the first anomaly rows (before kinds and surprise) read as "unusual" on their day
  anomaly: anomaly.partial({ kind: true, surprise: true, usual: true, observed: true }),
  session,
  // patterns stored before the weeks were counted have none
  day_type: z.discriminatedUnion('aspect', [dayTypeAmount.partial({ weeks_agreeing: true, weeks_compared: true, weekday_median: true, weekend_median: true, p_value: true }), dayTypeTime.partial({ weeks_agreeing: true, weeks_compared: true })]),
  // the context is the pattern; the readers fall back to the device and count what is there
  contextual: contextual.partial().extend({ context: context.partial({ source_entity_id: true, source_entity_ids: true }), after_change_minutes: afterChange.partial().nullable().optional(), ...withCauses }),
  seasonal,
} as const;

export type PatternType = keyof typeof METADATA;
/** The metadata of a stored row of this type, as its decoder returns it. */
export type MetadataOf<T extends PatternType> = z.infer<(typeof METADATA)[T]>;
/** The metadata a detector's derive writes for this type. */
export type WrittenMetadata<T extends PatternType> = z.infer<(typeof WRITTEN)[T]>;

export type TimeBasedMetadata = WrittenMetadata<'time_based'>;
export type CoOccurrenceMetadata = WrittenMetadata<'co_occurrence'>;
export type SequenceMetadata = WrittenMetadata<'sequence'>;
export type RoomBasedMetadata = WrittenMetadata<'room_based'>;
export type DurationMetadata = WrittenMetadata<'duration'>;
export type AnomalyMetadata = WrittenMetadata<'anomaly'>;
export type SessionMetadata = WrittenMetadata<'session'>;
export type DayTypeMetadata = WrittenMetadata<'day_type'>;
export type ContextualMetadata = WrittenMetadata<'contextual'>;
export type SeasonalMetadata = WrittenMetadata<'seasonal'>;
export type AnomalyEvidence = z.infer<typeof anomalyEvidence>;

/** Whether a stored `pattern_type` is one this version declares metadata for. */
export function isPatternType(type: string): type is PatternType {
  return Object.hasOwn(METADATA, type);
}

/** A stored pattern's metadata, checked against its type's schema; throws naming the type and the field. */
export function decodeMetadata<T extends PatternType>(type: T, metadata: unknown): MetadataOf<T> {
  const parsed = METADATA[type].safeParse(metadata);
  if (parsed.success) return parsed.data as MetadataOf<T>;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length === 0 ? '(the whole metadata)' : issue.path.map(String).join('.');
  throw new Error(`${type} pattern metadata: field ${field}: ${issue.message}`);
}

/** The metadata of a row of a known type: `metadataOf(row, 'time_based')`. */
export function metadataOf<T extends PatternType>(row: { readonly pattern_type: string; readonly pattern_metadata: unknown }, type: T): MetadataOf<T> {
  if (row.pattern_type !== type) throw new Error(`${type} pattern metadata: the row is a ${row.pattern_type} pattern`);
  return decodeMetadata(type, row.pattern_metadata);
}
