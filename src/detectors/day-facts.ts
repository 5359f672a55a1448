/**
 * The day's neutral facts, written by the day scan for every reader (not one detector's):
 * per entity, its activations in the day and by local hour (`activity_daily`). Co-occurrence
 * and sequence read the counts as each entity's activations; anomaly and contextual read the
 * hours. Before version 2 of `anomaly_daily` these facts were that measurement's `count` and
 * `hours`: its upgrade (anomaly/facts.ts) turns such records into these.
 *
 * Version 2 adds who caused them: `causes`, the activations by cause (`person`, `automation`,
 * `system`) and local hour, and `automations`, those an automation's run caused by its entity
 * (automation-runs.ts). A version 1 record, written before causes were kept, has neither and is
 * read as it is: its activations count, their causes are unknown (causes.ts leaves them out of
 * the shares).
 */
import type { EventCause } from '../events/model.js';
import type { AggregateRecord } from '../storage/types.js';
import type { DayActivity } from './activity.js';
import { measurement } from './measurement.js';
import { dayRecord } from './types.js';

export const ACTIVITY_DAILY = measurement('activity_daily', 'daily', 2, { count: 'number', hours: 'json', causes: 'json?', automations: 'json?' }, { formerly: ['anomaly_daily'] });

/** A day's activations of one entity by cause, each as 24 counts by local hour (causes with none left out). */
export type CauseHours = Partial<Record<EventCause, number[]>>;

/** One record per entity known that day (also with no activation: the day counts as observed). */
export function summarizeDayFacts(activity: DayActivity): AggregateRecord[] {
  const perEntity = new Map<string, { count: number; hours: number[]; causes: CauseHours; automations: Record<string, number> }>();
  for (const id of activity.entities.keys()) perEntity.set(id, { count: 0, hours: new Array<number>(24).fill(0), causes: {}, automations: {} });
  for (const a of activity.activations) {
    if (!a.inDay) continue;
    const d = perEntity.get(a.entityId);
    if (d === undefined) continue;
    const hour = activity.calendar.hourOf(a.time);
    d.count++;
    d.hours[hour]!++;
    if (a.cause !== undefined) (d.causes[a.cause] ??= new Array<number>(24).fill(0))[hour]!++;
    if (a.automation !== undefined) d.automations[a.automation] = (d.automations[a.automation] ?? 0) + 1;
  }
  return [...perEntity.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([entityId, d]) =>
      dayRecord(activity, ACTIVITY_DAILY.name, { entity_id: entityId, area_id: activity.entities.get(entityId)?.areaId ?? null }, { count: d.count, hours: JSON.stringify(d.hours), causes: JSON.stringify(d.causes), automations: JSON.stringify(d.automations) }),
    );
}

/**
 * Each entity's activations over the records of `days` (a window's: the anomaly detector's
 * look-back brings these facts from days before it, which are not the window's).
 */
export function activationTotals(records: readonly AggregateRecord[], days: readonly string[]): Map<string, number> {
  const totals = new Map<string, number>();
  const inWindow = new Set(days);
  for (const r of records) {
    const id = r.tags['entity_id'];
    if (id === undefined || !inWindow.has(r.period)) continue;
    totals.set(id, (totals.get(id) ?? 0) + ACTIVITY_DAILY.decode(r).count);
  }
  return totals;
}

/** Each entity's activations by local hour over the records. */
export function hourTotals(records: readonly AggregateRecord[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of records) {
    const id = r.tags['entity_id'];
    if (id === undefined) continue;
    let h = out.get(id);
    if (h === undefined) out.set(id, (h = new Array<number>(24).fill(0)));
    hoursOf(r).forEach((n, i) => (h[i]! += n));
  }
  return out;
}

/** A record's 24 hourly counts; throws on another shape. */
export function hoursOf(r: AggregateRecord): number[] {
  const hours = JSON.parse(ACTIVITY_DAILY.decode(r).hours) as unknown;
  if (!Array.isArray(hours) || hours.length !== 24 || !hours.every((n) => typeof n === 'number')) throw new Error(`activity_daily ${r.period}: hours should be 24 numbers`);
  return hours as number[];
}
