/**
 * The truth policy: one rule per detector kind for what a routine declares `expected` (planted or
 * implied: required for recall), `optional` (right for strict precision, no recall) or
 * `tolerated` (lenient only). Every routine applies it through the helpers below, from its own
 * parameters; nothing here looks at what a detector reports.
 *
 * The contract numbers are the detectors' documented defaults (PRODUCT.md §5 and the doc comment
 * of each src/detectors/<kind>.ts with its defaults), copied here because src/simulate may import
 * nothing from the detectors. Evidence is counted in the detectors' 30-day window.
 *
 * One rule for every kind — a regularity's *planned* rate r (a share of days, of activations, of
 * intervals…) against the contract's threshold T, over the n cases the window is expected to hold
 * (days of the mask × 30/7, not the seed's actual draws), with se = √(r(1−r)/n):
 * - **required** (expected, `implied` unless the routine was made for it): the mechanism
 *   necessarily produces it and r − 2·se ≥ T (and the support minimum is met);
 * - **optional**: produced by the mechanism but borderline: r + 2·se ≥ T (sampling can put it on
 *   either side), a lag that straddles a window, a sub-chain of a chain, too little evidence;
 * - **tolerated**: below the contract (r + 2·se < T: a detector reporting it breaks its own
 *   thresholds, though the regularity is real), one the contract leaves to another detector (a
 *   drifting on-time is seasonal's, one device at a fixed time is not a session), or mere
 *   coincidence (scanned co-occurrences, uniform windows, noise entities).
 *
 * Per kind, what r and T are:
 * - time_based: r = P(activation on a day of the mask) against minConfidence 0.7, *and* the
 *   share of matched days within the inner half (±10 min) of the 20-minute tolerance, from the
 *   jitter's distribution, against minInnerShare 0.75. A uniform window wider than ~27 minutes
 *   or a sunset-relative time never passes the second: tolerated.
 * - co_occurrence: r = planned P(B within 5 min | A), over *all* of A's activations, against
 *   minConfidence 0.7; the whole lag range must fit 300 s (straddling: optional); support ≥ 5.
 * - sequence: r = product of the step probabilities against minConfidence 0.6, each step within
 *   300 s, support ≥ 5; sub-chains and 2-step chains of pairs optional.
 * - room_based: an area with a mechanism that makes it active in a fixed hour on a share r of
 *   days against minHourShare 0.5, at least minDays 5 in the window.
 * - duration: r = share of planned intervals within a factor 1.25 of their median against
 *   minConsistency 0.9, ≥ 5 intervals, median ≥ 60 s, no planned drift beyond 15 % over the
 *   window (a drift is seasonal's: tolerated).
 * - anomaly: planted days and episodes are required when their size beats the contract's own
 *   factor (count, on-time, hour margin 2 h, stuck 3× the longest on-stretch and ≥ 24 h, silent
 *   4× the longest gap and ≥ 24 h); a silence of `no_reports` is only 3.5–4.5 days against a
 *   longest baseline gap of ~1 day (1–4 reports a day): 4× that is rarely reached → optional.
 *   Per-entity count_low on the days nobody is home: produced, but the episode is the news →
 *   optional. A skipped routine day (a 10 % chance) is not news at alpha 0.01 → tolerated.
 * - session: ≥ minEntities 2 entities starting at a fixed time (±30 min) on a share p of days,
 *   preceded by 30 idle minutes with probability q = exp(−background rate × 0.5 h), its start
 *   staying within the ±30-minute tolerance unless the background also reaches back the 30
 *   minutes before that: r = p·(1 − (1 − q)²) against minConfidence 0.6. The background rate is computed from the noise (and, in a messy
 *   home, the motion/appliance) parameters: a messy daytime is rarely idle for 30 minutes.
 * - day_type: amount: the ratio of planned activations per weekday and per weekend day against
 *   minAmountRatio 2, required when it also holds in the busiest week that happens in more than
 *   a quarter of weeks (minWeekShare 0.75), optional when only on average; time: planned first
 *   activations ≥ 60 min apart (×1.2 for required, ÷1.2 for optional), used on ≥ 50 % of
 *   each day type's days.
 * - contextual: r = share of the entity's activations in the context value against minShare 0.5,
 *   lift ≥ 1.5, support ≥ 5 in the window; a clock routine that merely falls in the dark is no
 *   sun pattern (the sun context asks that activations *follow* sunset): nothing declared.
 * - seasonal: the planned month-over-month change (months with ≥ 7 simulated days) against
 *   minRelativeChange 0.25 (amount, duration) or minTimeShiftMinutes 20 (time); required when
 *   it beats the threshold by 20 %, optional within 20 % of it either way.
 */
