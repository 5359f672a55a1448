/**
 * The measurements of Layers 2 and 3 (PRODUCT §3) and where each lives. A query for a name not
 * listed here is a 400 (a typo should not look like an empty home); a listed measurement no job
 * has written yet is a 200 with no rows.
 */
import { measurementNames } from '../detectors/registry.js';
import { BUCKETS, type AggregateBucket } from '../storage/types.js';
import type { PeriodKind } from '../time/calendar.js';
import { badRequest } from './errors.js';

export const AGGREGATE_KINDS = ['daily', 'weekly', 'monthly'] as const;
export type AggregateKind = (typeof AGGREGATE_KINDS)[number];

/** What the writers declare (detectors/registry.ts): PRODUCT §3's names and the rest the jobs write. */
export const DAILY_MEASUREMENTS: readonly string[] = measurementNames('daily');
export const WEEKLY_MEASUREMENTS: readonly string[] = measurementNames('weekly');
export const MONTHLY_MEASUREMENTS: readonly string[] = measurementNames('monthly');

/** Where each kind is stored, and the calendar period of its records. */
export const KIND: Readonly<Record<AggregateKind, { bucket: AggregateBucket; period: PeriodKind; example: string }>> = {
  daily: { bucket: BUCKETS.daily, period: 'day', example: '2026-11-24' },
  weekly: { bucket: BUCKETS.weekly, period: 'week', example: '2026-W48' },
  monthly: { bucket: BUCKETS.weekly, period: 'month', example: '2026-11' },
};

export function kindOfMeasurement(name: string): AggregateKind | null {
  if (DAILY_MEASUREMENTS.includes(name)) return 'daily';
  if (WEEKLY_MEASUREMENTS.includes(name)) return 'weekly';
  if (MONTHLY_MEASUREMENTS.includes(name)) return 'monthly';
  return null;
}

/** The known measurements of a kind. */
export function measurementsOf(kind: AggregateKind): readonly string[] {
  return kind === 'daily' ? DAILY_MEASUREMENTS : kind === 'weekly' ? WEEKLY_MEASUREMENTS : MONTHLY_MEASUREMENTS;
}

/** Splits a comma-separated `measurement` parameter and checks each name belongs to the kind. */
export function checkMeasurements(kind: AggregateKind, param: string, name = 'measurement'): string[] {
  const names = param.split(',').map((s) => s.trim());
  for (const m of names) {
    const actual = kindOfMeasurement(m);
    const shown = JSON.stringify(m.length > 80 ? `${m.slice(0, 80)}…` : m);
    if (actual === null) {
      throw badRequest(`${name}: unknown measurement ${shown}; known ${kind} measurements: ${measurementsOf(kind).join(', ')}`);
    }
    if (actual !== kind) throw badRequest(`${name}: ${m} is a ${actual} measurement: ask /api/v1/aggregates/${actual}`);
  }
  return [...new Set(names)];
}
