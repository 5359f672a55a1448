/**
 * The seed's migration: from a store that kept 30+ days of raw events (the old daily
 * reprocessing) to the layers. Backfill Layer 2 day by day and Layer 3 week by week from the raw
 * events still present, and Layer 3 month by month from Layer 2 (resumable: completed runs are
 * skipped), verify that Layer 2 gives the
 * patterns the raw events give, and only then lower raw events to the configured retention.
 */
import { ReadReport } from '../detectors/registry.js';
import type { DetectorSettings } from '../detectors/settings.js';
import type { PatternUpsert, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { runDailyJob } from './daily.js';
import { deriveGroupA, groupALookback, windowFrom } from './group-a.js';
import { recompute } from './recompute.js';
import { runRetention } from './retention.js';
import { endedPeriods } from './due.js';
import { runMonthlyJob } from './monthly.js';
import { runWeeklyJob } from './weekly.js';

export interface MigrateProgress {
  readonly step: 'daily' | 'weekly' | 'monthly' | 'verify' | 'retention';
  readonly done: number;
  readonly all: number;
}

export interface MigrateResult {
  readonly days: number;
  readonly weeks: number;
  readonly months: number;
  readonly verified: { readonly days: number; readonly patterns: number; readonly equal: boolean };
  readonly removedRawEvents: number;
}

export class MigrationError extends Error {}

const identity = (p: PatternUpsert) => JSON.stringify([p.patternType, p.deviceId, p.key, p.confidence, p.occurrences, p.metadata]);

export async function migrate(storage: Storage, calendar: Calendar, settings: DetectorSettings, now: number, onProgress?: (p: MigrateProgress) => void): Promise<MigrateResult> {
  const stats = await storage.events.stats();
  if (stats.oldest === null || stats.newest === null) throw new MigrationError('there are no raw events to migrate');
  const yesterday = calendar.shift(calendar.periodOf('day', now), -1);
  const first = calendar.periodOf('day', stats.oldest);
  if (first.start > yesterday.start) throw new MigrationError('the raw events hold no completed day yet');
  // 1. Layer 2, oldest day first; periods done in an interrupted migration are not redone.
  const days = calendar.daysBetween(first.key, yesterday.key);
  await backfill(storage, 'daily', days, (day) => runDailyJob(storage, calendar, day, settings), onProgress);
  // 2. Layer 3, every ISO week that has ended, then every month (Group C reads Layer 2 and earlier months only).
  const weeks = endedPeriods(calendar, 'week', first.start, now);
  await backfill(storage, 'weekly', weeks, (week) => runWeeklyJob(storage, calendar, week, settings), onProgress);
  const months = endedPeriods(calendar, 'month', first.start, now);
  await backfill(storage, 'monthly', months, (month) => runMonthlyJob(storage, calendar, month, settings), onProgress);
  // 3. Verify: the patterns of the last window of days, from Layer 2 and from the raw events in one
  // pass. The pass covers every migrated day, so each day's summary (an anomaly's 28-day baseline)
  // has the same history behind it as the daily job had.
  const n = Math.min(settings.windowDays, days.length);
  const raw = await recompute(storage, calendar, yesterday.key, days.length, settings, (done, all) => onProgress?.({ step: 'verify', done, all }));
  const windowSettings = { ...settings, windowDays: n };
  // both read the anomaly look-back before the window, as the daily job does
  const firstInWindow = days[days.length - n]!;
  const fromRaw = deriveGroupA(windowFrom(raw.records, calendar, firstInWindow, windowSettings), windowSettings).patterns;
  const stored = new ReadReport().read(await storage.aggregates.query({ bucket: BUCKETS.daily, start: calendar.shift(calendar.day(firstInWindow), -groupALookback(settings).days).start, end: yesterday.end }));
  const fromLayer2 = deriveGroupA(windowFrom(stored, calendar, firstInWindow, windowSettings), windowSettings).patterns;
  const a = new Set(fromLayer2.map(identity));
  const equal = a.size === fromRaw.length && fromRaw.every((p) => a.has(identity(p)));
  if (!equal) {
    const b = new Set(fromRaw.map(identity));
    const differ = [...fromRaw.filter((p) => !a.has(identity(p))), ...fromLayer2.filter((p) => !b.has(identity(p)))].map((p) => `${p.patternType} ${p.deviceId} ${p.key}`);
    throw new MigrationError(`verification failed: Layer 2 gives ${fromLayer2.length} patterns for ${n} days, the raw events ${fromRaw.length} (differing: ${[...new Set(differ)].slice(0, 5).join(', ')}); raw events were kept`);
  }
  // 4. Only now lower raw events to the configured retention.
  const removed = await runRetention(storage, calendar, now);
  onProgress?.({ step: 'retention', done: 1, all: 1 });
  return { days: days.length, weeks: weeks.length, months: months.length, verified: { days: n, patterns: fromRaw.length, equal }, removedRawEvents: removed.raw };
}

/** Runs a job for each period without a completed run, oldest first, reporting progress. */
async function backfill(storage: Storage, step: 'daily' | 'weekly' | 'monthly', periods: readonly string[], run: (period: string) => Promise<unknown>, onProgress?: (p: MigrateProgress) => void): Promise<void> {
  const todo = periods.filter((p) => storage.runs.lastCompleted(step, p) === undefined);
  for (const [i, period] of todo.entries()) {
    await run(period);
    onProgress?.({ step, done: i + 1, all: todo.length });
  }
}
