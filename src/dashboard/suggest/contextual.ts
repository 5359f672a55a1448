/**
 * Suggestions for contextual patterns (Group C): an entity used more in a context taken from the
 * home's own entities. The context becomes the trigger: the sun setting or rising, an outdoor
 * temperature entering its band, a person leaving or coming home, the weather turning.
 */
import type { PatternRow } from '../../storage/types.js';
import { metadataOf } from '../../detectors/metadata.js';
import { type Condition, type Trigger, turnOnAction, whyNotSwitchable } from './automation.js';
import type { Draft, Names } from './types.js';
import { weatherConditions } from '../../detectors/context.js';

export interface ContextInfo {
  readonly kind: 'sun' | 'weather' | 'temperature' | 'presence';
  readonly value: string;
  readonly source_entity_id: string | null;
  /** Presence: every person of the household the value was read from. */
  readonly source_entity_ids?: readonly string[];
  readonly band?: { readonly min: number | null; readonly max: number | null; readonly unit: string };
}

const SUN_EVENTS: Readonly<Record<string, 'sunset' | 'sunrise'>> = { below_horizon: 'sunset', night: 'sunset', dark: 'sunset', above_horizon: 'sunrise', day: 'sunrise', daylight: 'sunrise' };

/** The context in words: "after sunset", "when it is rainy", "when nobody is home", "between 5 and 10 °C". */
export function contextWords(c: ContextInfo): string {
  switch (c.kind) {
    case 'sun':
      return SUN_EVENTS[c.value] === 'sunrise' ? 'while the sun is up' : 'while the sun is down';
    case 'weather':
      return `when the weather is ${c.value.replace(/_/g, ' ')}`;
    case 'temperature':
      return `when it is ${bandWords(c, (min, max, unit) => `between ${min} and ${max} ${unit}`)} outside`;
    case 'presence':
      return c.value === 'away' ? 'when nobody is home' : c.value === 'home' ? 'when someone is home' : `when presence is ${c.value}`;
  }
}

/** A temperature band in words: "between 5 and 10 °C" (or as `both` says it), "below 0 °C", "above 30 °C". */
function bandWords(c: ContextInfo, both: (min: number, max: number, unit: string) => string): string {
  const unit = c.band?.unit ?? '°C';
  const min = c.band?.min ?? null;
  const max = c.band?.max ?? null;
  if (min !== null && max !== null) return both(min, max, unit);
  if (max !== null) return `below ${max} ${unit}`;
  if (min !== null) return `above ${min} ${unit}`;
  return `${c.value.replace('..', ' to ')} ${unit}`;
}

