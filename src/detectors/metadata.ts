/**
 * The evidence each detector writes into `pattern_metadata`, one declaration per pattern type:
 * the type its derive builds and the decoder its readers (the sentence, the suggestion, the key
 * stabiliser) read a stored row through. A field a row written by an older version can lack is
 * optional; a row of the wrong shape throws, naming the pattern type and the field.
 */
import { z } from 'zod';

const count = z.number();
const strings = z.array(z.string());

/** Which of the routine's activations a person, an automation or the system caused (causes.ts); older rows have none. */
const causes = z.object({
  person: count,
  automation: count,
  system: count,
  shares: z.object({ person: z.number(), automation: z.number(), system: z.number() }),
  automations: z.array(z.object({ entity_id: z.string(), activations: count })),
});

const timeBased = z.object({
  entity_id: z.string(),
  name: z.string().optional(),
  typical_time: z.string(),
  typical_minute: z.number(),
  spread_minutes: z.number(),
  days_matched: count,
  days_observed: count,
  // the day type, the weekday profile, its significance and inner days came after the first rows
  day_type: z.string().optional(),
  weekday_mask: z.array(z.number()).readonly().optional(),
  weekdays: z.record(z.string(), z.tuple([count, count])).optional(),
  mask_days_matched: count.optional(),
  mask_days_observed: count.optional(),
  days_inner: count.optional(),
  lift: z.number().optional(),
  day_lift: z.number().optional(),
  p_value: z.number().optional(),
  first_day: z.string().optional(),
  last_day: z.string().optional(),
  daily_times: z.array(z.object({ day: z.string(), time: z.string() })).optional(),
  activations_total: count.optional(),
  causes: causes.optional(),
});

const coOccurrence = z.object({
  trigger: z.string(),
  follower: z.string(),
  support: count.optional(),
  trigger_activations: count.optional(),
  follower_activations: count.optional(),
  confidence: z.number().optional(),
  lift: z.number().optional(),
  p_value: z.number().optional(),
  window_minutes: z.number(),
  typical_lag_seconds: z.number(),
  lag_seconds: z.array(z.number()).optional(),
  days_with_occurrence: count.optional(),
  days_observed: count.optional(),
  causes: causes.optional(),
});

const sequence = z.object({
  steps: strings,
  length: count.optional(),
  occurrences: count.optional(),
  first_step_activations: count,
  step_lifts: z.array(z.number()).optional(),
  inner_step_shares: z.array(z.number()).optional(),
  p_value: z.number().optional(),
  step_minutes: z.number(),
  days_with_occurrence: count.optional(),
  days_observed: count.optional(),
  causes: causes.optional(),
});

const roomBased = z.object({
  area_id: z.string(),
  peak_hours: z.array(z.number()),
  peak_hour_days: z.array(count).optional(),
  hour_profile: z.array(count).optional(),
  activations: count.optional(),
  days_active: count.optional(),
  days_observed: count.optional(),
  entities: z.array(z.object({ entity_id: z.string(), count })).optional(),
  used_together: z.array(z.object({ entities: strings, count, days: count })),
});

const duration = z.object({
  entity_id: z.string(),
  intervals: count.optional(),
  typical_seconds: z.number(),
  mean_seconds: z.number().optional(),
  std_seconds: z.number().optional(),
  p25_seconds: z.number().optional(),
  p75_seconds: z.number().optional(),
  p90_seconds: z.number(),
  max_seconds: z.number().optional(),
  quantile_error: z.string().optional(),
  histogram: z.record(z.string(), count).optional(),
  histogram_total: count.optional(),
  auto_off_candidate: z.boolean(),
  suggested_auto_off_minutes: z.number(),
  days_observed: count.optional(),
  drift: z.number().optional(),
  causes: causes.optional(),
});

/** `usual` and `observed` hold numbers (or hours, or local times) that differ by kind. */
export const anomalyEvidence = z.record(z.string(), z.union([z.number(), z.array(z.number()), z.string(), z.null()]));

const anomaly = z.object({
  entity_id: z.string().optional(),
  // the first anomaly rows (before kinds and surprise) are read as "unusual" with their day
  kind: z.string().optional(),
  day: z.string(),
  surprise: z.number().optional(),
  usual: anomalyEvidence.optional(),
  observed: anomalyEvidence.optional(),
  phase: z.enum(['start', 'ongoing', 'end']).optional(),
  start_day: z.string().optional(),
});

