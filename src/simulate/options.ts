/** What a simulation is asked for, its defaults, and the checks that keep a bad request out. */
import { Calendar, isValidTimeZone } from '../time/calendar.js';
import { DateTime } from 'luxon';

export interface SimulationOptions {
  days: number;
  eventsPerDay: number;
  seed: number;
  /** IANA zone of the home; default Europe/Berlin. */
  timeZone?: string;
  /** Local YYYY-MM-DD of the final day; default yesterday in that zone. */
  lastDay?: string;
  latitude?: number;
  longitude?: number;
  /**
   * A home as messy as real ones (the eval's homes): unrelated activations between chain steps,
   * motion sensors firing all day, appliances at random times, a flapping sensor, a multi-day
   * absence, a stuck contact, a silent sensor and a holiday. Default false: the tidy home the
   * demo, the jobs tests and the dashboard are built on.
   */
  messy?: boolean;
}

export interface ResolvedOptions {
  readonly days: number;
  readonly eventsPerDay: number;
  readonly seed: number;
  readonly timeZone: string;
  readonly lastDay: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly messy: boolean;
}

export const DEFAULT_SIMULATION_ZONE = 'Europe/Berlin';
/** Berlin, for the default zone. */
const BERLIN = { latitude: 52.52, longitude: 13.405 };

export function resolveOptions(options: SimulationOptions): ResolvedOptions {
  const { days, eventsPerDay, seed } = options;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a whole number ≥ 1, not ${days}`);
  if (!Number.isInteger(eventsPerDay) || eventsPerDay < 0) throw new RangeError(`eventsPerDay must be a whole number ≥ 0, not ${eventsPerDay}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, not ${seed}`);
  const timeZone = options.timeZone ?? DEFAULT_SIMULATION_ZONE;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  const calendar = new Calendar(timeZone);
  // The one use of the wall clock: "yesterday" when no last day is given.
  const lastDay = options.lastDay ?? calendar.shift(calendar.periodOf('day', Date.now()), -1).key;
  calendar.day(lastDay); // throws a clear error for a malformed date
  const { latitude, longitude } = location(timeZone, options);
  if (!(latitude >= -90 && latitude <= 90)) throw new RangeError(`latitude must be within ±90, not ${latitude}`);
  if (!(longitude >= -180 && longitude <= 180)) throw new RangeError(`longitude must be within ±180, not ${longitude}`);
  return { days, eventsPerDay, seed, timeZone, lastDay, latitude, longitude, messy: options.messy ?? false };
}

/**
 * Where the home is when not told: Berlin for the default zone; elsewhere a point on the zone's
 * standard meridian (15° per hour of UTC offset) at 45° latitude, so that sunset falls at a
 * plausible local hour in any zone.
 */
function location(timeZone: string, options: SimulationOptions): { latitude: number; longitude: number } {
  if (options.latitude !== undefined && options.longitude !== undefined) return { latitude: options.latitude, longitude: options.longitude };
  const fallback = timeZone === DEFAULT_SIMULATION_ZONE ? BERLIN : { latitude: 45, longitude: standardOffsetHours(timeZone) * 15 };
  return { latitude: options.latitude ?? fallback.latitude, longitude: options.longitude ?? fallback.longitude };
}

function standardOffsetHours(timeZone: string): number {
  const january = DateTime.fromObject({ year: 2025, month: 1, day: 15 }, { zone: timeZone }).offset;
  const july = DateTime.fromObject({ year: 2025, month: 7, day: 15 }, { zone: timeZone }).offset;
  return Math.min(january, july) / 60;
}
