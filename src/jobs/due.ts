/**
 * Which periods are due: every local day up to yesterday without a completed daily run, oldest
 * first, as long as its raw events are still retained (a day only partly kept would give wrong
 * aggregates, so it is skipped rather than run on half its input).
 */
import type { Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { DAY_MS } from './group-a.js';

export async function dueDays(storage: Storage, calendar: Calendar, now: number): Promise<string[]> {
  const yesterday = calendar.shift(calendar.periodOf('day', now), -1);
  const oldestEvent = (await storage.events.stats()).oldest;
  if (oldestEvent === null) return [];
  // the first whole day still inside raw retention
  const cutoff = now - storage.retention.rawDays * DAY_MS;
  let first = calendar.periodOf('day', Math.max(oldestEvent, cutoff));
  if (first.start < cutoff) first = calendar.shift(first, 1);
  if (first.start > yesterday.start) return [];
  return calendar.daysBetween(first.key, yesterday.key).filter((day) => storage.runs.lastCompleted('daily', day) === undefined);
}

/** Whether retention already ran for the local day of `now`. */
export function retentionDue(storage: Storage, calendar: Calendar, now: number): boolean {
  return storage.runs.lastCompleted('retention', calendar.periodOf('day', now).key) === undefined;
}
