/**
 * Whether "B follows A within W" beats chance: the yardstick co-occurrence and sequence share, so
 * a motion sensor that fires all day (and so follows anything) is no follower of either.
 */
import { binomialTail } from './binomial.js';

/** Chance that an entity with `activations` over `observedMs` activates in a given window of `windowMs` (Poisson). */
export function followChance(activations: number, windowMs: number, observedMs: number): number {
  if (observedMs <= 0) return 1;
  return 1 - Math.exp((-activations * windowMs) / observedMs);
}

export interface BeyondChance {
  /** P(follow | lead) over the chance of following anyway. */
  readonly lift: number;
  /** P(at least `follows` of `leads` by chance alone). */
  readonly pValue: number;
}

/** `follows` of `leads` were followed, where chance alone gives `chance` each time. */
export function beyondChance(follows: number, leads: number, chance: number): BeyondChance {
  if (leads <= 0 || chance <= 0) return { lift: 0, pValue: 1 };
  const k = Math.min(follows, leads);
  return { lift: k / leads / chance, pValue: binomialTail(k, leads, chance) };
}