const session = z.object({
  start_time: z.string(),
  start_minute: z.number(),
  start_spread_minutes: z.number().optional(),
  end_time: z.string(),
  end_minute: z.number().optional(),
  day_type: z.string().optional(),
  areas: strings,
  entities: strings.optional(),
  days: strings.optional(),
  days_observed: count.optional(),
  weeks: count.optional(),
});

const dayTypeCommon = {
  entity_id: z.string(),
  weekday_days: count.optional(),
  weekend_days: count.optional(),
  // patterns stored before the weeks were counted have none
  weeks_agreeing: count.optional(),
  weeks_compared: count.optional(),
};
const dayType = z.discriminatedUnion('aspect', [
  z.object({
    ...dayTypeCommon,
    aspect: z.literal('amount'),
    more_on: z.enum(['weekdays', 'weekends']),
    weekday_per_day: z.number(),
    weekend_per_day: z.number(),
    weekday_median: z.number().optional(),
    weekend_median: z.number().optional(),
    p_value: z.number().optional(),
  }),
  z.object({
    ...dayTypeCommon,
    aspect: z.literal('time'),
    weekday_first: z.string(),
    weekend_first: z.string(),
    weekday_minute: z.number().optional(),
    weekend_minute: z.number().optional(),
    shift_minutes: z.number().optional(),
    weekday_spread: z.number().optional(),
    weekend_spread: z.number().optional(),
  }),
]);

const context = z.object({
  kind: z.string(),
  value: z.string(),
  source_entity_id: z.string().nullable().optional(),
  source_entity_ids: strings.optional(),
  band: z.object({ min: z.number(), max: z.number(), unit: z.string() }).optional(),
});

const contextual = z.object({
  entity_id: z.string(),
  context,
  lift: z.number().optional(),
  rate_in_context: z.number().optional(),
  rate_outside: z.number().optional(),
  activations_in_context: count,
  activations: count.optional(),
  share_in_context: z.number().optional(),
  exposure_hours_in_context: z.number().optional(),
  exposure_hours: z.number().optional(),
  share_of_time: z.number().optional(),
  p_value: z.number().optional(),
  days: count.optional(),
  month: z.string().optional(),
  after_change_minutes: z
    .object({ median: z.number(), spread: z.number().optional(), n: count.optional(), clock_time_spread: z.number().optional(), slope: z.number().optional(), r: z.number().optional() })
    .nullable()
    .optional(),
  follows_change: z.boolean().optional(),
  causes: causes.optional(),
});

const seasonal = z.object({
  entity_id: z.string(),
  aspect: z.enum(['count', 'duration', 'time']),
  unit: z.string().optional(),
  trend: z.string(),
  linked_to_daylight: z.boolean().optional(),
  daylight: z.object({ reference: z.string(), r: z.number() }).nullable().optional(),
  change: z.number().optional(),
  relative_change: z.number().optional(),
  monthly: z.array(z.object({ month: z.string(), value: z.number(), n: count.optional(), time: z.string().optional() })),
  months: count.optional(),
  first_month: z.string().nullable().optional(),
  last_month: z.string().optional(),
});

/** The metadata schema of each pattern type, by its `pattern_type`. */
export const METADATA = {
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

export type PatternType = keyof typeof METADATA;
export type MetadataOf<T extends PatternType> = z.infer<(typeof METADATA)[T]>;

export type TimeBasedMetadata = MetadataOf<'time_based'>;
export type CoOccurrenceMetadata = MetadataOf<'co_occurrence'>;
export type SequenceMetadata = MetadataOf<'sequence'>;
export type RoomBasedMetadata = MetadataOf<'room_based'>;
export type DurationMetadata = MetadataOf<'duration'>;
export type AnomalyMetadata = MetadataOf<'anomaly'>;
export type SessionMetadata = MetadataOf<'session'>;
export type DayTypeMetadata = MetadataOf<'day_type'>;
export type ContextualMetadata = MetadataOf<'contextual'>;
export type SeasonalMetadata = MetadataOf<'seasonal'>;
export type AnomalyEvidence = z.infer<typeof anomalyEvidence>;
export type PatternCausesMetadata = z.infer<typeof causes>;

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
