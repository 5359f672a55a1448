/**
 * The statistics behind an anomaly's surprise: tails of a negative binomial for counts (fitted
 * by the method of moments to an entity's own recent days), a normal tail for log on-time, and
 * the empirical quantiles a person reads as "usually". Pure numbers, no records.
 */

/** log Γ(x) for x > 0 (Lanczos, g = 7): enough digits for tail probabilities down to 1e-300. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

export interface CountModel {
  readonly mean: number;
  /** Dispersion r: variance = mean + mean² / r. */
  readonly r: number;
}

/**
 * A negative binomial by the method of moments. The variance is floored at mean + mean²/10 and
 * at 1: 28 days under-state the tails (a sparse entity with three quiet weeks is not Poisson),
 * and a floor is what keeps a rarely used appliance's busy day from being news.
 */
export function fitCounts(counts: readonly number[]): CountModel {
  const n = counts.length;
  const mean = counts.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const v = Math.max(variance, mean + (mean * mean) / 10, 1);
  return { mean, r: mean > 0 ? (mean * mean) / (v - mean) : 1 };
}

function logPmf(k: number, m: CountModel): number {
  const p = m.r / (m.r + m.mean);
  return logGamma(k + m.r) - logGamma(m.r) - logGamma(k + 1) + m.r * Math.log(p) + k * Math.log1p(-p);
}

/** P(X ≥ x), summed upward from x (so a tiny tail is not 1 minus nearly 1). */
export function upperTail(x: number, m: CountModel): number {
  if (x <= 0) return 1;
  if (m.mean <= 0) return 0;
  let sum = 0;
  for (let k = x; k < x + 100_000; k++) {
    const term = Math.exp(logPmf(k, m));
    sum += term;
    if (k > m.mean && term < sum * 1e-12) break;
  }
  return Math.min(1, sum);
}

/** P(X ≤ x). */
export function lowerTail(x: number, m: CountModel): number {
  if (m.mean <= 0) return 1;
  let sum = 0;
  for (let k = 0; k <= x; k++) sum += Math.exp(logPmf(k, m));
  return Math.min(1, sum);
}

/** P(Z ≥ z) for a standard normal (Abramowitz–Stegun 7.1.26 on erfc; 1e-7 is plenty for a score). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** −log10 p, the surprise a person compares: 2 is one in a hundred, 6 one in a million. */
export function surpriseOf(p: number): number {
  return p <= 0 ? 300 : Math.min(300, -Math.log10(p));
}

/** The q-quantile of values (nearest rank): "usually low–high" reads the 10th and 90th. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Hours of the day within `margin` hours of any of `hours` (circularly: 23:00 is next to 0:00). */
export function hoursNear(hours: Iterable<number>, margin: number): Set<number> {
  const out = new Set<number>();
  for (const h of hours) for (let d = -margin; d <= margin; d++) out.add((((h + d) % 24) + 24) % 24);
  return out;
}
