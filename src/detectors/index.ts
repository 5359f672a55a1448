/** The detectors, registered in one place. Group A runs daily from the day's raw events. */
import { anomaly } from './anomaly.js';
import { coOccurrence } from './co-occurrence.js';
import { duration } from './duration.js';
import { roomBased } from './room-based.js';
import { sequence } from './sequence.js';
import { timeBased } from './time-based.js';
import type { DailyDetector } from './types.js';

/** Order matters only for reading: time_based_daily also feeds co-occurrence and sequence confidence. */
export const GROUP_A: readonly DailyDetector[] = [timeBased, coOccurrence, sequence, roomBased, duration, anomaly];

export const GROUP_A_MEASUREMENTS = GROUP_A.map((d) => d.measurement);
export const GROUP_A_TYPES = GROUP_A.map((d) => d.patternType);

export { DayScanner, scanDay, type DayActivity, type DayInput } from './activity.js';
export { DEFAULT_DETECTOR_SETTINGS, lookbackMs, type DetectorSettings } from './settings.js';
export type { DailyDetector, PatternWindow } from './types.js';
