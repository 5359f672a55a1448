/** Retention as a recorded run; its cutoff is kept so catch-up knows which days are still whole. */
import type { RetentionResult, Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { DAY_MS } from './group-a.js';

export async function runRetention(storage: Storage, calendar: Calendar, now: number, clock: () => number = Date.now): Promise<RetentionResult> {
  const runId = storage.runs.start('retention', calendar.periodOf('day', now).key, clock());
  try {
    const removed = await storage.enforceRetention(now);
    storage.runs.finish(runId, 'success', { ...removed, raw_cutoff: now - storage.retention.rawDays * DAY_MS }, clock());
    return removed;
  } catch (e) {
    storage.runs.fail(runId, (e as Error).message, clock());
    throw e;
  }
}

/** Raw events before this time may be gone: the cutoff of the last retention run (null: never ran). */
export function rawCutoff(storage: Storage): number | null {
  const last = storage.runs.list({ job: 'retention', status: 'success', limit: 1 })[0];
  return last?.counts['raw_cutoff'] ?? null;
}
