/**
 * Seeded homes for the time-of-day detectors: a motion sensor firing all day with daily peaks, an
 * appliance used at random times, a light with one routine. Built through HomeBuilder, so the
 * events go through the same day scan as real ones.
 */
import { scanDay, carriedFromEvents, type CarriedState } from '../detectors/activity.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { DailyDetector, DailyInput } from '../detectors/types.js';
import { lookbackMs } from '../detectors/settings.js';
import type { StateEvent } from '../events/model.js';
import type { AggregateRecord } from '../storage/types.js';
import { at, calendar, type HomeBuilder } from './home.js';
import { seeded } from './seeded.js';

export { seeded };

/** Standard normal by Box–Muller. */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A time `minute` minutes (fractional) after the local midnight starting `day`. */
export function atMinute(day: string, minute: number): number {
  return at(day, '00:00') + Math.round(minute * 60_000);
}

export interface MotionOptions {
  readonly entityId: string;
  /** Activations a day at random times (Poisson). */
  readonly backgroundPerDay: number;
  /** Minutes of day of the daily peaks. */
  readonly peaks: readonly number[];
  /** Share of days each peak happens on. */
  readonly peakShare: number;
  /** Activations of one peak, spread ±`burstMinutes` around the day's time. */
  readonly perPeak: readonly [min: number, max: number];
  /** Standard deviation (minutes) of a peak's time from day to day. */
  readonly jitter: number;
}

/** A motion sensor: background all day plus daily peaks (meals, leaving home), short pulses. */
export function motionSensor(home: HomeBuilder, days: readonly string[], o: MotionOptions, random: () => number): HomeBuilder {
  for (const day of days) {
    const minutes: number[] = [];
    for (let t = -Math.log(1 - random()) * (1440 / o.backgroundPerDay); t < 1440; t += -Math.log(1 - random()) * (1440 / o.backgroundPerDay)) minutes.push(t);
    for (const peak of o.peaks) {
      if (random() >= o.peakShare) continue;
      const centre = peak + o.jitter * normal(random);
      const n = o.perPeak[0] + Math.floor(random() * (o.perPeak[1] - o.perPeak[0] + 1));
      for (let k = 0; k < n; k++) minutes.push(centre + (random() - 0.5) * 10);
    }
    pulses(home, o.entityId, day, minutes);
  }
  return home;
}

/** Pulses of 20 s at the given minutes of a day; ones falling outside the day are dropped. */
export function pulses(home: HomeBuilder, entityId: string, day: string, minutes: readonly number[]): HomeBuilder {
  let last = -Infinity;
  for (const m of [...minutes].sort((a, b) => a - b)) {
    // a pulse still on when the next begins would not be a new activation
    if (m < 0 || m >= 1439.5 || m - last < 0.5) continue;
    home.pulse(entityId, atMinute(day, m), 20);
    last = m;
  }
  return home;
}

/** An appliance used 1–3 times a day at uniformly random times. */
export function randomAppliance(home: HomeBuilder, days: readonly string[], entityId: string, random: () => number): HomeBuilder {
  for (const day of days) {
    const n = 1 + Math.floor(random() * 3);
    pulses(home, entityId, day, Array.from({ length: n }, () => 1 + random() * 1430));
  }
  return home;
}

/**
 * One detector's Layer 2 records over days, state carried from day to day as the daily job does
 * (the test path of one detector, without the other nine).
 */
export function summarizeOnly(detector: DailyDetector | DailyInput, events: readonly StateEvent[], days: readonly string[], settings: DetectorSettings): AggregateRecord[] {
  const records: AggregateRecord[] = [];
  let carried: ReadonlyMap<string, CarriedState> = carriedFromEvents(new Map());
  let from = 0;
  const sorted = [...events];
  for (const key of days) {
    const day = calendar.day(key);
    const lookbackStart = day.start - lookbackMs(settings);
    while (from < sorted.length && sorted[from]!.time < lookbackStart) from++;
    let to = from;
    while (to < sorted.length && sorted[to]!.time < day.end) to++;
    const activity = scanDay({ day, calendar, events: sorted.slice(from, to), lookbackStart, carried });
    carried = activity.carryOut;
    records.push(...detector.summarize(activity, settings, []));
  }
  return records;
}
