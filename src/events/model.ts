/**
 * The event model: one state change of one entity, as every layer and detector sees it.
 * Times are UTC milliseconds, plus the microseconds within the millisecond that HA keys its states
 * by (`micros`): Layer 1 keeps both, everything after it (Layers 2–4, detectors) reads `time`.
 * Built only by `normalize.ts` (from HA's wire format) or by the storage layer reading back what
 * normalize produced.
 */

/** Who caused a state change, from HA's context: a person (user_id), an automation (parent_id), or neither. */
export type EventCause = 'person' | 'automation' | 'system';

export interface StateEvent {
  /** When HA wrote the new state (`time_fired`, equal to `new_state.last_updated`), UTC ms. */
  readonly time: number;
  /**
   * The microseconds within `time`'s millisecond (1–999), absent when 0. HA stamps states to the
   * microsecond: two states of one entity in one millisecond are two events.
   */
  readonly micros?: number;
  readonly entityId: string;
  /** The part of the entity id before the dot. */
  readonly domain: string;
  /** The new state; null when the entity was removed. */
  readonly state: string | null;
  /** The state before; null the first time an entity is seen. */
  readonly oldState: string | null;
  /** The new state's attributes ({} when none, or when over HA recorder's 16 KB limit). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Registry enrichment (tags in Layer 1); null when unknown. */
  readonly deviceId: string | null;
  readonly areaId: string | null;
  readonly cause: EventCause;
}

/** Total order used everywhere events are listed: time to the microsecond, then entity id. Independent of arrival order. */
export function compareEvents(a: StateEvent, b: StateEvent): number {
  if (a.time !== b.time) return a.time - b.time;
  const micros = (a.micros ?? 0) - (b.micros ?? 0);
  if (micros !== 0) return micros;
  return a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0;
}

/** An event's time as HA keeps it: integer microseconds since the epoch (safe up to year 2255). */
export function eventMicros(e: Pick<StateEvent, 'time' | 'micros'>): number {
  return e.time * 1000 + (e.micros ?? 0);
}

/** `time` and `micros` of integer epoch microseconds (`micros` left out when 0, as stores read it back). */
export function splitMicros(us: number): { time: number; micros?: number } {
  const time = Math.floor(us / 1000);
  const micros = us - time * 1000;
  return micros === 0 ? { time } : { time, micros };
}

export function domainOf(entityId: string): string {
  const dot = entityId.indexOf('.');
  return dot < 0 ? entityId : entityId.slice(0, dot);
}

/** A friendly name for people: the attribute HA shows, else the entity id. */
export function friendlyName(event: Pick<StateEvent, 'attributes' | 'entityId'>): string {
  const name = event.attributes['friendly_name'];
  return typeof name === 'string' && name.length > 0 ? name : event.entityId;
}
