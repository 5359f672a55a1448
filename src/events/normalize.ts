/**
 * The edge: an HA `state_changed` event object (as the WebSocket delivers it in `event`, or as
 * a JSON line) becomes a StateEvent, or a clear reason why not. Validation happens here once;
 * everything behind this function trusts its output.
 */
import { domainOf, type EventCause, splitMicros, type StateEvent } from './model.js';

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

/** The latest instant a JS Date can hold (±8.64e15 ms); a time outside it is no time at all. */
const MAX_DATE_MS = 8.64e15;

/**
 * ISO-8601 date and time as HA writes it (`2026-11-24T07:01:02.123456+00:00`), also with a space
 * for the `T` (SQLite datetimes) and without seconds or offset. Nothing else: Date.parse would
 * also take `1` (2001), `2026-02-30` (2 March) or a naive time in the machine's own zone.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** UTC ms of an ISO-8601 date-time; null when it is not one or names no real instant. Naive times are UTC, as HA's `dt_util.as_utc` reads them. */
export function parseIsoTime(text: string): number | null {
  const us = parseIsoMicros(text);
  return us === null ? null : Math.floor(us / 1000);
}

/** UTC microseconds of an ISO-8601 date-time (HA writes six fraction digits; more are cut off); null as for `parseIsoTime`. */
export function parseIsoMicros(text: string): number | null {
  const m = ISO_TIME.exec(text);
  if (m === null) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0').slice(0, 6));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 30 February over to 2 March, and reads years 0–99 as 1900–1999.
  const check = new Date(wall);
  if (check.getUTCDate() !== d || check.getUTCFullYear() !== y) return null;
  let ms = wall;
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11]);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    ms -= (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return ms * 1000 + fraction;
}

/** Parses an HA timestamp to UTC ms: ISO-8601 string (microseconds allowed) or epoch seconds; null when it is neither or beyond what a Date holds. */
export function parseHaTime(value: unknown): number | null {
  const us = parseHaMicros(value);
  return us === null ? null : Math.floor(us / 1000);
}

/** Parses an HA timestamp to UTC microseconds, HA's own precision; null as for `parseHaTime`. */
export function parseHaMicros(value: unknown): number | null {
  let us: number | null = null;
  if (typeof value === 'string') us = parseIsoMicros(value);
  else if (typeof value === 'number' && Number.isFinite(value)) us = epochSecondsToMicros(value);
  return us !== null && Number.isFinite(us) && Math.abs(us) <= MAX_DATE_MS * 1000 ? us : null;
}

/** Float epoch seconds (recorder, compressed history) to integer ms without float rounding down. */
export function epochSecondsToMs(seconds: number): number {
  return Math.floor(epochSecondsToMicros(seconds) / 1000);
}

/**
 * Float epoch seconds to integer microseconds, rounded: a double holds 1700000000.123456 as
 * 1700000000.1234560013, or 1700000000.123457 as …4569988, so truncating would lose a microsecond.
 * Rounded as HA's own datetimes are (Python's `datetime.fromtimestamp`): the whole seconds, then
 * the fraction × 10⁶ rounded half to even. HA's recorder keeps the raw `time.time()` float, and
 * `seconds * 1e6` would round twice (doubles near 1.8e15 are 0.25 apart: …727.49 becomes …727.5,
 * then …728, while HA's state says …727; seen against a real HA's recorder).
 */
export function epochSecondsToMicros(seconds: number): number {
  const whole = Math.floor(seconds);
  const fraction = (seconds - whole) * 1e6;
  const rounded = Math.round(fraction);
  return whole * 1_000_000 + (rounded - fraction === 0.5 && rounded % 2 === 1 ? rounded - 1 : rounded);
}

/** Deeper than HA itself can serialise (orjson stops at 255): such attributes never come from HA. */
export const MAX_ATTRIBUTES_DEPTH = 255;

function nestedDeeperThan(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth === 0) return true;
  for (const key in value) if (nestedDeeperThan((value as Record<string, unknown>)[key], depth - 1)) return true;
  return false;
}

/** The attributes as they are stored: {} (and `dropped`) when over 16 KB, nested too deeply, or not JSON at all, as HA's recorder does. */
function storedAttributes(attrs: Record<string, unknown>): { attributes: Record<string, unknown>; dropped: boolean } {
  if (nestedDeeperThan(attrs, MAX_ATTRIBUTES_DEPTH)) return { attributes: {}, dropped: true };
  let json: string | undefined;
  try {
    json = JSON.stringify(attrs);
  } catch {
    json = undefined; // a cycle, a BigInt, a throwing toJSON: only in-process callers can build these
  }
  if (typeof json !== 'string' || Buffer.byteLength(json) > MAX_ATTRIBUTES_BYTES) return { attributes: {}, dropped: true };
  return { attributes: attrs, dropped: false };
}

/** A lone UTF-16 surrogate cannot be stored as UTF-8; SQLite would store U+FFFD in its place. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function stateString(value: unknown, field: string): { state: string | null } | { error: string } {
  if (value === undefined || value === null) return { state: null };
  if (!isObject(value)) return { error: `${field} must be an object or null` };
  const s = value['state'];
  if (typeof s === 'string') {
    if (s.length > MAX_STATE_LENGTH) return { error: `${field}.state is longer than ${MAX_STATE_LENGTH} characters` };
    return { state: s.replace(LONE_SURROGATE, '\uFFFD') };
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
    if (typeof type === 'string') return { ok: false, kind: 'ignored', reason: `event_type ${JSON.stringify(type.slice(0, 80))} is not state_changed` };
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
  const timeSource = isObject(newState) ? (newState['last_updated'] ?? ev['time_fired']) : ev['time_fired'];
  const us = parseHaMicros(timeSource);
  if (us === null) return invalid('time_fired / new_state.last_updated is missing or not a timestamp');
  const { time, micros } = splitMicros(us);
  const now = options.now ?? Date.now();
  if (time < EARLIEST_TIME) return invalid(`timestamp ${new Date(time).toISOString()} is before 2000`);
  if (time > now + MAX_CLOCK_SKEW_MS) return invalid(`timestamp ${new Date(time).toISOString()} is in the future`);

  let attributes: Record<string, unknown> = {};
  let attributesDropped = false;
  if (isObject(newState) && newState['attributes'] !== undefined && newState['attributes'] !== null) {
    const attrs = newState['attributes'];
    if (!isObject(attrs)) return invalid('new_state.attributes must be an object');
    ({ attributes, dropped: attributesDropped } = storedAttributes(attrs));
  }

  const context = isObject(newState) ? newState['context'] ?? ev['context'] : ev['context'];
  const enrichment = options.registry?.lookup(entityId);
  return {
    ok: true,
    attributesDropped,
    event: {
      time,
      ...(micros === undefined ? {} : { micros }),
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
