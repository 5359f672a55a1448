/** `homerhythm run daily` and `homerhythm recompute`: the jobs, from a terminal. */
import type { Config } from '../config.js';
import { DEFAULT_TIME_ZONE, detectorSettingsOf } from '../config.js';
import { runDailyJob, type DailyResult } from '../jobs/daily.js';
import { deriveGroupA, windowOf } from '../jobs/group-a.js';
import { recompute, storeRecompute } from '../jobs/recompute.js';
import { type MonthlyResult, runMonthlyJob } from '../jobs/monthly.js';
import { checkRunnable, NotRunnableError } from '../jobs/runnable.js';
import { runWeeklyJob, type WeeklyResult } from '../jobs/weekly.js';
import { type PeriodRun, planRunAll, runAll, type RunAllRange, RunAllRangeError } from '../jobs/run-all.js';
import type { PatternUpsert, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import { Calendar } from '../time/calendar.js';
import { UsageError } from './context.js';
import { terminalProgress } from './progress.js';

export function homeCalendar(config: Config, storage: Storage): Calendar {
  return new Calendar(config.time_zone ?? storage.home.get().timeZone ?? DEFAULT_TIME_ZONE);
}


export function byType(patterns: readonly PatternUpsert[]): string {
  const counts = new Map<string, number>();
  for (const p of patterns) counts.set(p.patternType, (counts.get(p.patternType) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
}

/** The local days to run: one date, a range, or (default) yesterday in the home's zone. */
export function daysToRun(calendar: Calendar, opts: { date?: string; from?: string; to?: string }, now = Date.now()): string[] {
  if (opts.date !== undefined && (opts.from !== undefined || opts.to !== undefined)) throw new UsageError('give --date, or --from/--to, not both');
  if (opts.date !== undefined) return [calendar.day(opts.date).key];
  const yesterday = calendar.shift(calendar.periodOf('day', now), -1).key;
  if (opts.from === undefined && opts.to === undefined) return [yesterday];
  const from = calendar.day(opts.from ?? opts.to!).key;
  const to = calendar.day(opts.to ?? yesterday).key;
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return calendar.daysBetween(from, to);
}

/** Runs a job for each period in turn, printing one line per run. */
async function runPrinting<R>(periods: readonly string[], run: (period: string) => Promise<R>, line: (result: R) => string, print: (s: string) => void): Promise<R[]> {
  const results: R[] = [];
  for (const period of periods) {
    const r = await run(period);
    results.push(r);
    print(line(r));
  }
  return results;
}

const failure = (error: string | null) => (error ? ` — ${error}` : '');
/** Inputs written by an older version: read through their decoders, or left out — said either way. */
const versions = (note: string | null | undefined) => (note ? ` (${note})` : '');

export async function runDaily(config: Config, storage: Storage, days: readonly string[], print: (s: string) => void): Promise<DailyResult[]> {
  const calendar = homeCalendar(config, storage);
  const settings = detectorSettingsOf(config);
  return runPrinting(days, (day) => runDailyJob(storage, calendar, day, settings), (r) => `daily ${r.day}: ${r.status}, ${r.events.toLocaleString('en-US')} events, ${r.records} records, patterns: ${byType(r.patterns)}${versions(r.versions)}${failure(r.error)}`, print);
}

export async function runRecompute(config: Config, storage: Storage, opts: { days: number; end?: string; dryRun: boolean; compare: boolean }, print: (s: string) => void): Promise<number> {
  const calendar = homeCalendar(config, storage);
  const settings = { ...detectorSettingsOf(config), windowDays: opts.days };
  const end = opts.end ?? calendar.shift(calendar.periodOf('day', Date.now()), -1).key;
  const progress = terminalProgress('recomputing');
  const started = Date.now();
  const result = await recompute(storage, calendar, end, opts.days, settings, (done, all) => progress.update(done / all, `(${done} of ${all} days)`));
  progress.done();
  print(`recomputed ${result.days[0]}..${end} from ${result.events.toLocaleString('en-US')} raw events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.records.length} daily records, patterns: ${byType(result.patterns)}`);
  if (result.error !== null) print(`detector errors: ${result.error}`);
  let code = 0;
  if (opts.compare) {
    const start = calendar.day(result.days[0]!).start;
    const stored = await storage.aggregates.query({ bucket: BUCKETS.daily, start, end: calendar.day(end).end });
    const incremental = deriveGroupA(windowOf(stored, calendar), settings).patterns;
    const key = (p: PatternUpsert) => JSON.stringify([p.patternType, p.deviceId, p.key, p.confidence, p.occurrences, p.metadata]);
    const a = new Set(incremental.map(key));
    const b = new Set(result.patterns.map(key));
    const onlyIncremental = [...a].filter((k) => !b.has(k));
    const onlyFull = [...b].filter((k) => !a.has(k));
    if (onlyIncremental.length === 0 && onlyFull.length === 0) print(`compare: Layer 2 (${stored.length} records) gives the same ${a.size} patterns`);
    else {
      print(`compare: ${onlyIncremental.length} patterns only from Layer 2, ${onlyFull.length} only from raw events (days without a daily run, re-run with other data, or anomaly baselines: a daily job sees up to 28 days before these ${opts.days}, the recompute none)`);
      code = 4;
    }
  }
  if (!opts.dryRun) {
    await storeRecompute(storage, result, settings);
    print('stored: Layer 2 replaced for those days, patterns upserted into Layer 4');
  }
  return code;
}

/** The ISO week to run: the given one, or the last week that has ended. */
export function weeksToRun(calendar: Calendar, opts: { week?: string }, now = Date.now()): string[] {
  if (opts.week !== undefined) return [calendar.week(opts.week).key];
  return [calendar.shift(calendar.periodOf('week', now), -1).key];
}

export async function runWeekly(config: Config, storage: Storage, weeks: readonly string[], print: (s: string) => void): Promise<WeeklyResult[]> {
  const calendar = homeCalendar(config, storage);
  const settings = detectorSettingsOf(config);
  return runPrinting(weeks, (week) => runWeeklyJob(storage, calendar, week, settings), (r) => `weekly ${r.week}: ${r.status}, ${r.records} records, patterns: ${byType(r.patterns)}${versions(r.versions)}${failure(r.error)}`, print);
}

/** The month to run: the given one, or the last month that has ended. */
export function monthsToRun(calendar: Calendar, opts: { month?: string }, now = Date.now()): string[] {
  if (opts.month !== undefined) return [calendar.month(opts.month).key];
  return [calendar.shift(calendar.periodOf('month', now), -1).key];
}

export async function runMonthly(config: Config, storage: Storage, months: readonly string[], print: (s: string) => void): Promise<MonthlyResult[]> {
  const calendar = homeCalendar(config, storage);
  const settings = detectorSettingsOf(config);
  const thin = (days: number) => (days < settings.contextual.minDays ? ` (only ${days} days of Layer 2: contexts need ${settings.contextual.minDays})` : '');
  return runPrinting(months, (month) => runMonthlyJob(storage, calendar, month, settings), (r) => `monthly ${r.month}: ${r.status}, ${r.days} days of Layer 2, ${r.records} records, patterns: ${byType(r.patterns)}${thin(r.days)}${versions(r.versions)}${failure(r.error)}`, print);
}

/** `run all`: days, then weeks, then months of a range (default: the stored raw events), one line per period. */
export async function runAllPrinting(config: Config, storage: Storage, range: RunAllRange, print: (s: string) => void, now = Date.now()): Promise<PeriodRun[]> {
  const calendar = homeCalendar(config, storage);
  const settings = detectorSettingsOf(config);
  let plan;
  try {
    plan = await planRunAll(storage, calendar, range, now);
  } catch (e) {
    if (e instanceof RunAllRangeError) throw new UsageError(e.message);
    throw e;
  }
  const { days, weeks, months } = plan;
  if (days.length + weeks.length + months.length === 0) throw new UsageError('nothing to run: no day of the range has ended yet');
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  print(`running ${n(days.length, 'day')} (${days[0] ?? '-'} to ${days.at(-1) ?? '-'}), then ${n(weeks.length, 'week')} and ${n(months.length, 'month')} (ISO weeks and months that have ended) in ${calendar.zone}`);
  const width = String(days.length + weeks.length + months.length).length;
  const inputs = (r: PeriodRun) => (r.job === 'daily' ? `${r.inputs.toLocaleString('en-US')} events` : `${n(r.inputs, 'day')} of Layer 2`);
  const runs = await runAll(storage, calendar, plan, settings, ({ done, all, run: r }) => {
    const what = r.status === 'skipped' ? `skipped: ${r.error}` : r.status === 'failed' ? `failed: ${r.error}` : `${r.status}, ${inputs(r)}, patterns: ${byType(r.patterns)}${versions(r.versions)}${failure(r.error)}`;
    print(`[${String(done).padStart(width)}/${all}] ${r.job} ${r.period}: ${what}`);
  });
  const by = (status: PeriodRun['status']) => runs.filter((r) => r.status === status).length;
  print(`done: ${by('success')} succeeded, ${by('partial')} partial, ${by('skipped')} skipped, ${by('failed')} failed; Layer 4 holds ${storage.patterns.stats().records.toLocaleString('en-US')} patterns (homerhythm patterns lists them)`);
  return runs;
}

/** Refuses, before anything runs, periods that have not ended or whose input retention removed. */
export async function ensureRunnable(config: Config, storage: Storage, calendar: Calendar, kind: 'day' | 'week' | 'month', keys: readonly string[], now = Date.now()): Promise<void> {
  for (const key of keys) {
    try {
      await checkRunnable(storage, calendar, calendar.period(kind, key), now, detectorSettingsOf(config));
    } catch (e) {
      if (e instanceof NotRunnableError) throw new UsageError(`${e.message}; nothing was run`);
      throw e;
    }
  }
}