import type { NOISE } from './routines/noise.js';
import type { APPLIANCES, MOTION } from './routines/mess.js';

export const CONTRACT = {
  windowDays: 30,
  timeBased: { toleranceMinutes: 20, minConfidence: 0.7, minInnerShare: 0.75, minDays: 5 },
  coOccurrence: { windowSeconds: 300, minSupport: 5, minConfidence: 0.7 },
  sequence: { stepSeconds: 300, minSupport: 5, minConfidence: 0.6 },
  roomBased: { minDays: 5, minHourShare: 0.5 },
  duration: { minIntervals: 5, minConsistency: 0.9, typicalFactor: 1.25, maxDrift: 0.15, minTypicalSeconds: 60 },
  session: { idleMinutes: 30, minConfidence: 0.6, minEntities: 2, minDays: 3 },
  dayType: { minAmountRatio: 2, minTimeShiftMinutes: 60, minUsedShare: 0.5, minWeekShare: 0.75 },
  seasonal: { minRelativeChange: 0.25, minTimeShiftMinutes: 20, margin: 1.2 },
  anomaly: { silentFactor: 4, minSilentHours: 24, stuckFactor: 3, minStuckHours: 24 },
} as const;

export type Level = 'required' | 'optional' | 'below';

/** Days of a mask in the detectors' window, as expected (not as drawn). */
export function windowDays(mask: 'all' | 'weekdays' | 'weekends' | readonly number[], simulatedDays = Infinity): number {
  const w = Math.min(CONTRACT.windowDays, simulatedDays);
  if (mask === 'all') return w;
  if (mask === 'weekdays') return (w * 5) / 7;
  if (mask === 'weekends') return (w * 2) / 7;
  return (w * mask.length) / 7;
}

/** The policy's one rule: a planned rate r over n cases against a threshold, with a 2-se band. */
export function level(rate: number, n: number, threshold: number): Level {
  const se = n > 0 ? Math.sqrt(Math.max(0, rate * (1 - rate)) / n) : 1;
  if (rate - 2 * se >= threshold - 1e-9) return 'required';
  if (rate + 2 * se >= threshold - 1e-9) return 'optional';
  return 'below';
}

/** The weaker of several levels. */
export function weakest(...levels: Level[]): Level {
  return levels.includes('below') ? 'below' : levels.includes('optional') ? 'optional' : 'required';
}

/**
 * Levels a planned change against a threshold (seasonal, day-type time), a band of ×/÷ margin
 * around it standing for the 2-se band of `level`: required beyond threshold × margin, optional
 * from threshold ÷ margin.
 */
export function byMargin(value: number, threshold: number, margin = CONTRACT.seasonal.margin): Level {
  return value >= threshold * margin ? 'required' : value >= threshold / margin ? 'optional' : 'below';
}

/** A deterministic stream for the policy's numeric integrals (never the generator's streams). */
function lcg(seed = 12345): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A normal draw cut at ±limit sd, as Random.normal plans it. */
export function normal(u: () => number, sd: number, limit = 3): number {
  const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return sd * Math.max(-limit, Math.min(limit, z));
}

/** Share of draws of a planned quantity within ±half of its median (time jitter). */
export function shareWithin(draw: (u: () => number) => number, half: number, n = 4000): number {
  const u = lcg();
  const xs = Array.from({ length: n }, () => draw(u)).sort((a, b) => a - b);
  const median = xs[Math.floor(n / 2)]!;
  return xs.filter((x) => Math.abs(x - median) <= half).length / n;
}

/**
 * time_based: a daily activation on a share `probability` of the mask's days with a jitter
 * (minutes) drawn by `jitter`. Both the rate and the inner share (matched days within ±10 min) must pass.
 */
export function timeLevel(probability: number, mask: 'all' | 'weekdays' | 'weekends' | readonly number[], jitter: (u: () => number) => number): Level {
  const C = CONTRACT.timeBased;
  const n = windowDays(mask);
  if (probability * n < C.minDays) return 'optional';
  const inner = shareWithin(jitter, C.toleranceMinutes / 2) / Math.max(1e-9, shareWithin(jitter, C.toleranceMinutes));
  return weakest(level(probability, n, C.minConfidence), level(inner, probability * n, C.minInnerShare));
}

