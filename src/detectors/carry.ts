/**
 * The state a day's scan hands to the next, kept in Layer 2 (`entity_state_daily`) so the next
 * daily job starts from what this one knew: which entities are on, and since when.
 */
import type { AggregateRecord } from '../storage/types.js';
import { measurement } from './measurement.js';
import type { CarriedState, DayActivity } from './activity.js';
import { dayRecord } from './types.js';

export const CARRY_MEASUREMENT = 'entity_state_daily';
/** Written by the daily job after the day scan (not a detector's). */
export const CARRY_DAILY = measurement(CARRY_MEASUREMENT, 'daily', 1, { entities: 'json', count: 'number' });

/** `dark` (since when unavailable or unknown) is absent from records written before it was kept. */
type Packed = [state: string | null, since: number | null, seen: number, domain: string, area: string | null, device: string | null, name: string, dark?: number | null];

export function carryRecord(activity: DayActivity): AggregateRecord {
  const entities: Record<string, Packed> = {};
  for (const [id, c] of activity.carryOut) entities[id] = [c.state, c.since, c.seen, c.info.domain, c.info.areaId, c.info.deviceId, c.info.name, c.dark ?? null];
  return dayRecord(activity, CARRY_MEASUREMENT, {}, { entities: JSON.stringify(entities), count: activity.carryOut.size });
}

export function carriedFromRecord(record: AggregateRecord): Map<string, CarriedState> {
  const packed = JSON.parse(CARRY_DAILY.decode(record).entities) as Record<string, Packed>;
  const out = new Map<string, CarriedState>();
  for (const [entityId, [state, since, seen, domain, areaId, deviceId, name, dark]] of Object.entries(packed)) {
    out.set(entityId, { state, since, seen, dark: dark ?? null, info: { entityId, domain, areaId, deviceId, name } });
  }
  return out;
}
