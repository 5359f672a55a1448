/**
 * Whether a period can be run by hand (CLI `run`, the API's "run now"): it must have ended, and
 * its input must still be whole — a re-run replaces the period's outputs, so running it on less
 * input than it had would destroy what it found. The scheduler's own catch-up (due.ts) applies
 * the same rules when it picks periods.
 */
import type { Storage } from '../storage/types.js';
import type { Calendar, Period } from '../time/calendar.js';
import { DAY_MS } from './group-a.js';
import { rawCutoff } from './retention.js';

export class NotRunnableError extends Error {
  constructor(
    message: string,
    /** not_ended: the period is still going on; input_gone: retention removed (part of) its input. */
    readonly reason: 'not_ended' | 'input_gone',
  ) {
    super(message);
  }
}

const words = { day: 'day', week: 'week', month: 'month' } as const;

export async function checkRunnable(storage: Storage, calendar: Calendar, period: Period, now: number): Promise<void> {
  if (period.end > now) throw new NotRunnableError(`${words[period.kind]} ${period.key} has not ended yet in ${calendar.zone}: its job runs after it ends`, 'not_ended');
  if (period.kind === 'day') {
    const cutoff = rawCutoff(storage);
    const newest = await storage.events.newestTime();
    const oldest = (await storage.events.stats()).oldest;
    const cut = cutoff !== null && period.start < cutoff;
    if (!cut && oldest !== null && period.end <= oldest && storage.runs.lastCompleted('daily', period.key) === undefined) {
      throw new NotRunnableError(`there are no raw events of ${period.key}: the oldest stored is from ${calendar.periodOf('day', oldest).key}`, 'input_gone');
    }
    const gone = cut || (oldest !== null && period.end <= oldest);
    if (gone || (newest === null && storage.runs.lastCompleted('daily', period.key) !== undefined)) {
      throw new NotRunnableError(
        `the raw events of ${period.key} are past Layer 1 retention (${storage.retention.rawDays} days): running it again would replace its Layer 2 aggregates and patterns with less`,
        'input_gone',
      );
    }
    return;
  }
  if (period.start < now - storage.retention.dailyDays * DAY_MS) {
    throw new NotRunnableError(
      `the daily aggregates of ${period.key} are past Layer 2 retention (${storage.retention.dailyDays} days): running it again would replace its Layer 3 records with less`,
      'input_gone',
    );
  }
}
