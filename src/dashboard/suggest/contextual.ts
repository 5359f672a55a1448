/**
 * Suggestions for contextual patterns (Group C): an entity used more in a context taken from the
 * home's own entities. The context becomes the trigger: the sun setting or rising, an outdoor
 * temperature entering its band, a person leaving or coming home, the weather turning.
 */
import type { PatternRow } from '../../storage/types.js';
import { type Condition, type Trigger, turnOnAction, whyNotSwitchable } from './automation.js';
import type { Draft, Names } from './types.js';

export interface ContextInfo {
  readonly kind: 'sun' | 'weather' | 'temperature' | 'presence';
  readonly value: string;
  readonly source_entity_id: string | null;
  /** Presence: every person of the household the value was read from. */
  readonly source_entity_ids?: readonly string[];
  readonly band?: { readonly min: number | null; readonly max: number | null; readonly unit: string };
}

const SUN_EVENTS: Readonly<Record<string, 'sunset' | 'sunrise'>> = { below_horizon: 'sunset', night: 'sunset', dark: 'sunset', above_horizon: 'sunrise', day: 'sunrise', daylight: 'sunrise' };
/** Presence words → the person entity's state. */
const PRESENCE_STATES: Readonly<Record<string, string>> = { away: 'not_home', not_home: 'not_home', home: 'home' };

/** The context in words: "after sunset", "when it is rainy", "when nobody is home", "between 5 and 10 °C". */
export function contextWords(c: ContextInfo): string {
  switch (c.kind) {
    case 'sun':
      return SUN_EVENTS[c.value] === 'sunrise' ? 'while the sun is up' : 'after sunset';
    case 'weather':
      return `when the weather is ${c.value.replace(/_/g, ' ')}`;
    case 'temperature': {
      const unit = c.band?.unit ?? '';
      const min = c.band?.min ?? null;
      const max = c.band?.max ?? null;
      const band = min !== null && max !== null ? `between ${min} and ${max} ${unit}` : max !== null ? `below ${max} ${unit}` : min !== null ? `above ${min} ${unit}` : c.value;
      return `when it is ${c.value} outside (${band.trim()})`;
    }
    case 'presence':
      return c.value === 'away' ? 'when nobody is home' : c.value === 'home' ? 'when someone is home' : `when presence is ${c.value}`;
  }
}

function triggerOf(c: ContextInfo): Trigger | string {
  switch (c.kind) {
    case 'sun': {
      const event = SUN_EVENTS[c.value];
      return event === undefined ? `no sun event matches "${c.value}"` : { trigger: 'sun', event };
    }
    case 'temperature': {
      if (c.source_entity_id === null) return 'the temperature came from no entity of the home';
      const min = c.band?.min ?? null;
      const max = c.band?.max ?? null;
      if (min === null && max === null) return 'the temperature band has no bounds';
      return { trigger: 'numeric_state', entity_id: c.source_entity_id, ...(min !== null ? { above: min } : {}), ...(max !== null ? { below: max } : {}), for: { minutes: 10 } };
    }
    case 'presence': {
      if (c.source_entity_id === null) return 'presence of the whole household has no single entity to trigger on';
      const to = PRESENCE_STATES[c.value];
      return to === undefined ? `no person state matches "${c.value}"` : { trigger: 'state', entity_id: c.source_entity_id, to, for: { minutes: 5 } };
    }
    case 'weather':
      if (c.source_entity_id === null) return 'the weather came from no entity of the home';
      // Weather flips between close conditions; waiting a few minutes skips the flicker.
      return { trigger: 'state', entity_id: c.source_entity_id, to: c.value, for: { minutes: 10 } };
  }
}

export function contextOf(p: PatternRow): ContextInfo | null {
  const c = p.pattern_metadata['context'] as Partial<ContextInfo> | undefined;
  if (c === undefined || typeof c.kind !== 'string' || typeof c.value !== 'string') return null;
  if (!['sun', 'weather', 'temperature', 'presence'].includes(c.kind)) return null;
  const ids = Array.isArray(c.source_entity_ids) ? c.source_entity_ids.filter((x): x is string => typeof x === 'string') : [];
  return { kind: c.kind, value: c.value, source_entity_id: typeof c.source_entity_id === 'string' ? c.source_entity_id : null, ...(ids.length > 0 ? { source_entity_ids: ids } : {}), ...(c.band ? { band: c.band } : {}) };
}

export function contextual(p: PatternRow, names: Names): Draft {
  const m = p.pattern_metadata;
  const entityId = String(m['entity_id'] ?? p.device_id);
  const context = contextOf(p);
  if (context === null) return { reason: 'the pattern names no context this version knows (sun, weather, temperature, presence)' };
  const action = turnOnAction(entityId);
  if (action === null) return { reason: whyNotSwitchable(entityId) };
  const trigger = triggerOf(context);
  if (typeof trigger === 'string') return { reason: trigger };
  // nobody home: any person leaving can be the last; the condition checks everyone is away
  const people = context.kind === 'presence' ? (context.source_entity_ids ?? []) : [];
  const everyone = people.length > 1 && trigger.trigger === 'state';
  const triggers: Trigger[] = everyone ? people.map((id) => ({ ...trigger, entity_id: id })) : [trigger];
  const conditions: Condition[] = everyone && context.value === 'away' ? people.map((id) => ({ condition: 'state', entity_id: id, state: 'not_home' })) : [];
  const words = contextWords(context);
  const lift = Number(m['lift']);
  return {
    alias: `${names(entityId)}: on ${words}`,
    description:
      `${names(entityId)} was used ${Number.isFinite(lift) ? `${lift.toFixed(1)}×` : 'more'} as often ${words} ` +
      `(${m['rate_in_context']} vs ${m['rate_outside']} activations per hour). Suggested by homerhythm from pattern #${p.id} (${Math.round(p.confidence * 100)} % confidence).`,
    mode: 'single',
    triggers,
    conditions,
    actions: [action],
  };
}
