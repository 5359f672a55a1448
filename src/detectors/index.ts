/** The detectors, registered in one place. Group A runs daily from the day's raw events. */
import { anomaly } from './anomaly.js';
import { coOccurrence } from './co-occurrence.js';
import { dayType, dayTypeDaily } from './day-type.js';
import { duration } from './duration.js';
import { roomBased } from './room-based.js';
import { sequence } from './sequence.js';
import { session, sessionDaily } from './session.js';
import { timeBased } from './time-based.js';
import type { DailyDetector, DailyInput, WeeklyDetector } from './types.js';

/** Order matters only for reading: time_based_daily also feeds co-occurrence and sequence confidence. */
export const GROUP_A: readonly DailyDetector[] = [timeBased, coOccurrence, sequence, roomBased, duration, anomaly];

export const GROUP_A_MEASUREMENTS = GROUP_A.map((d) => d.measurement);

/** What the daily job also keeps for the weekly detectors (Group B). */
export const DAILY_INPUTS: readonly DailyInput[] = [sessionDaily, dayTypeDaily];

/** Group B runs weekly from the last 7 days of Layer 2 (never raw events). */
export const GROUP_B: readonly WeeklyDetector[] = [session, dayType];
export const GROUP_B_TYPES = GROUP_B.map((d) => d.patternType);
export const GROUP_A_TYPES = GROUP_A.map((d) => d.patternType);

export { DayScanner, scanDay, type DayActivity, type DayInput } from './activity.js';
export { DEFAULT_DETECTOR_SETTINGS, lookbackMs, type DetectorSettings } from './settings.js';
export type { DailyDetector, DailyInput, PatternWindow, WeeklyDetector, WeekInput } from './types.js';
