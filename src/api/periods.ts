/**
 * Period boundaries on the API's hot path. The Calendar is the one authority on the home's zone,
 * but asking luxon for a local midnight costs tens of microseconds (Intl), and a query touches
 * dozens of them; a home only ever asks about a few hundred distinct days, so each day's start
 * is asked of the Calendar once and remembered. Weeks and months are found from their first day.
 */
import type { Calendar, PeriodKind } from '../time/calendar.js';

const DAY_MS = 86_400_000;
/** Remembered days per calendar before starting afresh (a few years of days). */
const MAX_REMEMBERED = 5000;
const remembered = new WeakMap<Calendar, Map<string, number>>();

/** UTC ms of local midnight starting the day `YYYY-MM-DD`. */
export function dayStart(calendar: Calendar, dayKey: string): number {
  let days = remembered.get(calendar);
  if (days === undefined) remembered.set(calendar, (days = new Map()));
  let start = days.get(dayKey);
  if (start === undefined) {
    if (days.size >= MAX_REMEMBERED) days.clear();
    start = calendar.day(dayKey).start;
    days.set(dayKey, start);
  }
  return start;
}

/** Days since 1970-01-01 of a day key, and back. */
export const dayIndexOf = (dayKey: string) => Date.parse(`${dayKey}T00:00:00Z`) / DAY_MS;
export const dayKeyOf = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);

/** The key of the first day of the period of a kind holding a local day. */
export function firstDayOf(kind: PeriodKind, dayKey: string, calendar: Calendar): string {
  if (kind === 'day') return dayKey;
  if (kind === 'month') return `${dayKey.slice(0, 8)}01`;
  return dayKeyOf(dayIndexOf(dayKey) - (calendar.weekday(dayKey) - 1));
}

/** Start of the period of a kind holding a moment. */
export function periodStart(kind: PeriodKind, time: number, calendar: Calendar): number {
  return dayStart(calendar, firstDayOf(kind, calendar.dayKey(time), calendar));
}

/** End (exclusive) of the period of a kind holding the moment just before `time`. */
export function periodEndBefore(kind: PeriodKind, time: number, calendar: Calendar): number {
  const first = firstDayOf(kind, calendar.dayKey(time - 1), calendar);
  if (kind === 'day') return dayStart(calendar, dayKeyOf(dayIndexOf(first) + 1));
  if (kind === 'week') return dayStart(calendar, dayKeyOf(dayIndexOf(first) + 7));
  const [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  return dayStart(calendar, m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${first.slice(0, 5)}${String(m + 1).padStart(2, '0')}-01`);
}
