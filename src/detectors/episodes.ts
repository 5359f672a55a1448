/**
 * Occurrences of ordered chains of activations, each step within W after the one before, however
 * much else happens in between (only the chain's own entities are read).
 *
 * The rule, one rule for the daily summary and any count over many days at once: an activation
 * of the last step completes the chain when an activation of each earlier step lies in the W
 * before the next one. Of all such paths, the one with the latest first step names the
 * occurrence (an earlier activation of the first step was superseded by a later one before the
 * chain went on). An occurrence is counted once, on the day of the activation that first
 * completes it. So each first-step activation starts at most one occurrence (support never
 * exceeds the first step's activations), two counted occurrences share no activation, and what
 * decides a count lies within (steps - 1) × W before its completion: a day's scan with that much
 * look-back counts exactly what one pass over all days would.
 */

/** Activation times per entity in a day's scan (look-back included), ascending. */
export type Timelines = ReadonlyMap<string, readonly number[]>;

export interface ChainCount {
  /** Occurrences completed within the day (at or after `dayStart`). */
  readonly count: number;
  /** Whether the chain was completed at all in the scan, look-back included. */
  readonly reached: boolean;
}

/** Counts one chain of distinct entities. */
export function countChain(chain: readonly string[], timelines: Timelines, windowMs: number, dayStart: number): ChainCount {
  const k = chain.length;
  const lists = chain.map((entity) => timelines.get(entity) ?? []);
  const next = new Array<number>(k).fill(0);
  // Per step, the latest activation that reached it and the first step of that path: the latest
  // is the best witness for the next step (if it is not within W, no earlier one is).
  const latest = new Array<number>(k).fill(Number.NEGATIVE_INFINITY);
  const start = new Array<number>(k).fill(Number.NaN);
  let lastStart = Number.NaN;
  let count = 0;
  let reached = false;
  for (;;) {
    // the steps' activations merged in time order; at one instant, later steps first, so a step
    // never follows an activation at the same millisecond
    let j = -1;
    let t = Number.POSITIVE_INFINITY;
    for (let i = k - 1; i >= 0; i--) {
      const time = lists[i]![next[i]!];
      if (time !== undefined && time < t) [j, t] = [i, time];
    }
    if (j < 0) break;
    next[j]!++;
    if (j === 0) {
      latest[0] = t;
      start[0] = t;
      continue;
    }
    if (t - latest[j - 1]! > windowMs) continue;
    latest[j] = t;
    start[j] = start[j - 1]!;
    if (j < k - 1) continue;
    reached = true;
    if (start[j] === lastStart) continue;
    lastStart = start[j]!;
    if (t >= dayStart) count++;
  }
  return { count, reached };
}

/** A chain's entities joined in order: the key chains are stored and reported under. */
export const chainKey = (chain: readonly string[]): string => chain.join('>');

/**
 * Every two-step chain completed in a scan, in one pass (the same rule as `countChain`, which
 * for two steps reads: B completes A→B when A's latest activation before it is within W, and
 * counts when that A activation has not completed A→B already).
 */
export function countPairs(activations: ReadonlyArray<{ readonly entityId: string; readonly time: number }>, windowMs: number, dayStart: number): Map<string, { count: number; lastStart: number }> {
  const pairs = new Map<string, { count: number; lastStart: number }>();
  // each entity's latest activation (those older than W are dropped as they are met)
  const latest = new Map<string, number>();
  for (let i = 0; i < activations.length; ) {
    // activations at one instant all follow what came before it, never each other
    let end = i;
    while (end < activations.length && activations[end]!.time === activations[i]!.time) end++;
    for (const b of activations.slice(i, end)) {
      for (const [a, time] of latest) {
        if (b.time - time > windowMs) {
          latest.delete(a);
          continue;
        }
        if (a === b.entityId) continue;
        const key = `${a}>${b.entityId}`;
        const pair = pairs.get(key) ?? { count: 0, lastStart: Number.NaN };
        if (pair.lastStart !== time) {
          pair.lastStart = time;
          if (b.time >= dayStart) pair.count++;
        }
        pairs.set(key, pair);
      }
    }
    for (const b of activations.slice(i, end)) latest.set(b.entityId, b.time);
    i = end;
  }
  return pairs;
}
