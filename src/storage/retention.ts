/** Retention by age over the storage contract: one function for every backend. */
import type { AggregateBucket, RetentionPolicy, RetentionResult, Storage } from './types.js';
import { BUCKETS } from './types.js';

const DAY = 86_400_000;

/** How many days a Layer 2 or Layer 3 bucket keeps. */
export function retentionDaysOf(policy: RetentionPolicy): (bucket: AggregateBucket) => number {
  return (bucket) => (bucket === BUCKETS.daily ? policy.dailyDays : policy.weeklyWeeks * 7);
}

/** Deletes what each layer keeps no longer at `now`: raw events, daily and weekly aggregates, patterns unseen (when they expire). */
export async function enforceRetention(storage: Pick<Storage, 'events' | 'aggregates' | 'patterns' | 'retention'>, now: number): Promise<RetentionResult> {
  const r = storage.retention;
  const raw = await storage.events.deleteBefore(now - r.rawDays * DAY);
  const daily = await storage.aggregates.deleteBefore(BUCKETS.daily, now - r.dailyDays * DAY);
  const weekly = await storage.aggregates.deleteBefore(BUCKETS.weekly, now - r.weeklyWeeks * 7 * DAY);
  const patterns = r.patternDays === null ? 0 : storage.patterns.deleteNotSeenSince(now - r.patternDays * DAY);
  return { raw, daily, weekly, patterns };
}