/** "00:18:00" for 18 minutes after the event (HA reads a positive offset without a sign). */
function offset(minutes: number): string {
  const m = Math.round(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
}

/** The moment the context begins, in words: "sunset", "the last person leaves". */
function changeWords(c: ContextInfo): string {
  switch (c.kind) {
    case 'sun':
      return SUN_EVENTS[c.value] === 'sunrise' ? 'sunrise' : 'sunset';
    case 'weather':
      return `the weather turns ${c.value.replace(/_/g, ' ')}`;
    case 'presence':
      return c.value === 'away' ? 'the last person leaves' : 'someone comes home';
    case 'temperature':
      return `it turns ${bandWords(c, (min, max, unit) => `${min}–${max} ${unit}`)} outside`;
  }
}

/** The triggers (and conditions) for "the context began, and `delay` minutes passed" — the delay the pattern learned. */
function triggersOf(c: ContextInfo, delay: number): { triggers: Trigger[]; conditions: Condition[] } | string {
  const wait = { minutes: Math.max(1, Math.round(delay)) };
  switch (c.kind) {
    case 'sun': {
      const event = SUN_EVENTS[c.value];
      if (event === undefined) return `no sun event matches "${c.value}"`;
      return { triggers: [{ trigger: 'sun', event, ...(Math.round(delay) > 0 ? { offset: offset(delay) } : {}) }], conditions: [] };
    }
    case 'temperature': {
      if (c.source_entity_id === null) return 'the temperature came from no entity of the home';
      const min = c.band?.min ?? null;
      const max = c.band?.max ?? null;
      if (min === null && max === null) return 'the temperature band has no bounds';
      return { triggers: [{ trigger: 'numeric_state', entity_id: c.source_entity_id, ...(min !== null ? { above: min } : {}), ...(max !== null ? { below: max } : {}), for: wait }], conditions: [] };
    }
    case 'presence': {
      const people = c.source_entity_ids ?? (c.source_entity_id === null ? [] : [c.source_entity_id]);
      if (people.length === 0) return 'presence came from no person of the home';
      if (c.value === 'away') {
        // any person leaving home can be the last one; then nobody may be home (a zone such as Work counts as away)
        return {
          triggers: people.map((id) => ({ trigger: 'state', entity_id: id, from: 'home', for: wait })),
          conditions: people.length > 1 ? [{ condition: 'not', conditions: people.map((id) => ({ condition: 'state', entity_id: id, state: 'home' })) }] : [],
        };
      }
      if (c.value === 'home') return { triggers: people.map((id) => ({ trigger: 'state', entity_id: id, to: 'home', for: wait })), conditions: [] };
      return `no person state matches "${c.value}"`;
    }
    case 'weather': {
      if (c.source_entity_id === null) return 'the weather came from no entity of the home';
      const states = weatherConditions(c.value);
      if (states.length === 0) return `no weather condition belongs to "${c.value}"`;
      return { triggers: [{ trigger: 'state', entity_id: c.source_entity_id, to: states.length === 1 ? states[0]! : states, for: wait }], conditions: [] };
    }
  }
}

const CONTEXT_KINDS: readonly string[] = ['sun', 'weather', 'temperature', 'presence'] satisfies ContextInfo['kind'][];
const isContextKind = (kind: string): kind is ContextInfo['kind'] => CONTEXT_KINDS.includes(kind);

export function contextOf(p: PatternRow): ContextInfo | null {
  // only a context pattern has one
  if (p.pattern_type !== 'contextual') return null;
  const c = metadataOf(p, 'contextual').context;
  if (!isContextKind(c.kind)) return null;
  const ids = c.source_entity_ids ?? [];
  return { kind: c.kind, value: c.value, source_entity_id: c.source_entity_id ?? null, ...(ids.length > 0 ? { source_entity_ids: ids } : {}), ...(c.band ? { band: c.band } : {}) };
}

export function contextual(p: PatternRow, names: Names): Draft {
  const m = metadataOf(p, 'contextual');
  const entityId = m.entity_id ?? p.device_id;
  const context = contextOf(p);
  if (context === null) return { reason: 'the pattern names no context this version knows (sun, weather, temperature, presence)' };
  const action = turnOnAction(entityId);
  if (action === null) return { reason: whyNotSwitchable(entityId) };
  // Only when the entity acts a steady time after the context begins: then the change is the
  // trigger. Otherwise it just happens at times of day that fall in the context (a clock routine).
  const after = m.after_change_minutes;
  if (m.follows_change !== true || typeof after?.median !== 'number') {
    return { reason: `${names(entityId)} is used ${contextWords(context)} but not a steady time after it begins: its time-of-day pattern is the better automation` };
  }
  const made = triggersOf(context, after.median);
  if (typeof made === 'string') return { reason: made };
  const { triggers, conditions } = made;
  const words = contextWords(context);
  const lift = Number(m.lift);
  return {
    alias: `${names(entityId)}: on ${Math.round(after.median) > 0 ? `${Math.round(after.median)} min after ` : 'when '}${changeWords(context)}`,
    description:
      `${names(entityId)} was used ${words}, typically ${Math.round(after.median)} min after it began: ${Math.round(Number(m.share_in_context) * 100)} % of its uses, ` +
      `${Number.isFinite(lift) ? `${lift.toFixed(1)}× ` : ''}what that share of the time would give. Suggested by homerhythm from pattern #${p.id} (${Math.round(p.confidence * 100)} % confidence).`,
    mode: 'single',
    triggers,
    conditions,
    actions: [action],
  };
}
