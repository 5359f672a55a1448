// @ts-check
/** Pattern types in a HA user's words, and one sentence per pattern. */
import { percent } from './format.js';
import { areaName, nameOf } from './home.js';

/**
 * @typedef {{ id: number, pattern_type: string, device_id: string, pattern_metadata: Record<string, any>, confidence: number, occurrences: number,
 *   created_at: string, pattern_key: string, area_id: string | null, updated_at: string, last_seen: string, description: string }} Pattern
 */

/** type → [label, what it means] */
export const TYPES = /** @type {Record<string, [string, string]>} */ ({
  time_based: ['Time of day', 'turns on at about the same time of day'],
  co_occurrence: ['Follows another', 'turns on within minutes after another entity'],
  sequence: ['Sequence', 'a chain of entities used one after the other'],
  room_based: ['Room activity', 'when a room is busy and what is used together there'],
  duration: ['How long', 'how long an entity stays on'],
  anomaly: ['Unusual day', 'a day that departs from the entity’s own history'],
  session: ['Activity session', 'a burst of activity that recurs at about the same time'],
  day_type: ['Weekday vs weekend', 'used at another time or amount at weekends'],
  contextual: ['Context', 'used more after sunset, in some weather, temperature or presence'],
  seasonal: ['Seasonal', 'use that changes from month to month'],
});

/** @param {string} type */
export const typeLabel = (type) => TYPES[type]?.[0] ?? type.replace(/_/g, ' ');

const DAY_TYPES = /** @type {Record<string, string>} */ ({ all: 'every day', weekdays: 'on weekdays', weekends: 'at weekends' });

/**
 * One sentence, friendly names instead of ids. The data-api's sentence is used as it is, except
 * where it fell back to "type id (confidence)": those types get one here.
 * @param {Pattern} p
 */
export function sentence(p) {
  const m = p.pattern_metadata;
  const generic = p.description === `${p.pattern_type} ${p.device_id} (${percent(p.confidence)})`;
  if (!generic) return named(p.description);
  switch (p.pattern_type) {
    case 'session':
      return `Activity ${DAY_TYPES[m['day_type']] ?? ''} from about ${m['start_time']} to ${m['end_time']} in ${(m['areas'] ?? []).map(areaName).join(', ')} (${m['days']?.length ?? p.occurrences} of ${m['days_observed']} days)`;
    case 'day_type':
      return m['aspect'] === 'time'
        ? `${nameOf(m['entity_id'])} first turns on around ${m['weekday_first']} on weekdays but ${m['weekend_first']} at weekends`
        : `${nameOf(m['entity_id'])} is used more ${m['more_on'] === 'weekdays' ? 'on weekdays' : 'at weekends'}`;
    case 'contextual': {
      const c = m['context'] ?? {};
      return `${nameOf(m['entity_id'] ?? p.device_id)} is used mostly ${contextWords(c)}`;
    }
    default:
      return `${typeLabel(p.pattern_type)}: ${nameOf(p.device_id)}`;
  }
}

/** @param {{ kind?: string, value?: string, source_entity_id?: string | null, band?: { min: number | null, max: number | null, unit: string } }} c */
export function contextWords(c) {
  const value = String(c.value ?? '').replace(/_/g, ' ');
  switch (c.kind) {
    case 'sun':
      return c.value === 'above_horizon' ? 'while the sun is up' : 'while the sun is down';
    case 'weather':
      return `when the weather is ${value}`;
    case 'temperature': {
      const b = c.band;
      const band = b ? (b.min !== null && b.max !== null ? `${b.min}–${b.max} ${b.unit}` : b.max !== null ? `below ${b.max} ${b.unit}` : `above ${b.min} ${b.unit}`) : '';
      return band ? `when it is ${band} outside` : `when it is ${value} outside`;
    }
    case 'presence':
      return c.value === 'away' ? 'when nobody is home' : 'when someone is home';
    default:
      return `in context ${value}`;
  }
}

/** Replaces entity ids in a sentence by friendly names. @param {string} text */
function named(text) {
  return text.replace(/\b[a-z_]+\.[a-z0-9_]+\b/g, (id) => nameOf(id));
}

/** Labels for the statistics a detector keeps, where the key alone would not say what it is. */
const NUMBER_LABELS = /** @type {Record<string, string>} */ ({
  lift: 'lift (times more often than if it were chance)',
  p_value: 'p-value (the chance it is a fluke)',
  spread_minutes: 'spread (minutes)',
  typical_lag_seconds: 'typical delay (seconds)',
  typical_seconds: 'typical time on (seconds)',
  p90_seconds: '9 in 10 times within (seconds)',
  suggested_auto_off_minutes: 'suggested auto-off (minutes)',
});

/**
 * The numbers behind a pattern's sentence, for those who want them: how often it held when it
 * could have, and each plain number or word the detector kept as evidence.
 * @param {Pattern} p
 * @returns {[string, string][]}
 */
export function numbersOf(p) {
  /** @type {[string, string][]} */
  const rows = [['confidence (how often it held when it could have)', percent(p.confidence)], ['times seen', String(p.occurrences)]];
  for (const [key, value] of Object.entries(p.pattern_metadata)) {
    if (key === 'confidence' || (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean')) continue;
    rows.push([NUMBER_LABELS[key] ?? key.replace(/_/g, ' '), typeof value === 'string' ? named(value) : typeof value === 'number' ? plainNumber(key, value) : String(value)]);
  }
  return rows;
}

/** 4 significant digits; a vanishing p-value as the bound a person reads. @param {string} key @param {number} n */
function plainNumber(key, n) {
  if (key === 'p_value' && n < 0.001) return 'below 1 in 1,000';
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}
