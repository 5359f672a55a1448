/** Detector thresholds: the defaults of PRODUCT.md §5, every one configurable. */
import { z } from 'zod';

export interface DetectorSettings {
  /** Days of Layer 2 that patterns are derived from. */
  readonly windowDays: number;
  /** Patterns not seen for this many days expire from Layer 4. */
  readonly expireDays: number;
  /**
   * `minConfidence`: share of days a routine must hold on to be reported; `wordShare`: share of a
   * day type's days it must hold on to be told "every day" / "on weekdays"; `minLift`: how far its
   * rate must beat its flanks and its whole-day rate; `minInnerShare`: share of the days matched
   * that must fall in the inner half of the tolerance (a peak, not a plateau).
   */
  readonly timeBased: { readonly toleranceMinutes: number; readonly minDays: number; readonly minConfidence: number; readonly wordShare: number; readonly maxSpreadMinutes: number; readonly minLift: number; readonly maxPValue: number; readonly maxRoutinesPerEntity: number; readonly minInnerShare: number };
  readonly coOccurrence: { readonly windowMinutes: number; readonly minSupport: number; readonly minConfidence: number; readonly minLift: number; readonly maxPValue: number };
  /** `minStepShare`: of the times a chain ran without one of its inner steps, the share that had the step; `maxPValue`: for all the chains tested in the window together (corrected for their number). */
  readonly sequence: { readonly stepMinutes: number; readonly minLength: number; readonly maxLength: number; readonly minSupport: number; readonly minConfidence: number; readonly minLift: number; readonly maxPValue: number; readonly maximality: number; readonly minStepShare: number };
  /** `minHourShare`: share of the area's days in use that a peak hour must be in use on; `maxPValue`: its days against the area's average hour, corrected for 24 hours. */
  readonly roomBased: { readonly togetherMinutes: number; readonly minDays: number; readonly minTogether: number; readonly peakFactor: number; readonly minHourShare: number; readonly maxPValue: number };
  /** `minConsistency`: share of intervals within a factor `typicalFactor` of the median; `maxDrift`: how far the median may move between the window's halves. */
  readonly duration: { readonly minIntervals: number; readonly minConsistency: number; readonly typicalFactor: number; readonly maxDrift: number; readonly minTypicalSeconds: number; readonly autoOffMinutes: number };
  /**
   * `openingMinutes`: the stretch at a burst's start whose entities can characterize it; `minLift`: how many times its share of
   * the day's other active stretches an entity's presence in the opening must be (1 / minLift: the highest share it may have);
   * `minEntities`: entities a recurring session must hold on most of its days; `dayTypeMaxPValue`: how unlikely its count on one day type must be at the other type's rate for "on weekdays"/"at weekends". */
  readonly session: { readonly idleMinutes: number; readonly openingMinutes: number; readonly minLift: number; readonly startToleranceMinutes: number; readonly minAreaOverlap: number; readonly minDays: number; readonly minConfidence: number; readonly weeks: number; readonly minEntities: number; readonly dayTypeMaxPValue: number };
  /**
   * `minWeeks`: weeks that must hold both day types; `minWeekShare`: share of those that must show the difference the same way;
   * `maxPValue`: the rank test of the days' amounts; `minUsedShare`: share of each day type's days the entity must be used on for a time difference.
   */
  readonly dayType: { readonly minDaysEach: number; readonly minAmountRatio: number; readonly minTimeShiftMinutes: number; readonly maxSpreadMinutes: number; readonly weeks: number; readonly minWeeks: number; readonly minWeekShare: number; readonly maxPValue: number; readonly minUsedShare: number };
  /** Local dates (YYYY-MM-DD) that count as weekend days for day types: the config's `holidays` (not a detector threshold, so not in the `detectors:` schema). */
  readonly holidays?: readonly string[];
  readonly contextual: { readonly windowDays: number; readonly minDays: number; readonly minSupport: number; readonly minShare: number; readonly minLift: number; readonly maxPValue: number; readonly followsSpreadMinutes: number; readonly followsMaxMinutes: number; readonly followsMinR: number; readonly followsMinShare: number; readonly expireDays: number };
  /**
   * `minT`: the t a month-over-month change needs on its own, with every entity and aspect of the
   * home tried; `minDaylightT`: the t it needs when its time or duration moves as daylight does
   * (the slope within 0.5–1.5, `minDaylightR`), which names its cause before the change is
   * tested: one test at 1 %, two-sided, with the fewest degrees of freedom two months can have
   * (`minDays` 7 each, one pooled variance: 12 df, t₀.₉₉₅ = 3.05). More days only make it stricter.
   */
  readonly seasonal: { readonly months: number; readonly minDays: number; readonly minIntervals: number; readonly minT: number; readonly minRelativeChange: number; readonly minTimeShiftMinutes: number; readonly maxTimeSpreadMinutes: number; readonly minR2: number; readonly minDaylightR: number; readonly minDaylightT: number; readonly expireDays: number };
  /**
   * baselineDays: an entity's own recent days its normal is fitted to; alpha: the chance of a false
   * anomaly per kind and day for the whole home (Bonferroni over the entities tested); hourMargin:
   * an hour is new when nothing happened within this many hours of it; the *Factor settings: how
   * far beyond the longest stretch (on, silent) of the baseline is news; recentDays: how long an
   * anomaly stays in the recent list (Layer 4 keeps it).
   */
  /**
   * Automations people undo by hand (overrides.ts): a person switching back within `undoMinutes`
   * on ≥ `minShare` of the last ≥ `recentRuns` runs (at least `minRuns`) within `windowDays`.
   * `automatedShare`: the share of a routine's occurrences an automation must cause for it to be
   * "already automated" and not suggested.
   */
  readonly overrides: { readonly undoMinutes: number; readonly minRuns: number; readonly minShare: number; readonly recentRuns: number; readonly windowDays: number; readonly automatedShare: number };
  readonly anomaly: {
    readonly baselineDays: number;
    readonly minBaselineDays: number;
    readonly minBaselineDaysForHour: number;
    readonly minBaselineActivations: number;
    readonly minHomeBaselineDays: number;
    readonly alpha: number;
    readonly minRatio: number;
    readonly hourMargin: number;
    readonly homeQuietSurprise: number;
    readonly minQuietHours: number;
    readonly stuckFactor: number;
    readonly minStuckHours: number;
    readonly silentFactor: number;
    readonly minSilentHours: number;
    readonly recentDays: number;
  };
}

