/**
 * Suggestions for the routines Group A finds: a time of day (time_based), one entity following
 * another (co_occurrence), and a chain (sequence). Each says what was seen in its description, so
 * the automation explains itself in Home Assistant's list.
 */
import { metadataOf, type MetadataOf } from '../../detectors/metadata.js';
import type { PatternRow } from '../../storage/types.js';
import { type Action, type Automation, type Condition, activationTrigger, clock, turnOnAction, WEEKDAYS, whyNotSwitchable } from './automation.js';
import type { Draft, Names } from './types.js';

const DAY_TYPES: Readonly<Record<string, string>> = { all: 'every day', weekdays: 'on weekdays', weekends: 'at weekends' };

const origin = (p: PatternRow) => `Suggested by homerhythm from pattern #${p.id} (${Math.round(p.confidence * 100)} % confidence).`;

function automation(alias: string, description: string, parts: Pick<Automation, 'triggers' | 'conditions' | 'actions'>): Automation {
  return { alias, description, mode: 'single', ...parts };
}

/** The routine's minute of the day: the exact one, else its "HH:MM". */
function typicalMinute(m: MetadataOf<'time_based'>): number {
  const exact = Number(m.typical_minute);
  if (Number.isFinite(exact)) return exact;
  const match = /^(\d{1,2}):(\d{2})$/.exec(String(m.typical_time));
  return match === null ? NaN : Number(match[1]) * 60 + Number(match[2]);
}

export function timeBased(p: PatternRow, names: Names): Draft {
  const m = metadataOf(p, 'time_based');
  const entityId = m.entity_id ?? p.device_id;
  const action = turnOnAction(entityId);
  if (action === null) return { reason: whyNotSwitchable(entityId) };
  const at = clock(typicalMinute(m));
  if (at === null) return { reason: 'the pattern carries no typical time' };
  const mask = (m.weekday_mask ?? []).filter((d) => d >= 1 && d <= 7);
  const conditions: Condition[] = mask.length > 0 && mask.length < 7 ? [{ condition: 'time', weekday: mask.map((d) => WEEKDAYS[d - 1]!) }] : [];
  const name = names(entityId);
  const seen = `${String(m.mask_days_matched ?? m.days_matched)} of ${String(m.mask_days_observed ?? m.days_observed)} days`;
  // A routine that holds on fewer days (day_type "some") is not said to be "every day".
  const when = DAY_TYPES[String(m.day_type)];
  return automation(
    when === undefined ? `${name}: on at ${at.slice(0, 5)} (seen on ${seen})` : `${name}: on at ${at.slice(0, 5)} ${when}`,
    `${name} turned on around ${String(m.typical_time)} ${when === undefined ? '' : `${when} `}on ${seen} (±${Math.round(Number(m.spread_minutes))} min). ${origin(p)}`,
    { triggers: [{ trigger: 'time', at }], conditions, actions: [action] },
  );
}

export function coOccurrence(p: PatternRow, names: Names): Draft {
  const m = metadataOf(p, 'co_occurrence');
  const { trigger, follower } = m;
  const action = turnOnAction(follower);
  if (action === null) return { reason: whyNotSwitchable(follower) };
  return automation(
    `${names(follower)}: on when ${names(trigger)} turns on`,
    `${names(follower)} followed ${names(trigger)} within ${String(m.window_minutes)} min in ${Math.round((m.confidence ?? p.confidence) * 100)} % of cases (${p.occurrences} times, typically after ${String(m.typical_lag_seconds)} s). ${origin(p)}`,
    { triggers: [activationTrigger(trigger)], conditions: [], actions: [action] },
  );
}

export function sequence(p: PatternRow, names: Names): Draft {
  const m = metadataOf(p, 'sequence');
  const steps = m.steps;
  if (steps.length < 2) return { reason: 'the sequence has fewer than two steps' };
  const [first, ...rest] = steps as [string, ...string[]];
  const actions: Action[] = rest.map(turnOnAction).filter((a): a is Action => a !== null);
  if (actions.length === 0) return { reason: `none of the later steps can be switched: ${rest.map(whyNotSwitchable).join('; ')}` };
  return automation(
    `${rest.map(names).join(', ')}: on after ${names(first)}`,
    `Seen ${p.occurrences} times: ${steps.map(names).join(' → ')}, each step within ${String(m.step_minutes)} min. ${origin(p)}`,
    { triggers: [activationTrigger(first)], conditions: [], actions },
  );
}
