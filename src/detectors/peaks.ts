/**
 * Daily peaks of an entity's time of day. A motion sensor fires all day, so its routines are the
 * times it fires more than around them, on most days — not its first activation. A light switched
 * on once a morning is the same thing with an empty background. Pure: activation minutes per day in,
 * candidate times and their per-day evidence out.
 */
import { circularDistance, circularStats, MINUTES_PER_DAY } from './circular.js';

/** Presence is counted per bin of this many minutes (288 bins a day). */
export const BIN_MINUTES = 5;
const BINS = MINUTES_PER_DAY / BIN_MINUTES;

/**
 * How many days have an activation in each bin, smoothed around the circle with a triangular
 * kernel of `radius` bins: a day counts once per bin however often the sensor fires, so a burst on
 * one day cannot make a peak.
 */
export function presenceDensity(days: readonly (readonly number[])[], radius: number): Float64Array {
  const present = new Float64Array(BINS);
  for (const minutes of days) {
    const seen = new Uint8Array(BINS);
    for (const m of minutes) seen[Math.floor(m / BIN_MINUTES) % BINS] = 1;
    for (let b = 0; b < BINS; b++) present[b]! += seen[b]!;
  }
  const out = new Float64Array(BINS);
  for (let b = 0; b < BINS; b++) {
    for (let k = -radius; k <= radius; k++) out[b]! += present[(b + k + BINS) % BINS]! * (radius + 1 - Math.abs(k));
  }
  return out;
}

/** Local maxima of a circular density, highest first, as minutes of day (bin centres). */
export function modes(density: Float64Array): number[] {
  const n = density.length;
  const found: number[] = [];
  for (let b = 0; b < n; b++) {
    const here = density[b]!;
    // the first bin of a plateau rising from the left; a flat density has no mode
    if (here > 0 && here > density[(b - 1 + n) % n]! && here >= density[(b + 1) % n]!) found.push(b);
  }
  return found.sort((a, b) => density[b]! - density[a]! || a - b).map((b) => b * BIN_MINUTES + BIN_MINUTES / 2);
}

/**
 * A day's activations as running counts per minute (`prefix[m]`: activations before minute m), so
 * a window is counted in constant time however busy the sensor: the daily job derives every entity
 * every day.
 */
export function dayCounts(minutes: readonly number[]): Int32Array {
  const prefix = new Int32Array(MINUTES_PER_DAY + 1);
  for (const m of minutes) prefix[m + 1]!++;
  for (let i = 1; i <= MINUTES_PER_DAY; i++) prefix[i]! += prefix[i - 1]!;
  return prefix;
}

/** Activations of a day within [from, to] on the circle (whole minutes, both ends included). */
export function countBetween(prefix: Int32Array, from: number, to: number): number {
  const lo = Math.ceil(from);
  const hi = Math.floor(to);
  if (hi < lo) return 0;
  const a = wrap(lo);
  const b = wrap(hi);
  return a <= b ? prefix[b + 1]! - prefix[a]! : prefix[MINUTES_PER_DAY]! - prefix[a]! + prefix[b + 1]!;
}

