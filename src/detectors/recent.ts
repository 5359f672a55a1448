/**
 * Recent activations, for the windowed detectors (co-occurrence, sequence, room use). Answers
 * "the last activation of X before t" and "who was active in the minutes before t". An
 * occurrence is counted on the day of the activation that completes it (with the day's scan
 * looking back into the previous day), and only once: see `predecessors`.
 */
import type { Activation } from './activity.js';

export class RecentActivations {
  private readonly horizon: number;
  /** Activations within the horizon, in time order. */
  private readonly order: Activation[] = [];
  private head = 0;

  constructor(horizonMs: number) {
    this.horizon = horizonMs;
  }

  add(a: Activation): void {
    this.order.push(a);
    while (this.head < this.order.length && this.order[this.head]!.time < a.time - this.horizon) this.head++;
    if (this.head > 4096) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Time of the last activation of an entity strictly before `t` (within the horizon). */
  lastBefore(entityId: string, t: number): number | undefined {
    for (let i = this.order.length - 1; i >= this.head; i--) {
      const a = this.order[i]!;
      if (a.time < t && a.entityId === entityId) return a.time;
    }
    return undefined;
  }

  /**
   * Entities whose last activation before `t` lies in [t - window, t), with that time; excluding
   * some entities. Ties at one millisecond are not "before".
   */
  activeBefore(t: number, window: number, exclude: ReadonlySet<string> | string): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = this.order.length - 1; i >= this.head; i--) {
      const a = this.order[i]!;
      if (a.time >= t) continue;
      if (a.time < t - window) break;
      const excluded = typeof exclude === 'string' ? a.entityId === exclude : exclude.has(a.entityId);
      if (!excluded && !out.has(a.entityId)) out.set(a.entityId, a.time);
    }
    return out;
  }

  /** The most recent activation before `t` within `window` of an entity not excluded, if any. */
  latestBefore(t: number, window: number, exclude: ReadonlySet<string>): Activation | undefined {
    for (let i = this.order.length - 1; i >= this.head; i--) {
      const a = this.order[i]!;
      if (a.time >= t) continue;
      if (a.time < t - window) return undefined;
      if (!exclude.has(a.entityId)) return a;
    }
    return undefined;
  }

  /**
   * Entities P whose last activation p before the activation (entityId, t) lies within `window`,
   * and after which this is the first activation of entityId: so a P→entityId occurrence is
   * counted once, however often either side flaps.
   */
  predecessors(entityId: string, t: number, window: number): Map<string, number> {
    const previous = this.lastBefore(entityId, t);
    const out = this.activeBefore(t, window, entityId);
    if (previous !== undefined) for (const [p, time] of out) if (time <= previous) out.delete(p);
    return out;
  }
}