/** duration: the share of planned on-times within a factor 1.25 of their median; ≥ 5 intervals; ≥ 60 s. */
export function durationLevel(intervalsInWindow: number, draw: (u: () => number) => number): Level {
  const C = CONTRACT.duration;
  if (intervalsInWindow < C.minIntervals) return 'optional';
  const u = lcg();
  const xs = Array.from({ length: 4000 }, () => draw(u)).sort((a, b) => a - b);
  const median = xs[2000]!;
  if (median < C.minTypicalSeconds) return 'below';
  const share = xs.filter((x) => x >= median / C.typicalFactor && x <= median * C.typicalFactor).length / xs.length;
  return level(share, intervalsInWindow, C.minConsistency);
}

/**
 * session: activations per hour of the home's background (uniform mechanisms only: noise, door
 * traffic, and in a messy home motion, appliances and the gate), by day (07–22) or night.
 */
export function backgroundPerHour(
  N: typeof NOISE,
  messy: { readonly MOTION: typeof MOTION; readonly APPLIANCES: typeof APPLIANCES } | null,
  daytime: boolean,
): number {
  const mean = (r: readonly [number, number]) => (r[0] + r[1]) / 2;
  const anyTime = (mean(N.gardenMotionBursts) + mean(N.guestMotionPulses)) / 24;
  const day = (mean(N.guestLight) + mean(N.laundryLight) + mean(N.radio) + mean(N.bedroomWindow) + mean(N.blinds)) / 15 + N.washingMachineProbability / 12 + (3 * 2) / 11;
  let rate = anyTime + (daytime ? day : 0);
  if (messy) {
    const { MOTION: M, APPLIANCES: A } = messy;
    rate += M.sensors.length * (daytime ? M.dayRate : M.nightRate) + A.gateBursts / 24;
    if (daytime) rate += (Object.keys(A.entities).length * A.uses) / 17.5;
  }
  return rate;
}

/** session: started on a share p of the mask's days, preceded by 30 idle minutes of the given background. */
export function sessionLevel(entities: number, probability: number, mask: 'all' | 'weekdays' | 'weekends' | readonly number[], background: number): Level {
  const C = CONTRACT.session;
  if (entities < C.minEntities) return 'below';
  // Background activity in the 30 minutes before only moves the start out of the ±30-minute
  // tolerance when it reaches back another 30 minutes too.
  const idle = Math.exp(-background * (C.idleMinutes / 60));
  const stays = 1 - (1 - idle) ** 2;
  const n = windowDays(mask);
  if (probability * stays * n < C.minDays) return 'below';
  return level(probability * stays, n, C.minConfidence);
}

/**
 * day_type amount: planned activations per weekday and per weekend day on average, and per
 * weekend day in the busiest week that happens in more than a quarter of weeks.
 */
export function amountLevel(weekday: number, weekend: number, weekendBusiestWeek: number): Level {
  const C = CONTRACT.dayType;
  const ratio = (a: number, b: number) => (b === 0 ? (a > 0 ? Infinity : 0) : Math.max(a / b, b / a));
  if (ratio(weekday, weekendBusiestWeek) >= C.minAmountRatio) return 'required';
  return ratio(weekday, weekend) >= C.minAmountRatio ? 'optional' : 'below';
}

/** day_type time: first activations `shift` minutes apart, used on these shares of each day type's days. */
export function dayTimeLevel(shift: number, usedWeekday: number, usedWeekend: number): Level {
  const C = CONTRACT.dayType;
  if (Math.min(usedWeekday, usedWeekend) < C.minUsedShare) return 'below';
  return byMargin(Math.abs(shift), C.minTimeShiftMinutes);
}

/**
 * anomaly: whether a planted anomaly or episode beats the contract's own factors. A day's count,
 * on-time and hour (40–50 toggles against 3–7; 4–5 h against 15 min; 03:00 with nothing within
 * 2 h) and the episodes of absence (≥ 42 h quiet) and a stuck contact (7 days against a longest
 * open stretch of ≤ 1 h: ≥ 3× and ≥ 24 h) do. A silence: `unavailable` for 3.5–4.5 days against
 * dropouts of ≤ 10 min does; plain `no_reports` for 3.5–4.5 days against a sensor reporting 1–4
 * times a day at random hours does not reliably: its longest baseline gap is ~1 day or more (up
 * to 2), and 4× that is reached in a few percent of homes (the noise.ts parameters) → optional.
 */
export function anomalyLevel(a: { readonly kind: string; readonly detail: Readonly<Record<string, unknown>> }): Level {
  if (a.kind === 'silent' && a.detail['how'] === 'no_reports') return 'optional';
  return 'required';
}

/** Uniform in [a, b) from a policy stream. */
export const uniform = (u: () => number, a: number, b: number): number => a + (b - a) * u();
