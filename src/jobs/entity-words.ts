/**
 * What the sentences people read need to know of each entity: its friendly name and device class,
 * as the daily job last knew them. The daily job (and the full recompute) already keeps them per
 * entity in the day's carry record (`entity_state_daily`, Layer 2), so a request reads one record,
 * that of the newest day a job finished, and never raw events.
 *
 * An entity the newest carry does not hold (silent for more than CARRY_MS, or a home whose import
 * had no attributes) is said by its entity id, in its domain's words.
 */
import { CARRY_MEASUREMENT, knownFromRecord } from '../detectors/carry.js';
import type { EntityLookup, KnownEntity } from '../detectors/device-words.js';
import { BUCKETS, type JobRun, type Storage } from '../storage/types.js';

/** Enough runs to find the newest day among a catch-up's weekly and monthly runs. */
const RUNS_LOOKED_AT = 200;

/** The newest local day whose carry record a finished job wrote, or null when none did. */
export function newestCarriedDay(runs: readonly JobRun[]): string | null {
  let newest: string | null = null;
  for (const r of runs) {
    if (r.status !== 'success' && r.status !== 'partial') continue;
    // a recompute's period is "first..last"
    const day = r.job === 'daily' ? r.period : r.job === 'recompute' ? (/\.\.(.+)$/.exec(r.period)?.[1] ?? null) : null;
    if (day !== null && (newest === null || day > newest)) newest = day;
  }
  return newest;
}

/** Every entity the newest carry record holds, with its name and device class. */
export async function carriedEntities(storage: Storage): Promise<ReadonlyMap<string, KnownEntity>> {
  const day = newestCarriedDay(storage.runs.list({ limit: RUNS_LOOKED_AT }));
  if (day === null) return new Map();
  const [record] = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: [CARRY_MEASUREMENT], periods: [day] });
  return record === undefined ? new Map() : knownFromRecord(record);
}

export async function entityWords(storage: Storage): Promise<EntityLookup> {
  const known = await carriedEntities(storage);
  return (entityId) => known.get(entityId);
}
