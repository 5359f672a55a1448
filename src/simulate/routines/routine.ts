/**
 * What a routine is: a planner of one day's changes, plus the ground truth it plants. Keeping the
 * two side by side is what keeps the truth honest: the parameters a routine plans with are the
 * numbers its truth reports.
 */
import type { LocalClock, SimDay } from '../clock.js';
import type { HomeContext } from '../context.js';
import type { DayPlan, Journal } from '../plan.js';
import type { MessPlan } from '../mess.js';
import type { DayMask, DetectorKind, PatternByKind, ToleratedPattern } from '../truth.js';
import { CONTRACT, level, windowDays, type Level } from '../policy.js';

/** One simulation's instance of a routine; it may remember things from one day to the next. */
export interface Routine {
  plan(plan: DayPlan): void;
}

export interface RoutineModule {
  readonly id: string;
  /** The detector kind it is planted for ('noise': none). */
  readonly kind: DetectorKind | 'noise';
  /** Every kind it plants a pattern for, `kind` first (an evening plants four). */
  readonly kinds?: readonly DetectorKind[];
  readonly description: string;
  readonly entities: readonly string[];
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Plans something only in a messy home (SimulationOptions.messy); a tidy home's truth leaves it out. */
  readonly messyOnly?: boolean;
  create(): Routine;
  truth(t: TruthBuilder): void;
}

export interface TruthBuilder {
  readonly days: readonly SimDay[];
  readonly journal: Journal;
  readonly context: HomeContext;
  readonly clock: LocalClock;
  /** The messy home's episodes and holiday, or null for a tidy home. */
  readonly mess: MessPlan | null;
  expect<K extends DetectorKind>(kind: K, pattern: PatternByKind[K]): void;
  /** Follows from the mechanism but need not be found: right for strict precision, no recall. */
  allow<K extends DetectorKind>(kind: K, pattern: ToleratedPattern<K>): void;
  /** Only excused: right for lenient precision, never for strict. */
  tolerate<K extends DetectorKind>(kind: K, pattern: ToleratedPattern<K>): void;
  /** Expected when the simulated days hold enough evidence for it, optional otherwise. */
  expectIf<K extends DetectorKind>(enough: boolean, kind: K, pattern: PatternByKind[K]): void;
  /** How many simulated days a mask covers. */
  countDays(mask: DayMask): number;
  /**
   * Activations per hour of the home's uniform background (noise, door traffic; a messy home's
   * motion, appliances, gate), by day or night: what decides whether 30 idle minutes precede a
   * session (policy.ts).
   */
  background(daytime: boolean): number;
}

/** Support a detector needs before a pattern can be asked of it (PRODUCT.md: co-occurrence support ≥ 5). */
export const MIN_SUPPORT = 5;

export function inMask(day: SimDay, mask: DayMask): boolean {
  if (mask === 'all') return true;
  if (mask === 'weekdays') return !day.weekend;
  if (mask === 'weekends') return day.weekend;
  return mask.includes(day.weekday);
}

/** Seconds → [min, max] of a uniform step, and the lag ranges a chain of them adds up to. */
export type Range = readonly [number, number];

export interface ChainStep {
  readonly entity: string;
  /** Lag after the previous step, seconds (ignored for the first step). */
  readonly lag: Range;
  /** Chance the step follows, given the previous one happened. */
  readonly probability: number;
}

/**
 * The truth of an ordered chain whose every step follows the last within 5 minutes, by the
 * policy (policy.ts): the chain itself (a sequence: its completion probability against the
 * sequence contract's 0.6), every ordered pair in it whose whole lag range fits the 5-minute
 * window (co-occurrences: P(B | A) against 0.7, over the A activations the window holds; a pair
 * whose lag only sometimes fits is optional, one below the contract tolerated), and its shorter
 * sub-chains (optional: they follow from the chain, and a detector may report them beside it).
 * `occurrences` counts the chain over the whole simulation; `aOccurrences` (default the same)
 * how often its first step activates at all, which is what P(B | A) is taken over.
 */
