/** The detectors, registered in one place. Group A runs daily from the day's raw events. */
import { contextDaily, contextual } from './contextual.js';
import { anomaly } from './anomaly.js';
import { coOccurrence } from './co-occurrence.js';
import { dayType, dayTypeDaily } from './day-type.js';
import { duration } from './duration.js';
import { roomBased } from './room-based.js';
import { seasonal } from './seasonal.js';
import { sequence } from './sequence.js';
import { session, sessionDaily } from './session.js';
import { timeBased } from './time-based.js';
import type { DailyDetector, DailyInput, MonthlyDetector, WeeklyDetector } from './types.js';

/** Order matters only for reading: time_based_daily also feeds co-occurrence and sequence confidence. */
export const GROUP_A: readonly DailyDetector[] = [timeBased, coOccurrence, sequence, roomBased, duration, anomaly];

export const GROUP_A_MEASUREMENTS = GROUP_A.map((d) => d.measurement);

/** What the daily job also keeps for the weekly and monthly detectors (Groups B and C). */
export const DAILY_INPUTS: readonly DailyInput[] = [sessionDaily, dayTypeDaily, contextDaily];

/** Group B runs weekly from the last 7 days of Layer 2 (never raw events). */
export const GROUP_B: readonly WeeklyDetector[] = [session, dayType];
export const GROUP_B_TYPES = GROUP_B.map((d) => d.patternType);
export const GROUP_A_TYPES = GROUP_A.map((d) => d.patternType);

/** Every pattern_type Layer 4 can hold, in the order of PRODUCT §5. */
export const PATTERN_TYPES = ['time_based', 'co_occurrence', 'sequence', 'room_based', 'duration', 'anomaly', 'session', 'day_type', 'contextual', 'seasonal'] as const;

/** Group C runs monthly from ≥ 30 days of Layer 2 and earlier months of Layer 3 (never raw events). */
export const GROUP_C: readonly MonthlyDetector[] = [contextual, seasonal];
export const GROUP_C_TYPES = GROUP_C.map((d) => d.patternType);

export { DayScanner, scanDay, type DayActivity, type DayInput } from './activity.js';
export { DEFAULT_DETECTOR_SETTINGS, lookbackMs, type DetectorSettings } from './settings.js';
export type { DailyDetector, DailyInput, MonthInput, MonthlyDetector, PatternWindow, WeeklyDetector, WeekInput } from './types.js';
