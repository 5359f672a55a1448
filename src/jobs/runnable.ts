/**
 * Whether a period can be run by hand (CLI `run`, `run all`, the API's "run now"): it must have
 * ended, and its inputs must be there — whatever its age, since imported history is old but whole.
 * A re-run replaces the period's outputs, so running it on fewer inputs than its last run had
 * would destroy what it found: the inputs are counted and compared with that run's counts. The
 * scheduler's own catch-up (due.ts) picks periods by the same idea.
 */
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from '../detectors/settings.js';
import type { Storage } from '../storage/types.js';
import type { Calendar, Period } from '../time/calendar.js';
import { ReadReport } from '../detectors/registry.js';
import { monthInputs } from './monthly.js';
import { rawCutoff } from './retention.js';
import { weekInputs } from './weekly.js';

export class NotRunnableError extends Error {
  constructor(
    message: string,
    /** not_ended: the period is still going on; input_gone: (part of) its inputs are not stored. */
    readonly reason: 'not_ended' | 'input_gone',
  ) {
    super(message);
  }
}

const words = { day: 'day', week: 'week', month: 'month' } as const;
const jobOf = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

export async function checkRunnable(storage: Storage, calendar: Calendar, period: Period, now: number, settings: DetectorSettings = DEFAULT_DETECTOR_SETTINGS): Promise<void> {
  if (period.end > now) throw new NotRunnableError(`${words[period.kind]} ${period.key} has not ended yet in ${calendar.zone}: its job runs after it ends`, 'not_ended');
  if (period.kind === 'day') return checkDay(storage, calendar, period);
  const read = new ReadReport();
  const { days, daily } = period.kind === 'week' ? await weekInputs(storage, calendar, period, read) : await monthInputs(storage, calendar, period, settings, read);
  const have = new Set(daily.map((r) => r.period)).size;
  const last = storage.runs.lastCompleted(jobOf[period.kind], period.key);
  const had = last?.counts['days'] ?? 0;
  const layer2 = `Layer 2 keeps ${storage.retention.dailyDays} days`;
  // inputs that are stored but written by a version this one cannot read: say that, not "gone"
  if ((have === 0 || have < had) && read.leftOut > 0) {
    throw new NotRunnableError(`${have} of the ${days.length} days of ${period.key} have Layer 2 inputs this version can read: it ${read.describe()!.replace(/^read [^;]*; /, '')}`, 'input_gone');
  }
  if (last === undefined && have === 0) {
    throw new NotRunnableError(`no run of ${period.key} yet and its Layer 2 inputs are gone: no daily aggregates of its ${days.length} days (run the daily job for them first while their raw events are stored; ${layer2})`, 'input_gone');
  }
  if (have < had) {
    throw new NotRunnableError(
      `the daily aggregates of ${period.key} are past Layer 2 retention (${layer2}; ${have} of the ${had} days its last run read are left): running it again would replace its Layer 3 records with less`,
      'input_gone',
    );
  }
}

/** A day's inputs are its raw events: a quiet day inside the stored range is input too (an absence). */
async function checkDay(storage: Storage, calendar: Calendar, day: Period): Promise<void> {
  let stored = 0;
  for await (const chunk of storage.events.read({ start: day.start, end: day.end, withAttributes: false })) stored += chunk.length;
  const last = storage.runs.lastCompleted('daily', day.key);
  const had = last?.counts['events'] ?? 0;
  const cutoff = rawCutoff(storage);
  const oldest = (await storage.events.stats()).oldest;
  // retention deletes by age: a day its cutoff fell inside holds only its end
  const cutInside = cutoff !== null && day.start < cutoff && cutoff < day.end;
  const beforeStored = oldest === null || day.end <= oldest || (cutoff !== null && day.end <= cutoff);
  const layer1 = `Layer 1 keeps ${storage.retention.rawDays} days`;
  if (last !== undefined && (stored < had || (stored === 0 && beforeStored) || cutInside)) {
    throw new NotRunnableError(
      `the raw events of ${day.key} are past Layer 1 retention (${layer1}; ${stored.toLocaleString('en-US')} of the ${had.toLocaleString('en-US')} its last run read are left): running it again would replace its Layer 2 aggregates and patterns with less`,
      'input_gone',
    );
  }
  if (last !== undefined) return;
  if (cutInside) throw new NotRunnableError(`no run of ${day.key} yet and retention removed part of its raw events (${layer1}): it would run on half a day`, 'input_gone');
  if (stored === 0 && beforeStored) {
    const where = oldest === null ? 'Layer 1 holds no events' : `the oldest stored is from ${calendar.periodOf('day', oldest).key}`;
    throw new NotRunnableError(`there are no raw events of ${day.key}: ${where}`, 'input_gone');
  }
}
