/**
 * The edge: an HA `state_changed` event object (as the WebSocket delivers it in `event`, or as
 * a JSON line) becomes a StateEvent, or a clear reason why not. Validation happens here once;
 * everything behind this function trusts its output.
 */
import { domainOf, type EventCause, type StateEvent } from './model.js';

/** HA's recorder stores attributes over this size as {} (`MAX_STATE_ATTRS_BYTES`). */
export const MAX_ATTRIBUTES_BYTES = 16384;
/** HA's limit on a state string (`MAX_LENGTH_STATE_STATE`). */
export const MAX_STATE_LENGTH = 255;
export const MAX_ENTITY_ID_LENGTH = 255;
/** Earliest time accepted; HA did not exist before it. */
export const EARLIEST_TIME = Date.UTC(2000, 0, 1);
/** How far ahead of our clock an event may be stamped (clock skew between HA and us). */
export const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

/** HA's entity id: `domain.object_id`, lowercase letters, digits and underscores. */
export const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;

export interface Registry {
  /** Effective device and area of an entity (area of the entity, else of its device). */
  lookup(entityId: string): { deviceId: string | null; areaId: string | null } | undefined;
}

export interface NormalizeOptions {
  /** Clock used to reject far-future timestamps; defaults to Date.now(). */
  readonly now?: number;
  readonly registry?: Registry;
}

export type Normalized =
  | { readonly ok: true; readonly event: StateEvent; readonly attributesDropped: boolean }
  /** `ignored`: a valid event of another type; `invalid`: malformed input. */
  | { readonly ok: false; readonly kind: 'ignored' | 'invalid'; readonly reason: string };

const invalid = (reason: string): Normalized => ({ ok: false, kind: 'invalid', reason });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses an HA timestamp: ISO-8601 string (microseconds allowed) or epoch seconds. */
export function parseHaTime(value: unknown): number | null {
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return epochSecondsToMs(value);
  return null;
}

/** Float epoch seconds (recorder, compressed history) to integer ms without float rounding down. */
export function epochSecondsToMs(seconds: number): number {
  return Math.floor(Math.round(seconds * 1e6) / 1000);
}

function stateString(value: unknown, field: string): { state: string | null } | { error: string } {
  if (value === undefined || value === null) return { state: null };
  if (!isObject(value)) return { error: `${field} must be an object or null` };
  const s = value['state'];
  if (typeof s === 'string') {
    if (s.length > MAX_STATE_LENGTH) return { error: `${field}.state is longer than ${MAX_STATE_LENGTH} characters` };
    return { state: s };
  }
  if (typeof s === 'number' || typeof s === 'boolean') return { state: String(s) };
  return { error: `${field}.state must be a string` };
}

function causeOf(context: unknown): EventCause {
  if (!isObject(context)) return 'system';
  if (typeof context['user_id'] === 'string' && context['user_id'] !== '') return 'person';
  if (typeof context['parent_id'] === 'string' && context['parent_id'] !== '') return 'automation';
  return 'system';
}

export function normalizeStateChanged(raw: unknown, options: NormalizeOptions = {}): Normalized {
  if (!isObject(raw)) return invalid('event must be a JSON object');
  // Accept the whole WebSocket message too: {"id":…,"type":"event","event":{…}}.
  const ev = raw['type'] === 'event' && isObject(raw['event']) ? raw['event'] : raw;
  const type = ev['event_type'];
  if (type !== 'state_changed') {
    if (typeof type === 'string') return { ok: false, kind: 'ignored', reason: `event_type ${type} is not state_changed` };
    return invalid('event_type is missing');
  }
  const data = ev['data'];
  if (!isObject(data)) return invalid('data must be an object');
  const entityId = data['entity_id'];
  if (typeof entityId !== 'string') return invalid('data.entity_id must be a string');
  if (entityId.length > MAX_ENTITY_ID_LENGTH || !ENTITY_ID.test(entityId)) {
    return invalid(`data.entity_id ${JSON.stringify(entityId.slice(0, 80))} is not a valid entity id (domain.object_id, lowercase)`);
  }
  const newState = data['new_state'];
  const oldState = data['old_state'];
  const next = stateString(newState, 'new_state');
  if ('error' in next) return invalid(next.error);
  const prev = stateString(oldState, 'old_state');
  if ('error' in prev) return invalid(prev.error);
  if (isObject(newState) && newState['entity_id'] !== undefined && newState['entity_id'] !== entityId) {
    return invalid('new_state.entity_id differs from data.entity_id');
  }
  if (next.state === null && prev.state === null) return invalid('new_state and old_state are both missing');

  // last_updated of the new state is the key HA's history also returns; time_fired equals it.
  const timeSource = isObject(newState) && newState['last_updated'] !== undefined ? newState['last_updated'] : ev['time_fired'];
  const time = parseHaTime(timeSource);
  if (time === null) return invalid('time_fired / new_state.last_updated is missing or not a timestamp');
  const now = options.now ?? Date.now();
  if (time < EARLIEST_TIME) return invalid(`timestamp ${new Date(time).toISOString()} is before 2000`);
  if (time > now + MAX_CLOCK_SKEW_MS) return invalid(`timestamp ${new Date(time).toISOString()} is in the future`);

  let attributes: Record<string, unknown> = {};
  let attributesDropped = false;
  if (isObject(newState) && newState['attributes'] !== undefined && newState['attributes'] !== null) {
    const attrs = newState['attributes'];
    if (!isObject(attrs)) return invalid('new_state.attributes must be an object');
    const json = JSON.stringify(attrs);
    if (Buffer.byteLength(json) > MAX_ATTRIBUTES_BYTES) attributesDropped = true;
    else attributes = attrs;
  }

  const context = isObject(newState) ? newState['context'] ?? ev['context'] : ev['context'];
  const enrichment = options.registry?.lookup(entityId);
  return {
    ok: true,
    attributesDropped,
    event: {
      time,
      entityId,
      domain: domainOf(entityId),
      state: next.state,
      oldState: prev.state,
      attributes,
      deviceId: enrichment?.deviceId ?? null,
      areaId: enrichment?.areaId ?? null,
      cause: causeOf(context),
    },
  };
}
