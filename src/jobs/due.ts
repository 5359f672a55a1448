/**
 * Which periods are due: every local day up to yesterday without a completed daily run, oldest
 * first, as long as its raw events are whole. Days before the last retention run's cutoff may
 * be partly gone and are skipped rather than run on half their input; older imported history
 * that retention has not touched yet is processed (catch-up runs before retention).
 *
 * A gap fill (live ingestion, from HA's history) may store events of days whose daily job ran
 * already, on what was there then, and of days older than Layer 1 keeps: those days are due again
 * once, oldest first, while their raw events are whole — before retention prunes them.
 */
import { isStale } from '../detectors/registry.js';
import type { Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { rawCutoff } from './retention.js';
import { checkRunnable, NotRunnableError } from './runnable.js';

/** The days up to yesterday whose raw events are whole (retention has not cut into them), oldest first. */
async function wholeDays(storage: Storage, calendar: Calendar, now: number): Promise<string[]> {
  const yesterday = calendar.shift(calendar.periodOf('day', now), -1);
  const oldestEvent = (await storage.events.stats()).oldest;
  if (oldestEvent === null) return [];
  // the first day retention has not cut into
  const cutoff = rawCutoff(storage) ?? Number.NEGATIVE_INFINITY;
  let first = calendar.periodOf('day', Math.max(oldestEvent, cutoff));
  if (first.start < cutoff) first = calendar.shift(first, 1);
  if (first.start > yesterday.start) return [];
  return calendar.daysBetween(first.key, yesterday.key);
}

export async function dueDays(storage: Storage, calendar: Calendar, now: number): Promise<string[]> {
  const due = new Set((await wholeDays(storage, calendar, now)).filter((day) => storage.runs.lastCompleted('daily', day) === undefined));
  const yesterday = calendar.shift(calendar.periodOf('day', now), -1);
  for (const day of refilledDays(storage, calendar, yesterday.start, rawCutoff(storage) ?? Number.NEGATIVE_INFINITY)) due.add(day);
  return [...due].sort();
}

/**
 * Days that ran, whose Layer 2 summary was written by an older version (a record older than its
 * measurement's version), and whose raw events are still whole: the catch-up runs them again,
 * oldest first, so this version summarises them. Every ran day after the first stale one is run
 * again too: a day's anomalies are scored against the days before it, so re-summarising a day
 * re-scores the days after it. Days whose raw events are gone keep their old summary, which the
 * jobs read through its decoder (registry.ts) or leave out and say so.
 */
export async function staleDays(storage: Storage, calendar: Calendar, now: number): Promise<string[]> {
  const ran = (await wholeDays(storage, calendar, now)).filter((day) => storage.runs.lastCompleted('daily', day) !== undefined);
  if (ran.length === 0) return [];
  const stale = new Set((await storage.aggregates.query({ bucket: BUCKETS.daily, periods: ran })).filter(isStale).map((r) => r.period));
  const first = ran.find((day) => stale.has(day));
  if (first === undefined) return [];
  const out: string[] = [];
  for (const day of ran.filter((d) => d >= first)) {
    try {
      // a day whose raw events are fewer than its last run read is not run on less
      await checkRunnable(storage, calendar, calendar.day(day), now);
      out.push(day);
    } catch (e) {
      if (!(e instanceof NotRunnableError)) throw e;
    }
  }
  return out;
}

/**
 * Days a gap fill stored events in after their last daily run (or that never ran), up to
 * yesterday. A day before retention's cutoff counts only when the fill covered it from its start
 * and retention has not run since (it would have pruned the day again).
 */
function refilledDays(storage: Storage, calendar: Calendar, yesterdayStart: number, cutoff: number): string[] {
  const days: string[] = [];
  const retention = storage.runs.list({ job: 'retention', status: 'success', limit: 1 })[0];
  for (const fill of storage.runs.list({ job: 'gap_fill', status: 'success', limit: 20 })) {
    const from = fill.counts['from'];
    const to = fill.counts['to'];
    const filledAt = fill.finishedAt;
    if (from === undefined || to === undefined || filledAt === null) continue;
    const prunedSince = retention !== undefined && (retention.finishedAt ?? retention.startedAt) >= filledAt;
    for (let d = calendar.periodOf('day', from); d.start <= yesterdayStart && d.start < to; d = calendar.shift(d, 1)) {
      const whole = d.start >= cutoff || (from <= d.start && !prunedSince);
      const last = storage.runs.lastCompleted('daily', d.key);
      if (whole && (last === undefined || last.startedAt < filledAt)) days.push(d.key);
    }
  }
  return days;
}

/** Whether retention already ran for the local day of `now`. */
export function retentionDue(storage: Storage, calendar: Calendar, now: number): boolean {
  return storage.runs.lastCompleted('retention', calendar.periodOf('day', now).key) === undefined;
}

/**
 * Weeks or months that are over and whose days have Layer 2 records, oldest first: those without
 * a completed run, and those one of whose days had its daily job run again since (a gap fill, a
 * catch-up of stale summaries, a re-run by hand): their Layer 3 records and patterns were derived
 * from the days as they were. A re-run that would read fewer days than the last one is left
 * alone (runnable.ts says why when run by hand). They run after the daily jobs of the same tick:
 * a week in the Monday tick (ISO weeks end on Sunday), a month in the 1st's.
 */
async function dueEnded(storage: Storage, calendar: Calendar, now: number, kind: 'week' | 'month', job: 'weekly' | 'monthly'): Promise<string[]> {
  const oldest = (await storage.aggregates.stats(BUCKETS.daily)).oldest;
  if (oldest === null) return [];
  const due: string[] = [];
  for (const key of endedPeriods(calendar, kind, oldest, now)) {
    const last = storage.runs.lastCompleted(job, key);
    if (last === undefined) {
      due.push(key);
      continue;
    }
    const period = calendar.period(kind, key);
    // run ids grow with each run started, whatever the wall clock did in between
    if (!calendar.daysOf(period).some((day) => (storage.runs.lastCompleted('daily', day)?.id ?? 0) > last.id)) continue;
    try {
      await checkRunnable(storage, calendar, period, now);
      due.push(key);
    } catch (e) {
      if (!(e instanceof NotRunnableError)) throw e;
    }
  }
  return due;
}

/** Keys of the weeks or months from the one holding `from` to the last that has ended by `now`. */
export function endedPeriods(calendar: Calendar, kind: 'week' | 'month', from: number, now: number): string[] {
  const keys: string[] = [];
  for (let p = calendar.periodOf(kind, from); p.end <= now; p = calendar.shift(p, 1)) keys.push(p.key);
  return keys;
}

export const dueWeeks = (storage: Storage, calendar: Calendar, now: number) => dueEnded(storage, calendar, now, 'week', 'weekly');
export const dueMonths = (storage: Storage, calendar: Calendar, now: number) => dueEnded(storage, calendar, now, 'month', 'monthly');