export const DEFAULT_DETECTOR_SETTINGS: DetectorSettings = {
  windowDays: 30,
  expireDays: 14,
  timeBased: { toleranceMinutes: 20, minDays: 5, minConfidence: 0.7, wordShare: 0.8, maxSpreadMinutes: 30, minLift: 3, maxPValue: 0.001, maxRoutinesPerEntity: 4, minInnerShare: 0.75 },
  coOccurrence: { windowMinutes: 5, minSupport: 5, minConfidence: 0.7, minLift: 2, maxPValue: 0.001 },
  sequence: { stepMinutes: 5, minLength: 3, maxLength: 4, minSupport: 5, minConfidence: 0.6, minLift: 2, maxPValue: 0.001, maximality: 0.8, minStepShare: 0.8 },
  roomBased: { togetherMinutes: 10, minDays: 5, minTogether: 5, peakFactor: 2, minHourShare: 0.5, maxPValue: 0.001 },
  duration: { minIntervals: 5, minConsistency: 0.9, typicalFactor: 1.25, maxDrift: 0.15, minTypicalSeconds: 60, autoOffMinutes: 120 },
  session: { idleMinutes: 30, openingMinutes: 20, minLift: 4, startToleranceMinutes: 30, minAreaOverlap: 0.5, minDays: 3, minConfidence: 0.6, weeks: 4, minEntities: 2, dayTypeMaxPValue: 0.01 },
  dayType: { minDaysEach: 3, minAmountRatio: 2, minTimeShiftMinutes: 60, maxSpreadMinutes: 45, weeks: 4, minWeeks: 3, minWeekShare: 0.75, maxPValue: 0.01, minUsedShare: 0.5 },
  contextual: { windowDays: 30, minDays: 14, minSupport: 5, minShare: 0.5, minLift: 1.5, maxPValue: 0.001, followsSpreadMinutes: 20, followsMaxMinutes: 180, followsMinR: 0.5, followsMinShare: 0.9, expireDays: 95 },
  seasonal: { months: 12, minDays: 7, minIntervals: 5, minT: 5, minRelativeChange: 0.25, minTimeShiftMinutes: 20, maxTimeSpreadMinutes: 90, minR2: 0.6, minDaylightR: 0.9, minDaylightT: 3.1, expireDays: 95 },
  overrides: { undoMinutes: 10, minRuns: 4, minShare: 0.5, recentRuns: 10, windowDays: 30, automatedShare: 0.8 },
  anomaly: {
    baselineDays: 28,
    minBaselineDays: 7,
    minBaselineDaysForHour: 14,
    minBaselineActivations: 10,
    minHomeBaselineDays: 1,
    alpha: 0.01,
    minRatio: 2,
    hourMargin: 2,
    homeQuietSurprise: 6,
    minQuietHours: 6,
    stuckFactor: 3,
    minStuckHours: 24,
    silentFactor: 4,
    minSilentHours: 24,
    recentDays: 30,
  },
};

/** How far before a day its scan looks: the longest window a detector needs. */
export function lookbackMs(settings: DetectorSettings): number {
  const seq = settings.sequence.stepMinutes * (settings.sequence.maxLength - 1);
  return Math.max(settings.coOccurrence.windowMinutes, settings.roomBased.togetherMinutes, seq) * 60_000;
}

/** Settings that are shares or probabilities: a 7 where 0.7 was meant is refused, not silently obeyed. */
const SHARE = /confidence|share|consistency|probability|overlap|pvalue|alpha/i;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

type Shape = { [key: string]: number | Shape };

/**
 * The `detectors:` section of the config schema, built from the defaults above (snake_case keys,
 * as Home Assistant users write YAML), so the schema and the defaults cannot drift apart.
 */
export function detectorSettingsSchema(): z.ZodType<Shape> {
  const build = (shape: Shape): z.ZodType<Shape> =>
    z
      .object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [snake(k), typeof v === 'number' ? (SHARE.test(k) ? z.number().min(0).max(1) : z.number().min(0)).default(v) : build(v)])))
      .strict()
      .prefault({}) as unknown as z.ZodType<Shape>;
  return build(DEFAULT_DETECTOR_SETTINGS as unknown as Shape);
}

/** Converts the validated `detectors:` section back to DetectorSettings. */
export function detectorSettingsFrom(section: Shape): DetectorSettings {
  const convert = (shape: Shape): Shape => Object.fromEntries(Object.entries(shape).map(([k, v]) => [camel(k), typeof v === 'number' ? v : convert(v)]));
  return convert(section) as unknown as DetectorSettings;
}