export function chainTruth(
  t: TruthBuilder,
  routine: string,
  steps: readonly ChainStep[],
  days: DayMask,
  occurrences: number,
  asSequence: 'planted' | 'implied',
): void {
  const chain = steps.map((s) => s.entity);
  const inWindow = occurrences * Math.min(1, CONTRACT.windowDays / Math.max(1, t.days.length));
  const maxStep = Math.max(...steps.slice(1).map((s) => s.lag[1]));
  const completes = steps.slice(1).reduce((p, s) => p * s.probability, 1);
  const sequence = { source: asSequence, routine, chain, max_step_seconds: maxStep, days };
  const seqLevel: Level = maxStep > CONTRACT.sequence.stepSeconds ? 'optional'
    : inWindow * completes < CONTRACT.sequence.minSupport ? 'optional' : level(completes, inWindow, CONTRACT.sequence.minConfidence);
  declare(t, seqLevel, 'sequence', sequence);
  for (let i = 0; i < steps.length; i++) {
    let lo = 0;
    let hi = 0;
    let p = 1;
    for (let j = i + 1; j < steps.length; j++) {
      const step = steps[j]!;
      lo += step.lag[0];
      hi += step.lag[1];
      p *= step.probability;
      const pattern = {
        source: 'implied' as const, routine, a: chain[i]!, b: step.entity,
        lag_seconds: [lo, hi] as const, typical_lag_seconds: Math.round((lo + hi) / 2), probability: round(p, 3),
      };
      if (lo >= CONTRACT.coOccurrence.windowSeconds) continue;
      if (hi > CONTRACT.coOccurrence.windowSeconds) t.allow('co_occurrence', { ...pattern, note: 'the lag straddles the 5-minute window' });
      else declare(t, inWindow * p < CONTRACT.coOccurrence.minSupport ? 'optional' : level(p, inWindow, CONTRACT.coOccurrence.minConfidence), 'co_occurrence', pattern);
    }
  }
  for (const sub of subChains(chain)) {
    t.allow('sequence', { source: 'implied', routine, chain: sub, max_step_seconds: 300, days, note: 'sub-chain of a planted chain' });
  }
}

/**
 * Declares a full pattern at a policy level: required → expected; optional → optional;
 * below the contract → tolerated (lenient only).
 */
export function declare<K extends DetectorKind>(t: TruthBuilder, at: Level, kind: K, pattern: PatternByKind[K], why?: string): void {
  if (at === 'required') t.expect(kind, pattern);
  else if (at === 'optional') t.allow(kind, { ...pattern, note: why ?? (pattern as { note?: string }).note ?? 'borderline against the contract (policy.ts)' } as ToleratedPattern<K>);
  else t.tolerate(kind, { ...pattern, source: 'tolerated', note: why ?? 'below the contract (policy.ts)' } as ToleratedPattern<K>);
}

/** Same-window count of a journal count over the whole simulation. */
export function inWindow(t: TruthBuilder, count: number): number {
  return count * Math.min(1, CONTRACT.windowDays / Math.max(1, t.days.length));
}

/** Expected days of a mask in the detectors' window. */
export const maskDays = (mask: DayMask): number => windowDays(mask);

/**
 * Tolerates time-based findings for entities used somewhere in a window of the day (arrivals
 * between 17:00 and 18:30): one entry every 15 minutes, so any typical time a detector settles on
 * inside the window matches one within the truth's ± matching.time_minutes. Lenient only: a
 * uniform hour is not a time routine, and calling it one is the "weak regularity" a user reads.
 */
export function tolerateTimes(t: TruthBuilder, routine: string, entities: readonly string[], window: Range, days: DayMask, note: string): void {
  for (const entity_id of entities) {
    for (let minute = window[0]; minute <= window[1] + 14; minute += 15) {
      t.tolerate('time_based', { source: 'tolerated', routine, entity_id, minute_of_day: Math.round(minute) % 1440, days, note });
    }
  }
}

/** Ordered sub-chains of length 2 … n-1 (order kept, steps may be skipped). */
function subChains(chain: readonly string[]): string[][] {
  const out: string[][] = [];
  const n = chain.length;
  for (let mask = 1; mask < 1 << n; mask++) {
    const sub = chain.filter((_, i) => (mask & (1 << i)) !== 0);
    if (sub.length >= 2 && sub.length < n) out.push(sub);
  }
  return out;
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f || 0; // never -0: JSON cannot carry it
}

/** Midpoint of a range. */
export const mid = (r: Range): number => (r[0] + r[1]) / 2;
