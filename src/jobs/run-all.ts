/**
 * `run all`: analyses a range of history in the order the layers build on each other — every day
 * (Layer 1 → 2), then every ISO week and month that has ended (Layer 2 → 3 and 4) — as an
 * imported home needs once. Each period is checked like a run by hand (it must have ended and its
 * inputs must be stored, whatever its age); one that cannot run is skipped with its reason, and
 * one whose job fails is reported and the rest still run.
 */
import type { DetectorSettings } from '../detectors/settings.js';
import type { PatternUpsert, Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { runDailyJob } from './daily.js';
import { runMonthlyJob } from './monthly.js';
import { checkRunnable, NotRunnableError } from './runnable.js';
import { runWeeklyJob } from './weekly.js';

export type PeriodJob = 'daily' | 'weekly' | 'monthly';

export interface PeriodRun {
  readonly job: PeriodJob;
  readonly period: string;
  /** skipped: not runnable (reason in `error`); failed: the job threw (its run is recorded as failed). */
  readonly status: 'success' | 'partial' | 'skipped' | 'failed';
  readonly patterns: readonly PatternUpsert[];
  /** daily: events of the day; weekly/monthly: days of Layer 2 read. */
  readonly inputs: number;
  readonly error: string | null;
  /** What its inputs held of older summary versions, and left out (null: all current). */
  readonly versions?: string | null;
}

export interface RunAllProgress {
  readonly done: number;
  readonly all: number;
  readonly run: PeriodRun;
}

export interface RunAllRange {
  /** First and last local day (YYYY-MM-DD); default: the days of the stored raw events. */
  readonly from?: string;
  readonly to?: string;
}

export interface RunAllPlan {
  readonly days: readonly string[];
  readonly weeks: readonly string[];
  readonly months: readonly string[];
}

export class RunAllRangeError extends Error {}

/** The one dispatch from a job name to its job, as `run daily|weekly|monthly` and `run all` use it. */
export async function runPeriod(storage: Storage, calendar: Calendar, job: PeriodJob, period: string, settings: DetectorSettings, clock: () => number = Date.now): Promise<PeriodRun> {
  if (job === 'daily') {
    const r = await runDailyJob(storage, calendar, period, settings, clock);
    return { job, period: r.day, status: r.status, patterns: r.patterns, inputs: r.events, error: r.error, versions: r.versions };
  }
  if (job === 'weekly') {
    const r = await runWeeklyJob(storage, calendar, period, settings, clock);
    return { job, period: r.week, status: r.status, patterns: r.patterns, inputs: r.days, error: r.error, versions: r.versions };
  }
  const r = await runMonthlyJob(storage, calendar, period, settings, clock);
  return { job, period: r.month, status: r.status, patterns: r.patterns, inputs: r.days, error: r.error, versions: r.versions };
}

/** Days of the range (ended ones only), then the weeks and months that overlap it and have ended. */
export async function planRunAll(storage: Storage, calendar: Calendar, range: RunAllRange, now: number): Promise<RunAllPlan> {
  const stats = await storage.events.stats();
  if ((range.from === undefined || range.to === undefined) && (stats.oldest === null || stats.newest === null)) {
    throw new RunAllRangeError('there are no raw events stored: import some first, or give --from and --to');
  }
  const from = range.from !== undefined ? calendar.day(range.from) : calendar.periodOf('day', stats.oldest!);
  let to = range.to !== undefined ? calendar.day(range.to) : calendar.periodOf('day', stats.newest!);
  if (from.start > to.start) throw new RunAllRangeError(`--from ${from.key} is after --to ${to.key}`);
  // a day still going on is left for its own run after it ends
  while (to.end > now && to.start >= from.start) to = calendar.shift(to, -1);
  if (to.start < from.start) return { days: [], weeks: [], months: [] };
  const overlapping = (kind: 'week' | 'month') => {
    const keys: string[] = [];
    for (let p = calendar.periodOf(kind, from.start); p.start < to.end && p.end <= now; p = calendar.shift(p, 1)) keys.push(p.key);
    return keys;
  };
  return { days: calendar.daysBetween(from.key, to.key), weeks: overlapping('week'), months: overlapping('month') };
}

/** Runs a plan in order, each period after checking it can run; reports each period as it ends. */
export async function runAll(storage: Storage, calendar: Calendar, plan: RunAllPlan, settings: DetectorSettings, onProgress?: (p: RunAllProgress) => void, clock: () => number = Date.now): Promise<PeriodRun[]> {
  const steps: [PeriodJob, string][] = [...plan.days.map((d) => ['daily', d] as [PeriodJob, string]), ...plan.weeks.map((w) => ['weekly', w] as [PeriodJob, string]), ...plan.months.map((m) => ['monthly', m] as [PeriodJob, string])];
  const kinds = { daily: 'day', weekly: 'week', monthly: 'month' } as const;
  const runs: PeriodRun[] = [];
  for (const [job, period] of steps) {
    let run: PeriodRun;
    try {
      await checkRunnable(storage, calendar, calendar.period(kinds[job], period), clock(), settings);
      run = await runPeriod(storage, calendar, job, period, settings, clock);
    } catch (e) {
      const skipped = e instanceof NotRunnableError;
      run = { job, period, status: skipped ? 'skipped' : 'failed', patterns: [], inputs: 0, error: (e as Error).message };
    }
    runs.push(run);
    onProgress?.({ done: runs.length, all: steps.length, run });
  }
  return runs;
}
