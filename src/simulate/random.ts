/**
 * Seeded randomness for the simulated home. Every routine draws from its own stream, keyed by
 * (seed, day, routine), so a routine's choices on a day never depend on how many numbers another
 * routine (or the numeric-sensor filler, whose size follows eventsPerDay) drew before it: changing
 * eventsPerDay leaves every planted routine exactly where it was.
 *
 * pure-rand's xoroshiro128plus is the generator; its `next()` mutates in place, which is what a
 * hot loop of 100K draws a day wants. Its distribution helpers are avoided on the hot path: one
 * 32-bit draw scaled to [0, 1) is precise enough for times and sensor noise, and twice as fast.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

const TWO_TO_32 = 4294967296;

/** murmur3's finaliser: spreads the bits of a 32-bit value (seeds that differ by one are unrelated). */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over a string, then mixed: a stable 32-bit key for names and dates. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** 32 lowercase hex characters (the shape of HA registry ids), stable for a key. */
export function hex32(key: string): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += hash32(`${key}#${i}`).toString(16).padStart(8, '0');
  return out;
}

export class Random {
  private readonly source: ReturnType<typeof xoroshiro128plus>;

  constructor(seed: number) {
    this.source = xoroshiro128plus(mix32(seed));
    // xoroshiro's first outputs are weakly mixed for small seeds; a few rounds settle them.
    for (let i = 0; i < 4; i++) this.source.next();
  }

  /** An independent stream for one purpose: same seed and parts, same numbers. */
  static stream(seed: number, ...parts: readonly (string | number)[]): Random {
    return new Random(hash32(`${seed}|${parts.join('|')}`));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return (this.source.next() >>> 0) / TWO_TO_32;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  /** Normal by Box–Muller, cut at ±limit standard deviations so a jitter never runs away. */
  normal(mean: number, sd: number, limit = 3): number {
    const u = 1 - this.float();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
    return mean + sd * Math.max(-limit, Math.min(limit, z));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}
