/**
 * The days a clock routine holds on, as its automation must keep them. A time trigger fires every
 * day, so a routine of weekdays, weekends or particular weekdays (the detector's day type and
 * weekday mask) gets a condition on the day; a routine with no day set ("on 16 of 30 days" spread
 * over the week) is irregular: its automation would fire every day, and says so.
 */
import { list, WEEKDAY_PLURALS } from '../../detectors/describe.js';
import type { MetadataOf } from '../../detectors/metadata.js';
import { isWorkdaySensor } from '../../events/activity.js';
import { DEFAULT_DETECTOR_SETTINGS } from '../../detectors/settings.js';
import { type Condition, WEEKDAYS } from './automation.js';

export type RoutineDays =
  /** Every day: no condition. */
  | { readonly kind: 'every' }
  /** ISO weekdays (1 = Monday), some but not all. */
  | { readonly kind: 'weekdays'; readonly weekdays: readonly number[] }
  /** No day set holds: a clock automation would fire on the days it was not done too. */
  | { readonly kind: 'irregular' };

type TimeBased = MetadataOf<'time_based'>;

const MONDAY_TO_FRIDAY = '1,2,3,4,5';

/** The weekdays of a day type, for a row (or a stored suggestion key) that names it without a mask. */
export const DAY_TYPE_MASKS: Readonly<Record<string, readonly number[]>> = { weekdays: [1, 2, 3, 4, 5], weekends: [6, 7] };

/** The mask's weekdays, in order, once each, when they are some but not all; else undefined. */
function properMask(m: TimeBased): number[] | undefined {
  const mask = [...new Set((m.weekday_mask ?? []).filter((d) => Number.isInteger(d) && d >= 1 && d <= 7))].sort((a, b) => a - b);
  return mask.length > 0 && mask.length < 7 ? mask : undefined;
}

/**
 * The day set of a routine from its own evidence: 'some' (no day type held) is irregular; a mask
 * of some weekdays is kept (a row without one: its day type's weekdays); 'all' is every day. A row from before day types has neither: it is
 * every day when it held on the share of days that earns the word, irregular below it.
 */
export function routineDays(m: TimeBased, wordShare = DEFAULT_DETECTOR_SETTINGS.timeBased.wordShare): RoutineDays {
  if (m.day_type === 'some') return { kind: 'irregular' };
  const mask = properMask(m) ?? DAY_TYPE_MASKS[m.day_type ?? ''];
  if (mask !== undefined) return { kind: 'weekdays', weekdays: mask };
  if (m.day_type !== undefined && m.day_type !== '') return { kind: 'every' };
  const matched = Number(m.days_matched);
  const observed = Number(m.days_observed);
  return observed > 0 && matched / observed >= wordShare ? { kind: 'every' } : { kind: 'irregular' };
}

/** Whether the days are Monday to Friday, what HA's workday sensor can stand for. */
export const isMondayToFriday = (d: RoutineDays): boolean => d.kind === 'weekdays' && d.weekdays.join(',') === MONDAY_TO_FRIDAY;

/** Whether the Workday sensor keeps the automation off holidays: a home with one, a routine on weekdays only (Monday to Friday or some of them). */
export const usesWorkday = (d: RoutineDays, workday: string | undefined): workday is string => workday !== undefined && d.kind === 'weekdays' && d.weekdays.every((w) => w <= 5);

/**
 * The condition keeping the automation to the routine's days: `condition: time` with HA's weekday
 * keys, and for a routine on weekdays only in a home with HA's Workday sensor, that sensor being on
 * too (it knows the public holidays, which a weekday list cannot); Monday to Friday needs the
 * sensor alone. None for every day (and for an irregular routine).
 */
export function dayConditions(d: RoutineDays, workday?: string): Condition[] {
  if (d.kind !== 'weekdays') return [];
  const list: Condition = { condition: 'time', weekday: d.weekdays.map((w) => WEEKDAYS[w - 1]!) };
  if (!usesWorkday(d, workday)) return [list];
  const sensor: Condition = { condition: 'state', entity_id: workday, state: 'on' };
  return isMondayToFriday(d) ? [sensor] : [list, sensor];
}

/** "every day", "on weekdays", "on workdays", "at weekends", "on Mon, Wed and Fri"; irregular: "on some days". */
export function dayWords(d: RoutineDays, workday?: string): string {
  if (d.kind === 'every') return 'every day';
  if (d.kind === 'irregular') return 'on some days';
  if (isMondayToFriday(d)) return workday === undefined ? 'on weekdays' : 'on workdays';
  if (d.weekdays.join(',') === '6,7') return 'at weekends';
  return `on ${list(d.weekdays.map((w) => WEEKDAY_PLURALS[w - 1]!.slice(0, 3)))}`;
}

/** Days a week the automation fires: 7 for every day and for an irregular routine. */
export const firesPerWeek = (d: RoutineDays): number => (d.kind === 'weekdays' ? d.weekdays.length : 7);

/**
 * Manual actions a week the automation takes over: the days a week it fires on which the routine
 * was done: the days it fires × the share of those days it was done on. NaN without the counts.
 */
export function doneDaysPerWeek(m: TimeBased, d: RoutineDays): number {
  // the mask's days are all days for 'all' and 'some'; a row from before masks has only all days
  const matched = Number(m.mask_days_matched ?? m.days_matched);
  const observed = Number(m.mask_days_observed ?? m.days_observed);
  return observed > 0 ? (firesPerWeek(d) * matched) / observed : NaN;
}

/**
 * The home's Workday sensor (HA's Workday integration: on on working days, off at weekends and on
 * the country's public holidays), among its entity ids: `binary_sensor.workday_sensor` by default,
 * the first by name when there are several.
 */
export function workdaySensor(entityIds: Iterable<string>): string | undefined {
  return [...entityIds].filter(isWorkdaySensor).sort()[0];
}
