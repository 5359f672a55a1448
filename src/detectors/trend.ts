/**
 * A monotonic trend in a short daily series, robust to the odd outlier day: the Theil–Sen slope
 * (the median of the slopes between every pair of points) and the Mann–Kendall test of whether
 * the values rise or fall with time more than chance orders them (normal approximation with the
 * continuity correction; ties in x or y count as neither).
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Trend {
  /** Theil–Sen slope: change of y per unit of x. */
  readonly slope: number;
  /** Mann–Kendall's standardised statistic (positive: rising). */
  readonly z: number;
}

/** The trend of the points, or null with fewer than 3 distinct x. */
export function trendOf(points: readonly Point[]): Trend | null {
  const slopes: number[] = [];
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]!.x - points[i]!.x;
      if (dx === 0) continue;
      const dy = points[j]!.y - points[i]!.y;
      slopes.push(dy / dx);
      s += Math.sign(dy) * Math.sign(dx);
    }
  }
  const xs = new Set(points.map((p) => p.x)).size;
  if (xs < 3) return null;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length / 2;
  const slope = slopes.length % 2 === 1 ? slopes[Math.floor(mid)]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
  const n = points.length;
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  const z = (s - Math.sign(s)) / Math.sqrt(variance);
  return { slope, z };
}
