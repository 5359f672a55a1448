/**
 * A mergeable histogram of durations on log-spaced bins: each bin spans a factor of BASE, so a
 * quantile read back from it is within ±(BASE - 1) / 2 (2.5 %) of the true value's bin
 * centre — the sketch's stated error bound (tested in histogram.test.ts).
 */

export const BASE = 1.05;
const LOG_BASE = Math.log(BASE);

export type Histogram = Record<string, number>;

export function binOf(seconds: number): number {
  return seconds < 1 ? 0 : Math.floor(Math.log(seconds) / LOG_BASE) + 1;
}

/** The geometric centre of a bin, in seconds. */
export function binValue(bin: number): number {
  return bin === 0 ? 0.5 : Math.sqrt(BASE ** (bin - 1) * BASE ** bin);
}

export function add(h: Histogram, seconds: number): void {
  const b = binOf(seconds);
  h[b] = (h[b] ?? 0) + 1;
}

export function merge(into: Histogram, from: Histogram): void {
  for (const [b, n] of Object.entries(from)) into[b] = (into[b] ?? 0) + n;
}

export function total(h: Histogram): number {
  let n = 0;
  for (const v of Object.values(h)) n += v;
  return n;
}

/** The q-quantile (0..1) in seconds, or null for an empty histogram. */
export function quantile(h: Histogram, q: number): number | null {
  const bins = Object.keys(h).map(Number).sort((a, b) => a - b);
  const n = total(h);
  if (n === 0) return null;
  const rank = q * (n - 1);
  let seen = 0;
  for (const b of bins) {
    seen += h[b]!;
    if (seen > rank) return binValue(b);
  }
  return binValue(bins[bins.length - 1]!);
}

/** Share of values within [low, high] seconds (bins wholly inside count). */
export function shareBetween(h: Histogram, low: number, high: number): number {
  const n = total(h);
  if (n === 0) return 0;
  let inside = 0;
  for (const [b, v] of Object.entries(h)) {
    const x = binValue(Number(b));
    if (x >= low && x <= high) inside += v;
  }
  return inside / n;
}
