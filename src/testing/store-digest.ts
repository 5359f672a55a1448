/**
 * A store's content as comparable digests, per layer: what "the same results" means in the
 * backup and crash tests. Pattern timestamps of our own making (id, created_at, updated_at) are
 * left out unless `exact`, so a store rebuilt by re-running jobs compares equal to the original.
 */
import { createHash } from 'node:crypto';
import { createApp } from '../api/app.js';
import type { Config } from '../config.js';
import type { Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { BUCKETS } from '../storage/types.js';

export interface StoreDigest {
  readonly events: string;
  readonly daily: string;
  readonly weekly: string;
  readonly patterns: string;
  readonly counts: { events: number; daily: number; weekly: number; patterns: number };
}

const hash = (lines: readonly string[]) => createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);

export async function storeDigest(storage: Storage, options: { exact?: boolean; eventsFrom?: number } = {}): Promise<StoreDigest> {
  const events: string[] = [];
  for await (const chunk of storage.events.read({ start: options.eventsFrom ?? 0, end: Number.MAX_SAFE_INTEGER })) for (const e of chunk) events.push(JSON.stringify(e));
  const daily = (await storage.aggregates.query({ bucket: BUCKETS.daily })).map((r) => JSON.stringify(r));
  const weekly = (await storage.aggregates.query({ bucket: BUCKETS.weekly })).map((r) => JSON.stringify(r));
  const patterns = storage.patterns
    .list({ limit: 1_000_000 })
    .map((p) => {
      const { id, created_at, updated_at, ...rest } = p;
      return JSON.stringify(options.exact === true ? { id, created_at, updated_at, ...rest } : rest);
    })
    .sort();
  return {
    events: hash(events),
    daily: hash(daily),
    weekly: hash(weekly),
    patterns: hash(patterns),
    counts: { events: events.length, daily: daily.length, weekly: weekly.length, patterns: patterns.length },
  };
}

/** The data-api's answers to the queries a dashboard asks, over `storage`, at a fixed clock. */
export async function apiAnswers(storage: Storage, config: Config, calendar: Calendar, now: number): Promise<Record<string, unknown>> {
  const app = createApp({ storage, config, calendar: () => calendar, clock: () => now, remoteAddress: () => '127.0.0.1' });
  const out: Record<string, unknown> = {};
  for (const path of API_QUERIES) {
    const res = await app.request(path);
    out[path] = { status: res.status, body: (await res.json()) as unknown };
  }
  return out;
}

export const API_QUERIES = [
  '/api/v1/events?start=-30d&end=now&limit=10000',
  '/api/v1/aggregates/daily?measurement=time_based_daily&start=-30d',
  '/api/v1/aggregates/daily?measurement=duration_daily&start=-30d&every=1d&fn=mean',
  '/api/v1/aggregates/union?daily=day_type_daily&daily_start=-7d&weekly=day_type_weekly&weekly_start=-4w&every=1w&fn=mean',
  '/api/v1/patterns?limit=500',
  '/api/v1/jobs?limit=100',
  '/api/patterns/list',
  '/api/patterns/stats',
];
