/**
 * The state a day's scan hands to the next, kept in Layer 2 (`entity_state_daily`) so the next
 * daily job starts from what this one knew: which entities are on, and since when.
 */
import type { AggregateRecord } from '../storage/types.js';
import { measurement } from './measurement.js';
import type { CarriedState, DayActivity } from './activity.js';
import type { KnownEntity } from './device-words.js';
import { dayRecord } from './types.js';

export const CARRY_MEASUREMENT = 'entity_state_daily';
/** Written by the daily job after the day scan (not a detector's). */
export const CARRY_DAILY = measurement(CARRY_MEASUREMENT, 'daily', 1, { entities: 'json', count: 'number' });

/**
 * `dark` (since when unavailable or unknown) is absent from records written before it was kept;
 * the device class follows it, only when the entity has one.
 */
type Packed = [state: string | null, since: number | null, seen: number, domain: string, area: string | null, device: string | null, name: string, dark?: number | null, deviceClass?: string];

export function carryRecord(activity: DayActivity): AggregateRecord {
  const entities: Record<string, Packed> = {};
  for (const [id, c] of activity.carryOut) {
    const packed: Packed = [c.state, c.since, c.seen, c.info.domain, c.info.areaId, c.info.deviceId, c.info.name, c.dark ?? null];
    if (c.info.deviceClass !== undefined) packed.push(c.info.deviceClass);
    entities[id] = packed;
  }
  return dayRecord(activity, CARRY_MEASUREMENT, {}, { entities: JSON.stringify(entities), count: activity.carryOut.size });
}

export function carriedFromRecord(record: AggregateRecord): Map<string, CarriedState> {
  const packed = JSON.parse(CARRY_DAILY.decode(record).entities) as Record<string, Packed>;
  const out = new Map<string, CarriedState>();
  for (const [entityId, [state, since, seen, domain, areaId, deviceId, name, dark, deviceClass]] of Object.entries(packed)) {
    const info = { entityId, domain, areaId, deviceId, name };
    out.set(entityId, { state, since, seen, dark: typeof dark === 'number' ? dark : null, info: typeof deviceClass === 'string' ? { ...info, deviceClass } : info });
  }
  return out;
}

/** What a day's carry record knows of each entity a person reads about: its name and device class. */
export function knownFromRecord(record: AggregateRecord): Map<string, KnownEntity> {
  const out = new Map<string, KnownEntity>();
  for (const [entityId, { info }] of carriedFromRecord(record)) out.set(entityId, { name: info.name, deviceClass: info.deviceClass ?? null });
  return out;
}
