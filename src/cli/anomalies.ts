/** `homerhythm anomalies [--since -14d] [--json]`: the recent anomalies, newest day first, each saying why. */
import { describeAnomaly, recentAnomalies } from '../detectors/describe.js';
import type { EntityLookup } from '../detectors/device-words.js';
import { metadataOf } from '../detectors/metadata.js';
import type { Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { UsageError } from './context.js';

/** Anomalies are few (a handful a week): reading them all to rank them is cheap. */
const READ_AT_MOST = 100_000;

/** The first day of `--since`: `-14d` (days before today) or a day `2026-10-01`. */
export function sinceDay(since: string, calendar: Calendar, now: number): string {
  const relative = /^-(\d{1,4})d$/.exec(since);
  if (relative !== null) return calendar.shift(calendar.periodOf('day', now), -Number(relative[1])).key;
  if (/^\d{4}-\d{2}-\d{2}$/.test(since)) return calendar.day(since).key;
  throw new UsageError(`--since ${since}: use -14d (days ago) or a day like 2026-10-01`);
}

export function listAnomalies(storage: Storage, calendar: Calendar, opts: { since: string; now: number; limit: number; json: boolean }, known?: EntityLookup): string {
  const from = sinceDay(opts.since, calendar, opts.now);
  const rows = recentAnomalies(storage.patterns.list({ patternType: 'anomaly', limit: READ_AT_MOST }), from).slice(0, opts.limit);
  const sentence = (p: (typeof rows)[number]) => describeAnomaly(p.device_id, metadataOf(p, 'anomaly'), known);
  if (opts.json) return JSON.stringify(rows.map((p) => ({ ...p, description: sentence(p) })), null, 2);
  if (rows.length === 0) return `no anomalies since ${from}`;
  return rows
    .map((p) => {
      const { day, surprise } = metadataOf(p, 'anomaly');
      return `${day}  ${Number(surprise).toFixed(1).padStart(5)}  ${sentence(p)}`;
    })
    .join('\n');
}
