/**
 * Which periods are due: every local day up to yesterday without a completed daily run, oldest
 * first, as long as its raw events are whole. Days before the last retention run's cutoff may
 * be partly gone and are skipped rather than run on half their input; older imported history
 * that retention has not touched yet is processed (catch-up runs before retention).
 */
import type { Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { rawCutoff } from './retention.js';

export async function dueDays(storage: Storage, calendar: Calendar, now: number): Promise<string[]> {
  const yesterday = calendar.shift(calendar.periodOf('day', now), -1);
  const oldestEvent = (await storage.events.stats()).oldest;
  if (oldestEvent === null) return [];
  // the first day retention has not cut into
  const cutoff = rawCutoff(storage) ?? Number.NEGATIVE_INFINITY;
  let first = calendar.periodOf('day', Math.max(oldestEvent, cutoff));
  if (first.start < cutoff) first = calendar.shift(first, 1);
  if (first.start > yesterday.start) return [];
  return calendar.daysBetween(first.key, yesterday.key).filter((day) => storage.runs.lastCompleted('daily', day) === undefined);
}

/** Whether retention already ran for the local day of `now`. */
export function retentionDue(storage: Storage, calendar: Calendar, now: number): boolean {
  return storage.runs.lastCompleted('retention', calendar.periodOf('day', now).key) === undefined;
}

/**
 * ISO weeks that are over (their Sunday has ended) and whose days have Layer 2 records, without a
 * completed weekly run, oldest first. They run after the daily jobs of the same tick.
 */
export async function dueWeeks(storage: Storage, calendar: Calendar, now: number): Promise<string[]> {
  const oldest = (await storage.aggregates.stats(BUCKETS.daily)).oldest;
  if (oldest === null) return [];
  const weeks: string[] = [];
  for (let w = calendar.periodOf('week', oldest); w.end <= now; w = calendar.shift(w, 1)) {
    if (storage.runs.lastCompleted('weekly', w.key) === undefined) weeks.push(w.key);
  }
  return weeks;
}

/**
 * Months that are over and whose days have Layer 2 records, without a completed monthly run,
 * oldest first. They run after the daily (and weekly) jobs of the same tick: the 1st's tick.
 */
export async function dueMonths(storage: Storage, calendar: Calendar, now: number): Promise<string[]> {
  const oldest = (await storage.aggregates.stats(BUCKETS.daily)).oldest;
  if (oldest === null) return [];
  const months: string[] = [];
  for (let m = calendar.periodOf('month', oldest); m.end <= now; m = calendar.shift(m, 1)) {
    if (storage.runs.lastCompleted('monthly', m.key) === undefined) months.push(m.key);
  }
  return months;
}
