/** Time of day is a circle: 23:50 and 00:10 are 20 minutes apart, and their mean is midnight. */

export const MINUTES_PER_DAY = 1440;

/** Signed shortest distance from a to b in minutes, in (-720, 720]. */
export function circularDelta(a: number, b: number): number {
  let d = (((b - a) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (d > MINUTES_PER_DAY / 2) d -= MINUTES_PER_DAY;
  return d;
}

export function circularDistance(a: number, b: number): number {
  return Math.abs(circularDelta(a, b));
}

/** Mean and standard deviation (minutes) of times of day, measured around a centre. */
export function circularStats(minutes: readonly number[], centre: number): { mean: number; spread: number } {
  if (minutes.length === 0) return { mean: centre, spread: 0 };
  // Deviations from the centre are small for a routine, so linear stats on them are exact enough
  // and, unlike the angular mean, stable for the spreads we accept (≤ an hour).
  let sum = 0;
  for (const m of minutes) sum += circularDelta(centre, m);
  const meanDelta = sum / minutes.length;
  let sq = 0;
  for (const m of minutes) sq += (circularDelta(centre, m) - meanDelta) ** 2;
  const mean = (((centre + meanDelta) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return { mean, spread: Math.sqrt(sq / minutes.length) };
}

export function clockTime(minute: number): string {
  const m = ((Math.round(minute) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Robust time-of-day statistics: the sample closest to all others (medoid) as centre, samples
 * farther than `trim` minutes from it dropped as outliers (a one-off 03:00 among 07:00s), then
 * mean and spread of the rest. Returns the share kept too.
 */
export function robustCircularStats(minutes: readonly number[], trim: number): { mean: number; spread: number; kept: number } {
  if (minutes.length === 0) return { mean: 0, spread: 0, kept: 0 };
  let centre = minutes[0]!;
  let best = Number.POSITIVE_INFINITY;
  for (const c of minutes) {
    let sum = 0;
    for (const m of minutes) sum += circularDistance(c, m);
    if (sum < best) {
      best = sum;
      centre = c;
    }
  }
  const inliers = minutes.filter((m) => circularDistance(m, centre) <= trim);
  const stats = circularStats(inliers, centre);
  return { ...stats, kept: inliers.length / minutes.length };
}
