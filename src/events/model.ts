/**
 * The event model: one state change of one entity, as every layer and detector sees it.
 * Times are UTC milliseconds. Built only by `normalize.ts` (from HA's wire format) or by the
 * storage layer reading back what normalize produced.
 */

/** Who caused a state change, from HA's context: a person (user_id), an automation (parent_id), or neither. */
export type EventCause = 'person' | 'automation' | 'system';

export interface StateEvent {
  /** When HA wrote the new state (`time_fired`, equal to `new_state.last_updated`), UTC ms. */
  readonly time: number;
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

/** Total order used everywhere events are listed: time, then entity id. Independent of arrival order. */
export function compareEvents(a: StateEvent, b: StateEvent): number {
  if (a.time !== b.time) return a.time - b.time;
  return a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0;
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
