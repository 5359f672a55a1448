/** Small hand-made homes for tests: events built from local wall-clock times. */
import type { EventCause, StateEvent } from '../events/model.js';
import { compareEvents } from '../events/model.js';
import { Calendar } from '../time/calendar.js';

export const ZONE = 'Europe/Berlin';
export const calendar = new Calendar(ZONE);

/** A moment from a local day key and "HH:MM[:SS]" (minutes past 24:00 roll into the next day). */
export function at(day: string, clock: string): number {
  const [h, m, s] = clock.split(':').map(Number) as [number, number, number?];
  return calendar.day(day).start + ((h * 60 + m) * 60 + (s ?? 0)) * 1000;
}

export class HomeBuilder {
  private readonly events: StateEvent[] = [];
  private readonly states = new Map<string, string | null>();
  private readonly areas = new Map<string, string | null>();

  area(entityId: string, areaId: string): this {
    this.areas.set(entityId, areaId);
    return this;
  }

  set(entityId: string, time: number, state: string | null, attributes: Record<string, unknown> = {}, cause: EventCause = 'system'): this {
    const oldState = this.states.get(entityId) ?? null;
    this.states.set(entityId, state);
    this.events.push({ time, entityId, domain: entityId.split('.')[0]!, state, oldState, attributes, deviceId: null, areaId: this.areas.get(entityId) ?? null, cause });
    return this;
  }

  /** An automation's run starting at `time`: its entity written with `last_triggered`, as HA does. */
  run(automation: string, time: number): this {
    return this.set(automation, time, 'on', { last_triggered: new Date(time).toISOString(), friendly_name: automation }, 'automation');
  }

  /** On at `time`, off `seconds` later. */
  pulse(entityId: string, time: number, seconds = 60): this {
    return this.set(entityId, time, 'on').set(entityId, time + seconds * 1000, 'off');
  }

  build(): StateEvent[] {
    // states were recorded in call order; rebuild old states in time order so they chain correctly
    const sorted = [...this.events].sort(compareEvents);
    const last = new Map<string, string | null>();
    return sorted.map((e) => {
      const oldState = last.has(e.entityId) ? last.get(e.entityId)! : null;
      last.set(e.entityId, e.state);
      return { ...e, oldState };
    });
  }
}

export function dayKeys(first: string, count: number): string[] {
  const out: string[] = [];
  for (let d = calendar.day(first), i = 0; i < count; i++, d = calendar.shift(d, 1)) out.push(d.key);
  return out;
}