function wrap(minute: number): number {
  return ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

export interface PeakEvidence {
  /** Mean time of the days' nearest activations, and their spread (minutes). */
  readonly centre: number;
  readonly spread: number;
  /** Per day of the input: the minute of its activation nearest the centre within the tolerance, or null. */
  readonly nearest: readonly (number | null)[];
  /** The rate within the tolerance over the rate in the quieter flank beside it. */
  readonly flankLift: number;
  /** The rate within the tolerance over the entity's rate over whole days. */
  readonly dayLift: number;
  /**
   * Chance that a day has an activation within the tolerance at the quieter flank's rate, or the
   * whole day's if higher (a quiet flank beside a random cluster is no baseline): what the days
   * matched are tested against.
   */
  readonly chance: number;
  /** Days whose rate within the tolerance beats the flank's, and days it falls below (ties left out): a paired test for busy sensors, whose days all match by chance. */
  readonly beats: number;
  readonly loses: number;
  /**
   * Days matched whose nearest activation lies within half the tolerance of the centre. A peak
   * puts most of them there; a time spread evenly over an hour or more (a plateau: "sometime
   * between 19:15 and 20:15", a light following sunset as it drifts) puts only about half.
   */
  readonly inner: number;
}

/**
 * Activations of day `i` within [from, to] on its own clock, where minutes before 0 or past 1439
 * are the neighbouring day's: a window around 23:55 holds this evening and the next day's first
 * minutes, so a routine straddling midnight matches once per night, never twice or not at all on
 * a calendar day. A neighbour that is not the calendar day next to it (a gap, the window's ends)
 * contributes nothing. `joined[i]`: day i - 1 of the list is the calendar day before day i.
 */
export function countSpan(days: readonly Int32Array[], joined: readonly boolean[], i: number, from: number, to: number): number {
  const lo = Math.ceil(from);
  const hi = Math.floor(to);
  let n = 0;
  for (let offset = Math.floor(lo / MINUTES_PER_DAY); offset <= Math.floor(hi / MINUTES_PER_DAY); offset++) {
    const j = i + offset;
    if (j < 0 || j >= days.length) continue;
    if (offset !== 0 && !(offset === 1 ? joined[j] === true : offset === -1 && joined[i] === true)) continue;
    const base = offset * MINUTES_PER_DAY;
    const prefix = days[j]!;
    n += prefix[Math.min(hi, base + MINUTES_PER_DAY - 1) - base + 1]! - prefix[Math.max(lo, base) - base]!;
  }
  return n;
}

/** Per day: the activation nearest `centre` within the tolerance (the earlier one on a tie), or null. */
function nearestPerDay(days: readonly Int32Array[], joined: readonly boolean[], centre: number, tolerance: number): (number | null)[] {
  const base = Math.round(centre);
  // the nearer side first: for a centre at 450.4, 451 comes before 449
  const sign = centre > base ? 1 : -1;
  return days.map((_, i) => {
    if (countSpan(days, joined, i, centre - tolerance, centre + tolerance) === 0) return null;
    for (let k = 0; k <= tolerance + 1; k++) {
      for (const m of [base + sign * k, base - sign * k]) {
        if (Math.abs(m - centre) <= tolerance && countSpan(days, joined, i, m, m) > 0) return wrap(m);
      }
    }
    return null;
  });
}

/**
 * What the days say about a peak near `start`: its centre (refined once around the days' nearest
 * activations), its rate against the flanks and the whole day, and the chance of matching a day
 * at the flank's rate. The flank is the quieter of the two sides, `3 × tolerance` wide beyond the
 * tolerance: a neighbouring routine on one side (leaving at 08:04, breakfast at 08:40) must not
 * hide either.
 */
export function peakEvidence(days: readonly Int32Array[], start: number, tolerance: number, joined: readonly boolean[] = []): PeakEvidence {
  const first = nearestPerDay(days, joined, start, tolerance).filter((m): m is number => m !== null);
  const centre = circularStats(first, start).mean;
  const nearest = nearestPerDay(days, joined, centre, tolerance);
  const spread = circularStats(nearest.filter((m): m is number => m !== null), centre).spread;
  const width = 2 * tolerance + 1;
  // three tolerances wide: a sensor firing every hour on the hour has its neighbours in the flank
  const flank = 3 * tolerance;
  const lo = Math.ceil(centre - tolerance);
  const hi = Math.floor(centre + tolerance);
  const within = days.map((_, i) => countSpan(days, joined, i, lo, hi));
  const left = days.map((_, i) => countSpan(days, joined, i, lo - flank, lo - 1));
  const right = days.map((_, i) => countSpan(days, joined, i, hi + 1, hi + flank));
  const side = sum(left) <= sum(right) ? left : right;
  let beats = 0;
  let loses = 0;
  within.forEach((w, i) => {
    const difference = w / width - side[i]! / flank;
    if (difference > 0) beats++;
    else if (difference < 0) loses++;
  });
  const total = days.reduce((n, d) => n + d[MINUTES_PER_DAY]!, 0);
  const inRate = sum(within) / (width * days.length);
  // an empty flank still had room for half an activation: a finite lift, large for a lone routine
  const flankRate = Math.max(sum(side), 0.5) / (flank * days.length);
  const dayRate = Math.max(total, 0.5) / (MINUTES_PER_DAY * days.length);
  const inner = nearest.filter((m) => m !== null && circularDistance(m, centre) <= tolerance / 2).length;
  return { centre, spread, nearest, inner, flankLift: inRate / flankRate, dayLift: inRate / dayRate, chance: 1 - Math.exp(-Math.max(flankRate, dayRate) * width), beats, loses };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
