/**
 * Suggestions for the routines Group A finds: a time of day (time_based), one entity following
 * another (co_occurrence), and a chain (sequence). Each says what was seen in its description, so
 * the automation explains itself in Home Assistant's list.
 */
import { onVerb, subjectOf } from '../../detectors/device-words.js';
import { metadataOf, type MetadataOf } from '../../detectors/metadata.js';
import type { PatternRow } from '../../storage/types.js';
import { type Action, type Automation, activationTrigger, clock, turnOnAction, whyNotSwitchable } from './automation.js';
import { dayConditions, dayWords, doneDaysPerWeek, isMondayToFriday, routineDays, type RoutineDays, usesWorkday } from './days.js';
import type { Draft, Home, Names } from './types.js';

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

/**
 * A clock time, kept to the routine's days (days.ts). An irregular routine is still offered, and
 * says in its title that it runs every day though it was done on only some of them: the user sees
 * the habit and decides; it ranks below every routine with a day set (suggestions/fold.ts), and
 * counts as saving only the days it was done.
 */
export function timeBased(p: PatternRow, names: Names, home: Pick<Home, 'workday'>): Draft {
  const m = metadataOf(p, 'time_based');
  const entityId = m.entity_id ?? p.device_id;
  const action = turnOnAction(entityId);
  if (action === null) return { reason: whyNotSwitchable(entityId) };
  const at = clock(typicalMinute(m));
  if (at === null) return { reason: 'the pattern carries no typical time' };
  const days = routineDays(m);
  const workday = home.workday;
  const when = dayWords(days, workday);
  const name = names(entityId);
  const time = at.slice(0, 5);
  const spread = `(±${Math.round(Number(m.spread_minutes))} min)`;
  if (days.kind === 'irregular') {
    const perWeek = Math.round(doneDaysPerWeek(m, days));
    const often = Number.isFinite(perWeek) ? `on about ${perWeek} of 7 days` : 'on some days only';
    return automation(
      `${name}: on at ${time} every day (you do this ${often})`,
      `${name} turned on around ${String(m.typical_time)} on ${String(m.days_matched ?? m.mask_days_matched)} of ${String(m.days_observed ?? m.mask_days_observed)} days ${spread}, on no particular weekdays. This runs every day, though you did this ${often}: on the other days it switches ${name} on when you would not have. ${origin(p)}`,
      { triggers: [{ trigger: 'time', at }], conditions: [], actions: [action] },
    );
  }
  const seen = `${String(m.mask_days_matched ?? m.days_matched)} of ${String(m.mask_days_observed ?? m.days_observed)} days`;
  const holidays = holidayWords(m, days, workday);
  return automation(`${name}: on at ${time} ${when}`, `${name} turned on around ${String(m.typical_time)} ${when} on ${seen} ${spread}.${holidays} ${origin(p)}`, {
    triggers: [{ trigger: 'time', at }],
    conditions: dayConditions(days, workday),
    actions: [action],
  });
}

/**
 * What the automation does on holidays. With a Workday sensor a routine on weekdays only is kept
 * to workdays by it. Without one, HA's conditions cannot tell the config's holidays (a template
 * with the dates would go stale with next year's), so a weekday list runs on them: said when the
 * routine was skipped on one, with how to keep it off them.
 */
function holidayWords(m: MetadataOf<'time_based'>, days: RoutineDays, workday: string | undefined): string {
  if (usesWorkday(days, workday)) return isMondayToFriday(days) ? ` ${workday} is on: Monday to Friday, except the holidays HA's Workday integration knows.` : ` Only while ${workday} is on: not on the holidays HA's Workday integration knows.`;
  const skipped = m.holidays_skipped ?? [];
  if (skipped.length === 0) return '';
  const which = skipped.length === 1 ? `the holiday ${skipped[0]!}` : `holidays (${skipped.join(', ')})`;
  const how = workday === undefined ? " With HA's Workday integration (binary_sensor.workday_sensor) homerhythm keeps a weekday routine to workdays." : '';
  return ` It would also run on holidays: you did not do this on ${which}.${how}`;
}

export function coOccurrence(p: PatternRow, names: Names, home?: Home): Draft {
  const m = metadataOf(p, 'co_occurrence');
  const { trigger, follower } = m;
  const action = turnOnAction(follower);
  if (action === null) return { reason: whyNotSwitchable(follower) };
  return automation(
    `${names(follower)}: on when ${names(trigger)} ${onVerb(subjectOf(trigger, home?.words))}`,
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
