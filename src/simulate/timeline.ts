/**
 * From intentions to valid HA events. Per entity, in time order: a change to the state and
 * attributes it already has is dropped (HA fires nothing then), two changes in one millisecond are
 * moved apart, old_state is the previous new state (null the first time), dropouts replace what
 * happened meanwhile with unavailable/unknown, and changes after the day's end wait for the next
 * day. The states carry over from day to day, so the chain never breaks at midnight.
 */
import type { StateEvent } from '../events/model.js';
import { compareEvents } from '../events/model.js';
import { sameAttributes, staticAttributes, type Attributes } from './attributes.js';
import type { SimDay } from './clock.js';
import { HOME, type EntityInfo } from './home.js';
import type { Change, Dropout } from './plan.js';

/** A restore marker: after a dropout, the entity returns to what it was before. */
const RESTORE = '\u0000restore';

export class Timeline {
  private pending: Change[] = [];
  private readonly state: (string | null)[] = HOME.map(() => null);
  private readonly attributes: (Attributes | null)[] = HOME.map(() => null);
  /** Last state that said something (not unavailable/unknown), to come back to after a dropout. */
  private readonly informative: ({ state: string; attributes: Attributes } | null)[] = HOME.map(() => null);
  private readonly lastTime: number[] = HOME.map(() => Number.NEGATIVE_INFINITY);

  /** The day's events of the planned changes, sorted by compareEvents. */
  build(day: SimDay, changes: readonly Change[], dropouts: readonly Dropout[]): StateEvent[] {
    const buckets: Change[][] = HOME.map(() => []);
    const later: Change[] = [];
    for (const change of this.pending) (change.time < day.end ? buckets[change.entity.index]! : later).push(change);
    for (const change of changes) {
      if (change.time >= day.end) later.push(change);
      else buckets[change.entity.index]!.push(change.time < day.start ? { ...change, time: day.start } : change);
    }
    for (const dropout of dropouts) applyDropout(buckets[dropout.entity.index]!, dropout);

    const events: StateEvent[] = [];
    for (const bucket of buckets) {
      if (bucket.length === 0) continue;
      bucket.sort((a, b) => a.time - b.time); // stable: same-time changes keep their planned order
      for (let i = 0; i < bucket.length; i++) {
        const change = bucket[i]!;
        const e = change.entity.index;
        const time = Math.max(change.time, this.lastTime[e]! + 1);
        if (time >= day.end) {
          later.push(...bucket.slice(i).map((c) => ({ ...c, time: Math.max(c.time, day.end) })));
          break;
        }
        const event = this.apply(change, time);
        if (event !== null) events.push(event);
      }
    }
    this.pending = later;
    return events.sort(compareEvents);
  }

  /** The event a change makes given the entity's current state, or null when nothing changes. */
  private apply(change: Change, time: number): StateEvent | null {
    const entity: EntityInfo = change.entity;
    const e = entity.index;
    let state = change.state;
    let attributes = change.attributes;
    if (state === RESTORE) {
      const back = this.informative[e];
      if (back === null || back === undefined) return null;
      state = back.state;
      attributes = back.attributes;
    }
    const before = this.state[e]!;
    if (before === state && this.attributes[e] !== null && sameAttributes(this.attributes[e]!, attributes)) return null;
    this.state[e] = state;
    this.attributes[e] = attributes;
    this.lastTime[e] = time;
    if (state !== 'unavailable' && state !== 'unknown') this.informative[e] = { state, attributes };
    return {
      time,
      entityId: entity.id,
      domain: entity.domain,
      state,
      oldState: before,
      attributes,
      deviceId: entity.deviceId,
      areaId: entity.areaId,
      cause: change.cause,
    };
  }
}

/**
 * Replaces an entity's changes inside a dropout with `unavailable` at its start and, at its end,
 * the last change that was lost (or a return to the state before).
 */
function applyDropout(bucket: Change[], dropout: Dropout): void {
  let lost: Change | null = null;
  const kept: Change[] = [];
  for (const change of bucket) {
    if (change.time >= dropout.start && change.time < dropout.end) {
      if (lost === null || change.time >= lost.time) lost = change;
    } else {
      kept.push(change);
    }
  }
  const entity = dropout.entity;
  const restore: Change = lost !== null ? { ...lost, time: dropout.end } : { time: dropout.end, entity, state: RESTORE, attributes: {}, cause: 'system' };
  const down: Change = { time: dropout.start, entity, state: dropout.state, attributes: staticAttributes(entity, dropout.state), cause: 'system' };
  bucket.length = 0;
  bucket.push(...kept, down, restore);
}
